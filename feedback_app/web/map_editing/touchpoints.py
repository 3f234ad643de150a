"""Editing a map's channels and touchpoints (add, rename or move to another stage or channel, reorder, remove)."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from feedback_app.maps import touchpoints
from feedback_app.web.auth import roles_required
from feedback_app.web.map_editing.blueprint import blueprint, edit_map, named, step


@blueprint.post("/maps/<slug>/channels")
@roles_required("cx_manager")
def add_channel(slug: str):
    return edit_map(
        slug, named(touchpoints.add_channel), request.form.get("channel_name", ""), done=_("Channel '{result}' added.")
    )


@blueprint.post("/maps/<slug>/touchpoints")
@roles_required("cx_manager")
def add_touchpoint(slug: str):
    form = request.form
    return edit_map(
        slug,
        named(touchpoints.add_touchpoint),
        form.get("stage", ""),
        form.get("name", ""),
        form.get("channel", ""),
        done=_("Touchpoint '{result}' added."),
    )


@blueprint.post("/maps/<slug>/touchpoints/<key>")
@roles_required("cx_manager")
def update_touchpoint(slug: str, key: str):
    form = request.form
    return edit_map(
        slug,
        named(touchpoints.update_touchpoint),
        key,
        form.get("name", ""),
        form.get("channel", ""),
        form.get("stage") or None,
        done=_("Touchpoint '{result}' saved."),
    )


@blueprint.post("/maps/<slug>/touchpoints/<key>/move")
@roles_required("cx_manager")
def move_touchpoint(slug: str, key: str):
    return edit_map(slug, touchpoints.move_touchpoint, key, step())


@blueprint.post("/maps/<slug>/touchpoints/<key>/remove")
@roles_required("cx_manager")
def remove_touchpoint(slug: str, key: str):
    return edit_map(slug, touchpoints.remove_touchpoint, key, done=_("Touchpoint removed."))
