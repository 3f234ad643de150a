"""The schema: migrations match the models, and the constraints that keep the data honest hold."""

import pytest
from helpers import schedule_invitations, schema_differences
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import ApiKey, Customer, Invitation, TouchpointEvent
from feedback_app.storage.database import session_scope, upgrade_schema


def test_the_migrations_create_exactly_the_models_schema(engine):
    differences = schema_differences(engine)
    assert differences == []


def test_upgrading_twice_changes_nothing(database_url):
    upgrade_schema(database_url)
    upgrade_schema(database_url)


def test_a_customer_is_known_once_by_external_id(engine):
    with session_scope(engine) as session:
        session.add(Customer(external_id="c-1"))
    with pytest.raises(IntegrityError), session_scope(engine) as session:
        session.add(Customer(external_id="c-1"))


def test_an_event_id_is_stored_once(seeded):
    schedule_invitations(seeded, 1, utcnow())
    with session_scope(seeded) as session:
        stored = session.exec(select(TouchpointEvent)).one()
    with pytest.raises(IntegrityError), session_scope(seeded) as session:
        session.add(
            TouchpointEvent(
                event_id=stored.event_id,
                journey_id=stored.journey_id,
                touchpoint_id=stored.touchpoint_id,
                customer_id=stored.customer_id,
                occurred_at=utcnow(),
            )
        )


def test_invitation_tokens_are_unique(seeded):
    [first, second] = schedule_invitations(seeded, 2, utcnow())
    with pytest.raises(IntegrityError), session_scope(seeded) as session:
        a, b = session.get(Invitation, first), session.get(Invitation, second)
        b.token = a.token


def test_only_a_hash_of_an_api_key_is_stored(engine):
    from feedback_app.staff.accounts import check_api_key, create_api_key

    with session_scope(engine) as session:
        key = create_api_key(session, "crm")
    with session_scope(engine) as session:
        stored = session.exec(select(ApiKey)).one()
        assert key not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
        assert check_api_key(session, key, utcnow()).id == stored.id
        assert check_api_key(session, key[:-1] + "x", utcnow()) is None


def test_naive_datetimes_are_refused_not_silently_shifted(engine):
    from datetime import datetime

    with pytest.raises(Exception, match="timezone"), session_scope(engine) as session:
        session.add(Customer(external_id="c-9", created_at=datetime(2026, 1, 1)))


def test_a_read_only_session_leaves_the_write_lock_free(engine):
    """A streamed export or a slow page must not block answers and events (SQLite has one writer)."""
    from feedback_app.storage.database import read_scope

    with read_scope(engine) as reader:
        reader.exec(select(Customer)).all()  # the read transaction is open
        with session_scope(engine) as writer:  # would wait 30 s for the lock if the reader held it
            writer.add(Customer(external_id="c-written-meanwhile"))
    with session_scope(engine) as session:
        assert session.exec(select(Customer.external_id)).all() == ["c-written-meanwhile"]
