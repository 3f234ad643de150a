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

import simplemma

from feedback_app.scoring import normalise, resources

NOT = "not"
FILLERS = frozenset(
    "nya sih kok nih deh dong lah pun yang yg the a an is was were are be been am its it this that so "
    "very really quite pretty too sangat sekali amat terlalu agak cukup banget bener benar sudah "
    "masih juga saja just still all".split())
NEGATION_REACH = 2  # a negator this many concepts before a term turns it into its opposite


@dataclass(frozen=True)
class Theme:
    key: str
    label: dict[str, str]
    polarity: int
    opposite: str | None
    terms: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Hit:
    """One theme found: which key, from which words (for explanations)."""

    key: str
    words: str
    negated: bool = False


@lru_cache(maxsize=100_000)
def concept(word: str, lang: str) -> str:
    """One normalised word as a concept: negators -> 'not', else its lemma/stem in its language."""
    if word in normalise.NEGATORS_ID or word in normalise.NEGATORS_EN:
        return NOT
    if not word[0].isalpha():
        return word
    stem = word[:-3] if lang == "id" and word.endswith("nya") and len(word) > 5 else word
    return simplemma.lemmatize(stem, lang="id" if lang == "id" else "en")


def concepts(words: list[str], langs: list[str]) -> list[str]:
    """The concept sequence of an answer (fillers and emoji dropped)."""
    out = [concept(w, lang) for w, lang in zip(words, langs) if w not in FILLERS and w[0].isalnum()]
    return [c for c in out if c not in FILLERS]


def term_variants(term: str) -> set[tuple[str, ...]]:
    """A taxonomy term as concept sequences, read as Indonesian and as English."""
    raw = normalise.clean(term).tokens
    id_words, en_words = normalise.normalise_id(raw), normalise.normalise_en(raw)
    variants = {tuple(concepts(id_words, ["id"] * len(id_words))),
                tuple(concepts(en_words, ["en"] * len(en_words)))}
    return {v for v in variants if v}


def _build(entries: list[dict]) -> dict[str, Theme]:
    out = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("key"):
            continue
        terms = {v for t in entry.get("terms", []) if isinstance(t, str) for v in term_variants(t)}
        label = entry.get("label") or {}
        out[str(entry["key"])] = Theme(str(entry["key"]), label if isinstance(label, dict) else {"en": str(label)},
                                       int(entry.get("polarity", 0)), entry.get("opposite"), tuple(sorted(terms)))
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
def _index(frozen: str) -> dict[str, list[tuple[tuple[str, ...], Theme]]]:
    """First concept of a term -> (term, theme), longest terms first."""
    index: dict[str, list] = {}
    for theme in _taxonomy(frozen).values():
        for term in theme.terms:
            index.setdefault(term[0], []).append((term, theme))
    for bucket in index.values():
        bucket.sort(key=lambda item: (-len(item[0]), item[1].key))
    return index


def match(seq: list[str], extra_themes: list[dict] | None = None) -> list[Hit]:
    """Themes named in a concept sequence: longest terms first, negated polar terms flipped to
    their opposite, aspect themes dropped where a polar theme covers the same words."""
    frozen = _freeze(extra_themes)
    themes, index = _taxonomy(frozen), _index(frozen)
    hits: list[Hit] = []
    covered: set[int] = set()
    for i, head in enumerate(seq):
        for term, theme in index.get(head, ()):
            if tuple(seq[i:i + len(term)]) != term or covered.intersection(range(i, i + len(term))):
                continue
            hit = _resolve(theme, themes, term, NOT in seq[max(0, i - NEGATION_REACH):i])
            if hit:
                hits.append(hit)
                covered.update(range(i, i + len(term)))
            break
    keys = [h.key for h in hits]
    return [h for n, h in enumerate(hits) if h.key not in keys[:n]]


def _resolve(theme: Theme, themes: dict[str, Theme], term: tuple[str, ...], negated: bool) -> Hit | None:
    words = " ".join(term)
    if not negated or NOT in term or theme.polarity == 0:
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
