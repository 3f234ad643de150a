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


def test_staff_addresses_are_cleared_after_their_days_and_nothing_else_changes(migrated_backend):
    from feedback_app.config import Settings
    from feedback_app.scheduler import run_retention_job

    now = datetime.now(UTC)
    with session_scope(migrated_backend) as session:
        for days, client in ((200, "10.0.0.7"), (100, "10.0.0.8"), (100, "cli"), (10, "10.0.0.9"), (100, None)):
            record_staff_action(
                session, actor="sari@example.com", action="login", client=client, at=now - timedelta(days=days)
            )
    run_retention_job(migrated_backend, Settings(audit_address_days=90))
    with session_scope(migrated_backend) as session:
        entries = session.exec(select(AuditEntry).order_by(AuditEntry.id)).all()
        assert [e.client for e in entries] == [None, None, "cli", "10.0.0.9", None]
        assert {(e.actor, e.action) for e in entries} == {("sari@example.com", "login")}  # what was done stays
    run_retention_job(migrated_backend, Settings(audit_address_days=5))
    with session_scope(migrated_backend) as session:
        assert [e.client for e in session.exec(select(AuditEntry).order_by(AuditEntry.id))][3] is None
