"""The training files under data/training/ and their fixed dev split: a stable hash of each text
puts 15 % of every file aside, never trained on (train.py), measured by bench/scoring_quality.py.
Standard library only, so the benches can read the split without loading scikit-learn.
"""

from __future__ import annotations

import json
from pathlib import Path
from zlib import crc32

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "data" / "training"
DEV_PERCENT = 15


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
