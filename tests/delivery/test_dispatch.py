"""Dispatch passes against a real local SMTP server: claim, send, retry, lease, overlap."""

import threading
from datetime import UTC, datetime, timedelta

from helpers import claim_concurrently, invitation, schedule_invitations
from sqlmodel import select

from feedback_app.delivery.dispatch import claim_due_invitations, dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.delivery.outbox import OutboxLimits
from feedback_app.models import InvitationStatus

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
BASE = "https://feedback.example.com"


def run_pass(engine, smtp, now=NOW, **kwargs):
    with EmailSender(smtp.host, smtp.port) as sender:
        return dispatch_pass(engine, sender, BASE, "cx@example.com", now, **kwargs)


def test_a_pass_sends_due_invitations_in_the_customers_language(seeded, smtp_server):
    [first] = schedule_invitations(seeded, 1, NOW, locale="id")
    [second] = schedule_invitations(seeded, 1, NOW, locale="en", prefix="en")
    result = run_pass(seeded, smtp_server)
    assert (result.claimed, result.sent) == (2, 2)
    by_to = {m["To"]: m for m in smtp_server.messages}
    indonesian, english = by_to["c0@example.com"], by_to["en0@example.com"]
    assert "Pengiriman makanan Anda" in indonesian["Subject"]
    assert "Your meal delivery" in english["Subject"]
    token = invitation(seeded, first).token
    text = indonesian.get_body(("plain",)).get_content()
    html = indonesian.get_body(("html",)).get_content()
    assert f"{BASE}/s/{token}" in text and f'href="{BASE}/s/{token}"' in html
    assert "Mulai survei" in html and 'lang="id"' in html
    assert invitation(seeded, first).status == InvitationStatus.SENT
    assert invitation(seeded, second).sent_at is not None


def test_nothing_is_sent_before_it_is_due(seeded, smtp_server):
    schedule_invitations(seeded, 1, NOW)
    assert run_pass(seeded, smtp_server, now=NOW - timedelta(minutes=1)).claimed == 0
    assert smtp_server.messages == []


def test_a_second_pass_sends_nothing_again(seeded, smtp_server):
    schedule_invitations(seeded, 3, NOW)
    run_pass(seeded, smtp_server)
    assert run_pass(seeded, smtp_server, now=NOW + timedelta(hours=1)).claimed == 0
    assert len(smtp_server.messages) == 3


def test_smtp_failure_is_retried_later_with_backoff(seeded, smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    smtp_server.refuse = True
    result = run_pass(seeded, smtp_server)
    assert (result.sent, result.retried) == (0, 1)
    row = invitation(seeded, invitation_id)
    assert row.status == InvitationStatus.SCHEDULED and row.attempts == 1
    assert row.next_attempt_at == NOW + timedelta(seconds=30) and "451" in row.last_error
    assert run_pass(seeded, smtp_server, now=NOW + timedelta(seconds=10)).claimed == 0  # backing off
    smtp_server.refuse = False
    assert run_pass(seeded, smtp_server, now=NOW + timedelta(seconds=31)).sent == 1
    assert invitation(seeded, invitation_id).status == InvitationStatus.SENT


def test_an_unreachable_server_is_retried_and_gives_up_after_max_attempts(seeded):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    now = NOW
    for _attempt in range(3):
        with EmailSender("127.0.0.1", 9, timeout=1) as sender:  # nothing listens on the discard port
            dispatch_pass(seeded, sender, BASE, "cx@example.com", now, limits=OutboxLimits(max_attempts=3))
        now += timedelta(hours=2)
    row = invitation(seeded, invitation_id)
    assert row.status == InvitationStatus.FAILED and row.attempts == 3
    assert "ConnectionRefused" in row.last_error


def test_an_invitation_past_its_expiry_is_not_sent(seeded, smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    result = run_pass(seeded, smtp_server, now=NOW + timedelta(days=30))
    assert result.expired == 1 and smtp_server.messages == []
    assert invitation(seeded, invitation_id).status == InvitationStatus.EXPIRED


def test_a_claim_whose_lease_ran_out_is_claimed_again(seeded, smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    assert claim_due_invitations(seeded, NOW, "crashed-pass", lease=timedelta(minutes=5)) == [invitation_id]
    assert run_pass(seeded, smtp_server, now=NOW + timedelta(minutes=1)).claimed == 0  # still leased
    result = run_pass(seeded, smtp_server, now=NOW + timedelta(minutes=6))
    assert result.sent == 1 and len(smtp_server.messages) == 1


def test_two_claimers_never_get_the_same_invitation(seeded):
    ids = schedule_invitations(seeded, 60, NOW)
    claimed = claim_concurrently(seeded, NOW, limit=7)
    assert sorted(claimed) == sorted(ids)  # every one claimed, none twice


def test_overlapping_passes_send_each_invitation_exactly_once(seeded, smtp_server):
    schedule_invitations(seeded, 40, NOW)
    threads = [
        threading.Thread(target=run_pass, args=(seeded, smtp_server), kwargs={"batch_size": 5}) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recipients = [m["To"] for m in smtp_server.messages]
    assert len(recipients) == 40 and len(set(recipients)) == 40


def test_a_customer_without_address_fails_visibly_not_silently(seeded, smtp_server):
    from feedback_app.models import Customer
    from feedback_app.storage.database import session_scope

    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    with session_scope(seeded) as session:
        for customer in session.exec(select(Customer)):
            customer.email = None
    run_pass(seeded, smtp_server, limits=OutboxLimits(max_attempts=1))
    row = invitation(seeded, invitation_id)
    assert row.status == InvitationStatus.FAILED and "no e-mail address" in row.last_error
