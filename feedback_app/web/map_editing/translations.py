"""The map's content in both languages: one page lists every translatable text with an Indonesian and an
English field; each row saves on its own."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _

from feedback_app.maps import translations
from feedback_app.web.auth import roles_required
from feedback_app.web.extensions import db_session
from feedback_app.web.map_editing.blueprint import blueprint, run_edit


@blueprint.get("/maps/<slug>/translations")
@roles_required("cx_manager")
def translations_page(slug: str):
    with db_session() as session:
        page = translations.translation_rows(session, slug)
        return render_template("maps/translations.html", **page)


@blueprint.post("/maps/<slug>/translations")
@roles_required("cx_manager")
def save_translation(slug: str):
    form = request.form
    return run_edit(
        translations.save_translation,
        slug,
        form.get("kind", ""),
        form.get("key", ""),
        form.get("field", ""),
        {"id": form.get("text_id", ""), "en": form.get("text_en", "")},
        done=_("Saved in both languages: {result}"),
        back=url_for("map_editing.translations_page", slug=slug) + "#" + form.get("anchor", ""),
    )
