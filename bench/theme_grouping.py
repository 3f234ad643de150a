"""Theme grouping: do the scorer's themes put answers about the same problem together? Measured on public labelled
customer text nobody here wrote or tuned on: the Banking77 test split (data/evaluation/
banking77_test_problems_en.jsonl, 77 categories of English messages to a bank). The card, transfer, top-up, ATM,
exchange-rate and verification themes were written looking at a sample of its *train* split only
(data/development/banking77_train_sample_dev_en.jsonl): `--dev` measures that sample instead, for work on the themes.

Pairwise, over unordered pairs of distinct answers:
- recall: of the pairs with the same gold category, the share that have at least one theme key in common;
- precision: of the pairs with at least one theme key in common, the share that have the same gold category;
- F1: their harmonic mean.
An answer without a theme shares no key with any other. `term:` keys (fallback candidate topics) count as themes;
a second line drops them. Baselines in the same run, for context: one theme for everything (precision = the base
rate, recall 1) and TF-IDF + KMeans with 77 clusters fitted on these same texts (unsupervised, but told the true
number of categories: an upper-ish reference, not a competitor). The same figures follow for the categories whose
names describe a problem rather than a how-to question (PROBLEM_CATEGORIES, chosen by name before any figure was
seen), then the 10 most frequent theme keys and the gold categories they gather.

Run: .venv/bin/python bench/theme_grouping.py [--dev]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from feedback_app.scoring import score  # noqa: E402
from feedback_app.scoring.training_data import EVALUATION  # noqa: E402

SOURCE = EVALUATION / "banking77_test_problems_en.jsonl"
DEV_SOURCE = EVALUATION.parent / "development" / "banking77_train_sample_dev_en.jsonl"
CLUSTERS = 77
# Categories whose NAME says something went wrong (declined, failed, pending, not received, not recognised,
# charged, lost, blocked, ...), as opposed to how-to or information questions (activate_my_card, change_pin,
# exchange_rate, top_up_limits, ...). Chosen by name only, before any figure of this bench was seen. Left out on
# purpose: the noun-"charge" names (cash_withdrawal_charge, exchange_charge, top_up_by_card_charge,
# top_up_by_bank_transfer_charge), which read as "what does it cost?" questions, unlike the "_fee_charged" ones.
PROBLEM_CATEGORIES = frozenset(
    {
        "Refund_not_showing_up",
        "balance_not_updated_after_bank_transfer",
        "balance_not_updated_after_cheque_or_cash_deposit",
        "beneficiary_not_allowed",
        "card_arrival",
        "card_not_working",
        "card_payment_fee_charged",
        "card_payment_not_recognised",
        "card_payment_wrong_exchange_rate",
        "card_swallowed",
        "cash_withdrawal_not_recognised",
        "compromised_card",
        "contactless_not_working",
        "declined_card_payment",
        "declined_cash_withdrawal",
        "declined_transfer",
        "direct_debit_payment_not_recognised",
        "extra_charge_on_statement",
        "failed_transfer",
        "lost_or_stolen_card",
        "lost_or_stolen_phone",
        "passcode_forgotten",
        "pending_card_payment",
        "pending_cash_withdrawal",
        "pending_top_up",
        "pending_transfer",
        "pin_blocked",
        "reverted_card_payment?",
        "top_up_failed",
        "top_up_reverted",
        "transaction_charged_twice",
        "transfer_fee_charged",
        "transfer_not_received_by_recipient",
        "unable_to_verify_identity",
        "virtual_card_not_working",
        "wrong_amount_of_cash_received",
        "wrong_exchange_rate_for_cash_withdrawal",
    }
)


def pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise(gold: list[str], keys: list[set[str]]) -> tuple[float, float, float, int]:
    """Pairwise precision, recall, F1 and the number of key-sharing pairs. Gold-same pairs are counted from a
    Counter; key-sharing pairs from the answer × key incidence matrix (M Mᵀ > 0), upper triangle only."""
    same_gold = sum(pairs(c) for c in Counter(gold).values())
    vocab = {k: j for j, k in enumerate(sorted(set().union(*keys)))}
    incidence = np.zeros((len(keys), max(len(vocab), 1)), dtype=np.float32)
    for i, ks in enumerate(keys):
        incidence[i, [vocab[k] for k in ks]] = 1.0
    share = np.triu((incidence @ incidence.T) > 0, k=1)
    codes = np.unique(np.array(gold), return_inverse=True)[1]
    shared = int(share.sum())
    hits = int((share & (codes[:, None] == codes[None, :])).sum())
    precision = hits / shared if shared else 0.0
    recall = hits / same_gold if same_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, shared


def kmeans_clusters(texts: list[str]) -> list[int]:
    """TF-IDF (word 1-2 grams, sublinear tf) + KMeans with CLUSTERS clusters, fitted on these texts."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
    return list(KMeans(n_clusters=CLUSTERS, random_state=0, n_init=10).fit_predict(matrix))


def table(title: str, gold: list[str], methods: dict[str, list[set[str]]]) -> None:
    n = len(gold)
    same = sum(pairs(c) for c in Counter(gold).values())
    print(f"\n{title}")
    print(f"{'answers':<58}{n:>10}")
    print(f"{'gold categories':<58}{len(set(gold)):>10}")
    print(f"{'answer pairs':<58}{pairs(n):>10}")
    print(f"{'pairs with the same gold category':<58}{same:>10}")
    print(f"{'answers with at least one theme':<58}{sum(bool(k) for k in methods['scorer themes']) / n:>10.3f}")
    print(f"{'method':<58}{'precision':>10}{'recall':>8}{'F1':>8}{'sharing pairs':>15}")
    for name, keys in methods.items():
        precision, recall, f1, shared = pairwise(gold, keys)
        print(f"{name:<58}{precision:>10.3f}{recall:>8.3f}{f1:>8.3f}{shared:>15}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="the train-split sample the themes were written on")
    source = DEV_SOURCE if parser.parse_args().dev else SOURCE
    start = time.perf_counter()
    rows = [json.loads(line) for line in source.open(encoding="utf-8")]
    texts, gold = [r["text"] for r in rows], [r["problem"] for r in rows]
    themes = [set(score(t)["themes"]) for t in texts]
    clusters = kmeans_clusters(texts)
    methods = {
        "scorer themes": themes,
        "scorer themes without term: keys": [{k for k in ks if not k.startswith("term:")} for ks in themes],
        "baseline: one theme for everything": [{"all"} for _ in texts],
        f"reference: TF-IDF + KMeans, {CLUSTERS} clusters (unsupervised)": [{f"c{c}"} for c in clusters],
    }
    what = "train-split sample; the themes were tuned on it" if source == DEV_SOURCE else "test split; never tuned on"
    print(f"THEME GROUPING, pairwise: {source.name} (Banking77 {what})")
    print(f"{'answers with a theme other than term: keys':<58}", end="")
    print(f"{sum(any(not k.startswith('term:') for k in ks) for ks in themes) / len(texts):>10.3f}")
    print(f"{'distinct theme keys':<58}{len(set().union(*themes)):>10}")
    table("ALL CATEGORIES", gold, methods)

    keep = [i for i, g in enumerate(gold) if g in PROBLEM_CATEGORIES]
    table(
        f"PROBLEM CATEGORIES ({len(PROBLEM_CATEGORIES)} chosen by name before any figure; KMeans clusters from the full fit)",
        [gold[i] for i in keep],
        {name: [keys[i] for i in keep] for name, keys in methods.items()},
    )

    print("\nMOST FREQUENT THEME KEYS (all categories): answers, then the 3 gold categories they most often come from")
    counts = Counter(k for ks in themes for k in ks)
    print(f"{'theme key':<34}{'answers':>8}  top gold categories (answers)")
    for key, count in counts.most_common(10):
        top = Counter(g for g, ks in zip(gold, themes) if key in ks).most_common(3)
        print(f"{key:<34}{count:>8}  " + ", ".join(f"{g} ({c})" for g, c in top))
    print(f"\nrun time {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
