"""Polarity in -1..1 and a positive/neutral/negative label for one answer.

How: two kinds of evidence, pooled in log-odds:
  learned - the language's linear model on the whole answer (P(positive) - P(negative)); a
            code-mixed answer gets both models, weighted by its share of Indonesian words;
  rules   - per clause (clauses.py: TextBlob on its English words, the feedback lexicon, complaint/praise
            themes, emoji and customer cues), averaged with the clause after 'but'/'tapi' weighing double.
Negation weakens the learned part (bag-of-n-gram models misread 'tidak mengecewakan'). Short
lukewarm answers ('ok', 'biasa aja') take the lexicon's value. Labels: see label_for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from math import log

from feedback_app.scoring import adaptation, customer_cues, language, lexicon, models
from feedback_app.scoring import clauses as clause_reading
from feedback_app.scoring.clauses import MIXED_SIDE, Clause, clamp

NEUTRAL_BAND = 0.15
NEUTRAL_ARGMAX_BAND = 0.5  # neutral is the likeliest class and |polarity| below this: neutral
MIXED_PULL = 3.0  # log-odds towards neutral per unit of mixed evidence (4.0 before the models read
# neutral better themselves: "enak tapi kurirnya kasar dan makanannya dingin" stays negative)
# towards neutral, for a question without complaint or praise words (the Indonesian model reads most as complaints)
QUESTION_PULL = 1.0  # dev split flat: en 0.633 -> 0.635, id 0.855 -> 0.853; 2.0 and 3.0 gave no more
INFO_QUESTION_PULL = 2.0  # ... and more for one asking what, when, how much ('berapa ya?'); dev: en 0.635 -> 0.634
INFO_WORDS = frozenset("apa berapa kapan bagaimana gimana mana dimana siapa what when where which who how".split())
# ... and so does one asking whether the customer may do something ('can I do that?', 'boleh saya bayar pakai kartu?')
MAY, SELF = frozenset("can could may bisa boleh".split()), frozenset("I i we saya aku kami kita".split())
RULE_STRENGTH = 3.0  # log-odds shift per unit of rule polarity
TEMPER_SHORT = {"id": 0.5, "en": 0.35}  # learned log-probabilities are scaled by this for short answers, 1 for long
SHORT_ANSWER, LONG_ANSWER = 4, 6  # concepts: temper grows from TEMPER_SHORT to 1 between 4 and 10
TEMPER_LONG, LONGER = 4.0, 8  # ...and on to TEMPER_LONG by 10 + LONGER concepts (long answers: the model reads more)
WHOLE_READ = 15  # words: a longer answer is read by the learned model whole, as its training reviews were
NEGATED_LEARNED = 0.3
CLEAR_RULES = 0.4  # mean rule polarity that lets a mild lean out of the neutral class...
CLEAR_RULES_UP_TO = 12  # ...in answers of at most this many concepts (long reviews: the model reads them better)
SHORT = 4  # concepts: an answer this short that is only lukewarm words is lukewarm


@dataclass
class Sentiment:
    polarity: float
    label: str
    clauses: list[Clause]
    learned: dict[str, float] = field(default_factory=dict)


def analyse(
    words: list[str],
    langs: list[str],
    id_share: float,
    exclaim: int = 0,
    extra_themes: list[dict] | None = None,
    question: bool = False,
) -> Sentiment:
    """Score one answer's normalised words."""
    parts = clause_reading.clauses(words, langs)
    clause_reading.read_clauses(parts, extra_themes, question)
    seq = [c for clause in parts for c in clause.seq]
    if not parts or lexicon.is_neutral_answer(seq):
        return Sentiment(0.0, "neutral", parts)
    cues = [c for clause in parts for c in clause.cues]
    lukewarm = len(seq) <= SHORT and lexicon.is_lukewarm(cues) or lexicon.says_neither(cues)
    if lukewarm and not any("emoji" in c.parts for c in parts):
        polarity = sum(c.polarity for c in cues) / len(cues)
        return Sentiment(round(polarity, 4), label_for(polarity), parts)
    read = clause_reading.sincere(parts)
    if not read:  # all sarcasm: the model reads it without its thanks and praise ('thanks for losing my bag')
        read, read_words = parts, customer_cues.without_praise(words)
    else:
        read_words = [w for c in read for w in c.words] if len(read) < len(parts) else words
    learned_parts = {lang: learned_by_segment(read_words, read, lang) for lang, _ in language.mix(id_share)}
    probs = pooled(learned_parts, id_share, parts, seq, adaptation.shift(words), question)
    polarity = float(probs[2] - probs[0])
    polarity = clamp(polarity * (1 + 0.1 * min(exclaim, 3)))
    rules = rule_evidence(parts) if len(seq) <= CLEAR_RULES_UP_TO else (0.0, 0.0)
    return Sentiment(
        round(polarity, 4),
        label_for(polarity, probs, rules),
        parts,
        {lang: round(float(p[2] - p[0]), 4) for lang, p in learned_parts.items()},
    )


def ordered(lang: str, probs: tuple[float, ...]) -> tuple[float, float, float]:
    """A model's sentiment probabilities as (negative, neutral, positive)."""
    negative, neutral, positive = _neutral_order(lang)
    return probs[negative], probs[neutral], probs[positive]


@cache
def _neutral_order(lang: str) -> tuple[int, int, int]:
    classes = models.language_model(lang).sentiment_classes
    negative, neutral, positive = (classes.index(c) for c in ("negative", "neutral", "positive"))
    return negative, neutral, positive


def learned_by_segment(words: list[str], parts: list[Clause], lang: str) -> tuple[float, float, float]:
    """The learned model reads each contrast segment on its own ('enak tapi telat' is two
    opinions), weighted like the clauses; without a contrast, or in a long answer (trained on
    whole reviews, the model reads them better whole: dev split 0.83 -> 0.85), the whole answer at once."""
    segments: dict[int, list[Clause]] = {}
    for clause in parts:
        segments.setdefault(clause.segment, []).append(clause)
    if len(segments) == 1 or len(words) > WHOLE_READ:
        return ordered(lang, models.predict(words, lang)[0])
    weights = [group[0].weight for group in segments.values()]
    read = [ordered(lang, models.predict([w for c in group for w in c.words], lang)[0]) for group in segments.values()]
    total = sum(weights)
    negative, neutral, positive = (sum(w * p[k] for w, p in zip(weights, read)) / total for k in range(3))
    return negative, neutral, positive


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
    learned_parts: dict[str, tuple[float, float, float]],
    id_share: float,
    parts: list[Clause],
    seq: list[str],
    learned_shift: float = 0.0,
    question: bool = False,
) -> tuple[float, float, float]:
    """(negative, neutral, positive) probabilities: the learned models' log-probabilities,
    tempered for short answers and negated lexicon terms (where tweet-trained models misread
    feedback: 'tidak mengecewakan'), plus
    the rules as a log-odds shift, plus a pull to neutral for mixed answers, plus the deployment's own
    adaptation (learned_shift, towards positive; adaptation.py)."""
    mix = language.mix(id_share)
    learned_p = [sum(share * learned_parts[lang][k] for lang, share in mix) for k in range(3)]
    short = sum(share * TEMPER_SHORT[lang] for lang, share in mix)
    temper = short + (1 - short) * min(1.0, max(0, len(seq) - SHORT_ANSWER) / LONG_ANSWER)
    temper += (TEMPER_LONG - 1) * min(1.0, max(0, len(seq) - SHORT_ANSWER - LONG_ANSWER) / LONGER)
    temper *= NEGATED_LEARNED if any(cue.negated for c in parts for cue in c.cues) else 1.0
    rules, mixed = rule_evidence(parts)
    asking = 0.0
    if question and not rules and not mixed:  # 'promo ini berlaku sampai kapan?'
        informative = INFO_WORDS.intersection(seq) or any(a in MAY and b in SELF for a, b in zip(seq, seq[1:]))
        asking = INFO_QUESTION_PULL if informative else QUESTION_PULL
    shifts = (
        -RULE_STRENGTH * rules - learned_shift / 2,
        MIXED_PULL * mixed + asking,
        RULE_STRENGTH * rules + learned_shift / 2,
    )
    negative, neutral, positive = models.softmax(
        [temper * log(p + 1e-4) + shift for p, shift in zip(learned_p, shifts)]
    )
    return negative, neutral, positive


def label_for(
    polarity: float, probs: tuple[float, float, float] | None = None, rules: tuple[float, float] = (0.0, 0.0)
) -> str:
    """Neutral inside NEUTRAL_BAND, or when neutral is the likeliest class and the lean is mild, unless the
    feedback lexicon and themes clearly and only speak for the side the polarity leans to ('check in took
    forever, i queued for an hour': the Reddit-trained model calls it neutral)."""
    mean, mixed = rules
    one_sided = abs(mean) >= CLEAR_RULES and not mixed and mean * polarity > 0
    neutral_likeliest = probs is not None and probs[0] < probs[1] >= probs[2]
    if neutral_likeliest and abs(polarity) < NEUTRAL_ARGMAX_BAND and not one_sided:
        return "neutral"
    if polarity > NEUTRAL_BAND:
        return "positive"
    if polarity < -NEUTRAL_BAND:
        return "negative"
    return "neutral"
