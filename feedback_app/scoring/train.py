"""Rebuild every learned file under feedback_app/scoring/data/ from data/training/.

Run: python -m feedback_app.scoring.train [--seed N] [--limit N] [--only emotion|sentiment]
Deterministic for a seed: the dev split (training_data.py) is chosen by a hash of each text
(never trained on, used by bench/scoring_quality.py), the solvers are deterministic, and
outputs are written with sorted keys.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
from collections import Counter
from pathlib import Path

from feedback_app.scoring import learn, normalise, resources
from feedback_app.scoring.training_data import read_slang, split, training_rows

EN_STOP_COLLISIONS = 200  # an English word this frequent is never rewritten as Indonesian slang


def word_counts(texts: list[str]) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(t for t in normalise.clean(text).tokens if t[0].isalpha())
    return counts


def build_lexicons(id_texts: list[str], en_texts: list[str]) -> None:
    """Spelling tables and the per-word Indonesian-vs-English log-odds used by language.py."""
    ids, ens = word_counts(id_texts), word_counts(en_texts)
    slang = read_slang()
    for word in [w for w in slang if ens[w] >= EN_STOP_COLLISIONS and ids[w] < ens[w] / 4]:
        del slang[word]
    for colloquial, formal in slang.items():
        ids[colloquial] += 3
        for word in formal.split():
            ids[word] += 1
    write_json("lexicon_id.json", {"slang": slang, "vocab": sorted(w for w, c in ids.items() if c >= 3)})
    write_json("lexicon_en.json", {"vocab": sorted(w for w, c in ens.items() if c >= 3)})
    write_json("language.json", {"log_odds": language_log_odds(ids, ens)})
    resources.clear_caches()


def language_log_odds(ids: Counter, ens: Counter) -> dict[str, float]:
    """log P(word|id) - log P(word|en), add-one smoothed, clipped, kept where it says something."""
    n_id, n_en = sum(ids.values()), sum(ens.values())
    vocab = {w for w, c in ids.items() if c >= 2} | {w for w, c in ens.items() if c >= 2}
    out = {}
    for word in vocab:
        lo = math.log((ids[word] + 1) / n_id) - math.log((ens[word] + 1) / n_en)
        if abs(lo) >= 0.7:
            out[word] = round(max(-5.0, min(5.0, lo)), 2)
    return out


def write_json(name: str, payload: dict) -> None:
    with open(resources.DATA / name, "w", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--limit", type=int, default=None, help="train on the first N rows per task")
    parser.add_argument("--out", type=Path, default=None, help="write here instead of the package's data/")
    parser.add_argument(
        "--only",
        choices=("emotion", "sentiment"),
        default=None,
        help="refit these models only; the others are copied from the current models.npz",
    )
    args = parser.parse_args(argv)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name in resources.HAND_WRITTEN + (("models.npz",) if args.only else ()):
            shutil.copyfile(resources.PACKAGE_DATA / name, args.out / name)
        with resources.data_dir(args.out):
            return build(args.seed, args.limit, args.only)
    return build(args.seed, args.limit, args.only)


def build(seed: int, limit: int | None, only: str | None = None) -> int:
    """Rebuild the learned files in resources.DATA."""
    sent_id, _ = split(training_rows("sentiment", "id"), limit)
    emo_id, _ = split(training_rows("emotion", "id"), limit)
    sent_en, _ = split(training_rows("sentiment", "en"), limit)
    emo_en, _ = split(training_rows("emotion", "en"), limit)
    build_lexicons([t for t, _ in sent_id + emo_id], [t for t, _ in sent_en])
    learn.train_all(sent_id, emo_id, sent_en, emo_en, seed=seed, only=only)
    print("wrote", ", ".join(sorted(p.name for p in resources.DATA.iterdir())), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
