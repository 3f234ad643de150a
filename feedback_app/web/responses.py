"""The response browser: search and filter answers, see why each got its score, export them as CSV."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import get_locale

from feedback_app.common.clock import utcnow
from feedback_app.reporting.browser_page import browser_page
from feedback_app.reporting.response_browser import ResponseQuery, export_csv
from feedback_app.web.audit import audit
from feedback_app.web.auth import roles_required
from feedback_app.web.dashboards import ROLES
from feedback_app.web.extensions import db_reader, db_session
from feedback_app.web.i18n import parsed_or_400

blueprint = Blueprint("responses", __name__)


@blueprint.get("/responses")
@roles_required(*ROLES)
def index():
    query = parsed_or_400(ResponseQuery.from_args, request.args)
    with db_reader() as session:
        page = browser_page(session, query, str(get_locale()))
    return render_template(
        "responses/index.html",
        result=page.result,
        query=query,
        filters=page.filters,
        choices=page.choices,
        theme_name=page.result["theme_name"],
    )


@blueprint.get("/responses/export.csv")
@roles_required(*ROLES)
def export():
    query = parsed_or_400(ResponseQuery.from_args, request.args)
    with db_session() as session:
        filters = {name: value[:200] for name, value in list(request.args.items())[:20] if value}
        audit(session, "answers_exported", "responses", **filters)

    def rows():
        with db_reader() as session:  # lives as long as the stream; reads never hold the write lock
            yield from export_csv(session, query)

    filename = f"answers-{utcnow().strftime('%Y%m%d-%H%M')}.csv"
    return Response(
        stream_with_context(rows()),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
