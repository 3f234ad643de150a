"""The audit log: an entry per staff action, committed with the action, without secrets, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from feedback_app.models import AuditEntry
from feedback_app.staff.audit import record_staff_action
from feedback_app.storage.database import session_scope


def test_an_action_is_recorded_with_who_what_and_when(migrated_backend):
    at = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
    with session_scope(migrated_backend) as session:
        record_staff_action(
            session,
            actor="sari@example.com",
            action="user_created",
            target="budi@example.com",
            details={"role": "marketer", "password": "kopi-susu-2026-rahasia"},
            client="10.0.0.7",
            at=at,
        )
    with session_scope(migrated_backend) as session:
        entry = session.exec(select(AuditEntry)).one()
    assert (entry.actor, entry.action, entry.target, entry.client) == (
        "sari@example.com",
        "user_created",
        "budi@example.com",
        "10.0.0.7",
    )
    assert entry.at.astimezone(UTC) == at
    assert entry.details == {"role": "marketer", "password": "[removed]"}


def test_an_entry_rolls_back_with_the_action_it_records(migrated_backend):
    with pytest.raises(RuntimeError), session_scope(migrated_backend) as session:
        record_staff_action(session, actor=None, action="customer_erased", target="cust-1", client="cli")
        raise RuntimeError("the erasure failed")
    with session_scope(migrated_backend) as session:
        assert session.exec(select(AuditEntry)).all() == []


def test_the_log_is_read_with_filters_newest_first(migrated_backend):
    from feedback_app.staff.audit_log import AuditFilters, audit_csv_rows, audit_page

    start = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    with session_scope(migrated_backend) as session:
        for n, actor in enumerate(["sari@example.com", "budi@example.com", "Sari@Example.com", None]):
            at = start + timedelta(hours=n)
            record_staff_action(session, actor=actor, action="login" if actor else "user_created", at=at)
    with session_scope(migrated_backend) as session:
        sari = audit_page(session, AuditFilters(actor="sari"), per_page=1)
        march_2 = audit_page(session, AuditFilters.from_args({"since": "2026-03-02", "until": "2026-03-02"}))
        logins = list(audit_csv_rows(session, AuditFilters(action="login")))
    assert (sari.total, sari.pages, sari.entries[0].actor) == (2, 2, "Sari@Example.com")
    assert [e.actor for e in march_2.entries] == [None, "Sari@Example.com", "budi@example.com"]
    assert march_2.actions == ["login", "user_created"]
    assert [row[1] for row in logins[1:]] == ["Sari@Example.com", "budi@example.com", "sari@example.com"]
