"""The invitations outbox page for marketers: what went out, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from feedback_app.common.clock import utcnow
from feedback_app.delivery.channels import channels_for
from feedback_app.delivery.outbox import OutboxLimits
from feedback_app.delivery.outbox_listing import OutboxFilters, RetryRefused, invitations_page, retry_now
from feedback_app.delivery.send_now import SendRefused, send_now
from feedback_app.triggers.funnel import REASON_LABELS
from feedback_app.web.audit import audit
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, db_session, engine
from feedback_app.web.i18n import translate
from feedback_app.web.redirects import local_target
from feedback_app.web.trigger_forms import CHANNEL_NAMES

blueprint = Blueprint("invitations", __name__)


@blueprint.get("/invitations")
@roles_required("marketer")
def index():
    filters = OutboxFilters.from_args(request.args)
    now, settings = utcnow(), app_settings()
    with db_session() as session:
        page = invitations_page(session, filters, now)
    return render_template(
        "invitations/index.html",
        outbox=page.outbox,
        filters=filters,
        choices=page.choices,
        form=FlaskForm(),
        now=now,
        # Without SMTP the mail only goes to the server's log: staff see the survey link here instead.
        link_base=None if settings.smtp_host else settings.base_url.rstrip("/"),
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
    return _back_to_outbox()


@blueprint.post("/invitations/<int:invitation_id>/send")
@roles_required("marketer")
def send(invitation_id: int):
    """Send a scheduled invitation at once (its delay and the customer's quiet hours do not hold it)."""
    if not FlaskForm().validate_on_submit():
        flash(_("The form expired; reload the page and try again."), "error")
        return _back_to_outbox()
    settings = app_settings()
    try:
        result = send_now(
            engine(),
            invitation_id,
            channels_for(settings),
            settings.base_url,
            utcnow(),
            OutboxLimits.from_settings(settings),
        )
    except SendRefused as exc:
        flash(_("Invitation %(id)d: %(problem)s.", id=invitation_id, problem=translate(exc)), "error")
        return _back_to_outbox()
    with db_session() as session:  # a person chose to skip the delay and the quiet hours: say who
        audit(session, "invitation_sent_now", f"invitation {invitation_id}", sent=bool(result.sent))
    flash(*_sent_message(invitation_id, result))
    return _back_to_outbox()


def _sent_message(invitation_id: int, result) -> tuple[str, str]:
    if result.sent:
        return _("Invitation %(id)d was sent.", id=invitation_id), "info"
    if result.expired or result.suppressed:
        return _(
            "Invitation %(id)d was not sent: its link expired or the customer opted out.", id=invitation_id
        ), "error"
    problem = (result.errors or ["?"])[0]
    return _(
        "Invitation %(id)d could not be sent (%(error)s); the scheduler tries again.", id=invitation_id, error=problem
    ), "error"


def _back_to_outbox():
    target = local_target(request.form.get("next"), "")
    return redirect(target if target.startswith("/invitations") else url_for("invitations.index"))
