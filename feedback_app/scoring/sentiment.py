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

from feedback_app.scoring import (
    adaptation,
    customer_cues,
    language,
    lexicon,
    models,
    normalise,
    phrases,
    resources,
    textblob_sentiment,
    themes,
)

NEUTRAL_BAND = 0.15
NEUTRAL_ARGMAX_BAND = 0.5  # neutral is the likeliest class and |polarity| below this: neutral
MIXED_SIDE = 0.1  # a clause's rules this far from 0 count as praise or complaint
MIXED_PULL = 3.0  # log-odds towards neutral per unit of mixed evidence (4.0 before the models read
# neutral better themselves: "enak tapi kurirnya kasar dan makanannya dingin" stays negative)
RULE_STRENGTH = 3.0  # log-odds shift per unit of rule polarity
TEMPER_SHORT = {"id": 0.5, "en": 0.35}  # learned log-probabilities are scaled by this for short answers, 1 for long
SHORT_ANSWER, LONG_ANSWER = 4, 6  # concepts: temper grows from TEMPER_SHORT to 1 between 4 and 10
TEMPER_LONG, LONGER = 4.0, 8  # ...and on to TEMPER_LONG by 10 + LONGER concepts (long answers: the model reads more)
WHOLE_READ = 15  # words: a longer answer is read by the learned model whole, as its training reviews were
NEGATED_LEARNED = 0.3
CLEAR_RULES = 0.4  # mean rule polarity that lets a mild lean out of the neutral class...
CLEAR_RULES_UP_TO = 12  # ...in answers of at most this many concepts (long reviews: the model reads them better)
THEME_CUE = 0.6
SHORT = 4  # concepts: an answer this short that is only lukewarm words is lukewarm
CONTRAST_AFTER = frozenset(
    "tapi tetapi namun but however sayangnya sayang cuma hanya unfortunately yet sedangkan except kecuali".split()
)
BEFORE_CONTRAST = 0.5  # weight of what comes before "but" (what follows weighs 1)
CONCESSION = frozenset("although though meskipun walaupun walau meski despite".split())


@dataclass
class Clause:
    """Words of one clause with their languages, how much it counts, and its rule evidence."""

    words: list[str]
    langs: list[str]
    weight: float = 1.0
    segment: int = 0  # contrast segment: increases at each 'but' / 'although'
    after_but: bool = False  # the clause's segment follows a 'but' / 'tapi' (not an 'although')
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


def learned(words: list[str], lang: str) -> float:
    """p_positive - p_negative of one language's model for these words."""
    return float(models.predict(words, lang)[0] @ models.signs(lang))


def clauses(words: list[str], langs: list[str]) -> list[Clause]:
    """Cut at clause breaks and contrast words; the clause after a contrast weighs double."""
    out: list[Clause] = [Clause([], [])]
    for word, lang in zip(words, langs):
        if word == normalise.BREAK or word in CONTRAST_AFTER or word in CONCESSION:
            segment = out[-1].segment + (word != normalise.BREAK)
            if out[-1].words:
                out.append(Clause([], [], segment=segment, after_but=out[-1].after_but and word == normalise.BREAK))
            else:
                out[-1].segment = segment
            if word in CONTRAST_AFTER:
                out[-1].after_but = True
                for earlier in out[:-1]:
                    earlier.weight = min(earlier.weight, BEFORE_CONTRAST)
            elif word in CONCESSION:
                out[-1].weight = 0.5
            continue
        out[-1].words.append(word)
        out[-1].langs.append(lang)
    return [c for c in out if c.words]


def rule_signals(clause: Clause, extra_themes: list[dict] | None, context: tuple[str, ...] = ()) -> dict[str, float]:
    """Lexicon evidence of one clause: TextBlob on English words, feedback lexicon, themes, emoji."""
    signals: dict[str, float] = {}
    english = [
        "not" if w in normalise.NEGATORS_EN else w  # TextBlob knows "not", not "didnt"
        for w, lang in zip(clause.words, clause.langs)
        if lang == "en" and w[0].isalnum()
    ]
    if english and textblob_sentiment.knows_any(english):
        tb = textblob_sentiment.polarity_of_words(english)
        if tb:
            signals["textblob"] = tb
    clause.seq = seq = phrases.concepts(clause.words, clause.langs)
    clause.cues = lexicon.cues(seq)
    if lexicon.is_lukewarm(clause.cues):
        signals["lukewarm"] = sum(c.polarity for c in clause.cues) / len(clause.cues)
    elif clause.cues:
        signals["lexicon"] = clamp(sum(c.polarity for c in clause.cues))
    clause.hits = themes.find(seq, extra_themes, lean=sum(c.polarity for c in clause.cues), context=context)
    cue = sum(themes.theme_polarity(h.key, extra_themes) for h in clause.hits)
    if cue:
        signals["themes"] = clamp(cue * THEME_CUE)
    table = resources.emoji_table()
    emoji = [table[w][0] for w in clause.words if w in table]
    if emoji:
        signals["emoji"] = sum(emoji) / len(emoji)
    return signals


def analyse(
    words: list[str], langs: list[str], id_share: float, exclaim: int = 0, extra_themes: list[dict] | None = None
) -> Sentiment:
    """Score one answer's normalised words."""
    parts = clauses(words, langs)
    context: tuple[str, ...] = ()  # the aspects of the last clause that named one ("wifi lemot, ga bisa kerja")
    for i, clause in enumerate(parts):
        clause.parts = with_customer_cues(clause, rule_signals(clause, extra_themes, context), parts[:i])
        aspects = themes.aspects_of(clause.hits, extra_themes) or context
        if "long_wait" in clause.parts and not any(h.key in customer_cues.WAIT_THEMES for h in clause.hits):
            clause.hits.append(themes.Hit(customer_cues.wait_theme(aspects), " ".join(clause.seq)))
        context = aspects
        if clause.parts:
            clause.polarity = sum(clause.parts.values()) / len(clause.parts)
    unnamed_fault(parts)
    seq = [c for clause in parts for c in clause.seq]
    if not parts or lexicon.is_neutral_answer(seq):
        return Sentiment(0.0, "neutral", parts)
    cues = [c for clause in parts for c in clause.cues]
    if len(seq) <= SHORT and lexicon.is_lukewarm(cues) and not any("emoji" in c.parts for c in parts):
        polarity = sum(c.polarity for c in cues) / len(cues)
        return Sentiment(round(polarity, 4), label_for(polarity), parts)
    read = [c for c in parts if not customer_cues.sarcastic(c.parts)] or parts  # sarcastic thanks: not praise
    read_words = [w for c in read for w in c.words] if len(read) < len(parts) else words
    learned_parts = {lang: learned_by_segment(read_words, read, lang) for lang, _ in language.mix(id_share)}
    probs = pooled(learned_parts, id_share, parts, seq, adaptation.shift(words))
    polarity = float(probs[2] - probs[0])
    polarity = clamp(polarity * (1 + 0.1 * min(exclaim, 3)))
    rules = rule_evidence(parts) if len(seq) <= CLEAR_RULES_UP_TO else (0.0, 0.0)
    return Sentiment(
        round(polarity, 4),
        label_for(polarity, probs, rules),
        parts,
        {lang: round(float(p[2] - p[0]), 4) for lang, p in learned_parts.items()},
    )


def with_customer_cues(clause: Clause, signals: dict[str, float], earlier: list[Clause]) -> dict[str, float]:
    """The clause's rule signals with customer_cues': thanks after a complaint are sarcasm (nothing else of
    the clause counts), a request drops the clause's praise ('please' is also the lemma of 'pleased')."""
    cues = customer_cues.signals(clause.words, [c.polarity for c in earlier])
    if customer_cues.sarcastic(cues):
        return cues
    if "request" in cues:
        signals = {k: v for k, v in signals.items() if v <= 0}
    elif "excess" in cues and signals.get("textblob", 0) > 0:  # TextBlob reads 'too sweet' as very sweet
        del signals["textblob"]
    return {**signals, **cues}


def unnamed_fault(parts: list[Clause]) -> None:
    """'The menu was nice but I could not find …': a segment after a 'but' that follows praise and names no
    fault the lexicon knows still leans against the praise (its first clause without evidence gets it)."""
    praised = False
    for segment in sorted({c.segment for c in parts}):
        group = [c for c in parts if c.segment == segment]
        if praised and group[0].after_but and not any(c.polarity is not None and c.polarity < 0 for c in group):
            bare = next((c for c in group if c.polarity is None), None)
            if bare is not None:
                bare.parts = {"unnamed_fault": customer_cues.UNNAMED_FAULT}
                bare.polarity = customer_cues.UNNAMED_FAULT
        praised = any(c.polarity is not None and c.polarity > MIXED_SIDE for c in group)


def ordered(lang: str, probs: np.ndarray) -> np.ndarray:
    """A model's sentiment probabilities as (negative, neutral, positive)."""
    return probs[_neutral_order(lang)]


@cache
def _neutral_order(lang: str) -> np.ndarray:
    classes = models.language_model(lang).sentiment_classes
    return np.array([classes.index(c) for c in ("negative", "neutral", "positive")])


def clamp(value: float) -> float:
    """np.clip(value, -1, 1) of one number (NaN stays NaN), without numpy's ~3 µs per call."""
    return -1.0 if value < -1 else 1.0 if value > 1 else float(value)


def learned_by_segment(words: list[str], parts: list[Clause], lang: str) -> np.ndarray:
    """The learned model reads each contrast segment on its own ('enak tapi telat' is two
    opinions), weighted like the clauses; without a contrast, or in a long answer (trained on
    whole reviews, the model reads them better whole: dev split 0.83 -> 0.85), the whole answer at once."""
    segments: dict[int, list[Clause]] = {}
    for clause in parts:
        segments.setdefault(clause.segment, []).append(clause)
    if len(segments) == 1 or len(words) > WHOLE_READ:
        return ordered(lang, models.predict(words, lang)[0])
    weights = [group[0].weight for group in segments.values()]
    return sum(
        weight * ordered(lang, models.predict([w for c in group for w in c.words], lang)[0])
        for weight, group in zip(weights, segments.values())
    ) / sum(weights)


def rule_evidence(parts: list[Clause]) -> tuple[float, float]:
    """(mean rule polarity, weighted by clause; mixed strength: how much praise and complaint
    both are there, 0 when only one side speaks)."""
    ruled = [c for c in parts if c.polarity is not None]
    if not ruled:
        return 0.0, 0.0
    total = sum(c.weight for c in ruled)
    mean = sum(c.polarity * c.weight for c in ruled) / total
    # weighted: praise before a 'but' counts less against the complaint after it ('nice, but …')
    pos = sum(c.polarity * c.weight for c in ruled if c.polarity > MIXED_SIDE)
    neg = -sum(c.polarity * c.weight for c in ruled if c.polarity < -MIXED_SIDE)
    return mean, min(pos, neg) / total


def pooled(
    learned_parts: dict[str, np.ndarray],
    id_share: float,
    parts: list[Clause],
    seq: list[str],
    learned_shift: float = 0.0,
) -> np.ndarray:
    """(negative, neutral, positive) probabilities: the learned models' log-probabilities,
    tempered for short answers and negated lexicon terms (where tweet-trained models misread
    feedback: 'tidak mengecewakan'), plus
    the rules as a log-odds shift, plus a pull to neutral for mixed answers, plus the deployment's own
    adaptation (learned_shift, towards positive; adaptation.py)."""
    learned_p = sum(share * learned_parts[lang] for lang, share in language.mix(id_share))
    short = sum(share * TEMPER_SHORT[lang] for lang, share in language.mix(id_share))
    temper = short + (1 - short) * min(1.0, max(0, len(seq) - SHORT_ANSWER) / LONG_ANSWER)
    temper += (TEMPER_LONG - 1) * min(1.0, max(0, len(seq) - SHORT_ANSWER - LONG_ANSWER) / LONGER)
    temper *= NEGATED_LEARNED if any(cue.negated for c in parts for cue in c.cues) else 1.0
    rules, mixed = rule_evidence(parts)
    logits = temper * np.log(learned_p + 1e-4) + np.array(
        [-RULE_STRENGTH * rules - learned_shift / 2, MIXED_PULL * mixed, RULE_STRENGTH * rules + learned_shift / 2]
    )
    expo = np.exp(logits - logits.max())
    return expo / expo.sum()


def label_for(polarity: float, probs: np.ndarray | None = None, rules: tuple[float, float] = (0.0, 0.0)) -> str:
    """Neutral inside NEUTRAL_BAND, or when neutral is the likeliest class and the lean is mild, unless the
    feedback lexicon and themes clearly and only speak for the side the polarity leans to ('check in took
    forever, i queued for an hour': the Reddit-trained model calls it neutral)."""
    mean, mixed = rules
    one_sided = abs(mean) >= CLEAR_RULES and not mixed and mean * polarity > 0
    if probs is not None and int(np.argmax(probs)) == 1 and abs(polarity) < NEUTRAL_ARGMAX_BAND and not one_sided:
        return "neutral"
    if polarity > NEUTRAL_BAND:
        return "positive"
    if polarity < -NEUTRAL_BAND:
        return "negative"
    return "neutral"
