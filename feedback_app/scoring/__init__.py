"""Scores for survey answers in Indonesian and English: polarity, label, language, emotion,
themes and the scorer version (the score fields of docs/scoring.md). Plain Python: no Flask, no database,
nothing else of the app.

    from feedback_app.scoring import score
    score("kurirnya telat bgt, makanan udah dingin")

Its modules, each importing only modules listed before it (no cycles):
  resources           the data files, loaded once; which caches derive from them, and clearing them
  textblob_sentiment  TextBlob's English polarity without importing textblob
  training_data       the training files and their fixed dev split
  version             SCORER_VERSION: the rules version plus a hash of the data files
  normalise           clean-up, tokens, emoji, colloquial spelling, negators
  features            hashed features, the same at training and scoring time
  models              the learned sentiment + emotion models at scoring time
  adaptation          a deployment's own adaptation, learned from its answers (`feedback-app learn`)
  phrases             words as concepts, and matching terms on them
  lexicon             the feedback polarity lexicon (data/polarity.json)
  language            which language an answer and each of its words is in
  themes              the theme taxonomy and finding themes in a clause
  customer_cues       complaints without complaint words: requests, 'too …', sarcastic thanks or praise, long waits
  clauses             an answer cut into clauses, each with its rule evidence and themes
  theme_names         a theme's name in the reader's language, and the aspect a problem belongs to
  sentiment           polarity and label
  emotion             emotion label and score (with the face the customer chose)
  answer_label        the face anchors the answer's label; the text's own reading kept beside it
  fallback_themes     'term:<lemma>' keys for answers no theme covers
  analysis            one answer through every step; score()
  candidates          recurring fallback keys across answers, for the CX team
  explanation         why an answer got its score
  lines               `feedback-app score`: JSON lines in and out
  learn, train        rebuilding the models (scikit-learn is needed here only)
"""

from __future__ import annotations

from typing import TextIO

__all__ = [
    "score",
    "explain",
    "SCORER_VERSION",
    "theme_label",
    "theme_aspect",
    "is_complaint",
    "score_lines",
    "candidate_themes",
]


def score(text: str, lang: str | None = None, face: int | None = None, extra_themes: list[dict] | None = None) -> dict:
    """{"polarity", "label", "language", "emotion": {"label", "score"}, "themes", "scorer", "text_sentiment"}; with a
    face (1..5) the face anchors "label" (1-2 negative, 4-5 positive, 3 the text's) and "text_contradicts_face" says
    whether the text clearly reads the other way."""
    from feedback_app.scoring.analysis import score as _score

    return _score(text, lang, face, extra_themes)


def explain(
    text: str, lang: str | None = None, face: int | None = None, extra_themes: list[dict] | None = None
) -> dict:
    """score() plus an "explanation": the words that moved polarity, emotion and each theme."""
    from feedback_app.scoring.explanation import explain as _explain

    return _explain(text, lang, face, extra_themes)


def theme_label(key: str, lang: str = "en", extra_themes: list[dict] | None = None) -> str:
    """A theme key's name for a reader of `lang` ('id' or 'en'): 'delivery_late' -> 'Late delivery' /
    'Pengiriman terlambat', 'term:not_sweet' -> 'Not sweet' / 'Tidak manis'; never shows the key itself when a
    name exists. The one display name of a theme, for maps, charts and exports alike."""
    from feedback_app.scoring.theme_names import label

    return label(key, lang, extra_themes)


def theme_aspect(key: str, extra_themes: list[dict] | None = None) -> str | None:
    """The aspect a complaint or praise is about ('cutlery_missing' -> 'cutlery'); an aspect is its own; None
    for fallback 'term:' keys and unknown ones. Name it with theme_label."""
    from feedback_app.scoring.theme_names import aspect

    return aspect(key, extra_themes)


def is_complaint(key: str, extra_themes: list[dict] | None = None) -> bool:
    """True for a complaint theme ('delivery_late', a journey's own complaint); False for praise, aspects and
    fallback 'term:' keys."""
    from feedback_app.scoring.themes import theme_polarity

    return theme_polarity(key, extra_themes) < 0


def candidate_themes(texts: list[str], min_count: int = 2) -> list[dict]:
    """Recurring complaint/praise terms no theme covers: [{"term", "key", "count", "quotes"}]."""
    from feedback_app.scoring.candidates import candidate_themes as _candidates

    return _candidates(texts, min_count)


def score_lines(stdin: TextIO, stdout: TextIO, explain: bool = False) -> int:
    """`feedback-app score`: JSON lines in, one JSON line out each; 1 if any line errored."""
    from feedback_app.scoring.lines import score_lines as _score_lines

    return _score_lines(stdin, stdout, explain)


def __getattr__(name: str) -> str:
    """SCORER_VERSION is computed on first access (it hashes the model files)."""
    if name == "SCORER_VERSION":
        from feedback_app.scoring.version import scorer_version

        return scorer_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
