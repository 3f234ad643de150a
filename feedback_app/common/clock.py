"""Time in one convention: timezone-aware UTC datetimes everywhere (SQLModel stores them as UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feedback_app.common.bounded_input import day_in_window
from feedback_app.common.texts import N_, TextError


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """Aware -> UTC; naive values are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


class MomentOutOfRange(ValueError):
    """An ISO 8601 moment that exists but cannot be moved to UTC (0001-01-01 east of UTC, 9999-12-31 west)."""


def parse_iso(text: str) -> datetime:
    """ISO 8601 (with 'Z' or an offset; without one it means UTC) -> aware UTC. Raises ValueError
    (MomentOutOfRange for a moment too close to year 1 or 9999 to have a UTC time)."""
    if not isinstance(text, str):
        raise ValueError("must be an ISO 8601 string")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    try:
        return to_utc(moment)
    except OverflowError:
        raise MomentOutOfRange("lies outside the years a UTC time can hold") from None


def day_param(args, name: str) -> date | None:
    """A query parameter that is a day (YYYY-MM-DD; a longer ISO moment counts as its day), None when empty;
    a TextError naming the parameter when it is not a date or lies outside the years a filter may name."""
    value = args.get(name) or None
    try:
        day = date.fromisoformat(value[:10]) if value else None
    except ValueError:
        raise TextError(N_("'%(name)s' must be a date like 2026-03-17"), name, name=name) from None
    return day_in_window(day, name) if day else None


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return to_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day_start(day) -> datetime:
    """Midnight UTC at the start of a date (the map's days are UTC days)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
