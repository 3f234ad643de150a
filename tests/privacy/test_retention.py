"""Retention: with FEEDBACK_RETENTION_DAYS set, the scheduler anonymises exactly the answers, events and customers
older than the limit, in batches, and the map's counts stay. On SQLite and PostgreSQL."""

import json
from datetime import timedelta

from helpers import answer
from sqlmodel import select

from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.maps.live_map import build_map
from feedback_app.models import Customer, Response, RetentionRun, TouchpointEvent
from feedback_app.privacy.retention import retention_overview, run_retention
from feedback_app.storage.database import session_scope

SLUG = "katering-sehat"


def _answered_event(engine, external_id: str, when, words: str) -> None:
    """An event at `when`, its invitation answered an hour later with `words`."""
    raw = {
        "touchpoint": "order_delivered",
        "event_id": f"order-{external_id}",
        "occurred_at": when.isoformat(),
        "customer": {"external_id": external_id, "email": f"{external_id}@example.com", "name": f"Name {external_id}"},
    }
    with session_scope(engine) as session:
        [result] = ingest_events(session, [parse_event(raw, when)], when, RuleSettings())
    [invitation_id] = [i["id"] for i in result["invitations"] if i["status"] == "scheduled"]
    answer(engine, invitation_id, 2, words, when + timedelta(hours=2), rating=2)


def _map_counts(engine):
    with session_scope(engine) as session:
        stages = build_map(session, SLUG)["stages"]
    return [(s["key"], s["emotion"]["responses"], s["emotion"]["score"], len(s["pain_points"])) for s in stages]


def _setup(engine, now):
    for n, days in enumerate((45, 40, 31)):
        _answered_event(engine, f"old-{n}", now - timedelta(days=days), f"kurir Lama{n} telat, makanan dingin")
    for n, days in enumerate((29, 5)):
        _answered_event(engine, f"new-{n}", now - timedelta(days=days), f"kurir Baru{n} telat, makanan dingin")


def test_retention_anonymises_exactly_what_is_older_than_the_limit(seeded_backend, now):
    engine = seeded_backend
    _setup(engine, now)
    before = _map_counts(engine)
    run = run_retention(lambda: session_scope(engine), 30, now, batch_size=2)
    assert (run.answers, run.events, run.customers) == (3, 3, 3)
    with session_scope(engine) as session:
        answers = {r.text: r.anonymised_at for r in session.exec(select(Response).order_by(Response.id))}
        kept = {c.external_id for c in session.exec(select(Customer).where(Customer.erased_at.is_(None)))}
        payloads = [e.payload for e in session.exec(select(TouchpointEvent).order_by(TouchpointEvent.id))]
        scores = session.exec(select(Response.label, Response.customer_id).order_by(Response.id)).all()
    assert [text for text in answers if text] == [
        "kurir Baru0 telat, makanan dingin",
        "kurir Baru1 telat, makanan dingin",
    ]
    assert kept == {"new-0", "new-1"}
    assert payloads[:3] == [{}, {}, {}] and all(p["customer"]["email"] for p in payloads[3:])
    assert [label for label, _ in scores] == ["negative"] * 5 and [c for _, c in scores][:3] == [None] * 3
    assert _map_counts(engine) == before
    assert "Lama" not in json.dumps(build_map_json(engine))


def build_map_json(engine):
    with session_scope(engine) as session:
        return build_map(session, SLUG)


def test_a_second_run_finds_nothing_and_the_page_sums_the_runs(seeded_backend, now):
    engine = seeded_backend
    _setup(engine, now)
    run_retention(lambda: session_scope(engine), 30, now)
    again = run_retention(lambda: session_scope(engine), 30, now + timedelta(minutes=5))
    assert (again.answers, again.events, again.customers) == (0, 0, 0)
    with session_scope(engine) as session:
        overview = retention_overview(session, 30)
    assert overview.retention_days == 30 and overview.totals == {"answers": 3, "events": 3, "customers": 3}


def test_without_a_limit_nothing_is_anonymised_nor_recorded(seeded_backend, now):
    engine = seeded_backend
    _setup(engine, now)
    assert run_retention(lambda: session_scope(engine), None, now) is None
    with session_scope(engine) as session:
        assert session.exec(select(RetentionRun)).all() == []
        assert all(r.anonymised_at is None for r in session.exec(select(Response)))


def test_the_scheduler_runs_retention_with_the_setting(seeded_backend, now):
    from feedback_app.config import Settings
    from feedback_app.scheduler import JOBS, run_retention_job

    assert "retention" in [job_id for job_id, _, _ in JOBS]
    _setup(seeded_backend, now)
    assert run_retention_job(seeded_backend, Settings(retention_days=None)) is None
    run = run_retention_job(seeded_backend, Settings(retention_days=1))
    assert (run.answers, run.events) == (5, 5)
