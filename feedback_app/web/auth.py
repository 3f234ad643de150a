"""Staff log in and out (Flask-Login); role checks for staff pages."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user, logout_user

from feedback_app.common.clock import utcnow
from feedback_app.staff.accounts import WRONG_CURRENT_PASSWORD, StaffError
from feedback_app.staff.login import change_own_password, log_in, log_out
from feedback_app.web.audit import audit
from feedback_app.web.extensions import db_session
from feedback_app.web.forms import LoginForm, OwnPasswordForm
from feedback_app.web.i18n import translate
from feedback_app.web.redirects import local_target

blueprint = Blueprint("auth", __name__)


def roles_required(*roles: str):
    """Logged in, and with one of these roles (admins may do everything)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role != "admin" and current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    """A locked account or address hears only how long to wait: never whether the account exists."""
    if current_user.is_authenticated:
        return redirect(url_for("maps.index"))
    form = LoginForm()
    if form.validate_on_submit():
        now = utcnow()
        with db_session() as session:
            outcome = log_in(session, form.email.data, form.password.data, client=request.remote_addr, now=now)
        if outcome.locked_until is not None:
            flash(too_many_attempts(outcome.minutes_locked(now)), "error")
            return render_template("auth/login.html", form=form), 429
        if outcome.user is None:
            flash(_("Wrong e-mail or password."), "error")
            return render_template("auth/login.html", form=form), 401
        login_user(outcome.user, remember=form.remember.data)
        return redirect(local_target(request.args.get("next", ""), url_for("maps.index")))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@blueprint.post("/logout")
@login_required
def logout():
    """Ends this user's sessions everywhere (their session version rises), then this browser's cookies."""
    with db_session() as session:
        log_out(session, current_user.id, client=request.remote_addr, now=utcnow())
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))


@blueprint.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Any staff member's own password; their other sessions end, this one stays open."""
    form = OwnPasswordForm()
    status = 200 if request.method == "GET" else 422
    if form.validate_on_submit():
        now = utcnow()
        try:
            with db_session() as session:
                outcome = change_own_password(
                    session, current_user.id, form.current.data, form.password.data, client=request.remote_addr, now=now
                )
                if outcome.user is not None:
                    audit(session, "password_changed", outcome.user.email)
        except StaffError as exc:
            getattr(form, exc.field or "password").errors.append(translate(exc))
        else:
            if outcome.user is not None:
                login_user(outcome.user)
                flash(_("Your password is changed: your other sessions are logged out."), "info")
                return redirect(url_for("maps.index"))
            if outcome.locked_until is not None:
                form.current.errors.append(too_many_attempts(outcome.minutes_locked(now)))
                status = 429
            else:
                form.current.errors.append(_(WRONG_CURRENT_PASSWORD))
    return render_template("auth/password.html", form=form), status


def too_many_attempts(minutes: int) -> str:
    return ngettext(
        "Too many attempts: try again in %(num)d minute.", "Too many attempts: try again in %(num)d minutes.", minutes
    )
