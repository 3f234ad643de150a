"""How a stage's emotion reads: one tone (positive, neutral, mixed, negative, or too few answers to judge) that the
map's colours, its words, the curve's dots and the exports all take, and the dominant emotion that agrees with it."""

from __future__ import annotations

FEW_ANSWERS = 5  # below this many answers a stage's mean is not judged: shown grey, and comparisons say so
NEUTRAL_BAND = 0.1  # a mean within ±0.1 reads as neutral...
MIXED_SHARE = 1 / 3  # ...or as mixed when at least this share of its answers is positive and as large a share negative

# Emotions that may be named beside a tone: a stage that reads negative is never "mostly joy".
AGREEING_EMOTIONS = {
    "pos": {"joy", "love", "surprise", "neutral"},
    "neg": {"sadness", "anger", "fear", "disgust", "surprise", "neutral"},
}


def emotion_tone(score: float | None, responses: int, positive: int = 0, negative: int = 0) -> str | None:
    """`pos`, `neu`, `mix`, `neg`, or `few` (fewer than FEW_ANSWERS answers); None while a stage has no answers.
    A mean near zero is `mix`, not `neu`, when many customers are happy and many unhappy (43 positive and 57
    negative of 119 answers average to -0.01: calling that neutral would hide 57 unhappy customers)."""
    if score is None or not responses:
        return None
    if responses < FEW_ANSWERS:
        return "few"
    if score > NEUTRAL_BAND:
        return "pos"
    if score < -NEUTRAL_BAND:
        return "neg"
    return "mix" if min(positive, negative) >= MIXED_SHARE * responses else "neu"


def dominant_emotion(label_counts: dict[str, int], tone: str | None) -> str | None:
    """The most frequent emotion label that agrees with the tone (None when no answer's emotion agrees). A neutral
    or mixed stage: an emotion is named there only when more than half of its answers share it, so a stage with
    43 joyful and 55 unhappy answers is not "mostly joy"."""
    allowed = AGREEING_EMOTIONS.get(tone or "")
    counts = {label: n for label, n in label_counts.items() if n and (allowed is None or label in allowed)}
    if not counts:
        return None
    dominant = max(counts, key=counts.get)
    if tone in ("neu", "mix") and counts[dominant] * 2 <= sum(label_counts.values()):
        return None
    return dominant


def enough_answers(*responses: int) -> bool:
    """Whether every side of a comparison rests on at least FEW_ANSWERS answers."""
    return all(n >= FEW_ANSWERS for n in responses)
