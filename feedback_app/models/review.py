"""What a map review keeps: frozen snapshots of a map, and the CX manager's verdicts on suggestions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class MapSnapshot(SQLModel, table=True):
    """The map JSON as it was at a review, so later reviews compare against what the team saw then."""

    __tablename__ = "map_snapshot"
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    name: str = Field(max_length=200)
    taken_at: datetime = Field(default_factory=utcnow)
    taken_by: str = Field(default="", max_length=320)
    content: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class OpportunityDecision(SQLModel, table=True):
    """A suggested opportunity (a pain point's theme at a stage) that was accepted or dismissed: never suggested again."""

    __tablename__ = "opportunity_decision"
    __table_args__ = (UniqueConstraint("stage_id", "theme"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    stage_id: int = Field(foreign_key="stage.id")
    theme: str = Field(max_length=80)
    decision: str = Field(max_length=16)  # accepted | dismissed
    decided_at: datetime = Field(default_factory=utcnow)
