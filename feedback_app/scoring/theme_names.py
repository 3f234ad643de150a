"""What a theme key is called and what it is about, for readers: its name in the reader's language (every
built-in theme and aspect has an Indonesian and an English one; a journey's own theme its own two; a fallback
'term:' key its words, through the glossary for Indonesian readers), and the aspect a complaint or praise belongs
to ('cutlery_missing' -> 'cutlery'), so a pain-point lane can show the aspect with its problems.
"""

from __future__ import annotations

import re
from functools import lru_cache

from feedback_app.scoring import phrases, resources
from feedback_app.scoring.themes import taxonomy


def label(key: str, lang: str = "en", extra_themes: list[dict] | None = None) -> str:
    """A theme's label in a language; unknown keys read as words ('term:cold' -> 'Cold')."""
    theme = taxonomy(extra_themes).get(key)
    if theme and theme.label:
        return theme.label.get(lang) or theme.label.get("en") or next(iter(theme.label.values()))
    words = re.sub(r"[_:\-]+", " ", key.split(":", 1)[-1]).strip()
    if lang == "id" and key.startswith("term:"):  # 'term:not_sweet' -> 'Tidak manis' for an Indonesian reader
        words = " ".join(_indonesian().get(word, word) for word in words.split())
    return (words[:1].upper() + words[1:]) if words else key


def aspect(key: str, extra_themes: list[dict] | None = None) -> str | None:
    """The aspect a theme is about: a complaint's or praise's own ('too_spicy' -> 'spiciness'), or the aspect
    that names it as its complaint or praise; an aspect is its own; None for fallback and unknown keys."""
    themes = taxonomy(extra_themes)
    theme = themes.get(key)
    if theme is None:
        return None
    if not theme.polarity:
        return key
    if theme.aspect in themes:
        return theme.aspect
    return next((t.key for t in themes.values() if key in (t.complaint, t.praise)), None)


@lru_cache(maxsize=1)
def _indonesian() -> dict[str, str]:
    """English lemma -> an Indonesian word, from the glossary the fallback keys are made with."""
    out = {"not": "tidak"}
    for indonesian, english in sorted(resources.glossary().items()):
        if " " not in english:
            out.setdefault(english, indonesian)
            out.setdefault(phrases.concept(english, "en"), indonesian)
    return out
