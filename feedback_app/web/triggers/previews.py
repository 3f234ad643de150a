"""What a trigger sends, before it sends it: the preview of its e-mail in both languages, a test e-mail to
oneself, and the public preview of its questionnaire that the test e-mail links to (nothing is stored)."""

from __future__ import annotations

from email.message import EmailMessage
from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.delivery.email import email_sender
from feedback_app.delivery.preview import (
    LANGUAGES,
    PreviewMail,
    email_html,
    preview_questionnaire_id,
    questionnaire_with_questions,
    send_test,
    trigger_email,
    trigger_preview,
)
from feedback_app.triggers.editing import TriggerNotFound
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, db_session
from feedback_app.web.forms import survey_form_class
from feedback_app.web.redirects import local_target
from feedback_app.web.survey import survey_form_page
from feedback_app.web.survey_texts import TEXTS
from feedback_app.web.trigger_forms import TestSendForm
from feedback_app.web.triggers.blueprint import blueprint


@blueprint.get("/triggers/<int:trigger_id>/preview")
@roles_required("marketer")
def preview(trigger_id: int):
    with db_session() as session:
        try:
            page = trigger_preview(session, trigger_id, _preview_mail(), utcnow())
        except TriggerNotFound:
            abort(404)
    return render_template(
        "triggers/preview.html",
        trigger=page.trigger,
        token=page.token,
        languages=LANGUAGES,
        subjects=page.subjects,
        test_form=TestSendForm(),
    )


@blueprint.get("/triggers/<int:trigger_id>/preview/email/<any(id, en):lang>")
@roles_required("marketer")
def preview_email_html(trigger_id: int, lang: str):
    return email_html(_trigger_email(trigger_id, lang))


def _trigger_email(trigger_id: int, lang: str) -> EmailMessage:
    """The trigger's e-mail in `lang`, addressed to the marketer who asks; 404 when there is no such trigger."""
    with db_session() as session:
        try:
            return trigger_email(session, trigger_id, lang, _preview_mail(), utcnow())
        except TriggerNotFound:
            abort(404)


def _preview_mail() -> PreviewMail:
    config = app_settings()
    return PreviewMail(config.secret_key, config.mail_from, current_user.email, _survey_link)


def _survey_link(token: str, lang: str) -> str:
    """The preview survey's absolute URL, which the preview e-mail links to."""
    return f"{app_settings().base_url}{url_for('triggers.preview_survey', token=token, lang=lang)}"


@blueprint.post("/triggers/<int:trigger_id>/test")
@roles_required("marketer")
def test_send(trigger_id: int):
    form = TestSendForm()
    if not form.validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    message = _trigger_email(trigger_id, form.lang.data)
    try:
        send_test(email_sender(app_settings()), message)
    except Exception as exc:  # noqa: BLE001 - tell the marketer what the mail server said
        flash(
            _(
                "The test could not be sent to %(email)s: %(error)s",
                email=current_user.email,
                error=f"{type(exc).__name__}: {exc}",
            ),
            "error",
        )
    else:
        flash(
            _(
                "Test e-mail sent to %(email)s. It links to a preview: answers given there are not stored.",
                email=current_user.email,
            )
            if app_settings().smtp_host
            else _(
                "Test e-mail sent to %(email)s (no SMTP server is configured: it went to the log). "
                "It links to a preview: answers given there are not stored.",
                email=current_user.email,
            ),
            "info",
        )
    return redirect(local_target(request.form.get("next"), url_for("triggers.show", trigger_id=trigger_id)))


@blueprint.route("/preview/<token>", methods=["GET", "POST"])
def preview_survey(token: str):
    """The real survey page for a questionnaire, from a signed preview link; nothing is stored."""
    questionnaire_id = preview_questionnaire_id(app_settings().secret_key, token)
    if questionnaire_id is None:
        abort(404)
    lang = request.values.get("lang") if request.values.get("lang") in TEXTS else "id"
    with db_session() as session:
        questionnaire, questions = questionnaire_with_questions(session, questionnaire_id)
    form = survey_form_class(questions, lang)()
    if request.method == "POST" and form.validate_on_submit():
        return render_template("survey/thanks.html", t=TEXTS[lang], lang=lang)
    flash(
        "Preview: this is what customers see. Answers sent from here are not stored."
        if lang == "en"
        else "Pratinjau: beginilah tampilan untuk pelanggan. Jawaban dari sini tidak disimpan.",
        "info",
    )
    other = "en" if lang == "id" else "id"
    survey = SimpleNamespace(invitation=SimpleNamespace(token=token), questions=questions, questionnaire=questionnaire)
    return survey_form_page(
        survey,
        form,
        lang,
        preview_action=url_for("triggers.preview_survey", token=token, lang=lang),
        preview_switch_url=url_for("triggers.preview_survey", token=token, lang=other),
    ), 200 if request.method == "GET" else 422
