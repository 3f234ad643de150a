"""Rollups the map and the dashboards read instead of scanning answers (models/response.py, models/insight.py):
the stage, theme and rating totals and the theme index. `add_response` keeps them in the transaction that stores
or rescores an answer; `rebuild_rollups` recounts them from the stored answers. Reading them: rollup_reads.py.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import ColumnElement, Date, Table, bindparam, case, cast, delete, func, insert, literal_column
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, SQLModel, select

from feedback_app.common.clock import day_start, utcnow
from feedback_app.models import RatingRollup, Response, ResponseTheme, StageRollup, ThemeMonthRollup, ThemeRollup
from feedback_app.models.response import EMOTION_LABELS
from feedback_app.storage.driver_statements import Scope, driver_dialect, insert_of, run, run_many, typed_binds

SENTIMENT_LABELS = ("positive", "neutral", "negative")
EMOTION_COLUMNS = tuple(f"emo_{label}" for label in EMOTION_LABELS)
RATING_KINDS = ("csat", "ces", "nps")
# (top from, bottom up to) per kind: NPS promoters/detractors, CSAT 4-5 / 1-2, CES 6-7 / 1-2 (7 = very easy).
RATING_BANDS = {"nps": (9, 6), "csat": (4, 2), "ces": (6, 2)}
KEY_COLUMNS = ("journey_id", "stage_id", "touchpoint_id", "persona_id", "day")  # every rollup's, journey first


class ScoredAnswer(Protocol):
    """What counting an answer reads: a stored Response (rescoring) or the plain record the answer path stores
    (survey.answering.NewAnswer, the response table's columns)."""

    id: int | None
    journey_id: int
    stage_id: int
    touchpoint_id: int | None
    persona_id: int | None
    submitted_at: datetime
    label: str
    emotion_label: str
    emotion_score: float
    themes: list[str]
    rating_kind: str | None
    rating: int | None
    text_contradicts_face: bool


def add_response(scope: Scope, answer: ScoredAnswer, sign: int = 1) -> None:
    """Count one scored answer in (sign=1) or out of (sign=-1) every rollup and the theme index. Each rollup is one
    upsert, not a select then an update: fewer statements under the write lock, no lost update on PostgreSQL."""
    key = {
        "stage_id": answer.stage_id,
        "touchpoint_id": answer.touchpoint_id or 0,
        "persona_id": answer.persona_id or 0,
        "day": answer.submitted_at.date(),
    }
    themes = list(dict.fromkeys(answer.themes or []))
    _count_stage(scope, answer, key, sign)
    _index_themes(scope, answer, themes, sign)
    _count_themes(scope, answer, themes, key, sign)
    _count_rating(scope, answer, key, sign)


def add_counts(scope: Scope, model: type[SQLModel], rows: list[dict], key: list[str], replace: tuple = ()) -> None:
    """Insert each row, or add its counts onto the row with the same `key` (the table's unique index), in
    one INSERT … ON CONFLICT DO UPDATE run on the driver; columns in `replace` take the new value instead."""
    statement = _add_counts_statement(
        driver_dialect(scope).name, model.__table__, tuple(rows[0]), tuple(key), tuple(replace)
    )
    run_many(scope, statement, rows)


@lru_cache(maxsize=64)
def _add_counts_statement(dialect: str, table: Table, columns: tuple, key: tuple, replace: tuple):
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


def _count_stage(scope: Scope, answer: ScoredAnswer, key: dict, sign: int) -> None:
    """The stage rollup: answers, emotion sums, the sentiment split and the emotion-label counts."""
    emotion = f"emo_{answer.emotion_label if answer.emotion_label in EMOTION_LABELS else 'neutral'}"
    counts = dict(
        responses=sign,
        emotion_sum=sign * answer.emotion_score,
        emotion_sq_sum=sign * answer.emotion_score**2,
        **{label: sign if label == answer.label else 0 for label in SENTIMENT_LABELS},
        **{column: sign if column == emotion else 0 for column in EMOTION_COLUMNS},
        flagged=sign if answer.text_contradicts_face else 0,
    )
    row = {"journey_id": answer.journey_id, **key, **counts, "updated_at": utcnow()}
    add_counts(scope, StageRollup, [row], key=list(key), replace=("updated_at",))


# Built once and run on the driver (driver_statements.py): they run under the write lock for every answer.
_THEMES = ResponseTheme.__table__
_INSERT_THEME = insert_of(_THEMES, ("response_id", "stage_id", "theme", "label", "submitted_at"))
_DELETE_THEMES = delete(_THEMES).where(_THEMES.c.response_id == bindparam("response_id"))


def _index_themes(scope: Scope, answer: ScoredAnswer, themes: list[str], sign: int) -> None:
    """The theme index, one row per answer and theme, by which the map finds a pain point's quotes."""
    if sign <= 0:
        run(scope, _DELETE_THEMES, {"response_id": answer.id})
        return
    rows = [
        dict(
            response_id=answer.id,
            stage_id=answer.stage_id,
            theme=t,
            label=answer.label,
            submitted_at=answer.submitted_at,
        )
        for t in themes
    ]
    run_many(scope, _INSERT_THEME, rows)


def _count_themes(scope: Scope, answer: ScoredAnswer, themes: list[str], key: dict, sign: int) -> None:
    """Count each theme of this answer once a day and once a month, and as negative when the answer is."""
    if not themes:
        return
    negative = sign if answer.label == "negative" else 0
    month_key = {**key, "day": key["day"].replace(day=1)}
    for model, where in ((ThemeRollup, key), (ThemeMonthRollup, month_key)):
        rows = [
            dict(journey_id=answer.journey_id, **where, theme=theme, total=sign, negative=negative) for theme in themes
        ]
        add_counts(scope, model, rows, key=[*where, "theme"])


def _count_rating(scope: Scope, answer: ScoredAnswer, key: dict, sign: int) -> None:
    """Add the answer's CSAT, CES or NPS rating to its kind's totals."""
    if answer.rating_kind not in RATING_BANDS or answer.rating is None:
        return
    top_from, bottom_to = RATING_BANDS[answer.rating_kind]
    row = dict(
        journey_id=answer.journey_id,
        **key,
        kind=answer.rating_kind,
        answers=sign,
        total=sign * answer.rating,
        top=sign if answer.rating >= top_from else 0,
        bottom=sign if answer.rating <= bottom_to else 0,
    )
    add_counts(scope, RatingRollup, [row], key=[*key, "kind"])


def rebuild_rollups(session: Session, since: datetime | None = None) -> int:
    """Recompute rollups (from `since`'s day on, or all) from the stored responses; returns responses counted.
    The theme index is their source for themes, so it is kept, not rebuilt."""
    day = _utc_day(session, Response.submitted_at)
    counted = _rebuild_stage_rollups(session, since, day)
    _rebuild_theme_rollups(session, since, day)
    _rebuild_rating_rollups(session, since, day)
    return counted


def _rebuild_stage_rollups(session: Session, since: datetime | None, day: ColumnElement) -> int:
    """Recount the stage rollup, one group of answers per row."""
    session.exec(delete(StageRollup).where(*_from(StageRollup.day, since and since.date())))
    dimensions = _dimensions(day)
    query = (
        select(
            *dimensions,
            func.count(),
            func.sum(Response.emotion_score),
            func.sum(Response.emotion_score * Response.emotion_score),
            *(func.sum(_is(Response.label, label)) for label in SENTIMENT_LABELS),
            func.sum(case((Response.text_contradicts_face.is_(True), 1), else_=0)),
            *(func.sum(_is(Response.emotion_label, label)) for label in EMOTION_LABELS),
        )
        .where(*_from(Response.submitted_at, since and day_start(since)))
        .group_by(*dimensions)
    )
    counted = 0
    for row in session.exec(query):
        session.add(_stage_rollup(*row))
        counted += row[5]
    return counted


def _stage_rollup(
    journey_id, stage_id, touchpoint_id, persona_id, day, count, s, sq, pos, neu, neg, flagged, *emotions
):
    """One stage rollup row from its group's sums (labels outside the emotion set count as neutral)."""
    day = day if not isinstance(day, str) else datetime.strptime(day, "%Y-%m-%d").date()
    labels = {f"emo_{label}": int(n or 0) for label, n in zip(EMOTION_LABELS, emotions)}
    labels["emo_neutral"] += count - sum(labels.values())
    return StageRollup(
        **dict(zip(KEY_COLUMNS, (journey_id, stage_id, touchpoint_id, persona_id, day))),
        responses=count,
        emotion_sum=s or 0.0,
        emotion_sq_sum=sq or 0.0,
        positive=pos or 0,
        neutral=neu or 0,
        negative=neg or 0,
        flagged=flagged or 0,
        **labels,
    )


def _rebuild_theme_rollups(session: Session, since: datetime | None, day: ColumnElement) -> None:
    """Recount themes from the theme index in one INSERT … SELECT (no rows through Python)."""
    session.exec(delete(ThemeRollup).where(*_from(ThemeRollup.day, since and since.date())))
    dimensions = [*_dimensions(day), ResponseTheme.theme]
    query = (
        select(*dimensions, func.sum(_is(ResponseTheme.label, "negative")), func.count())
        .select_from(ResponseTheme)
        .join(Response, Response.id == ResponseTheme.response_id)
        .where(*_from(Response.submitted_at, since and day_start(since)))
        .group_by(*dimensions)
    )
    columns = [*KEY_COLUMNS, "theme", "negative", "total"]
    session.exec(insert(ThemeRollup).from_select(columns, query))
    _rebuild_theme_months(session, since, columns)


def _rebuild_theme_months(session: Session, since: datetime | None, columns: list[str]) -> None:
    """Sum the daily theme rows into months, from the month `since` falls in (the daily rows are exact)."""
    first = None if since is None else since.date().replace(day=1)
    session.exec(delete(ThemeMonthRollup).where(*_from(ThemeMonthRollup.day, first)))
    if session.get_bind().dialect.name == "postgresql":
        month = cast(func.date_trunc("month", ThemeRollup.day), Date)
    else:
        month = func.date(ThemeRollup.day, "start of month")
    keys = [ThemeRollup.journey_id, ThemeRollup.stage_id, ThemeRollup.touchpoint_id, ThemeRollup.persona_id]
    dimensions = [*keys, month, ThemeRollup.theme]
    query = (
        select(*dimensions, func.sum(ThemeRollup.negative), func.sum(ThemeRollup.total))
        .where(*_from(ThemeRollup.day, first))
        .group_by(*dimensions)
    )
    session.exec(insert(ThemeMonthRollup).from_select(columns, query))


def _rebuild_rating_rollups(session: Session, since: datetime | None, day: ColumnElement) -> None:
    """Recount CSAT, CES and NPS totals from the responses in one INSERT … SELECT."""
    session.exec(delete(RatingRollup).where(*_from(RatingRollup.day, since and since.date())))
    dimensions = [*_dimensions(day), Response.rating_kind]
    kind, rating = Response.rating_kind, Response.rating
    top = case(*[((kind == k) & (rating >= low), 1) for k, (low, _) in RATING_BANDS.items()], else_=0)
    bottom = case(*[((kind == k) & (rating <= high), 1) for k, (_, high) in RATING_BANDS.items()], else_=0)
    query = (
        select(*dimensions, func.count(), func.sum(rating), func.sum(top), func.sum(bottom))
        .where(kind.in_(RATING_KINDS), rating.is_not(None), *_from(Response.submitted_at, since and day_start(since)))
        .group_by(*dimensions)
    )
    columns = [*KEY_COLUMNS, "kind", "answers", "total", "top", "bottom"]
    session.exec(insert(RatingRollup).from_select(columns, query))


def _dimensions(day: ColumnElement) -> list[ColumnElement]:
    """A response's rollup key, as KEY_COLUMNS orders it (no touchpoint or persona: 0)."""
    return [
        Response.journey_id,
        Response.stage_id,
        func.coalesce(Response.touchpoint_id, literal_column("0")),
        func.coalesce(Response.persona_id, literal_column("0")),
        day,
    ]


def _from(column: Any, start: Any) -> list:
    """The condition `column >= start` as a where-list, empty when there is no start (everything)."""
    return [] if start is None else [column >= start]


def _utc_day(session: Session, column: Any) -> ColumnElement:
    """The UTC calendar day of a stored timestamp (SQLite stores UTC text; PostgreSQL needs the zone)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _is(column: Any, value: str) -> ColumnElement:
    return case((column == value, 1), else_=0)
