"""Rebuild the public labelled sets of data/evaluation/ (test sources) and data/training/casa_sentiment_id.jsonl
and clothing_reviews_sentiment_en.jsonl from git checkouts of their upstream repositories (commits and licences: data/evaluation/README.md and
data/training/README.md). Changes: labels mapped to ours, whitespace collapsed, duplicates dropped, NusaX pairs
named by the held-out check dropped (train.py leaves their near-copies in SmSA out of training), XED sampled by a hash of the text.

Run: .venv/bin/python bench/public_sets.py --nusax DIR --casa DIR --xed DIR --uci DIR --clothing DIR
(each DIR a git checkout at the commit the READMEs name; nothing is downloaded here).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from zlib import crc32

ROOT = Path(__file__).resolve().parents[1]
EVALUATION, TRAINING = ROOT / "data" / "evaluation", ROOT / "data" / "training"
XED_LABELS = {"1": "anger", "3": "disgust", "4": "fear", "5": "joy", "6": "sadness", "7": "surprise"}
XED_KEEP_PERCENT, XED_NEUTRAL = 35, 700  # a fixed sample keeps the file small and the bench quick
HELD_OUT_PAIRS = frozenset(
    {"train-933", "valid-868", "valid-960"}
)  # pairs the held-out check (shared/checks/not_heldout.py) names: left out


def show(repo: Path, path: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), "show", f"HEAD:{path}"], capture_output=True, check=True
    ).stdout.decode()


def tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def nusax(repo: Path) -> list[dict]:
    """NusaX-senti train + valid (its test split stays out), Indonesian and English side by side."""
    rows = []
    for split in ("train", "valid"):
        sides = {
            lang: {
                r["id"]: r for r in csv.DictReader(io.StringIO(show(repo, f"datasets/sentiment/{name}/{split}.csv")))
            }
            for lang, name in (("id", "indonesian"), ("en", "english"))
        }
        for key in sides["id"]:
            if key not in sides["en"] or f"{split}-{key}" in HELD_OUT_PAIRS:
                continue
            for lang in ("id", "en"):
                side = sides[lang][key]
                rows.append(
                    {"pair": f"{split}-{key}", "lang": lang, "text": tidy(side["text"]), "sentiment": side["label"]}
                )
    return rows


def casa(repo: Path) -> list[dict]:
    """CASA car reviews: one answer's aspects all positive (or neutral) -> positive, all negative -> negative;
    answers praising one aspect and faulting another are dropped (no single label)."""
    rows, seen = [], set()
    for split in ("train", "valid", "test"):
        for row in csv.DictReader(io.StringIO(show(repo, f"dataset/casa_absa-prosa/{split}_preprocess.csv"))):
            text = tidy(row.pop("sentence"))
            sides = set(row.values()) - {"neutral"}
            label = "neutral" if not sides else sides.pop() if len(sides) == 1 else None
            if label and text.lower() not in seen:
                seen.add(text.lower())
                rows.append({"text": text, "sentiment": label})
    return rows


def xed(repo: Path) -> list[dict]:
    """XED English subtitles: single-label lines of the six emotions we share (anticipation and trust have no
    label of ours), a fixed sample, plus neutral lines."""
    rows, seen = [], set()
    for line in show(repo, "AnnotatedData/en-annotated.tsv").splitlines():
        text, _, labels = line.partition("\t")
        label = XED_LABELS.get(labels.strip())
        if label and crc32(text.encode()) % 100 < XED_KEEP_PERCENT and text.lower() not in seen:
            seen.add(text.lower())
            rows.append({"text": tidy(text), "emotion": label})
    neutral = [line.partition("\t")[2] for line in show(repo, "AnnotatedData/neu_en.txt").splitlines()]
    neutral = sorted({tidy(t) for t in neutral if len(t.split()) >= 3}, key=lambda t: crc32(t.encode()))
    return rows + [{"text": t, "emotion": "neutral"} for t in neutral[:XED_NEUTRAL]]


def uci(repo: Path) -> list[dict]:
    """Sentiment Labelled Sentences: the Amazon and Yelp review sentences (IMDb is not customer feedback)."""
    rows = []
    for source in ("amazon_cells", "yelp"):
        for line in show(repo, f"sentiment labelled sentences/{source}_labelled.txt").splitlines():
            text, _, label = line.rpartition("\t")
            if label.strip() in ("0", "1"):
                rows.append(
                    {
                        "text": tidy(text),
                        "sentiment": "positive" if label.strip() == "1" else "negative",
                        "source": source,
                    }
                )
    return rows


def clothing(repo: Path) -> list[dict]:
    """Women's E-Commerce Clothing Reviews (the 1,000-row copy): each review and each title as an answer, its star
    rating as the label (1-2 negative, 3 neutral, 4-5 positive)."""
    rows, seen = [], set()
    for row in csv.DictReader(io.StringIO(show(repo, "Womens Clothing E-Commerce Reviews.csv"))):
        label = {"1": "negative", "2": "negative", "3": "neutral"}.get(row["Rating"], "positive")
        for text in (tidy(row["Title"]), tidy(row["Review Text"])):
            if text and text.lower() not in seen:
                seen.add(text.lower())
                rows.append({"text": text, "sentiment": label})
    return rows


def unseen(rows: list[dict]) -> list[dict]:
    """The rows whose text is no training text (main() writes the training files first) ('Not impressed.', 'Are you OK ?' are in GoEmotions too)."""
    trained = set()
    for path in sorted(TRAINING.glob("*.jsonl")):
        trained |= {key(json.loads(line)["text"]) for line in path.open(encoding="utf-8")}
    return [r for r in rows if key(r["text"]) not in trained]


def key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("nusax", "casa", "xed", "uci", "clothing"):
        parser.add_argument(f"--{name}", type=Path, required=True)
    args = parser.parse_args()
    EVALUATION.mkdir(exist_ok=True)
    write(TRAINING / "casa_sentiment_id.jsonl", casa(args.casa))
    write(TRAINING / "clothing_reviews_sentiment_en.jsonl", clothing(args.clothing))
    write(EVALUATION / "nusax_sentiment_id_en.jsonl", nusax(args.nusax))
    write(EVALUATION / "uci_reviews_sentiment_en.jsonl", unseen(uci(args.uci)))
    write(EVALUATION / "xed_emotion_en.jsonl", unseen(xed(args.xed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
