"""The same loop on PostgreSQL (the scale-out path): schema, claims with SKIP LOCKED, answers, map."""

import pytest
from helpers import answer, claim_concurrently, schedule_invitations

from feedback_app.common.clock import utcnow
from feedback_app.config import PROJECT_ROOT
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.insight.rollups import rebuild_rollups
from feedback_app.maps.live_map import build_map
from feedback_app.storage.database import session_scope, upgrade_schema

SURVEYS = PROJECT_ROOT / "surveys"

pytestmark = pytest.mark.postgres


def test_migrations_run_twice_on_postgres(postgres_url):
    upgrade_schema(postgres_url)  # the fixture already ran it once


def test_concurrent_claimers_get_disjoint_invitations(pg):
    now = utcnow()
    ids = schedule_invitations(pg, 100, now)
    assert sorted(claim_concurrently(pg, now, limit=9)) == sorted(ids)


def test_the_loop_on_postgres(pg, smtp_server):
    now = utcnow()
    ids = schedule_invitations(pg, 3, now)
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        assert dispatch_pass(pg, sender, "http://x", "cx@example.com", now).sent == 3
    answer(pg, ids[0], 1, "kurirnya telat bgt, makanan udah dingin", now)
    answer(pg, ids[1], 5, "enak banget, porsinya pas", now)
    with session_scope(pg) as session:
        service = next(s for s in build_map(session, "katering-sehat")["stages"] if s["key"] == "service")
    assert service["emotion"]["responses"] == 2 and service["emotion"]["negative"] == 1
    assert any(p["key"] == "delivery_late" for p in service["pain_points"])
    with session_scope(pg) as session:
        assert rebuild_rollups(session) == 2
    with session_scope(pg) as session:
        rebuilt = next(s for s in build_map(session, "katering-sehat")["stages"] if s["key"] == "service")
    assert rebuilt["emotion"] == service["emotion"]


def test_survey_pages_answer_on_postgres(pg, postgres_url, tmp_path, monkeypatch):
    """The survey pages' bare driver transactions (db.driver_transaction) on psycopg: open, answer with the
    page's ticket and without, a replay refused, the answers counted on the map."""
    from helpers import hidden_inputs, invitation
    from sqlmodel import select

    from feedback_app import create_app
    from feedback_app.models import Response

    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": postgres_url,
            "SECRET_KEY": "test-secret",
            "BASE_URL": "http://localhost",
            "SCHEDULER": False,
        }
    )
    try:
        first, second = (invitation(pg, i).token for i in schedule_invitations(pg, 2, utcnow()))
        client = app.test_client()
        page = client.get(f"/s/{first}").get_data(as_text=True)
        assert "link" in hidden_inputs(page)
        answers = {"feeling": "1", "csat": "2", "comment": "kurirnya telat bgt, makanan udah dingin"}
        assert client.post(f"/s/{first}", data={**hidden_inputs(page), **answers}).status_code == 302
        assert client.post(f"/s/{first}", data={**hidden_inputs(page), **answers}).status_code == 409
        assert client.get(f"/s/{second}").status_code == 200
        assert client.post(f"/s/{second}", data={**answers, "feeling": "5", "comment": "mantul"}).status_code == 302
        with session_scope(pg) as session:
            stored = session.exec(select(Response).order_by(Response.id)).all()
            assert [r.face for r in stored] == [1, 5] and "delivery_late" in stored[0].themes
            assert invitation(pg, stored[0].invitation_id).opened_at is not None
            service = next(s for s in build_map(session, "katering-sehat")["stages"] if s["key"] == "service")
        assert service["emotion"]["responses"] == 2 and service["emotion"]["negative"] == 1
        assert any(p["key"] == "delivery_late" for p in service["pain_points"])
    finally:
        app.extensions["feedback_engine"].dispose()
