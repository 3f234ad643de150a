"""Login throttling: failed logins counted per account and per client address, with lock-outs that end by
themselves.

The counts live in the database (`login_throttle`), so every gunicorn worker and every `serve` node sees the
same ones. A key is counted whether or not an account exists for it: the answers never tell the two apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from feedback_app.common.clock import to_utc
from feedback_app.models import LoginThrottle


@dataclass(frozen=True)
class ThrottleRule:
    """`failures` failed logins within `window` lock the key for `lockout`."""

    failures: int
    window: timedelta
    lockout: timedelta


ACCOUNT_RULE = ThrottleRule(failures=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15))
# An office behind one address has several staff members: its limit is higher than one account's.
ADDRESS_RULE = ThrottleRule(failures=20, window=timedelta(minutes=15), lockout=timedelta(minutes=15))
MAX_KEY = 400


def _keys(email: str, address: str | None) -> dict[str, ThrottleRule]:
    keys = {f"account:{email.strip().lower()}"[:MAX_KEY]: ACCOUNT_RULE}
    if address:
        keys[f"address:{address}"[:MAX_KEY]] = ADDRESS_RULE
    return keys


def locked_until(session: Session, email: str, address: str | None, now: datetime) -> datetime | None:
    """When the lock on this account or this address ends, if either is locked now; else None."""
    rows = session.exec(select(LoginThrottle).where(LoginThrottle.key.in_(list(_keys(email, address)))))
    ends = [to_utc(row.locked_until) for row in rows if row.locked_until is not None]
    return max((end for end in ends if end > now), default=None)


def record_failed_login(session: Session, email: str, address: str | None, now: datetime) -> datetime | None:
    """Counts one failure for the account and the address; returns the end of a lock-out this one started."""
    _forget_stale(session, now)
    ends = []
    for key, rule in _keys(email, address).items():
        row = _row_for_update(session, key, now)
        if to_utc(row.window_started_at) <= now - rule.window:
            row.failures, row.window_started_at = 0, now
        row.failures += 1
        if row.failures >= rule.failures:
            row.failures, row.window_started_at, row.locked_until = 0, now, now + rule.lockout
            ends.append(row.locked_until)
        session.add(row)
    session.flush()
    return max(ends, default=None)


def clear_account(session: Session, email: str) -> None:
    """A successful login starts the account's count afresh (the address keeps its own)."""
    key = next(iter(_keys(email, None)))
    session.exec(delete(LoginThrottle).where(LoginThrottle.key == key))


def _row_for_update(session: Session, key: str, now: datetime) -> LoginThrottle:
    """The key's row, created if missing, locked until commit (PostgreSQL; SQLite's writers are serial)."""
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.exec(insert(LoginThrottle).values(key=key, failures=0, window_started_at=now).on_conflict_do_nothing())
    return session.exec(
        select(LoginThrottle)
        .where(LoginThrottle.key == key)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def _forget_stale(session: Session, now: datetime) -> None:
    """Rows whose window and lock-out are both over count nothing any more; keep the table small."""
    oldest_useful = (
        now - max(ACCOUNT_RULE.window, ADDRESS_RULE.window) - max(ACCOUNT_RULE.lockout, ADDRESS_RULE.lockout)
    )
    session.exec(delete(LoginThrottle).where(LoginThrottle.window_started_at < oldest_useful))
