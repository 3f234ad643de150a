"""A CX manager's dashboards and answers in a real browser: charts drawn by the local Vega bundle, nothing off-site."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from helpers import answer, schedule_invitations
from playwright.sync_api import expect
from sqlalchemy import update

from feedback_app.common.clock import utcnow
from feedback_app.models import Invitation
from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser

TEXTS = [
    "kurirnya telat bgt, makanan udah dingin",
    "The courier was late again and the food arrived cold",
    "mantul, porsinya pas dan enak",
    "porsinya kecil dan harganya mahal",
    "pengiriman tepat waktu, enak",
]


def fill(engine, weeks: int = 4):
    """Answers on three stages over the last few weeks (older weeks happier), stages apart."""
    now = utcnow()
    for week in range(weeks):
        moment = now - timedelta(days=7 * week)
        for prefix, touchpoint in (("d", "order_delivered"), ("m", "menu_viewed"), ("r", "subscription_renewed")):
            ids = schedule_invitations(engine, len(TEXTS), moment, touchpoint=touchpoint, prefix=f"{prefix}{week}")
            for i, invitation_id in enumerate(ids):
                face = max(1, min(5, (1, 2, 4, 2, 5)[i] + {"d": -1, "m": 0, "r": 1}[prefix] + week // 2))
                answer(engine, invitation_id, face, TEXTS[i], moment, rating=max(1, 1 + i - week // 2))
    with session_scope(engine) as session:  # as if the scheduler had mailed them
        session.exec(update(Invitation).values(sent_at=Invitation.created_at))


@pytest.fixture
def offsite_requests(logged_in_manager, live_server):
    """Every request the page makes to a host other than the live server (there must be none)."""
    seen = []
    host = urlsplit(live_server.url).netloc
    logged_in_manager.on(
        "request",
        lambda request: (
            seen.append(request.url)
            if urlsplit(request.url).netloc not in (host, "") and not request.url.startswith("data:")
            else None
        ),
    )
    return seen


def test_dashboard_draws_every_chart_offline(logged_in_manager, live_server, offsite_requests, screenshot):
    fill(live_server.app.extensions["feedback_engine"])
    page = logged_in_manager
    page.goto(f"{live_server.url}/dashboards/katering-sehat")
    charts = page.locator("[data-chart]")
    expect(charts).to_have_count(7)
    for i in range(7):
        expect(charts.nth(i).locator("svg").first).to_be_visible()
    expect(page.locator('[data-chart][data-rendered="true"]')).to_have_count(7)
    assert page.locator(".chart-card", has_text="could not be drawn").count() == 0
    screenshot(page, "dashboard-01-filled", full_page=True)

    page.locator('select[name="channel"]').select_option("courier")
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"channel=courier"))
    expect(page.locator(".goal")).to_contain_text("20 answers in this view")
    screenshot(page, "dashboard-02-courier-only", full_page=True)

    page.locator('input[name="to"]').fill("2001-01-31")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").filter(has_text="No answers in this period")).to_be_visible()
    screenshot(page, "dashboard-03-empty-period", full_page=True)
    assert offsite_requests == []


def test_response_browser_searches_and_explains(logged_in_manager, live_server, offsite_requests, screenshot):
    fill(live_server.app.extensions["feedback_engine"])
    page = logged_in_manager
    page.goto(f"{live_server.url}/responses")
    expect(page.locator("tr.answer")).to_have_count(25)
    expect(page.locator('a[rel="next"]')).to_be_visible()
    page.locator('input[name="q"]').fill("telat")
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("tr.answer")
    expect(rows).to_have_count(12)
    rows.first.get_by_text("Why this score?").click()
    expect(rows.first.locator(".explanation dl")).to_be_visible()
    expect(rows.first.locator(".explanation")).to_contain_text("Late delivery")
    screenshot(page, "responses-01-search-explained", full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
    assert offsite_requests == []
