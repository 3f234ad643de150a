"""The training files under data/training/ and their fixed dev split: a stable hash of each text
puts 15 % of every file aside, never trained on (train.py), measured by bench/scoring_quality.py.
Standard library only, so the benches can read the split without loading scikit-learn.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from zlib import crc32

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "data" / "training"
EVALUATION = ROOT / "data" / "evaluation"
DEV_PERCENT = 15
CUSTOMER_WEIGHT = 3  # a customer review counts this many Reddit comments in English sentiment training
NEAR_COPY = 0.5  # word-set Jaccard with a test text at or above this: the training row is (nearly) that text


def is_dev(text: str, seed: int = 0) -> bool:
    """The fixed held-out split: a stable hash of the text, so every run agrees."""
    return crc32(f"{seed}:{text}".encode()) % 100 < DEV_PERCENT


def read_jsonl(name: str, label: str) -> list[tuple[str, str]]:
    with open(TRAINING / name, encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return [(row["text"], row[label]) for row in rows]


def split(rows: list[tuple[str, str]], limit: int | None = None) -> tuple[list, list]:
    train = [r for r in rows if not is_dev(r[0])]
    dev = [r for r in rows if is_dev(r[0])]
    return (train[:limit] if limit else train), dev


def read_slang() -> dict[str, str]:
    slang: dict[str, str] = {}
    for name in ("colloquial_id.tsv", "slang_id_extra.tsv"):
        with open(TRAINING / name, encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                colloquial, formal = line.rstrip("\n").split("\t")
                slang[colloquial] = formal
    return slang


def _word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def evaluation_texts(lang: str | None = None) -> list[str]:
    """Every text of the test sources under data/evaluation/ (never trained or tuned on); with lang, the texts
    of rows that name that language."""
    texts = []
    for path in sorted(EVALUATION.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        texts += [r["text"] for r in rows if lang is None or r.get("lang") == lang]
    return texts


def without_test_texts(rows: list[tuple[str, str]], tests: list[str]) -> list[tuple[str, str]]:
    """The rows minus (near) copies of a test text: NusaX's Indonesian side was drawn from SmSA, so a model
    trained on all of SmSA would have seen most of the NusaX test source."""
    index: dict[str, list[frozenset[str]]] = {}
    for text in tests:
        words = _word_set(text)
        for word in words:
            index.setdefault(word, []).append(words)

    def near(text: str) -> bool:
        words = _word_set(text)
        rare = sorted(words, key=lambda w: (len(index.get(w, ())), w))[:3]  # ties by word: no set order
        return any(len(words & other) / len(words | other) >= NEAR_COPY for w in rare for other in index.get(w, ()))

    return [row for row in rows if not near(row[0])]


def training_rows(task: str, lang: str) -> list[tuple[str, str]]:
    """All rows (train and dev) of one task and language, as train.py reads them: Indonesian sentiment is
    SmSA minus near-copies of test texts, plus CASA customer reviews; English sentiment adds clothing reviews."""
    if (task, lang) == ("sentiment", "id"):
        smsa = without_test_texts(read_jsonl("sentiment_id_train.jsonl", "sentiment"), evaluation_texts("id"))
        return smsa + read_jsonl("casa_sentiment_id.jsonl", "sentiment")
    if (task, lang) == ("sentiment", "en"):  # Reddit comments, and customer reviews counted CUSTOMER_WEIGHT times
        reviews = read_jsonl("clothing_reviews_sentiment_en.jsonl", "sentiment")
        return read_jsonl("sentiment_en_train.jsonl", "sentiment") + reviews * CUSTOMER_WEIGHT
    return read_jsonl(f"{task}_{lang}_train.jsonl", task)
