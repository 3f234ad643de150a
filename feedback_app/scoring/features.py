"""Hashed features for the linear models: the same code builds them at training and at scoring
time, so a model file is only a weight matrix (no vocabulary, no pickle).

Why hashing: a fixed-size table keeps the model small and the lookup a single array index,
and crc32 is stable across processes and Python versions (unlike hash()).
"""

from __future__ import annotations

from functools import lru_cache
from zlib import crc32

import numpy as np

from feedback_app.scoring.normalise import NEGATORS_EN, NEGATORS_ID

DIM = 1 << 18
NEG_SCOPE = 3
CHAR_CAP = 12  # at most this many character n-grams of each size per word
# Per language: character n-gram sizes, and whether words and characters are L2-normalised as
# two blocks (like the TF-IDF baseline's union of two vectorisers) or as one. Indonesian gains
# from 2-4-grams in two blocks (dev macro-F1 of the model alone 0.84 -> 0.86); English does not
# (0.725 -> 0.721), so it keeps 4-grams in one block.
LAYOUT = {"id": ((2, 3, 4), True), "en": ((4,), False)}


@lru_cache(maxsize=200_000)
def _index(feature: str) -> int:
    return crc32(feature.encode("utf-8")) & (DIM - 1)


@lru_cache(maxsize=50_000)
def _char_grams(word: str, sizes: tuple[int, ...]) -> tuple[int, ...]:
    """Character n-grams of one word with boundary marks: robust to spelling variants."""
    padded = f"<{word}>"
    return tuple(_index("c" + padded[i : i + n]) for n in sizes for i in range(min(len(padded) - n + 1, CHAR_CAP)))


@lru_cache(maxsize=100_000)
def _word_features(word: str, sizes: tuple[int, ...]) -> tuple[int, int, tuple[int, ...]]:
    """(unigram, negated unigram, char n-grams or () for emoji and punctuation) of one word."""
    return _index("w" + word), _index("n" + word), _char_grams(word, sizes) if word[0].isalnum() else ()


def feature_indices(tokens: list[str], negators: frozenset[str], lang: str = "en") -> tuple[np.ndarray, ...]:
    """Unigrams, bigrams, negation-scoped unigrams ('tidak enak' -> '!enak') and character
    n-grams as unique hashed column indices (sorted), in the blocks that are each L2-normalised:
    (words, characters) or (all,) as LAYOUT says for the language."""
    sizes, two_blocks = LAYOUT[lang]
    out: set[int] = set()
    chars: set[int] = set()
    scope = 0
    prev = "<s>"
    for tok in tokens:
        unigram, negated, grams = _word_features(tok, sizes)
        out.add(unigram)
        out.add(_bigram(prev, tok))
        if scope:
            out.add(negated)
            scope -= 1
        if tok in negators:
            scope = NEG_SCOPE
        elif tok[0].isalnum():
            chars.update(grams)
        else:
            scope = 0
        prev = tok
    out.add(_bigram(prev, "</s>"))
    if not two_blocks:  # sorted sets: what np.unique gave, at half its cost on a few dozen columns
        return (np.array(sorted(out | chars), dtype=np.int64),)
    return np.array(sorted(out), dtype=np.int64), np.array(sorted(chars), dtype=np.int64)


@lru_cache(maxsize=200_000)
def _bigram(prev: str, tok: str) -> int:
    return _index("b" + prev + " " + tok)


def indices_for(words: list[str], lang: str) -> tuple[np.ndarray, ...]:
    """feature_indices with the language's negators."""
    lang = "id" if lang == "id" else "en"
    return feature_indices(words, NEGATORS_ID if lang == "id" else NEGATORS_EN, lang)


def unigram_index(word: str) -> int:
    """The column of a word's unigram feature."""
    return _index("w" + word)


def word_and_pair_indices(words: list[str]) -> set[int]:
    """The unigram and bigram columns of some words (a deployment's adaptation reads these: adaptation.py)."""
    out = {_index("w" + w) for w in words}
    out.update(_bigram(a, b) for a, b in zip(["<s>", *words], [*words, "</s>"]))
    return out
