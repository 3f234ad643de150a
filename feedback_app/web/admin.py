"""Admin pages: staff accounts (create, role and language, deactivate, password reset) and API keys.

Each view parses a form, calls one use case of feedback_app.staff, and redirects or renders. A new API
key is rendered once in the response to the POST that created it, never stored nor put in the session.
"""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user

from feedback_app.common.clock import utcnow
from feedback_app.reporting.response_browser import safe_cell
from feedback_app.staff import accounts as staff
from feedback_app.staff.audit_log import AuditFilters, audit_csv_rows, audit_page
from feedback_app.web.admin_forms import ApiKeyForm, ConfirmForm, NewUserForm, PasswordForm, UserSettingsForm
from feedback_app.web.audit import ACTION_NAMES, audit
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader, db_session
from feedback_app.web.i18n import parsed_or_400, translate

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _user_or_404(session, user_id: int):
    try:
        return staff.get_user(session, user_id)
    except LookupError:
        abort(404)


@blueprint.get("/")
@roles_required("admin")
def home():
    return redirect(url_for("admin.users"))


@blueprint.get("/users")
@roles_required("admin")
def users():
    with db_session() as session:
        rows = staff.list_users(session)
    return render_template("admin/users.html", users=rows, form=ConfirmForm())


@blueprint.route("/users/new", methods=["GET", "POST"])
@roles_required("admin")
def new_user():
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            with db_session() as session:
                user = staff.add_user(session, form.email.data, form.role.data, form.password.data, form.locale.data)
                email = user.email
                audit(session, "user_created", email, role=user.role, locale=user.locale)
        except staff.StaffError as exc:
            getattr(form, exc.field or "email").errors.append(translate(exc))
        else:
            flash(
                _("Account %(email)s created. Tell them their password in person, not by e-mail.", email=email), "info"
            )
            return redirect(url_for("admin.users"))
    return render_template("admin/new_user.html", form=form), 200 if request.method == "GET" else 422


@blueprint.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id: int):
    """Role and language; the same page offers the password reset and (de)activation. Pages render after their
    transaction: the write lock is held only while saving."""
    if request.method == "GET":
        with db_reader() as session:
            user = _user_or_404(session, user_id)
        return _edit_user_page(user, status=200)
    with db_session() as session:
        user = _user_or_404(session, user_id)
        form = UserSettingsForm(obj=user)
        saved = form.validate_on_submit() and _save_user_settings(session, user, form)
    if not saved:
        return _edit_user_page(user, form=form)
    flash(_("Saved the role and language of %(email)s.", email=user.email), "info")
    return redirect(url_for("admin.users"))


def _save_user_settings(session, user, form) -> bool:
    before = user.role
    try:
        staff.update_user(session, user.id, form.role.data, form.locale.data)
    except staff.StaffError as exc:
        form.role.errors.append(translate(exc))
        return False
    audit(session, "user_updated", user.email, role=form.role.data, role_before=before)
    return True


@blueprint.post("/users/<int:user_id>/password")
@roles_required("admin")
def reset_password(user_id: int):
    """A new password ends every session of that user (staff.sessions); the admin's own stays open."""
    form = PasswordForm()
    with db_session() as session:
        user = _user_or_404(session, user_id)
        valid = form.validate_on_submit()
        if valid:
            staff.reset_password(session, user_id, form.password.data)
            audit(session, "password_reset", user.email)
    if not valid:
        return _edit_user_page(user, password_form=form)
    if user_id == current_user.id:
        login_user(user)
    flash(_("New password set for %(email)s: their other sessions are logged out.", email=user.email), "info")
    return redirect(url_for("admin.edit_user", user_id=user_id))


def _edit_user_page(user, form=None, password_form=None, status: int = 422):
    return render_template(
        "admin/edit_user.html",
        user=user,
        form=form or UserSettingsForm(obj=user),
        password_form=password_form or PasswordForm(),
        confirm_form=ConfirmForm(),
    ), status


@blueprint.post("/users/<int:user_id>/<any(deactivate, reactivate):action>")
@roles_required("admin")
def set_active(user_id: int, action: str):
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    try:
        with db_session() as session:
            user = staff.set_active(session, user_id, action == "reactivate", current_user.id)
            email = user.email
            audit(session, f"user_{action}d", email)
    except LookupError:
        abort(404)
    except staff.StaffError as exc:
        flash(translate(exc), "error")
    else:
        flash(
            _("%(email)s can log in again.", email=email)
            if action == "reactivate"
            else _("%(email)s is deactivated and can no longer log in.", email=email),
            "info",
        )
    return redirect(
        request.form.get("next") if request.form.get("next", "").startswith("/admin/") else url_for("admin.users")
    )


@blueprint.route("/api-keys", methods=["GET", "POST"])
@roles_required("admin")
def api_keys():
    """GET: the keys. POST: a new key, shown on this response only (no-store: not even the browser keeps it)."""
    form, new_key = ApiKeyForm(), None
    if form.validate_on_submit():
        try:
            with db_session() as session:
                personal_data = bool(form.personal_data.data)
                new_key = staff.create_api_key(session, form.name.data, personal_data=personal_data)
                audit(
                    session,
                    "api_key_created",
                    form.name.data.strip(),
                    prefix=new_key.split("_")[1],
                    personal_data=personal_data,
                )
        except staff.StaffError as exc:
            form.name.errors.append(translate(exc))
    with db_session() as session:
        keys = staff.list_api_keys(session)
    status = 422 if request.method == "POST" and new_key is None else 200
    response = make_response(
        render_template(
            "admin/api_keys.html",
            keys=keys,
            form=ApiKeyForm(formdata=None) if new_key else form,
            new_key=new_key,
            new_key_name=form.name.data,
        ),
        status,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.route("/api-keys/<int:key_id>/revoke", methods=["GET", "POST"])
@roles_required("admin")
def revoke_api_key(key_id: int):
    form = ConfirmForm()
    confirmed = form.validate_on_submit()
    with db_session() if confirmed else db_reader() as session:  # the question is only read; the answer writes
        try:
            key = staff.get_api_key(session, key_id)
        except LookupError:
            abort(404)
        if confirmed:
            staff.revoke_api_key(session, key_id, utcnow())
            audit(session, "api_key_revoked", key.name, prefix=key.prefix)
    if not confirmed:
        return render_template("admin/revoke_api_key.html", key=key, form=form)
    flash(_("The key “%(name)s” is revoked: requests with it are refused from now on.", name=key.name), "info")
    return redirect(url_for("admin.api_keys"))


@blueprint.get("/audit")
@roles_required("admin")
def audit_log():
    """Staff actions, newest first, filtered; read-only (there is no route that edits or deletes an entry)."""
    filters = parsed_or_400(AuditFilters.from_args, request.args)
    with db_reader() as session:
        page = audit_page(session, filters)
    return render_template("admin/audit_log.html", page=page, filters=filters, action_names=ACTION_NAMES)


@blueprint.get("/audit.csv")
@roles_required("admin")
def audit_log_csv():
    """Every entry the filters match, as CSV; the download is itself an entry in the log."""
    filters = parsed_or_400(AuditFilters.from_args, request.args)
    with db_session() as session:
        audit(session, "audit_log_exported", **filters.as_params(page=1))

    def chunks():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"
        with db_reader() as session:  # lives as long as the stream; reads never hold the write lock
            for row in audit_csv_rows(session, filters):
                buffer.seek(0)
                buffer.truncate()
                writer.writerow([safe_cell(cell) for cell in row])
                yield buffer.getvalue()

    filename = f"audit-log-{utcnow().strftime('%Y%m%d-%H%M')}.csv"
    return Response(
        stream_with_context(chunks()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
