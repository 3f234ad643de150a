"""A line break in a customer's name or address would end up in the invitation's mail headers: the edge refuses
it (API 422, CSV row error) and the mail builder sends a row stored before that rule as one line, over real SMTP."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from helpers import invitation, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.common.header_text import one_line
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.invitations.csv_import import import_events
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import Customer, InvitationStatus
from feedback_app.storage.database import session_scope

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
INJECTED = "Rina\r\nBcc: everyone@evil.example"


def post(client, key, customer: dict):
    event = {"touchpoint": "order_delivered", "customer": {"external_id": "c-crlf", **customer}}
    return client.post("/api/v1/events", json=event, headers={"Authorization": f"Bearer {key}"})


def stored_customer(engine, external_id: str):
    with session_scope(engine) as session:
        return session.exec(select(Customer).where(Customer.external_id == external_id)).first()


@pytest.mark.parametrize(
    "customer, field",
    [
        ({"name": INJECTED}, "customer.name"),
        ({"name": "Rina\nSubject: hi"}, "customer.name"),
        ({"name": "Rina\u2028Bcc: x@evil.example"}, "customer.name"),
        ({"name": "Rina\x0bx"}, "customer.name"),
        ({"email": "rina@example.com\r\nBcc: everyone@evil.example"}, "customer.email"),
    ],
)
def test_the_event_api_refuses_a_line_break_in_a_header_field(seeded_app, app_engine, api_key, customer, field):
    response = post(seeded_app.test_client(), api_key, customer)
    assert response.status_code == 422
    body = response.get_json()
    assert field in body["error"]
    assert stored_customer(app_engine, "c-crlf") is None


def test_a_plain_name_still_passes(seeded_app, app_engine, api_key):
    assert (
        post(seeded_app.test_client(), api_key, {"name": "Rina Wulandari", "email": "rina@example.com"}).status_code
        == 202
    )


def test_the_csv_import_refuses_the_row_and_names_the_column(seeded):
    csv = (
        "touchpoint,event_id,customer_external_id,customer_email,customer_name\n"
        'order_delivered,e-1,c-1,rina@example.com,"Rina\r\nBcc: everyone@evil.example"\n'
        "order_delivered,e-2,c-2,budi@example.com,Budi\n"
    )
    report = import_events(lambda: session_scope(seeded), io.BytesIO(csv.encode()), utcnow(), RuleSettings())
    assert [(error.row, error.column) for error in report.errors] == [(2, "customer_name")]
    assert "line breaks" in report.errors[0].error
    assert report.stored == 1 and stored_customer(seeded, "c-1") is None


def test_an_invitation_stored_with_a_line_break_is_mailed_as_one_line(seeded, smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW, locale="en")
    with session_scope(seeded) as session:  # as stored before names were checked at the edge
        customer = session.get(Customer, invitation(seeded, invitation_id).customer_id)
        customer.name = INJECTED
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        result = dispatch_pass(seeded, sender, "https://feedback.example.com", "cx@example.com", NOW)
    assert result.sent == 1 and invitation(seeded, invitation_id).status == InvitationStatus.SENT
    [mail] = smtp_server.messages
    assert mail["Bcc"] is None and "\n" not in mail["Subject"]
    assert "Rina Bcc: everyone@evil.example" in mail["Subject"]


def test_one_line_flattens_every_control_character():
    assert one_line("a\r\nb\tc\x00d\x85e\u2029f  g") == "a b c d e f g"
    assert one_line(None) == ""
