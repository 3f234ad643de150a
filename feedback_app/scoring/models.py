"""The learned models at scoring time: per language, one weight matrix holding the sentiment
and the emotion classes side by side, so one gather of the answer's hashed features gives both.
Read from data/models.npz (numpy only, no pickle), float16 on disk, float32 in memory.

Sentiment reads binary features (a block's sum / sqrt of its length); emotion reads IDF-weighted
ones: the IDF is folded into its weights and the matrix's last column holds each feature's
squared IDF, so the same gather also gives the block's norm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from math import exp, sqrt

import numpy as np

from feedback_app.scoring import features, resources

# Log-odds added to a sentiment model's neutral class at load. The English model learns neutral from
# GoEmotions, where a third of the Reddit comments carry no opinion; a customer answering "how was it?"
# rarely does, and that model called 38 % of English complaints neutral. -1.0 was chosen on the customer
# reviews' dev split (clothing reviews: macro-F1 0.498 -> 0.516; -1.5 and below gain nothing more) and is
# reported on the test sources by bench/scoring_quality.py. Indonesian (SmSA: 9 % neutral) needs none.
NEUTRAL_SHIFT = {"en": -1.0}


@dataclass(frozen=True)
class LanguageModel:
    weights: np.ndarray  # DIM x (sentiment classes + emotion classes + 1 emotion norm)
    bias: np.ndarray
    sentiment_classes: tuple[str, ...]
    emotion_classes: tuple[str, ...]

    @property
    def split(self) -> int:
        return len(self.sentiment_classes)


@resources.derived_from_data
@cache
def language_model(lang: str) -> LanguageModel:
    """The combined sentiment + emotion model of 'id' or 'en'."""
    arrays = resources.load_arrays("models.npz")
    emotion = arrays[f"emotion_{lang}_W"]
    norm = arrays.get(f"emotion_{lang}_norm", np.ones(len(emotion), dtype=np.float16))  # binary: 1 each
    weights = np.hstack([arrays[f"sentiment_{lang}_W"], emotion, norm[:, None]]).astype(np.float32)
    bias = np.concatenate([arrays[f"sentiment_{lang}_b"], arrays[f"emotion_{lang}_b"]]).astype(np.float32)
    sentiment_classes = tuple(str(c) for c in arrays[f"sentiment_{lang}_classes"])
    if "neutral" in sentiment_classes:
        bias[sentiment_classes.index("neutral")] += NEUTRAL_SHIFT.get(lang, 0.0)
    return LanguageModel(weights, bias, sentiment_classes, tuple(str(c) for c in arrays[f"emotion_{lang}_classes"]))


@resources.derived_from_data
@cache
def signs(lang: str) -> np.ndarray:
    """+1 / 0 / -1 for each sentiment class of a language's model."""
    classes = language_model(lang).sentiment_classes
    return np.array([{"positive": 1.0, "negative": -1.0}.get(c, 0.0) for c in classes], dtype=np.float32)


def predict(words: list[str], lang: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(sentiment probabilities, emotion probabilities) in the model's class order, as plain floats."""
    return predict_cached(tuple(words), lang)


@resources.derived_from_data
@lru_cache(maxsize=64)
def predict_cached(words: tuple[str, ...], lang: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """A dozen logits: summed and scaled as Python floats, which costs less than a numpy call per step."""
    model = language_model(lang)
    split, classes = model.split, len(model.bias)
    logits = model.bias.tolist()
    for block in features.indices_for(list(words), lang):
        if len(block):
            summed = model.weights.take(block, axis=0).sum(axis=0).tolist()  # take: a third faster than [block]
            scale = 1.0 / sqrt(len(block))
            for j in range(split):
                logits[j] += summed[j] * scale
            norm = summed[-1]
            if norm > 0:
                scale = 1.0 / sqrt(norm)
                for j in range(split, classes):
                    logits[j] += summed[j] * scale
    return softmax(logits[:split]), softmax(logits[split:])


def softmax(logits: list[float]) -> tuple[float, ...]:
    top = max(logits)
    expo = [exp(x - top) for x in logits]
    total = sum(expo)
    return tuple(x / total for x in expo)


def word_push(word: str, lang: str) -> np.ndarray:
    """The weight row of one word's unigram feature, sentiment then emotion classes (for
    explanations and fallback themes)."""
    return language_model(lang).weights[features.unigram_index(word), :-1]


@resources.derived_from_data
@lru_cache(maxsize=100_000)
def word_weight(word: str, lang: str) -> float:
    """How much one word alone pushes the language's sentiment model (positive > 0)."""
    model = language_model(lang)
    return float(word_push(word, lang)[: model.split] @ signs(lang))
