"""Upload page for marketers: a CSV of touchpoint events in, a report of what was stored out."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from feedback_app.common.clock import utcnow
from feedback_app.invitations.csv_import import ImportFileError, import_events
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
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
        report = import_events(db_session, upload.stream, utcnow())
    except ImportFileError as exc:
        return render_template("imports/events.html", form=form, problem=f"{upload.filename}: {translate(exc)}"), 422
    return render_template("imports/events.html", form=form, report=report, filename=upload.filename)
