"""A deployment's adaptation of the text model, learned from its own customers' answers (`feedback-app learn`).

Labels come from the customers themselves: answers whose face and rating clearly agree (the app picks them).
The adaptation is a logistic regression over the answer's normalised words and word pairs (the same hashed
columns as the shipped models), read as a log-odds shift between positive and negative added to the
sentiment's pooled evidence (sentiment.py). It is plain JSON, kept outside the package (the app's instance
folder), and its digest becomes part of the scorer version, so `rescore` re-reads every answer once adopted.

learn() fits it on most of the labelled answers and measures it on the rest: it is adopted only when the
adapted scorer beats the current one there (macro-F1 over negative / positive, a neutral reading counts as a
miss), by at least MIN_GAIN.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from zlib import crc32

import numpy as np

from feedback_app.scoring import features, resources
from feedback_app.scoring.version import base_version

KIND = "feedback-app scoring adaptation"
MIN_ANSWERS = 200  # labelled answers needed in all...
MIN_PER_SIDE = 40  # ...and of each side, negative and positive
HELD_OUT_PERCENT = 25  # of the labelled answers, chosen by a hash of the text: measured on, never fitted on
MIN_GAIN = 0.01  # macro-F1 on the held-out part the adapted scorer must gain to be adopted
STRENGTH = 1.0  # the shift is this times the adaptation's log-odds
L2, STEPS, RATE = 1e-3, 400, 2.0


class NotEnoughAnswers(ValueError):
    """Too few labelled answers to learn from; the message says how many there are and how many are needed."""


@dataclass(frozen=True)
class Outcome:
    """What learn() found: the answers it used, both scorers' macro-F1 on the held-out part, and the new
    adaptation's payload when it is adopted (None: the current scorer stays)."""

    fitted_on: int
    held_out: int
    current_f1: float
    adapted_f1: float
    adopted: dict | None


def columns(words: list[str]) -> np.ndarray:
    """The hashed word and word-pair columns of an answer's normalised words."""
    return np.array(sorted(features.word_and_pair_indices(words)), dtype=np.int64)


def shift(words: list[str]) -> float:
    """The active adaptation's log-odds shift towards positive for these words (0.0 without one)."""
    payload = resources.adaptation()
    if not payload or not words:
        return 0.0
    table = payload["weights"]
    cols = columns(words)
    z = sum(table.get(str(c), 0.0) for c in cols) / np.sqrt(len(cols)) + payload["bias"]
    return float(payload["strength"] * z)


def fit(examples: list[tuple[list[str], str]]) -> dict:
    """An adaptation payload fitted on (words, 'negative'|'positive') examples: balanced, L2-regularised
    logistic regression by full-batch gradient descent (numpy only, deterministic)."""
    cols = [columns(words) for words, _ in examples]
    used = np.unique(np.concatenate(cols))
    where = {c: i for i, c in enumerate(used.tolist())}
    rows = np.concatenate([np.full(len(c), i) for i, c in enumerate(cols)])
    feats = np.array([where[c] for c in np.concatenate(cols).tolist()])
    values = np.concatenate([np.full(len(c), 1 / np.sqrt(len(c))) for c in cols])
    y = np.array([1.0 if label == "positive" else 0.0 for _, label in examples])
    balance = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9)) / len(y)
    w, b = np.zeros(len(used)), 0.0
    for _ in range(STEPS):
        z = np.bincount(rows, weights=values * w[feats], minlength=len(y)) + b
        err = (1 / (1 + np.exp(-z)) - y) * balance
        w -= RATE * (np.bincount(feats, weights=values * err[rows], minlength=len(used)) + L2 * w)
        b -= RATE * float(err.sum())
    weights = {str(c): round(float(v), 4) for c, v in zip(used.tolist(), w) if abs(v) >= 1e-3}
    body = {"kind": KIND, "base": base_version(), "strength": STRENGTH, "bias": round(b, 4), "weights": weights}
    digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:8]
    return {**body, "digest": digest, "fitted_on": len(examples)}


@contextmanager
def using(payload: dict | None) -> Iterator[None]:
    """Score with this adaptation for a while (None: without one), then go back to the active one."""
    previous = resources.adaptation()
    resources.set_adaptation(payload)
    try:
        yield
    finally:
        resources.set_adaptation(previous)


def learn(answers: list[tuple[str, str]], read: Callable[[str], tuple[list[str], str]]) -> Outcome:
    """Fit an adaptation on (text, 'negative'|'positive') answers and decide whether to adopt it.
    read(text) -> (normalised words, the scorer's sentiment label) with the adaptation active at the time."""
    sides = {label: sum(1 for _, y in answers if y == label) for label in ("negative", "positive")}
    if len(answers) < MIN_ANSWERS or min(sides.values()) < MIN_PER_SIDE:
        raise NotEnoughAnswers(
            f"{len(answers)} answers have a face and a rating that clearly agree ({sides['negative']} negative, "
            f"{sides['positive']} positive); learning needs at least {MIN_ANSWERS}, with {MIN_PER_SIDE} of each side."
        )
    held = [a for a in answers if crc32(a[0].encode()) % 100 < HELD_OUT_PERCENT]
    fitted = [a for a in answers if crc32(a[0].encode()) % 100 >= HELD_OUT_PERCENT]
    current = macro_f1([y for _, y in held], [read(text)[1] for text, _ in held])
    with using(None):
        candidate = fit([(read(text)[0], y) for text, y in fitted])
    with using(candidate):
        adapted = macro_f1([y for _, y in held], [read(text)[1] for text, _ in held])
    adopted = candidate if adapted >= current + MIN_GAIN else None
    return Outcome(len(fitted), len(held), round(current, 4), round(adapted, 4), adopted)


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-F1 over the gold labels (negative, positive); a neutral prediction only costs recall."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        wrong = sum((g == label) != (p == label) for g, p in zip(gold, predicted))
        scores.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def check(payload: object) -> dict:
    """A parsed adaptation file, or ValueError saying what is wrong with it."""
    if not isinstance(payload, dict) or payload.get("kind") != KIND:
        raise ValueError(f"not a {KIND} file")
    if not isinstance(payload.get("weights"), dict) or not isinstance(payload.get("digest"), str):
        raise ValueError(f"a {KIND} file needs 'weights' and 'digest'")
    return payload
