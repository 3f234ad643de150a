"""A journey's own pain-point and praise themes, beside the scorer's built-in taxonomy (CX teams add them,
often from the candidate themes that recurring answers suggest)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class JourneyTheme(SQLModel, table=True):
    """One theme: a language-independent key, a label in both languages, whether it is a complaint (-1),
    a praise (1) or a topic (0), and the words and phrases that name it, in either language."""

    __tablename__ = "journey_theme"
    __table_args__ = (UniqueConstraint("journey_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    key: str = Field(max_length=60)
    label_en: str = Field(max_length=80)
    label_id: str = Field(max_length=80)
    polarity: int = 0
    terms: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class RescoreRequest(SQLModel, table=True):
    """A CX manager asked for a journey's earlier answers to be read again with its current themes; the
    scheduler works through them in batches and removes the request when none is left."""

    __tablename__ = "rescore_request"
    id: int | None = Field(default=None, primary_key=True)
    journey_id: int = Field(foreign_key="journey.id", unique=True)
    requested_at: datetime = Field(default_factory=utcnow)
    requested_by: str = Field(default="", max_length=320)
