"""Rollups the map reads instead of scanning responses: kept up to date as answers arrive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Date, bindparam, cast, delete, func, literal_column
from sqlmodel import Session, select

from feedback_app.common.clock import day_start, utcnow
from feedback_app.insight.theme_rollups import (
    add_counts,
    count_rating,
    count_themes,
    rebuild_rating_rollups,
    rebuild_theme_rollups,
)
from feedback_app.models import Response, ResponseTheme, StageRollup
from feedback_app.models.response import EMOTION_LABELS
from feedback_app.storage.driver_statements import insert_of, run, run_many

SENTIMENT_LABELS = ("positive", "neutral", "negative")
EMOTION_COLUMNS = tuple(f"emo_{label}" for label in EMOTION_LABELS)
# Built once and run on the driver (driver_statements.py): they run under the write lock for every answer.
_THEMES = ResponseTheme.__table__
_INSERT_THEME = insert_of(_THEMES, ("response_id", "stage_id", "theme", "label", "submitted_at"))
_DELETE_THEMES = delete(_THEMES).where(_THEMES.c.response_id == bindparam("response_id"))


def add_response(session: Session, response: Response, sign: int = 1) -> None:
    """Count one scored response in (sign=1) or out of (sign=-1) its stage rollup and theme index.

    Each rollup is one upsert (insert, or add onto the row with the same key) rather than a select then an
    update: fewer statements under the write lock, and no lost update between two writers on PostgreSQL.
    """
    key = dict(
        stage_id=response.stage_id,
        touchpoint_id=response.touchpoint_id or 0,
        persona_id=response.persona_id or 0,
        day=response.submitted_at.date(),
    )
    emotion = f"emo_{response.emotion_label if response.emotion_label in EMOTION_LABELS else 'neutral'}"
    counts = dict(
        responses=sign,
        emotion_sum=sign * response.emotion_score,
        emotion_sq_sum=sign * response.emotion_score**2,
        **{label: sign if label == response.label else 0 for label in SENTIMENT_LABELS},
        **{column: sign if column == emotion else 0 for column in EMOTION_COLUMNS},
    )
    add_counts(
        session,
        StageRollup,
        [{"journey_id": response.journey_id, **key, **counts, "updated_at": utcnow()}],
        key=list(key),
        replace=("updated_at",),
    )
    if sign > 0:
        run_many(
            session,
            _INSERT_THEME,
            [
                dict(
                    response_id=response.id,
                    stage_id=response.stage_id,
                    theme=theme,
                    label=response.label,
                    submitted_at=response.submitted_at,
                )
                for theme in dict.fromkeys(response.themes)
            ],
        )
    else:
        run(session, _DELETE_THEMES, {"response_id": response.id})
    count_themes(session, response, key, sign)
    count_rating(session, response, key, sign)


def rebuild_rollups(session: Session, since: datetime | None = None) -> int:
    """Recompute rollups (from `since`'s day on, or all) from the stored responses; returns responses counted."""
    rollup_filter = [] if since is None else [StageRollup.day >= since.date()]
    session.exec(delete(StageRollup).where(*rollup_filter))
    response_filter = [] if since is None else [Response.submitted_at >= day_start(since)]
    dimensions = [
        Response.journey_id,
        Response.stage_id,
        func.coalesce(Response.touchpoint_id, literal_column("0")),
        func.coalesce(Response.persona_id, literal_column("0")),
        _utc_day(session, Response.submitted_at),
    ]
    rows = session.exec(
        select(
            *dimensions,
            func.count(),
            func.sum(Response.emotion_score),
            func.sum(Response.emotion_score * Response.emotion_score),
            func.sum(_is(Response.label, "positive")),
            func.sum(_is(Response.label, "neutral")),
            func.sum(_is(Response.label, "negative")),
            *(func.sum(_is(Response.emotion_label, label)) for label in EMOTION_LABELS),
        )
        .where(*response_filter)
        .group_by(*dimensions)
    )
    counted = 0
    for journey_id, stage_id, touchpoint_id, persona_id, day, count, s, sq, pos, neu, neg, *emotions in rows:
        day = day if not isinstance(day, str) else datetime.strptime(day, "%Y-%m-%d").date()
        labels = {f"emo_{label}": int(n or 0) for label, n in zip(EMOTION_LABELS, emotions)}
        labels["emo_neutral"] += count - sum(labels.values())  # labels outside the set count as neutral
        session.add(
            StageRollup(
                journey_id=journey_id,
                stage_id=stage_id,
                touchpoint_id=touchpoint_id,
                persona_id=persona_id,
                day=day,
                responses=count,
                emotion_sum=s or 0.0,
                emotion_sq_sum=sq or 0.0,
                positive=pos or 0,
                neutral=neu or 0,
                negative=neg or 0,
                **labels,
            )
        )
        counted += count
    rebuild_theme_rollups(session, since, _utc_day(session, Response.submitted_at))
    rebuild_rating_rollups(session, since, _utc_day(session, Response.submitted_at))
    return counted


def _utc_day(session: Session, column):
    """The UTC calendar day of a stored timestamp (SQLite stores UTC text; PostgreSQL needs the zone)."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def _is(column, value):
    from sqlalchemy import case

    return case((column == value, 1), else_=0)
