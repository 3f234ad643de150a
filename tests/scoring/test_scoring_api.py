"""The scorer's public API: the contract's fields, hints, faces, themes, labels, candidates."""

from __future__ import annotations

import pytest

from feedback_app.scoring import SCORER_VERSION, candidate_themes, explain, score, theme_label

CONTRACT_FIELDS = {"polarity", "label", "language", "emotion", "themes", "scorer", "text_sentiment"}
EMOTIONS = {"joy", "love", "surprise", "sadness", "anger", "fear", "disgust", "neutral"}


def assert_contract(result: dict) -> None:
    assert CONTRACT_FIELDS <= set(result) <= CONTRACT_FIELDS | {"text_contradicts_face"}
    assert set(result["text_sentiment"]) == {"polarity", "label"}
    assert result["text_sentiment"]["label"] in {"positive", "neutral", "negative"}
    assert -1.0 <= result["polarity"] <= 1.0
    assert result["label"] in {"positive", "neutral", "negative"}
    assert result["emotion"]["label"] in EMOTIONS
    assert -1.0 <= result["emotion"]["score"] <= 1.0
    assert isinstance(result["themes"], list) and all(isinstance(k, str) for k in result["themes"])
    assert result["scorer"] == SCORER_VERSION


def test_colloquial_indonesian_complaint_is_negative_with_delivery_themes():
    result = score("kurirnya telat bgt, makanan udah dingin")
    assert_contract(result)
    assert result["language"] == "id"
    assert result["label"] == "negative"
    assert {"delivery_late", "food_cold"} <= set(result["themes"])


def test_colloquial_praise_is_positive():
    result = score("mantul, porsinya pas")
    assert result["label"] == "positive"
    assert result["language"] == "id"
    assert "portion_good" in result["themes"]


def test_same_complaint_in_both_languages_shares_label_and_theme():
    indonesian, english = score("pengiriman terlambat"), score("the delivery was late")
    assert indonesian["label"] == english["label"] == "negative"
    assert "delivery_late" in set(indonesian["themes"]) & set(english["themes"])


def test_language_hint_is_used_and_malay_reads_as_indonesian():
    assert score("ok", lang="id")["language"] == "id"
    assert score("ok", lang="ms")["language"] == "id"
    assert score("Saya sangat puas dengan layanan ini")["language"] == "id"


def test_other_languages_get_their_iso_code():
    assert score("la comida estaba fría y llegó tarde")["language"] == "es"


def test_face_alone_decides_when_text_is_empty():
    unhappy = score("", face=1)
    assert unhappy["emotion"]["score"] == -1.0
    assert unhappy["emotion"]["label"] in {"anger", "sadness"}
    assert score("", face=5)["emotion"] == {"label": "joy", "score": 1.0}


def test_face_and_text_are_blended():
    text_only = score("makanannya enak")["emotion"]["score"]
    with_face = score("makanannya enak", face=1)["emotion"]["score"]
    assert with_face < text_only


def test_bad_face_and_non_str_text_raise_clear_errors():
    with pytest.raises(ValueError, match="text must be a str"):
        score(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="face must be an int"):
        score("ok", face=9)


def test_journey_themes_are_matched_and_labelled():
    extra = [
        {
            "key": "menu_variety",
            "label": {"id": "Variasi menu", "en": "Menu variety"},
            "terms": ["variasi", "menu sama", "bosan", "variety", "same menu"],
        }
    ]
    assert "menu_variety" in score("menunya itu2 aja, bosen", extra_themes=extra)["themes"]
    assert "menu_variety" in score("same menu every day", extra_themes=extra)["themes"]
    assert theme_label("menu_variety", "id", extra) == "Variasi menu"


def test_theme_labels_in_both_languages_and_fallback():
    assert theme_label("delivery_late", "en") == "Late delivery"
    assert theme_label("delivery_late", "id") == "Pengiriman terlambat"
    assert theme_label("term:cold") == "Cold"
    assert theme_label("some_new_key") == "Some new key"


def test_explain_names_the_words_behind_the_score():
    result = explain("good food but the courier was rude")
    reasons = result["explanation"]
    assert reasons["themes"] and reasons["polarity_words"]
    assert any(c["weight"] > 0.5 for c in reasons["clauses"])
    assert CONTRACT_FIELDS <= set(result)


def test_candidate_themes_collect_recurring_uncovered_terms():
    texts = ["sambalnya kurang pedas", "sambal kurang pedas, kecewa", "not spicy enough, disappointed", "ok"]
    found = candidate_themes(texts, min_count=1)
    assert all({"term", "count", "quotes"} <= set(c) for c in found)
    assert all(c["count"] >= 1 and c["quotes"] for c in found)
