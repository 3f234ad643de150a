"""The one outbox engine: claim due rows under a lease, renew it, record each outcome, back off, give up.

An outbox is a table whose rows are the truth about each message: waiting until `next_attempt_at`, then
`sending` while a pass holds them until `lease_until`, then sent, waiting again after a backoff, or failed after
the maximum attempts. Each table is described to the engine as data (`OutboxTable`); each pass is an `OutboxPass`.
A pass that dies leaves its rows to the next pass once the lease runs out, so a crash never loses a message: the
ones sent since the last committed outcome are sent again (at most `flush_every` of them).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, bindparam, literal_column, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select
from sqlmodel.sql.expression import Select

from feedback_app.config import Settings
from feedback_app.storage.database import session_scope
from feedback_app.triggers.rules import retry_delay

log = logging.getLogger(__name__)

FLUSH_EVERY = 25  # outcomes committed together, unless a pass asks for fewer
FLUSH_AFTER = timedelta(milliseconds=250)  # ... or once the oldest uncommitted one is this old


@dataclass(frozen=True)
class OutboxTable:
    """An outbox table as the engine sees it: the model, the statuses it moves through, the columns it writes."""

    model: type[SQLModel]
    waiting: str  # due once next_attempt_at has come
    sending: str  # held by a pass until lease_until
    sent: str
    failed: str
    outcome_columns: tuple[str, ...]  # written when an outcome is recorded (the status and what comes with it)
    batch: Select  # what a claimed batch loads: the outbox row first, then what its sender needs
    claimer_column: str | None = None  # names the pass holding a row; without one the lease alone says so

    def has_status(self, status: str) -> ColumnElement[bool]:
        """`status = '<status>'` written into the SQL: partial status indexes serve only literal statuses."""
        return self.model.status == literal_column(f"'{status}'")

    def due(self, now: datetime) -> ColumnElement[bool]:
        """Waiting rows whose next attempt has come, and sending rows whose claimer's lease ran out."""
        return or_(
            and_(self.has_status(self.waiting), self.model.next_attempt_at <= now),
            and_(self.has_status(self.sending), self.model.lease_until < now),
        )


@dataclass(frozen=True)
class OutboxLimits:
    """How often a message is tried, how long a pass owns its rows, how long to wait before the next try."""

    max_attempts: int = Settings.max_attempts
    lease: timedelta = timedelta(seconds=Settings.lease_seconds)
    backoff: Callable[[int], timedelta] = retry_delay  # the wait after N failed attempts

    @classmethod
    def from_settings(cls, settings: Settings) -> OutboxLimits:
        """FEEDBACK_MAX_ATTEMPTS and FEEDBACK_LEASE_SECONDS, as every outbox pass reads them."""
        return cls(max_attempts=settings.max_attempts, lease=timedelta(seconds=settings.lease_seconds))


class Tally(Protocol):
    """What a pass counts; each user of the engine keeps its own result with at least these fields."""

    claimed: int
    sent: int
    retried: int
    failed: int
    errors: list[str]


class Outcomes:
    """Outcomes of sends, committed together: one transaction per `flush_every` outcomes or `flush_after`.

    One commit per message costs as much as the send on PostgreSQL, hence the groups; the price is that a crash
    sends the uncommitted ones again after the lease, as the same message (same Message-ID, same id header).
    """

    def __init__(
        self,
        engine: Engine,
        table: OutboxTable,
        claimer: str,
        clock: Callable[[], datetime],
        flush_every: int = FLUSH_EVERY,
        flush_after: timedelta = FLUSH_AFTER,
    ):
        self.engine, self.table, self.claimer, self.clock = engine, table, claimer, clock
        self.flush_every, self.flush_after = flush_every, flush_after
        self.pending: list[dict] = []
        self.since: datetime | None = None
        self.statement = self._statement()

    def record(self, row: SQLModel, **values: Any) -> None:
        """The row's outcome: its outcome columns as they are, overridden by `values`; committed soon."""
        current = {name: getattr(row, name) for name in self.table.outcome_columns}
        self.pending.append(
            {f"new_{name}": value for name, value in {**current, **values}.items()} | {"row_id": row.id}
        )
        self.since = self.since or self.clock()
        if len(self.pending) >= self.flush_every or self.clock() - self.since >= self.flush_after:
            self.flush()

    def flush(self) -> None:
        """Write every pending outcome and release its claim, where the row is still ours."""
        if not self.pending:
            return
        with self.engine.begin() as connection:
            connection.execute(self.statement, self.pending)
        self.pending, self.since = [], None

    def _statement(self):
        model, claimer_column = self.table.model, self.table.claimer_column
        condition = model.id == bindparam("row_id")
        released = {"lease_until": None}
        if claimer_column is not None:
            condition = and_(condition, getattr(model, claimer_column) == self.claimer)
            released[claimer_column] = None
        outcome = {name: bindparam(f"new_{name}") for name in self.table.outcome_columns}
        return update(model).where(condition).values(**released, **outcome)


class OutboxPass:
    """One pass over one outbox table: claims batches under a lease, renews it, records every outcome."""

    def __init__(
        self,
        engine: Engine,
        table: OutboxTable,
        limits: OutboxLimits,
        clock: Callable[[], datetime],
        result: Tally,
        logger: logging.Logger = log,
        flush_every: int = FLUSH_EVERY,
        claimer: str | None = None,
    ):
        self.engine, self.table, self.limits, self.clock = engine, table, limits, clock
        self.result, self.log = result, logger
        self.claimer = claimer or f"pass-{uuid.uuid4().hex[:12]}"
        self.outcomes = Outcomes(engine, table, self.claimer, clock, flush_every)

    def run(self, now: datetime, batch_size: int, max_batches: int, deliver: Callable) -> None:
        """Claim batch after batch (until one comes back short), handing each loaded row to `deliver(row, stamp)`."""
        for _ in range(max_batches):
            rows = self.claim(now, batch_size)
            if not rows:
                break
            self.result.claimed += len(rows)
            self._deliver_batch(rows, deliver)
            if len(rows) < batch_size:
                break

    def _deliver_batch(self, rows: list, deliver: Callable) -> None:
        renew_at = self.clock() + self.limits.lease / 2
        try:
            for position, row in enumerate(rows):
                stamp = self.clock()
                if stamp >= renew_at:  # a slow channel must not let the lease run out under us
                    renew_at = self.renew([later[0].id for later in rows[position:]], stamp)
                deliver(row, stamp)
        finally:
            self.outcomes.flush()

    def claim(self, now: datetime, limit: int) -> list:
        """Mark up to `limit` due rows as ours until now + lease, then load the table's batch of those still ours.

        PostgreSQL: concurrent claimers skip each other's locked rows (FOR UPDATE SKIP LOCKED).
        SQLite: the transaction holds the write lock from its start (BEGIN IMMEDIATE), so claims serialise.
        """
        model = self.table.model
        with session_scope(self.engine) as session:
            candidates = select(model.id).where(self.table.due(now)).order_by(model.next_attempt_at).limit(limit)
            if self.engine.dialect.name == "postgresql":
                candidates = candidates.with_for_update(skip_locked=True)
            ids = list(session.exec(candidates))
            if not ids:
                return []
            claimed = {"status": self.table.sending, "lease_until": now + self.limits.lease}
            if self.table.claimer_column is not None:
                claimed[self.table.claimer_column] = self.claimer
            session.exec(update(model).where(model.id.in_(ids), self.table.due(now)).values(**claimed))
        with session_scope(self.engine) as session:
            return list(session.exec(self.table.batch.where(self.mine(ids))))

    def mine(self, ids: list[int]) -> ColumnElement[bool]:
        """The rows among `ids` this pass still holds."""
        model, claimer_column = self.table.model, self.table.claimer_column
        held = [model.id.in_(ids), self.table.has_status(self.table.sending)]
        if claimer_column is not None:
            held.append(getattr(model, claimer_column) == self.claimer)
        return and_(*held)

    def renew(self, ids: list[int], now: datetime) -> datetime:
        """Extend the lease on the rows still ours; returns when to renew it next."""
        with session_scope(self.engine) as session:
            session.exec(update(self.table.model).where(self.mine(ids)).values(lease_until=now + self.limits.lease))
        return now + self.limits.lease / 2

    def attempt(self, row: SQLModel, now: datetime, send: Callable[[], object]) -> None:
        """Call `send` once and record the outcome: sent, or after any exception retried later or failed."""
        try:
            send()
        except Exception as exc:  # noqa: BLE001 - any delivery failure is recorded on the row and retried
            self._retry_or_fail(row, f"{type(exc).__name__}: {exc}", now)
            return
        self.record(row, status=self.table.sent, sent_at=now, attempts=row.attempts + 1)
        self.result.sent += 1

    def _retry_or_fail(self, row: SQLModel, error: str, now: datetime) -> None:
        self.log.warning("%s %s not sent: %s", self.table.model.__tablename__, row.id, error)
        self.result.errors.append(error)
        attempts = row.attempts + 1
        if attempts >= self.limits.max_attempts:
            self.record(row, status=self.table.failed, attempts=attempts, last_error=error[:1000])
            self.result.failed += 1
            return
        retry_at = now + self.limits.backoff(attempts)
        self.record(
            row, status=self.table.waiting, attempts=attempts, last_error=error[:1000], next_attempt_at=retry_at
        )
        self.result.retried += 1

    def record(self, row: SQLModel, **values: Any) -> None:
        """Any other outcome (expired, suppressed, held back): `values` over the row's outcome columns."""
        self.outcomes.record(row, **values)
