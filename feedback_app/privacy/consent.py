"""Consent as events carry it (`customer.consent`: given or withdrawn, where, when): checked with the event,
stored as one consent record per event that carries it, and read back for the customer's export."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, select

from feedback_app.common.clock import iso, parse_iso
from feedback_app.common.texts import N_
from feedback_app.models import ConsentRecord

CONSENT_FIELDS = {"given", "source", "at"}


class ConsentError(ValueError):
    """`customer.consent` is malformed: `field` names the part, `reason` says why (a translatable message)."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


def parse_consent(value: Any) -> dict | None:
    """`{"given": true, "source": "checkout form", "at": "2026-03-17T09:30:00+07:00"}` -> the same, checked
    (`at` as ISO text, `source` at most 200 characters); None when the event carries no consent."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("given"), bool):
        raise ConsentError("customer.consent", N_("must be an object with 'given': true or false"))
    unknown = sorted(set(value) - CONSENT_FIELDS)
    if unknown:
        raise ConsentError(f"customer.consent.{unknown[0]}", N_("is not a consent field (given, source, at)"))
    source = value.get("source") or ""
    if not isinstance(source, str) or len(source) > 200:
        raise ConsentError("customer.consent.source", N_("must be a text of at most 200 characters"))
    at = value.get("at")
    if at is not None:
        try:
            at = iso(parse_iso(at))
        except (TypeError, ValueError):
            raise ConsentError(
                "customer.consent.at", N_("must be an ISO 8601 date-time, e.g. 2026-03-17T09:30:00+07:00")
            ) from None
    return {"given": value["given"], "source": source.strip(), "at": at}


def record_consents(session: Session, consents: list[tuple[int, int, dict, datetime]], now: datetime) -> None:
    """One consent record per (customer id, event row id, checked consent, the event's time) (few events carry one)."""
    rows = [
        {
            "customer_id": customer_id,
            "event_id": event_id,
            "given": consent["given"],
            "source": consent["source"],
            "given_at": parse_iso(consent["at"]) if consent["at"] else occurred_at,
            "recorded_at": now,
        }
        for customer_id, event_id, consent, occurred_at in consents
    ]
    if rows:
        session.connection().execute(insert(ConsentRecord.__table__), rows)


def consent_history(session: Session, customer_id: int) -> list[dict]:
    """The customer's consent records, oldest first, as the export shows them."""
    records = session.exec(
        select(ConsentRecord).where(ConsentRecord.customer_id == customer_id).order_by(ConsentRecord.id)
    )
    return [
        {"given": r.given, "source": r.source, "given_at": iso(r.given_at), "recorded_at": iso(r.recorded_at)}
        for r in records
    ]
