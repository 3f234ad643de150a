"""A journey's content in both languages: the map editor's "Both languages" page reads every translatable text
(journey name and goal, persona names, descriptions and details, touchpoint and channel names, lane cells) and
saves one at a time."""

from __future__ import annotations

from sqlmodel import Session, select

from feedback_app.common.texts import N_
from feedback_app.maps.journeys import MAX_PERSONA_DETAIL, MapEditError
from feedback_app.models import Channel, LaneCell, Persona, Stage, Touchpoint, get_journey
from feedback_app.models.journey import (
    CONTENT_LANGUAGES,
    PERSONA_DETAILS,
    TRANSLATED_FIELDS,
    TRANSLATED_MODELS,
    Journey,
    as_written,
    both_languages,
    write_as_written,
)

LIMITS = {"name": 200, "goal": 2000, "description": 2000, "content": 2000} | dict.fromkeys(
    PERSONA_DETAILS, MAX_PERSONA_DETAIL
)


def translation_rows(session: Session, slug: str) -> dict:
    """The journey and each translatable text with its key and its text in each language (falling back to the
    text as written), in map order."""
    journey = get_journey(session, slug)
    rows = [_row("journey", journey.slug, field, journey) for field in TRANSLATED_FIELDS["journey"]]
    personas = session.exec(select(Persona).where(Persona.journey_id == journey.id).order_by(Persona.id))
    rows += [
        _row("persona", p.key, field, p, owner=p.name)
        for p in personas
        for field in TRANSLATED_FIELDS["persona"]
        if field not in PERSONA_DETAILS or any(both_languages(p, field).values())  # details the persona has
    ]
    stages = {s.id: s for s in session.exec(select(Stage).where(Stage.journey_id == journey.id))}
    touchpoints = session.exec(
        select(Touchpoint).where(Touchpoint.journey_id == journey.id).order_by(Touchpoint.position)
    )
    rows += [_row("touchpoint", t.key, "name", t, stages.get(t.stage_id)) for t in touchpoints]
    channels = session.exec(select(Channel).where(Channel.journey_id == journey.id).order_by(Channel.name))
    rows += [_row("channel", c.key, "name", c) for c in channels]
    cells = session.exec(select(LaneCell).where(LaneCell.journey_id == journey.id).order_by(LaneCell.id))
    rows += [
        _row("cell", f"{stages[c.stage_id].key}/{c.lane}", "content", c, stages[c.stage_id], c.lane)
        for c in cells
        if c.stage_id in stages
    ]
    return {"journey": journey, "rows": rows}


def _row(
    kind: str, key: str, field: str, row, stage: Stage | None = None, lane: str | None = None, owner: str = ""
) -> dict:
    """One text to translate; `stage` (its stage's name) or `owner` (the persona's) says whose it is."""
    return {
        "kind": kind,
        "key": key,
        "field": field,
        "stage": stage.name if stage else owner or None,
        "lane": lane,
        "texts": both_languages(row, field),
        "long": field != "name",
    }


def save_translation(session: Session, slug: str, kind: str, key: str, field: str, texts: dict) -> str:
    """Store `field` of one piece of content in both languages; returns the text in Indonesian. The column as
    written keeps its text (the fallback for any other reader) unless it was empty."""
    if field not in TRANSLATED_FIELDS.get(kind, ()):
        raise MapEditError(N_("Nothing to translate there."), "field")
    clean = {
        lang: " ".join(str(texts.get(lang) or "").split()) if field == "name" else str(texts.get(lang) or "").strip()
        for lang in CONTENT_LANGUAGES
    }
    for lang, text in clean.items():
        if len(text) > LIMITS[field]:
            raise MapEditError(N_("Keep it under %(max)d characters."), f"text_{lang}", max=LIMITS[field])
    if not any(clean.values()):
        raise MapEditError(N_("Write it in at least one language."), "text_id")
    row = _content_row(session, get_journey(session, slug), kind, key)
    if not as_written(row, field):  # before the translations: writing the column drops them (models.journey)
        write_as_written(row, field, clean["id"] or clean["en"])
    translations = {**(row.translations or {})}
    for lang, text in clean.items():
        translations[lang] = {**translations.get(lang, {}), field: text}
    row.translations = translations
    session.add(row)
    session.flush()
    return clean["id"] or clean["en"]


def _content_row(session: Session, journey: Journey, kind: str, key: str):
    if kind == "journey":
        return journey
    if kind in ("persona", "touchpoint", "channel"):  # each found by its key within the journey
        model = TRANSLATED_MODELS[kind]
        found = session.exec(select(model).where(model.journey_id == journey.id, model.key == key)).first()
    else:
        stage_key, _, lane = key.partition("/")
        found = session.exec(
            select(LaneCell)
            .join(Stage, Stage.id == LaneCell.stage_id)
            .where(LaneCell.journey_id == journey.id, Stage.key == stage_key, LaneCell.lane == lane)
        ).first()
    if found is None:
        raise MapEditError(N_("That part of the map no longer exists; reload the page."), "key")
    return found
