"""Journey map pages: the list, the live map and the review; editing lives in map_editing.py."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import format_percent, get_locale, gettext as _, lazy_gettext as _l
from flask_login import current_user

from ..journey_map import MapNotFound, build_map, list_journeys
from ..journeys import MapEditError
from ..map_review import compare_periods, compare_snapshots, list_snapshots
from ..models import MAP_TYPES
from ..models.journey import INTERNAL_LANES, REVIEW_CADENCES
from ..opportunities import suggest_opportunities
from .api import parse_map_filters
from .auth import roles_required
from .extensions import db_reader, db_session

blueprint = Blueprint("maps", __name__)
EDITOR_ROLES = ("admin", "cx_manager")

LANE_TITLES = {
    "persona": _l("Persona"), "touchpoints": _l("Touchpoints"), "channels": _l("Channels"), "process": _l("Process"),
    "emotions": _l("Emotions (live)"), "pain_points": _l("Pain points (live)"), "internal_actors": _l("Internal actors"),
    "internal_channels": _l("Internal channels"), "internal_process": _l("Internal process"),
    "internal_pain_points": _l("Internal pain points"), "opportunities": _l("Opportunities"),
}
MAP_TYPE_TITLES = {"current_state": _l("Current state"), "day_in_the_life": _l("Day in the life"),
                   "future_state": _l("Future state"), "service_blueprint": _l("Service blueprint")}
CADENCE_NAMES = {"monthly": _l("monthly"), "quarterly": _l("quarterly")}
EMOTION_NAMES = {"joy": _l("joy"), "love": _l("love"), "surprise": _l("surprise"), "sadness": _l("sadness"),
                 "anger": _l("anger"), "fear": _l("fear"), "disgust": _l("disgust"), "neutral": _l("neutral")}
SENTIMENT_NAMES = {"positive": _l("positive"), "neutral": _l("neutral"), "negative": _l("negative")}
STATUS_NAMES = {"scheduled": _l("scheduled"), "sending": _l("sending"), "sent": _l("sent"), "answered": _l("answered"),
                "failed": _l("failed"), "expired": _l("expired"), "suppressed": _l("suppressed")}
PERSONA_FIELD_NAMES = {"demographics": _l("Demographics"), "psychographics": _l("Psychographics"), "goals": _l("Goals"),
                       "frustrations": _l("Frustrations"), "channels": _l("Preferred channels")}


def can_edit() -> bool:
    return current_user.is_authenticated and current_user.role in EDITOR_ROLES


@blueprint.app_context_processor
def _map_words():
    return {"lane_titles": LANE_TITLES, "map_type_titles": MAP_TYPE_TITLES, "map_types": MAP_TYPES,
            "review_cadences": REVIEW_CADENCES, "can_edit_maps": can_edit, "cadence_names": CADENCE_NAMES,
            "persona_field_names": PERSONA_FIELD_NAMES, "emotion_names": EMOTION_NAMES,
            "sentiment_names": SENTIMENT_NAMES, "status_names": STATUS_NAMES}


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


@blueprint.get("/maps/<slug>")
@roles_required("cx_manager", "marketer")
def show(slug: str):
    try:
        filters = parse_map_filters(request.args)
    except ValueError as exc:
        abort(400, str(exc))
    with db_reader() as session:
        try:
            journey_map = build_map(session, slug, filters, lang=str(get_locale()))
        except MapNotFound:
            abort(404)
        # Suggestions speak for the whole map ("34 % of negative service answers"), never for a filtered view.
        unfiltered = None if any(filters.as_dict().values()) else journey_map
        suggestions = suggest_opportunities(session, slug, unfiltered) if can_edit() else []
    _phrase_for_reader(suggestions, journey_map)
    return render_template("maps/show.html", map=journey_map, internal_lanes=INTERNAL_LANES, suggestions=suggestions,
                           query=request.query_string.decode())


def _phrase_for_reader(suggestions: list[dict], journey_map: dict) -> None:
    """Suggestions become the map's own text when accepted: phrase them in the reader's language."""
    if str(get_locale()) == "en":
        return  # the domain's own wording
    stage_names = {stage["key"]: stage.get("name_id") or stage["name"] for stage in journey_map["stages"]}
    for suggestion in suggestions:
        theme = suggestion["theme_name"][:1].upper() + suggestion["theme_name"][1:]
        stage = stage_names.get(suggestion["stage"], suggestion["stage_name"])
        suggestion["stage_name"] = stage
        suggestion["text"] = (
            _("%(theme)s: %(count)d negative %(stage)s answers", theme=theme, count=suggestion["count"],
              stage=stage.lower()) if suggestion["share"] is None else
            _("%(theme)s: %(share)s of negative %(stage)s answers", theme=theme, stage=stage.lower(),
              share=format_percent(suggestion["share"], "#,##0\u00a0%")))


@blueprint.get("/maps/<slug>/review")
@roles_required("cx_manager", "marketer")
def review(slug: str):
    """Snapshots, the freeze form, and a side-by-side comparison of two periods or two snapshots."""
    args, comparison, error = request.args, None, None
    with db_session() as session:
        try:
            journey_map = build_map(session, slug)
            snapshots = list_snapshots(session, slug)
            if args.get("compare") == "periods":
                comparison = compare_periods(session, slug, (_day(args, "a_from"), _day(args, "a_to")),
                                             (_day(args, "b_from"), _day(args, "b_to")), parse_map_filters(args))
            elif args.get("compare") == "snapshots":
                comparison = compare_snapshots(session, slug, int(args.get("before", 0)), int(args.get("after", 0)))
        except MapNotFound:
            abort(404)
        except (MapEditError, ValueError) as exc:
            error = str(exc)
    return render_template("maps/review.html", map=journey_map, snapshots=snapshots, comparison=comparison,
                           error=error, args=args), 200 if error is None else 422


def _day(args, name: str) -> date | None:
    value = args.get(name)
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValueError(f"'{name}' must be a date like 2026-03-17") from None
