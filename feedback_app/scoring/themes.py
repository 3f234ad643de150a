"""Themes: language-independent keys for what an answer is about ('delivery_late',
'food_cold'), matched on *concepts*: each word reduced to a lemma or stem in its own language,
negators merged into one 'not', fillers dropped, so "kurirnya telat bgt", "pengiriman
terlambat" and "delivery was late" meet on one key.

An aspect theme (polarity 0: 'wifi', 'room', 'payment') may name its complaint and its praise
('wifi' -> 'wifi_poor' / 'wifi_good'); within one clause the aspect then decides what generic words mean
(theme_aspects.py).

The built-in taxonomy is data (data/themes.json); a journey adds its own as data too.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from feedback_app.scoring import phrases, resources, theme_aspects
from feedback_app.scoring.theme_types import Hit, Theme


def _build(entries: list[dict]) -> dict[str, Theme]:
    out = {}
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("key"):
            continue
        terms = _strings(entry.get("terms"))
        weak = _strings(entry.get("weak_terms"))
        label = entry.get("label") or {}
        out[str(entry["key"])] = Theme(
            str(entry["key"]),
            label if isinstance(label, dict) else {"en": str(label)},
            _polarity(entry.get("polarity", 0)),
            entry.get("opposite"),
            terms,
            weak,
            entry.get("complaint"),
            entry.get("praise"),
            entry.get("elsewhere"),
            bool(entry.get("keeps_weak")),
            entry.get("aspect") if isinstance(entry.get("aspect"), str) else None,
            _strings(entry.get("absorbs")),
        )
    return out


class JourneyThemes(list):
    """A journey's themes with their cache key computed once: pass one of these as `extra_themes` when the
    same themes score many answers (a plain list is frozen again at every look-up, ~10 µs each)."""

    def __init__(self, entries=()):
        super().__init__(entries)
        self.frozen = _frozen(self)


def _strings(value) -> tuple[str, ...]:
    """A list of terms (one string alone is one term, not its characters)."""
    if isinstance(value, str):
        return (value,)
    return tuple(t for t in value or () if isinstance(t, str)) if isinstance(value, (list, tuple)) else ()


def _polarity(value) -> int:
    """-1, 0 or 1 from what a journey's theme says; anything else is an aspect (0), not a crash."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return max(-1, min(1, number))


def _freeze(extra_themes: list[dict] | None) -> str:
    """A journey's themes as a cache key (they arrive as fresh lists on every call)."""
    if not extra_themes:
        return ""
    return extra_themes.frozen if isinstance(extra_themes, JourneyThemes) else _frozen(extra_themes)


def _frozen(extra_themes: list) -> str:
    return json.dumps([e for e in extra_themes if isinstance(e, dict)], sort_keys=True, default=str)


@resources.derived_from_data
@lru_cache(maxsize=256)
def _taxonomy(frozen: str) -> dict[str, Theme]:
    builtin = _build(resources.load_json("themes.json")["themes"])
    if not frozen:
        return builtin
    own = {key: _inheriting(replace(t, own=True), builtin.get(key)) for key, t in _build(json.loads(frozen)).items()}
    return {**builtin, **own}


def _inheriting(theme: Theme, builtin: Theme | None) -> Theme:
    """A journey's theme under a built-in key keeps what the journey's data cannot say: the built-in's
    opposite, weak terms and aspect links ('tidak telat' stays delivery_on_time, 'wifi lemot' wifi_poor)."""
    if builtin is None:
        return theme
    return replace(
        theme,
        opposite=theme.opposite or builtin.opposite,
        weak_terms=theme.weak_terms or builtin.weak_terms,
        complaint=theme.complaint or builtin.complaint,
        praise=theme.praise or builtin.praise,
        elsewhere=theme.elsewhere or builtin.elsewhere,
        keeps_weak=theme.keeps_weak or builtin.keeps_weak,
        aspect=theme.aspect or builtin.aspect,
        absorbs=theme.absorbs or builtin.absorbs,
    )


def taxonomy(extra_themes: list[dict] | None = None) -> dict[str, Theme]:
    """Built-in themes plus a journey's own (a journey's theme with a built-in key replaces it)."""
    return _taxonomy(_freeze(extra_themes))


@resources.derived_from_data
@lru_cache(maxsize=256)
def _index(frozen: str) -> phrases.PhraseIndex[tuple[Theme, bool]]:
    """A journey's own themes come first, so that of two terms as long, theirs wins ('bosan')."""
    taxonomy = _taxonomy(frozen)
    own = [str(e["key"]) for e in json.loads(frozen) if isinstance(e, dict) and e.get("key")] if frozen else []
    ordered = [taxonomy[k] for k in dict.fromkeys(own) if k in taxonomy] + [
        t for k, t in taxonomy.items() if k not in own
    ]
    return phrases.PhraseIndex(
        [
            (term, (theme, weak))
            for theme in ordered
            for weak, terms in ((False, theme.terms), (True, theme.weak_terms))
            for term in terms
        ]
    )


def find(
    seq: list[str],
    extra_themes: list[dict] | None = None,
    lean: float = 0.0,
    context: tuple[str, ...] = (),
    said: frozenset[str] = frozenset(),
) -> list[Hit]:
    """Themes named in one clause's concepts; negated complaint/praise terms turn into their
    opposite ('tidak telat' -> delivery_on_time); the clause's aspects (or, when it names none, those
    of the clause before it: `context`) decide what weak terms mean, and `lean` (the clause's lexicon
    polarity) what a lone aspect does: its complaint or praise, or the problem whose terms use a lexicon word
    the clause `said` that way ('kamarnya kecil' -> room_small)."""
    frozen = _freeze(extra_themes)
    themes = _taxonomy(frozen)
    hits = [_resolve(f.payload[0], themes, f.words, f.negated, f.payload[1]) for f in _index(frozen).find(seq)]
    hits = [_journeys_own(h, themes, _own_terms(frozen)) for h in hits if h]
    said = said & _telling_words(frozen)
    return theme_aspects.by_aspect(hits, themes, _aspect_of(frozen), _problems(frozen), lean, context, said)


@lru_cache(maxsize=256)
def _own_terms(frozen: str) -> tuple[tuple[tuple[str, ...], Theme], ...]:
    """A journey's own themes' terms as concept sequences."""
    own = [t for t in _taxonomy(frozen).values() if t.own]
    return tuple((v, t) for t in own for term in t.terms for v in phrases.term_variants(term) if v != (phrases.NOT,))


def _journeys_own(hit: Hit, themes: dict[str, Theme], own_terms: tuple) -> Hit:
    """A built-in hit whose words hold a term of a journey's own theme of the same kind becomes that theme: "no
    spoon" is the CX team's "Missing cutlery" (terms sendok, spoon), not the built-in cutlery_missing beside it."""
    builtin = themes[hit.key]
    if builtin.own or not own_terms:
        return hit
    words = tuple(w for w in hit.words.split() if w != phrases.NOT)
    for term, theme in own_terms:
        fits = theme.polarity == builtin.polarity or not builtin.polarity
        if fits and any(words[i : i + len(term)] == term for i in range(len(words) - len(term) + 1)):
            return Hit(theme.key, hit.words, hit.negated, hit.weak)
    return hit


def aspects_of(hits: list[Hit], extra_themes: list[dict] | None = None) -> tuple[str, ...]:
    """The aspects one clause's hits are about (the next clause's `context`): aspect keys, and the
    aspect whose complaint or praise a hit is ('wifi lemot' -> wifi_poor -> wifi)."""
    frozen = _freeze(extra_themes)
    return theme_aspects.aspects_in(hits, _taxonomy(frozen), _aspect_of(frozen))


@lru_cache(maxsize=256)
def _aspect_of(frozen: str) -> dict[str, str]:
    """complaint or praise key -> the aspect that names it (the first one, in taxonomy order)."""
    owner: dict[str, str] = {}
    for theme in _taxonomy(frozen).values():
        for key in (theme.complaint, theme.praise):
            if key:
                owner.setdefault(key, theme.key)
    return owner


TELLING = 3  # a word in the terms of at most this many complaints and praise tells which one a clause means


@lru_cache(maxsize=256)
def _telling_words(frozen: str) -> frozenset[str]:
    """Words of complaint and praise terms that few themes share: 'kecil' (portion_small, room_small) tells,
    'susah' (hard to use, to reach, to sleep, ...) does not."""
    counts = Counter(c for problems in _problems(frozen).values() for _, _, concepts in problems for c in concepts)
    return frozenset(c for c, n in counts.items() if n <= TELLING)


@lru_cache(maxsize=256)
def _problems(frozen: str) -> dict[str, tuple[tuple[str, int, frozenset[str]], ...]]:
    """aspect key -> its complaints and praise as (key, polarity, the concepts of their terms)."""
    found: dict[str, list] = {}
    for theme in _taxonomy(frozen).values():
        if theme.aspect and theme.polarity:
            concepts = frozenset(c for term in theme.terms for v in phrases.term_variants(term) for c in v)
            found.setdefault(theme.aspect, []).append((theme.key, theme.polarity, concepts))
    return {aspect: tuple(problems) for aspect, problems in found.items()}


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


def _resolve(
    theme: Theme, themes: dict[str, Theme], term: tuple[str, ...], negated: bool, weak: bool = False
) -> Hit | None:
    words = " ".join(term)
    if not negated or theme.polarity == 0:
        return Hit(theme.key, words, weak=weak)
    if theme.opposite and theme.opposite in themes:
        return Hit(theme.opposite, "not " + words, negated=True, weak=weak)
    if theme.own and theme.polarity < 0:  # a journey's complaint names a thing: "no spoon" is "Missing cutlery"
        return Hit(theme.key, "not " + words, negated=True, weak=weak)
    return None


def theme_polarity(key: str, extra_themes: list[dict] | None = None) -> int:
    """-1 complaint, 1 praise, 0 aspect or unknown."""
    theme = taxonomy(extra_themes).get(key)
    return theme.polarity if theme else 0
