"""One answer through the whole scorer: clean -> language -> spelling -> sentiment ->
emotion -> themes. score() returns the contract's fields; explanation.py reads the same Analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback_app.scoring import clauses, customer_cues, emotion, language, lexicon, normalise, sentiment, themes
from feedback_app.scoring.answer_label import AnswerLabel, anchor, fitting_themes, settle_emotion
from feedback_app.scoring.fallback_themes import fallback_theme
from feedback_app.scoring.version import scorer_version


@dataclass
class Analysis:
    text: normalise.Text
    language: language.Language
    words: list[str]
    langs: list[str]
    sentiment: sentiment.Sentiment
    emotion: emotion.Emotion
    hits: list[themes.Hit]
    themes: list[str]
    answer: AnswerLabel  # the answer's label (the face anchors it) beside the text's own reading


def check_input(text: object, lang: object, face: object, extra_themes: object) -> None:
    """Reject what is not an answer with a message saying what was expected."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    if lang is not None and not isinstance(lang, str):
        raise ValueError(f"lang must be a language code such as 'id' or 'en', or None; got {type(lang).__name__}")
    if face is not None and (isinstance(face, bool) or not isinstance(face, int) or not 1 <= face <= 5):
        raise ValueError(f"face must be an int from 1 (very unhappy) to 5 (very happy), or None; got {face!r}")
    if extra_themes is not None and not isinstance(extra_themes, list):
        raise ValueError("extra_themes must be a list of {'key', 'label', 'terms'} objects, or None")


def spell(tokens: list[str], token_langs: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Normalise each token in its own language (code-mixed answers keep both)."""
    words: list[str] = []
    langs: list[str] = []
    for n, (tok, lang) in enumerate(zip(tokens, token_langs)):
        if tok in normalise.UNITS and n and tokens[n - 1].isdigit():
            words.append(tok)
            langs.append(lang)
        elif tok in normalise.ADDRESS_ONLY:
            continue
        elif lang == "id":
            fixed = normalise.formal_id(tok)
            words.extend(fixed)
            langs.extend([lang] * len(fixed))
        else:
            words.append(normalise.english_word(tokens, n))
            langs.append(lang)
    kept = normalise.without_greeting(words)
    return kept, langs[len(words) - len(kept) :]


def analyse(
    text: str, lang: str | None = None, face: int | None = None, extra_themes: list[dict] | None = None
) -> Analysis:
    """Everything the scorer knows about one answer."""
    check_input(text, lang, face, extra_themes)
    clean = normalise.clean(text)
    detected = language.detect(clean.raw, clean.tokens, lang)
    words, langs = spell(clean.tokens, detected.token_langs)
    senti = sentiment.analyse(words, langs, detected.id_share, clean.exclaim, extra_themes, clean.question)
    answer = anchor(senti.polarity, senti.label, face)
    sincere = clauses.sincere(senti.clauses)  # sarcastic thanks or praise name no joy
    felt = [c for c in sincere if not c.bygone]  # 'I used to love this app, now …' feels no love today
    cue_emotions = [
        c.emotion
        for clause in felt
        for c in clause.cues
        if c.emotion and voices(clause, c, answer)
        for _ in range(lexicon.emotion_votes(c))
    ]
    emotion_words = words if len(felt) == len(senti.clauses) else [w for c in felt for w in c.words]
    emotion_words = emotion_words or customer_cues.without_praise(words)
    emo = emotion.analyse(emotion_words, detected.id_share, senti.polarity, answer.label, face, cue_emotions)
    settle_emotion(emo, answer, face)
    # 'promo hari ini apa aja?' (no face, no rule evidence) names no fault
    asking = clean.question and face is None and not any(c.parts for c in senti.clauses)
    # a sarcastic clause's praise says nothing plainly, nor does what a 'but' plays down ('telat dikit tapi enak')
    plain = {id(clause) for clause in sincere if clause.weight >= 1}
    said = [(h, c.polarity if id(c) in plain else None) for c in senti.clauses for h in c.hits]
    mixed = sentiment.rule_evidence(senti.clauses)[1] > 0
    hits = fitting_themes(said, answer, extra_themes, asking, mixed)
    keys = [h.key for h in hits]
    if not keys and answer.label != "neutral":
        fallback = fallback_theme(words, langs, answer.polarity)
        keys = [fallback] if fallback else []
    return Analysis(clean, detected, words, langs, senti, emo, hits, keys, answer)


def voices(clause: clauses.Clause, cue: lexicon.Cue, answer: AnswerLabel) -> bool:
    """Whether a lexicon word's emotion speaks for the answer: not the 'please' of a request ('please pack it
    separately' is no joy), nor praise before a 'but' in an answer that reads negative ('nice but …'), or the
    reverse."""
    if "request" in clause.parts and cue.polarity > 0:
        return False
    side = {"negative": -1, "positive": 1}.get(answer.label, 0)
    return not (clause.weight < 1 and side * cue.polarity < 0)


def score(text: str, lang: str | None = None, face: int | None = None, extra_themes: list[dict] | None = None) -> dict:
    """The contract's score of one answer: exactly its fields."""
    return as_score(analyse(text, lang, face, extra_themes))


def as_score(found: Analysis) -> dict:
    """An Analysis as the contract's fields."""
    scores = {
        "polarity": found.answer.polarity,
        "label": found.answer.label,
        "language": found.language.code,
        "emotion": {"label": found.emotion.label, "score": found.emotion.score},
        "themes": found.themes,
        "scorer": scorer_version(),
        "text_sentiment": found.answer.text_sentiment,
    }
    if found.answer.has_face:
        scores["text_contradicts_face"] = found.answer.contradicts_face
    return scores
