"""The response browser: search and filter answers, see why each got its score, export them as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import get_locale

from feedback_app.common.clock import utcnow
from feedback_app.common.texts import in_language
from feedback_app.models import JourneyNotFound
from feedback_app.reporting.dashboards import JourneyParts
from feedback_app.reporting.response_browser import ResponseQuery, browse, export_csv
from feedback_app.web.auth import roles_required
from feedback_app.web.dashboards import ROLES
from feedback_app.web.extensions import db_reader, engine
from feedback_app.web.i18n import translate

blueprint = Blueprint("responses", __name__)


def _query() -> ResponseQuery:
    try:
        return ResponseQuery.from_args(request.args)
    except ValueError as exc:
        abort(400, translate(exc))


@blueprint.get("/responses")
@roles_required(*ROLES)
def index():
    query, lang = _query(), str(get_locale())
    with db_reader() as session:
        result = browse(session, query, lang)
        choices = _choices(session, query.journey, lang)
    filters = {
        "from": query.start.isoformat() if query.start else "",
        "to": query.end.isoformat() if query.end else "",
        "persona": query.persona or "",
        "channel": query.channel or "",
        "touchpoint": query.touchpoint or "",
    }
    return render_template(
        "responses/index.html",
        result=result,
        query=query,
        filters=filters,
        choices=choices,
        theme_name=result["theme_name"],
    )


def _choices(session, slug: str | None, lang: str) -> dict:
    """Filter options of the chosen journey (or of the only one); none when several and none is chosen."""
    from feedback_app.models import list_journeys

    journeys = [(j["slug"], j["name"]) for j in list_journeys(session)]
    if not slug and len(journeys) == 1:  # one journey: its stages, personas, … are the only choices anyway
        slug = journeys[0][0]
    try:
        parts = JourneyParts.load(session, slug) if slug else None
    except JourneyNotFound:
        parts = None
    return {
        "journeys": journeys,
        "stages": [(s.key, in_language(s.name, s.name_id, lang)) for s in parts.stages] if parts else [],
        "personas": [(p.key, p.name) for p in parts.personas] if parts else [],
        "channels": [(c.key, c.name) for c in parts.channels] if parts else [],
        "touchpoints": [(t.key, t.name) for t in parts.touchpoints] if parts else [],
    }


@blueprint.get("/responses/export.csv")
@roles_required(*ROLES)
def export():
    query = _query()

    def rows():
        from feedback_app.storage.database import read_scope

        with read_scope(engine()) as session:  # lives as long as the stream; reads never hold the write lock
            yield from export_csv(session, query)

    filename = f"answers-{utcnow().strftime('%Y%m%d-%H%M')}.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
