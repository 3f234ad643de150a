"""Editing a journey map (CX managers and admins): each view parses a form, calls one use case, redirects.

Forms post with a CSRF token and work without JavaScript; the map's in-place cell editor posts the same
form with `Accept: application/json` and gets JSON back instead of a redirect.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.common.texts import N_
from feedback_app.maps import journeys, opportunities, stages, touchpoints
from feedback_app.maps.review import freeze_snapshot
from feedback_app.models import JourneyNotFound
from feedback_app.models.journey import AUTHORED_LANES
from feedback_app.web.api import parse_map_filters
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
from feedback_app.web.i18n import translate

blueprint = Blueprint("map_editing", __name__)


def _run(use_case, *args, done: str = "", back: str = ""):
    """Run one use case in a transaction; flash what happened and go back (or answer JSON)."""
    wants_json = request.accept_mimetypes.best == "application/json"
    try:
        with db_session() as session:
            result = use_case(session, *args)
    except JourneyNotFound:
        abort(404)
    except journeys.MapEditError as exc:
        if wants_json:
            return jsonify(error=translate(exc), field=exc.field), 422
        flash(translate(exc), "error")
        return redirect(back or request.referrer or url_for("maps.index"))
    if wants_json:
        return jsonify(ok=True, result=result if isinstance(result, (str, int, type(None))) else None)
    if done:
        flash(done.format(result=result), "info")
    return redirect(back or request.referrer or url_for("maps.index"))


def _edit_page(slug: str) -> str:
    return url_for("map_editing.edit", slug=slug)


def _step() -> int:
    return -1 if request.form.get("direction") in ("left", "up") else 1


@blueprint.post("/maps")
@roles_required("cx_manager")
def create():
    form = request.form
    try:
        with db_session() as session:
            journey = journeys.create_journey(
                session,
                form.get("name", ""),
                form.get("goal", ""),
                form.get("map_type", "current_state"),
                form.get("review_cadence", "monthly"),
                form.get("slug") or None,
            )
            slug = journey.slug
    except journeys.MapEditError as exc:
        flash(translate(exc), "error")
        return redirect(url_for("maps.index"))
    flash(_("Journey '%(name)s' created: add its stages and a persona.", name=form.get("name", "").strip()), "info")
    return redirect(_edit_page(slug))


@blueprint.get("/maps/<slug>/edit")
@roles_required("cx_manager")
def edit(slug: str):
    with db_session() as session:
        try:
            outline = touchpoints.map_outline(session, slug)
        except JourneyNotFound:
            abort(404)
    return render_template("maps/edit.html", **outline, persona_fields=journeys.PERSONA_FIELDS)


@blueprint.post("/maps/<slug>/settings")
@roles_required("cx_manager")
def settings(slug: str):
    form = request.form
    return _run(
        journeys.update_journey,
        slug,
        form.get("name", ""),
        form.get("goal", ""),
        form.get("map_type", ""),
        form.get("review_cadence", ""),
        done=_("Map settings saved."),
        back=_edit_page(slug),
    )


@blueprint.route("/maps/<slug>/delete", methods=["GET", "POST"])
@roles_required("cx_manager")
def delete(slug: str):
    if request.method == "GET":
        with db_session() as session:
            try:
                journey = journeys.get_journey(session, slug)
            except JourneyNotFound:
                abort(404)
            recorded = journeys.feedback_recorded(session, journey.id)
        return render_template("maps/confirm_delete.html", journey=journey, recorded=recorded)
    try:
        with db_session() as session:
            journeys.delete_journey(session, slug)
    except JourneyNotFound:
        abort(404)
    except journeys.MapEditError as exc:
        flash(translate(exc), "error")
        return redirect(_edit_page(slug))
    flash(_("Journey deleted."), "info")
    return redirect(url_for("maps.index"))


@blueprint.post("/maps/<slug>/personas")
@roles_required("cx_manager")
def save_persona(slug: str):
    form = request.form
    details = {field: form.get(field, "") for field in journeys.PERSONA_FIELDS}
    return _run(
        lambda s: (
            journeys.save_persona(
                s, slug, form.get("name", ""), details, form.get("description", ""), form.get("key") or None
            ).name
        ),
        done=_("Persona '{result}' saved."),
        back=_edit_page(slug),
    )


@blueprint.post("/maps/<slug>/personas/<key>/remove")
@roles_required("cx_manager")
def remove_persona(slug: str, key: str):
    return _run(journeys.remove_persona, slug, key, done=_("Persona removed."), back=_edit_page(slug))


@blueprint.post("/maps/<slug>/stages")
@roles_required("cx_manager")
def add_stage(slug: str):
    return _run(
        lambda s: stages.add_stage(s, slug, request.form.get("name", ""), request.form.get("name_id", "")).name,
        done=_("Stage '{result}' added at the end."),
        back=_edit_page(slug),
    )


@blueprint.post("/maps/<slug>/stages/<key>")
@roles_required("cx_manager")
def update_stage(slug: str, key: str):
    form = request.form

    def update(session):
        stage = stages.rename_stage(session, slug, key, form.get("name", ""), form.get("name_id", ""))
        if "target" in form:
            stages.set_target_emotion(session, slug, key, _number(form.get("target", "")))
        return stage.name

    return _run(update, done=_("Stage '{result}' saved."), back=_edit_page(slug))


@blueprint.post("/maps/<slug>/stages/<key>/move")
@roles_required("cx_manager")
def move_stage(slug: str, key: str):
    return _run(stages.move_stage, slug, key, _step(), done="", back=request.form.get("back") or _edit_page(slug))


@blueprint.route("/maps/<slug>/stages/<key>/remove", methods=["GET", "POST"])
@roles_required("cx_manager")
def remove_stage(slug: str, key: str):
    if request.method == "GET":
        try:
            with db_session() as session:
                removal = stages.stage_removal(session, slug, key)
        except (JourneyNotFound, journeys.MapEditError):
            abort(404)
        return render_template("maps/confirm_stage_removal.html", slug=slug, removal=removal)
    outcome = {"deleted": _("Stage deleted."), "hidden": _("Stage hidden: its answers are kept; restore it below.")}
    return _run(lambda s: outcome[stages.remove_stage(s, slug, key, utcnow())], done="{result}", back=_edit_page(slug))


@blueprint.post("/maps/<slug>/stages/<key>/restore")
@roles_required("cx_manager")
def restore_stage(slug: str, key: str):
    return _run(stages.restore_stage, slug, key, done=_("Stage restored at the end of the map."), back=_edit_page(slug))


@blueprint.post("/maps/<slug>/channels")
@roles_required("cx_manager")
def add_channel(slug: str):
    return _run(
        lambda s: touchpoints.add_channel(s, slug, request.form.get("channel_name", "")).name,
        done=_("Channel '{result}' added."),
        back=_edit_page(slug),
    )


@blueprint.post("/maps/<slug>/touchpoints")
@roles_required("cx_manager")
def add_touchpoint(slug: str):
    form = request.form
    return _run(
        lambda s: (
            touchpoints.add_touchpoint(
                s, slug, form.get("stage", ""), form.get("name", ""), form.get("channel", "")
            ).name
        ),
        done=_("Touchpoint '{result}' added."),
        back=_edit_page(slug),
    )


@blueprint.post("/maps/<slug>/touchpoints/<key>")
@roles_required("cx_manager")
def update_touchpoint(slug: str, key: str):
    form = request.form
    return _run(
        lambda s: (
            touchpoints.update_touchpoint(
                s, slug, key, form.get("name", ""), form.get("channel", ""), form.get("stage") or None
            ).name
        ),
        done=_("Touchpoint '{result}' saved."),
        back=_edit_page(slug),
    )


@blueprint.post("/maps/<slug>/touchpoints/<key>/move")
@roles_required("cx_manager")
def move_touchpoint(slug: str, key: str):
    return _run(touchpoints.move_touchpoint, slug, key, _step(), back=_edit_page(slug))


@blueprint.post("/maps/<slug>/touchpoints/<key>/remove")
@roles_required("cx_manager")
def remove_touchpoint(slug: str, key: str):
    return _run(touchpoints.remove_touchpoint, slug, key, done=_("Touchpoint removed."), back=_edit_page(slug))


@blueprint.route("/maps/<slug>/cells/<stage>/<lane>", methods=["GET", "POST"])
@roles_required("cx_manager")
def cell(slug: str, stage: str, lane: str):
    """GET: the no-JavaScript form for one cell; POST: save it (JSON for the in-place editor)."""
    if lane not in AUTHORED_LANES:
        abort(404)
    back = url_for("maps.show", slug=slug)
    if request.method == "POST":
        return _run(
            stages.save_cell, slug, stage, lane, request.form.get("content", ""), done=_("Cell saved."), back=back
        )
    with db_session() as session:
        try:
            journey = journeys.get_journey(session, slug)
            stage_row = stages.get_stage(session, journey.id, stage)
        except (JourneyNotFound, journeys.MapEditError):
            abort(404)
        content = stages.cell_content(session, stage_row.id, lane)
    return render_template("maps/cell_form.html", journey=journey, stage=stage_row, lane=lane, content=content)


@blueprint.post("/maps/<slug>/opportunities")
@roles_required("cx_manager")
def decide_opportunity(slug: str):
    form, now = request.form, utcnow()
    if form.get("decision") == "dismiss":
        return _run(
            opportunities.dismiss_opportunity,
            slug,
            form.get("stage", ""),
            form.get("theme", ""),
            now,
            done=_("Suggestion dismissed: it won't come back for this stage."),
        )
    return _run(
        opportunities.accept_opportunity,
        slug,
        form.get("stage", ""),
        form.get("theme", ""),
        form.get("text", ""),
        now,
        done=_("Added to the opportunities lane."),
    )


@blueprint.post("/maps/<slug>/snapshots")
@roles_required("cx_manager")
def freeze(slug: str):
    try:
        filters = parse_map_filters(request.form)
    except ValueError as exc:
        flash(translate(exc), "error")
        return redirect(url_for("maps.review", slug=slug))
    now = utcnow()
    name = request.form.get("name", "").strip() or _("Review %(date)s", date=now.date().isoformat())
    return _run(
        lambda s: freeze_snapshot(s, slug, name, now, filters, current_user.email).name,
        done=_("Snapshot '{result}' frozen."),
        back=url_for("maps.review", slug=slug),
    )


def _number(text: str):
    text = (text or "").strip().replace(",", ".").replace("−", "-")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise journeys.MapEditError(
            N_("'%(text)s' is not a number: a target is like 0.5 or -0.2."), "target", text=text
        ) from None
