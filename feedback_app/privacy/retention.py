"""Retention (UU PDP: kept no longer than the purpose needs): with FEEDBACK_RETENTION_DAYS set, the scheduler
anonymises answers and events older than the limit, and customers not heard of since, in batches of one short
transaction each; the rollups, and so the map's counts, stay as they were. Each run is recorded for the admin page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists
from sqlmodel import Session, select

from feedback_app.models import Customer, Response, RetentionRun, TouchpointEvent
from feedback_app.privacy.anonymise import anonymise_answers, anonymise_customers, anonymise_events

BATCH = 500
MAX_BATCHES = 20  # per kind and run: a long backlog is worked off over several runs, never in one long lock


def _old_answers(session: Session, cutoff: datetime, limit: int) -> list[int]:
    query = select(Response.id).where(Response.anonymised_at.is_(None), Response.submitted_at < cutoff)
    return list(session.exec(query.order_by(Response.id).limit(limit)))


def _old_events(session: Session, cutoff: datetime, limit: int) -> list[int]:
    query = select(TouchpointEvent.id).where(
        TouchpointEvent.anonymised_at.is_(None), TouchpointEvent.occurred_at < cutoff
    )
    return list(session.exec(query.order_by(TouchpointEvent.id).limit(limit)))


def _quiet_customers(session: Session, cutoff: datetime, limit: int) -> list[int]:
    """Customers first seen before the cutoff with no event since: nothing current needs their details."""
    recent = exists().where(TouchpointEvent.customer_id == Customer.id, TouchpointEvent.occurred_at >= cutoff)
    query = select(Customer.id).where(Customer.erased_at.is_(None), Customer.created_at < cutoff, ~recent)
    return list(session.exec(query.order_by(Customer.id).limit(limit)))


def _anonymise_customers(session: Session, ids: list[int], now: datetime) -> int:
    return anonymise_customers(session, ids, now)["customers"]


STEPS = (
    ("answers", _old_answers, anonymise_answers),
    ("events", _old_events, anonymise_events),
    ("customers", _quiet_customers, _anonymise_customers),
)


def run_retention(
    session_factory: Callable, retention_days: int | None, now: datetime, batch_size: int = BATCH
) -> RetentionRun | None:
    """Anonymise what is older than `retention_days` (nothing when None or 0) and record the run."""
    if not retention_days:
        return None
    cutoff = now - timedelta(days=retention_days)
    done = {name: 0 for name, _, _ in STEPS}
    for name, find, anonymise in STEPS:
        for _ in range(MAX_BATCHES):
            with session_factory() as session:
                ids = find(session, cutoff, batch_size)
                done[name] += anonymise(session, ids, now) if ids else 0
            if len(ids) < batch_size:
                break
    with session_factory() as session:
        run = RetentionRun(ran_at=now, cutoff=cutoff, retention_days=retention_days, **done)
        session.add(run)
        session.flush()
        session.expunge(run)
    return run


@dataclass
class RetentionOverview:
    """The admin page: the policy in force and the latest runs."""

    retention_days: int | None
    runs: list[RetentionRun]
    totals: dict[str, int]


def retention_overview(session: Session, retention_days: int | None, limit: int = 20) -> RetentionOverview:
    runs = list(session.exec(select(RetentionRun).order_by(RetentionRun.id.desc()).limit(limit)))
    totals = {name: sum(getattr(run, name) for run in runs) for name, _, _ in STEPS}
    return RetentionOverview(retention_days, runs, totals)
