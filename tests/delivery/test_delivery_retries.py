"""Failures: a transient outage ends with every invitation sent once; a lasting one ends visibly failed."""

from datetime import UTC, datetime, timedelta

from helpers import invitation, schedule_invitations

from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.delivery.outbox import OutboxLimits
from feedback_app.models import InvitationStatus

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)


def test_a_mail_server_refusing_for_ten_minutes_ends_with_every_invitation_sent_once(seeded, smtp_server):
    ids = schedule_invitations(seeded, 20, NOW)
    smtp_server.refuse = True
    moment, outage_ends = NOW, NOW + timedelta(minutes=10)
    while moment < NOW + timedelta(hours=1):  # a scheduler pass every 15 s of simulated time
        smtp_server.refuse = moment < outage_ends
        with EmailSender(smtp_server.host, smtp_server.port) as sender:
            dispatch_pass(seeded, sender, "http://x", "cx@example.com", moment)
        moment += timedelta(seconds=15)
    received = [int(m["X-Feedback-Invitation"]) for m in smtp_server.messages]
    assert sorted(received) == sorted(ids)
    rows = [invitation(seeded, i) for i in ids]
    assert {r.status for r in rows} == {InvitationStatus.SENT}
    assert all(r.sent_at >= outage_ends and r.attempts >= 5 for r in rows)  # 30 s, 1, 2, 4 min of backoff


def test_after_max_attempts_the_invitation_is_failed_with_its_last_error(seeded, smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    smtp_server.refuse = True
    moment = NOW
    for _ in range(4):
        with EmailSender(smtp_server.host, smtp_server.port) as sender:
            dispatch_pass(seeded, sender, "http://x", "cx@example.com", moment, limits=OutboxLimits(max_attempts=4))
        moment += timedelta(hours=1)
    row = invitation(seeded, invitation_id)
    assert (row.status, row.attempts) == (InvitationStatus.FAILED, 4) and "451" in row.last_error
