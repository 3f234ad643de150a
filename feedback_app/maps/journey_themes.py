"""A journey's own themes: the pain points and praise its customers name that the scorer's built-in taxonomy
does not know ("menu variety" for a catering plan), kept as data beside the journey, read by the scorer for
every answer of that journey, and suggested from the answers themselves (candidate themes).

An answer scored with a journey's themes carries their digest in its scorer version
(`2026.11-r3+313655ea+j1a2b3c4d`), so `rescore` finds the answers read with an older set of themes, and a
stored answer always says which rules produced it.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Optional

from sqlalchemy import bindparam, case, event, func
from sqlmodel import Session, select

from feedback_app.storage.driver_statements import Scope, all_rows
from feedback_app.maps.journeys import MapEditError, get_journey, slugify
from feedback_app.models import Journey, JourneyTheme, RescoreRequest, Response, ResponseTheme, Stage
from feedback_app.scoring import score, theme_label
from feedback_app.scoring.candidates import suggested_terms
from feedback_app.scoring.phrases import NOT, term_variants
from feedback_app.scoring.themes import JourneyThemes, taxonomy
from feedback_app.scoring.version import scorer_version
from feedback_app.common.texts import N_

POLARITIES = {-1: "complaint", 1: "praise", 0: "topic"}
KEY = re.compile(r"[a-z][a-z0-9_]{1,59}")
MAX_LABEL, MAX_TERM, MAX_TERMS = 80, 60, 40
CACHE_SECONDS = 10.0  # how soon a saved theme reaches answers scored by other processes
CANDIDATES, CANDIDATE_MIN = 15, 2
FALLBACK_PREFIX = "term:"


@dataclass(frozen=True)
class ThemeSet:
    """A journey's themes in the scorer's format (`extra_themes`) and their digest."""

    entries: tuple[dict, ...] = ()
    digest: str = ""
    frozen: Optional[JourneyThemes] = field(default=None, compare=False, repr=False)

    @property
    def extra(self) -> Optional[list[dict]]:
        """The entries as the scorer takes them, frozen once (not at every look-up of every answer)."""
        return self.frozen or None

    @property
    def scorer(self) -> str:
        """The version stamped on answers scored with these themes."""
        return f"{scorer_version()}+j{self.digest}" if self.entries else scorer_version()

    def score(self, text: str, face: Optional[int] = None) -> dict:
        """The contract's scores of one answer of this journey."""
        return {**score(text, lang=None, face=face, extra_themes=self.extra), "scorer": self.scorer}

    def label(self, key: str, lang: str) -> str:
        """A theme key's name in a language: the journey's own label, a built-in one, or the term's words."""
        return theme_label(key, lang, self.extra)


NO_THEMES = ThemeSet()


def theme_set(themes: list[JourneyTheme]) -> ThemeSet:
    """Stored themes -> the scorer's entries, in key order, with a digest of exactly what the scorer reads."""
    entries = tuple({"key": t.key, "label": {"en": t.label_en, "id": t.label_id}, "polarity": t.polarity,
                     "terms": list(t.terms)} for t in sorted(themes, key=lambda t: t.key))
    if not entries:
        return NO_THEMES
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]
    return ThemeSet(entries, digest, JourneyThemes(entries))


_TABLE = JourneyTheme.__table__
_THEMES_OF = select(*_TABLE.columns).where(_TABLE.c.journey_id == bindparam("journey_id"))


def load_theme_set(scope: Scope, journey_id: int) -> ThemeSet:
    """A journey's themes as the scorer reads them (on a Session or a driver transaction)."""
    names = _THEMES_OF.selected_columns.keys()
    return theme_set([JourneyTheme(**dict(zip(names, row))) for row in
                      all_rows(scope, _THEMES_OF, {"journey_id": journey_id})])


@dataclass
class ThemeSetCache:
    """Per process: each journey's ThemeSet, read again when older than CACHE_SECONDS (the answer path reads
    the table at most once per journey in that time, not once per answer). Keyed by database and journey:
    one process may serve two databases (tests do), and their journey ids overlap."""

    seconds: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _sets: dict[tuple, tuple[float, ThemeSet]] = field(default_factory=dict)

    def get(self, journey_id: int, read: Callable[[int], ThemeSet], database=None) -> ThemeSet:
        cached = self._sets.get((database, journey_id))
        if cached is not None and self.clock() - cached[0] < self.seconds:
            return cached[1]
        themes = read(journey_id)
        self._sets[(database, journey_id)] = (self.clock(), themes)
        return themes

    def forget(self, journey_id: int) -> None:
        """Drop a journey's themes (in every database: ids are cheap to read again)."""
        for key in [k for k in self._sets if k[1] == journey_id]:
            del self._sets[key]


THEME_SETS = ThemeSetCache()


def cached_theme_set(scope: Scope, journey_id: int) -> ThemeSet:
    """A journey's themes from this process's cache, read on `scope` when missing or old."""
    return THEME_SETS.get(journey_id, lambda jid: load_theme_set(scope, jid), database_of(scope))


def database_of(scope: Scope):
    """The URL of the database a Session or a driver transaction reads."""
    return scope.database if hasattr(scope, "database") else scope.get_bind().url


def list_themes(session: Session, slug: str) -> list[JourneyTheme]:
    return _themes_of(session, get_journey(session, slug).id)


def _themes_of(session: Session, journey_id: int) -> list[JourneyTheme]:
    return list(session.exec(select(JourneyTheme).where(JourneyTheme.journey_id == journey_id)
                             .order_by(JourneyTheme.key)))


@dataclass
class ThemesPage:
    """What the Themes page shows of one journey."""

    journey: Journey
    themes: list[JourneyTheme]
    counts: dict[str, int]          # theme key -> answers carrying it
    candidates: list[Candidate]
    stale: int                      # answers read with other themes than the current ones
    rereading: bool                 # a rescore request is waiting for the scheduler
    builtin: list[tuple[str, str, int]]


def themes_page(session: Session, slug: str, since: datetime, lang: str) -> ThemesPage:
    """A journey's themes with their answer counts, its candidate themes since `since`, how many earlier
    answers its current themes have not read yet (also once the last theme is removed), and the built-ins."""
    journey = get_journey(session, slug)
    themes = _themes_of(session, journey.id)
    return ThemesPage(journey, themes, theme_answer_counts(session, journey.id, [t.key for t in themes]),
                      candidate_themes(session, journey.id, since),
                      _read_with_other_than(session, journey.id, theme_set(themes).scorer),
                      rescore_request_of(session, journey.id) is not None, builtin_themes(lang))


def rescore_request_of(session: Session, journey_id: int) -> Optional[RescoreRequest]:
    """The journey's waiting 'read them again' request, if any (rescoring.run_rescore_requests works them off)."""
    return session.exec(select(RescoreRequest).where(RescoreRequest.journey_id == journey_id)).first()


def save_theme(session: Session, slug: str, fields: dict, now: datetime, key: Optional[str] = None) -> JourneyTheme:
    """Add a theme (key None) or change the theme `key`; fields: key, label_en, label_id, polarity, terms
    (one per line or comma-separated). Raises MapEditError naming the field to fix."""
    journey = get_journey(session, slug)
    label_en = _label(fields.get("label_en"), "label_en", N_("Give the theme an English name, e.g. 'Menu variety'."))
    label_id = _label(fields.get("label_id"), "label_id",
                      N_("Give the theme an Indonesian name too, e.g. 'Variasi menu'."))
    theme = None
    if key is not None:
        theme = _get(session, journey.id, key)
    else:
        new_key = (fields.get("key") or "").strip().lower() or slugify(label_en, "_", 60)
        if not KEY.fullmatch(new_key):
            raise MapEditError(N_("A theme key is 2 to 60 lower-case letters, digits or underscores, starting with "
                                  "a letter (e.g. menu_variety)."), "key")
        if _find(session, journey.id, new_key) is not None:
            raise MapEditError(N_("This map already has a theme '%(key)s': edit that one."), "key", key=new_key)
        theme = JourneyTheme(journey_id=journey.id, key=new_key)
    theme.label_en, theme.label_id = label_en, label_id
    theme.polarity = _polarity(fields.get("polarity"))
    theme.terms = parse_terms(fields.get("terms"))
    theme.updated_at = now
    session.add(theme)
    session.flush()
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
        raise MapEditError(N_("List the words customers use for it, one per line, in Indonesian and English "
                              "(e.g. 'bosan', 'menu sama', 'same menu')."), "terms")
    if len(terms) > MAX_TERMS:
        raise MapEditError(N_("At most %(max)d words or phrases per theme."), "terms", max=MAX_TERMS)
    for term in terms:
        if len(term) > MAX_TERM:
            raise MapEditError(N_("'%(term)s' is too long: a term is a word or a short phrase of at most "
                                  "%(max)d characters."), "terms", term=term[:MAX_TERM] + "…", max=MAX_TERM)
        if not term_variants(term) - {(NOT,)}:
            raise MapEditError(N_("'%(term)s' has no word the scorer can match (words like 'very', 'yang' or "
                                  "'tidak' alone are skipped): use a content word."), "terms", term=term)
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


def _find(session: Session, journey_id: int, key: str) -> Optional[JourneyTheme]:
    return session.exec(select(JourneyTheme).where(JourneyTheme.journey_id == journey_id,
                                                   JourneyTheme.key == key)).first()


def _get(session: Session, journey_id: int, key: str) -> JourneyTheme:
    theme = _find(session, journey_id, key)
    if theme is None:
        raise MapEditError(N_("No theme '%(key)s' on this map."), "key", key=key)
    return theme


def builtin_themes(lang: str) -> list[tuple[str, str, int]]:
    """The scorer's own themes as (key, label, polarity), by label: what a journey theme need not repeat."""
    return sorted(((t.key, t.label.get(lang) or t.label.get("en", t.key), t.polarity) for t in taxonomy().values()),
                  key=lambda item: item[1].lower())


@dataclass
class Candidate:
    """A recurring complaint or praise no theme covers, as the CX team sees it."""

    key: str
    label: str      # English, as the 'Make a theme' form's English name
    label_id: str   # Indonesian, through the glossary ('Tidak manis')
    answers: int
    negative: int
    positive: int
    quotes: list[str]
    terms: list[str]

    @property
    def polarity(self) -> int:
        return -1 if self.negative >= self.positive else 1


def candidate_themes(session: Session, journey_id: int, since: Optional[datetime] = None,
                     limit: int = CANDIDATES, min_answers: int = CANDIDATE_MIN) -> list[Candidate]:
    """The journey's most frequent fallback theme keys (`term:…`), with counts, quotes and the words to match,
    from the theme index (no scan of the answers). A term already made a theme (`term:not_spicy` and a theme
    `not_spicy`) is left out even before the answers that named it are rescored."""
    stage_ids = select(Stage.id).where(Stage.journey_id == journey_id)
    taken = [FALLBACK_PREFIX + key for key in session.exec(select(JourneyTheme.key)
                                                           .where(JourneyTheme.journey_id == journey_id))]
    conditions = [ResponseTheme.stage_id.in_(stage_ids), ResponseTheme.theme.startswith(FALLBACK_PREFIX),
                  ResponseTheme.theme.not_in(taken)]
    if since is not None:
        conditions.append(ResponseTheme.submitted_at >= since)
    count = func.count()
    rows = session.exec(select(ResponseTheme.theme, count,
                               func.sum(case((ResponseTheme.label == "negative", 1), else_=0)),
                               func.sum(case((ResponseTheme.label == "positive", 1), else_=0)))
                        .where(*conditions).group_by(ResponseTheme.theme).having(count >= min_answers)
                        .order_by(count.desc(), ResponseTheme.theme).limit(limit)).all()
    out = []
    for key, answers, negative, positive in rows:
        quotes = list(session.exec(select(Response.text).join(ResponseTheme, ResponseTheme.response_id == Response.id)
                                   .where(*conditions, ResponseTheme.theme == key)
                                   .order_by(ResponseTheme.submitted_at.desc()).limit(3)))
        out.append(Candidate(key, theme_label(key, "en"), theme_label(key, "id"), answers, int(negative or 0), int(positive or 0), quotes,
                             suggested_terms(quotes, key)))
    return out


def theme_answer_counts(session: Session, journey_id: int, keys: list[str]) -> dict[str, int]:
    """How many of the journey's answers each theme key is on."""
    if not keys:
        return {}
    stage_ids = select(Stage.id).where(Stage.journey_id == journey_id)
    rows = session.exec(select(ResponseTheme.theme, func.count()).where(
        ResponseTheme.stage_id.in_(stage_ids), ResponseTheme.theme.in_(keys)).group_by(ResponseTheme.theme)).all()
    return {key: count for key, count in rows}


def _read_with_other_than(session: Session, journey_id: int, scorer: str) -> int:
    """Answers of the journey scored by another version than `scorer` (what `rescore --journey` would redo)."""
    return session.exec(select(func.count()).select_from(Response).where(
        Response.journey_id == journey_id, Response.scorer != scorer)).one()
