"""Customers (known by the business system's id) and the touchpoint events it posts about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class Customer(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(index=True, unique=True, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    locale: str = Field(default="id", max_length=8)
    timezone: str = Field(default="Asia/Jakarta", max_length=64)
    attributes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    persona_id: int | None = Field(default=None, foreign_key="persona.id")
    opted_out_at: datetime | None = None
    consent_given: bool | None = None  # the latest consent an event carried (consent_record keeps each one)
    erased_at: datetime | None = None  # personal data erased: the row stays only so counts and links hold
    created_at: datetime = Field(default_factory=utcnow)


class TouchpointEvent(SQLModel, table=True):
    __tablename__ = "touchpoint_event"
    id: int | None = Field(default=None, primary_key=True)
    event_id: str | None = Field(default=None, index=True, unique=True, max_length=200)
    journey_id: int = Field(foreign_key="journey.id", index=True)
    touchpoint_id: int = Field(foreign_key="touchpoint.id", index=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    occurred_at: datetime
    received_at: datetime = Field(default_factory=utcnow)
    payload: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # What the API answered when the event was stored; a replay of its event_id gets the same answer.
    answer: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    anonymised_at: datetime | None = None  # payload emptied (erasure or retention)
