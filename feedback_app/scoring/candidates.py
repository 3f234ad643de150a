"""Candidate themes for the CX team: fallback theme keys (fallback_themes.py) that recur across
answers, with quotes, and the customers' own words behind one key as terms for a new theme.
"""

from __future__ import annotations

from collections import Counter

from feedback_app.scoring.analysis import analyse
from feedback_app.scoring.fallback_themes import english_key, main_term

MAX_QUOTES = 3


def candidate_themes(texts: list[str], min_count: int = 2) -> list[dict]:
    """Recurring fallback terms across answers: [{'term', 'key', 'count', 'quotes'}], most frequent first."""
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
    return [
        {"term": k.split(":", 1)[1].replace("_", " "), "key": k, "count": counts[k], "quotes": quotes[k]}
        for k in ranked
    ]


def suggested_terms(texts: list[str], key: str) -> list[str]:
    """The words behind a fallback key in the answers that carry it, as theme terms in the customers' own
    language ('kurang pedas' -> 'tidak pedas', 'not spicy enough' -> 'not spicy'), the key's words last."""
    terms: list[str] = []
    for text in texts:
        found = analyse(text) if isinstance(text, str) else None
        term = main_term(found.words, found.langs) if found else None
        if term and english_key(*term) == key:
            word, lang, negated = term
            terms.append((("tidak " if lang == "id" else "not ") if negated else "") + word)
    terms.append(key.split(":", 1)[-1].replace("_", " "))
    return list(dict.fromkeys(terms))
