"""Emotion: one label of joy, love, surprise, sadness, anger, fear, disgust, neutral, and an
emotion score in -1..1 that, for a survey answer, also weighs the face the customer chose.

How: the language's emotion model (Indonesian: EmoT's five; English: GoEmotions' Ekman six +
neutral) gives probabilities over the shared eight labels (code-mixed answers blend both; a
label the model cannot give gets a small prior); emoji and lexicon emotion words vote. Each
label scores log P(label) + VOTE x its votes + agreement x log P(its valence | sentiment label):
the sentiment label is a soft constraint, strong for short answers (where the tweet- and
Reddit-trained emotion models are out of their domain and the lexicon carries the sentiment),
faint for long ones (where the emotion model reads better than a sentiment model trained on
reviews). Score: text alone -> its polarity. With a face (1..5 -> -1, -0.5, 0, 0.5, 1):
FACE_WEIGHT x face + (1 - FACE_WEIGHT) x text; with no words, the face alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from math import log

from feedback_app.scoring import language, models, resources
from feedback_app.scoring.sentiment import clamp

LABELS = ("joy", "love", "surprise", "sadness", "anger", "fear", "disgust", "neutral")
POSITIVE = frozenset({"joy", "love", "surprise"})
NEGATIVE = frozenset({"sadness", "anger", "fear", "disgust"})
FACE_WEIGHT = 0.6
FACE_LABEL = {1: "anger", 2: "sadness", 3: "neutral", 4: "joy", 5: "joy"}
# Chosen on the dev split and the tuned check set (bench/scoring_quality.py). Each weight runs
# from its SHORT value (answers of up to SHORT_WORDS words) to its LONG one (LONG_WORDS and more).
SHORT_WORDS, LONG_WORDS = 4, 12
AGREEMENT_SHORT, AGREEMENT_LONG = 2.0, 0.1  # weight of log P(valence | sentiment label)
VOTE_SHORT, VOTE_LONG = 1.5, 0.75  # log-score per emoji or lexicon emotion word
# ... but at least this, per language, when the sentiment is clear (|polarity| >= CLEAR_SENTIMENT): EmoT's tweet-
# trained model read 15 % of Indonesian reviews against their sentiment (long praise as sadness); dev: SmSA reviews
# whose emotion has their sentiment's valence 0.850 -> 0.905, CASA 0.80 -> 0.89, EmoT tweets 0.694 -> 0.680.
# English gains nothing (GoEmotions dev 0.545 -> 0.538, clothing reviews 0.929 -> 0.938).
AGREEMENT_CLEAR, CLEAR_SENTIMENT = {"id": 1.0, "en": 0.0}, 0.8
SAME_VALENCE = 0.6  # P(valence | sentiment label): the label's own 0.6, each other valence 0.2 ...
NEUTRAL_IN_OPINION = 0.02  # ... but neutral only 0.02 under a positive or negative label (GoEmotions'
# sentiment is grouped from its emotions: a neutral emotion never has one)
# probability mass added for each label a language's model has no class for (Indonesian:
# surprise, disgust, neutral; English: love), so votes and the sentiment can still name it
ABSENT_PRIOR = {"id": 0.2, "en": 0.05}
SMOOTH = 0.01  # share of a uniform distribution mixed in, so no label is impossible
VALENCE = {**{name: "positive" for name in POSITIVE}, **{name: "negative" for name in NEGATIVE}, "neutral": "neutral"}


@dataclass
class Emotion:
    label: str
    score: float
    probabilities: dict[str, float]


@cache
def _layout(classes: tuple[str, ...], lang: str) -> tuple[tuple[int, ...], tuple[tuple[int, float], ...], float]:
    """(the LABELS column of each model class, (column, prior) of each absent label, total mass)."""
    cols = tuple(LABELS.index(name) for name in classes)
    prior = tuple((i, ABSENT_PRIOR[lang]) for i in range(len(LABELS)) if i not in cols)
    return cols, prior, 1.0 + sum(p for _, p in prior)


def columns(lang: str) -> tuple[int, ...]:
    """Where each emotion class of a language's model sits in LABELS."""
    return _layout(models.language_model(lang).emotion_classes, lang)[0]


def probabilities(words: list[str], id_share: float) -> list[float]:
    """The emotion models' probabilities over LABELS, with the priors of absent labels, smoothed (eight floats:
    plain Python, cheaper here than a numpy call per step)."""
    out, total = [0.0] * len(LABELS), 0.0
    for lang, share in language.mix(id_share):
        cols, prior, mass = _layout(models.language_model(lang).emotion_classes, lang)
        for col, value in zip(cols, models.predict(words, lang)[1]):
            out[col] += share * value
        for col, value in prior:
            out[col] += share * value
        total += share * mass
    scale, even = (1 - SMOOTH) / total, SMOOTH / len(LABELS)
    return [value * scale + even for value in out]


def votes(words: list[str], cue_emotions: list[str]) -> list[float] | None:
    """How many emoji and lexicon emotion words name each of LABELS (None: not one)."""
    table = resources.emoji_table()
    named = [table[w][1] for w in words if w in table] + [n for n in cue_emotions if n in LABELS]
    if not named:
        return None
    out = [0.0] * len(LABELS)
    for name in named:
        out[LABELS.index(name)] += 1.0
    return out


def shortness(words: list[str]) -> float:
    """1 for an answer of up to SHORT_WORDS words, 0 from LONG_WORDS, linear in between."""
    count = sum(1 for w in words if w[0].isalnum())
    return min(1.0, max(0.0, (LONG_WORDS - count) / (LONG_WORDS - SHORT_WORDS)))


def weights(words: list[str], polarity: float = 0.0, id_share: float = 0.0) -> tuple[float, float]:
    """(agreement, vote) weights for an answer of this length and sentiment."""
    short = shortness(words)
    agreement = AGREEMENT_LONG + (AGREEMENT_SHORT - AGREEMENT_LONG) * short
    if abs(polarity) >= CLEAR_SENTIMENT:
        agreement = max(agreement, sum(share * AGREEMENT_CLEAR[lang] for lang, share in language.mix(id_share)))
    return agreement, VOTE_LONG + (VOTE_SHORT - VOTE_LONG) * short


@cache
def log_valence(sentiment_label: str) -> tuple[float, ...]:
    """log P(each label's valence | the sentiment label)."""
    other = NEUTRAL_IN_OPINION if sentiment_label in ("positive", "negative") else (1 - SAME_VALENCE) / 2
    return tuple(
        log(
            SAME_VALENCE if VALENCE[name] == sentiment_label else other if name == "neutral" else (1 - SAME_VALENCE) / 2
        )
        for name in LABELS
    )


def choose(
    probs: list[float], label_votes: list[float] | None, sentiment_label: str, agreement: float, vote: float
) -> str:
    """argmax of log P(label) + vote x votes + agreement x log P(label's valence | sentiment label)."""
    scores = [log(p) + agreement * v for p, v in zip(probs, log_valence(sentiment_label))]
    if label_votes is not None:
        scores = [score + vote * n for score, n in zip(scores, label_votes)]
    return LABELS[max(range(len(LABELS)), key=scores.__getitem__)]


def face_value(face: int | None) -> float | None:
    """The five-face scale 1..5 as -1..1; anything else -> None."""
    if isinstance(face, bool) or not isinstance(face, (int, float)) or not 1 <= face <= 5:
        return None
    return (float(face) - 3.0) / 2.0


def analyse(
    words: list[str],
    id_share: float,
    polarity: float,
    sentiment_label: str,
    face: int | None = None,
    cue_emotions: list[str] = (),
) -> Emotion:
    """The emotion of one answer, given its sentiment and the lexicon's emotion words."""
    has_words = any(w[0].isalnum() or w in resources.emoji_table() for w in words)
    probs = probabilities(words, id_share) if has_words else [0.0] * len(LABELS)
    label = (
        choose(probs, votes(words, cue_emotions), sentiment_label, *weights(words, polarity, id_share))
        if has_words
        else "neutral"
    )
    face_val = face_value(face)
    if face_val is None:
        return Emotion(label, round(polarity, 4), _as_dict(probs))
    if not has_words:
        return Emotion(FACE_LABEL[round(face)], face_val, _as_dict(probs))
    score = FACE_WEIGHT * face_val + (1 - FACE_WEIGHT) * polarity
    if (score < -0.2 and label not in NEGATIVE) or (score > 0.2 and label not in POSITIVE):
        label = FACE_LABEL[round(face)] if face_val * score > 0 else label
    return Emotion(label, round(clamp(score), 4), _as_dict(probs))


def _as_dict(probs: list[float]) -> dict[str, float]:
    return {name: round(p, 4) for name, p in zip(LABELS, probs) if p >= 0.01}
