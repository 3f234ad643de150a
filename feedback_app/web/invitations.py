"""The invitations outbox page for marketers: what went out, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from feedback_app.common.clock import utcnow
from feedback_app.delivery.outbox_listing import OutboxFilters, RetryRefused, invitations_page, retry_now
from feedback_app.triggers.funnel import REASON_LABELS
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
from feedback_app.web.i18n import translate
from feedback_app.web.redirects import local_target
from feedback_app.web.trigger_forms import CHANNEL_NAMES

blueprint = Blueprint("invitations", __name__)


@blueprint.get("/invitations")
@roles_required("marketer")
def index():
    filters = OutboxFilters.from_args(request.args)
    with db_session() as session:
        page = invitations_page(session, filters)
    return render_template(
        "invitations/index.html",
        outbox=page.outbox,
        filters=filters,
        choices=page.choices,
        form=FlaskForm(),
        now=utcnow(),
        reason_labels=REASON_LABELS,
        channel_names=CHANNEL_NAMES,
    )


@blueprint.post("/invitations/<int:invitation_id>/retry")
@roles_required("marketer")
def retry(invitation_id: int):
    form = FlaskForm()
    if not form.validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
    else:
        try:
            with db_session() as session:
                retry_now(session, invitation_id, utcnow())
            flash(_("Invitation %(id)d will be sent at the next scheduler pass.", id=invitation_id), "info")
        except RetryRefused as exc:
            flash(_("Invitation %(id)d: %(problem)s.", id=invitation_id, problem=translate(exc)), "error")
    target = local_target(request.form.get("next"), "")
    return redirect(target if target.startswith("/invitations") else url_for("invitations.index"))
