"""Invitation e-mails over SMTP: plain text and HTML in the customer's language, one connection a pass."""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from datetime import datetime, timezone

from ..rendering import render

log = logging.getLogger(__name__)

SUBJECTS = {
    "id": "{name}, boleh minta waktu 1 menit? {title}",
    "en": "{name}, do you have a minute? {title}",
}


@dataclass(frozen=True)
class OutgoingInvitation:
    """What an invitation e-mail needs, as plain values."""

    invitation_id: int
    to_address: str
    customer_name: str
    locale: str
    title: str
    intro: str
    link: str
    expires_at: datetime


def build_invitation_email(item: OutgoingInvitation, mail_from: str) -> EmailMessage:
    locale = item.locale if item.locale in SUBJECTS else "id"
    name = item.customer_name or ("Pelanggan" if locale == "id" else "there")
    context = {"item": item, "name": name, "locale": locale}
    message = EmailMessage()
    message["Subject"] = SUBJECTS[locale].format(name=name, title=item.title)
    message["From"] = mail_from
    message["To"] = item.to_address
    message["Date"] = format_datetime(datetime.now(timezone.utc))
    domain = mail_from.rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(idstring=f"invitation-{item.invitation_id}", domain=domain)
    message["X-Feedback-Invitation"] = str(item.invitation_id)
    message.set_content(render(f"email/invitation.{locale}.txt", **context))
    message.add_alternative(render(f"email/invitation.{locale}.html", **context), subtype="html")
    return message


class EmailSender:
    """Sends through one SMTP connection for the whole pass (opened lazily, reopened after an error)."""

    channel = "email"

    def __init__(self, host: str, port: int = 25, user: str | None = None, password: str | None = None,
                 starttls: bool = False, timeout: float = 15.0):
        self.host, self.port, self.user, self.password = host, port, user, password
        self.starttls, self.timeout = starttls, timeout
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
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            self._smtp = smtp
        return self._smtp

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
        log.warning("SMTP not configured; invitation for %s not mailed:\n%s", message["To"],
                    body.get_content() if body else "")

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def sender_from_config(config: dict):
    """An EmailSender for FEEDBACK_SMTP_HOST, or a LogSender when none is set."""
    if not config.get("SMTP_HOST"):
        return LogSender()
    return EmailSender(config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), config.get("SMTP_USER"),
                       config.get("SMTP_PASSWORD"), bool(config.get("SMTP_STARTTLS")))
