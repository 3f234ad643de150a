"""How a journey's answers are scored: its own themes as the scorer reads them (a ThemeSet with the digest
stamped on every answer it scores), a per-process cache of them, and a scorer result as response columns.

An answer scored with a journey's themes carries their digest in its scorer version
(`2026.11-r3+313655ea+j1a2b3c4d`), so `rescore` finds the answers read with an older set of themes, and a
stored answer always says which rules produced it.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import URL, bindparam
from sqlalchemy.engine import Engine
from sqlmodel import select

from feedback_app.models import JourneyTheme, Response
from feedback_app.scoring import is_complaint, score, theme_aspect, theme_label
from feedback_app.scoring.themes import JourneyThemes
from feedback_app.scoring.version import scorer_version
from feedback_app.storage.database import driver_transaction
from feedback_app.storage.driver_statements import Scope, all_rows

CACHE_SECONDS = 10.0  # how soon a saved theme reaches answers scored by other processes


def pain_answers(complaint: bool, negative: int, total: int) -> int:
    """Of a theme's answers (`total`, `negative` of them negative), those that make it a pain point, and so the
    answers its share is of: a complaint counts in every answer naming it, whatever the face ('telat sejam, tapi
    enak' is a late delivery too); an aspect or a candidate term in the negative answers."""
    return total if complaint else negative


@dataclass(frozen=True)
class ThemeSet:
    """A journey's themes in the scorer's format (`extra_themes`) and their digest."""

    entries: tuple[dict, ...] = ()
    digest: str = ""
    frozen: JourneyThemes | None = field(default=None, compare=False, repr=False)

    @property
    def extra(self) -> list[dict] | None:
        """The entries as the scorer takes them, frozen once (not at every look-up of every answer)."""
        return self.frozen or None

    @property
    def scorer(self) -> str:
        """The version stamped on answers scored with these themes."""
        return f"{scorer_version()}+j{self.digest}" if self.entries else scorer_version()

    def score(self, text: str, face: int | None = None) -> dict:
        """The contract's scores of one answer of this journey."""
        return {**score(text, lang=None, face=face, extra_themes=self.extra), "scorer": self.scorer}

    def label(self, key: str, lang: str) -> str:
        """A theme key's name in a language: the journey's own label, a built-in one, or the term's words. The one
        display name of a theme for pages, charts and exports (never the key itself when it has a name)."""
        return theme_label(key, lang, self.extra)

    def is_complaint(self, key: str) -> bool:
        """A complaint theme, the journey's own or a built-in one."""
        return is_complaint(key, self.extra)

    def pain_count(self, key: str, negative: int, total: int) -> int:
        """How many answers make a theme a pain point (map lane, dashboards' Pareto): pain_answers."""
        return pain_answers(self.is_complaint(key), negative, total)

    def aspect_named(self, key: str, lang: str) -> dict:
        """{"aspect", "aspect_name"}: what a problem or praise is about ('cutlery_missing' -> 'cutlery',
        'Cutlery' / 'Alat makan'), for a pain-point lane that groups problems under their aspect; None for both
        when the key has no aspect (fallback terms, a journey's own theme without one)."""
        aspect = theme_aspect(key, self.extra)
        return {"aspect": aspect, "aspect_name": self.label(aspect, lang) if aspect else None}


NO_THEMES = ThemeSet()


def theme_set(themes: list[JourneyTheme]) -> ThemeSet:
    """Stored themes -> the scorer's entries, in key order, with a digest of exactly what the scorer reads."""
    entries = tuple(
        {"key": t.key, "label": {"en": t.label_en, "id": t.label_id}, "polarity": t.polarity, "terms": list(t.terms)}
        for t in sorted(themes, key=lambda t: t.key)
    )
    if not entries:
        return NO_THEMES
    digest = hashlib.sha256(json.dumps(entries, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:8]
    return ThemeSet(entries, digest, JourneyThemes(entries))


_TABLE = JourneyTheme.__table__
_THEMES_OF = select(*_TABLE.columns).where(_TABLE.c.journey_id == bindparam("journey_id"))


def load_theme_set(scope: Scope, journey_id: int) -> ThemeSet:
    """A journey's themes as the scorer reads them (on a Session or a driver transaction)."""
    names = _THEMES_OF.selected_columns.keys()
    return theme_set(
        [JourneyTheme(**dict(zip(names, row))) for row in all_rows(scope, _THEMES_OF, {"journey_id": journey_id})]
    )


@dataclass
class ThemeSetCache:
    """Per process: each journey's ThemeSet, read again when older than CACHE_SECONDS (not once per answer), keyed
    by database and journey, as one process may serve two databases (tests do) whose journey ids overlap."""

    seconds: float = CACHE_SECONDS
    clock: Callable[[], float] = time.monotonic
    _sets: dict[tuple, tuple[float, ThemeSet]] = field(default_factory=dict)

    def get(self, journey_id: int, read: Callable[[int], ThemeSet], database: Hashable = None) -> ThemeSet:
        """The journey's themes in `database` (its URL), read with `read` when missing or older than `seconds`."""
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


def cached_theme_set(scope: Scope | Engine, journey_id: int) -> ThemeSet:
    """A journey's themes from this process's cache, read when missing or old: on `scope` (a Session or a driver
    transaction), or, given an engine, in a read-only driver transaction opened only then (the answer path)."""
    return THEME_SETS.get(journey_id, partial(_read_theme_set, scope), database_of(scope))


def _read_theme_set(scope: Scope | Engine, journey_id: int) -> ThemeSet:
    if isinstance(scope, Engine):
        with driver_transaction(scope, write=False) as transaction:
            return load_theme_set(transaction, journey_id)
    return load_theme_set(scope, journey_id)


def database_of(scope: Scope | Engine) -> URL:
    """The URL of the database an engine, a Session or a driver transaction reads."""
    if isinstance(scope, Engine):
        return scope.url
    return scope.database if hasattr(scope, "database") else scope.get_bind().url


def apply_scores(response: Response, scores: dict) -> None:
    """Copy a scorer result (the score fields, docs/scoring.md) onto the response's columns."""
    for column, value in score_columns(scores).items():
        setattr(response, column, value)


def score_columns(scores: dict) -> dict:
    """A scorer result (the score fields, docs/scoring.md) as the response's column values."""
    text = scores.get("text_sentiment")
    return dict(
        polarity=float(scores["polarity"]),
        label=scores["label"],
        language=scores.get("language") or "",
        emotion_label=scores["emotion"]["label"],
        emotion_score=float(scores["emotion"]["score"]),
        themes=list(scores.get("themes") or []),
        subjectivity=scores.get("subjectivity"),
        scorer=scores["scorer"],
        text_polarity=float(text["polarity"]) if text else None,
        text_label=text["label"] if text else None,
        text_contradicts_face=bool(scores.get("text_contradicts_face")),
    )
