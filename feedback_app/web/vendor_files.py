"""Serves the third-party scripts the pages load (the Vega bundle), from the package or the instance folder."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_file

from feedback_app.web.vendor import vega_bundle

blueprint = Blueprint("vendor", __name__)


@blueprint.get("/vendor/vega-bundle.js")
def vega():
    return send_file(vega_bundle(Path(current_app.instance_path)), mimetype="text/javascript", max_age=86400)
