"""Time in one convention: timezone-aware UTC datetimes everywhere (SQLModel stores them as UTC)."""
from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def to_utc(moment: datetime) -> datetime:
    """Aware -> UTC; naive values are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def parse_iso(text: str) -> datetime:
    """ISO 8601 (with 'Z' or an offset; without one it means UTC) -> aware UTC. Raises ValueError."""
    if not isinstance(text, str):
        raise ValueError("must be an ISO 8601 string")
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    return to_utc(datetime.fromisoformat(value))


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return to_utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def day_start(day) -> datetime:
    """Midnight UTC at the start of a date (the map's days are UTC days)."""
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
