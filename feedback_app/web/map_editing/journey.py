"""Editing a journey itself: create it, its settings, delete it, and its personas."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from feedback_app.maps import journeys, touchpoints
from feedback_app.web.audit import audit
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader, db_session
from feedback_app.web.i18n import translate
from feedback_app.web.map_editing.blueprint import blueprint, edit_map, edit_page, named


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
            audit(session, "journey_created", slug, name=journey.name)
    except journeys.MapEditError as exc:
        flash(translate(exc), "error")
        return redirect(url_for("maps.index"))
    flash(_("Journey '%(name)s' created: add its stages and a persona.", name=form.get("name", "").strip()), "info")
    return redirect(edit_page(slug))


@blueprint.get("/maps/<slug>/edit")
@roles_required("cx_manager")
def edit(slug: str):
    with db_reader() as session:
        outline = touchpoints.map_outline(session, slug)
    return render_template("maps/edit.html", **outline, persona_fields=journeys.PERSONA_DETAILS)


@blueprint.post("/maps/<slug>/settings")
@roles_required("cx_manager")
def settings(slug: str):
    form = request.form
    return edit_map(
        slug,
        journeys.update_journey,
        form.get("name", ""),
        form.get("goal", ""),
        form.get("map_type", ""),
        form.get("review_cadence", ""),
        done=_("Map settings saved."),
    )


@blueprint.route("/maps/<slug>/delete", methods=["GET", "POST"])
@roles_required("cx_manager")
def delete(slug: str):
    if request.method == "GET":
        with db_session() as session:
            deletion = journeys.journey_deletion(session, slug)
        return render_template("maps/confirm_delete.html", **deletion)
    try:
        with db_session() as session:
            journeys.delete_journey(session, slug)
            audit(session, "journey_deleted", slug)
    except journeys.MapEditError as exc:
        flash(translate(exc), "error")
        return redirect(edit_page(slug))
    flash(_("Journey deleted."), "info")
    return redirect(url_for("maps.index"))


@blueprint.post("/maps/<slug>/personas")
@roles_required("cx_manager")
def save_persona(slug: str):
    form = request.form
    details = {field: form.get(field, "") for field in journeys.PERSONA_DETAILS}
    return edit_map(
        slug,
        named(journeys.save_persona),
        form.get("name", ""),
        details,
        form.get("description", ""),
        form.get("key") or None,
        done=_("Persona '{result}' saved."),
    )


@blueprint.post("/maps/<slug>/personas/<key>/remove")
@roles_required("cx_manager")
def remove_persona(slug: str, key: str):
    return edit_map(slug, journeys.remove_persona, key, done=_("Persona removed."))
