"""Scoring speed: answers per second of the whole scorer (language, sentiment, emotion, themes)
in one process, beside raw TextBlob polarity on the same texts in the same run, and the p50/p99
time per answer. Texts: the check set plus dev-split answers, cut to survey-answer length.

Run: .venv/bin/python bench/scoring_speed.py [--n 3000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback_app.scoring import score  # noqa: E402
from feedback_app.scoring.training_data import read_jsonl, split  # noqa: E402

DATA = Path(__file__).parent / "data"
CHECKSETS = ("checkset.jsonl", "checkset_holdout.jsonl")


def texts(n: int) -> list[str]:
    """A fixed mix: check-set answers, then Indonesian and English dev texts (≤ 200 chars)."""
    mix = [json.loads(line)["text"] for name in CHECKSETS for line in (DATA / name).open(encoding="utf-8")]
    id_dev = split(read_jsonl("sentiment_id_train.jsonl", "sentiment"))[1]
    en_dev = split(read_jsonl("sentiment_en_train.jsonl", "sentiment"))[1]
    for a, b in zip(id_dev, en_dev):
        mix += [a[0][:200], b[0][:200]]
    return mix[:n]


FRESH_LOAD = (
    "import time; w, c = time.perf_counter(), time.process_time(); from feedback_app.scoring import score; "
    "score('kurirnya telat'); score('the courier was late'); "
    "print(time.perf_counter() - w, time.process_time() - c)"
)


def fresh_process_load() -> tuple[float, float]:
    """(wall s, CPU s) of importing the scorer and scoring two answers in a new process: the model load."""
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run([sys.executable, "-c", FRESH_LOAD], capture_output=True, text=True, check=True, cwd=root)
    wall, cpu = out.stdout.split()
    return float(wall), float(cpu)


def model_megabytes() -> float:
    from feedback_app.scoring import resources

    return sum(p.stat().st_size for p in resources.DATA.iterdir() if p.is_file()) / 1e6


def timed(fn, items: list[str]) -> tuple[float, list[float]]:
    each = []
    start = time.perf_counter()
    for text in items:
        t0 = time.perf_counter()
        fn(text)
        each.append(time.perf_counter() - t0)
    return time.perf_counter() - start, sorted(each)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5, help="alternate both runs this often (noisy machines)")
    args = parser.parse_args()
    items = texts(args.n)
    loads = sorted(fresh_process_load() for _ in range(3))
    t0 = time.perf_counter()
    score("warm up: load the models once")
    load = time.perf_counter() - t0
    from textblob import TextBlob

    _ = TextBlob("warm up").sentiment  # loads its lexicon before the clock starts
    rounds = []
    for _ in range(args.rounds):
        tb_total, _ = timed(lambda t: TextBlob(t).sentiment.polarity, items)
        total, each = timed(score, items)
        rounds.append((len(items) / total, len(items) / tb_total, each))
    rate, tb_rate, each = sorted(rounds, key=lambda r: r[0] / r[1])[len(rounds) // 2]
    p50, p99 = each[len(each) // 2] * 1000, each[int(len(each) * 0.99)] * 1000
    print(
        f"texts: {len(items)} (mean {sum(map(len, items)) / len(items):.0f} chars); "
        f"first call incl. model load: {load:.2f} s; {args.rounds} alternating rounds, median round shown"
    )
    wall, cpu = loads[1]
    print(
        f"fresh process, import + model load + first two answers (median of 3): {wall:.2f} s wall, {cpu:.2f} s CPU; "
        f"model files {model_megabytes():.1f} MB"
    )
    print(f"raw TextBlob polarity: {tb_rate:,.0f} answers/s")
    print(f"whole scorer:          {rate:,.0f} answers/s  = {rate / tb_rate:.2f}x TextBlob")
    print(f"per answer: p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {each[-1] * 1000:.2f} ms")
    print("ratio per round:", " ".join(f"{r[0] / r[1]:.2f}" for r in rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
