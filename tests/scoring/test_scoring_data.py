"""The test sources stay unseen: no training row is (nearly) one of their texts, and every file names its source."""

from __future__ import annotations

import re

from feedback_app.scoring.training_data import (
    EVALUATION,
    TRAINING,
    evaluation_texts,
    training_rows,
    without_test_texts,
)


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def test_a_near_copy_of_a_test_text_is_left_out_of_training():
    tests = ["Kue-kue yang disajikan bikin saya bernostalgia, enak dan murah."]
    rows = [
        ("kue kue yang disajikan bikin saya bernostalgia , enak dan murah", "positive"),
        ("kurir telat", "negative"),
    ]
    assert without_test_texts(rows, tests) == [("kurir telat", "negative")]


def test_no_training_row_is_a_test_text():
    tests = {_key(t) for t in evaluation_texts()}
    assert len(tests) > 5000
    for task, lang in (("sentiment", "id"), ("sentiment", "en"), ("emotion", "id"), ("emotion", "en")):
        leaked = [t for t, _ in training_rows(task, lang) if _key(t) in tests and len(_key(t)) >= 20]
        assert not leaked, (task, lang, leaked[:3])


def test_every_data_file_is_named_in_its_readme():
    for folder in (TRAINING, EVALUATION, TRAINING.parent / "development"):
        readme = (folder / "README.md").read_text(encoding="utf-8")
        for path in folder.iterdir():
            if path.suffix in (".jsonl", ".tsv"):
                assert f"`{path.name}`" in readme, path
