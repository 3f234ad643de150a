"""The answer's own label: the face the customer chose anchors it, the text says why and refines it.

A face of 1-2 makes the answer negative, 4-5 positive, 3 (or no face) leaves it to the text. The text's own
reading is kept beside it (`text_sentiment`), and an answer whose text clearly reads the other way than its face
is flagged, so the CX team can read it ("face: disappointed · text reads positive"). The emotion label follows the
same logic: never joy or love on a negative answer, never anger, sadness, fear or disgust on a positive one (the
likeliest emotion of the answer's side takes its place). Themes follow too: a praise theme is no pain point of a
negative answer, a complaint theme no reason for a positive one.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback_app.scoring.emotion import FACE_LABEL as FACE_EMOTION
from feedback_app.scoring.emotion import FACE_WEIGHT, Emotion, face_value
from feedback_app.scoring.sentiment import clamp
from feedback_app.scoring.themes import Hit, finalise, taxonomy, theme_polarity

FACE_SIDE = {1: "negative", 2: "negative", 4: "positive", 5: "positive"}
CLEARLY = 0.3  # text polarity at least this far on the other side of the face: the answer is flagged
SIDE_MARGIN = 0.2  # an anchored answer's polarity is at least this far on its label's side
CLEAR_TEXT = 0.8  # without a face, a text this clearly one-sided drops the other side's themes
SIDE_EVIDENCE = 0.2  # the models' probability an emotion of the face's side needs to replace the text's emotion
# each side's own emotions; the other side's contradict it (surprise and neutral contradict neither)
SIDE_EMOTIONS = {"negative": ("sadness", "anger", "fear", "disgust"), "positive": ("joy", "love")}
CONTRADICTING = {"negative": SIDE_EMOTIONS["positive"], "positive": SIDE_EMOTIONS["negative"]}


@dataclass(frozen=True)
class AnswerLabel:
    """The answer's label and polarity, the text's own reading, and whether the two clearly disagree."""

    label: str
    polarity: float
    text_label: str
    text_polarity: float
    contradicts_face: bool = False
    has_face: bool = False

    @property
    def text_sentiment(self) -> dict:
        return {"polarity": self.text_polarity, "label": self.text_label}


def anchor(text_polarity: float, text_label: str, face: int | None) -> AnswerLabel:
    """The answer's label from its face and its text (the text alone without a face, or with face 3)."""
    if face_value(face) is None:
        return AnswerLabel(text_label, text_polarity, text_label, text_polarity)
    side = FACE_SIDE.get(face)
    if side is None:
        return AnswerLabel(text_label, text_polarity, text_label, text_polarity, has_face=True)
    blended = FACE_WEIGHT * face_value(face) + (1 - FACE_WEIGHT) * text_polarity
    polarity = min(blended, -SIDE_MARGIN) if side == "negative" else max(blended, SIDE_MARGIN)
    contradicts = text_polarity >= CLEARLY if side == "negative" else text_polarity <= -CLEARLY
    opposite = "positive" if side == "negative" else "negative"
    contradicts = contradicts and text_label == opposite
    return AnswerLabel(side, round(clamp(polarity), 4), text_label, text_polarity, contradicts, has_face=True)


def settle_emotion(emotion: Emotion, answer: AnswerLabel, face: int | None) -> None:
    """With a face, the emotion follows the answer's label: its label never contradicts it, and its score
    stays on the label's side as the answer's polarity does."""
    if not answer.has_face:
        return
    emotion.label = emotion_for(answer.label, emotion.label, emotion.probabilities, face)
    if FACE_SIDE.get(face) == "negative":
        emotion.score = min(emotion.score, -SIDE_MARGIN)
    elif FACE_SIDE.get(face) == "positive":
        emotion.score = max(emotion.score, SIDE_MARGIN)


def emotion_for(label: str, emotion: str, probabilities: dict[str, float], face: int | None) -> str:
    """`emotion` when it does not contradict `label`; else the likeliest emotion of the label's side when the
    models give it some weight, or the face's own emotion ('kurirnya ramah' with a disappointed face is
    sadness, not the 2 % disgust the models see in friendly words)."""
    if emotion not in CONTRADICTING.get(label, ()):
        return emotion
    side = SIDE_EMOTIONS[label]
    likeliest = max(side, key=lambda name: probabilities.get(name, 0.0))
    if probabilities.get(likeliest, 0.0) >= SIDE_EVIDENCE:
        return likeliest
    return FACE_EMOTION[face] if FACE_EMOTION.get(face) in side else side[0]


def fitting_themes(
    said: list[tuple[Hit, float | None]],
    answer: AnswerLabel,
    extra_themes: list[dict] | None = None,
    asking: bool = False,
    mixed: bool = False,
) -> list[Hit]:
    """The themes of an answer (each hit with its clause's rule polarity), fitted to its label: no praise theme
    on a negative answer and no complaint theme on a positive one (a wrong theme is worse than none), when the
    face says so or the text clearly does, except a theme its own clause plainly says in an answer without a face,
    or a complaint in a happy face's answer that also plainly praises ('Pesanan telat sejam. Makanannya enak.'
    keeps delivery_late with face 4; 'kurirnya telat' with face 5 does not); an aspect the answer is only about becomes
    its complaint or praise ('where is the cutlery?' with a disappointed face -> cutlery_missing), unless it is
    `asking` (a question without a face or rule evidence); then one hit per key, aspects dropped beside a
    complaint or praise. `mixed`: the answer's clauses plainly praise and complain."""
    against = {"negative": 1, "positive": -1}.get(answer.label)
    if against is not None and (answer.has_face or abs(answer.text_polarity) >= CLEAR_TEXT):
        # with a face, only a complaint in a mixed answer: 'kurirnya telat' with a very happy face is a contradiction,
        # and praise never reaches the pain-point lane of a disappointed face ('enak tapi …, bikin males')
        kept = not answer.has_face or against < 0 and mixed
        said = [
            (h, clause)
            for h, clause in said
            if theme_polarity(h.key, extra_themes) != against
            or (kept and clause is not None and clause * against >= CLEARLY)
        ]
    hits = [h for h, _ in said]
    found = finalise(hits, extra_themes)
    themes = taxonomy(extra_themes)
    linked = [themes[h.key] for h in found if h.key in themes and not themes[h.key].polarity]
    if against is not None and len(linked) == 1 and len(found) == 1 and not asking:
        target = linked[0].complaint if against > 0 else linked[0].praise
        if target in themes:
            return [Hit(target, found[0].words)]
    return found
