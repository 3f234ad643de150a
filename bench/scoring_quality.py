"""Scoring quality, beside TextBlob and TF-IDF + logistic regression (fitted here on the scorer's own train
split) in the same run:
1. test sources (data/evaluation/: public labelled text from sources never trained or tuned on): sentiment
   macro-F1 per language with no language hint, emotion macro-F1, the same label for the same answer in
   Indonesian and English (NusaX pairs);
2. the dev split held out from the training files (tuned on);
3. the hand-written check sets (bench/data/: parallel Indonesian/English customer answers).

Run: .venv/bin/python bench/scoring_quality.py [--no-baselines] [--test-only]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback_app.scoring import score  # noqa: E402
from feedback_app.scoring.training_data import EVALUATION, split, training_rows  # noqa: E402

CHECKSETS = {
    "check set (hand-written; its errors guided the lexicon and the blend)": "checkset.jsonl",
    "hold-out check set (hand-written before any of its figures were seen; never tuned on)": "checkset_holdout.jsonl",
    "industry check set (payments, e-commerce, hotels, telecoms, banking, travel; its errors guided the themes)": "checkset_industries.jsonl",
    "industry hold-out (written with the industry set, before any figure was seen; never tuned on)": "checkset_industries_holdout.jsonl",
}
DATA = Path(__file__).parent / "data"
EMOTION_ALIASES = {"happy": "joy"}


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Macro-F1 over the gold label set (a predicted label outside it only costs recall)."""
    scores = []
    for label in sorted(set(gold)):
        tp = sum(1 for g, p in zip(gold, pred) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, pred) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, pred) if g == label and p != label)
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def textblob_label(text: str) -> str:
    from textblob import TextBlob

    pol = TextBlob(text).sentiment.polarity
    return "positive" if pol >= 0.1 else "negative" if pol <= -0.1 else "neutral"


def tfidf_baseline(train: list[tuple[str, str]]):
    """The STACK.md baseline: TF-IDF word + char n-grams, logistic regression (fitted here)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    vec = make_union(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=3, sublinear_tf=True),
    )
    model = make_pipeline(vec, LogisticRegression(max_iter=500))
    model.fit([t for t, _ in train], [EMOTION_ALIASES.get(y, y) for _, y in train])
    return model


TEST_SETS = [  # (task, lang, file, filter on the file's rows, what it is)
    ("sentiment", "id", "nusax_sentiment_id_en.jsonl", "id", "NusaX-senti train+valid, Indonesian comments/reviews"),
    ("sentiment", "en", "nusax_sentiment_id_en.jsonl", "en", "NusaX-senti train+valid, the same in English"),
    ("sentiment", "en", "uci_reviews_sentiment_en.jsonl", None, "UCI sentences: Amazon + Yelp reviews (no neutral)"),
    ("emotion", "en", "xed_emotion_en.jsonl", None, "XED English subtitles, 6 emotions + neutral"),
]


def read_test(name: str, lang: str | None, task: str) -> list[dict]:
    rows = [json.loads(line) for line in (EVALUATION / name).open(encoding="utf-8")]
    return [r for r in rows if lang is None or r.get("lang") == lang]


def fit_baselines() -> dict:
    """TF-IDF + LR per (task, lang), on the scorer's own train split."""
    return {
        (task, lang): tfidf_baseline(split(training_rows(task, lang))[0])
        for task, lang in (("sentiment", "id"), ("sentiment", "en"), ("emotion", "id"), ("emotion", "en"))
    }


def test_figures(fitted: dict) -> None:
    """The test-source table, and the same label across the NusaX id/en pairs."""
    print("TEST SOURCES (data/evaluation/, never trained or tuned on), macro-F1, no language hint")
    print(f"{'task':<10}{'lang':<5}{'n':>6}{'scorer':>8}{'textblob':>10}{'tfidf+lr':>10}  source")
    labels: dict[tuple[str, str], str] = {}
    for task, lang, name, only, title in TEST_SETS:
        rows = read_test(name, only, task)
        gold = [r[task] for r in rows]
        results = [score(r["text"]) for r in rows]
        pred = [x["label"] if task == "sentiment" else x["emotion"]["label"] for x in results]
        if "pair" in rows[0]:
            labels.update({(r["pair"], lang): p for r, p in zip(rows, pred)})
        texts = [r["text"] for r in rows]
        tb = macro_f1(gold, [textblob_label(t) for t in texts]) if task == "sentiment" else float("nan")
        model = fitted.get((task, lang))
        tf = macro_f1(gold, list(model.predict(texts))) if model else float("nan")
        print(f"{task:<10}{lang:<5}{len(rows):>6}{macro_f1(gold, pred):>8.3f}{tb:>10.3f}{tf:>10.3f}  {title}")
    print(f"{'emotion':<10}{'id':<5}{'-':>6}  no licensed Indonesian emotion set found (see data/evaluation/README.md)")
    pairs = sorted({p for p, _ in labels})
    same = sum(labels[(p, "id")] == labels[(p, "en")] for p in pairs) / len(pairs)
    print(f"same sentiment label for the same answer in id and en (NusaX, {len(pairs)} pairs): {same:.3f}\n")


def dev_figures(fitted: dict) -> None:
    """Prints the dev-split table."""
    tasks = [("sentiment", "id"), ("sentiment", "en"), ("emotion", "id"), ("emotion", "en")]
    print("DEV SPLIT (15 % of the training sources held out by hash, never trained on; tuned on), no language hint")
    print(f"{'task':<10}{'lang':<6}{'n':>6}{'scorer':>9}{'lang ok':>9}{'textblob':>10}{'tfidf+lr':>10}")
    for task, lang in tasks:
        dev = split(training_rows(task, lang))[1]
        gold = [EMOTION_ALIASES.get(y, y) for _, y in dev]
        results = [score(t) for t, _ in dev]
        pred = [r["label"] if task == "sentiment" else r["emotion"]["label"] for r in results]
        lang_ok = sum(r["language"] == lang for r in results) / len(results)
        tb = macro_f1(gold, [textblob_label(t) for t, _ in dev]) if task == "sentiment" else float("nan")
        tf = macro_f1(gold, list(fitted[(task, lang)].predict([t for t, _ in dev]))) if fitted else float("nan")
        print(f"{task:<10}{lang:<6}{len(dev):>6}{macro_f1(gold, pred):>9.3f}{lang_ok:>9.3f}{tb:>10.3f}{tf:>10.3f}")


def found_themes(keys: list[str]) -> set[str]:
    """The keys found, plus the aspect each complaint or praise belongs to: an answer expected to be about
    'wifi' is, when the scorer says 'wifi_poor'."""
    from feedback_app.scoring.themes import taxonomy

    owners = {link: theme.key for theme in taxonomy().values() for link in (theme.complaint, theme.praise) if link}
    return set(keys) | {owners[k] for k in keys if k in owners}


def checkset_figures(title: str, name: str, fitted: dict) -> None:
    rows = [json.loads(line) for line in (DATA / name).open(encoding="utf-8")]
    results = {(r["pair"], r["lang"]): score(r["text"]) for r in rows}
    print(f"\n{title}: {name}, {len(rows)} customer answers, {len(rows) // 2} id/en pairs, no hint")
    print(
        f"{'lang':<6}{'sent F1':>9}{'sent acc':>10}{'emo acc':>9}{'theme recall':>14}{'lang ok':>9}"
        f"{'tfidf sent F1':>15}{'tfidf emo acc':>15}{'textblob F1':>13}"
    )
    for lang in ("id", "en"):
        mine = [r for r in rows if r["lang"] == lang]
        got = [results[(r["pair"], lang)] for r in mine]
        gold = [r["sentiment"] for r in mine]
        pred = [g["label"] for g in got]
        emo = sum(g["emotion"]["label"] == r["emotion"] for g, r in zip(got, mine)) / len(mine)
        expected = [(set(r["themes"]), found_themes(g["themes"])) for r, g in zip(mine, got) if r["themes"]]
        recall = sum(len(e & f) for e, f in expected) / sum(len(e) for e, _ in expected)
        acc = sum(a == b for a, b in zip(gold, pred)) / len(gold)
        lang_ok = sum(g["language"] == lang for g in got) / len(got)
        texts = [r["text"] for r in mine]
        tf_sent, tf_emo = (fitted.get(("sentiment", lang)), fitted.get(("emotion", lang)))
        tf_f1 = macro_f1(gold, list(tf_sent.predict(texts))) if tf_sent else float("nan")
        tf_acc = (
            sum(p == r["emotion"] for p, r in zip(tf_emo.predict(texts), mine)) / len(mine) if tf_emo else float("nan")
        )
        tb = macro_f1(gold, [textblob_label(t) for t in texts])
        print(
            f"{lang:<6}{macro_f1(gold, pred):>9.3f}{acc:>10.3f}{emo:>9.3f}{recall:>14.3f}{lang_ok:>9.3f}"
            f"{tf_f1:>15.3f}{tf_acc:>15.3f}{tb:>13.3f}"
        )
    pairs = sorted({r["pair"] for r in rows})
    same_label = sum(results[(p, "id")]["label"] == results[(p, "en")]["label"] for p in pairs) / len(pairs)
    same_emo = sum(
        results[(p, "id")]["emotion"]["label"] == results[(p, "en")]["emotion"]["label"] for p in pairs
    ) / len(pairs)
    themed = [p for p in pairs if results[(p, "id")]["themes"] or results[(p, "en")]["themes"]]
    shared = sum(bool(set(results[(p, "id")]["themes"]) & set(results[(p, "en")]["themes"])) for p in themed)
    print(
        f"id/en pairs: same sentiment label {same_label:.3f}, same emotion label {same_emo:.3f}, "
        f"share a theme key {shared / len(themed):.3f} ({shared}/{len(themed)} pairs with any theme)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true", help="skip the TF-IDF baselines (faster)")
    parser.add_argument("--test-only", action="store_true", help="only the test sources")
    args = parser.parse_args()
    fitted = {} if args.no_baselines else fit_baselines()
    test_figures(fitted)
    if args.test_only:
        return 0
    dev_figures(fitted)
    for title, name in CHECKSETS.items():
        checkset_figures(title, name, fitted)
    return 0


if __name__ == "__main__":
    sys.exit(main())
