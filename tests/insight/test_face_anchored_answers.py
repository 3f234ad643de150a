"""Issue 13 through real survey answers, on SQLite and PostgreSQL: the customer's face anchors the stored label, the
text's own reading and a disagreement flag are stored beside it, the map counts answers by that label with
sensible pain points, recurring uncovered problems surface as one candidate in both languages, and `rescore`
brings older answers in line (labels, text_sentiment, flags, rollups)."""

from __future__ import annotations

from functools import partial

from helpers import answer, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.insight import rollups
from feedback_app.insight.rescoring import rescore
from feedback_app.maps.candidate_themes import candidate_themes
from feedback_app.maps.live_map import build_map
from feedback_app.models import Response, get_journey
from feedback_app.scoring import SCORER_VERSION, theme_label
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"
COMPLAINTS = {
    "iklannya keliatan enak tapi harganya ga dicantumin, bikin males": {"price_not_shown"},
    "The sambal was far too spicy, please pack it separately": {"too_spicy", "packaging_request"},
    "The menu page was nice but I could not find whether you deliver to Bekasi.": {"delivery_area_unknown"},
    "Checkout was confusing, I tried three times and nobody replied on WhatsApp": {
        "checkout_confusing",
        "cs_unresponsive",
    },
}
PRAISE_THEMES = {"food_tasty", "packaging_good", "food_quality"}
SPOONS = [
    "sendoknya ga ada lagi, masa makan pake tangan",
    "ga dikasih sendok",
    "No spoon in the bag again, had to eat with my hands",
    "where is the cutlery?",
]
WATERY = [
    "kopinya encer, kecewa",
    "the coffee was watery, disappointed",
    "kopinya encer banget, kecewa",
    "watery coffee again, disappointed",
]


def answer_all(engine, texts, face=2, rating=2, prefix="c"):
    now = utcnow()
    for invitation_id, text in zip(schedule_invitations(engine, len(texts), now, prefix=prefix), texts):
        answer(engine, invitation_id, face, text, now, rating=rating)


def stored(engine) -> dict[str, Response]:
    with session_scope(engine) as session:
        return {r.text: r for r in session.exec(select(Response))}


def service_stage(engine, lang="en") -> dict:
    with session_scope(engine) as session:
        return next(s for s in build_map(session, SLUG, lang=lang)["stages"] if s["key"] == "service")


def test_disappointed_customers_complaints_read_negative_with_sensible_themes(seeded_backend):
    answer_all(seeded_backend, list(COMPLAINTS))
    answers = stored(seeded_backend)
    for text, expected in COMPLAINTS.items():
        row = answers[text]
        assert row.label == "negative" and row.polarity < 0 and row.emotion_label not in ("joy", "love"), text
        assert expected <= set(row.themes) and not PRAISE_THEMES & set(row.themes), (text, row.themes)
        assert row.text_label in ("positive", "neutral", "negative") and row.text_polarity is not None
    stage = service_stage(seeded_backend)
    emotion = stage["emotion"]
    assert emotion["negative"] == 4 and emotion["positive"] == 0 and emotion["score"] < 0
    assert not {"joy", "love"} & set(emotion["labels"])
    keys = {p["key"] for p in stage["pain_points"]}
    assert len(keys) == 5 and keys <= set().union(*COMPLAINTS.values())  # the lane's top five, all real problems
    names = {p["theme"] for p in service_stage(seeded_backend, lang="id")["pain_points"]}
    assert names == {theme_label(key, "id") for key in keys} and "Harga tidak dicantumkan" in names


def test_the_no_spoon_answers_meet_on_one_pain_point(seeded_backend):
    answer_all(seeded_backend, SPOONS)
    assert {tuple(r.themes) for r in stored(seeded_backend).values()} == {("cutlery_missing",)}
    [point] = [p for p in service_stage(seeded_backend)["pain_points"] if p["key"] == "cutlery_missing"]
    assert point["count"] == 4 and point["theme"] == "Missing cutlery"
    assert point["aspect"] == "cutlery" and point["aspect_name"] == "Cutlery"  # the lane groups problems by aspect


def test_a_recurring_uncovered_complaint_is_one_candidate_quoted_in_both_languages(seeded_backend):
    answer_all(seeded_backend, WATERY)
    with session_scope(seeded_backend) as session:
        found = candidate_themes(session, get_journey(session, SLUG).id)
    [watery] = [c for c in found if c.key == "term:watery"]
    assert watery.answers == 4 and watery.negative == 4
    assert sorted(watery.quotes) == sorted(WATERY)  # four quotes, Indonesian and English
    assert watery.label == "Watery" and watery.label_id == "Encer"


def test_a_text_that_disagrees_with_its_face_is_stored_flagged(seeded_backend):
    answer_all(seeded_backend, ["Makanannya enak banget, kurirnya ramah!"], face=2)
    answer_all(seeded_backend, ["kurirnya telat, makanan dingin"], face=1, prefix="d")
    answers = stored(seeded_backend)
    praise = answers["Makanannya enak banget, kurirnya ramah!"]
    assert praise.label == "negative" and praise.text_label == "positive" and praise.text_contradicts_face
    assert not answers["kurirnya telat, makanan dingin"].text_contradicts_face
    assert service_stage(seeded_backend)["emotion"]["flagged"] == 1  # the map says so too
    with session_scope(seeded_backend) as session:
        rollups.rebuild_rollups(session)
    assert service_stage(seeded_backend)["emotion"]["flagged"] == 1


def test_rescore_brings_older_answers_in_line(seeded_backend):
    texts = [*COMPLAINTS, "Makanannya enak banget, kurirnya ramah!"]
    answer_all(seeded_backend, texts)
    fresh = {
        text: (r.label, r.themes, r.text_label, r.text_contradicts_face) for text, r in stored(seeded_backend).items()
    }
    with session_scope(seeded_backend) as session:  # as an older scorer stored them: the text's label, no text columns
        for response in session.exec(select(Response)):
            rollups.add_response(session, response, sign=-1)
            response.scorer, response.label, response.emotion_label, response.themes = "old-1", "positive", "joy", []
            response.text_label = response.text_polarity = None
            response.text_contradicts_face = False
            session.add(response)
            rollups.add_response(session, response, sign=+1)
    assert service_stage(seeded_backend)["emotion"]["positive"] == 5
    assert sum(rescore(partial(session_scope, seeded_backend))) == 5
    after = stored(seeded_backend)
    assert {t: (r.label, r.themes, r.text_label, r.text_contradicts_face) for t, r in after.items()} == fresh
    assert {r.scorer for r in after.values()} == {SCORER_VERSION}
    emotion = service_stage(seeded_backend)["emotion"]
    assert emotion["negative"] == 5 and emotion["positive"] == 0 and "joy" not in emotion["labels"]
    assert emotion["flagged"] == sum(flags for *_, flags in fresh.values())
