"""How a clause's aspect decides what its generic words mean (themes.py finds the hits).

A complaint or praise theme met only through a *weak* term ('lambat', 'slow', 'rusak', 'broken', 'cepat')
becomes the aspect's own: the aspect's problem whose terms use that word ('broken' about a suitcase ->
luggage_damaged), else the aspect's complaint or praise ("wifi hotel lemot" -> wifi_poor, not delivery_late),
or its theme's `elsewhere` key ('slow' about a bank branch -> waiting_time). A clause whose lexicon words
clearly complain or praise turns a lone aspect into its complaint or praise. An aspect may take in others
(`absorbs`): food words about breakfast are the breakfast's complaint or praise.
"""

from __future__ import annotations

from dataclasses import replace

from feedback_app.scoring import phrases
from feedback_app.scoring.theme_types import Hit, Theme

LEAN = 0.3  # lexicon polarity of a clause from which a lone aspect becomes its complaint or praise


def aspects_in(hits: list[Hit], themes: dict[str, Theme], owner: dict[str, str]) -> tuple[str, ...]:
    """Aspect hits, and the owners of strong complaint/praise hits (a weak word says nothing about what)."""
    return tuple(
        dict.fromkeys(
            h.key if themes[h.key].polarity == 0 else owner[h.key]
            for h in hits
            if h.key in themes and (themes[h.key].polarity == 0 or (h.key in owner and not h.weak))
        )
    )


def by_aspect(
    hits: list[Hit],
    themes: dict[str, Theme],
    owner: dict[str, str],
    problems: dict[str, tuple],
    lean: float,
    context: tuple[str, ...],
    said: frozenset[str] = frozenset(),
) -> list[Hit]:
    """Weak complaint/praise hits take the meaning of the clause's aspect; a linked aspect left
    alone in a clearly negative or positive clause becomes its complaint or praise, or the aspect's problem
    whose terms use a word the clause `said` beside the aspect ('kamarnya kecil' -> room_small)."""
    strong = {themes[h.key].polarity for h in hits if not h.weak and themes[h.key].polarity}
    if strong:  # 'data runs out fast': a weak word against the clause's own complaint or praise is no theme
        hits = [h for h in hits if not h.weak or themes[h.key].polarity in strong]
    aspects = [themes[key] for key in aspects_in(hits, themes, owner) or context if key in themes]
    if not aspects:
        return hits
    out: list[Hit] = []
    keep_weak = any(a.keeps_weak for a in aspects)
    named = [themes[h.key] for h in hits if not themes[h.key].polarity]
    for hit in hits:
        theme = themes[hit.key]
        weak = hit.weak and theme.polarity and not keep_weak
        target = _problem_named(aspects, hit, theme.polarity, themes, problems) or theme.elsewhere if weak else None
        target = _absorbed(named, theme) or target
        if target in themes:
            out.append(replace(hit, key=target, weak=False))
        elif not weak or theme.aspect in {a.key for a in aspects}:
            out.append(hit)  # else a generic word about an aspect with no such problem names nothing ('helpful app')
    linked_here = [themes[h.key] for h in hits if themes[h.key].polarity == 0]
    if abs(lean) >= LEAN and linked_here and not any(themes[h.key].polarity for h in out):
        direction = -1 if lean < 0 else 1
        linked = _problem_said(linked_here, direction, said, problems) or _link(linked_here, direction, themes)
        if linked:
            aspect, target = linked
            out.append(replace(next(h for h in hits if h.key == aspect), key=target))
    return out


def _absorbed(named: list[Theme], theme: Theme) -> str | None:
    """The complaint or praise of an aspect the clause itself names that takes in `theme`'s aspect: food words
    about breakfast are the breakfast's ('sarapannya dingin' -> breakfast_poor, not food_cold), but 'banyak
    pilihan' (breakfast_good) does not make a restaurant's food a breakfast."""
    if not theme.polarity:
        return None
    taker = next((a for a in named if theme.aspect in a.absorbs), None)
    return (taker.complaint if theme.polarity < 0 else taker.praise) if taker else None


def _problem_named(
    aspects: list[Theme], hit: Hit, direction: int, themes: dict[str, Theme], problems: dict[str, tuple]
) -> str | None:
    """The complaint (direction < 0) or praise a weak word means about the first aspect that has one: the
    aspect's own problem whose terms use that word ('broken' about a suitcase is luggage_damaged, whose terms
    say 'broken wheel'), else the aspect's complaint or praise (luggage_lost)."""
    words = set(hit.words.split()) - {phrases.NOT}
    for aspect in aspects:
        default = aspect.complaint if direction < 0 else aspect.praise
        own = [
            key
            for key, polarity, concepts in problems.get(aspect.key, ())
            if polarity == direction and words <= concepts
        ]
        if own:
            return default if default in own else own[0]
        if default in themes:
            return default
    return None


def _problem_said(
    aspects: list[Theme], direction: int, said: frozenset[str], problems: dict[str, tuple]
) -> tuple[str, str] | None:
    """(aspect, its problem or praise of that direction whose terms use one of the words `said`), the first."""
    return next(
        (
            (a.key, key)
            for a in aspects
            for key, polarity, concepts in problems.get(a.key, ())
            if polarity == direction and said & concepts
        ),
        None,
    )


def _link(aspects: list[Theme], direction: int, themes: dict[str, Theme]) -> tuple[str, str] | None:
    """(aspect, its complaint (direction < 0) or praise (> 0)) of the first aspect that has one."""
    return next(
        ((a.key, key) for a in aspects for key in [a.complaint if direction < 0 else a.praise] if key in themes), None
    )
