"""Channels that deliver invitations: one small class per channel with send(...); Channels routes."""

from __future__ import annotations

from feedback_app.delivery.email import EmailSender, LogSender, build_invitation_email, sender_from_config
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.delivery.webhook import WebhookError, WebhookSender

WEBHOOK_CHANNELS = ("webhook", "whatsapp", "sms")  # gateways reached through the webhook


class UnknownChannel(LookupError):
    pass


class InvitationMail:
    """The e-mail channel: builds the message and hands it to the SMTP (or log) sender."""

    channel = "email"

    def __init__(self, sender, mail_from: str):
        self.sender, self.mail_from = sender, mail_from

    def send(self, item: OutgoingInvitation) -> None:
        if not item.to_address:
            raise ValueError("the customer has no e-mail address")
        self.sender.send(build_invitation_email(item, self.mail_from))

    def close(self) -> None:
        self.sender.close()


class Channels:
    """Routes each invitation to the sender for its channel; closing closes them all (one SMTP a pass)."""

    def __init__(self, senders: dict):
        self.senders = senders

    @classmethod
    def email_only(cls, sender, mail_from: str) -> Channels:
        return cls({"email": InvitationMail(sender, mail_from)})

    def sender_for(self, channel: str):
        try:
            return self.senders[channel]
        except KeyError:
            raise UnknownChannel(f"no sender for channel '{channel}'") from None

    def close(self) -> None:
        for sender in self.senders.values():
            sender.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def channels_from_config(config: dict) -> Channels:
    """E-mail through FEEDBACK_SMTP_* (or the log), webhook channels through FEEDBACK_WEBHOOK_*."""
    webhook = WebhookSender(
        config.get("WEBHOOK_URL"), config.get("WEBHOOK_SECRET"), float(config.get("WEBHOOK_TIMEOUT") or 10)
    )
    senders = {"email": InvitationMail(sender_from_config(config), config.get("MAIL_FROM") or "feedback@localhost")}
    senders.update({name: webhook for name in WEBHOOK_CHANNELS})
    return Channels(senders)


__all__ = [
    "Channels",
    "EmailSender",
    "InvitationMail",
    "LogSender",
    "OutgoingInvitation",
    "UnknownChannel",
    "WebhookError",
    "WebhookSender",
    "build_invitation_email",
    "channels_from_config",
    "sender_from_config",
]
