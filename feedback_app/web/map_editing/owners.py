"""Stage owners: who is alerted about low answers on each stage (e-mail, webhook, thresholds), and a test alert."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.clock import utcnow
from feedback_app.common.texts import TextError
from feedback_app.delivery.email import email_sender
from feedback_app.insight import stage_owners
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, db_reader, db_session
from feedback_app.web.i18n import translate
from feedback_app.web.map_editing.blueprint import blueprint, run_edit


def _page(slug: str, stage: str = "") -> str:
    return url_for("map_editing.owners", slug=slug) + (f"#owner-{stage}" if stage else "")


@blueprint.get("/maps/<slug>/owners")
@roles_required("cx_manager")
def owners(slug: str):
    with db_reader() as session:  # a page that only reads holds no write lock while it renders
        page = stage_owners.stage_owners(session, slug)
        return render_template("maps/owners.html", **page, thresholds=stage_owners.THRESHOLDS)


@blueprint.post("/maps/<slug>/owners/<stage>")
@roles_required("cx_manager")
def save_owner(slug: str, stage: str):
    addresses = AddressPolicy.from_setting(app_settings().webhook_allowed_hosts)
    return run_edit(
        stage_owners.save_stage_owner,
        slug,
        stage,
        request.form,
        addresses,
        done=_("Saved: who is alerted about low answers on this stage."),
        back=_page(slug, stage),
    )


@blueprint.post("/maps/<slug>/owners/<stage>/test")
@roles_required("cx_manager")
def test_alert(slug: str, stage: str):
    settings = app_settings()
    try:
        with db_session() as session:
            alert = stage_owners.send_test_alert(
                session,
                slug,
                stage,
                email_sender(settings),
                settings.mail_from,
                settings.base_url,
                utcnow(),
                settings.webhook_secret,
                AddressPolicy.from_setting(settings.webhook_allowed_hosts),
            )
    except TextError as exc:
        flash(translate(exc), "error")
        return redirect(_page(slug, stage))
    for target in alert.sent:
        flash(_("Test alert sent to %(target)s.", target=target), "info")
    for target, problem in alert.failed:
        flash(_("The test alert to %(target)s failed: %(problem)s", target=target, problem=problem), "error")
    return redirect(_page(slug, stage))
