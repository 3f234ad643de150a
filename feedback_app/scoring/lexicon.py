"""The customer-feedback polarity lexicon (data/polarity.json): words and phrases in both
languages with a polarity and an emotion, matched on concepts like themes. It carries what the
tweet- and Reddit-trained models miss in short reviews: 'telat', 'lemot', 'porsi kecil',
'charged twice', 'tidak mengecewakan' (a 'not' right before a term flips it and damps it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from feedback_app.scoring import normalise, phrases, resources

NEGATION_DAMPING = 0.6  # 'not good' is less negative than 'bad' is
LUKEWARM = 0.15  # |polarity| at or below this: 'ok', 'lumayan', 'biasa aja'
WONT_RETURN = -0.8  # 'not likely to try again', 'ga bakal pesan lagi': a lost customer, not a mild 'not'
RETURN_WORDS = frozenset({"again", "lagi", "back"})


@dataclass(frozen=True)
class Cue:
    """One lexicon term found in an answer."""

    words: str
    polarity: float
    emotion: str
    negated: bool


@resources.derived_from_data
@cache
def _index() -> phrases.PhraseIndex[tuple[float, str] | None]:
    """Terms with (polarity, emotion); not_evaluative phrases with None, so that as the longer match they hide
    the evaluative word inside them ('top up' is no praise)."""
    lexicon = resources.load_json("polarity.json")
    terms = [(term, (float(v), str(e))) for term, (v, e) in sorted(lexicon["terms"].items())]
    return phrases.PhraseIndex(terms + [(phrase, None) for phrase in lexicon.get("not_evaluative", ())])


@resources.derived_from_data
@cache
def _neutral_answers() -> frozenset[tuple[str, ...]]:
    answers = resources.load_json("polarity.json")["neutral_answers"]
    return frozenset(v for a in answers for v in phrases.term_variants(a))


@resources.derived_from_data
@cache
def feelings() -> frozenset[str]:
    """Terms that name the customer's own feeling ('sedih', 'kecewa', 'worried'), as concepts: their emotion
    outweighs words that describe what happened ('sedih banget, barangnya rusak' is sadness, not anger)."""
    return frozenset(
        " ".join(v) for w in resources.load_json("polarity.json").get("feelings", ()) for v in phrases.term_variants(w)
    )


def emotion_votes(cue: Cue) -> int:
    """How many votes a lexicon term gives its emotion: two for a named feeling ('not happy' too), else one."""
    return 2 if cue.words.removeprefix("not ") in feelings() else 1


def _negated_emotion(words: tuple[str, ...], flipped: float) -> str:
    """'not likely to come back' is anger; 'tidak puas', 'not happy' (a good feeling denied) disappointment."""
    if flipped == WONT_RETURN:
        return "anger"
    return "sadness" if flipped < 0 and " ".join(words) in feelings() else ""


@cache
def generic_words() -> frozenset[str]:
    """Evaluative words that say how, not what ('bagus', 'kecewa', 'great'), as concepts: never an
    answer's main term (fallback_themes.py)."""
    words = resources.load_json("polarity.json")["generic"]
    return frozenset(v[0] for w in words for v in phrases.term_variants(w) if len(v) == 1)


def cues(seq: list[str]) -> list[Cue]:
    """Lexicon terms in a concept sequence, negated ones flipped."""
    out = []
    for found in _index().find(seq):
        if found.payload is None:
            continue
        value, emotion = found.payload
        if found.negated:
            flipped = WONT_RETURN if found.words[-1] in RETURN_WORDS and value > 0 else -value * NEGATION_DAMPING
            out.append(Cue("not " + " ".join(found.words), flipped, _negated_emotion(found.words, flipped), True))
        else:
            out.append(Cue(" ".join(found.words), value, emotion, False))
    return out


PARTICLES = frozenset({"ya", "yah"})  # the other particles ('sih', 'dong') are fillers, gone from concepts


def is_neutral_answer(seq: list[str]) -> bool:
    """'tidak ada komentar', 'no comment', 'belum nyoba', 'sudah saya dm ya kak': nothing to score (particles and
    forms of address aside)."""
    return tuple(w for w in seq if w not in PARTICLES and w not in normalise.ADDRESSED) in _neutral_answers()


def is_lukewarm(found: list[Cue]) -> bool:
    """Every term found is lukewarm ('ok', 'biasa aja', 'not bad')."""
    return bool(found) and all(abs(c.polarity) <= LUKEWARM for c in found)


def says_neither(found: list[Cue]) -> bool:
    """Every term found is lukewarm and one of them denies both sides ('ga jelek ga bagus', 'neither good nor
    bad'): a customer who says so in so many words is neutral, however long the answer."""
    return is_lukewarm(found) and any(c.words.split().count(phrases.NOT) >= 2 for c in found)
