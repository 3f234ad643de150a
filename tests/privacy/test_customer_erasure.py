"""One customer's data exported and erased (UU PDP): the export holds every kind of record; after the erasure no
table, export, map or snapshot holds their e-mail, name or words, the map's counts are unchanged, and the erasure
is recorded and audited. On SQLite and PostgreSQL."""

import json
from datetime import timedelta

import pytest
from helpers import answer
from sqlalchemy import select as select_core
from sqlmodel import SQLModel, select

from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.maps.candidate_themes import candidate_themes
from feedback_app.maps.live_map import build_map
from feedback_app.maps.review import freeze_snapshot
from feedback_app.models import (
    AuditEntry,
    Customer,
    ErasureRecord,
    Invitation,
    Journey,
    MapSnapshot,
    StageOwner,
    Touchpoint,
)
from feedback_app.privacy.customers import CustomerNotFound
from feedback_app.privacy.erasure import erase_customer
from feedback_app.privacy.export import export_customer, export_customers_by_email
from feedback_app.reporting.response_browser import ResponseQuery, export_csv
from feedback_app.storage.database import session_scope

KEY = RuleSettings().address_key  # the key the events below were stored with

SLUG = "katering-sehat"
EMAIL, NAME, PHONE = "siti.pdp@example.com", "Siti Pdp Nurhaliza", "+62 812 5550 1234"
WORDS = "kurir Qwertz telat sekali, makanannya dingin"


def _event(engine, external_id, event_id, when, now, **customer):
    raw = {
        "touchpoint": "order_delivered",
        "event_id": event_id,
        "occurred_at": when.isoformat(),
        "customer": {"external_id": external_id, **customer},
    }
    with session_scope(engine) as session:
        return ingest_events(session, [parse_event(raw, now)], now, RuleSettings())


@pytest.fixture
def siti(seeded_backend, now):
    """A customer with an event (consent, phone, attributes), an answered invitation quoted on the map, in a
    snapshot and in a stage owner's notification."""
    engine = seeded_backend
    with session_scope(engine) as session:
        stage_id = session.exec(select(Touchpoint.stage_id).where(Touchpoint.key == "order_delivered")).first()
        session.add(StageOwner(stage_id=stage_id, email="owner@business.example"))
    consent = {"given": True, "source": "checkout form", "at": (now - timedelta(days=2)).isoformat()}
    customer = {"email": EMAIL, "name": NAME, "phone": PHONE, "consent": consent, "attributes": {"plan": "zq-weekly"}}
    [result] = _event(engine, "pdp-7", "order-pdp-7", now - timedelta(days=1), now, **customer)
    [scheduled] = [inv["id"] for inv in result["invitations"] if inv["status"] == "scheduled"]
    for other in range(3):  # others whose words the map keeps quoting
        [r] = _event(
            engine, f"other-{other}", f"order-o-{other}", now - timedelta(days=1), now, email=f"o{other}@example.com"
        )
        [oid] = [inv["id"] for inv in r["invitations"] if inv["status"] == "scheduled"]
        answer(engine, oid, 1, f"kurir Qwertz telat lagi nomor {other}", now, rating=1)
    answer(engine, scheduled, 1, WORDS, now, rating=1)
    with session_scope(engine) as session:
        freeze_snapshot(session, SLUG, "Before the erasure", now)
    return engine


def _everything(engine) -> str:
    """Every row of every table, as text (JSON columns included)."""
    with session_scope(engine) as session:
        rows = [session.execute(select_core(table)).all() for table in SQLModel.metadata.sorted_tables]
    return json.dumps([[list(map(str, row)) for row in table] for table in rows], ensure_ascii=False)


def _counts(journey_map: dict) -> list:
    return [
        (s["key"], s["emotion"]["responses"], s["emotion"]["score"], [(p["key"], p["count"]) for p in s["pain_points"]])
        for s in journey_map["stages"]
    ]


def test_the_export_holds_every_kind_of_record(siti, now):
    with session_scope(siti) as session:
        document = export_customer(session, "pdp-7", now, address_key=KEY, actor="dpo@business.example")
    assert document["customer"]["email"] == EMAIL and document["customer"]["phone"] == PHONE
    assert document["customer"]["attributes"] == {"plan": "zq-weekly"}
    assert document["events"][0]["payload"]["customer"]["name"] == NAME
    assert {inv["status"] for inv in document["invitations"]} >= {"answered"}
    [answered] = document["answers"]
    assert answered["text"] == WORDS and answered["face"] == 1 and answered["scores"]["label"] == "negative"
    assert document["consent"][0]["given"] is True and document["consent"][0]["source"] == "checkout form"
    assert document["opt_out"] == {"opted_out_at": None, "addresses_opted_out": []}
    assert document["notifications"] and document["notifications"][0]["channel"] == "email"
    with session_scope(siti) as session:
        by_email = export_customers_by_email(session, EMAIL.upper(), now, address_key=KEY)
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "customer_exported")).all()
    assert [c["customer"]["external_id"] for c in by_email["customers"]] == ["pdp-7"]
    assert audit[0].actor == "dpo@business.example" and EMAIL not in audit[0].target


def test_after_the_erasure_nothing_holds_their_data_and_the_map_counts_stay(siti, now):
    assert EMAIL in _everything(siti) and WORDS in _everything(siti)
    with session_scope(siti) as session:
        before = build_map(session, SLUG)
    assert WORDS in json.dumps(before)
    with session_scope(siti) as session:
        record = erase_customer(session, "pdp-7", now, actor="dpo@business.example", client="test")
        record_id = record.id
    everything = _everything(siti)
    for held in (EMAIL, NAME, PHONE, WORDS, "pdp-7", "checkout form", "zq-weekly"):
        assert held not in everything, held
    with session_scope(siti) as session:
        after = build_map(session, SLUG)
        snapshots = json.dumps([s.content for s in session.exec(select(MapSnapshot))], ensure_ascii=False)
        candidates = candidate_themes(session, _journey_id(session))
        erasure = session.get(ErasureRecord, record_id)
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "customer_erased")).all()
    assert _counts(after) == _counts(before)
    assert WORDS not in json.dumps(after) and "kurir Qwertz telat lagi nomor 0" in json.dumps(after)
    assert all(WORDS not in q for c in candidates for q in c.quotes)
    assert erasure.erased_by == "dpo@business.example" and erasure.counts["answers"] == 1
    assert entry.actor == "dpo@business.example" and entry.details["erasure_record"] == record_id
    assert "kurir Qwertz telat lagi nomor 2" in snapshots  # the others' words stay in the snapshot


def _journey_id(session):
    return session.exec(select(Journey.id).where(Journey.slug == SLUG)).one()


def test_an_erased_customer_is_neither_exported_nor_erased_again(siti, now):
    with session_scope(siti) as session:
        erase_customer(session, "pdp-7", now, actor=None, client="cli")
    for attempt in (
        lambda s: export_customer(s, "pdp-7", now, address_key=KEY),
        lambda s: erase_customer(s, "pdp-7", now, actor=None, client="cli"),
        lambda s: export_customers_by_email(s, EMAIL, now, address_key=KEY),
        lambda s: export_customer(s, "", now, address_key=KEY),
        lambda s: export_customer(s, "x" * 500, now, address_key=KEY),
    ):
        with pytest.raises(CustomerNotFound, match="never received, or its data has been erased"):
            with session_scope(siti) as session:
                attempt(session)


def test_a_later_event_for_an_erased_customer_starts_fresh(siti, now):
    with session_scope(siti) as session:
        erase_customer(session, "pdp-7", now, actor=None, client="cli")
    _event(siti, "pdp-7", "order-pdp-7-later", now, now + timedelta(days=30), email="baru@example.com")
    with session_scope(siti) as session:
        document = export_customer(session, "pdp-7", now + timedelta(days=30), address_key=KEY)
        customers = session.exec(select(Customer).where(Customer.erased_at.is_not(None))).all()
    assert document["customer"]["email"] == "baru@example.com" and document["customer"]["name"] is None
    assert [e["event_id"] for e in document["events"]] == ["order-pdp-7-later"]
    assert document["answers"] == [] and document["consent"] == []
    assert len(customers) == 1 and customers[0].external_id.startswith("erased-")


def test_an_erased_customers_open_links_close(siti, now):
    with session_scope(siti) as session:
        ids = [i.id for i in session.exec(select(Invitation).join(Customer).where(Customer.external_id == "pdp-7"))]
        erase_customer(session, "pdp-7", now, actor=None, client="cli")
        invitations = [session.get(Invitation, i) for i in ids]
    assert all(i.expires_at <= now and i.last_error is None for i in invitations)


def test_the_answers_export_holds_no_erased_words(siti, now):
    with session_scope(siti) as session:
        erase_customer(session, "pdp-7", now, actor=None, client="cli")
    with session_scope(siti) as session:
        rows = "".join(export_csv(session, ResponseQuery(journey=SLUG)))
    assert WORDS not in rows and "kurir Qwertz telat lagi nomor 1" in rows
