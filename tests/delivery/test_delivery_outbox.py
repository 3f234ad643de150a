"""The invitations outbox page: filters, pages, errors made visible, and retrying a failed send."""

from datetime import timedelta

import pytest
from helpers import csrf_token, invitation, schedule_invitations
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.delivery.outbox import OutboxLimits
from feedback_app.delivery.outbox_listing import OutboxFilters, RetryRefused, list_invitations, retry_now
from feedback_app.models import Invitation, InvitationStatus
from feedback_app.storage.database import session_scope


def fail_all(engine, now):
    with EmailSender("127.0.0.1", 9, timeout=1) as sender:  # nothing listens on the discard port
        dispatch_pass(engine, sender, "http://x", "cx@example.com", now, limits=OutboxLimits(max_attempts=1))


def test_failures_are_listed_with_their_error_and_attempts(marketer, app_engine):
    now = utcnow()
    [failed] = schedule_invitations(app_engine, 1, now)
    fail_all(app_engine, now)
    schedule_invitations(app_engine, 2, now + timedelta(days=30), prefix="later")
    page = marketer.get("/invitations?status=failed").get_data(as_text=True)
    assert "ConnectionRefusedError" in page and "Retry now" in page
    assert page.count('class="status-failed"') == 1 and 'class="status-scheduled"' not in page
    assert "scheduled 2" in page and "failed 1" in page


def test_retry_now_schedules_one_more_attempt_at_once(marketer, app_engine, smtp_server):
    now = utcnow()
    [invitation_id] = schedule_invitations(app_engine, 1, now)
    fail_all(app_engine, now)
    token = csrf_token(marketer.get("/invitations").get_data(as_text=True))
    answer = marketer.post(
        f"/invitations/{invitation_id}/retry", data={"csrf_token": token, "next": "/invitations?status=failed"}
    )
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/invitations?status=failed")
    assert invitation(app_engine, invitation_id).status == InvitationStatus.SCHEDULED
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        assert dispatch_pass(app_engine, sender, "http://x", "cx@example.com", utcnow()).sent == 1


def test_only_failed_unexpired_invitations_can_be_retried(seeded):
    now = utcnow()
    [invitation_id] = schedule_invitations(seeded, 1, now)
    with pytest.raises(RetryRefused), session_scope(seeded) as session:
        retry_now(session, invitation_id, now)  # still scheduled
    fail_all(seeded, now)
    with pytest.raises(RetryRefused, match="expired"), session_scope(seeded) as session:
        retry_now(session, invitation_id, now + timedelta(days=10))


def test_pages_and_filters_by_channel_and_trigger(seeded):
    now = utcnow()
    schedule_invitations(seeded, 120, now)
    with session_scope(seeded) as session:
        trigger_id = session.exec(select(Invitation.trigger_id)).first()
        first = list_invitations(session, OutboxFilters(trigger_id=trigger_id, channel="email"), now)
        last = list_invitations(session, OutboxFilters(trigger_id=trigger_id, page=99), now)
        none = list_invitations(session, OutboxFilters(channel="webhook"), now)
    assert (first.total, first.pages, len(first.rows)) == (120, 3, 50)
    assert (last.page, len(last.rows)) == (3, 20)
    assert none.total == 0


def test_the_outbox_is_for_marketers_and_admins_only(seeded_app, staff_login):
    email, password = staff_login("cx_manager")
    client = seeded_app.test_client()
    client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "csrf_token": csrf_token(client.get("/login").get_data(as_text=True)),
        },
    )
    assert client.get("/invitations").status_code == 403
    assert seeded_app.test_client().get("/invitations").status_code == 302  # to the login page


def test_junk_in_the_query_string_is_ignored(marketer):
    assert marketer.get("/invitations?status=nope&trigger=x&page=-3&channel=").status_code == 200
