"""Emotion labels: the emotion model leads on long texts, the sentiment label on short answers."""

from __future__ import annotations

import numpy as np
import pytest

from feedback_app.scoring import analysis, emotion, learn, models, resources, score
from feedback_app.scoring.emotion import LABELS, NEGATIVE, POSITIVE


def one_hot(**probs: float) -> np.ndarray:
    out = np.full(len(LABELS), 0.01, dtype=np.float32)
    for name, p in probs.items():
        out[LABELS.index(name)] = p
    return out / out.sum()


def test_a_tweet_the_sentiment_model_reads_as_negative_keeps_the_emotion_models_joy():
    text = "Alhamdulillah akhirnya bisa ketemu keluarga lagi setelah sekian lama, sampai nangis rasanya"
    found = analysis.analyse(text)
    emotion_probs = models.predict(found.words, "id")[1]
    assert found.sentiment.label == "negative"
    assert models.language_model("id").emotion_classes[int(np.argmax(emotion_probs))] == "joy"
    assert found.emotion.label == "joy"


@pytest.mark.parametrize(
    "text, allowed",
    [
        ("makanannya dingin", {"sadness", "anger"}),
        ("kurirnya telat bgt, makanan udah dingin", NEGATIVE),
        ("barangnya rusak pas nyampe", NEGATIVE),
        ("mantul, porsinya pas", POSITIVE),
        ("the staff were lovely", POSITIVE),
        ("the courier was really late, the food was already cold", NEGATIVE),
        ("belum nyoba", {"neutral"}),
    ],
)
def test_short_customer_answers_keep_an_emotion_of_their_sentiment(text, allowed):
    assert score(text)["emotion"]["label"] in allowed


def test_a_label_the_model_has_no_class_for_comes_from_emoji_and_lexicon_votes():
    assert "disgust" not in models.language_model("id").emotion_classes
    assert score("nasinya basi 🤮")["emotion"]["label"] == "disgust"


def test_agreement_with_the_sentiment_is_strong_for_short_answers_and_faint_for_long_ones():
    assert emotion.weights(["makanannya", "dingin"]) == (emotion.AGREEMENT_SHORT, emotion.VOTE_SHORT)
    assert emotion.weights(["kata"] * 30) == (emotion.AGREEMENT_LONG, emotion.VOTE_LONG)
    assert emotion.AGREEMENT_LONG < emotion.weights(["kata"] * 8)[0] < emotion.AGREEMENT_SHORT


def test_a_confident_emotion_model_outweighs_the_sentiment_label_only_in_long_texts():
    probs = one_hot(joy=0.8, sadness=0.1)
    no_votes = np.zeros(len(LABELS), dtype=np.float32)
    assert emotion.choose(probs, no_votes, "negative", *emotion.weights(["kata"] * 30)) == "joy"
    assert emotion.choose(probs, no_votes, "negative", *emotion.weights(["makanannya", "dingin"])) == "sadness"


def test_a_clear_indonesian_sentiment_keeps_a_long_answers_emotion_on_its_side():
    """EmoT's tweet-trained model reads long Indonesian praise as sadness; a clear sentiment holds the valence.
    English (GoEmotions-trained) keeps its model's reading, and so does an unclear sentiment."""
    probs = one_hot(sadness=0.5, joy=0.3)
    long = ["kata"] * 30
    assert emotion.choose(probs, None, "positive", *emotion.weights(long, 0.95, 1.0)) in POSITIVE
    assert emotion.choose(probs, None, "positive", *emotion.weights(long, 0.5, 1.0)) == "sadness"
    assert emotion.choose(probs, None, "positive", *emotion.weights(long, 0.95, 0.0)) == "sadness"


def test_emotion_scoring_reads_the_features_the_model_was_trained_on():
    """The gather in models.predict (IDF folded into the weights, the norm in the last column)
    gives the same logits as the training matrix times the exported weights."""
    texts = ["kurirnya telat bgt, makanan udah dingin", "senang sekali hari ini bisa ketemu kamu"]
    arrays = resources.load_arrays("models.npz")
    weights, bias = arrays["emotion_id_W"].astype(np.float64), arrays["emotion_id_b"]
    norm = arrays["emotion_id_norm"]
    x = learn.matrix(learn.blocks_of(texts, "id"), norm)
    sqrt_norm = np.sqrt(norm.astype(np.float64))
    unfolded = np.divide(weights, sqrt_norm[:, None], out=np.zeros_like(weights), where=sqrt_norm[:, None] > 0)
    for row, text in zip(x, texts):
        logits = row @ unfolded + bias
        expected = np.exp(logits - logits.max()).ravel()
        got = models.predict(learn.tokens_for(text, "id"), "id")[1]
        assert np.array(got) == pytest.approx(expected / expected.sum(), abs=2e-3)


def test_refitting_only_the_emotion_models_keeps_the_sentiment_arrays(tmp_path):
    from feedback_app.scoring import train

    assert train.main(["--only", "emotion", "--limit", "200", "--out", str(tmp_path)]) == 0
    with np.load(resources.PACKAGE_DATA / "models.npz") as shipped, np.load(tmp_path / "models.npz") as built:
        assert sorted(shipped.files) == sorted(built.files)
        for key in [k for k in shipped.files if k.startswith("sentiment_")]:
            assert np.array_equal(shipped[key], built[key]), key
        assert not np.array_equal(shipped["emotion_id_W"], built["emotion_id_W"])  # refit on 200 rows
