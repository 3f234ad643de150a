"""Error pages for people and JSON errors for the API."""

from flask import Blueprint, jsonify, render_template, request
from flask_babel import lazy_gettext as _l

from feedback_app.models import JourneyNotFound

blueprint = Blueprint("errors", __name__)


def _answer(code: int, api_error, page_message):
    """`{"error": api_error}` for the API, else the error page with `page_message`.

    Page messages are lazy (`_l`): only the page translates them, the API's answer never picks a language.
    """
    if request.path.startswith("/api/"):
        return jsonify(error=api_error), code
    return render_template("errors/error.html", code=code, message=page_message), code


@blueprint.app_errorhandler(403)
def forbidden(error):
    return _answer(403, "forbidden", _l("Your role does not allow this page. Ask an admin if you need it."))


@blueprint.app_errorhandler(404)
def not_found(error):
    return _answer(404, "not found", _l("This page does not exist."))


@blueprint.app_errorhandler(JourneyNotFound)
def journey_not_found(error):
    """A journey slug that does not exist, wherever a page looked it up: the page is not found."""
    return not_found(error)


@blueprint.app_errorhandler(405)
def method_not_allowed(error):
    return _answer(405, "method not allowed", _l("This action is not allowed here."))


@blueprint.app_errorhandler(413)
def too_large(error):
    return _answer(413, "the request body is too large", _l("What you sent is too large."))


@blueprint.app_errorhandler(400)
def bad_request(error):
    description = getattr(error, "description", None)
    return _answer(400, getattr(error, "description", "bad request"), description or _l("Bad request."))


@blueprint.app_errorhandler(409)
def conflict(error):
    """What cannot be done in the current state (e.g. exporting a chart of a period without answers)."""
    return _answer(409, getattr(error, "description", "conflict"), getattr(error, "description", None))


@blueprint.app_errorhandler(500)
def server_error(error):
    return _answer(500, "internal error; nothing was stored", _l("Something went wrong on our side."))
