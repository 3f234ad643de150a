"""rescore: answers get the current scorer's scores, the map's rollups follow, resumable, idempotent."""

from functools import partial

from helpers import answer, schedule_invitations
from sqlmodel import select, update

from feedback_app.common.clock import utcnow
from feedback_app.insight.rescoring import count_pending, rescore
from feedback_app.maps.live_map import build_map
from feedback_app.models import Response, ResponseTheme
from feedback_app.scoring import SCORER_VERSION
from feedback_app.storage.database import session_scope


def service_emotion(engine):
    with session_scope(engine) as session:
        return next(s for s in build_map(session, "katering-sehat")["stages"] if s["key"] == "service")["emotion"]


def make_stale_answers(engine, count=5):
    now = utcnow()
    ids = schedule_invitations(engine, count, now)
    for n, invitation_id in enumerate(ids):
        answer(engine, invitation_id, 1 + n % 5, "kurirnya telat, makanan dingin" if n % 2 else "enak sekali", now)
    before = service_emotion(engine)
    with session_scope(engine) as session:  # as if an older scorer had scored them, all wrong
        stale = list(session.exec(select(Response)))
        from feedback_app.insight import rollups

        for response in stale:
            rollups.add_response(session, response, sign=-1)
            response.scorer, response.label, response.emotion_score, response.themes = "old-1", "neutral", 0.0, []
            session.add(response)
            rollups.add_response(session, response, sign=+1)
    return before


def test_rescore_restores_scores_and_the_map(seeded):
    before = make_stale_answers(seeded)
    assert service_emotion(seeded)["neutral"] == 5
    factory = partial(session_scope, seeded)
    assert sum(rescore(factory)) == 5
    with session_scope(seeded) as session:
        assert {r.scorer for r in session.exec(select(Response))} == {SCORER_VERSION}
        assert session.exec(select(ResponseTheme)).all()
    after = service_emotion(seeded)
    assert (
        after["responses"] == 5 and after["positive"] == before["positive"] and after["negative"] == before["negative"]
    )
    assert abs(after["score"] - before["score"]) < 1e-9


def test_rescore_is_resumable_and_idempotent(seeded):
    make_stale_answers(seeded, count=6)
    factory = partial(session_scope, seeded)
    batches = rescore(factory, batch_size=2)
    assert next(batches) == 2  # interrupted after one batch
    batches.close()
    with session_scope(seeded) as session:
        assert count_pending(session) == 4
    assert sum(rescore(factory, batch_size=2)) == 4
    assert list(rescore(factory)) == []  # nothing left: a second run changes nothing
    assert service_emotion(seeded)["responses"] == 6


def test_a_stored_answer_keeps_the_scorer_version_that_scored_it(seeded):
    now = utcnow()
    [invitation_id] = schedule_invitations(seeded, 1, now)
    response = answer(seeded, invitation_id, 2, "late", now)
    assert response.scorer == SCORER_VERSION
    with session_scope(seeded) as session:
        session.exec(update(Response).values(scorer="2025.01-r0"))
    with session_scope(seeded) as session:
        assert session.exec(select(Response.scorer)).one() == "2025.01-r0"
