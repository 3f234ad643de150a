"""Error pages for people and JSON errors for the API."""

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _

blueprint = Blueprint("errors", __name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/")


@blueprint.app_errorhandler(403)
def forbidden(error):
    if _wants_json():
        return jsonify(error="forbidden"), 403
    return render_template(
        "errors/error.html", code=403, message=_("Your role does not allow this page. Ask an admin if you need it.")
    ), 403


@blueprint.app_errorhandler(404)
def not_found(error):
    if _wants_json():
        return jsonify(error="not found"), 404
    return render_template("errors/error.html", code=404, message=_("This page does not exist.")), 404


@blueprint.app_errorhandler(405)
def method_not_allowed(error):
    if _wants_json():
        return jsonify(error="method not allowed"), 405
    return render_template("errors/error.html", code=405, message=_("This action is not allowed here.")), 405


@blueprint.app_errorhandler(413)
def too_large(error):
    if _wants_json():
        return jsonify(error="the request body is too large"), 413
    return render_template("errors/error.html", code=413, message=_("What you sent is too large.")), 413


@blueprint.app_errorhandler(400)
def bad_request(error):
    if _wants_json():
        return jsonify(error=getattr(error, "description", "bad request")), 400
    return render_template(
        "errors/error.html", code=400, message=getattr(error, "description", None) or _("Bad request.")
    ), 400


@blueprint.app_errorhandler(409)
def conflict(error):
    """What cannot be done in the current state (e.g. exporting a chart of a period without answers)."""
    if _wants_json():
        return jsonify(error=getattr(error, "description", "conflict")), 409
    return render_template("errors/error.html", code=409, message=getattr(error, "description", None)), 409


@blueprint.app_errorhandler(500)
def server_error(error):
    if _wants_json():
        return jsonify(error="internal error; nothing was stored"), 500
    return render_template("errors/error.html", code=500, message=_("Something went wrong on our side.")), 500
