"""A journey's own themes: the pain points and praise its customers name that the scorer's built-in taxonomy
does not know ("menu variety" for a catering plan), kept as data beside the journey and edited by the CX team
on the Themes page (insight.theme_sets is how the scorer reads them; candidate_themes suggests new ones).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from feedback_app.common.texts import N_
from feedback_app.insight.rescoring import rescore_request_of
from feedback_app.insight.theme_sets import THEME_SETS, theme_set
from feedback_app.maps.candidate_themes import Candidate, candidate_themes, read_with_other_than, theme_answer_counts
from feedback_app.maps.journeys import MapEditError, slugify
from feedback_app.models import Journey, JourneyTheme, get_journey
from feedback_app.scoring.phrases import NOT, term_variants
from feedback_app.scoring.themes import taxonomy

POLARITIES = {-1: "complaint", 1: "praise", 0: "topic"}
KEY = re.compile(r"[a-z][a-z0-9_]{1,59}")
MAX_LABEL, MAX_TERM, MAX_TERMS = 80, 60, 40


def list_themes(session: Session, slug: str) -> list[JourneyTheme]:
    return _themes_of(session, get_journey(session, slug).id)


def _themes_of(session: Session, journey_id: int) -> list[JourneyTheme]:
    return list(
        session.exec(select(JourneyTheme).where(JourneyTheme.journey_id == journey_id).order_by(JourneyTheme.key))
    )


@dataclass
class ThemesPage:
    """What the Themes page shows of one journey."""

    journey: Journey
    themes: list[JourneyTheme]
    counts: dict[str, int]  # theme key -> answers carrying it
    candidates: list[Candidate]
    stale: int  # answers read with other themes than the current ones
    rereading: bool  # a rescore request is waiting for the scheduler
    builtin: list[tuple[str, str, int]]


def themes_page(session: Session, slug: str, since: datetime, lang: str) -> ThemesPage:
    """A journey's themes with their answer counts, its candidate themes since `since`, how many earlier
    answers its current themes have not read yet (also once the last theme is removed), and the built-ins."""
    journey = get_journey(session, slug)
    themes = _themes_of(session, journey.id)
    return ThemesPage(
        journey,
        themes,
        theme_answer_counts(session, journey.id, [t.key for t in themes]),
        candidate_themes(session, journey.id, since),
        read_with_other_than(session, journey.id, theme_set(themes).scorer),
        rescore_request_of(session, journey.id) is not None,
        builtin_themes(lang),
    )


def save_theme(session: Session, slug: str, fields: dict, now: datetime, key: str | None = None) -> JourneyTheme:
    """Add a theme (key None) or change the theme `key`; fields: key, label_en, label_id, polarity, terms
    (one per line or comma-separated). Raises MapEditError naming the field to fix."""
    journey = get_journey(session, slug)
    label_en = _label(fields.get("label_en"), "label_en", N_("Give the theme an English name, e.g. 'Menu variety'."))
    label_id = _label(
        fields.get("label_id"), "label_id", N_("Give the theme an Indonesian name too, e.g. 'Variasi menu'.")
    )
    theme = None
    if key is not None:
        theme = _get(session, journey.id, key)
    else:
        new_key = (fields.get("key") or "").strip().lower() or slugify(label_en, "_", 60)
        if not KEY.fullmatch(new_key):
            raise MapEditError(
                N_(
                    "A theme key is 2 to 60 lower-case letters, digits or underscores, starting with "
                    "a letter (e.g. menu_variety)."
                ),
                "key",
            )
        if _find(session, journey.id, new_key) is not None:
            raise MapEditError(N_("This map already has a theme '%(key)s': edit that one."), "key", key=new_key)
        theme = JourneyTheme(journey_id=journey.id, key=new_key)
    theme.label_en, theme.label_id = label_en, label_id
    theme.polarity = _polarity(fields.get("polarity"))
    theme.terms = parse_terms(fields.get("terms"))
    theme.updated_at = now
    session.add(theme)
    try:
        session.flush()
    except IntegrityError:  # the same key saved at the same moment
        raise MapEditError(N_("This map already has a theme with that key."), "key") from None
    _forget_on_commit(session, journey.id)
    return theme


def delete_theme(session: Session, slug: str, key: str) -> None:
    """Remove a theme; answers already read with it keep its key until they are rescored."""
    journey = get_journey(session, slug)
    session.delete(_get(session, journey.id, key))
    _forget_on_commit(session, journey.id)


def _forget_on_commit(session: Session, journey_id: int) -> None:
    """Drop the cached themes now and once more after the commit: an answer scored in between would
    otherwise cache the old ones again for CACHE_SECONDS."""
    THEME_SETS.forget(journey_id)
    event.listen(session, "after_commit", lambda _session: THEME_SETS.forget(journey_id), once=True)


def parse_terms(raw) -> list[str]:
    """'variasi menu, bosan\nsame menu' -> ['variasi menu', 'bosan', 'same menu'], each checked."""
    text = raw if isinstance(raw, str) else "\n".join(raw or [])
    terms = list(dict.fromkeys(t.strip().lower() for t in re.split(r"[\n,;]+", text) if t.strip()))
    if not terms:
        raise MapEditError(
            N_(
                "List the words customers use for it, one per line, in Indonesian and English "
                "(e.g. 'bosan', 'menu sama', 'same menu')."
            ),
            "terms",
        )
    if len(terms) > MAX_TERMS:
        raise MapEditError(N_("At most %(max)d words or phrases per theme."), "terms", max=MAX_TERMS)
    for term in terms:
        if len(term) > MAX_TERM:
            raise MapEditError(
                N_("'%(term)s' is too long: a term is a word or a short phrase of at most %(max)d characters."),
                "terms",
                term=term[:MAX_TERM] + "…",
                max=MAX_TERM,
            )
        if not term_variants(term) - {(NOT,)}:
            raise MapEditError(
                N_(
                    "'%(term)s' has no word the scorer can match (words like 'very', 'yang' or "
                    "'tidak' alone are skipped): use a content word."
                ),
                "terms",
                term=term,
            )
    return terms


def _label(value, field_name: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise MapEditError(message, field_name)
    if len(value) > MAX_LABEL:
        raise MapEditError(N_("Keep it under %(max)d characters."), field_name, max=MAX_LABEL)
    return value


def _polarity(value) -> int:
    try:
        polarity = int(value)
    except (TypeError, ValueError):
        polarity = None
    if polarity not in POLARITIES:
        raise MapEditError(N_("Say whether customers complain about it, praise it, or only mention it."), "polarity")
    return polarity


def _find(session: Session, journey_id: int, key: str) -> JourneyTheme | None:
    return session.exec(
        select(JourneyTheme).where(JourneyTheme.journey_id == journey_id, JourneyTheme.key == key)
    ).first()


def _get(session: Session, journey_id: int, key: str) -> JourneyTheme:
    theme = _find(session, journey_id, key)
    if theme is None:
        raise MapEditError(N_("No theme '%(key)s' on this map."), "key", key=key)
    return theme


def builtin_themes(lang: str) -> list[tuple[str, str, int]]:
    """The scorer's own themes as (key, label, polarity), by label: what a journey theme need not repeat."""
    return sorted(
        ((t.key, t.label.get(lang) or t.label.get("en", t.key), t.polarity) for t in taxonomy().values()),
        key=lambda item: item[1].lower(),
    )
