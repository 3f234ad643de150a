"""Every kind of bad or odd input gets a sensible score or a clear error, never a crash, and
the work per answer is capped."""

from __future__ import annotations

import io
import json

import pytest

from feedback_app.scoring import score, score_lines

ODD_TEXTS = {
    "empty": "",
    "whitespace": " \n\t  \r\n ",
    "only emoji": "😡😡😡",
    "only punctuation": "?!?!... ,,,",
    "html": "<script>alert('x')</script><p>Makanannya <b>enak</b> &amp; murah</p>",
    "binary junk": bytes(range(256)).decode("latin-1") * 4,
    "control characters": "\x00\x01\x02 ok \x7f\ufffd",
    "surrogate-free odd unicode": "ｍａｎｔａｐ 𝓰𝓸𝓸𝓭 ﷽ \u200b\u200d",
    "numbers only": "12345 678",
    "url and email": "cek https://example.com/x?y=1 atau email cs@example.com",
    "non-latin script": "食物很好吃，但是送货太慢了",
    "very long word": "a" * 50_000,
}


@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_input_gets_a_valid_score(name):
    result = score(ODD_TEXTS[name])
    assert result["label"] in {"positive", "neutral", "negative"}
    assert -1.0 <= result["polarity"] <= 1.0
    assert isinstance(result["language"], str) and 2 <= len(result["language"]) <= 3


def test_empty_and_whitespace_are_neutral():
    for text in ("", "   ", "\n"):
        result = score(text)
        assert result["label"] == "neutral" and result["polarity"] == 0.0
        assert result["themes"] == []


def test_only_emoji_reads_the_emoji():
    assert score("😡😡😡")["label"] == "negative"
    assert score("👍👍")["label"] == "positive"


def test_html_is_stripped_before_scoring():
    result = score("<p>Makanannya <b>enak</b> &amp; murah</p>")
    assert result["label"] == "positive"
    assert "food_tasty" in result["themes"]


def test_100_kb_answer_is_capped_and_still_scored():
    """Only the first characters are read (the cost of a long answer is measured in bench/scoring_speed.py)."""
    text = "makanannya enak tapi kurirnya telat banget. " * 2500
    assert len(text) > 100_000
    result = score(text)
    assert result["label"] in {"positive", "neutral", "negative"}
    assert score(text[:8000])["themes"] == result["themes"]


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"], {"text": "x"}])
def test_non_str_text_raises_value_error(bad):
    with pytest.raises(ValueError, match="text must be a str"):
        score(bad)


def test_bad_lang_hint_raises_and_unknown_code_passes_through():
    with pytest.raises(ValueError, match="lang"):
        score("ok", lang=5)  # type: ignore[arg-type]
    assert score("bonjour", lang="fr")["language"] == "fr"


def test_score_lines_scores_good_lines_in_order_and_flags_bad_ones():
    lines = [
        json.dumps({"text": "enak banget"}),
        "not json",
        json.dumps({"text": 5}),
        json.dumps([1]),
        json.dumps({"text": "the delivery was late", "lang": "en"}),
        "",
        json.dumps({"text": "ok", "lang": 3}),
    ]
    out = io.StringIO()
    status = score_lines(io.StringIO("\n".join(lines) + "\n"), out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert status == 1
    assert len(results) == 6
    assert results[0]["label"] == "positive"
    assert all("error" in r for r in (results[1], results[2], results[3], results[5]))
    assert results[4]["language"] == "en" and results[4]["label"] == "negative"


def test_score_lines_all_good_exits_zero_and_explains_on_request():
    out = io.StringIO()
    assert score_lines(io.StringIO('{"text": "mantul, porsinya pas"}\n'), out, explain=True) == 0
    result = json.loads(out.getvalue())
    assert "explanation" in result and result["label"] == "positive"


def test_every_emoji_table_key_is_a_symbol():
    """normalise.clean looks a token up in the emoji table only when it does not start with a letter or digit."""
    from feedback_app.scoring import resources

    assert all(not key[0].isalnum() for key in resources.emoji_table())
