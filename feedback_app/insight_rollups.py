"""Theme and rating rollups (models/insight.py), kept beside the stage rollup as answers arrive.

`rollups.add_response` calls `count_themes` and `count_rating` in the answer's transaction (and with
sign=-1 before a rescore changes an answer); `rollups.rebuild_rollups` calls the rebuilders.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, func, insert, literal_column
from sqlmodel import Session, select

from .clock import day_start
from .models import RatingRollup, Response, ResponseTheme, ThemeRollup

RATING_KINDS = ("csat", "ces", "nps")
# (top from, bottom up to) per kind: NPS promoters/detractors, CSAT 4-5 / 1-2, CES 6-7 / 1-2 (7 = very easy).
RATING_BANDS = {"nps": (9, 6), "csat": (4, 2), "ces": (6, 2)}


def count_themes(session: Session, response: Response, key: dict, sign: int) -> None:
    """Count each theme of this answer once, and as negative when the answer is."""
    negative = sign if response.label == "negative" else 0
    for theme in dict.fromkeys(response.themes or []):
        row = session.exec(select(ThemeRollup).filter_by(theme=theme, **key)).first()
        if row is None:
            row = ThemeRollup(journey_id=response.journey_id, theme=theme, **key)
        row.total += sign
        row.negative += negative
        session.add(row)


def count_rating(session: Session, response: Response, key: dict, sign: int) -> None:
    """Add the answer's CSAT, CES or NPS rating to its kind's totals."""
    if response.rating_kind not in RATING_BANDS or response.rating is None:
        return
    row = session.exec(select(RatingRollup).filter_by(kind=response.rating_kind, **key)).first()
    if row is None:
        row = RatingRollup(journey_id=response.journey_id, kind=response.rating_kind, **key)
    top_from, bottom_to = RATING_BANDS[response.rating_kind]
    row.answers += sign
    row.total += sign * response.rating
    row.top += sign if response.rating >= top_from else 0
    row.bottom += sign if response.rating <= bottom_to else 0
    session.add(row)


def _dimensions(day_column) -> list:
    return [Response.journey_id, Response.stage_id, func.coalesce(Response.touchpoint_id, literal_column("0")),
            func.coalesce(Response.persona_id, literal_column("0")), day_column]


def rebuild_theme_rollups(session: Session, since: datetime | None, day_column) -> None:
    """Recount themes from the theme index in one INSERT … SELECT (no rows through Python)."""
    session.exec(delete(ThemeRollup).where(*([] if since is None else [ThemeRollup.day >= since.date()])))
    dimensions = [*_dimensions(day_column), ResponseTheme.theme]
    query = (select(*dimensions, func.sum(case((ResponseTheme.label == "negative", 1), else_=0)), func.count())
             .select_from(ResponseTheme).join(Response, Response.id == ResponseTheme.response_id)
             .where(*([] if since is None else [Response.submitted_at >= day_start(since)]))
             .group_by(*dimensions))
    columns = ["journey_id", "stage_id", "touchpoint_id", "persona_id", "day", "theme", "negative", "total"]
    session.exec(insert(ThemeRollup).from_select(columns, query))


def rebuild_rating_rollups(session: Session, since: datetime | None, day_column) -> None:
    """Recount CSAT, CES and NPS totals from the responses in one INSERT … SELECT."""
    session.exec(delete(RatingRollup).where(*([] if since is None else [RatingRollup.day >= since.date()])))
    dimensions = [*_dimensions(day_column), Response.rating_kind]
    top = case(*[((Response.rating_kind == kind) & (Response.rating >= low), 1)
                 for kind, (low, _) in RATING_BANDS.items()], else_=0)
    bottom = case(*[((Response.rating_kind == kind) & (Response.rating <= high), 1)
                    for kind, (_, high) in RATING_BANDS.items()], else_=0)
    query = (select(*dimensions, func.count(), func.sum(Response.rating), func.sum(top), func.sum(bottom))
             .where(Response.rating_kind.in_(RATING_KINDS), Response.rating.is_not(None),
                    *([] if since is None else [Response.submitted_at >= day_start(since)]))
             .group_by(*dimensions))
    columns = ["journey_id", "stage_id", "touchpoint_id", "persona_id", "day", "kind", "answers", "total", "top", "bottom"]
    session.exec(insert(RatingRollup).from_select(columns, query))
