"""One outgoing POST (webhooks), to the address the policy vetted, never followed elsewhere.

The connection goes to the vetted IP address while the request (Host header, TLS name and certificate check)
names the host, so DNS cannot answer differently between the check and the connection. A redirect is an answer
like any other, not followed. Failures come back as short generic reasons (`OutgoingRefused`); the network's
own error text (which would tell a staff member which ports are open) goes only to the debug log.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl

from feedback_app.common.address_policy import AddressPolicy, AddressRefused, VettedAddress

log = logging.getLogger(__name__)
READ_AT_MOST = 1024  # bytes of the answer read before the connection is closed


class OutgoingRefused(RuntimeError):
    """The request did not go through: its message is a generic reason fit for the outbox."""


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, address: VettedAddress, timeout: float):
        super().__init__(address.host, address.port, timeout=timeout)
        self.vetted_ip = address.ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self.vetted_ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, address: VettedAddress, timeout: float):
        super().__init__(address.host, address.port, timeout=timeout, context=ssl.create_default_context())
        self.vetted_ip = address.ip

    def connect(self) -> None:
        sock = socket.create_connection((self.vetted_ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, timeout: float, policy: AddressPolicy) -> int:
    """POST `body` to `url` if the policy allows where it leads; the status when 2xx, else OutgoingRefused."""
    try:
        address = policy.vet(url)
    except AddressRefused as exc:
        raise OutgoingRefused(exc.reason) from None
    connection = (_PinnedHTTPS if address.scheme == "https" else _PinnedHTTP)(address, timeout)
    try:
        connection.request("POST", address.target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(READ_AT_MOST)
    except TimeoutError as exc:
        log.debug("POST to %s timed out: %s", address.host, exc)
        raise OutgoingRefused("timed out") from None
    except ssl.SSLError as exc:
        log.debug("TLS with %s failed: %s", address.host, exc)
        raise OutgoingRefused("connection failed: TLS") from None
    except (OSError, http.client.HTTPException) as exc:
        log.debug("POST to %s failed: %s", address.host, exc)
        raise OutgoingRefused("connection failed") from None
    finally:
        connection.close()
    if 300 <= response.status < 400:
        raise OutgoingRefused(f"HTTP {response.status}: redirects are not followed")
    if not 200 <= response.status < 300:
        raise OutgoingRefused(f"HTTP {response.status}")
    return response.status
