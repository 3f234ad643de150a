"""What a map's review decides: accept or dismiss a suggested opportunity, freeze a snapshot of the map."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.maps import opportunities
from feedback_app.maps.live_map import MapFilters
from feedback_app.maps.review import freeze_snapshot
from feedback_app.web.auth import roles_required
from feedback_app.web.i18n import translate
from feedback_app.web.map_editing.blueprint import blueprint, run_edit


@blueprint.post("/maps/<slug>/opportunities")
@roles_required("cx_manager")
def decide_opportunity(slug: str):
    form, now = request.form, utcnow()
    if form.get("decision") == "dismiss":
        return run_edit(
            opportunities.dismiss_opportunity,
            slug,
            form.get("stage", ""),
            form.get("theme", ""),
            now,
            done=_("Suggestion dismissed: it won't come back for this stage."),
        )
    return run_edit(
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
        filters = MapFilters.from_args(request.form)
    except ValueError as exc:
        flash(translate(exc), "error")
        return redirect(url_for("maps.review", slug=slug))
    now = utcnow()
    name = request.form.get("name", "").strip() or _("Review %(date)s", date=now.date().isoformat())
    return run_edit(
        lambda s: freeze_snapshot(s, slug, name, now, filters, current_user.email).name,
        done=_("Snapshot '{result}' frozen."),
        back=url_for("maps.review", slug=slug),
    )
