"""Theme and rating rollups (models/insight.py), kept beside the stage rollup as answers arrive.

`rollups.add_response` calls `count_themes` and `count_rating` in the answer's transaction (and with
sign=-1 before a rescore changes an answer); `rollups.rebuild_rollups` calls the rebuilders.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Date, case, cast, delete, func, insert, literal_column
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from feedback_app.common.clock import day_start
from feedback_app.models import RatingRollup, Response, ResponseTheme, ThemeMonthRollup, ThemeRollup
from feedback_app.storage.driver_statements import driver_dialect, run_many, typed_binds

RATING_KINDS = ("csat", "ces", "nps")
# (top from, bottom up to) per kind: NPS promoters/detractors, CSAT 4-5 / 1-2, CES 6-7 / 1-2 (7 = very easy).
RATING_BANDS = {"nps": (9, 6), "csat": (4, 2), "ces": (6, 2)}


def add_counts(session: Session, model, rows: list[dict], key: list[str], replace: tuple = ()) -> None:
    """Insert each row, or add its counts onto the row with the same `key` (the table's unique index), in
    one INSERT … ON CONFLICT DO UPDATE run on the driver; columns in `replace` take the new value instead."""
    statement = _add_counts_statement(
        driver_dialect(session).name, model.__table__, tuple(rows[0]), tuple(key), tuple(replace)
    )
    run_many(session, statement, rows)


@lru_cache(maxsize=64)
def _add_counts_statement(dialect: str, table, columns: tuple, key: tuple, replace: tuple):
    """Built once per shape, so driver_statements compiles it once too."""
    statement = (
        (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)
        .inline()
        .values(typed_binds(table, columns))
    )
    counted = [name for name in columns if name not in key and name not in replace and name != "journey_id"]
    return statement.on_conflict_do_update(
        index_elements=list(key),
        set_={
            **{name: table.c[name] + statement.excluded[name] for name in counted},
            **{name: statement.excluded[name] for name in replace},
        },
    )


def count_themes(session: Session, response: Response, key: dict, sign: int) -> None:
    """Count each theme of this answer once, and as negative when the answer is."""
    themes = list(dict.fromkeys(response.themes or []))
    if not themes:
        return
    negative = sign if response.label == "negative" else 0
    month_key = {**key, "day": key["day"].replace(day=1)}
    for model, where in ((ThemeRollup, key), (ThemeMonthRollup, month_key)):
        rows = [
            dict(journey_id=response.journey_id, **where, theme=theme, total=sign, negative=negative)
            for theme in themes
        ]
        add_counts(session, model, rows, key=[*where, "theme"])


def count_rating(session: Session, response: Response, key: dict, sign: int) -> None:
    """Add the answer's CSAT, CES or NPS rating to its kind's totals."""
    if response.rating_kind not in RATING_BANDS or response.rating is None:
        return
    top_from, bottom_to = RATING_BANDS[response.rating_kind]
    row = dict(
        journey_id=response.journey_id,
        **key,
        kind=response.rating_kind,
        answers=sign,
        total=sign * response.rating,
        top=sign if response.rating >= top_from else 0,
        bottom=sign if response.rating <= bottom_to else 0,
    )
    add_counts(session, RatingRollup, [row], key=[*key, "kind"])


def _dimensions(day_column) -> list:
    return [
        Response.journey_id,
        Response.stage_id,
        func.coalesce(Response.touchpoint_id, literal_column("0")),
        func.coalesce(Response.persona_id, literal_column("0")),
        day_column,
    ]


def rebuild_theme_rollups(session: Session, since: datetime | None, day_column) -> None:
    """Recount themes from the theme index in one INSERT … SELECT (no rows through Python)."""
    session.exec(delete(ThemeRollup).where(*([] if since is None else [ThemeRollup.day >= since.date()])))
    dimensions = [*_dimensions(day_column), ResponseTheme.theme]
    query = (
        select(*dimensions, func.sum(case((ResponseTheme.label == "negative", 1), else_=0)), func.count())
        .select_from(ResponseTheme)
        .join(Response, Response.id == ResponseTheme.response_id)
        .where(*([] if since is None else [Response.submitted_at >= day_start(since)]))
        .group_by(*dimensions)
    )
    columns = ["journey_id", "stage_id", "touchpoint_id", "persona_id", "day", "theme", "negative", "total"]
    session.exec(insert(ThemeRollup).from_select(columns, query))
    _rebuild_theme_months(session, since, columns)


def _rebuild_theme_months(session: Session, since: datetime | None, columns: list[str]) -> None:
    """Sum the daily theme rows into months, from the month `since` falls in (the daily rows are exact)."""
    first = None if since is None else since.date().replace(day=1)
    session.exec(delete(ThemeMonthRollup).where(*([] if first is None else [ThemeMonthRollup.day >= first])))
    if session.get_bind().dialect.name == "postgresql":
        month = cast(func.date_trunc("month", ThemeRollup.day), Date)
    else:
        month = func.date(ThemeRollup.day, "start of month")
    dimensions = [
        ThemeRollup.journey_id,
        ThemeRollup.stage_id,
        ThemeRollup.touchpoint_id,
        ThemeRollup.persona_id,
        month,
        ThemeRollup.theme,
    ]
    query = (
        select(*dimensions, func.sum(ThemeRollup.negative), func.sum(ThemeRollup.total))
        .where(*([] if first is None else [ThemeRollup.day >= first]))
        .group_by(*dimensions)
    )
    session.exec(insert(ThemeMonthRollup).from_select(columns, query))


def rebuild_rating_rollups(session: Session, since: datetime | None, day_column) -> None:
    """Recount CSAT, CES and NPS totals from the responses in one INSERT … SELECT."""
    session.exec(delete(RatingRollup).where(*([] if since is None else [RatingRollup.day >= since.date()])))
    dimensions = [*_dimensions(day_column), Response.rating_kind]
    top = case(
        *[((Response.rating_kind == kind) & (Response.rating >= low), 1) for kind, (low, _) in RATING_BANDS.items()],
        else_=0,
    )
    bottom = case(
        *[((Response.rating_kind == kind) & (Response.rating <= high), 1) for kind, (_, high) in RATING_BANDS.items()],
        else_=0,
    )
    query = (
        select(*dimensions, func.count(), func.sum(Response.rating), func.sum(top), func.sum(bottom))
        .where(
            Response.rating_kind.in_(RATING_KINDS),
            Response.rating.is_not(None),
            *([] if since is None else [Response.submitted_at >= day_start(since)]),
        )
        .group_by(*dimensions)
    )
    columns = [
        "journey_id",
        "stage_id",
        "touchpoint_id",
        "persona_id",
        "day",
        "kind",
        "answers",
        "total",
        "top",
        "bottom",
    ]
    session.exec(insert(RatingRollup).from_select(columns, query))


@dataclass(frozen=True)
class RollupScope:
    """Which answers a rollup read counts: days (inclusive), stages, one persona, some touchpoints (None: all)."""

    start: date | None = None
    end: date | None = None
    stage_ids: list[int] | None = None
    persona_id: int | None = None
    touchpoint_ids: list[int] | None = None

    def apply(self, query, table, start: date | None = None, end: date | None = None):
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


def split_period(start: date | None, end: date | None):
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
