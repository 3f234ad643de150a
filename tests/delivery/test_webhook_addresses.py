"""Outgoing webhooks reach only public addresses, or hosts listed in FEEDBACK_WEBHOOK_ALLOWED_HOSTS.

Checked at save (trigger form, set-stage-owner) and again at send, connecting to the vetted address; no
redirect is followed, and the outbox records a generic reason instead of the network's error text.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import csrf_token, invitation, reconfigure, schedule_invitations
from sqlmodel import select

from feedback_app.common.address_policy import AddressPolicy, AddressRefused, VettedAddress, is_public
from feedback_app.delivery.channels import Channels
from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.outgoing_http import _PinnedHTTP
from feedback_app.delivery.webhook import WebhookSender
from feedback_app.models import Questionnaire, Touchpoint, Trigger
from feedback_app.storage.database import session_scope

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=UTC)
STRICT = AddressPolicy()
LOCAL_RECEIVERS = AddressPolicy.from_setting("127.0.0.1")

NOT_PUBLIC = [
    "127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
    "0.0.0.0", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
    "::ffff:169.254.169.254", "64:ff9b::7f00:1", "2002:7f00:1::1", "2001:db8::1",
]  # fmt: skip


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_loopback_private_link_local_reserved_and_multicast_are_not_public(address):
    assert not is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_internet_addresses_are_public(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]:9000/",
        "http://[::ffff:127.0.0.1]/",
        "http://2130706433/",  # 127.0.0.1 written as one number
        "http://0x7f.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/",
        "http://0.0.0.0:22/",
    ],
)
def test_a_url_leading_to_a_private_address_is_refused_after_resolution(url):
    with pytest.raises(AddressRefused) as refused:
        STRICT.vet(url)
    assert refused.value.reason == "refused: private address"
    assert "FEEDBACK_WEBHOOK_ALLOWED_HOSTS" in str(refused.value)


@pytest.mark.parametrize(
    "url, reason",
    [
        ("ftp://8.8.8.8/", "refused: not an http(s) address"),
        ("file:///etc/passwd", "refused: not an http(s) address"),
        ("http://user:pw@8.8.8.8/", "refused: credentials in the address"),
        ("http://no-such-host.invalid/hook", "refused: host not found"),
        ("http://8.8.8.8:99999/", "refused: bad port"),
    ],
)
def test_other_unusable_urls_are_refused_with_a_reason(url, reason):
    with pytest.raises(AddressRefused) as refused:
        STRICT.vet(url)
    assert refused.value.reason == reason


def test_a_public_address_is_vetted_to_connect_there():
    assert STRICT.vet("https://8.8.8.8/hooks/a?b=1") == VettedAddress(
        "https", "8.8.8.8", 443, "8.8.8.8", "/hooks/a?b=1"
    )


def test_an_allowed_host_may_be_local():
    policy = AddressPolicy.from_setting(" LocalHost. , 127.0.0.1")
    assert policy.vet("http://localhost:8125/x").ip in ("127.0.0.1", "::1")
    assert policy.vet("http://127.0.0.1:8125/x").ip == "127.0.0.1"
    with pytest.raises(AddressRefused):
        policy.vet("http://[::1]:8125/x")  # not listed


class Receiver(ThreadingHTTPServer):
    """Records each POST's path and Host; answers `status`, with `location` for redirects."""

    def __init__(self, status=200, location=None):
        super().__init__(("127.0.0.1", 0), ReceiverHandler)
        self.status, self.location, self.received = status, location, []
        self.url = f"http://127.0.0.1:{self.server_port}/hook"


class ReceiverHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.path, self.headers["Host"]))
        self.send_response(self.server.status)
        if self.server.location:
            self.send_header("Location", self.server.location)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receivers():
    started = []

    def start(**options) -> Receiver:
        server = Receiver(**options)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()


def webhook_to(engine, url: str) -> None:
    """Every trigger sends to `url`, stored as it was before addresses were checked at save."""
    with session_scope(engine) as session:
        for trigger in session.exec(select(Trigger)):
            trigger.channel, trigger.webhook_url, trigger.webhook_secret = "webhook", url, "s3cret"


def send(engine, addresses):
    channels = Channels({"webhook": WebhookSender(timeout=5, addresses=addresses)})
    return dispatch_pass(engine, channels, "https://feedback.example.com", "cx@example.com", NOW)


def test_a_stored_private_address_is_refused_at_send_and_receives_nothing(seeded, receivers):
    receiver = receivers()
    webhook_to(seeded, receiver.url)
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    assert send(seeded, STRICT).retried == 1
    assert receiver.received == []
    assert invitation(seeded, invitation_id).last_error == "WebhookError: refused: private address"


def test_a_closed_port_says_connection_failed_not_what_the_network_said(seeded):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    webhook_to(seeded, f"http://127.0.0.1:{port}/hook")
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    send(seeded, LOCAL_RECEIVERS)
    assert invitation(seeded, invitation_id).last_error == "WebhookError: connection failed"


def test_a_redirect_is_not_followed(seeded, receivers):
    elsewhere = receivers()
    redirecting = receivers(status=302, location=elsewhere.url)
    webhook_to(seeded, redirecting.url)
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    assert send(seeded, LOCAL_RECEIVERS).retried == 1
    assert len(redirecting.received) == 1 and elsewhere.received == []
    assert invitation(seeded, invitation_id).last_error == "WebhookError: HTTP 302: redirects are not followed"


def test_the_request_goes_to_the_vetted_address_under_the_host_name(receivers):
    """What defeats DNS rebinding: the socket goes to the IP that was checked; the name is only in Host."""
    receiver = receivers()
    vetted = VettedAddress("http", "hooks.example.test", receiver.server_port, "127.0.0.1", "/hook?x=1")
    connection = _PinnedHTTP(vetted, timeout=5)
    connection.request("POST", vetted.target, body=b"{}", headers={"Content-Type": "application/json"})
    assert connection.getresponse().status == 200
    connection.close()
    assert receiver.received == [("/hook?x=1", f"hooks.example.test:{receiver.server_port}")]


def trigger_form(client, engine, webhook_url: str) -> dict:
    with session_scope(engine) as session:
        touchpoint = session.exec(select(Touchpoint).where(Touchpoint.key == "order_delivered")).one()
        questionnaire = session.exec(select(Questionnaire).where(Questionnaire.key == "service-delivery")).one()
        ids = touchpoint.id, questionnaire.id
    return {
        "csrf_token": csrf_token(client.get("/triggers/new").get_data(as_text=True)),
        "name": "To the CRM",
        "touchpoint_id": str(ids[0]),
        "questionnaire_id": str(ids[1]),
        "channel": "webhook",
        "webhook_url": webhook_url,
        "delay_minutes": "60",
        "expiry_hours": "72",
        "fatigue_days": "7",
        "sample_percent": "100",
        "match": "all",
        "schedule_timezone": "Asia/Jakarta",
    }


def test_the_trigger_form_refuses_a_private_webhook_address(seeded_app, marketer, app_engine):
    page = marketer.post("/triggers/new", data=trigger_form(marketer, app_engine, "http://127.0.0.1:6379/"))
    assert page.status_code == 422
    assert "a loopback, private or reserved address" in page.get_data(as_text=True)
    with session_scope(app_engine) as session:
        assert session.exec(select(Trigger).where(Trigger.name == "To the CRM")).first() is None


def test_the_trigger_form_accepts_a_host_the_operator_allowed(seeded_app, marketer, app_engine):
    reconfigure(seeded_app, webhook_allowed_hosts="127.0.0.1")
    saved = marketer.post("/triggers/new", data=trigger_form(marketer, app_engine, "http://127.0.0.1:8125/hook"))
    assert saved.status_code == 302


def test_set_stage_owner_refuses_a_private_webhook_unless_allowed(seeded, database_url, tmp_path):
    from click.testing import CliRunner

    from feedback_app.cli import main

    env = {"FEEDBACK_INSTANCE_PATH": str(tmp_path / "instance"), "FEEDBACK_DATABASE_URL": database_url}
    owner = ["set-stage-owner", "katering-sehat", "service", "--webhook-url", "http://127.0.0.1:9000/alerts"]
    refused = CliRunner().invoke(main, owner, env=env)
    assert refused.exit_code == 1 and "FEEDBACK_WEBHOOK_ALLOWED_HOSTS" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    allowed = CliRunner().invoke(main, owner, env={**env, "FEEDBACK_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"})
    assert allowed.exit_code == 0, allowed.output
