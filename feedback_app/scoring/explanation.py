"""Why an answer got its score: which words moved polarity, emotion and each theme.
Used by `feedback-app score --explain` and the response browser.
"""

from __future__ import annotations

from feedback_app.scoring import emotion, models, phrases, resources
from feedback_app.scoring.analysis import analyse, as_score
from feedback_app.scoring.fallback_themes import NOT_A_TOPIC, STOPWORDS
from feedback_app.scoring.theme_names import label

TOP_WORDS = 4
MIN_PUSH = 0.3  # a model word pushing less than this says nothing a reader can use


def explain(
    text: str, lang: str | None = None, face: int | None = None, extra_themes: list[dict] | None = None
) -> dict:
    """The score plus its reasons, in plain fields a page can show."""
    found = analyse(text, lang, face, extra_themes)
    result = as_score(found)
    result["explanation"] = {
        "words": found.words,
        "language": {"code": found.language.code, "indonesian_share": round(found.language.id_share, 2)},
        "polarity_words": polarity_words(found),
        "learned": {k: round(v, 3) for k, v in found.sentiment.learned.items()},
        "clauses": [
            {
                "text": " ".join(c.words),
                "weight": c.weight,
                "polarity": None if c.polarity is None else round(c.polarity, 3),
                "signals": {k: round(v, 3) for k, v in c.parts.items()},
            }
            for c in found.sentiment.clauses
        ],
        "emotion_words": emotion_words(found.words, found.emotion.label, found.langs),
        "emotion_probabilities": found.emotion.probabilities,
        "face": {"value": emotion.face_value(face), "weight": emotion.FACE_WEIGHT} if face is not None else None,
        "themes": [theme_reason(hit, extra_themes) for hit in found.hits],
    }
    return result


def theme_reason(hit, extra_themes: list[dict] | None) -> dict:
    """A theme found, with its names for readers (never only the key) and the words that matched it."""
    names = {lang: label(hit.key, lang, extra_themes) for lang in ("id", "en")}
    return {"key": hit.key, "names": names, "words": hit.words, "negated": hit.negated}


def polarity_words(found) -> list[dict]:
    """What moved polarity: lexicon terms and emoji (the rules), then the content words that
    push the learned model most, each with its source."""
    table = resources.emoji_table()
    out = [
        {"word": c.words, "push": round(c.polarity, 3), "source": "lexicon"}
        for clause in found.sentiment.clauses
        for c in clause.cues
    ]
    out += [{"word": w, "push": table[w][0], "source": "emoji"} for w in found.words if w in table]
    scored = {w: models.word_weight(w, lang) for w, lang in zip(found.words, found.langs) if could_be_a_reason(w)}
    top = sorted(scored.items(), key=lambda kv: -abs(kv[1]))[:TOP_WORDS]
    out += [{"word": w, "push": round(v, 3), "source": "model"} for w, v in top if abs(v) >= MIN_PUSH]
    for item in out:
        item["towards"] = "positive" if item["push"] > 0 else "negative"
    return out


def could_be_a_reason(word: str) -> bool:
    """A content word a reader would accept as a reason: no stop word, filler, number or everyday verb."""
    return (
        len(word) >= 3
        and word.isalpha()
        and word not in STOPWORDS
        and word not in phrases.FILLERS
        and word not in NOT_A_TOPIC
    )


def emotion_words(words: list[str], label: str, langs: list[str]) -> list[str]:
    """Words that most favour the chosen emotion label."""
    scored: dict[str, float] = {}
    for word, lang in zip(words, langs):
        if not could_be_a_reason(word):
            continue
        cols = list(emotion.columns(lang))
        target = emotion.LABELS.index(label)
        if target in cols:
            row = models.word_push(word, lang)[models.language_model(lang).split :]
            scored[word] = float(row[cols.index(target)] - row.mean())
    return [w for w, v in sorted(scored.items(), key=lambda kv: -kv[1])[:3] if v > 0]
