"""Staff log in and out (Flask-Login); role checks for staff pages."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from feedback_app.staff.accounts import authenticate
from feedback_app.web.extensions import db_session
from feedback_app.web.forms import LoginForm
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
    if current_user.is_authenticated:
        return redirect(url_for("maps.index"))
    form = LoginForm()
    if form.validate_on_submit():
        with db_session() as session:
            user = authenticate(session, form.email.data, form.password.data)
        if user is None:
            flash(_("Wrong e-mail or password."), "error")
            return render_template("auth/login.html", form=form), 401
        login_user(user, remember=form.remember.data)
        return redirect(local_target(request.args.get("next", ""), url_for("maps.index")))
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 422


@blueprint.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
