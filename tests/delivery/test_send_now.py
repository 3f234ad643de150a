"""The outbox's "Send now": a scheduled invitation goes at once, the survey link shows when mail is only logged,
and rows whose link expired or whose customer opted out say so instead of "sent"."""

from datetime import timedelta

import pytest
from helpers import csrf_token, invitation, reconfigure
from sqlalchemy import update
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.delivery.channels import Channels
from feedback_app.delivery.email import EmailSender, LogSender
from feedback_app.delivery.outbox_listing import OutboxFilters, list_invitations
from feedback_app.delivery.send_now import SendRefused, send_now
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.models import AuditEntry, Customer, Invitation, InvitationStatus, Trigger
from feedback_app.storage.database import session_scope


def fresh_event(engine, now, external_id="c-new", occurred=None):
    """An event as the quick start posts it; its invitation waits for the trigger's delay (an hour)."""
    raw = {
        "touchpoint": "order_delivered",
        "occurred_at": (occurred or now).isoformat(),
        "customer": {"external_id": external_id, "email": f"{external_id}@example.com", "locale": "en"},
    }
    with session_scope(engine) as session:
        [result] = ingest_events(session, [parse_event(raw, now)], now, RuleSettings())
    return result["invitations"][0]


def test_send_now_sends_a_waiting_invitation_at_once_even_in_quiet_hours(seeded, smtp_server):
    now = utcnow()
    with session_scope(seeded) as session:
        session.exec(update(Trigger).values(quiet_start="00:00", quiet_end="23:59"))
    planned = fresh_event(seeded, now)
    assert planned["status"] == "scheduled"
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        result = send_now(seeded, planned["id"], Channels.email_only(sender, "cx@example.com"), "http://x", now)
    assert result.sent == 1 and invitation(seeded, planned["id"]).status == InvitationStatus.SENT
    assert [m["To"] for m in smtp_server.messages] == ["c-new@example.com"]
    with pytest.raises(SendRefused):  # sent already: a second click sends nothing
        send_now(seeded, planned["id"], Channels.email_only(LogSender(), "cx@example.com"), "http://x", now)
    assert len(smtp_server.messages) == 1


def test_send_now_never_mails_an_opted_out_customer(seeded):
    now = utcnow()
    planned = fresh_event(seeded, now)
    with session_scope(seeded) as session:
        session.exec(update(Customer).values(opted_out_at=now))
    mail = LogSender()
    result = send_now(seeded, planned["id"], Channels.email_only(mail, "cx@example.com"), "http://x", now)
    assert result.suppressed == 1 and mail.sent == []


def test_the_outbox_offers_send_now_and_shows_the_link_when_mail_is_only_logged(marketer, seeded_app):
    engine = seeded_app.extensions["feedback_engine"]
    reconfigure(seeded_app, smtp_host=None, base_url="http://demo.test")
    planned = fresh_event(engine, utcnow())
    page = marketer.get("/invitations").get_data(as_text=True)
    assert "Send now" in page and "/s/" not in page
    answer = marketer.post(f"/invitations/{planned['id']}/send", data={"csrf_token": csrf_token(page)})
    assert answer.status_code == 302
    page = marketer.get("/invitations").get_data(as_text=True)
    token = invitation(engine, planned["id"]).token
    assert f"Invitation {planned['id']} was sent." in page
    assert f'href="http://demo.test/s/{token}"' in page and "Mail is only logged" in page
    with session_scope(engine) as session:  # who skipped the delay is on the audit log
        [entry] = session.exec(select(AuditEntry).where(AuditEntry.action == "invitation_sent_now")).all()
        assert entry.target == f"invitation {planned['id']}" and entry.actor


def test_send_now_needs_the_form_token(marketer, seeded_app):
    engine = seeded_app.extensions["feedback_engine"]
    planned = fresh_event(engine, utcnow())
    marketer.post(f"/invitations/{planned['id']}/send", data={})
    assert invitation(engine, planned["id"]).status == InvitationStatus.SCHEDULED


def test_rows_of_expired_links_and_opted_out_customers_do_not_say_sent(seeded):
    now = utcnow()
    first, second = fresh_event(seeded, now, "c-late"), fresh_event(seeded, now, "c-gone")
    with session_scope(seeded) as session:
        session.exec(update(Invitation).values(status=InvitationStatus.SENT, sent_at=now))
        session.exec(update(Customer).where(Customer.external_id == "c-gone").values(opted_out_at=now))
    with session_scope(seeded) as session:
        later = list_invitations(session, OutboxFilters(), now + timedelta(days=30)).rows
        today = list_invitations(session, OutboxFilters(), now).rows
    assert {row.invitation.id: row.state for row in later} == {first["id"]: "expired", second["id"]: "expired"}
    assert {row.invitation.id: row.state for row in today} == {first["id"]: "sent", second["id"]: "opted_out"}
