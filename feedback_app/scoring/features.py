"""Hashed features for the linear models: the same code builds them at training and at scoring
time, so a model file is only a weight matrix (no vocabulary, no pickle).

Why hashing: a fixed-size table keeps the model small and the lookup a single array index,
and crc32 is stable across processes and Python versions (unlike hash()).
"""
from __future__ import annotations

from functools import lru_cache
from zlib import crc32

import numpy as np

DIM = 1 << 18
NEG_SCOPE = 3


@lru_cache(maxsize=50_000)
def _index(feature: str) -> int:
    return crc32(feature.encode("utf-8")) & (DIM - 1)


@lru_cache(maxsize=50_000)
def _char_grams(word: str) -> tuple[int, ...]:
    """Character 3- and 4-grams of one word with boundary marks: robust to spelling variants."""
    padded = f"<{word}>"
    grams = [padded[i:i + n] for n in (3, 4) for i in range(len(padded) - n + 1)]
    return tuple(_index("c" + g) for g in grams[:24])


def feature_indices(tokens: list[str], negators: frozenset[str]) -> np.ndarray:
    """Unigrams, bigrams, negation-scoped unigrams ('tidak enak' -> '!enak') and char n-grams,
    as unique hashed column indices."""
    out: list[int] = []
    scope = 0
    prev = "<s>"
    for tok in tokens:
        out.append(_index("w" + tok))
        out.append(_index("b" + prev + " " + tok))
        if scope:
            out.append(_index("n" + tok))
            scope -= 1
        if tok in negators:
            scope = NEG_SCOPE
        elif tok[0].isalnum():
            out.extend(_char_grams(tok))
        else:
            scope = 0
        prev = tok
    out.append(_index("b" + prev + " </s>"))
    return np.unique(np.fromiter(out, dtype=np.int64, count=len(out)))


def scores(weights: np.ndarray, bias: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """Class probabilities of a softmax linear model for one text (features L2-normalised)."""
    if len(indices) == 0:
        logits = bias.astype(np.float32)
    else:
        logits = weights[indices].sum(axis=0, dtype=np.float32) / np.sqrt(len(indices)) + bias
    logits -= logits.max()
    expo = np.exp(logits)
    return expo / expo.sum()
