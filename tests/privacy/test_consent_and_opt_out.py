"""Consent and purpose: events carry consent (stored as records), triggers can require it, an opt-out follows the
person's e-mail address and phone number across external ids, and only what is needed of an event is kept.
On SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from helpers import invitation
from sqlmodel import select

from feedback_app.invitations.events import EventError, ingest_events, parse_event
from feedback_app.invitations.opt_out import opt_out
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import ConsentRecord, Customer, OptOutAddress, TouchpointEvent, Trigger
from feedback_app.privacy.addresses import address_digest, opt_out_addresses, recorded_under_other_keys, unkeyed_digest
from feedback_app.storage.database import session_scope


def _post(engine, now, external_id, settings=RuleSettings(), **fields):
    customer = {"external_id": external_id, **fields.pop("customer", {})}
    raw = {"touchpoint": "order_delivered", "occurred_at": (now - timedelta(hours=2)).isoformat(), "customer": customer}
    with session_scope(engine) as session:
        [result] = ingest_events(session, [parse_event({**raw, **fields}, now)], now, settings)
    return result["invitations"]


def _require_consent(engine):
    with session_scope(engine) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.require_consent = True
            session.add(trigger)


def test_a_trigger_that_requires_consent_asks_only_those_who_gave_it(seeded_backend, now):
    _require_consent(seeded_backend)
    given = {"given": True, "source": "checkout form", "at": "2026-03-10T08:00:00+07:00"}
    [without] = _post(seeded_backend, now, "k-1", customer={"email": "k1@example.com"})
    [withdrawn] = _post(seeded_backend, now, "k-2", customer={"email": "k2@example.com", "consent": {"given": False}})
    [with_consent] = _post(seeded_backend, now, "k-3", customer={"email": "k3@example.com", "consent": given})
    assert (without["status"], without["reason"]) == ("suppressed", "no_consent")
    assert (withdrawn["status"], withdrawn["reason"]) == ("suppressed", "no_consent")
    assert with_consent["status"] == "scheduled"
    with session_scope(seeded_backend) as session:
        records = session.exec(select(ConsentRecord).order_by(ConsentRecord.id)).all()
    assert [(r.given, r.source) for r in records] == [(False, ""), (True, "checkout form")]
    assert records[1].given_at.isoformat().startswith("2026-03-10T01:00")


@pytest.mark.parametrize(
    "consent, field",
    [
        ("yes", "customer.consent"),
        ({"given": "yes"}, "customer.consent"),
        ({"given": True, "at": "last week"}, "customer.consent.at"),
        ({"given": True, "why": "x"}, "customer.consent.why"),
    ],
)
def test_bad_consent_is_named(consent, field, now):
    with pytest.raises(EventError) as caught:
        parse_event({"touchpoint": "t", "customer": {"external_id": "x", "consent": consent}}, now)
    assert caught.value.errors[0]["field"] == field


def test_an_opted_out_address_is_not_invited_under_another_external_id(seeded_backend, now):
    [first] = _post(seeded_backend, now, "p-1", customer={"email": "Putri@Example.com", "phone": "0812-555-0001"})
    with session_scope(seeded_backend) as session:
        opt_out(session, invitation(seeded_backend, first["id"]).token, now, RuleSettings().address_key)
    later = now + timedelta(days=30)
    [same_email] = _post(seeded_backend, later, "p-2", customer={"email": "putri@example.com"})
    [same_phone] = _post(
        seeded_backend, later, "p-3", customer={"email": "lain@example.com", "phone": "+62812555 0001"}
    )
    [someone_else] = _post(seeded_backend, later, "p-4", customer={"email": "other@example.com"})
    assert (same_email["status"], same_email["reason"]) == ("suppressed", "opted_out")
    assert (same_phone["status"], same_phone["reason"]) == ("suppressed", "opted_out")
    assert someone_else["status"] == "scheduled"
    with session_scope(seeded_backend) as session:
        digests = session.exec(select(OptOutAddress.kind)).all()
    assert sorted(digests) == ["email", "phone"]


def test_an_opt_out_also_cancels_what_is_scheduled_under_the_other_ids(seeded_backend, now):
    [first] = _post(seeded_backend, now, "q-1", customer={"email": "q@example.com"})
    [second] = _post(seeded_backend, now, "q-2", customer={"email": "Q@example.com"})
    with session_scope(seeded_backend) as session:
        opt_out(session, invitation(seeded_backend, first["id"]).token, now, RuleSettings().address_key)
    assert (invitation(seeded_backend, second["id"]).status, invitation(seeded_backend, second["id"]).reason) == (
        "suppressed",
        "opted_out",
    )


def test_unknown_event_fields_are_kept_only_when_the_setting_says_so(seeded_backend, now):
    _post(seeded_backend, now, "u-1", customer={"email": "u@example.com"}, order_total=125000, ip="10.0.0.1")
    keep = RuleSettings(keep_unknown_event_fields=True)
    _post(seeded_backend, now, "u-2", keep, customer={"email": "u2@example.com"}, order_total=99)
    with session_scope(seeded_backend) as session:
        payloads = [e.payload for e in session.exec(select(TouchpointEvent).order_by(TouchpointEvent.id))]
    assert "order_total" not in payloads[-2] and "ip" not in payloads[-2]
    assert payloads[-2]["customer"]["email"] == "u@example.com"
    assert payloads[-1]["order_total"] == 99


def test_no_table_has_a_column_for_ip_addresses_or_user_agents_of_customers():
    from sqlmodel import SQLModel

    customer_tables = {"customer", "touchpoint_event", "invitation", "response", "consent_record", "opt_out_address"}
    columns = [
        f"{table.name}.{column.name}"
        for table in SQLModel.metadata.sorted_tables
        if table.name in customer_tables
        for column in table.columns
        if any(word in column.name for word in ("ip", "agent", "remote", "address"))
    ]
    assert columns == []


def test_an_opt_out_is_kept_as_a_keyed_digest_and_a_new_key_is_noticed(seeded_backend, now):
    """A copy of the database alone cannot tell whether a known address opted out (no plain SHA-256 of it); a
    changed key stops matching, and recorded_under_other_keys (what init-db warns with) counts what it strands."""
    keyed = RuleSettings(address_key="key-one")
    [first] = _post(seeded_backend, now, "k-1", keyed, customer={"email": "kunci@example.com"})
    with session_scope(seeded_backend) as session:
        opt_out(session, invitation(seeded_backend, first["id"]).token, now, "key-one")
    with session_scope(seeded_backend) as session:
        [row] = session.exec(select(OptOutAddress).where(OptOutAddress.kind == "email")).all()
        assert row.digest != unkeyed_digest("email", "kunci@example.com") and row.key_id
        assert recorded_under_other_keys(session, "key-one") == 0
        assert recorded_under_other_keys(session, "key-two") == 1
    later = now + timedelta(days=30)
    [same_key] = _post(seeded_backend, later, "k-2", keyed, customer={"email": "kunci@example.com"})
    [new_key] = _post(
        seeded_backend, later, "k-3", RuleSettings(address_key="key-two"), customer={"email": "kunci@example.com"}
    )
    assert (same_key["status"], same_key["reason"]) == ("suppressed", "opted_out")
    assert new_key["status"] == "scheduled"  # why init-db warns: the old key's opt-outs no longer match


def test_an_opt_out_recorded_before_the_key_still_holds_and_is_rekeyed(seeded_backend, now):
    """Rows from before the key are plain SHA-256 digests (key_id NULL): they still suppress, and when the address
    opts out again they take the keyed digest and keep their first moment."""
    before = now - timedelta(days=90)
    with session_scope(seeded_backend) as session:
        session.add(
            OptOutAddress(digest=unkeyed_digest("email", "lama@example.com"), kind="email", opted_out_at=before)
        )
    keyed = RuleSettings(address_key="key-one")
    [first] = _post(seeded_backend, now, "old-1", keyed, customer={"email": "Lama@example.com"})
    assert (first["status"], first["reason"]) == ("suppressed", "opted_out")
    with session_scope(seeded_backend) as session:
        customer = session.exec(select(Customer).where(Customer.external_id == "old-1")).one()
        opt_out_addresses(session, customer, now, "opted_out", "key-one")
    with session_scope(seeded_backend) as session:
        [row] = session.exec(select(OptOutAddress).where(OptOutAddress.kind == "email")).all()
    assert row.digest == address_digest("email", "lama@example.com", "key-one") and row.key_id is not None
    assert row.opted_out_at.replace(tzinfo=before.tzinfo) == before
