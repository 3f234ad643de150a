"""A journey's own themes (CX managers and admins edit; marketers read): the list, the candidate themes that
recurring answers suggest, and the scorer's built-in taxonomy for reference."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from feedback_app.common.clock import utcnow
from feedback_app.insight import rescoring
from feedback_app.maps import journey_themes
from feedback_app.maps.journeys import MapEditError
from feedback_app.models.journey import in_language
from feedback_app.web.audit import audit
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_reader, db_session
from feedback_app.web.i18n import translate
from feedback_app.web.maps import can_edit

blueprint = Blueprint("themes", __name__)
CANDIDATE_DAYS = 90
DRAFT_FIELDS = ("label_en", "label_id", "terms", "polarity", "key")


@blueprint.get("/maps/<slug>/themes")
@roles_required("cx_manager", "marketer")
def index(slug: str):
    lang = str(get_locale())
    with db_reader() as session:
        page = journey_themes.themes_page(session, slug, utcnow() - timedelta(days=CANDIDATE_DAYS), lang)
    draft = {name: request.args.get(name, "") for name in DRAFT_FIELDS}
    draft["polarity"] = draft["polarity"] or "-1"
    return render_template(
        "themes/index.html",
        **vars(page),
        journey_name=in_language(page.journey, "name", lang),
        candidate_days=CANDIDATE_DAYS,
        draft=draft,
        editable=can_edit(),
        lang=lang,
    )


@blueprint.post("/maps/<slug>/themes")
@roles_required("cx_manager")
def save(slug: str):
    key = request.form.get("original_key") or None
    try:
        with db_session() as session:
            theme = journey_themes.save_theme(session, slug, request.form, utcnow(), key=key)
            audit(session, "journey_updated", slug, edit=request.endpoint, theme=theme.key)
            name = theme.label_id if str(get_locale()) == "id" else theme.label_en
    except MapEditError as exc:
        flash(translate(exc), "error")
        # a refused new theme comes back filled in as it was sent, scrolled to its form
        draft = {} if key else {name: request.form.get(name, "") for name in DRAFT_FIELDS}
        return redirect(url_for("themes.index", slug=slug, **draft) + ("#new-theme" if draft else ""))
    flash(_("Theme '%(name)s' saved: new answers are read with it.", name=name), "info")
    return redirect(url_for("themes.index", slug=slug))


@blueprint.post("/maps/<slug>/themes/reread")
@roles_required("cx_manager")
def reread(slug: str):
    """Earlier answers are read again by the scheduler, in batches (a large journey takes a while)."""
    try:
        with db_session() as session:
            rescoring.request_rescore(session, slug, current_user.email, utcnow())
    except rescoring.RescoreAlreadyRequested:  # the first click's request stands
        pass
    flash(_("Earlier answers will be read again with this journey's themes, in the background."), "info")
    return redirect(url_for("themes.index", slug=slug))


@blueprint.post("/maps/<slug>/themes/<key>/delete")
@roles_required("cx_manager")
def delete(slug: str, key: str):
    try:
        with db_session() as session:
            journey_themes.delete_theme(session, slug, key)
            audit(session, "journey_updated", slug, edit=request.endpoint, theme=key)
    except MapEditError as exc:
        flash(translate(exc), "error")
    else:
        flash(_("Theme removed."), "info")
    return redirect(url_for("themes.index", slug=slug))
