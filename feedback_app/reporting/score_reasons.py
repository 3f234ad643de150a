"""Why an answer got its score, as a CX manager reads it: each word once with the way it pulls ("'kecewa' pulls
towards negative", strongly or slightly), themes by their names in the reader's language (never internal keys),
and the text's own reading beside the face-anchored label."""

from __future__ import annotations

from feedback_app.insight.theme_sets import ThemeSet
from feedback_app.models import Response
from feedback_app.scoring import explain, theme_aspect

STRONG_PUSH = {"lexicon": 0.6, "emoji": 0.6, "model": 1.5}  # a push this large (in its source's units) is "strong"


def reader_explanation(response: Response, themes: ThemeSet, lang: str) -> dict:
    """The scorer's explanation of a stored answer (read with its journey's themes), plus `reasons` and theme
    names for a reader of `lang`."""
    explanation = explain(response.text, face=response.face, extra_themes=themes.extra)["explanation"]
    explanation["reasons"] = reasons(explanation["polarity_words"])
    for theme in explanation["themes"]:
        aspect = theme_aspect(theme["key"], themes.extra)
        theme["name"] = themes.label(theme["key"], lang)
        theme["aspect_name"] = themes.label(aspect, lang) if aspect and aspect != theme["key"] else None
    return explanation


def reasons(polarity_words: list[dict]) -> list[dict]:
    """Each word once, in the scorer's order (lexicon and emoji before the model's words), in the customer's own
    words, with the way its first and most trusted source pulls and whether any source pulls strongly."""
    out: dict[str, dict] = {}
    for item in polarity_words:
        strong = abs(item["push"]) >= STRONG_PUSH.get(item["source"], 1.0)
        if item["word"] in out:
            out[item["word"]]["strongly"] |= strong
            continue
        out[item["word"]] = {"word": item["quote"], "towards": item["towards"], "strongly": strong}
    return list(out.values())
