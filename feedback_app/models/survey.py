"""Questionnaires loaded from the files in surveys/ (the files are the source; rows are a copy)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow

QUESTION_KINDS = ("face", "csat", "ces", "nps", "text")


class Questionnaire(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True, max_length=80)
    stage: str = Field(max_length=80)
    title: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    intro: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_file: str = ""
    checksum: str = Field(default="", max_length=64)
    loaded_at: datetime = Field(default_factory=utcnow)


class Question(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    questionnaire_id: int = Field(foreign_key="questionnaire.id", index=True)
    key: str = Field(max_length=80)
    kind: str = Field(max_length=16)
    position: int = 0
    required: bool = True
    prompt: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    labels: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
