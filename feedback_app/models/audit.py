"""The audit log: who did what to staff-managed things, and when. Written by the app, never edited by it, except that
an old entry's staff address (`client`) is cleared after FEEDBACK_AUDIT_ADDRESS_DAYS (staff.audit)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class AuditEntry(SQLModel, table=True):
    """One staff action: `actor` is the staff e-mail (None for the command line), `target` what it was done to."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str | None = Field(default=None, index=True, max_length=320)
    action: str = Field(index=True, max_length=64)
    target: str = Field(default="", max_length=500)
    details: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    client: str | None = Field(default=None, max_length=64)  # the staff member's address, or "cli"
