"""The scorer's data files, each loaded once per process on first use.

Why: importing the package must stay cheap (the web app imports it at start-up), and every
file is plain JSON or a numpy .npz read with allow_pickle=False, so a model file cannot run code.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

PACKAGE_DATA = Path(__file__).parent / "data"
DATA = PACKAGE_DATA
HAND_WRITTEN = ("emoji.json", "glossary.json", "polarity.json", "themes.json")  # rules, not learned
CachedFunction = TypeVar("CachedFunction", bound=Callable[..., Any])
_DERIVED: list[Any] = []  # derived_from_data's caches, in the modules that compute them
_ADAPTATION: dict[str, Any] = {}  # one deployment's learned adaptation (adaptation.py), kept outside the package


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


@cache
def glossary() -> dict[str, str]:
    """Indonesian word -> its English equivalent (fallback theme keys are English lemmas)."""
    return load_json("glossary.json")["words"]


def derived_from_data(cached: CachedFunction) -> CachedFunction:
    """Mark a cached function whose values come from the data files (a parsed table, a model's
    classes, the scorer version): clear_caches() forgets it too. Each module keeps its own caches
    and registers them here, so resources needs to know none of the modules above it."""
    _DERIVED.append(cached)
    return cached


def clear_caches() -> None:
    """Forget every loaded file and everything derived from them (after a retrain)."""
    for fn in (load_json, load_arrays, emoji_table, slang_id, vocab_id, vocab_en, glossary, *_DERIVED):
        fn.cache_clear()


def adaptation() -> dict[str, Any] | None:
    """The active adaptation's payload (a parsed adaptation file), or None: the package's models alone."""
    return _ADAPTATION.get("payload")


def set_adaptation(payload: dict[str, Any] | None) -> None:
    """Score with this adaptation from now on (None: without one); the scorer version follows."""
    _ADAPTATION["payload"] = payload


@contextmanager
def data_dir(folder: Path) -> Iterator[Path]:
    """Score (or train) with the data files of another folder for a while: used by the
    rebuild tests, so they never touch the shipped models."""
    global DATA
    previous, DATA = DATA, Path(folder)
    clear_caches()
    try:
        yield DATA
    finally:
        DATA = previous
        clear_caches()
