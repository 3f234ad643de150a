"""The audit log of staff actions: who did what, to what, when, from where.

`record_staff_action` adds one entry to the caller's session, so the entry commits (or rolls back) with the
action it records. Entries are only ever added: nothing in the app deletes them or changes what they say. The one
edit is data minimisation: `forget_staff_addresses` clears the network address of entries older than
FEEDBACK_AUDIT_ADDRESS_DAYS (the scheduler's retention job), since an address is personal data that an
investigation needs for weeks, not for years.

Action names in use (past tense, `<thing>_<verb>`): login, login_failed, login_locked, logout, user_created,
user_updated, user_deactivated, user_reactivated, password_reset, password_changed, password_change_failed,
password_change_locked, api_key_created, api_key_revoked,
trigger_created, trigger_updated, trigger_deleted, trigger_paused, trigger_resumed, journey_created,
journey_updated, journey_deleted, answers_exported, audit_log_exported, customer_exported, customer_erased.
An action taken on the command line has `actor=None` and `client="cli"`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session

from feedback_app.common.clock import utcnow
from feedback_app.models import AuditEntry

CLI_CLIENT = "cli"
# Never written into an entry, whatever a caller passes: the log is read by every admin.
SECRET_WORDS = ("password", "secret", "token", "key_hash")


def record_staff_action(
    session: Session,
    *,
    actor: str | None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    client: str | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Adds an entry for `action` done by `actor` (a staff e-mail; None on the command line) to `target`."""
    entry = AuditEntry(
        at=at or utcnow(),
        actor=actor[:320] if actor else None,
        action=action[:64],
        target=str(target)[:500],
        details=_without_secrets(details or {}),
        client=client[:64] if client else None,
    )
    session.add(entry)
    return entry


def forget_staff_addresses(session: Session, days: int, now: datetime) -> int:
    """Clear the staff network address of entries older than `days` (the command line's "cli" stays: it names no
    one); returns how many entries lost theirs."""
    cutoff = now - timedelta(days=days)
    forget = (
        update(AuditEntry)
        .where(AuditEntry.at < cutoff, AuditEntry.client.is_not(None), AuditEntry.client != CLI_CLIENT)
        .values(client=None)
    )
    return session.exec(forget).rowcount or 0


def _without_secrets(details: dict[str, Any]) -> dict[str, Any]:
    return {
        str(name): "[removed]" if any(word in str(name).lower() for word in SECRET_WORDS) else value
        for name, value in details.items()
    }
