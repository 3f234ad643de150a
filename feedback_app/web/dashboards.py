"""The CX dashboards: Altair charts of one journey within period, persona, channel and touchpoint filters."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext

from feedback_app.common.clock import utcnow
from feedback_app.models import list_journeys
from feedback_app.reporting.charts import dashboard_charts
from feedback_app.reporting.dashboards import DashboardFilters, dashboard
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader
from feedback_app.web.maps import filters_or_400

blueprint = Blueprint("dashboards", __name__)
ROLES = ("cx_manager", "marketer")  # admins pass every role check


def parse_dashboard_filters(args) -> DashboardFilters:
    """The map's filter parameters (from, to, persona, channel, touchpoint); 400 on a bad date."""
    f = filters_or_400(args)
    return DashboardFilters(f.start, f.end, f.persona, f.channel, getattr(f, "touchpoint", None))


def load_dashboard(slug: str) -> dict:
    with db_reader() as session:
        return dashboard(session, slug, parse_dashboard_filters(request.args), utcnow(), lang=str(get_locale()))


@blueprint.get("/dashboards")
@roles_required(*ROLES)
def index():
    with db_reader() as session:
        journeys = list_journeys(session)
    if len(journeys) == 1:
        return redirect(url_for("dashboards.show", slug=journeys[0]["slug"]))
    return render_template("dashboards/index.html", journeys=journeys)


@blueprint.get("/dashboards/<slug>")
@roles_required(*ROLES)
def show(slug: str):
    data = load_dashboard(slug)
    return render_template(
        "dashboards/show.html",
        data=data,
        charts=dashboard_charts(data, gettext, str(get_locale())),
        query=request.query_string.decode(),
    )
