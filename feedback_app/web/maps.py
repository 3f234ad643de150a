"""Journey map pages: the list, the live map and the review; editing lives in map_editing/."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from feedback_app.maps.emotion_tone import FEW_ANSWERS
from feedback_app.maps.journeys import PERSONA_FIELD_NAMES as PERSONA_FIELD_TEXTS
from feedback_app.maps.live_map import MapFilters
from feedback_app.maps.map_page import map_page
from feedback_app.maps.review import review_page
from feedback_app.models import MAP_TYPES, list_journeys
from feedback_app.models.journey import INTERNAL_LANES, REVIEW_CADENCES
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader, db_session
from feedback_app.web.i18n import parsed_or_400, translate

blueprint = Blueprint("maps", __name__)
EDITOR_ROLES = ("admin", "cx_manager")

LANE_TITLES = {
    "persona": _l("Persona"),
    "touchpoints": _l("Touchpoints"),
    "channels": _l("Channels"),
    "process": _l("Process"),
    "emotions": _l("Emotions (live)"),
    "pain_points": _l("Pain points (live)"),
    "internal_actors": _l("Internal actors"),
    "internal_channels": _l("Internal channels"),
    "internal_process": _l("Internal process"),
    "internal_pain_points": _l("Internal pain points"),
    "opportunities": _l("Opportunities"),
}
MAP_TYPE_TITLES = {
    "current_state": _l("Current state"),
    "day_in_the_life": _l("Day in the life"),
    "future_state": _l("Future state"),
    "service_blueprint": _l("Service blueprint"),
}
CADENCE_NAMES = {"monthly": _l("monthly"), "quarterly": _l("quarterly")}
EMOTION_NAMES = {
    "joy": _l("joy"),
    "love": _l("love"),
    "surprise": _l("surprise"),
    "sadness": _l("sadness"),
    "anger": _l("anger"),
    "fear": _l("fear"),
    "disgust": _l("disgust"),
    "neutral": _l("neutral"),
}
TONE_NAMES = {
    "pos": _l("positive"),
    "neu": _l("neutral"),
    "mix": _l("mixed"),
    "neg": _l("negative"),
    "few": _l("too few answers"),
}
SENTIMENT_NAMES = {"positive": _l("positive"), "neutral": _l("neutral"), "negative": _l("negative")}
STATUS_NAMES = {
    "scheduled": _l("scheduled"),
    "sending": _l("sending"),
    "sent": _l("sent"),
    "answered": _l("answered"),
    "failed": _l("failed"),
    "expired": _l("expired"),
    "suppressed": _l("suppressed"),
}
PERSONA_FIELD_NAMES = {field: _l(name) for field, name in PERSONA_FIELD_TEXTS.items()}


def can_edit() -> bool:
    return current_user.is_authenticated and current_user.role in EDITOR_ROLES


@blueprint.app_context_processor
def _map_words():
    return {
        "lane_titles": LANE_TITLES,
        "map_type_titles": MAP_TYPE_TITLES,
        "map_types": MAP_TYPES,
        "review_cadences": REVIEW_CADENCES,
        "can_edit_maps": can_edit,
        "cadence_names": CADENCE_NAMES,
        "persona_field_names": PERSONA_FIELD_NAMES,
        "emotion_names": EMOTION_NAMES,
        "sentiment_names": SENTIMENT_NAMES,
        "tone_names": TONE_NAMES,
        "few_answers": FEW_ANSWERS,
        "status_names": STATUS_NAMES,
    }


@blueprint.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("maps.index"))
    return redirect(url_for("auth.login"))


@blueprint.get("/maps")
@roles_required("cx_manager", "marketer")
def index():
    with db_reader() as session:
        journeys = list_journeys(session)
    return render_template("maps/index.html", journeys=journeys)


def filters_or_400(args) -> MapFilters:
    """The map's filter parameters (from, to, persona, channel, touchpoint); a bad one answers 400 saying which."""
    return parsed_or_400(MapFilters.from_args, args)


@blueprint.get("/maps/<slug>")
@roles_required("cx_manager", "marketer")
def show(slug: str):
    filters = filters_or_400(request.args)
    with db_reader() as session:
        page = map_page(session, slug, filters, str(get_locale()), editor=can_edit())
    return render_template(
        "maps/show.html",
        map=page.journey_map,
        internal_lanes=INTERNAL_LANES,
        suggestions=page.suggestions,
        query=request.query_string.decode(),
    )


@blueprint.get("/maps/<slug>/review")
@roles_required("cx_manager", "marketer")
def review(slug: str):
    """Snapshots, the freeze form, and a side-by-side comparison of two periods or two snapshots."""
    with db_session() as session:
        page = review_page(session, slug, request.args, str(get_locale()))
    error = None if page.error is None else translate(page.error)
    return render_template(
        "maps/review.html",
        map=page.journey_map,
        snapshots=page.snapshots,
        comparison=page.comparison,
        error=error,
        args=request.args,
    ), 200 if error is None else 422
