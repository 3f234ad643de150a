"""Rollups the map reads instead of scanning responses: kept up to date as answers arrive."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Date, cast, delete, func, literal_column
from sqlmodel import Session, select

from .clock import day_start, utcnow
from .models import Response, ResponseTheme, StageRollup
from .models.response import EMOTION_LABELS
from .insight_rollups import count_rating, count_themes, rebuild_rating_rollups, rebuild_theme_rollups


def add_response(session: Session, response: Response, sign: int = 1) -> None:
    """Count one scored response in (sign=1) or out of (sign=-1) its stage rollup and theme index."""
    key = dict(stage_id=response.stage_id, touchpoint_id=response.touchpoint_id or 0,
               persona_id=response.persona_id or 0, day=response.submitted_at.date())
    rollup = session.exec(select(StageRollup).filter_by(**key)).first()
    if rollup is None:
        rollup = StageRollup(journey_id=response.journey_id, **key)
    rollup.responses += sign
    rollup.emotion_sum += sign * response.emotion_score
    rollup.emotion_sq_sum += sign * response.emotion_score ** 2
    setattr(rollup, response.label, getattr(rollup, response.label) + sign)
    emotion = f"emo_{response.emotion_label if response.emotion_label in EMOTION_LABELS else 'neutral'}"
    setattr(rollup, emotion, getattr(rollup, emotion) + sign)
    rollup.updated_at = utcnow()
    session.add(rollup)
    if sign > 0:
        for theme in dict.fromkeys(response.themes):
            session.add(ResponseTheme(response_id=response.id, stage_id=response.stage_id, theme=theme,
                                      label=response.label, submitted_at=response.submitted_at))
    else:
        session.exec(delete(ResponseTheme).where(ResponseTheme.response_id == response.id))
    count_themes(session, response, key, sign)
    count_rating(session, response, key, sign)


def rebuild_rollups(session: Session, since: datetime | None = None) -> int:
    """Recompute rollups (from `since`'s day on, or all) from the stored responses; returns responses counted."""
    rollup_filter = [] if since is None else [StageRollup.day >= since.date()]
    session.exec(delete(StageRollup).where(*rollup_filter))
    response_filter = [] if since is None else [Response.submitted_at >= day_start(since)]
    dimensions = [Response.journey_id, Response.stage_id, func.coalesce(Response.touchpoint_id, literal_column("0")),
                  func.coalesce(Response.persona_id, literal_column("0")), _utc_day(session, Response.submitted_at)]
    rows = session.exec(select(
        *dimensions, func.count(), func.sum(Response.emotion_score),
        func.sum(Response.emotion_score * Response.emotion_score), func.sum(_is(Response.label, "positive")),
        func.sum(_is(Response.label, "neutral")), func.sum(_is(Response.label, "negative")),
        *(func.sum(_is(Response.emotion_label, label)) for label in EMOTION_LABELS),
    ).where(*response_filter).group_by(*dimensions))
    counted = 0
    for journey_id, stage_id, touchpoint_id, persona_id, day, count, s, sq, pos, neu, neg, *emotions in rows:
        day = day if not isinstance(day, str) else datetime.strptime(day, "%Y-%m-%d").date()
        labels = {f"emo_{label}": int(n or 0) for label, n in zip(EMOTION_LABELS, emotions)}
        labels["emo_neutral"] += count - sum(labels.values())  # labels outside the set count as neutral
        session.add(StageRollup(journey_id=journey_id, stage_id=stage_id, touchpoint_id=touchpoint_id,
                                persona_id=persona_id, day=day, responses=count, emotion_sum=s or 0.0,
                                emotion_sq_sum=sq or 0.0, positive=pos or 0, neutral=neu or 0, negative=neg or 0,
                                **labels))
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


def reindex_themes(session: Session, responses: list[Response]) -> None:
    """Replace the theme rows of these responses (after a rescore changed their themes or labels)."""
    ids = [r.id for r in responses]
    session.exec(delete(ResponseTheme).where(ResponseTheme.response_id.in_(ids)))
    for response in responses:
        for theme in dict.fromkeys(response.themes):
            session.add(ResponseTheme(response_id=response.id, stage_id=response.stage_id, theme=theme,
                                      label=response.label, submitted_at=response.submitted_at))
