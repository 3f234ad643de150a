"""What the product keeps about customers' choices and rights (UU PDP 27/2022): consent given with an event,
opt-outs by address, erasures done and retention runs. None of these rows holds the erased data itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from feedback_app.common.clock import utcnow


class ConsentRecord(SQLModel, table=True):
    """A customer's consent (or its withdrawal) as an event carried it: the basis the business recorded."""

    __tablename__ = "consent_record"
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="touchpoint_event.id")
    given: bool
    source: str = Field(default="", max_length=200)  # where the customer gave it ("checkout form")
    given_at: datetime  # when the customer gave or withdrew it (the event's `at`, else when it occurred)
    recorded_at: datetime = Field(default_factory=utcnow)


class OptOutAddress(SQLModel, table=True):
    """An e-mail address or phone number that asked not to be surveyed again, whatever external id it comes
    under. Kept as a keyed digest of the normalised address (privacy/addresses.py): enough to honour the opt-out,
    even after an erasure, without holding the address itself."""

    __tablename__ = "opt_out_address"
    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(index=True, unique=True, max_length=64)
    kind: str = Field(max_length=8)  # email | phone
    key_id: str | None = Field(default=None, max_length=16)  # which address key; none: a plain SHA-256 from before
    opted_out_at: datetime = Field(default_factory=utcnow)


class ErasureRecord(SQLModel, table=True):
    """That a customer's personal data was erased: when, by whom, why, and how many rows were touched. It holds
    no identifier of the person."""

    __tablename__ = "erasure_record"
    id: int | None = Field(default=None, primary_key=True)
    erased_at: datetime = Field(default_factory=utcnow, index=True)
    erased_by: str = Field(default="", max_length=320)  # staff e-mail, "cli" or "api key <name>"
    reason: str = Field(default="request", max_length=16)  # request | retention
    counts: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class RetentionRun(SQLModel, table=True):
    """One pass of the retention job: what was older than the limit and has been anonymised."""

    __tablename__ = "retention_run"
    id: int | None = Field(default=None, primary_key=True)
    ran_at: datetime = Field(default_factory=utcnow, index=True)
    cutoff: datetime
    retention_days: int
    answers: int = 0
    events: int = 0
    customers: int = 0
