"""Every response carries the security headers: a CSP without eval, no framing by other sites, nosniff, and a
Referrer-Policy that sends nothing from customer pages (their address holds the token)."""

from __future__ import annotations

import pytest
from helpers import invitation, logged_in, schedule_invitations

from feedback_app.common.clock import utcnow

SLUG = "katering-sehat"
STAFF_PAGES = {  # blueprint -> a page of it an admin can open
    "admin": "/admin/users",
    "api": "/api/v1/journeys",
    "api_docs": "/api/v1/openapi.json",
    "auth": "/login",
    "customers": "/admin/customers",
    "dashboards": f"/dashboards/{SLUG}",
    "exports": f"/maps/{SLUG}/print",
    "imports": "/events/import",
    "invitations": "/invitations",
    "map_editing": f"/maps/{SLUG}/edit",
    "maps": f"/maps/{SLUG}",
    "responses": "/responses",
    "themes": f"/maps/{SLUG}/themes",
    "triggers": "/triggers",
    "vendor": "/vendor/vega-bundle.js",
    "(app)": "/static/app.css",
    "(none)": "/no-such-page",
}


@pytest.fixture
def admin(seeded_app, staff_login):
    return logged_in(seeded_app, staff_login, "admin")


def assert_common_headers(response, frame_ancestors="'none'"):
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-eval" not in csp and "object-src 'none'" in csp
    assert f"frame-ancestors {frame_ancestors}" in csp
    assert response.headers["X-Frame-Options"] == ("DENY" if frame_ancestors == "'none'" else "SAMEORIGIN")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("blueprint, path", sorted(STAFF_PAGES.items()))
def test_staff_pages_carry_the_headers(admin, blueprint, path):
    response = admin.get(path)
    assert response.status_code in (200, 302, 404), (path, response.status_code)
    assert_common_headers(response)
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_every_blueprint_is_checked(seeded_app):
    customer_blueprints = {"survey", "unsubscribe", "errors", "i18n"}  # below; errors and i18n have no GET page
    assert set(seeded_app.blueprints) <= set(STAFF_PAGES) | customer_blueprints


@pytest.mark.parametrize("page", ["/s/{token}", "/u/{token}", "/s/not-a-token", "/u/not-a-token"])
def test_customer_pages_send_no_referrer(seeded_app, app_engine, page):
    [invitation_id] = schedule_invitations(app_engine, 1, utcnow(), locale="en")
    response = seeded_app.test_client().get(page.format(token=invitation(app_engine, invitation_id).token))
    assert_common_headers(response)
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_only_the_trigger_previews_may_be_framed_by_this_site(marketer, app_engine):
    from sqlmodel import select

    from feedback_app.models import Trigger
    from feedback_app.storage.database import session_scope

    with session_scope(app_engine) as session:
        trigger_id = session.exec(select(Trigger)).first().id
    page = marketer.get(f"/triggers/{trigger_id}/preview")
    assert_common_headers(page)
    assert_common_headers(marketer.get(f"/triggers/{trigger_id}/preview/email/en"), frame_ancestors="'self'")


def test_errors_carry_the_headers_too(seeded_app):
    response = seeded_app.test_client().post("/api/v1/events", json={})
    assert response.status_code == 401
    assert_common_headers(response)
