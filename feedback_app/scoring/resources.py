"""The scorer's data files, each loaded once per process on first use.

Why: importing the package must stay cheap (the web app imports it at start-up), and every
file is plain JSON or a numpy .npz read with allow_pickle=False, so a model file cannot run code.
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"


@cache
def load_json(name: str) -> Any:
    """A JSON data file by name, parsed once."""
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


@cache
def load_arrays(name: str) -> dict[str, np.ndarray]:
    """A numpy .npz model file by name, without pickle."""
    with np.load(DATA / name, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


@cache
def emoji_table() -> dict[str, tuple[float, str]]:
    """Emoji or emoticon -> (polarity, emotion)."""
    return {sym: (float(pol), emo) for sym, (pol, emo) in load_json("emoji.json")["symbols"].items()}


@cache
def slang_id() -> dict[str, str]:
    """Colloquial Indonesian form -> formal form (may be several words)."""
    return load_json("lexicon_id.json")["slang"]


@cache
def vocab_id() -> frozenset[str]:
    """Formal Indonesian words seen often enough in training to trust as spelled."""
    return frozenset(load_json("lexicon_id.json")["vocab"])


@cache
def vocab_en() -> frozenset[str]:
    """English words seen often enough in training to trust as spelled."""
    return frozenset(load_json("lexicon_en.json")["vocab"])
