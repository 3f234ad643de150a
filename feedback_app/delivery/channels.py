"""Channels that deliver invitations: one small class per channel with send(...); Channels routes."""

from __future__ import annotations

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.config import Settings
from feedback_app.delivery.email import build_invitation_email, email_sender
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.delivery.webhook import WebhookSender

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


def channels_for(settings: Settings) -> Channels:
    """E-mail through FEEDBACK_SMTP_* (or the log), webhook channels through FEEDBACK_WEBHOOK_*."""
    addresses = AddressPolicy.from_setting(settings.webhook_allowed_hosts)
    webhook = WebhookSender(
        settings.webhook_url, settings.webhook_secret, settings.webhook_timeout, addresses=addresses
    )
    senders = {"email": InvitationMail(email_sender(settings), settings.mail_from)}
    senders.update({name: webhook for name in WEBHOOK_CHANNELS})
    return Channels(senders)
