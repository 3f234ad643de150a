"""Polarity in -1..1 and a positive/neutral/negative label for one answer.

How: two kinds of evidence, blended with LEARNED_WEIGHT per language:
  learned - the language's linear model on the whole answer (p_positive - p_negative); a
            code-mixed answer gets both models, weighted by its share of Indonesian words;
  rules   - per clause (cut at , . ! ? and contrast words): TextBlob polarity of its English
            words (TextBlob's own negation and intensifiers), the feedback lexicon ('telat',
            'tidak mengecewakan'), complaint/praise themes and emoji, averaged with the clause
            after 'but'/'tapi' weighing double and a clause under 'although'/'meskipun' half.
Negation weakens the learned part (bag-of-n-gram models misread 'tidak mengecewakan'). Short
lukewarm answers ('ok', 'biasa aja') take the lexicon's value. Labels: neutral inside
NEUTRAL_BAND, or inside the wider MIXED_BAND when an answer both praises and complains.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from feedback_app.scoring import language, lexicon, models, normalise, phrases, resources, textblob_sentiment, themes

NEUTRAL_BAND = 0.15
MIXED_BAND = 0.35   # praise and complaint in one answer: neutral unless one side clearly wins
MIXED_SIDE = 0.1    # a clause's rules this far from 0 count as praise or complaint
MIXED_RATIO = 0.5   # the weaker side must be at least half the stronger for 'mixed'
SHORT_ANSWER, LONG_ANSWER, LONG_LEARNED = 8, 20, 0.9  # learned weight grows to 0.9 from 8 to 28 concepts
LEARNED_WEIGHT = {"id": 0.3, "en": 0.25}
NEGATED_LEARNED = 0.4
THEME_CUE = 0.6
SHORT = 4           # concepts: an answer this short that is only lukewarm words is lukewarm
CONTRAST_AFTER = frozenset("tapi tetapi namun but however sayangnya sayang cuma hanya unfortunately yet "
                           "sedangkan except kecuali".split())
BEFORE_CONTRAST = 0.5  # weight of what comes before "but" (what follows weighs 1)
CONCESSION = frozenset("although though meskipun walaupun walau meski despite".split())


@dataclass
class Clause:
    """Words of one clause with their languages, how much it counts, and its rule evidence."""

    words: list[str]
    langs: list[str]
    weight: float = 1.0
    segment: int = 0    # contrast segment: increases at each 'but' / 'although'
    polarity: float | None = None
    parts: dict[str, float] = field(default_factory=dict)
    seq: list[str] = field(default_factory=list)
    cues: list[lexicon.Cue] = field(default_factory=list)
    hits: list[themes.Hit] = field(default_factory=list)


@dataclass
class Sentiment:
    polarity: float
    label: str
    clauses: list[Clause]
    learned: dict[str, float] = field(default_factory=dict)


@cache
def signs(lang: str) -> np.ndarray:
    """+1 / 0 / -1 for each sentiment class of a language's model."""
    classes = models.language_model(lang).sentiment_classes
    return np.array([{"positive": 1.0, "negative": -1.0}.get(c, 0.0) for c in classes], dtype=np.float32)


def learned(words: list[str], lang: str) -> float:
    """p_positive - p_negative of one language's model for these words."""
    return float(models.predict(words, lang)[0] @ signs(lang))


def clauses(words: list[str], langs: list[str]) -> list[Clause]:
    """Cut at clause breaks and contrast words; the clause after a contrast weighs double."""
    out: list[Clause] = [Clause([], [])]
    for word, lang in zip(words, langs):
        if word == normalise.BREAK or word in CONTRAST_AFTER or word in CONCESSION:
            segment = out[-1].segment + (word != normalise.BREAK)
            if out[-1].words:
                out.append(Clause([], [], segment=segment))
            else:
                out[-1].segment = segment
            if word in CONTRAST_AFTER:
                for earlier in out[:-1]:
                    earlier.weight = min(earlier.weight, BEFORE_CONTRAST)
            elif word in CONCESSION:
                out[-1].weight = 0.5
            continue
        out[-1].words.append(word)
        out[-1].langs.append(lang)
    return [c for c in out if c.words]


def rule_signals(clause: Clause, extra_themes: list[dict] | None) -> dict[str, float]:
    """Lexicon evidence of one clause: TextBlob on English words, feedback lexicon, themes, emoji."""
    signals: dict[str, float] = {}
    english = [w for w, lang in zip(clause.words, clause.langs) if lang == "en" and w[0].isalnum()]
    if english:
        tb = textblob_polarity(" ".join(english))
        if tb:
            signals["textblob"] = tb
    clause.seq = seq = phrases.concepts(clause.words, clause.langs)
    clause.cues = lexicon.cues(seq)
    if lexicon.is_lukewarm(clause.cues):
        signals["lukewarm"] = sum(c.polarity for c in clause.cues) / len(clause.cues)
    elif clause.cues:
        signals["lexicon"] = float(np.clip(sum(c.polarity for c in clause.cues), -1, 1))
    clause.hits = themes.find(seq, extra_themes)
    cue = sum(themes.theme_polarity(h.key, extra_themes) for h in clause.hits)
    if cue:
        signals["themes"] = float(np.clip(cue * THEME_CUE, -1, 1))
    table = resources.emoji_table()
    emoji = [table[w][0] for w in clause.words if w in table]
    if emoji:
        signals["emoji"] = sum(emoji) / len(emoji)
    return signals


def textblob_polarity(text: str) -> float:
    """TextBlob's pattern-lexicon polarity (negation and intensifiers included)."""
    return textblob_sentiment.polarity_subjectivity(text)[0]


def analyse(words: list[str], langs: list[str], id_share: float, exclaim: int = 0,
            extra_themes: list[dict] | None = None) -> Sentiment:
    """Score one answer's normalised words."""
    parts = clauses(words, langs)
    for clause in parts:
        clause.parts = rule_signals(clause, extra_themes)
        if clause.parts:
            clause.polarity = sum(clause.parts.values()) / len(clause.parts)
    seq = [c for clause in parts for c in clause.seq]
    if not parts or lexicon.is_neutral_answer(seq):
        return Sentiment(0.0, "neutral", parts)
    cues = [c for clause in parts for c in clause.cues]
    if len(seq) <= SHORT and lexicon.is_lukewarm(cues) and not any("emoji" in c.parts for c in parts):
        polarity = sum(c.polarity for c in cues) / len(cues)
        return Sentiment(round(polarity, 4), label_for(polarity), parts)
    learned_parts = {lang: learned_by_segment(words, parts, lang) for lang, _ in language.mix(id_share)}
    polarity = blend(parts, learned_parts, id_share, seq)
    polarity = float(np.clip(polarity * (1 + 0.1 * min(exclaim, 3)), -1, 1))
    return Sentiment(round(polarity, 4), label_for(polarity, is_mixed(parts)), parts, learned_parts)


def learned_by_segment(words: list[str], parts: list[Clause], lang: str) -> float:
    """The learned model reads each contrast segment on its own ('enak tapi telat' is two
    opinions), weighted like the clauses; without a contrast, the whole answer at once."""
    segments: dict[int, list[Clause]] = {}
    for clause in parts:
        segments.setdefault(clause.segment, []).append(clause)
    if len(segments) == 1:
        return learned(words, lang)
    total = sum(group[0].weight for group in segments.values())
    return sum(group[0].weight * learned([w for c in group for w in c.words], lang)
               for group in segments.values()) / total


def is_mixed(parts: list[Clause]) -> bool:
    """Praise and complaint of comparable weight ('food ok, delivery slow'); one complaint in a
    long happy review is not mixed."""
    pos = sum(c.weight * c.polarity for c in parts if c.polarity is not None and c.polarity > MIXED_SIDE)
    neg = -sum(c.weight * c.polarity for c in parts if c.polarity is not None and c.polarity < -MIXED_SIDE)
    return min(pos, neg) > 0 and min(pos, neg) >= MIXED_RATIO * max(pos, neg)


def blend(parts: list[Clause], learned_parts: dict[str, float], id_share: float, seq: list[str]) -> float:
    """Learned and rule evidence into one polarity. The rules speak for the few words they
    match: in a long answer the learned model, which reads every word, counts for more."""
    mix = language.mix(id_share)
    learned_pol = sum(share * learned_parts[lang] for lang, share in mix)
    weight = sum(share * LEARNED_WEIGHT[lang] for lang, share in mix)
    weight += (LONG_LEARNED - weight) * min(1.0, max(0, len(seq) - SHORT_ANSWER) / LONG_ANSWER)
    weight *= NEGATED_LEARNED if phrases.NOT in seq else 1.0
    ruled = [c for c in parts if c.polarity is not None]
    if not ruled:
        return learned_pol
    total = sum(c.weight for c in ruled)
    rules = sum(c.polarity * c.weight for c in ruled) / total
    return weight * learned_pol + (1 - weight) * rules


def label_for(polarity: float, mixed: bool = False) -> str:
    """Neutral inside the band; a mixed answer (praise and complaint) needs a clearer lean."""
    band = MIXED_BAND if mixed else NEUTRAL_BAND
    if polarity > band:
        return "positive"
    if polarity < -band:
        return "negative"
    return "neutral"
