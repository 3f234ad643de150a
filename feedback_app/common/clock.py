"""Time in one convention: timezone-aware UTC datetimes everywhere (SQLModel stores them as UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from feedback_app.common.texts import N_, TextError


def utcnow() -> datetime:
    return datetime.now(UTC)


def to_utc(moment: datetime) -> datetime:
    """Aware -> UTC; naive values are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_iso(text: str) -> datetime:
    """ISO 8601 (with 'Z' or an offset; without one it means UTC) -> aware UTC. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("must be an ISO 8601 string")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return to_utc(datetime.fromisoformat(value))


def day_param(args, name: str) -> date | None:
    """A query parameter that is a day (YYYY-MM-DD; a longer ISO moment counts as its day), None when empty;
    a TextError naming the parameter when it is not a date."""
    value = args.get(name) or None
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        raise TextError(N_("'%(name)s' must be a date like 2026-03-17"), name, name=name) from None


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return to_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day_start(day) -> datetime:
    """Midnight UTC at the start of a date (the map's days are UTC days)."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)
