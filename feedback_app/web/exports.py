"""Downloads for the monthly review: each dashboard chart and the map as PNG/SVG/PDF, and the printable map."""

from __future__ import annotations

import re

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import get_locale, gettext

from feedback_app.maps.live_map import build_map
from feedback_app.reporting.charts import dashboard_chart as find_chart
from feedback_app.reporting.charts import emotion_curve_chart, map_chart
from feedback_app.reporting.exports import MEDIA_TYPES, PdfUnavailable, chart_file, chart_svg, find_chromium, page_pdf
from feedback_app.web.auth import roles_required
from feedback_app.web.dashboards import ROLES, load_dashboard
from feedback_app.web.extensions import app_settings, db_reader
from feedback_app.web.i18n import translate
from feedback_app.web.maps import filters_or_400

blueprint = Blueprint("exports", __name__)


def _download(body: bytes, fmt: str, name: str) -> Response:
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name)
    return Response(
        body, mimetype=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{safe}.{fmt}"'}
    )


def _map(slug: str) -> dict:
    filters = filters_or_400(request.args)
    with db_reader() as session:
        return build_map(session, slug, filters, lang=str(get_locale()))


@blueprint.get("/dashboards/<slug>/charts/<name>.<fmt>")
@roles_required(*ROLES)
def dashboard_chart(slug: str, name: str, fmt: str):
    if fmt not in MEDIA_TYPES:
        abort(404)
    chart = find_chart(load_dashboard(slug), name, gettext, str(get_locale()))
    if chart is None:
        abort(404)
    if chart["spec"] is None:
        abort(409, gettext("No answers in this period: there is no chart to export."))
    return _download(chart_file(chart["spec"], fmt), fmt, f"{slug}-{name}")


@blueprint.get("/maps/<slug>/print")
@roles_required(*ROLES)
def map_print(slug: str):
    return render_print_page(_map(slug))


def render_print_page(journey_map: dict, for_pdf: bool = False) -> str:
    return render_template(
        "dashboards/map_print.html",
        map=journey_map,
        for_pdf=for_pdf,
        curve_svg=chart_svg(emotion_curve_chart(journey_map, gettext, str(get_locale()))),
        styles=(current_app.static_folder and _print_css()),
    )


def _print_css() -> str:
    with current_app.open_resource("static/print.css", "r") as css:
        return css.read()


@blueprint.get("/maps/<slug>/export.<fmt>")
@roles_required(*ROLES)
def map_file(slug: str, fmt: str):
    if fmt not in MEDIA_TYPES:
        abort(404)
    journey_map = _map(slug)
    if fmt != "pdf":
        return _download(chart_file(map_chart(journey_map, gettext, str(get_locale())), fmt), fmt, f"{slug}-map")
    try:
        pdf = page_pdf(render_print_page(journey_map, for_pdf=True), find_chromium(app_settings().chromium))
    except PdfUnavailable as exc:
        return render_template("errors/error.html", code=503, message=translate(exc)), 503
    return _download(pdf, "pdf", f"{slug}-map")
