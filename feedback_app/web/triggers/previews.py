"""What a trigger sends, before it sends it: the preview of its e-mail in both languages, a test e-mail to
oneself, and the public preview of its questionnaire that the test e-mail links to (nothing is stored)."""

from __future__ import annotations

from types import SimpleNamespace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.delivery.email import email_sender
from feedback_app.delivery.preview import (
    LANGUAGES,
    email_html,
    preview_email,
    preview_questionnaire_id,
    preview_token,
    questionnaire_with_questions,
    send_test,
)
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, db_session
from feedback_app.web.forms import survey_form_class
from feedback_app.web.survey import survey_form_page
from feedback_app.web.survey_texts import TEXTS
from feedback_app.web.trigger_forms import TestSendForm
from feedback_app.web.triggers.blueprint import blueprint, trigger_or_404


@blueprint.get("/triggers/<int:trigger_id>/preview")
@roles_required("marketer")
def preview(trigger_id: int):
    with db_session() as session:
        trigger = trigger_or_404(session, trigger_id)
        token = preview_token(app_settings().secret_key, trigger.questionnaire_id)
        subjects = {lang: _preview_message(session, trigger, lang)["Subject"] for lang in LANGUAGES}
    return render_template(
        "triggers/preview.html",
        trigger=trigger,
        token=token,
        languages=LANGUAGES,
        subjects=subjects,
        test_form=TestSendForm(),
    )


@blueprint.get("/triggers/<int:trigger_id>/preview/email/<any(id, en):lang>")
@roles_required("marketer")
def preview_email_html(trigger_id: int, lang: str):
    with db_session() as session:
        message = _preview_message(session, trigger_or_404(session, trigger_id), lang)
    return email_html(message)


def _preview_message(session, trigger, lang: str, to_address: str | None = None):
    config = app_settings()
    token = preview_token(config.secret_key, trigger.questionnaire_id)
    link = f"{config.base_url}{url_for('triggers.preview_survey', token=token, lang=lang)}"
    return preview_email(session, trigger, lang, link, to_address or current_user.email, config.mail_from, utcnow())


@blueprint.post("/triggers/<int:trigger_id>/test")
@roles_required("marketer")
def test_send(trigger_id: int):
    form = TestSendForm()
    if not form.validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    with db_session() as session:
        message = _preview_message(session, trigger_or_404(session, trigger_id), form.lang.data)
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
            _("Test e-mail sent to %(email)s.", email=current_user.email)
            if app_settings().smtp_host
            else _(
                "Test e-mail sent to %(email)s (no SMTP server is configured: it went to the log).",
                email=current_user.email,
            ),
            "info",
        )
    return redirect(request.form.get("next") or url_for("triggers.show", trigger_id=trigger_id))


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
