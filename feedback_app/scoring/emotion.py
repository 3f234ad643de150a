"""Emotion: one label of joy, love, surprise, sadness, anger, fear, disgust, neutral, and an
emotion score in -1..1 that, for a survey answer, also weighs the face the customer chose.

How: the language's emotion model (Indonesian: EmoT's five; English: GoEmotions' Ekman six +
neutral) gives probabilities over the shared eight labels (code-mixed answers blend both);
emoji vote too. The label must agree with the sentiment: a positive answer is joy, love or
surprise; a negative one anger, sadness, fear or disgust; a neutral one neutral.
Score: text alone -> its polarity. With a face (1..5 -> -1, -0.5, 0, 0.5, 1):
FACE_WEIGHT x face + (1 - FACE_WEIGHT) x text; with no words, the face alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from feedback_app.scoring import language, models, resources
from feedback_app.scoring.sentiment import clamp

LABELS = ("joy", "love", "surprise", "sadness", "anger", "fear", "disgust", "neutral")
POSITIVE = frozenset({"joy", "love", "surprise"})
NEGATIVE = frozenset({"sadness", "anger", "fear", "disgust"})
FACE_WEIGHT = 0.6
FACE_LABEL = {1: "anger", 2: "sadness", 3: "neutral", 4: "joy", 5: "joy"}
EMOJI_VOTE = 0.5
LEXICON_VOTE = 0.5
NEUTRAL_OVERRIDE = 0.6


@dataclass
class Emotion:
    label: str
    score: float
    probabilities: dict[str, float]


@cache
def columns(lang: str) -> np.ndarray:
    """Where each emotion class of a language's model sits in LABELS."""
    return np.array([LABELS.index(c) for c in models.language_model(lang).emotion_classes])


def probabilities(words: list[str], id_share: float, cue_emotions: list[str] = ()) -> np.ndarray:
    """Probabilities over LABELS from the emotion models, emoji and the lexicon's emotions."""
    out = np.zeros(len(LABELS), dtype=np.float32)
    for lang, share in language.mix(id_share):
        out[columns(lang)] += share * models.predict(words, lang)[1]
    table = resources.emoji_table()
    for word in words:
        if word in table:
            out[LABELS.index(table[word][1])] += EMOJI_VOTE
    for name in cue_emotions:
        if name in LABELS:
            out[LABELS.index(name)] += LEXICON_VOTE
    total = out.sum()
    return out / total if total else out


def face_value(face: int | None) -> float | None:
    """The five-face scale 1..5 as -1..1; anything else -> None."""
    if isinstance(face, bool) or not isinstance(face, (int, float)) or not 1 <= face <= 5:
        return None
    return (float(face) - 3.0) / 2.0


def analyse(words: list[str], id_share: float, polarity: float, sentiment_label: str,
            face: int | None = None, cue_emotions: list[str] = ()) -> Emotion:
    """The emotion of one answer, given its sentiment and the lexicon's emotion words."""
    has_words = any(w[0].isalnum() or w in resources.emoji_table() for w in words)
    probs = probabilities(words, id_share, cue_emotions) if has_words else np.zeros(len(LABELS), dtype=np.float32)
    label = _consistent_label(probs, sentiment_label) if has_words else "neutral"
    face_val = face_value(face)
    if face_val is None:
        return Emotion(label, round(polarity, 4), _as_dict(probs))
    if not has_words:
        return Emotion(FACE_LABEL[round(face)], face_val, _as_dict(probs))
    score = FACE_WEIGHT * face_val + (1 - FACE_WEIGHT) * polarity
    if (score < -0.2 and label not in NEGATIVE) or (score > 0.2 and label not in POSITIVE):
        label = FACE_LABEL[round(face)] if face_val * score > 0 else label
    return Emotion(label, round(clamp(score), 4), _as_dict(probs))


def _consistent_label(probs: np.ndarray, sentiment_label: str) -> str:
    """The likeliest label of the answer's valence; a neutral answer stays neutral unless one
    emotion is clearly expressed (probability >= NEUTRAL_OVERRIDE)."""
    allowed = {"positive": POSITIVE, "negative": NEGATIVE}.get(sentiment_label)
    if allowed is None:
        top = int(np.argmax(probs))
        return LABELS[top] if probs[top] >= NEUTRAL_OVERRIDE else "neutral"
    return max(allowed, key=lambda name: (probs[LABELS.index(name)], name))


def _as_dict(probs: np.ndarray) -> dict[str, float]:
    return {name: round(float(p), 4) for name, p in zip(LABELS, probs) if p >= 0.01}
