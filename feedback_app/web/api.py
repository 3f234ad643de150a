"""The JSON API: touchpoint events in, journeys and the live map out."""

from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, jsonify, request
from flask_login import current_user

from feedback_app.common.bounded_input import BoundedInputError, parse_json_body
from feedback_app.common.clock import utcnow
from feedback_app.invitations.events import EventError, submit_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.maps.live_map import MapFilters, build_map
from feedback_app.models import JourneyNotFound, list_journeys
from feedback_app.staff.accounts import api_key_use_is_stale, find_api_key, record_api_key_use
from feedback_app.storage.database import ping
from feedback_app.web.extensions import app_settings, db_reader, db_session, engine

log = logging.getLogger(__name__)

blueprint = Blueprint("api", __name__)


def _error(message: str, status: int, **extra):
    return jsonify(error=message, **extra), status


def _api_key_ok() -> bool:
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        return False
    now = utcnow()
    with db_reader() as session:  # most calls only read: no queueing for SQLite's write lock
        key = find_api_key(session, presented.strip())
    if key is None:
        return False
    if api_key_use_is_stale(key, now):
        with db_session() as session:
            record_api_key_use(session, key.id, now)
    return True


def api_key_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not _api_key_ok():
            return _error("missing or invalid API key: send 'Authorization: Bearer KEY'", 401)
        return view(*args, **kwargs)

    return wrapped


def api_key_or_login(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if not (current_user.is_authenticated or _api_key_ok()):
            return _error("log in, or send 'Authorization: Bearer KEY'", 401)
        return view(*args, **kwargs)

    return wrapped


@blueprint.get("/healthz")
def healthz():
    try:
        ping(engine())
    except Exception:  # noqa: BLE001 - report, don't crash
        # The reason (host, port, driver text) goes to the log for the operator, never to the anonymous caller.
        log.exception("health check: the database does not answer")
        return jsonify(status="error"), 503
    return jsonify(status="ok")


@blueprint.post("/api/v1/events")
@api_key_required
def post_events():
    if not request.is_json:
        return _error("the body must be JSON (Content-Type: application/json)", 400)
    try:
        body = parse_json_body(request.get_data(cache=False))
    except BoundedInputError as exc:
        return _error(str(exc), 400)
    settings = RuleSettings.from_settings(app_settings())
    try:
        results, single = submit_events(db_session, body.value, utcnow(), settings, storable=body.storable)
    except EventError as exc:
        return _error(str(exc), exc.status, errors=exc.errors)
    # A replay answers exactly as the first call did; only a header tells them apart.
    replays = sum(1 for result in results if result.pop("duplicate"))
    headers = {"Idempotent-Replayed": str(replays)}
    if single:
        return jsonify(results[0]), 202, headers
    return jsonify(events=results, accepted=len(results)), 202, headers


@blueprint.get("/api/v1/journeys")
@api_key_or_login
def journeys():
    with db_reader() as session:
        return jsonify(journeys=list_journeys(session))


@blueprint.get("/api/v1/journeys/<slug>/map")
@api_key_or_login
def journey_map(slug: str):
    try:
        filters = MapFilters.from_args(request.args)
    except ValueError as exc:
        return _error(str(exc), 400)
    lang = request.args.get("lang", "en") if request.args.get("lang") in ("id", "en") else "en"
    with db_reader() as session:
        try:
            return jsonify(build_map(session, slug, filters, lang=lang))
        except JourneyNotFound:
            return _error(f"no journey '{slug}'", 404)
