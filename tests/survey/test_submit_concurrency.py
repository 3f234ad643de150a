"""A link is answered once: two submits racing past the read-only checks store one answer, counted once."""

import threading

import pytest
from helpers import invitation, schedule_invitations
from sqlalchemy import select as sa_select
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.insight.rollups import rebuild_rollups
from feedback_app.models import RatingRollup, Response, ResponseTheme, StageRollup, ThemeMonthRollup, ThemeRollup
from feedback_app.storage.database import read_scope, session_scope
from feedback_app.survey import answering
from feedback_app.survey.answering import prepare_answer, store_answer
from feedback_app.survey.links import LinkError, open_survey

ANSWER = {"feeling": "2", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}
ROLLUPS = (StageRollup, ThemeRollup, ThemeMonthRollup, RatingRollup)


def rollup_rows(session) -> dict:
    """Every rollup row's key and counts (not ids or timestamps), per table."""
    rows = {}
    for model in ROLLUPS:
        columns = [c for c in model.__table__.columns if c.name not in ("id", "updated_at")]
        rows[model.__tablename__] = sorted(tuple(row) for row in session.execute(sa_select(*columns)))
    return rows


def assert_counted_once(engine) -> None:
    with session_scope(engine) as session:
        [response] = session.exec(select(Response)).all()
        assert sum(r.responses for r in session.exec(select(StageRollup))) == 1
        assert len(session.exec(select(ResponseTheme)).all()) == len(set(response.themes))
        kept = rollup_rows(session)
        rebuild_rollups(session)
        assert rollup_rows(session) == kept  # the upserts counted exactly what a recount finds
        session.rollback()


def race(count: int, work) -> list:
    """Run `work(n, barrier)` in `count` threads at once; their results (or exceptions), in order."""
    barrier, results = threading.Barrier(count, timeout=20), [None] * count

    def run(n):
        try:
            results[n] = work(n, barrier)
        except Exception as exc:  # noqa: BLE001 - the test looks at what each one got
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_concurrent_submits_of_one_link_store_one_answer_counted_once(seeded_app, app_engine, monkeypatch):
    [invitation_id] = schedule_invitations(app_engine, 1, utcnow())
    token = invitation(app_engine, invitation_id).token
    clients = [seeded_app.test_client() for _ in range(2)]
    for client in clients:  # both phones show the form
        assert client.get(f"/s/{token}").status_code == 200
    prepared = prepare_answer

    def prepare_then_wait(*args, **kwargs):  # both have passed the read-only link check before either writes
        response = prepared(*args, **kwargs)
        barrier.wait()
        return response

    barrier = threading.Barrier(2, timeout=20)
    monkeypatch.setattr(answering, "prepare_answer", prepare_then_wait)
    statuses = race(2, lambda n, _: clients[n].post(f"/s/{token}", data=ANSWER).status_code)
    assert sorted(statuses) == [302, 409]
    assert_counted_once(app_engine)


@pytest.mark.postgres
def test_two_concurrent_submits_on_postgres_store_one_answer(postgres_url):
    from helpers import SURVEYS

    from feedback_app.demo import seed_demo
    from feedback_app.storage.database import make_engine
    from feedback_app.survey.questionnaires import load_questionnaires

    engine = make_engine(postgres_url)
    try:
        with session_scope(engine) as session:
            load_questionnaires(session, SURVEYS)
            seed_demo(session)
        now = utcnow()
        [invitation_id] = schedule_invitations(engine, 1, now)
        token = invitation(engine, invitation_id).token

        def submit(n, barrier):
            with read_scope(engine) as session:
                survey = open_survey(session, token, now, record_open=False)
            response = prepare_answer(survey, {**ANSWER, "feeling": str(n + 1)}, now)
            barrier.wait()
            with session_scope(engine) as session:
                return store_answer(session, response, now).id

        results = race(2, submit)
        assert sum(isinstance(r, int) for r in results) == 1
        assert [r.kind for r in results if isinstance(r, LinkError)] == ["answered"]
        assert_counted_once(engine)
    finally:
        engine.dispose()
