"""Why an answer got its score: which words moved polarity, emotion and each theme.
Used by `feedback-app score --explain` and the response browser.
"""
from __future__ import annotations

from feedback_app.scoring import candidates, emotion, models, resources
from feedback_app.scoring.analysis import analyse, score

TOP_WORDS = 6


def explain(text: str, lang: str | None = None, face: int | None = None,
            extra_themes: list[dict] | None = None) -> dict:
    """The score plus its reasons, in plain fields a page can show."""
    found = analyse(text, lang, face, extra_themes)
    result = score(text, lang, face, extra_themes)
    result["explanation"] = {
        "words": found.words,
        "language": {"code": found.language.code, "indonesian_share": round(found.language.id_share, 2)},
        "polarity_words": polarity_words(found.words, found.langs),
        "learned": {k: round(v, 3) for k, v in found.sentiment.learned.items()},
        "clauses": [{"text": " ".join(c.words), "weight": c.weight, "polarity": None if c.polarity is None else round(c.polarity, 3),
                     "signals": {k: round(v, 3) for k, v in c.parts.items()}} for c in found.sentiment.clauses],
        "emotion_words": emotion_words(found.words, found.emotion.label, found.langs),
        "emotion_probabilities": found.emotion.probabilities,
        "face": {"value": emotion.face_value(face), "weight": emotion.FACE_WEIGHT} if face is not None else None,
        "themes": [{"key": h.key, "words": h.words, "negated": h.negated} for h in found.hits],
    }
    return result


def polarity_words(words: list[str], langs: list[str]) -> list[dict]:
    """Words with the largest push on the sentiment model, with emoji."""
    table = resources.emoji_table()
    scored = {}
    for word, lang in zip(words, langs):
        if word in table:
            scored[word] = table[word][0]
        elif word.isalpha():
            scored[word] = candidates.word_weight(word, lang)
    top = sorted(scored.items(), key=lambda kv: -abs(kv[1]))[:TOP_WORDS]
    return [{"word": w, "push": round(v, 3)} for w, v in top if abs(v) >= 0.05]


def emotion_words(words: list[str], label: str, langs: list[str]) -> list[str]:
    """Words that most favour the chosen emotion label."""
    scored: dict[str, float] = {}
    for word, lang in zip(words, langs):
        if not word.isalpha():
            continue
        cols = list(emotion.columns(lang))
        target = emotion.LABELS.index(label)
        if target in cols:
            row = models.word_push(word, lang)[models.language_model(lang).split:]
            scored[word] = float(row[cols.index(target)] - row.mean())
    return [w for w, v in sorted(scored.items(), key=lambda kv: -kv[1])[:3] if v > 0]
