"""Reading the audit log: the admin page's filters (actor, action, days), its pages, and the CSV download.

Read-only by design: the app has no way to change or remove an entry (staff.audit only adds them, and clears an
old entry's staff address after FEEDBACK_AUDIT_ADDRESS_DAYS).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func
from sqlmodel import Session, select

from feedback_app.common.bounded_input import MAX_PAGE, BoundedInputError, bounded_int, day_in_window, strip_nul
from feedback_app.common.texts import N_
from feedback_app.models import AuditEntry

PER_PAGE = 50
CSV_HEADER = ["at_utc", "actor", "action", "target", "details", "client"]


@dataclass(frozen=True)
class AuditFilters:
    """Entries by an actor (part of the address), of one action, within UTC days `since`..`until`."""

    actor: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> AuditFilters:
        """Query-string values; a malformed day or page is a BoundedInputError naming the parameter."""
        page = args.get("page") or "1"
        return cls(
            actor=strip_nul(args.get("actor", "")).strip()[:320],
            action=strip_nul(args.get("action", "")).strip()[:64],
            since=_day(args.get("since"), "since"),
            until=_day(args.get("until"), "until"),
            page=bounded_int(page, "page", high=MAX_PAGE),
        )

    def as_params(self, **changes) -> dict[str, str | int]:
        values = replace(self, **changes)
        params = {
            "actor": values.actor,
            "action": values.action,
            "since": values.since.isoformat() if values.since else "",
            "until": values.until.isoformat() if values.until else "",
            "page": values.page if values.page != 1 else "",
        }
        return {key: value for key, value in params.items() if value != ""}

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.actor:
            found.append(func.lower(AuditEntry.actor).contains(self.actor.lower(), autoescape=True))
        if self.action:
            found.append(AuditEntry.action == self.action)
        if self.since:
            found.append(AuditEntry.at >= datetime.combine(self.since, time.min, UTC))
        if self.until:
            found.append(AuditEntry.at < datetime.combine(self.until, time.min, UTC) + timedelta(days=1))
        return found


def _day(text: str | None, name: str) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise BoundedInputError(N_("'%(name)s' must be a date like 2026-03-17"), name, name=name) from None
    return day_in_window(day, name)


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditEntry]
    page: int
    pages: int
    total: int
    actions: list[str]  # every action in the log, for the filter's menu


def audit_page(session: Session, filters: AuditFilters, per_page: int = PER_PAGE) -> AuditPage:
    """One page of matching entries, newest first; a page past the last shows the last."""
    conditions = filters.conditions()
    total = session.exec(select(func.count()).select_from(AuditEntry).where(*conditions)).one()
    pages = max(1, math.ceil(total / per_page))
    page = min(filters.page, pages)
    entries = session.exec(
        select(AuditEntry)
        .where(*conditions)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    actions = session.exec(select(AuditEntry.action).distinct().order_by(AuditEntry.action)).all()
    return AuditPage(list(entries), page, pages, total, list(actions))


def audit_csv_rows(session: Session, filters: AuditFilters) -> Iterator[list[str]]:
    """The header, then every matching entry (all pages), newest first, for the CSV download."""
    yield CSV_HEADER
    statement = (
        select(AuditEntry)
        .where(*filters.conditions())
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .execution_options(yield_per=1000)
    )
    for entry in session.exec(statement):
        yield [
            entry.at.astimezone(UTC).isoformat(timespec="seconds") if entry.at.tzinfo else entry.at.isoformat(),
            entry.actor or "",
            entry.action,
            entry.target,
            json.dumps(entry.details, ensure_ascii=False, sort_keys=True) if entry.details else "",
            entry.client or "",
        ]
