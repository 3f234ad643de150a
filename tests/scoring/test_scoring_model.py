"""The model files: rebuilt deterministically from data/training/, safe to load (no pickle),
small, quick to load, and the scorer version follows them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from feedback_app.scoring import SCORER_VERSION, resources, score, train, version

LEARNED = ("language.json", "lexicon_en.json", "lexicon_id.json", "models.npz")
SAMPLES = [
    "kurirnya telat bgt, makanan udah dingin",
    "mantul, porsinya pas",
    "food ok, delivery slow",
    "the staff were lovely",
    "aplikasinya error terus",
]


@pytest.fixture(scope="module")
def small_builds(tmp_path_factory) -> dict[str, Path]:
    """Two builds of the same seed and subset, and one of another subset."""
    root = tmp_path_factory.mktemp("builds")
    for name, limit in (("a", 300), ("b", 300), ("other", 200)):
        assert train.main(["--limit", str(limit), "--seed", "13", "--out", str(root / name)]) == 0
    return {name: root / name for name in ("a", "b", "other")}


def test_rebuild_with_the_same_seed_is_byte_identical(small_builds):
    for name in LEARNED:
        assert (small_builds["a"] / name).read_bytes() == (small_builds["b"] / name).read_bytes(), name


def test_rebuild_reproduces_its_figures(small_builds):
    with resources.data_dir(small_builds["a"]):
        first = [score(text) for text in SAMPLES]
    with resources.data_dir(small_builds["b"]):
        second = [score(text) for text in SAMPLES]
    assert first == second


def test_version_changes_when_the_model_changes(small_builds):
    with resources.data_dir(small_builds["a"]):
        built_a = version.scorer_version()
    with resources.data_dir(small_builds["other"]):
        built_other = version.scorer_version()
    assert built_a != built_other
    assert built_a != SCORER_VERSION
    assert version.scorer_version() == SCORER_VERSION  # back on the shipped files


def test_version_changes_when_the_rules_change(monkeypatch):
    before = version.scorer_version()
    monkeypatch.setattr(version, "RULES_VERSION", version.RULES_VERSION + "-changed")
    version.base_version.cache_clear()
    assert version.scorer_version() != before
    monkeypatch.undo()
    version.base_version.cache_clear()


def test_every_score_names_the_version_that_made_it():
    assert score("enak")["scorer"] == SCORER_VERSION
    assert SCORER_VERSION.startswith(version.RULES_VERSION + "+")


def test_model_files_are_safe_and_small():
    total = sum(p.stat().st_size for p in resources.PACKAGE_DATA.iterdir())
    assert total <= 20 * 1024 * 1024
    with np.load(resources.PACKAGE_DATA / "models.npz", allow_pickle=False) as npz:
        assert all(npz[key].dtype != object for key in npz.files)


def test_a_fresh_process_loads_the_models_and_scores():
    """The models load from the package alone in a new process (how long it takes: bench/scoring_speed.py)."""
    code = "from feedback_app.scoring import score; print(score('kurirnya telat')['label'], score('the courier was late')['label'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.split() == ["negative", "negative"]


@pytest.mark.skipif(
    not os.environ.get("FEEDBACK_SLOW_TESTS"), reason="full rebuild takes minutes: FEEDBACK_SLOW_TESTS=1"
)
def test_full_rebuild_matches_the_shipped_models(tmp_path):
    assert train.main(["--out", str(tmp_path)]) == 0
    for name in LEARNED:
        assert (tmp_path / name).read_bytes() == (resources.PACKAGE_DATA / name).read_bytes(), name


def test_english_polarity_is_textblobs_own():
    from textblob import TextBlob

    from feedback_app.scoring.textblob_sentiment import polarity_subjectivity

    for text in ("very good", "not bad at all", "the food was cold and the driver rude", "terribly slow!!", ""):
        blob = TextBlob(text).sentiment
        assert polarity_subjectivity(text) == pytest.approx((blob.polarity, blob.subjectivity))


def test_polarity_of_split_words_is_textblobs_polarity_of_the_text():
    from textblob import TextBlob

    from feedback_app.scoring.textblob_sentiment import knows_any, polarity_of_words

    for words in (
        ["very", "good"],
        ["not", "bad", "at", "all"],
        ["the", "driver", "was", "terribly", "slow"],
        ["never", "again"],
        ["well-packed", "and", "fast"],
        ["nothing"],
    ):
        assert polarity_of_words(words) == TextBlob(" ".join(words)).sentiment.polarity
    assert knows_any(["good"]) and knows_any(["x", "terribly"]) and not knows_any(["kurir", "telat"])
