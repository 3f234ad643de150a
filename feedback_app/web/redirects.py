"""Where a `next` or `back` parameter may send the reader: only to a page of this site (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit


def local_target(target: str, fallback: str) -> str:
    """`target` when it is a path on this site, else `fallback` (for `//host/…`, `https://host/…`, ``)."""
    if not target.startswith("/") or target.startswith("//") or urlsplit(target).netloc:
        return fallback
    return target
