"""Text as customers write it: complaints without complaint words read negative as text (issue 13)."""

from __future__ import annotations

import pytest

from feedback_app.scoring import score
from feedback_app.scoring.customer_cues import excess, is_request, only_thanks


@pytest.mark.parametrize(
    "text",
    [
        "iklannya keliatan enak tapi harganya ga dicantumin, bikin males",
        "The sambal was far too spicy, please pack it separately",
        "Checkout was confusing … nobody replied on WhatsApp",
        "Been on hold for 1.5 hours. Thanks!",
    ],
)
def test_the_four_complaints_of_issue_13_read_negative_as_text(text):
    assert score(text)["label"] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "enak tapi lama banget, bikin males",
        "Not likely to try again.",
        "ga bakal pesan lagi",
        "tolong sambalnya dipisah",
        "the coffee was too sweet",
        "waited 40 minutes for my order. thank you so much",
    ],
)
def test_contrast_requests_excess_sarcasm_and_lost_customers_read_negative(text):
    assert score(text)["label"] == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "The menu page was nice but I could not find whether you deliver to Bekasi.",
        "nice food but the wait was way too long",
        "rasanya enak tapi datangnya telat",
    ],
)
def test_praise_then_but_and_a_complaint_never_reads_positive(text):
    """Mixed answers read neutral or negative as text (the face decides the answer's label)."""
    assert score(text)["label"] != "positive"


@pytest.mark.parametrize(
    "text",
    ["Thanks!", "makasih ya, mantap", "please keep up the good work", "fast delivery, thank you", "me too, love it"],
)
def test_plain_thanks_and_praise_stay_positive(text):
    assert score(text)["label"] == "positive"


def test_the_cues_read_the_clause_words():
    assert is_request(["please", "pack", "it", "separately"]) and is_request(["tolong", "dipisah"])
    assert not is_request(["please", "keep", "it", "up"])
    assert excess(["far", "too", "spicy"]) and excess(["terlalu", "lama"])
    assert not excess(["me", "too"]) and not excess(["too", "good"])
    assert only_thanks(["thank", "you", "so", "much"]) and not only_thanks(["you"])


def test_thanks_after_a_complaint_do_not_make_the_learned_model_read_praise():
    sarcastic, plain = score("Been on hold for 1.5 hours. Thanks!"), score("Been on hold for 1.5 hours.")
    assert sarcastic["polarity"] <= plain["polarity"] + 0.2
