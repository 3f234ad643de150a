"""Theme and rating rollups stay equal to a recount from the responses: after answers, a rescore, a rebuild."""

from __future__ import annotations

import random
from collections import Counter

from helpers import answer, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.insight import rescoring, theme_sets
from feedback_app.insight.rollups import RATING_BANDS, rebuild_rollups
from feedback_app.models import RatingRollup, Response, ThemeRollup
from feedback_app.storage.database import session_scope

TEXTS = [
    "kurirnya telat bgt, makanan udah dingin",
    "The courier was late again and the food arrived cold",
    "mantul, porsinya pas dan enak",
    "harganya mahal, porsi kecil",
    "Website is confusing and slow",
    "pembayaran gagal terus",
    "great food, friendly courier",
    "",
    "biasa aja",
    "kemasan bocor, kuahnya tumpah",
]
TOUCHPOINTS = ["order_delivered", "menu_viewed", "subscription_renewed", "ad_seen", "trial_ordered"]


def recount(session) -> tuple[Counter, Counter]:
    """(themes, ratings) straight from the response table, keyed like the rollups."""
    themes, ratings = Counter(), Counter()
    for r in session.exec(select(Response)):
        key = (r.stage_id, r.touchpoint_id or 0, r.persona_id or 0, r.submitted_at.date())
        for theme in set(r.themes):
            themes[key + (theme, "total")] += 1
            themes[key + (theme, "negative")] += r.label == "negative"
        if r.rating_kind in RATING_BANDS:
            top, bottom = RATING_BANDS[r.rating_kind]
            k = key + (r.rating_kind,)
            ratings[k + ("answers",)] += 1
            ratings[k + ("total",)] += r.rating
            ratings[k + ("top",)] += r.rating >= top
            ratings[k + ("bottom",)] += r.rating <= bottom
    return +themes, +ratings


def stored(session) -> tuple[Counter, Counter]:
    themes, ratings = Counter(), Counter()
    for t in session.exec(select(ThemeRollup)):
        key = (t.stage_id, t.touchpoint_id, t.persona_id, t.day, t.theme)
        themes[key + ("total",)] += t.total
        themes[key + ("negative",)] += t.negative
    for t in session.exec(select(RatingRollup)):
        key = (t.stage_id, t.touchpoint_id, t.persona_id, t.day, t.kind)
        for field in ("answers", "total", "top", "bottom"):
            ratings[key + (field,)] += getattr(t, field)
    return +themes, +ratings


def random_answers(engine, count: int, seed: int) -> None:
    rng = random.Random(seed)
    now = utcnow()
    for i, touchpoint in enumerate(TOUCHPOINTS):
        ids = schedule_invitations(engine, count, now, touchpoint=touchpoint, prefix=f"s{seed}-{i}")
        for invitation_id in ids:
            answer(engine, invitation_id, rng.randint(1, 5), rng.choice(TEXTS), now, rating=rng.randint(1, 5))


def fake_scorer(text, lang=None, face=None, **_):
    """A different scorer: flips labels and themes so a rescore really moves counts around."""
    negative = len(text) % 2 == 0
    return {
        "polarity": -0.5 if negative else 0.5,
        "label": "negative" if negative else "positive",
        "language": "en",
        "emotion": {"label": "anger" if negative else "joy", "score": -0.5 if negative else 0.5},
        "themes": ["price_high"] if negative else ["food_tasty", "portion_good"],
        "scorer": "fake-2",
    }


def test_theme_and_rating_rollups_equal_a_recount_after_answers_rescore_and_rebuild(
    seeded, session_factory, monkeypatch
):
    random_answers(seeded, 4, seed=7)
    with session_scope(seeded) as session:
        expected = recount(session)
        assert expected[0] and expected[1]
        assert stored(session) == expected

    monkeypatch.setattr(theme_sets, "score", fake_scorer)  # rescoring scores through the journey's theme set
    monkeypatch.setattr(theme_sets, "scorer_version", lambda: "fake-2")
    assert sum(rescoring.rescore(session_factory, batch_size=7)) == 20
    with session_scope(seeded) as session:
        after_rescore = recount(session)
        assert after_rescore != expected and stored(session) == after_rescore

    with session_scope(seeded) as session:
        rebuild_rollups(session)
    with session_scope(seeded) as session:
        assert stored(session) == after_rescore


def test_nps_csat_and_ces_bands(seeded):
    now = utcnow()
    [loyal] = schedule_invitations(seeded, 1, now, touchpoint="subscription_renewed", prefix="n")
    [menu] = schedule_invitations(seeded, 1, now, touchpoint="menu_viewed", prefix="m")
    answer(seeded, loyal, 5, "mantap", now, rating=10)
    answer(seeded, menu, 2, "susah cari menu", now, rating=2)
    with session_scope(seeded) as session:
        rows = {r.kind: r for r in session.exec(select(RatingRollup))}
    assert (rows["nps"].answers, rows["nps"].total, rows["nps"].top, rows["nps"].bottom) == (1, 10, 1, 0)
    assert (rows["ces"].answers, rows["ces"].total, rows["ces"].top, rows["ces"].bottom) == (1, 2, 0, 1)
