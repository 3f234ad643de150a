"""The ingestion fast path (bulk_insert.insert_rows) stores exactly what the ORM would, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from feedback_app.invitations import planning as scheduling
from feedback_app.invitations.batch_rows import reserve_ids
from feedback_app.invitations.events import submit_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, Invitation, Touchpoint, TouchpointEvent, Trigger
from feedback_app.storage.bulk_insert import insert_rows, json_text
from feedback_app.storage.database import session_scope

JAKARTA = timezone(timedelta(hours=7))
WHEN = datetime(2026, 3, 17, 9, 30, 15, 123456, tzinfo=JAKARTA)
UNIQUE = {"customer": "external_id", "touchpoint_event": "event_id", "invitation": "token"}


@pytest.fixture
def backend(seeded_backend):
    return seeded_backend


def _customer(tag: str) -> dict:
    return {
        "external_id": f"{tag}-1",
        "email": "rina@example.com",
        "name": "Rina Ñ 日本",
        "phone": "+62 812-3456-7890",
        "consent_given": True,
        "erased_at": None,
        "locale": "id",
        "timezone": "Asia/Makassar",
        "attributes": {"plan": "monthly", "visits": 3, "vip": True, "note": None},
        "persona_id": None,
        "opted_out_at": WHEN,
        "created_at": WHEN.replace(microsecond=0),
    }


def _event(tag: str, customer_id: int, touchpoint: Touchpoint) -> dict:
    return {
        "event_id": f"{tag}-e1",
        "journey_id": touchpoint.journey_id,
        "touchpoint_id": touchpoint.id,
        "customer_id": customer_id,
        "occurred_at": WHEN,
        "received_at": WHEN.astimezone(UTC),
        "payload": {"customer": {"external_id": "c-1", "name": "Ñ"}, "order": [1, 2.5, "x"]},
        "answer": {"id": 7, "event_id": "e1", "invitations": [{"id": 3, "due_at": "2026-03-17T02:30:15Z"}]},
        "anonymised_at": None,
    }


def _invitation(tag: str, customer_id: int, event_id: int, touchpoint: Touchpoint, trigger: Trigger) -> dict:
    return {
        "token": f"{tag}-token",
        "journey_id": touchpoint.journey_id,
        "stage_id": touchpoint.stage_id,
        "touchpoint_id": touchpoint.id,
        "customer_id": customer_id,
        "event_id": event_id,
        "trigger_id": trigger.id,
        "questionnaire_id": trigger.questionnaire_id,
        "channel": "email",
        "locale": "en",
        "status": "suppressed",
        "reason": "fatigue",
        "due_at": WHEN,
        "next_attempt_at": WHEN + timedelta(hours=1),
        "expires_at": WHEN + timedelta(days=7),
        "attempts": 0,
        "last_error": None,
        "claimed_by": None,
        "lease_until": None,
        "sent_at": None,
        "opened_at": None,
        "answered_at": None,
        "reminder_due_at": WHEN + timedelta(days=1),
        "reminded_at": None,
        "created_at": WHEN,
    }


def _stored(session, table: str, row_id: int) -> dict:
    """The row as the database keeps it: every column cast to text, so formats are compared, not values."""
    columns = list(_model(table).__table__.columns.keys())
    text = ", ".join(f'CAST("{c}" AS TEXT)' for c in columns)
    values = session.connection().exec_driver_sql(f'SELECT {text} FROM "{table}" WHERE id = {int(row_id)}').one()
    row = dict(zip(columns, values))
    del row["id"], row[UNIQUE[table]]
    return row


def _model(table: str):
    return {"customer": Customer, "touchpoint_event": TouchpointEvent, "invitation": Invitation}[table]


def _via_orm(session, model, values: dict) -> int:
    row = model(**values)
    session.add(row)
    session.flush()
    return row.id


def _via_fast_path(session, model, values: dict, json_done: tuple = ()) -> int:
    (row_id,) = reserve_ids(session, model, 1)
    row = {**values, "id": row_id, **{name: json_text(values[name]) for name in json_done}}
    insert_rows(session.connection(), model.__table__, [row])
    return row_id


def test_fast_path_stores_the_rows_the_orm_would(backend):
    with session_scope(backend) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        trigger = session.exec(select(Trigger).where(Trigger.touchpoint_id == touchpoint.id)).first()
        ids = {"orm": {}, "fast": {}}
        for tag, add in (("orm", _via_orm), ("fast", _via_fast_path)):
            ids[tag]["customer"] = add(session, Customer, _customer(tag))
        customer = ids["orm"]["customer"]  # both copies of a row refer to the same rows
        for tag, add, extra in (("orm", _via_orm, {}), ("fast", _via_fast_path, {"json_done": ("payload",)})):
            ids[tag]["touchpoint_event"] = add(session, TouchpointEvent, _event(tag, customer, touchpoint), **extra)
        event = ids["orm"]["touchpoint_event"]
        for tag, add in (("orm", _via_orm), ("fast", _via_fast_path)):
            ids[tag]["invitation"] = add(session, Invitation, _invitation(tag, customer, event, touchpoint, trigger))
        for table in UNIQUE:
            assert _stored(session, table, ids["fast"][table]) == _stored(session, table, ids["orm"][table]), table
    with session_scope(backend) as session:  # and the ORM reads them back the same
        for table, model in (("customer", Customer), ("touchpoint_event", TouchpointEvent), ("invitation", Invitation)):
            orm, fast = (
                session.get(model, ids[tag][table]).model_dump(exclude={"id", UNIQUE[table]}) for tag in ("orm", "fast")
            )
            assert fast == orm, table
        assert session.get(Customer, ids["fast"]["customer"]).opted_out_at == WHEN


def test_a_call_that_raced_a_stored_event_id_answers_as_its_replay(backend, monkeypatch, now):
    """Two calls with the same event_id at once (PostgreSQL lets both look before either commits): the
    loser's bulk insert fails on the unique event_id, nothing of it stays, and its retry answers the replay."""
    factory = lambda: session_scope(backend)  # noqa: E731
    body = {
        "touchpoint": "order_delivered",
        "event_id": "order-77",
        "occurred_at": now.isoformat(),
        "customer": {"external_id": "c-77", "email": "c77@example.com", "attributes": {"plan": "weekly"}},
    }
    (first,), _ = submit_events(factory, body, now, RuleSettings())
    looked = []
    real = scheduling._mark_replays

    def blind_the_first_time(session, planned):
        looked.append(True)
        if len(looked) > 1:  # the first look misses the stored event, as if it had not committed yet
            real(session, planned)

    monkeypatch.setattr(scheduling, "_mark_replays", blind_the_first_time)
    (second,), _ = submit_events(
        factory, {**body, "customer": {**body["customer"], "name": "Rina"}}, now, RuleSettings()
    )
    assert len(looked) == 2
    assert second == {**first, "duplicate": True}
    with session_scope(backend) as session:
        assert len(session.exec(select(TouchpointEvent).where(TouchpointEvent.event_id == "order-77")).all()) == 1
        assert len(session.exec(select(Invitation)).all()) == len(first["invitations"])
        assert session.exec(select(Customer).where(Customer.external_id == "c-77")).one().name is None
