"""Where a `next` or `back` parameter may send the reader: only to a page of this site (no open redirect).

Browsers are lenient with what follows `Location`: they read `\\` as `/`, drop tabs and newlines anywhere and
trim spaces and control characters at the ends. So `/\\evil.com`, `/\\t/evil.com` or ` //evil.com` would all
leave the site. A target is accepted only when it is plainly a path: one leading `/`, no backslash, no
whitespace or control character, no scheme and no host.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit


def local_target(target: str | None, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback`."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    if any(character.isspace() or unicodedata.category(character).startswith("C") for character in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def same_site_referrer(referrer: str | None, host: str) -> str | None:
    """The path (and query) of `referrer` when it is a page of `host`, else None."""
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.scheme not in ("http", "https") or parts.netloc != host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return local_target(path, "") or None
