"""Language and colloquial Indonesian: short answers, slang, clitics, elongations, code-mixing."""

from __future__ import annotations

import pytest

from feedback_app.scoring import score
from feedback_app.scoring.analysis import analyse


@pytest.mark.parametrize(
    "text",
    [
        "kurirnya telat bgt",
        "mantul",
        "enak",
        "gak enak",
        "bagusss bgt",
        "Saya sangat puas dengan layanan ini",
        "pesanan sudah sampai",
    ],
)
def test_indonesian_short_answers_are_id_never_malay(text):
    assert score(text)["language"] == "id"


@pytest.mark.parametrize("text", ["food ok, delivery slow", "great service", "the courier was rude", "not bad at all"])
def test_english_short_answers_are_en(text):
    assert score(text)["language"] == "en"


def test_colloquial_spelling_is_normalised():
    found = analyse("gak enak bgt, kurirnya telaat, bagusss")
    assert found.words[:3] == ["tidak", "enak", "banget"]
    assert "kurir" in found.words and "bagus" in found.words


def test_code_mixed_answer_uses_both_languages():
    found = analyse("makanannya enak tapi delivery nya lama banget, very disappointed")
    assert found.language.code == "id"
    assert 0.2 < found.language.id_share < 0.8
    assert set(found.langs) == {"id", "en"}
    assert found.sentiment.label == "negative"


@pytest.mark.parametrize(
    "text,label",
    [
        ("gak enak", "negative"),
        ("tidak mengecewakan", "positive"),
        ("not good", "negative"),
        ("not disappointing", "positive"),
        ("ga ada masalah", "positive"),
        ("no problems at all", "positive"),
    ],
)
def test_negation_flips(text, label):
    assert score(text)["label"] == label


@pytest.mark.parametrize(
    "praise,complaint",
    [
        ("the food was great", "the delivery was very late and cold"),
        ("makanannya enak", "pengirimannya telat banget dan dingin"),
    ],
)
def test_clause_after_but_weighs_more(praise, complaint):
    ends_with_complaint = score(f"{praise} but {complaint}")["polarity"]
    ends_with_praise = score(f"{complaint} but {praise}")["polarity"]
    assert ends_with_complaint < 0 < ends_with_praise


def test_contrast_with_a_strong_complaint_leans_negative():
    assert score("rasanya enak tapi kurirnya kasar dan makanannya dingin")["label"] == "negative"
    assert score("good food but the courier was rude and it arrived cold")["polarity"] < 0


@pytest.mark.parametrize(
    "text",
    [
        "food ok, delivery slow",
        "biasa aja",
        "ok",
        "lumayan",
        "no comment",
        "standar sih, ga jelek ga bagus juga",  # 'neither … nor', however long: SmSA reads 'standar' as negative
        "neither good nor bad, the food was ok",
    ],
)
def test_lukewarm_and_mixed_answers_are_neutral(text):
    assert score(text)["label"] == "neutral"


def test_intensifiers_and_emphasis_strengthen():
    assert score("good")["polarity"] < score("very good!!!")["polarity"]


def test_emoji_and_emoticons_count():
    assert score("makanannya datang 😍")["label"] == "positive"
    assert score("pesanan datang :(")["label"] == "negative"
