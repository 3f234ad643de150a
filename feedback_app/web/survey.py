"""Survey pages for customers: one-time link, questionnaire, thank-you. No login, and no cookie.

No CSRF token either: CSRF abuses a credential the browser sends by itself (a session cookie) and these
pages have none. The credential is the link's token, in the URL: whoever can forge the POST already
holds the token and could send it directly, so a CSRF token would add a cookie to every customer's
phone and a signature check to every answer without protecting anything. Single use is enforced where
the answer is stored (answers.store_answer claims the link). Staff pages keep CSRFProtect.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from feedback_app.common.clock import utcnow
from feedback_app.insight.theme_sets import THEME_SETS, ThemeSet, load_theme_set
from feedback_app.survey.answering import (
    AnswerError,
    LinkError,
    open_survey,
    prepare_answer,
    record_first_open,
    store_answer,
)
from feedback_app.survey.link_tickets import issue_ticket, survey_from_ticket
from feedback_app.web.extensions import csrf, db_driver, engine
from feedback_app.web.forms import survey_form_class
from feedback_app.web.survey_texts import FACE_NAMES, TEXTS, text

blueprint = Blueprint("survey", __name__)
csrf.exempt(blueprint)


def _lang(default: str) -> str:
    chosen = request.args.get("lang")
    return chosen if chosen in TEXTS else (default if default in TEXTS else "id")


def _link_error(kind: str, lang: str):
    status = {"unknown": 404, "expired": 410, "answered": 409}[kind]
    return render_template("survey/link_error.html", kind=kind, t=TEXTS[lang], lang=lang), status


@blueprint.route("/s/<token>", methods=["GET", "POST"])
def questionnaire(token: str):
    """GET shows the form (and records the first open); POST validates and scores it while only reading,
    then stores it in one short write transaction (SQLite has one write lock for every answer and event).

    The answers are validated by the domain (answers.validate_answers): the WTForms form is built only to
    show the page, or to show it again with the errors, which keeps it off the path of every answer that
    arrives complete. The page carries a signed ticket of what it read (link_tickets.py), so the POST
    need not read the link again; the claim in store_answer still decides whether it may be answered.
    """
    now = utcnow()
    secret = current_app.config["SECRET_KEY"]
    survey = survey_from_ticket(request.form.get("link"), token, secret, now) if request.method == "POST" else None
    if survey is None:  # a GET, or no usable ticket: read the link
        with db_driver(write=False) as transaction:
            try:
                survey = open_survey(transaction, token, now, record_open=False)
            except LinkError as exc:
                return _link_error(exc.kind, _lang(exc.invitation.locale if exc.invitation else "id"))
    lang = _lang(survey.invitation.locale)
    if request.method == "GET":
        if survey.invitation.opened_at is None:
            with db_driver() as transaction:
                record_first_open(transaction, survey.invitation, now)
        return _form_page(survey, survey_form_class(survey.questions, lang)(), lang)
    try:
        response = prepare_answer(survey, request.form, now, locale=lang, themes=_journey_themes(survey))
        with db_driver() as transaction:
            store_answer(transaction, response, now)
    except LinkError as exc:
        return _link_error(exc.kind, lang)
    except IntegrityError:  # a concurrent submit of the same link won
        return _link_error("answered", lang)
    except AnswerError as exc:
        form = survey_form_class(survey.questions, lang)()  # holds what the customer sent
        for key, reason in exc.errors.items():
            form[key].errors = [text(reason, lang)]
        return _form_page(survey, form, lang), 422
    # The link's token is URL-safe (secrets.token_urlsafe) and lang one of two codes: no url_for needed
    # on the path every answer takes.
    return redirect(f"{request.script_root}/s/{token}/thanks?lang={lang}")


def _journey_themes(survey) -> ThemeSet:
    """The journey's own themes, from this process's cache (read again at most every few seconds, not per answer)."""

    def read(journey_id: int) -> ThemeSet:
        with db_driver(write=False) as transaction:
            return load_theme_set(transaction, journey_id)

    return THEME_SETS.get(survey.invitation.journey_id, read, engine().url)


def _form_page(survey, form, lang: str) -> str:
    ticket = issue_ticket(survey, current_app.config["SECRET_KEY"])
    return render_template(
        "survey/form.html",
        survey=survey,
        form=form,
        t=TEXTS[lang],
        lang=lang,
        link_ticket=ticket,
        faces=FACE_NAMES[lang],
        title=survey.questionnaire.title.get(lang, ""),
        intro=survey.questionnaire.intro.get(lang, ""),
    )


@blueprint.get("/s/<token>/thanks")
def thanks(token: str):
    lang = _lang("id")
    with db_driver(write=False) as transaction:
        try:
            open_survey(transaction, token, utcnow(), record_open=False)
        except LinkError as exc:
            if exc.kind == "answered":
                return render_template("survey/thanks.html", t=TEXTS[lang], lang=lang)
            return _link_error(exc.kind, lang)
    return redirect(url_for("survey.questionnaire", token=token, lang=lang))
