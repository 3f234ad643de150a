"""Survey pages for customers: one-time link, questionnaire, thank-you. No login, and no cookie.

No CSRF token either: CSRF abuses a credential the browser sends by itself (a session cookie) and these
pages have none. The credential is the link's token, in the URL: whoever can forge the POST already
holds the token and could send it directly, so a CSRF token would add a cookie to every customer's
phone and a signature check to every answer without protecting anything. Single use is enforced where
the answer is stored (survey.links.claim_link claims the link). Staff pages keep CSRFProtect.

A POST is one call to survey.answering.answer_survey, which validates and scores while only reading, then writes
in one short transaction (SQLite has one write lock for every answer and event). The page carries a signed ticket
of what it read (survey/link_tickets.py), so the POST need not read the link again.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from feedback_app.common.clock import utcnow
from feedback_app.survey.answering import AnswerError, answer_survey
from feedback_app.survey.link_tickets import issue_ticket
from feedback_app.survey.links import LinkError, OpenSurvey, open_survey, record_first_open, survey_language
from feedback_app.web.extensions import csrf, db_driver, engine
from feedback_app.web.forms import survey_form_class
from feedback_app.web.survey_texts import FACE_NAMES, TEXTS, text

blueprint = Blueprint("survey", __name__)
csrf.exempt(blueprint)


def _lang(default: str) -> str:
    return survey_language(request.args.get("lang"), default)


def _link_error(kind: str, lang: str, kept_answers: list[str] | None = None) -> ResponseReturnValue:
    """Why a link cannot be answered. An unknown link names no customer, so its page speaks both languages."""
    status = {"unknown": 404, "expired": 410, "answered": 409}[kind]
    other = "en" if lang == "id" else "id"
    return render_template(
        "survey/link_error.html",
        kind=kind,
        t=TEXTS[lang],
        lang=lang,
        kept_answers=kept_answers,
        other_lang=other,
        other_t=TEXTS[other] if kind == "unknown" else None,
    ), status


def _unanswerable(error: LinkError) -> ResponseReturnValue:
    """Why the link cannot be answered, in its invitation's language when it was read; a POST's words are shown
    back (a link that expired while the customer wrote must not lose what they wrote)."""
    lang = _lang(error.invitation.locale if error.invitation else "id")
    kept = _written_answers() if request.method == "POST" and error.kind == "expired" else None
    return _link_error(error.kind, lang, kept)


def _written_answers() -> list[str]:
    """The free texts of a posted answer: every field but the link ticket and the ratings (digits)."""
    return [
        value.strip()
        for key, value in request.form.items()
        if key != "link" and value.strip() and not value.strip().isdigit()
    ][:5]


@blueprint.route("/s/<token>", methods=["GET", "POST"])
def questionnaire(token: str) -> ResponseReturnValue:
    """GET shows the form (and records the first open); POST answers it."""
    return _answer(token) if request.method == "POST" else _show(token)


def _show(token: str) -> ResponseReturnValue:
    now = utcnow()
    with db_driver(write=False) as transaction:
        try:
            survey = open_survey(transaction, token, now, record_open=False)
        except LinkError as exc:
            return _unanswerable(exc)
    if survey.invitation.opened_at is None:
        with db_driver() as transaction:
            record_first_open(transaction, survey.invitation, now)
    lang = _lang(survey.invitation.locale)
    return _form_page(survey, survey_form_class(survey.questions, lang)(), lang)


def _answer(token: str) -> ResponseReturnValue:
    """Answer the survey and show how it went: thanks, the form again with its errors, or why the link cannot be
    answered. WTForms only shows the errors (the domain validates): it stays off the path of every complete answer."""
    try:
        answer = answer_survey(
            engine(),
            token,
            request.form,
            utcnow(),
            ticket=request.form.get("link"),
            secret=current_app.config["SECRET_KEY"],
            lang=request.args.get("lang"),
        )
    except LinkError as exc:
        return _unanswerable(exc)
    except AnswerError as exc:
        lang = _lang(exc.survey.invitation.locale)
        form = survey_form_class(exc.survey.questions, lang)()  # holds what the customer sent
        for key, reason in exc.errors.items():
            form[key].errors = [text(reason, lang)]
        return _form_page(exc.survey, form, lang), 422
    # The link's token is URL-safe (secrets.token_urlsafe) and the answer's locale one of two codes: no url_for
    # needed on the path every answer takes.
    return redirect(f"{request.script_root}/s/{token}/thanks?lang={answer.locale}")


def _form_page(survey: OpenSurvey, form, lang: str) -> str:
    return survey_form_page(survey, form, lang, link_ticket=issue_ticket(survey, current_app.config["SECRET_KEY"]))


def survey_form_page(survey, form, lang: str, **extra) -> str:
    """The questionnaire page in `lang`; the customer's carries its link ticket, the marketer's preview its links."""
    return render_template(
        "survey/form.html",
        survey=survey,
        form=form,
        t=TEXTS[lang],
        lang=lang,
        faces=FACE_NAMES[lang],
        title=survey.questionnaire.title.get(lang, ""),
        intro=survey.questionnaire.intro.get(lang, ""),
        **extra,
    )


@blueprint.get("/s/<token>/thanks")
def thanks(token: str) -> ResponseReturnValue:
    """The thank-you page once the link is answered; before that, back to the questionnaire."""
    lang = _lang("id")
    with db_driver(write=False) as transaction:
        try:
            open_survey(transaction, token, utcnow(), record_open=False)
        except LinkError as exc:
            if exc.kind == "answered":
                return render_template("survey/thanks.html", t=TEXTS[lang], lang=lang)
            return _link_error(exc.kind, lang)
    return redirect(url_for("survey.questionnaire", token=token, lang=lang))
