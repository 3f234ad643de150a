"""Invitation e-mails over SMTP: plain text and HTML in the customer's language, one connection a pass."""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from feedback_app.common.header_text import one_line
from feedback_app.common.rendering import render
from feedback_app.config import Settings
from feedback_app.delivery.outgoing import OutgoingInvitation

log = logging.getLogger(__name__)

SUBJECTS = {
    "id": "{name}, boleh minta waktu 1 menit? {title}",
    "en": "{name}, do you have a minute? {title}",
}


def invitation_message_id(item: OutgoingInvitation, domain: str) -> str:
    """The same Message-ID every time this message is sent: a send repeated after a crash (dispatch.py's
    group commits) is then a duplicate that mail servers and clients drop, not a second e-mail. The
    reminder is another message; the link's hash keeps ids of different installations apart."""
    link_hash = hashlib.sha256(item.link.encode()).hexdigest()[:16]
    return f"<invitation-{item.invitation_id}{'-reminder' if item.reminder else ''}.{link_hash}@{domain}>"


def build_invitation_email(item: OutgoingInvitation, mail_from: str) -> EmailMessage:
    """The invitation e-mail: text + HTML in the customer's language, with a one-click opt-out (RFC 8058)."""
    locale = item.locale if item.locale in SUBJECTS else "id"
    name = one_line(item.customer_name) or ("Pelanggan" if locale == "id" else "there")  # stored before the edge rule
    context = {"item": item, "name": name, "locale": locale}
    message = EmailMessage()
    message["Subject"] = one_line(SUBJECTS[locale].format(name=name, title=item.title))
    message["From"] = mail_from
    message["To"] = one_line(item.to_address)
    message["Date"] = format_datetime(datetime.now(UTC))
    domain = mail_from.rpartition("@")[2] or "localhost"
    message["Message-ID"] = invitation_message_id(item, domain)
    message["X-Feedback-Invitation"] = str(item.invitation_id)
    if item.unsubscribe_link:
        message["List-Unsubscribe"] = f"<{item.unsubscribe_link}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(render(f"email/invitation.{locale}.txt", **context))
    message.add_alternative(render(f"email/invitation.{locale}.html", **context), subtype="html")
    return message


class EmailSender:
    """Sends through one SMTP connection for the whole pass (opened lazily, reopened after an error).

    STARTTLS verifies the server's certificate against the system CAs, or `ca_file` (a private CA);
    `verify=False` turns the check off, for a test server only.
    """

    channel = "email"

    def __init__(
        self,
        host: str,
        port: int = 25,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
        timeout: float = 15.0,
        verify: bool = True,
        ca_file: str | None = None,
    ):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.starttls, self.timeout, self.verify, self.ca_file = starttls, timeout, verify, ca_file
        self._smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage) -> None:
        try:
            self._connection().send_message(message)
        except (smtplib.SMTPException, OSError):
            self.close()
            raise

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.starttls:
                smtp.starttls(context=self._tls_context())
            if self.user:
                smtp.login(self.user, self.password or "")
            self._smtp = smtp
        return self._smtp

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.ca_file or None)
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass
            self._smtp = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class LogSender:
    """No SMTP server configured: the invitation (with its link) goes to the log instead."""

    channel = "email"

    def __init__(self):
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage) -> None:
        self.sent.append(message)
        body = message.get_body(("plain",))
        log.warning(
            "SMTP not configured; invitation for %s not mailed:\n%s", message["To"], body.get_content() if body else ""
        )

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def email_sender(settings: Settings) -> EmailSender | LogSender:
    """An EmailSender for FEEDBACK_SMTP_HOST, or a LogSender when none is set."""
    if not settings.smtp_host:
        return LogSender()
    return EmailSender(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_user,
        settings.smtp_password,
        settings.smtp_starttls,
        verify=settings.smtp_verify,
        ca_file=settings.smtp_ca_file,
    )
