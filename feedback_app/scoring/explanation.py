"""Why an answer got its score: which words moved polarity, emotion and each theme.
Used by `feedback-app score --explain` and the response browser.
"""

from __future__ import annotations

from functools import cache

from feedback_app.scoring import clauses, customer_cues, emotion, models, normalise, phrases, resources, themes
from feedback_app.scoring.analysis import analyse, as_score, voices
from feedback_app.scoring.fallback_themes import NOT_A_TOPIC, STOPWORDS
from feedback_app.scoring.theme_names import label

TOP_WORDS = 4
MIN_PUSH = 0.75  # a model word pushing less than this says nothing a reader can use ("iklan": -0.47)


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
        "emotion_words": emotion_words(found, found.emotion.label),
        "emotion_probabilities": found.emotion.probabilities,
        "face": {"value": emotion.face_value(face), "weight": emotion.FACE_WEIGHT} if face is not None else None,
        "themes": [
            theme_reason(hit, extra_themes) | {"quote": quoted(found.words, found.langs, hit.words)}
            for hit in found.hits
        ],
    }
    return result


def theme_reason(hit, extra_themes: list[dict] | None) -> dict:
    """A theme found, with its names for readers (never only the key) and the words that matched it."""
    names = {lang: label(hit.key, lang, extra_themes) for lang in ("id", "en")}
    return {"key": hit.key, "names": names, "words": hit.words, "negated": hit.negated}


def polarity_words(found) -> list[dict]:
    """What moved polarity: lexicon terms and emoji (the rules), then the content words that
    push the learned model most, each with its source. A model word is only given as a reason when
    it pulls the way the text reads, names no aspect and is not already in a lexicon term given ('arrived'
    beside 'not arrive'): the model learned that 'makanan' (food) comes with praise in its reviews, which is
    true of the reviews and no reason a reader would accept."""
    table = resources.emoji_table()
    out = [
        {
            "word": c.words,
            "push": round(c.polarity, 3),
            "source": "lexicon",
            "quote": quoted(found.words, found.langs, c.words),
        }
        for clause in found.sentiment.clauses
        if not customer_cues.sarcastic(clause.parts)  # thanks after a complaint: read as sarcasm, not praise
        for c in clause.cues
    ]
    out += [
        {"word": " ".join(clause.words), "push": clause.parts["sarcasm"], "source": "lexicon"}
        for clause in found.sentiment.clauses
        if customer_cues.sarcastic(clause.parts)
    ]
    out += [{"word": w, "push": table[w][0], "source": "emoji"} for w in found.words if w in table]
    reading = found.sentiment.polarity
    shown = {concept for item in out for concept in item["word"].split()}
    scored = {
        w: push
        for w, lang in zip(found.words, found.langs)
        if could_be_a_reason(w) and not names_an_aspect(w, lang) and phrases.concept(w, lang) not in shown
        for push in [models.word_weight(w, lang)]
        if push * reading > 0
    }
    top = sorted(scored.items(), key=lambda kv: -abs(kv[1]))[:TOP_WORDS]
    out += [{"word": w, "push": round(v, 3), "source": "model"} for w, v in top if abs(v) >= MIN_PUSH]
    for item in out:
        item["towards"] = "positive" if item["push"] > 0 else "negative"
        item.setdefault("quote", item["word"])
    return out


def could_be_a_reason(word: str) -> bool:
    """A content word a reader would accept as a reason: no stop word, filler, number or everyday verb."""
    return (
        len(word) >= 3
        and word.isalpha()
        and word not in STOPWORDS
        and word not in phrases.FILLERS
        and word not in NOT_A_TOPIC
        and word not in normalise.NEGATORS_ID
        and word not in normalise.NEGATORS_EN
        and word not in clauses.CONTRAST_AFTER
        and word not in clauses.CONCESSION
    )


def names_an_aspect(word: str, lang: str) -> bool:
    """The word is one of the built-in aspect themes' one-word terms ('makanan', 'harga', 'food')."""
    return phrases.concept(word, lang) in _aspect_words()


@resources.derived_from_data
@cache
def _aspect_words() -> frozenset[str]:
    return frozenset(
        variant[0]
        for theme in themes.taxonomy().values()
        if theme.polarity == 0
        for term in theme.terms
        for variant in phrases.term_variants(term)
        if len(variant) == 1
    )


def emotion_words(found, label: str) -> list[str]:
    """The lexicon's terms that name the chosen emotion ('kasar' -> anger, 'kecewa' -> sadness), in the customer's
    words, when the answer has some; else the words that most favour it in the learned model. The model's words
    come second because they can be whatever went with the emotion in tweets ('dipakai' for anger), which no
    reader would take as a reason."""
    cues = [
        c
        for clause in found.sentiment.clauses
        for c in clause.cues
        if c.emotion == label and not c.negated and voices(clause, c, found.answer)
    ]
    named = list(dict.fromkeys(quoted(found.words, found.langs, c.words) for c in cues))
    if named:
        return named[:3]
    return model_emotion_words(found.words, label, found.langs)


def model_emotion_words(words: list[str], label: str, langs: list[str]) -> list[str]:
    """Words that most favour the chosen emotion label in the learned model."""
    scored: dict[str, float] = {}
    for word, lang in zip(words, langs):
        if not could_be_a_reason(word) or names_an_aspect(word, lang):  # 'delivery' is what, not how one feels
            continue
        cols = list(emotion.columns(lang))
        target = emotion.LABELS.index(label)
        if target in cols:
            row = models.word_push(word, lang)[models.language_model(lang).split :]
            scored[word] = float(row[cols.index(target)] - row.mean())
    return [w for w, v in sorted(scored.items(), key=lambda kv: -kv[1])[:3] if v > 0]


def quoted(words: list[str], langs: list[str], phrase: str) -> str:
    """The customer's own words behind a concept phrase ('not arrive' -> 'never arrived'; 'voucher not bisa pakai'
    -> 'vouchernya tidak bisa dipakai'): fillers between them kept, never across a clause break; the phrase itself
    when they cannot be found."""
    wanted = phrase.split()
    concepts = [phrases.word_concept(w, lang) for w, lang in zip(words, langs)]
    for start, first in enumerate(concepts):
        if first != wanted[0]:
            continue
        matched, end = 0, start
        while end < len(words) and matched < len(wanted) and words[end] != "|":
            if concepts[end] is not None:
                if concepts[end] != wanted[matched]:
                    break
                matched += 1
            end += 1
        if matched == len(wanted):
            return " ".join(words[start:end]).replace(" nya", "nya")
    return phrase
