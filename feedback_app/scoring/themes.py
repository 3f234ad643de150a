"""Themes: language-independent keys for what an answer is about ('delivery_late',
'food_cold'), matched on *concepts*: each word reduced to a lemma or stem in its own language,
negators merged into one 'not', fillers dropped, so "kurirnya telat bgt", "pengiriman
terlambat" and "delivery was late" meet on one key.

The built-in taxonomy is data (data/themes.json); a journey adds its own as data too.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from feedback_app.scoring import phrases, resources


@dataclass(frozen=True)
class Theme:
    key: str
    label: dict[str, str]
    polarity: int
    opposite: str | None
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """One theme found: which key, from which words (for explanations)."""

    key: str
    words: str
    negated: bool = False


def _build(entries: list[dict]) -> dict[str, Theme]:
    out = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("key"):
            continue
        terms = tuple(t for t in entry.get("terms", []) if isinstance(t, str))
        label = entry.get("label") or {}
        out[str(entry["key"])] = Theme(str(entry["key"]), label if isinstance(label, dict) else {"en": str(label)},
                                       int(entry.get("polarity", 0)), entry.get("opposite"), terms)
    return out


def _freeze(extra_themes: list[dict] | None) -> str:
    """A journey's themes as a cache key (they arrive as fresh lists on every call)."""
    if not extra_themes:
        return ""
    return json.dumps([e for e in extra_themes if isinstance(e, dict)], sort_keys=True, default=str)


@lru_cache(maxsize=256)
def _taxonomy(frozen: str) -> dict[str, Theme]:
    builtin = _build(resources.load_json("themes.json")["themes"])
    return {**builtin, **_build(json.loads(frozen))} if frozen else builtin


def taxonomy(extra_themes: list[dict] | None = None) -> dict[str, Theme]:
    """Built-in themes plus a journey's own (a journey's theme with a built-in key replaces it)."""
    return _taxonomy(_freeze(extra_themes))


@lru_cache(maxsize=256)
def _index(frozen: str) -> phrases.PhraseIndex[Theme]:
    return phrases.PhraseIndex([(term, theme) for theme in _taxonomy(frozen).values() for term in theme.terms])


def find(seq: list[str], extra_themes: list[dict] | None = None) -> list[Hit]:
    """Themes named in one clause's concepts; negated complaint/praise terms turn into their
    opposite ('tidak telat' -> delivery_on_time)."""
    frozen = _freeze(extra_themes)
    themes = _taxonomy(frozen)
    hits = [_resolve(f.payload, themes, f.words, f.negated) for f in _index(frozen).find(seq)]
    return [h for h in hits if h]


def match(seq: list[str], extra_themes: list[dict] | None = None) -> list[Hit]:
    """Themes of a whole concept sequence, finalised."""
    return finalise(find(seq, extra_themes), extra_themes)


def finalise(hits: list[Hit], extra_themes: list[dict] | None = None) -> list[Hit]:
    """One hit per key; aspect themes ('service') are dropped when a complaint or praise theme
    was found, so one problem is counted once."""
    themes = taxonomy(extra_themes)
    if any(themes[h.key].polarity for h in hits if h.key in themes):
        hits = [h for h in hits if h.key not in themes or themes[h.key].polarity]
    keys = [h.key for h in hits]
    return [h for n, h in enumerate(hits) if h.key not in keys[:n]]


def _resolve(theme: Theme, themes: dict[str, Theme], term: tuple[str, ...], negated: bool) -> Hit | None:
    words = " ".join(term)
    if not negated or theme.polarity == 0:
        return Hit(theme.key, words)
    if theme.opposite and theme.opposite in themes:
        return Hit(theme.opposite, "not " + words, negated=True)
    return None


def theme_polarity(key: str, extra_themes: list[dict] | None = None) -> int:
    """-1 complaint, 1 praise, 0 aspect or unknown."""
    theme = taxonomy(extra_themes).get(key)
    return theme.polarity if theme else 0


def label(key: str, lang: str = "en", extra_themes: list[dict] | None = None) -> str:
    """A theme's label in a language; unknown keys read as words ('term:cold' -> 'Cold')."""
    theme = taxonomy(extra_themes).get(key)
    if theme and theme.label:
        return theme.label.get(lang) or theme.label.get("en") or next(iter(theme.label.values()))
    words = re.sub(r"[_:\-]+", " ", key.split(":", 1)[-1]).strip()
    return (words[:1].upper() + words[1:]) if words else key
