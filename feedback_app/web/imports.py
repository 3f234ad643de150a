"""Upload page for marketers: a CSV of touchpoint events in, a report of what was stored out."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from feedback_app.common.clock import utcnow
from feedback_app.invitations.csv_columns import SAMPLE_CSV, ignored_column_hints, in_file_words, missing_column_hint
from feedback_app.invitations.csv_import import ImportFileError, import_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import app_settings, db_session
from feedback_app.web.i18n import translate

blueprint = Blueprint("imports", __name__)


@blueprint.route("/events/import", methods=["GET", "POST"])
@roles_required("marketer")
def events():
    form = FlaskForm()
    if request.method == "GET":
        return render_template("imports/events.html", form=form)
    upload = request.files.get("file")
    if not form.validate_on_submit() or upload is None or not upload.filename:
        return render_template("imports/events.html", form=form, problem=_("Choose a CSV file to import.")), 422
    try:
        rules = RuleSettings.from_settings(app_settings())
        report = in_file_words(import_events(db_session, upload.stream, utcnow(), settings=rules))
    except ImportFileError as exc:
        hint = missing_column_hint(exc.text)
        problem = f"{upload.filename}: {translate(exc)}" + (f" {translate(hint)}" if hint else "")
        return render_template("imports/events.html", form=form, problem=problem), 422
    hints = [translate(hint) for hint in ignored_column_hints(report)]
    return render_template("imports/events.html", form=form, report=report, filename=upload.filename, hints=hints)


@blueprint.get("/events/import/sample.csv")
@roles_required("marketer")
def sample():
    """A small CSV with every column, to start from."""
    return Response(
        SAMPLE_CSV,
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="events-sample.csv"'},
    )
