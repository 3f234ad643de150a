"""Rollups the dashboards and the pain-point lane read: themes and ratings per stage, touchpoint, persona, day.

They sit beside `stage_rollup` and are kept in the answer's transaction by `rollups.add_response`, so no
page ever groups the response table itself.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Index
from sqlmodel import Field, SQLModel


class _RollupKey(SQLModel):
    """Where and when the counted answers were given (0: no touchpoint / no persona)."""

    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id")
    stage_id: int = Field(foreign_key="stage.id")
    touchpoint_id: int = Field(default=0)
    persona_id: int = Field(default=0)
    day: date


class _ThemeCounts(_RollupKey):
    theme: str = Field(max_length=80)
    negative: int = 0
    total: int = 0


class ThemeRollup(_ThemeCounts, table=True):
    """How many answers named a theme, and how many of those were negative (the pain-point lane)."""

    __tablename__ = "theme_rollup"
    __table_args__ = (
        Index("ux_theme_rollup_key", "stage_id", "touchpoint_id", "persona_id", "day", "theme", unique=True),
        Index("ix_theme_rollup_journey_day", "journey_id", "day"),
    )


class RatingRollup(_RollupKey, table=True):
    """Totals of one rating kind (csat, ces, nps): enough for CSAT %, mean CES and NPS without a scan."""

    __tablename__ = "rating_rollup"
    __table_args__ = (
        Index("ux_rating_rollup_key", "stage_id", "touchpoint_id", "persona_id", "day", "kind", unique=True),
        Index("ix_rating_rollup_journey_day", "journey_id", "day"),
    )
    kind: str = Field(max_length=8)
    answers: int = 0
    total: int = 0  # sum of the ratings (CES mean = total / answers)
    top: int = 0  # NPS promoters (9-10), CSAT satisfied (4-5), CES easy (6-7)
    bottom: int = 0  # NPS detractors (0-6), CSAT unsatisfied (1-2), CES hard (1-2)


class ThemeMonthRollup(_ThemeCounts, table=True):
    """ThemeRollup summed per calendar month (`day` is the 1st): a year-long map reads ~12 rows per key, not ~365."""

    __tablename__ = "theme_month_rollup"
    __table_args__ = (
        Index("ux_theme_month_rollup_key", "stage_id", "touchpoint_id", "persona_id", "day", "theme", unique=True),
    )
