"""Dashboard pages: who may see them, the empty state, charts filled from rollups, filters."""

from __future__ import annotations

import json
import re

import pytest
from helpers import answered, logged_in

from feedback_app.common.clock import utcnow
from feedback_app.reporting.dashboards import DashboardFilters, dashboard, rating_value
from feedback_app.storage.database import session_scope


def specs(html: str) -> dict:
    return {
        name: json.loads(body)
        for name, body in re.findall(r'<script type="application/json" id="spec-([\w-]+)">(.*?)</script>', html, re.S)
    }


@pytest.mark.parametrize("role, status", [("cx_manager", 200), ("marketer", 200), ("admin", 200)])
def test_staff_roles_see_the_dashboard(seeded_app, staff_login, role, status):
    assert logged_in(seeded_app, staff_login, role).get("/dashboards/katering-sehat").status_code == status


def test_anonymous_users_are_sent_to_log_in(seeded_app):
    client = seeded_app.test_client()
    for url in (
        "/dashboards/katering-sehat",
        "/responses",
        "/responses/export.csv",
        "/maps/katering-sehat/print",
        "/dashboards/katering-sehat/charts/channels.png",
        "/maps/katering-sehat/export.svg",
    ):
        assert client.get(url).status_code == 302, url


def test_an_empty_dashboard_says_so_instead_of_drawing_empty_charts(seeded_app, staff_login):
    html = logged_in(seeded_app, staff_login).get("/dashboards/katering-sehat").get_data(as_text=True)
    assert "No answers in this period" in html and specs(html) == {}
    assert "No invitations in this period." in html


def test_a_filled_dashboard_has_every_chart(seeded_app, app_engine, staff_login):
    answered(app_engine, utcnow())
    client = logged_in(seeded_app, staff_login)
    html = client.get("/dashboards/katering-sehat").get_data(as_text=True)
    charts = specs(html)
    assert set(charts) == {
        "emotion-over-time",
        "ratings-by-stage",
        "rating-trend",
        "sentiment-split",
        "pain-points",
        "invitation-funnel",
        "channels",
    }
    assert "4 answers in this view" in html
    assert 'src="/vendor/vega-bundle.js"' in html
    pareto = charts["pain-points"]["data"]["values"]
    assert pareto[0]["theme"] == "Late delivery" and pareto[0]["count"] == 2 and pareto[-1]["cumulative"] == 1.0


def test_numbers_come_from_the_rollups_with_the_filters(seeded, now):
    now = utcnow()
    answered(seeded, now)
    with session_scope(seeded) as session:
        data = dashboard(session, "katering-sehat", DashboardFilters(), now)
        courier = dashboard(session, "katering-sehat", DashboardFilters(channel="courier"), now)
        yesterday = dashboard(session, "katering-sehat", DashboardFilters(end=now.date().replace(year=2000)), now)
    ratings = {(r["stage"], r["kind"]): r for r in data["ratings_by_stage"]}
    assert ratings[("Service", "csat")]["value"] == pytest.approx(100 / 3, abs=0.1)
    assert ratings[("Loyalty", "nps")]["value"] == 100.0
    funnel = {row["step"]: row["count"] for row in data["funnel"] if row["trigger"] == "Delivery survey"}
    assert funnel["matched"] == 3 and funnel["answered"] == 3
    assert {row["channel"] for row in courier["channel_comparison"]} == {"Courier"} and courier["answers"] == 3
    assert yesterday["answers"] == 0 and yesterday["pain_points"] == []


def test_rating_formulas():
    assert rating_value("nps", answers=10, total=80, top=5, bottom=2) == 30.0
    assert rating_value("csat", answers=4, total=14, top=3, bottom=1) == 75.0
    assert rating_value("ces", answers=4, total=22, top=2, bottom=0) == 5.5


def test_bad_filters_are_a_400_and_unknown_journeys_a_404(seeded_app, staff_login):
    client = logged_in(seeded_app, staff_login)
    assert client.get("/dashboards/katering-sehat?from=yesterday").status_code == 400
    assert client.get("/dashboards/nope").status_code == 404
