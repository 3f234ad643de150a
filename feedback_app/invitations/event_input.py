"""One touchpoint event's shape: parse and bound every field, naming the first bad one; a batch is all or none."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedback_app.common.bounded_input import EARLIEST_MOMENT, value_problem
from feedback_app.common.clock import MomentOutOfRange, parse_iso
from feedback_app.common.header_text import has_control_characters
from feedback_app.common.texts import N_, Text
from feedback_app.privacy.consent import ConsentError, parse_consent

MAX_BATCH = 1000
EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ().-]{5,30}$")
MAX_FUTURE = timedelta(days=1)  # clock skew we tolerate on occurred_at


class EventError(ValueError):
    """A bad event: `status` is the HTTP status, `errors` says which event and field, and why. The API answers
    in English; the CSV import page translates `text` (a texts.Text where a row's problem is named)."""

    def __init__(self, message: str, status: int = 422, errors: list[dict] | None = None):
        super().__init__(message)
        self.text = message
        self.status = status
        self.errors = errors or []


@dataclass
class EventInput:
    touchpoint: str
    external_id: str
    customer: dict
    event_id: str | None
    occurred_at: datetime
    journey: str | None
    extra: dict = field(default_factory=dict)


def parse_event(raw: Any, now: datetime, storable: bool = False) -> EventInput:
    """Check one event's shape; raise EventError naming the first bad field. `storable`: the caller knows no value
    holds a NUL, a lone surrogate or a non-finite number (common.bounded_input.JSONBody), so that check is skipped."""
    if not isinstance(raw, dict):
        raise EventError(Text(N_("an event must be a JSON object")))
    unstorable = None if storable else value_problem(raw)  # refused before any field is read
    if unstorable:
        where, why = unstorable
        raise _field_error(where, why.message, **why.params)
    touchpoint = _text(raw, "touchpoint", required=True, limit=80)
    customer = raw.get("customer")
    if not isinstance(customer, dict):
        raise EventError(
            Text(N_("'customer' is required and must be an object with 'external_id'")), errors=[{"field": "customer"}]
        )
    external_id = _text(customer, "external_id", required=True, limit=200, prefix="customer.")
    clean = {"external_id": external_id} | _mail_fields(customer)
    clean.update(_phone_and_consent(customer))
    clean["locale"] = _locale(customer.get("locale"))
    clean["timezone"] = _timezone(customer.get("timezone"))
    clean["attributes"] = _attributes(customer.get("attributes"))
    occurred_at = now
    if raw.get("occurred_at") is not None:
        occurred_at = _occurred_at(raw["occurred_at"], now)
    known = {"touchpoint", "customer", "event_id", "occurred_at", "journey"}
    return EventInput(
        touchpoint=touchpoint,
        external_id=external_id,
        customer=clean,
        event_id=_text(raw, "event_id", limit=200),
        occurred_at=occurred_at,
        journey=_text(raw, "journey", limit=80),
        extra={k: v for k, v in raw.items() if k not in known},
    )


def _mail_fields(customer: dict) -> dict:
    """The customer's e-mail and name, each one line: they go into the invitation's mail headers."""
    email = _text(customer, "email", limit=320, prefix="customer.")
    if email is not None and not EMAIL_PATTERN.match(email):
        raise _field_error("customer.email", N_("is not an e-mail address"))
    fields = {"email": email, "name": _text(customer, "name", limit=200, prefix="customer.")}
    for name, value in fields.items():
        if has_control_characters(value):
            raise _field_error(f"customer.{name}", N_("must be one line: no line breaks or control characters"))
    return fields


def _occurred_at(value: Any, now: datetime) -> datetime:
    """The event's moment, from 2000-01-01 to a day from now (clock skew); earlier or later is a typo."""
    try:
        occurred_at = parse_iso(value)
    except MomentOutOfRange:
        occurred_at = None
    except ValueError:
        raise _field_error("occurred_at", N_("must be an ISO 8601 date-time, e.g. 2026-03-17T09:30:00+07:00")) from None
    if occurred_at is None or occurred_at < EARLIEST_MOMENT:
        raise _field_error("occurred_at", N_("must lie between 2000-01-01 and a day from now"))
    if occurred_at > now + MAX_FUTURE:
        raise _field_error("occurred_at", N_("lies more than a day in the future"))
    return occurred_at


def _phone_and_consent(customer: dict) -> dict:
    """The customer's phone number (opt-outs follow it) and the consent the event carries, checked."""
    phone = _text(customer, "phone", limit=32, prefix="customer.")
    if phone is not None and not PHONE_PATTERN.match(phone):
        raise _field_error("customer.phone", N_("is not a phone number (digits, optionally starting with +)"))
    try:
        consent = parse_consent(customer.get("consent"))
    except ConsentError as exc:
        raise _field_error(exc.field, exc.reason) from None
    return {"phone": phone, "consent": consent, "consent_given": consent["given"] if consent else None}


def _field_error(name: str, reason: str, **params) -> EventError:
    why = Text(reason, **params)
    return EventError(
        Text(N_("'%(field)s' %(reason)s"), field=name, reason=why), errors=[{"field": name, "error": why}]
    )


def _text(obj: dict, name: str, required: bool = False, limit: int = 200, prefix: str = "") -> str | None:
    value = obj.get(name)
    if value is None:
        if required:
            raise _field_error(prefix + name, N_("is required"))
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and name in ("external_id", "event_id"):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise _field_error(prefix + name, N_("must be a non-empty string"))
    if len(value) > limit:
        raise _field_error(prefix + name, N_("is longer than %(max)d characters"), max=limit)
    return value.strip()


def _locale(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _field_error("customer.locale", N_("must be 'id' or 'en'"))
    language = value.strip().lower().replace("_", "-").split("-")[0]
    if language in ("id", "in"):
        return "id"
    if language == "en":
        return "en"
    raise _field_error("customer.locale", N_("must be 'id' (Indonesian) or 'en' (English)"))


def _timezone(value: Any) -> str | None:
    if value is None:
        return None
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise _field_error("customer.timezone", N_("must be an IANA time zone such as Asia/Jakarta")) from None
    return str(value)


def _attributes(value: Any) -> dict | None:
    if value is None:
        return None
    if not isinstance(value, dict) or len(value) > 50:
        raise _field_error("customer.attributes", N_("must be an object of at most 50 fields"))
    for key, item in value.items():
        if not isinstance(item, (str, int, float, bool)) and item is not None:
            raise _field_error(f"customer.attributes.{key}", N_("must be a string, number, boolean or null"))
    return value


def parse_batch(body: Any, now: datetime, storable: bool = False) -> tuple[list[EventInput], bool]:
    """An object or an array of up to MAX_BATCH objects; all or none are accepted (`storable`: as parse_event)."""
    single = isinstance(body, dict)
    items = [body] if single else body
    if not isinstance(items, list):
        raise EventError("the body must be an event object or an array of events", status=400)
    if not items:
        raise EventError("the array of events is empty")
    if len(items) > MAX_BATCH:
        raise EventError(f"at most {MAX_BATCH} events per call; this call has {len(items)}", status=413)
    events, errors = [], []
    for index, item in enumerate(items):
        try:
            events.append(parse_event(item, now, storable))
        except EventError as exc:
            errors.append(
                {"index": index, "error": exc.text, **({"field": exc.errors[0]["field"]} if exc.errors else {})}
            )
    if errors:
        summary = errors[0]["error"] if single else f"{len(errors)} of {len(items)} events are invalid; none was stored"
        raise EventError(summary, errors=errors)
    return events, single
