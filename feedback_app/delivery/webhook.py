"""The webhook channel: POST the invitation as JSON to a gateway (WhatsApp, SMS) or a CRM, signed.

The receiver checks `X-Feedback-Signature: sha256=HEX`, the HMAC-SHA256 with the shared secret of
`TIMESTAMP.BODY` (TIMESTAMP from `X-Feedback-Timestamp`, BODY the raw bytes), and rejects old timestamps,
so a captured request cannot be replayed later. A retry of the same invitation carries the same
`X-Feedback-Invitation`, so the receiver can drop a duplicate.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.common.clock import iso
from feedback_app.delivery.outgoing import OutgoingInvitation
from feedback_app.delivery.outgoing_http import OutgoingRefused, post

SIGNATURE_HEADER = "X-Feedback-Signature"
TIMESTAMP_HEADER = "X-Feedback-Timestamp"


class WebhookError(RuntimeError):
    """The receiver did not accept the invitation; the dispatch pass retries it with backoff."""


def webhook_body(item: OutgoingInvitation) -> bytes:
    payload = {
        "invitation_id": item.invitation_id,
        "channel": item.channel,
        "link": item.link,
        "expires_at": iso(item.expires_at),
        "locale": item.locale,
        "unsubscribe_link": item.unsubscribe_link,
        "questionnaire": {"key": item.questionnaire_key, "title": item.title, "intro": item.intro},
        "customer": {
            "external_id": item.customer_external_id,
            "name": item.customer_name,
            "email": item.to_address,
            "attributes": item.customer_attributes,
        },
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_is_valid(
    secret: str, timestamp: str, body: bytes, signature: str, now: float, tolerance: float = 300
) -> bool:
    """What a receiver checks: the signature matches and the timestamp is recent."""
    try:
        fresh = abs(now - int(timestamp)) <= tolerance
    except (TypeError, ValueError):
        return False
    return fresh and hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def post_signed(
    url: str,
    body: bytes,
    secret: str | None,
    headers: dict,
    timeout: float = 10.0,
    clock: Callable[[], float] = time.time,
    addresses: AddressPolicy = AddressPolicy(),
) -> None:
    """POST a JSON body, signed (timestamp + HMAC headers) when there is a secret, to an address `addresses`
    allows; WebhookError with a generic reason unless the answer is 2xx (redirects are not followed)."""
    timestamp = str(int(clock()))
    signed = {TIMESTAMP_HEADER: timestamp, SIGNATURE_HEADER: sign(secret, timestamp, body)} if secret else {}
    headers = {"Content-Type": "application/json", "User-Agent": "feedback-app webhook", **signed, **headers}
    try:
        post(url, body, headers, timeout, addresses)
    except OutgoingRefused as exc:
        raise WebhookError(str(exc)) from None


class WebhookSender:
    """POSTs each invitation to the trigger's webhook address, or the configured default one."""

    channel = "webhook"

    def __init__(
        self,
        default_url: str | None = None,
        default_secret: str | None = None,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
        addresses: AddressPolicy = AddressPolicy(),
    ):
        self.default_url, self.default_secret = default_url, default_secret
        self.timeout, self.clock, self.addresses = timeout, clock, addresses

    def send(self, item: OutgoingInvitation) -> None:
        url, secret = item.webhook_url or self.default_url, item.webhook_secret or self.default_secret
        if not url or not secret:
            raise WebhookError(
                "no webhook address or secret: set them on the trigger or as "
                "FEEDBACK_WEBHOOK_URL and FEEDBACK_WEBHOOK_SECRET"
            )
        post_signed(
            url,
            webhook_body(item),
            secret,
            {"X-Feedback-Invitation": str(item.invitation_id)},
            self.timeout,
            self.clock,
            self.addresses,
        )

    def close(self) -> None:
        pass
