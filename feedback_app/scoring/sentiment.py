"""Polarity in -1..1 and a positive/neutral/negative label for one answer.

How: the answer is cut into clauses (at , . ! ? and at contrast words); each clause gets
  learned  - the language's linear model (p_positive - p_negative), both models weighted by
             the Indonesian share of the words when the answer is code-mixed;
  rules    - TextBlob polarity for English words (with its own negation and intensifiers),
             complaint/praise themes ('telat', 'rude', 'porsi pas'), emoji and emoticons;
and the clauses are averaged with the clause after 'but'/'tapi' weighing double and a clause
under 'although'/'meskipun' half. A neutral band (NEUTRAL_BAND) turns small polarities into
'neutral'; lukewarm words ('ok', 'lumayan') are damped so mixed answers land there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from feedback_app.scoring import features, language, normalise, resources, themes

NEUTRAL_BAND = 0.15
LEARNED_WEIGHT = 0.5
THEME_CUE = 0.6
CONTRAST_AFTER = frozenset("tapi tetapi namun but however sayangnya sayang cuma hanya unfortunately yet "
                           "sedangkan except kecuali".split())
CONCESSION = frozenset("although though meskipun walaupun walau meski despite".split())
LUKEWARM = {"ok": 0.15, "okay": 0.15, "oke": 0.15, "fine": 0.15, "decent": 0.2, "lumayan": 0.2,
            "average": 0.0, "standard": 0.0, "standar": 0.0, "biasa": 0.0, "so-so": 0.0}


@dataclass
class Clause:
    """Words of one clause with their languages, and how much the clause counts."""

    words: list[str]
    langs: list[str]
    weight: float = 1.0
    polarity: float = 0.0
    parts: dict[str, float] = field(default_factory=dict)


@dataclass
class Sentiment:
    polarity: float
    label: str
    subjectivity: float
    clauses: list[Clause]


@cache
def model(lang: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, bias, polarity per class) of a language's sentiment model."""
    arrays = resources.load_arrays("models.npz")
    classes = [str(c) for c in arrays[f"sentiment_{lang}_classes"]]
    signs = np.array([{"positive": 1.0, "negative": -1.0}.get(c, 0.0) for c in classes], dtype=np.float32)
    return arrays[f"sentiment_{lang}_W"], arrays[f"sentiment_{lang}_b"], signs


def learned(words: list[str], lang: str) -> float:
    """p_positive - p_negative of one language's model for these words."""
    weights, bias, signs = model(lang)
    negators = normalise.NEGATORS_ID if lang == "id" else normalise.NEGATORS_EN
    return float(features.scores(weights, bias, features.feature_indices(words, negators)) @ signs)


def clauses(words: list[str], langs: list[str]) -> list[Clause]:
    """Cut at clause breaks and contrast words; weight the clause after a contrast double."""
    out: list[Clause] = [Clause([], [])]
    for word, lang in zip(words, langs):
        if word == normalise.BREAK or word in CONTRAST_AFTER or word in CONCESSION:
            if out[-1].words:
                out.append(Clause([], []))
            if word in CONTRAST_AFTER:
                for earlier in out[:-1]:
                    earlier.weight = min(earlier.weight, 0.5)
            elif word in CONCESSION:
                out[-1].weight = 0.5
            continue
        out[-1].words.append(word)
        out[-1].langs.append(lang)
    return [c for c in out if c.words]


def clause_polarity(clause: Clause, id_share: float, extra_themes: list[dict] | None) -> float:
    """Blend of the learned models and the rules for one clause (parts kept for explanations)."""
    parts = clause.parts
    learned_pol = 0.0
    for lang, share in language.mix(id_share):
        parts[f"learned_{lang}"] = learned(clause.words, lang)
        learned_pol += share * parts[f"learned_{lang}"]
    rules = rule_signals(clause, extra_themes)
    parts.update(rules)
    if not rules:
        return learned_pol
    rule_pol = sum(rules.values()) / len(rules)
    return float(np.clip(LEARNED_WEIGHT * learned_pol + (1 - LEARNED_WEIGHT) * rule_pol, -1, 1))


def rule_signals(clause: Clause, extra_themes: list[dict] | None) -> dict[str, float]:
    """Lexicon evidence: TextBlob on English words, themes, emoji, lukewarm words."""
    signals: dict[str, float] = {}
    english = [w for w, lang in zip(clause.words, clause.langs) if lang == "en" and w[0].isalnum()]
    if english:
        tb = textblob_polarity(" ".join(english))
        if tb:
            signals["textblob"] = tb
    seq = themes.concepts(clause.words, clause.langs)
    cue = sum(themes.theme_polarity(h.key, extra_themes) for h in themes.match(seq, extra_themes))
    if cue:
        signals["themes"] = float(np.clip(cue * THEME_CUE, -1, 1))
    table = resources.emoji_table()
    emoji = [table[w][0] for w in clause.words if w in table]
    if emoji:
        signals["emoji"] = sum(emoji) / len(emoji)
    lukewarm = [LUKEWARM[w] for w in clause.words if w in LUKEWARM]
    if lukewarm and len(clause.words) <= 3:
        signals = {"lukewarm": sum(lukewarm) / len(lukewarm), **{k: v for k, v in signals.items() if k == "emoji"}}
    return signals


def textblob_polarity(text: str) -> float:
    """TextBlob's pattern-lexicon polarity (negation and intensifiers included)."""
    from textblob import TextBlob

    return float(TextBlob(text).sentiment.polarity)


def analyse(words: list[str], langs: list[str], id_share: float, exclaim: int = 0,
            extra_themes: list[dict] | None = None) -> Sentiment:
    """Score one answer's normalised words."""
    parts = clauses(words, langs)
    for clause in parts:
        clause.polarity = clause_polarity(clause, id_share, extra_themes)
    total = sum(c.weight for c in parts)
    polarity = sum(c.polarity * c.weight for c in parts) / total if total else 0.0
    polarity = float(np.clip(polarity * (1 + 0.1 * min(exclaim, 3)), -1, 1))
    return Sentiment(round(polarity, 4), label_for(polarity), 0.0, parts)


def label_for(polarity: float) -> str:
    if polarity > NEUTRAL_BAND:
        return "positive"
    if polarity < -NEUTRAL_BAND:
        return "negative"
    return "neutral"
