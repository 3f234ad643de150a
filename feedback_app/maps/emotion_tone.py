"""How a stage's emotion reads: one tone (positive, neutral, negative, or too few answers to judge) that the map's
colours, its words, the curve's dots and the exports all take, and the dominant emotion that agrees with it."""

from __future__ import annotations

FEW_ANSWERS = 5  # below this many answers a stage's mean is not judged: shown grey, and comparisons say so
NEUTRAL_BAND = 0.1  # a mean within ±0.1 reads as neutral

# Emotions that may be named beside a tone: a stage that reads negative is never "mostly joy".
AGREEING_EMOTIONS = {
    "pos": {"joy", "love", "surprise", "neutral"},
    "neg": {"sadness", "anger", "fear", "disgust", "surprise", "neutral"},
}


def emotion_tone(score: float | None, responses: int) -> str | None:
    """`pos`, `neu`, `neg`, or `few` (fewer than FEW_ANSWERS answers); None while a stage has no answers."""
    if score is None or not responses:
        return None
    if responses < FEW_ANSWERS:
        return "few"
    if score > NEUTRAL_BAND:
        return "pos"
    return "neg" if score < -NEUTRAL_BAND else "neu"


def dominant_emotion(label_counts: dict[str, int], tone: str | None) -> str | None:
    """The most frequent emotion label that agrees with the tone (None when no answer's emotion agrees). A neutral
    stage is a mix: an emotion is named there only when more than half of its answers share it, so a stage with
    43 joyful and 55 unhappy answers is not "mostly joy"."""
    allowed = AGREEING_EMOTIONS.get(tone or "")
    counts = {label: n for label, n in label_counts.items() if n and (allowed is None or label in allowed)}
    if not counts:
        return None
    dominant = max(counts, key=counts.get)
    if tone == "neu" and counts[dominant] * 2 <= sum(label_counts.values()):
        return None
    return dominant


def enough_answers(*responses: int) -> bool:
    """Whether every side of a comparison rests on at least FEW_ANSWERS answers."""
    return all(n >= FEW_ANSWERS for n in responses)
