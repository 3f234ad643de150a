"""Security headers on every response: what the browser may load, who may frame a page, what leaks in Referer.

The CSP allows scripts only from this site (the pages' JavaScript lives in `static/`; the `<script
type="application/json">` blocks are data, never run) and no eval: charts.js asks vega-embed for its expression
interpreter (`ast: true`) instead of compiling expressions with `Function`. Styles may be inline, because
vega-embed adds a `<style>` element and a few templates set a width or colour in a `style` attribute.

No page may be framed by another site (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), except the two a
trigger's preview shows in its own frames, which this site may frame. Customer pages (`/s/`, `/u/`, the preview
survey) send no Referer at all, so the token in their address never reaches another site; staff pages send it
only to this site.
"""

from __future__ import annotations

from flask import Flask, Response, request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors {frame_ancestors}",
    ]
)
FRAMED_BY_THIS_SITE = {"triggers.preview_email_html", "triggers.preview_survey"}  # a trigger's preview frames them
CUSTOMER_BLUEPRINTS = {"survey", "unsubscribe"}
CUSTOMER_ENDPOINTS = {"triggers.preview_survey"}


def security_headers(endpoint: str | None, blueprint: str | None) -> dict[str, str]:
    """The headers for a response of `endpoint` (None: no route matched, a 404)."""
    framed_here = endpoint in FRAMED_BY_THIS_SITE
    customer_page = blueprint in CUSTOMER_BLUEPRINTS or endpoint in CUSTOMER_ENDPOINTS
    return {
        "Content-Security-Policy": CSP.format(frame_ancestors="'self'" if framed_here else "'none'"),
        "X-Frame-Options": "SAMEORIGIN" if framed_here else "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer" if customer_page else "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


def _add_headers(response: Response) -> Response:
    for name, value in security_headers(request.endpoint, request.blueprint).items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    app.after_request(_add_headers)
