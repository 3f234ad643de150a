"""The map_editing blueprint and how each of its edits runs: one use case in one transaction, then a flash
message and a redirect back (or JSON for the in-place editor)."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, url_for

from feedback_app.maps.journeys import MapEditError
from feedback_app.web.audit import audit
from feedback_app.web.extensions import db_session
from feedback_app.web.i18n import translate
from feedback_app.web.redirects import local_target, same_site_referrer

blueprint = Blueprint("map_editing", __name__)


def run_edit(use_case, *args, done: str = "", back: str = ""):
    """Run one use case in a transaction; flash what happened and go back (or answer JSON)."""
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        with db_session() as session:
            result = use_case(session, *args)
            audit(session, "journey_updated", (request.view_args or {}).get("slug", ""), edit=request.endpoint)
    except MapEditError as exc:
        if wants_json:
            return jsonify(error=translate(exc), field=exc.field), 422
        flash(translate(exc), "error")
        return redirect(_back(back))
    if wants_json:
        return jsonify(ok=True, result=result if isinstance(result, (str, int, type(None))) else None)
    if done:
        flash(done.format(result=result), "info")
    return redirect(_back(back))


def _back(back: str) -> str:
    """Where an edit returns: `back` or the referring page, when either is a page of this site."""
    fallback = url_for("maps.index")
    return local_target(back, "") or same_site_referrer(request.referrer, request.host) or fallback


def edit_map(slug: str, use_case, *args, done: str = ""):
    """`use_case(session, slug, *args)` as run_edit runs it, then back to the map's edit page."""
    return run_edit(use_case, slug, *args, done=done, back=edit_page(slug))


def named(use_case):
    """The use case answering the name of what it saved (for the `{result}` of the message and the JSON)."""
    return lambda session, *args: use_case(session, *args).name


def edit_page(slug: str) -> str:
    return url_for("map_editing.edit", slug=slug)


def step() -> int:
    """Which way a move goes: -1 for left or up, else 1."""
    return -1 if request.form.get("direction") in ("left", "up") else 1
