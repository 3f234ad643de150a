"""Close the loop: a low answer tells the stage's owner, once, over real SMTP, from the scheduler's pass."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, HTTPServer

from helpers import answer, reconfigure, schedule_invitations
from sqlmodel import select

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.clock import utcnow
from feedback_app.delivery.email import EmailSender
from feedback_app.insight.close_the_loop import send_due_notifications, set_stage_owner
from feedback_app.models import Notification
from feedback_app.storage.database import session_scope

COMPLAINT = "kurirnya telat bgt, makanan udah dingin"
LOCAL_RECEIVERS = AddressPolicy.from_setting("127.0.0.1")  # FEEDBACK_WEBHOOK_ALLOWED_HOSTS for the receiver here


@contextmanager
def webhook_receiver():
    """A local HTTP server that records (headers, body) of every POST; yields (url, received)."""
    received = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", received
    finally:
        server.shutdown()


def owner(engine, **fields):
    with session_scope(engine) as session:
        set_stage_owner(session, "katering-sehat", "service", addresses=LOCAL_RECEIVERS, **fields)


def send(engine, smtp_server, now):
    with EmailSender(smtp_server.host, smtp_server.port) as sender:
        return send_due_notifications(
            engine, sender, "http://feedback.test", "feedback@example.com", now, addresses=LOCAL_RECEIVERS
        )


def test_a_low_answer_mails_the_stage_owner_once(seeded, smtp_server):
    owner(seeded, email="owner@example.com")
    now = utcnow()
    low, happy = schedule_invitations(seeded, 2, now)
    answer(seeded, low, 1, COMPLAINT, now, rating=1)
    answer(seeded, happy, 5, "mantul, porsinya pas dan enak", now, rating=5)
    assert smtp_server.messages == []  # nothing is mailed inside the answer's request

    result = send(seeded, smtp_server, now)
    assert (result.claimed, result.sent) == (1, 1)
    [mail] = smtp_server.messages
    assert mail["To"] == "owner@example.com" and mail["Subject"].startswith("Low answer at Service")
    body = mail.get_body(("plain",)).get_content()
    assert COMPLAINT in body and "CSAT 1 (at most 2)" in body
    assert "http://feedback.test/responses?journey=katering-sehat&stage=service" in body

    again = send(seeded, smtp_server, now)
    assert again.claimed == 0 and len(smtp_server.messages) == 1


def test_a_refused_mail_is_retried_later_not_lost(seeded, smtp_server):
    from datetime import timedelta

    owner(seeded, email="owner@example.com")
    now = utcnow()
    [low] = schedule_invitations(seeded, 1, now)
    answer(seeded, low, 1, COMPLAINT, now, rating=1)
    smtp_server.refuse = True
    assert send(seeded, smtp_server, now).retried == 1
    smtp_server.refuse = False
    assert send(seeded, smtp_server, now).claimed == 0  # backing off
    assert send(seeded, smtp_server, now + timedelta(minutes=2)).sent == 1
    with session_scope(seeded) as session:
        stored = session.exec(select(Notification)).one()
    assert stored.status == "sent" and stored.attempts == 2 and "451" in stored.last_error


def test_thresholds_are_per_stage(seeded, smtp_server):
    owner(seeded, email="owner@example.com", emotion_at_most=-0.9, csat_at_most=1)
    now = utcnow()
    [middling] = schedule_invitations(seeded, 1, now)
    answer(seeded, middling, 2, "lumayan, agak telat", now, rating=2)
    assert send(seeded, smtp_server, now).claimed == 0


def test_the_scheduler_pass_sends_notifications(seeded_app, app_engine, smtp_server):
    from feedback_app.scheduler import run_until_idle

    settings = reconfigure(seeded_app, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    owner(app_engine, email="owner@example.com")
    now = utcnow()
    [low] = schedule_invitations(app_engine, 1, now)
    answer(app_engine, low, 1, COMPLAINT, now, rating=1)
    run_until_idle(app_engine, settings)
    assert [m["To"] for m in smtp_server.messages if m["X-Feedback-Notification"]] == ["owner@example.com"]


def test_a_webhook_owner_gets_the_quote_as_json(seeded, smtp_server):
    with webhook_receiver() as (url, received):
        owner(seeded, webhook_url=url)
        now = utcnow()
        [low] = schedule_invitations(seeded, 1, now)
        answer(seeded, low, 1, COMPLAINT, now, rating=1)
        assert send(seeded, smtp_server, now).sent == 1
    payload = json.loads(received[0][1])
    assert payload["quote"] == COMPLAINT and payload["stage_key"] == "service"
    assert payload["event"] == "low_answer"


def test_a_webhook_notification_is_signed_like_invitations_when_a_secret_is_set(seeded, smtp_server):
    import time

    from feedback_app.delivery.webhook import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_is_valid

    with webhook_receiver() as (url, received):
        owner(seeded, webhook_url=url)
        now = utcnow()
        [low] = schedule_invitations(seeded, 1, now)
        answer(seeded, low, 1, COMPLAINT, now, rating=1)
        with EmailSender(smtp_server.host, smtp_server.port) as sender:
            result = send_due_notifications(
                seeded,
                sender,
                "http://feedback.test",
                "feedback@example.com",
                now,
                webhook_secret="s3cret",
                addresses=LOCAL_RECEIVERS,
            )
        assert result.sent == 1
    [(headers, body)] = received
    assert signature_is_valid("s3cret", headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER], time.time())
    assert json.loads(body)["quote"] == COMPLAINT
