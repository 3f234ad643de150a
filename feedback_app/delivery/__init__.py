"""Channels that deliver invitations: one small class per channel with send(message)."""
from .email import EmailSender, LogSender, OutgoingInvitation, build_invitation_email, sender_from_config

__all__ = ["EmailSender", "LogSender", "OutgoingInvitation", "build_invitation_email", "sender_from_config"]
