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


@lru_cache(maxsize=200_000)
def _index(feature: str) -> int:
    return crc32(feature.encode("utf-8")) & (DIM - 1)


@lru_cache(maxsize=50_000)
def _char_grams(word: str) -> tuple[int, ...]:
    """Character 4-grams of one word with boundary marks: robust to spelling variants
    (3-grams added nothing on the dev split and cost time)."""
    padded = f"<{word}>"
    return tuple(_index("c" + padded[i:i + 4]) for i in range(min(len(padded) - 3, 12)))


@lru_cache(maxsize=100_000)
def _word_features(word: str) -> tuple[int, int, tuple[int, ...]]:
    """(unigram, negated unigram, char n-grams or () for emoji and punctuation) of one word."""
    return _index("w" + word), _index("n" + word), _char_grams(word) if word[0].isalnum() else ()


def feature_indices(tokens: list[str], negators: frozenset[str]) -> np.ndarray:
    """Unigrams, bigrams, negation-scoped unigrams ('tidak enak' -> '!enak') and char n-grams,
    as unique hashed column indices."""
    out: list[int] = []
    scope = 0
    prev = "<s>"
    for tok in tokens:
        unigram, negated, grams = _word_features(tok)
        out.append(unigram)
        out.append(_index("b" + prev + " " + tok))
        if scope:
            out.append(negated)
            scope -= 1
        if tok in negators:
            scope = NEG_SCOPE
        elif tok[0].isalnum():
            out.extend(grams)
        else:
            scope = 0
        prev = tok
    out.append(_index("b" + prev + " </s>"))
    return np.unique(np.array(out, dtype=np.int64))


def indices_for(words: list[str], lang: str) -> np.ndarray:
    """feature_indices with the language's negators."""
    from feedback_app.scoring.normalise import NEGATORS_EN, NEGATORS_ID

    return feature_indices(words, NEGATORS_ID if lang == "id" else NEGATORS_EN)


def unigram_index(word: str) -> int:
    """The column of a word's unigram feature."""
    return _index("w" + word)
