"""The webhook channel against a real local HTTP receiver that checks the signature like a gateway would."""

import json
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import invitation, schedule_invitations
from sqlmodel import select

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.delivery.channels import Channels
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.webhook import WebhookSender, signature_is_valid
from feedback_app.models import InvitationStatus, Trigger
from feedback_app.storage.database import session_scope

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
SECRET = "trigger-secret"
LOCAL_RECEIVERS = AddressPolicy.from_setting("127.0.0.1")  # FEEDBACK_WEBHOOK_ALLOWED_HOSTS for the receiver here


class Receiver(ThreadingHTTPServer):
    """Accepts signed invitations; `answer` sets the status it replies, `hold` makes it hang."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.received, self.rejected, self.answer = [], 0, 200
        self.hold = threading.Event()
        self.hold.set()
        self.url = f"http://127.0.0.1:{self.server_port}/hooks/survey"


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.hold.wait(timeout=10)
        signed = signature_is_valid(
            SECRET, self.headers["X-Feedback-Timestamp"], body, self.headers["X-Feedback-Signature"], time.time()
        )
        status = self.server.answer if signed else 401
        if status == 200:
            self.server.received.append((dict(self.headers), json.loads(body)))
        elif not signed:
            self.server.rejected += 1
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.hold.set()
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def webhook_trigger(seeded, receiver):
    """The demo's order_delivered trigger, switched to the webhook channel with its own address."""
    with session_scope(seeded) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.channel, trigger.webhook_url, trigger.webhook_secret = "webhook", receiver.url, SECRET
    return seeded


def run_pass(engine, now=NOW, timeout=5.0, addresses=LOCAL_RECEIVERS, **defaults):
    channels = Channels({"webhook": WebhookSender(timeout=timeout, addresses=addresses, **defaults)})
    return dispatch_pass(engine, channels, "https://feedback.example.com", "cx@example.com", now)


def test_the_invitation_arrives_signed_with_link_questionnaire_and_customer(webhook_trigger, receiver):
    [invitation_id] = schedule_invitations(webhook_trigger, 1, NOW, locale="en")
    assert run_pass(webhook_trigger).sent == 1
    [(headers, body)] = receiver.received
    token = invitation(webhook_trigger, invitation_id).token
    assert body["invitation_id"] == invitation_id and headers["X-Feedback-Invitation"] == str(invitation_id)
    assert body["link"] == f"https://feedback.example.com/s/{token}"
    assert body["questionnaire"]["key"] and body["questionnaire"]["title"]
    assert body["customer"] == {"external_id": "c-0", "name": "Customer 0", "email": "c0@example.com", "attributes": {}}
    assert body["locale"] == "en" and body["expires_at"].endswith("Z")
    assert invitation(webhook_trigger, invitation_id).status == InvitationStatus.SENT


def test_a_wrong_secret_is_rejected_by_the_receiver_and_retried(webhook_trigger, receiver):
    [invitation_id] = schedule_invitations(webhook_trigger, 1, NOW)
    with session_scope(webhook_trigger) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.webhook_secret = "not-the-secret"
    assert run_pass(webhook_trigger).retried == 1
    assert receiver.rejected == 1 and "HTTP 401" in invitation(webhook_trigger, invitation_id).last_error


def test_a_server_error_is_retried_with_backoff_until_it_is_accepted(webhook_trigger, receiver):
    [invitation_id] = schedule_invitations(webhook_trigger, 1, NOW)
    receiver.answer = 500
    assert run_pass(webhook_trigger).retried == 1
    row = invitation(webhook_trigger, invitation_id)
    assert "HTTP 500" in row.last_error and row.next_attempt_at == NOW + timedelta(seconds=30)
    assert run_pass(webhook_trigger, now=NOW + timedelta(seconds=29)).claimed == 0
    receiver.answer = 200
    assert run_pass(webhook_trigger, now=NOW + timedelta(seconds=30)).sent == 1
    assert len(receiver.received) == 1


def test_a_receiver_that_hangs_times_out_and_is_retried(webhook_trigger, receiver):
    [invitation_id] = schedule_invitations(webhook_trigger, 1, NOW)
    receiver.hold.clear()
    assert run_pass(webhook_trigger, timeout=0.3).retried == 1
    receiver.hold.set()
    assert "timed out" in invitation(webhook_trigger, invitation_id).last_error


def test_the_configured_default_address_serves_triggers_without_their_own(webhook_trigger, receiver):
    with session_scope(webhook_trigger) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.webhook_url = trigger.webhook_secret = None
    schedule_invitations(webhook_trigger, 2, NOW)
    assert run_pass(webhook_trigger, default_url=receiver.url, default_secret=SECRET).sent == 2


def test_without_any_address_the_invitation_fails_with_a_reason_to_act_on(webhook_trigger):
    with session_scope(webhook_trigger) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.webhook_url = None
    [invitation_id] = schedule_invitations(webhook_trigger, 1, NOW)
    run_pass(webhook_trigger)
    assert "FEEDBACK_WEBHOOK_URL" in invitation(webhook_trigger, invitation_id).last_error


def test_an_old_timestamp_does_not_verify():
    body, timestamp = b"{}", "1700000000"
    from feedback_app.delivery.webhook import sign

    assert signature_is_valid(SECRET, timestamp, body, sign(SECRET, timestamp, body), 1700000100)
    assert not signature_is_valid(SECRET, timestamp, body, sign(SECRET, timestamp, body), 1700009999)
    assert not signature_is_valid(SECRET, timestamp, b"{ }", sign(SECRET, timestamp, body), 1700000100)
