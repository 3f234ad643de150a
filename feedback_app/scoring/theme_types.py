"""What a theme is (themes.py reads them from data) and what finding one in an answer records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    key: str
    label: dict[str, str]
    polarity: int
    opposite: str | None
    terms: tuple[str, ...]
    weak_terms: tuple[str, ...] = ()
    complaint: str | None = None  # aspects: what a complaint about it is
    praise: str | None = None  # aspects: what a praise of it is
    elsewhere: str | None = None  # weak complaint/praise next to an aspect without its own
    keeps_weak: bool = False  # aspects: a clause about it keeps weak words as they are ('kurir lambat')
    aspect: str | None = None  # complaints and praise: the aspect they are about ('cutlery_missing' -> 'cutlery')
    absorbs: tuple[str, ...] = ()  # aspects: aspects whose problems become its own in a clause about it
    own: bool = False  # a journey's own theme (the CX team's words win over the built-in ones)


@dataclass(frozen=True)
class Hit:
    """One theme found: which key, from which words (for explanations)."""

    key: str
    words: str
    negated: bool = False
    weak: bool = False
