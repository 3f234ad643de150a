"""E-mail delivery for real: STARTTLS with a verified certificate, AUTH, the one-click opt-out header."""

import datetime as dt
import ipaddress
from datetime import datetime

import pytest
from aiosmtpd.smtp import AuthResult
from helpers import invitation, schedule_invitations

from feedback_app.delivery.dispatch import dispatch_pass
from feedback_app.delivery.email import EmailSender
from feedback_app.models import InvitationStatus

NOW = datetime(2026, 3, 17, 2, 0, tzinfo=dt.UTC)
BASE = "https://feedback.example.com"
USER, PASSWORD = "mailer", "s3cret"


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made at test time: (cert file, key file)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(folder / "cert.pem"), str(folder / "key.pem")


def _authenticate(server, session, envelope, mechanism, auth_data):
    return AuthResult(
        success=(auth_data.login, auth_data.password) == (USER.encode(), PASSWORD.encode()), handled=False
    )  # let aiosmtpd answer 535 on a failure


@pytest.fixture(params=["PLAIN", "LOGIN"])
def tls_smtp_server(request, certificate, make_smtp_server):
    """aiosmtpd that demands STARTTLS, then AUTH with one mechanism (PLAIN or LOGIN)."""
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    other = {"PLAIN": "LOGIN", "LOGIN": "PLAIN"}[request.param]
    return make_smtp_server(
        tls_context=context,
        require_starttls=True,
        auth_required=True,
        authenticator=_authenticate,
        auth_exclude_mechanism=[other],
    )


def run_pass(engine, sender, now=NOW):
    with sender:
        return dispatch_pass(engine, sender, BASE, "cx@example.com", now)


def test_starttls_with_a_trusted_certificate_and_login_delivers(seeded, tls_smtp_server, certificate):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    sender = EmailSender(
        tls_smtp_server.host, tls_smtp_server.port, USER, PASSWORD, starttls=True, ca_file=certificate[0]
    )
    assert run_pass(seeded, sender).sent == 1
    assert [m["X-Feedback-Invitation"] for m in tls_smtp_server.messages] == [str(invitation_id)]


def test_an_untrusted_certificate_is_refused_by_default(seeded, tls_smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    sender = EmailSender(tls_smtp_server.host, tls_smtp_server.port, USER, PASSWORD, starttls=True)
    assert run_pass(seeded, sender).retried == 1
    assert "CERTIFICATE_VERIFY_FAILED" in invitation(seeded, invitation_id).last_error
    assert tls_smtp_server.messages == []


def test_verification_can_be_turned_off_for_a_test_server(seeded, tls_smtp_server):
    schedule_invitations(seeded, 1, NOW)
    sender = EmailSender(tls_smtp_server.host, tls_smtp_server.port, USER, PASSWORD, starttls=True, verify=False)
    assert run_pass(seeded, sender).sent == 1


def test_a_wrong_password_is_a_visible_failure(seeded, tls_smtp_server, certificate):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    sender = EmailSender(
        tls_smtp_server.host, tls_smtp_server.port, USER, "wrong", starttls=True, ca_file=certificate[0]
    )
    assert run_pass(seeded, sender).retried == 1
    assert "SMTPAuthenticationError" in invitation(seeded, invitation_id).last_error


def test_without_starttls_the_server_refuses_and_the_password_never_travels_in_clear(seeded, tls_smtp_server):
    [invitation_id] = schedule_invitations(seeded, 1, NOW)
    assert run_pass(seeded, EmailSender(tls_smtp_server.host, tls_smtp_server.port, USER, PASSWORD)).retried == 1
    assert invitation(seeded, invitation_id).status == InvitationStatus.SCHEDULED


@pytest.mark.parametrize("locale, wording", [("id", "Berhenti berlangganan"), ("en", "Unsubscribe")])
def test_every_mail_carries_a_one_click_opt_out(seeded, smtp_server, locale, wording):
    [invitation_id] = schedule_invitations(seeded, 1, NOW, locale=locale)
    assert run_pass(seeded, EmailSender(smtp_server.host, smtp_server.port)).sent == 1
    [message] = smtp_server.messages
    opt_out = f"{BASE}/u/{invitation(seeded, invitation_id).token}"
    assert message["List-Unsubscribe"].strip() == f"<{opt_out}>"  # may be folded onto a second line
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = (message.get_body((kind,)).get_content() for kind in ("plain", "html"))
    assert f"{wording}: {opt_out}" in text
    assert f'href="{opt_out}"' in html and wording in html
