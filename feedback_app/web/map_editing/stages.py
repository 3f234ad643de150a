"""Editing a map's stages (add, rename and target, move, remove or hide, restore) and the cells of its lanes."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from feedback_app.common.clock import utcnow
from feedback_app.maps import journeys, stages
from feedback_app.models import JourneyNotFound
from feedback_app.models.journey import AUTHORED_LANES
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
from feedback_app.web.map_editing.blueprint import blueprint, edit_map, edit_page, named, run_edit, step
from feedback_app.web.redirects import local_target


@blueprint.post("/maps/<slug>/stages")
@roles_required("cx_manager")
def add_stage(slug: str):
    return edit_map(
        slug,
        named(stages.add_stage),
        request.form.get("name", ""),
        request.form.get("name_id", ""),
        done=_("Stage '{result}' added at the end."),
    )


@blueprint.post("/maps/<slug>/stages/<key>")
@roles_required("cx_manager")
def update_stage(slug: str, key: str):
    form = request.form
    return edit_map(
        slug,
        named(stages.update_stage),
        key,
        form.get("name", ""),
        form.get("name_id", ""),
        form.get("target"),
        done=_("Stage '{result}' saved."),
    )


@blueprint.post("/maps/<slug>/stages/<key>/move")
@roles_required("cx_manager")
def move_stage(slug: str, key: str):
    return run_edit(
        stages.move_stage, slug, key, step(), done="", back=local_target(request.form.get("back"), edit_page(slug))
    )


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
    return run_edit(
        lambda s: outcome[stages.remove_stage(s, slug, key, utcnow())], done="{result}", back=edit_page(slug)
    )


@blueprint.post("/maps/<slug>/stages/<key>/restore")
@roles_required("cx_manager")
def restore_stage(slug: str, key: str):
    return edit_map(slug, stages.restore_stage, key, done=_("Stage restored at the end of the map."))


@blueprint.route("/maps/<slug>/cells/<stage>/<lane>", methods=["GET", "POST"])
@roles_required("cx_manager")
def cell(slug: str, stage: str, lane: str):
    """GET: the no-JavaScript form for one cell; POST: save it (JSON for the in-place editor)."""
    if lane not in AUTHORED_LANES:
        abort(404)
    back = url_for("maps.show", slug=slug)
    if request.method == "POST":
        return run_edit(
            stages.save_cell, slug, stage, lane, request.form.get("content", ""), done=_("Cell saved."), back=back
        )
    with db_session() as session:
        try:
            cell_form = stages.cell_to_edit(session, slug, stage, lane)
        except (JourneyNotFound, journeys.MapEditError):
            abort(404)
    return render_template("maps/cell_form.html", lane=lane, **cell_form)
