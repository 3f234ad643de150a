"""Answers no theme covers: their main complaint or praise word becomes a fallback theme key
'term:<english lemma>' ('dingin' and 'cold' both -> 'term:cold', through data/glossary.json),
and recurring ones are offered to the CX team as candidate themes.
"""
from __future__ import annotations

from collections import Counter
from functools import cache

from feedback_app.scoring import models, phrases, resources, sentiment

MIN_WEIGHT = 0.4   # a word must push polarity at least this much (model units) to name the answer
MAX_QUOTES = 3


@cache
def glossary() -> dict[str, str]:
    return resources.load_json("glossary.json")["words"]


def word_weight(word: str, lang: str) -> float:
    """How much one word alone pushes the language's sentiment model (positive > 0)."""
    model = models.language_model(lang)
    return float(models.word_push(word, lang)[:model.split] @ sentiment.signs(lang))


def english_key(word: str, lang: str) -> str:
    """The same key for a term in either language: Indonesian through the glossary."""
    lemma = phrases.concept(word, lang)
    if lang == "id":
        lemma = glossary().get(word) or glossary().get(lemma) or lemma
    return "term:" + lemma.replace(" ", "_")


def main_term(words: list[str], langs: list[str], polarity: float) -> tuple[str, str, float] | None:
    """(word, lang, weight) of the word that pushes most in the answer's direction."""
    sign = 1.0 if polarity >= 0 else -1.0
    best: tuple[str, str, float] | None = None
    for word, lang in zip(words, langs):
        if len(word) < 3 or not word.isalpha() or word in phrases.FILLERS or phrases.concept(word, lang) == phrases.NOT:
            continue
        weight = word_weight(word, lang) * sign
        if weight >= MIN_WEIGHT and (best is None or weight > best[2]):
            best = (word, lang, weight)
    return best


def fallback_theme(words: list[str], langs: list[str], polarity: float) -> str | None:
    """'term:<lemma>' for an answer with a clear main term, else None."""
    found = main_term(words, langs, polarity)
    return english_key(found[0], found[1]) if found else None


def candidate_themes(texts: list[str], min_count: int = 2) -> list[dict]:
    """Recurring fallback terms across answers: [{'term', 'key', 'count', 'quotes'}], most frequent first."""
    from feedback_app.scoring.analysis import analyse

    counts: Counter = Counter()
    quotes: dict[str, list[str]] = {}
    for text in texts:
        if not isinstance(text, str):
            continue
        found = analyse(text)
        for key in found.themes:
            if key.startswith("term:"):
                counts[key] += 1
                quotes.setdefault(key, [])
                if len(quotes[key]) < MAX_QUOTES:
                    quotes[key].append(found.text.raw[:300])
    ranked = sorted((k for k, c in counts.items() if c >= min_count), key=lambda k: (-counts[k], k))
    return [{"term": k.split(":", 1)[1].replace("_", " "), "key": k, "count": counts[k], "quotes": quotes[k]}
            for k in ranked]
