"""Survey pages for customers: one-time link, questionnaire, thank-you. No login."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from ..answers import AnswerError, LinkError, open_survey, submit_answer
from ..clock import utcnow
from .extensions import db_session
from .forms import survey_form_class
from .survey_texts import FACE_NAMES, TEXTS

blueprint = Blueprint("survey", __name__)


def _lang(default: str) -> str:
    chosen = request.values.get("lang")
    return chosen if chosen in TEXTS else (default if default in TEXTS else "id")


def _link_error(kind: str, lang: str):
    status = {"unknown": 404, "expired": 410, "answered": 409}[kind]
    return render_template("survey/link_error.html", kind=kind, t=TEXTS[lang], lang=lang), status


@blueprint.route("/s/<token>", methods=["GET", "POST"])
def questionnaire(token: str):
    now = utcnow()
    with db_session() as session:
        try:
            survey = open_survey(session, token, now, record_open=request.method == "GET")
        except LinkError as exc:
            return _link_error(exc.kind, _lang(exc.invitation.locale if exc.invitation else "id"))
        lang = _lang(survey.invitation.locale)
        form = survey_form_class(survey.questions, lang)()
        page = dict(survey=survey, form=form, t=TEXTS[lang], lang=lang, faces=FACE_NAMES[lang],
                    title=survey.questionnaire.title.get(lang, ""), intro=survey.questionnaire.intro.get(lang, ""))
        if request.method == "GET" or not form.validate_on_submit():
            return render_template("survey/form.html", **page), 200 if request.method == "GET" else 422
    answers = {q.key: getattr(form, q.key).data for q in survey.questions}
    try:
        with db_session() as session:
            submit_answer(session, token, answers, utcnow(), locale=lang)
    except LinkError as exc:
        return _link_error(exc.kind, lang)
    except IntegrityError:  # a concurrent submit of the same link won
        return _link_error("answered", lang)
    except AnswerError as exc:
        for key, reason in exc.errors.items():
            getattr(form, key).errors = [reason]
        return render_template("survey/form.html", **page), 422
    return redirect(url_for("survey.thanks", token=token, lang=lang))


@blueprint.get("/s/<token>/thanks")
def thanks(token: str):
    lang = _lang("id")
    with db_session() as session:
        try:
            open_survey(session, token, utcnow(), record_open=False)
        except LinkError as exc:
            if exc.kind == "answered":
                return render_template("survey/thanks.html", t=TEXTS[lang], lang=lang)
            return _link_error(exc.kind, lang)
    return redirect(url_for("survey.questionnaire", token=token, lang=lang))
