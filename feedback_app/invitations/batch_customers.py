"""The customers of an event batch: the stored ones read in one look-up, new ones inserted and changed ones
updated in bulk. Each event keeps its customer as it left it, so a customer's second event in the batch sees
the first one's changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlmodel import Session

from feedback_app.invitations.batch_rows import column_defaults, in_chunks, insert_all, reserve_ids
from feedback_app.invitations.planned_event import PlannedEvent
from feedback_app.models import Customer

CUSTOMER_FIELDS = ("email", "name", "phone", "locale", "timezone", "attributes", "consent_given")


def apply_customers(session: Session, fresh: list[PlannedEvent], now: datetime) -> list[int]:
    """Upsert the batch's customers; each event keeps a snapshot of its customer as it left it (shared
    with the next events of that customer until one changes a field). Returns the ids known before."""
    stored = _stored_customers(session, sorted({p.event.external_id for p in fresh}))
    defaults, latest, changed = {**column_defaults(Customer), "created_at": now, "id": None}, {}, set()
    for p in fresh:
        key = p.event.external_id
        state = latest.get(key) or stored.get(key) or {**defaults, "external_id": key}
        update = {
            name: value
            for name, value in p.event.customer.items()
            if value is not None and name in CUSTOMER_FIELDS and value != state[name]
        }
        if update:
            state = {**state, **update}
            changed.add(key)
        latest[key] = p.customer = state
    new = [state for state in latest.values() if state["id"] is None]
    for state, new_id in zip(new, reserve_ids(session, Customer, len(new))):
        state["id"] = new_id
    insert_all(session, Customer, new)
    _update_customers(session, [latest[key] for key in changed if key in stored])
    for p in fresh:
        p.customer["id"] = latest[p.event.external_id]["id"]
    return [state["id"] for state in stored.values()]


def _stored_customers(session: Session, external_ids: list[str]) -> dict[str, dict]:
    columns = [
        Customer.id,
        Customer.external_id,
        Customer.persona_id,
        Customer.opted_out_at,
        *(getattr(Customer, name) for name in CUSTOMER_FIELDS),
    ]
    query = select(*columns).where(Customer.external_id.in_(bindparam("keys", expanding=True)))
    stored = {}
    for chunk in in_chunks(external_ids):
        for row in session.connection().execute(query, {"keys": chunk}).mappings():
            stored[row["external_id"]] = dict(row)
    return stored


def _update_customers(session: Session, states: list[dict]) -> None:
    if states:
        table = Customer.__table__
        statement = (
            update(table)
            .where(table.c.id == bindparam("key"))
            .values({name: bindparam(name) for name in CUSTOMER_FIELDS})
        )
        session.connection().execute(
            statement, [{"key": s["id"], **{n: s[n] for n in CUSTOMER_FIELDS}} for s in states]
        )
