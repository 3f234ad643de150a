"""Reading the rollups (rollups.py keeps them): which answers a read counts, and a period's theme counts taken
from whole months where it can (the month rollup) and from days for the rest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from feedback_app.models import ThemeMonthRollup, ThemeRollup


@dataclass(frozen=True)
class RollupScope:
    """Which answers a rollup read counts: days (inclusive), stages, one persona, some touchpoints (None: all), of
    one journey (its (journey, day) index lets SQLite read a month's days, not every day of the stages)."""

    start: date | None = None
    end: date | None = None
    stage_ids: list[int] | None = None
    persona_id: int | None = None
    touchpoint_ids: list[int] | None = None
    journey_id: int | None = None

    @classmethod
    def for_keys(
        cls,
        period: tuple[date | None, date | None],
        stage_ids: list[int] | None,
        keys: tuple[str | None, str | None, str | None],
        journey_parts: tuple[Iterable[Any], Iterable[Any], Iterable[Any]],
        journey_id: int | None = None,
    ) -> RollupScope:
        """A filter by persona, channel and touchpoint keys as ids, looked up in the journey's personas, channels
        and touchpoints; an unknown key matches nothing rather than everything."""
        persona, channel, touchpoint = keys
        personas, channels, touchpoints = journey_parts
        persona_id = next((p.id for p in personas if p.key == persona), -1) if persona else None
        chosen = list(touchpoints)
        if channel:
            channel_ids = {c.id for c in channels if c.key == channel}
            chosen = [t for t in chosen if t.channel_id in channel_ids]
        if touchpoint:
            chosen = [t for t in chosen if t.key == touchpoint]
        touchpoint_ids = [t.id for t in chosen] if channel or touchpoint else None
        return cls(period[0], period[1], stage_ids, persona_id, touchpoint_ids, journey_id)

    def apply(self, query: Any, table: Any, start: date | None = None, end: date | None = None) -> Any:
        """The query on a rollup table restricted to this scope, its days to [start, end] (None: open)."""
        if self.journey_id is not None and (start or end):  # a period: the (journey, day) index finds its days
            query = query.where(table.journey_id == self.journey_id)
        if start:
            query = query.where(table.day >= start)
        if end:
            query = query.where(table.day <= end)
        if self.stage_ids is not None:
            query = query.where(table.stage_id.in_(self.stage_ids))
        if self.persona_id is not None:
            query = query.where(table.persona_id == self.persona_id)
        if self.touchpoint_ids is not None:
            query = query.where(table.touchpoint_id.in_(self.touchpoint_ids))
        return query


Period = tuple[date | None, date | None]


def split_period(start: date | None, end: date | None) -> tuple[Period | None, list[Period]]:
    """The whole months inside [start, end] (as 1st-of-month bounds, None: open) and the leftover day ranges."""
    first = start if start is None or start.day == 1 else _next_month(start)
    after_end = None if end is None else end + timedelta(days=1)
    last = None if after_end is None else after_end.replace(day=1)  # months before this one are whole
    if first is not None and last is not None and first >= last:
        return None, [(start, end)]
    days = []
    if start is not None and start < first:
        days.append((start, first - timedelta(days=1)))
    if last is not None and end is not None and last <= end:
        days.append((last, end))
    return (first, None if last is None else last - timedelta(days=1)), days


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def theme_counts(session: Session, scope: RollupScope) -> dict[tuple[int, str], list[int]]:
    """(stage_id, theme) -> [negative, total] within the scope: whole months from the month rollup, the rest by day."""
    months, day_ranges = split_period(scope.start, scope.end)
    parts = [] if months is None else [(ThemeMonthRollup, *months)]
    parts += [(ThemeRollup, low, high) for low, high in day_ranges]
    counts: dict[tuple[int, str], list[int]] = {}
    for table, low, high in parts:
        query = select(table.stage_id, table.theme, func.sum(table.negative), func.sum(table.total))
        query = scope.apply(query, table, low, high).group_by(table.stage_id, table.theme)
        for stage_id, theme, negative, total in session.exec(query):
            entry = counts.setdefault((stage_id, theme), [0, 0])
            entry[0] += int(negative or 0)
            entry[1] += int(total or 0)
    return counts
