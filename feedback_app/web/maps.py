"""Journey map pages for CX managers: the list and the live map."""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from ..journey_map import MapNotFound, build_map, list_journeys
from ..models.journey import LANES
from .api import parse_map_filters
from .auth import roles_required
from .extensions import db_session

blueprint = Blueprint("maps", __name__)

LANE_TITLES = {
    "persona": "Persona", "touchpoints": "Touchpoints", "channels": "Channels", "process": "Process",
    "emotions": "Emotions (live)", "pain_points": "Pain points (live)", "internal_actors": "Internal actors",
    "internal_channels": "Internal channels", "internal_process": "Internal process",
    "internal_pain_points": "Internal pain points", "opportunities": "Opportunities",
}


@blueprint.get("/")
def home():
    if current_user.is_authenticated:
        return redirect(url_for("maps.index"))
    return redirect(url_for("auth.login"))


@blueprint.get("/maps")
@roles_required("cx_manager", "marketer")
def index():
    with db_session() as session:
        journeys = list_journeys(session)
    return render_template("maps/index.html", journeys=journeys)


@blueprint.get("/maps/<slug>")
@roles_required("cx_manager", "marketer")
def show(slug: str):
    try:
        filters = parse_map_filters(request.args)
    except ValueError as exc:
        abort(400, str(exc))
    with db_session() as session:
        try:
            journey_map = build_map(session, slug, filters)
        except MapNotFound:
            abort(404)
    return render_template("maps/show.html", map=journey_map, lanes=LANES, lane_titles=LANE_TITLES,
                           query=request.query_string.decode())
