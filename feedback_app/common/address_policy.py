"""Where outgoing requests (webhooks) may go: public internet addresses, or hosts the operator allowed.

A webhook address is typed by staff, so without a rule the server would POST customers' data to its own
loopback, the private network or a cloud metadata address, and the outbox's errors would map open ports.
Every address a host name resolves to must be public (not loopback, private, link-local, shared, reserved,
multicast or unspecified, in IPv4 or IPv6, IPv4 inside IPv6 included), unless the host is listed in
FEEDBACK_WEBHOOK_ALLOWED_HOSTS. It is checked when the address is saved and again when a request is sent; the
sender connects to the address that was vetted, so a DNS answer that changes in between cannot switch it.

It lives in `common` because saving (triggers, close the loop) and sending (delivery) both need it.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from feedback_app.common.texts import N_, TextError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # IPv4 reached through a NAT64 gateway
SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT, not on the internet


class AddressRefused(TextError):
    """An address outgoing requests may not use: `text` tells the person why; `reason` is the short
    generic outcome the outbox records (never the network's own error text)."""

    def __init__(self, reason: str, message: str, **params):
        super().__init__(message, field="webhook_url", **params)
        self.reason = reason


@dataclass(frozen=True)
class VettedAddress:
    """A URL whose host resolved to `ip`, an address the policy accepts: connect there, name `host`."""

    scheme: str
    host: str
    port: int
    ip: str
    target: str  # path and query, what the request line asks for


def is_public(ip: IPAddress) -> bool:
    """True for an address on the public internet; the IPv4 inside an IPv6 address is judged as IPv4."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
    if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast:
        return False
    if ip.is_unspecified or (isinstance(ip, ipaddress.IPv4Address) and ip in SHARED):
        return False
    return ip.is_global


def allowed_hosts(setting: str | None) -> frozenset[str]:
    """FEEDBACK_WEBHOOK_ALLOWED_HOSTS, comma-separated, as lower-case host names (or IP addresses)."""
    return frozenset(_host_key(host) for host in (setting or "").split(",") if host.strip())


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


@dataclass(frozen=True)
class AddressPolicy:
    """The rule for one process: public addresses, plus the hosts in `allowed` on any address."""

    allowed: frozenset[str] = frozenset()

    @classmethod
    def from_setting(cls, setting: str | None) -> AddressPolicy:
        return cls(allowed_hosts(setting))

    def vet(self, url: str) -> VettedAddress:
        """The address to connect to for `url`; AddressRefused when the URL or where it leads is not allowed."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise AddressRefused("refused: not an http(s) address", N_("Use an http:// or https:// address."))
        if parts.username is not None or parts.password is not None:
            raise AddressRefused(
                "refused: credentials in the address",
                N_("Put no user name or password in the address; the webhook secret signs each request."),
            )
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise AddressRefused(
                "refused: bad port", N_("The port in the address is not a number from 1 to 65535.")
            ) from None
        host = _host_key(parts.hostname)
        ip = self._resolve(host, port)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return VettedAddress(parts.scheme, parts.hostname, port, str(ip), target)

    def _resolve(self, host: str, port: int) -> IPAddress:
        """The first address of `host`; every one of them must be allowed (a host may answer with several)."""
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError):
            raise AddressRefused(
                "refused: host not found", N_("The host %(host)s could not be found."), host=host
            ) from None
        addresses = [ipaddress.ip_address(entry[4][0].split("%")[0]) for entry in found]
        if host not in self.allowed:
            for ip in addresses:
                if not is_public(ip):
                    raise AddressRefused(
                        "refused: private address",
                        N_(
                            "%(host)s leads to %(ip)s, a loopback, private or reserved address. Webhooks may only "
                            "reach such an address when the operator lists the host in FEEDBACK_WEBHOOK_ALLOWED_HOSTS."
                        ),
                        host=host,
                        ip=str(ip),
                    )
        return addresses[0]
