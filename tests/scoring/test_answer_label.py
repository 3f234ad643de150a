"""The customer's own answer anchors the label (contract, Scores): faces 1-2 negative, 4-5 positive, 3 the text's;
the text's reading is kept beside it, the emotion never contradicts the label, and a clear disagreement is
flagged."""

from __future__ import annotations

import io
import json

import pytest

from feedback_app.scoring import score, score_lines
from feedback_app.scoring.answer_label import anchor, emotion_for
from feedback_app.scoring.themes import theme_polarity

PRAISE = "Makanannya enak banget, kurirnya ramah!"
COMPLAINT = "The courier was late and the rice was cold."
NEGATIVE_EMOTIONS = {"sadness", "anger", "fear", "disgust"}


@pytest.mark.parametrize("face, label", [(1, "negative"), (2, "negative"), (4, "positive"), (5, "positive")])
def test_a_face_of_1_2_or_4_5_decides_the_label_whatever_the_text_says(face, label):
    for text in (PRAISE, COMPLAINT, "ok"):
        result = score(text, face=face)
        assert result["label"] == label, (text, result)
        assert (result["polarity"] < 0) == (label == "negative")
        assert (result["emotion"]["score"] < 0) == (label == "negative")


def test_face_3_and_no_face_leave_the_label_to_the_text():
    for text in (PRAISE, COMPLAINT):
        plain, middle = score(text), score(text, face=3)
        assert middle["label"] == middle["text_sentiment"]["label"] == plain["label"]
        assert plain["text_sentiment"] == {"polarity": plain["polarity"], "label": plain["label"]}
        assert "text_contradicts_face" not in plain and middle["text_contradicts_face"] is False


def test_the_texts_own_reading_is_kept_beside_the_anchored_label():
    result = score(PRAISE, face=2)
    assert result["label"] == "negative"
    assert result["text_sentiment"]["label"] == "positive" and result["text_sentiment"]["polarity"] > 0.3
    assert result["text_contradicts_face"] is True


def test_an_agreeing_or_lukewarm_text_is_not_flagged():
    assert score(COMPLAINT, face=1)["text_contradicts_face"] is False
    assert score("ok", face=2)["text_contradicts_face"] is False
    assert score(PRAISE, face=5)["text_contradicts_face"] is False
    assert score(COMPLAINT, face=5)["text_contradicts_face"] is True


def test_the_emotion_never_contradicts_the_anchored_label():
    texts = [PRAISE, COMPLAINT, "iklannya keliatan enak tapi harganya ga dicantumin, bikin males", "mantap", ""]
    for text in texts:
        for face in (1, 2):
            assert score(text, face=face)["emotion"]["label"] not in {"joy", "love"}, (text, face)
        for face in (4, 5):
            assert score(text, face=face)["emotion"]["label"] not in NEGATIVE_EMOTIONS, (text, face)


def test_the_closest_allowed_emotion_takes_a_contradicting_ones_place():
    probabilities = {"joy": 0.6, "anger": 0.1, "sadness": 0.25, "fear": 0.05}
    assert emotion_for("negative", "joy", probabilities, 2) == "sadness"
    assert emotion_for("positive", "anger", {"love": 0.3, "joy": 0.1}, 4) == "love"
    assert emotion_for("negative", "joy", {}, 1) == "anger"  # no model reading: the face's own emotion
    assert emotion_for("negative", "surprise", probabilities, 2) == "surprise"


def test_anchored_polarity_stays_on_the_labels_side():
    answer = anchor(0.9, "positive", 2)
    assert answer.label == "negative" and answer.polarity <= -0.2 and answer.contradicts_face
    assert anchor(-0.9, "negative", 1).polarity == pytest.approx(-0.96)
    assert anchor(0.4, "positive", None).label == "positive" and not anchor(0.4, "positive", None).has_face


def test_score_lines_print_text_sentiment_with_and_without_a_face():
    lines = [
        {"text": PRAISE, "face": 2},
        {"text": COMPLAINT, "face": 5},
        {"text": COMPLAINT, "face": 3},
        {"text": PRAISE},
    ]
    out = io.StringIO()
    assert score_lines(io.StringIO("\n".join(json.dumps(x) for x in lines) + "\n"), out) == 0
    got = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [g["label"] for g in got] == ["negative", "positive", got[2]["text_sentiment"]["label"], "positive"]
    assert all({"polarity", "label"} == set(g["text_sentiment"]) for g in got)


def test_a_praise_theme_is_no_pain_point_of_a_negative_answer():
    assert "food_tasty" in score("makanannya enak")["themes"]
    assert "food_tasty" not in score("makanannya enak", face=1)["themes"]
    assert "delivery_late" not in score("kurirnya telat", face=5)["themes"]


@pytest.mark.parametrize(
    "text", ["Pesanan telat sejam. Makanannya enak.", "Order was an hour late. The food was delicious though."]
)
def test_without_a_face_a_complaint_its_own_clause_plainly_makes_stays_in_a_positive_answer(text):
    got = score(text)
    assert got["label"] == "positive"
    assert {"delivery_late", "food_tasty"} <= set(got["themes"])


def test_sarcastic_praise_after_a_complaint_names_no_praise_theme():
    got = score("Been on hold for 2 hours. Great customer service")
    assert got["label"] == "negative"
    assert not any(theme_polarity(key) > 0 for key in got["themes"])


def test_a_happy_face_keeps_a_complaint_its_answer_plainly_makes_beside_praise():
    assert "delivery_late" in score("Pesanan telat sejam. Makanannya enak.", face=4)["themes"]
    assert "delivery_late" not in score("kurirnya telat", face=5)["themes"]  # a contradiction, not a mixed answer
    assert "food_tasty" not in score("Makanannya enak tapi kurirnya telat 2 jam", face=2)["themes"]
