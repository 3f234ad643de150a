"""Exports: each chart and the map as PNG, SVG and PDF; the printable map; and no page loads anything off-site."""

from __future__ import annotations

import re

import pytest
from helpers import answered, logged_in

from feedback_app.common.clock import utcnow
from feedback_app.reporting import exports

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def client(seeded_app, app_engine, staff_login):
    answered(app_engine, utcnow())
    return logged_in(seeded_app, staff_login)


def test_each_chart_downloads_as_png_svg_and_pdf(client):
    for name in ("emotion-over-time", "pain-points", "invitation-funnel", "channels"):
        png = client.get(f"/dashboards/katering-sehat/charts/{name}.png")
        assert png.status_code == 200 and png.data.startswith(PNG) and png.mimetype == "image/png"
        svg = client.get(f"/dashboards/katering-sehat/charts/{name}.svg")
        assert svg.mimetype == "image/svg+xml" and re.match(rb"\s*<svg[\s>]", svg.data)
    pdf = client.get("/dashboards/katering-sehat/charts/pain-points.pdf")
    assert pdf.data.startswith(b"%PDF-") and "attachment" in pdf.headers["Content-Disposition"]
    assert client.get("/dashboards/katering-sehat/charts/nope.png").status_code == 404
    assert client.get("/dashboards/katering-sehat/charts/channels.gif").status_code == 404


def test_an_empty_chart_is_not_exported(client):
    assert client.get("/dashboards/katering-sehat/charts/channels.png?to=2001-01-01").status_code == 409


def test_the_map_downloads_as_png_and_svg(client):
    png = client.get("/maps/katering-sehat/export.png")
    assert png.data.startswith(PNG)
    svg = client.get("/maps/katering-sehat/export.svg").get_data(as_text=True)
    assert svg.lstrip().startswith("<svg") and "Late delivery" in svg and "Service" in svg


def test_the_printable_map_needs_no_javascript_and_nothing_off_site(client):
    html = client.get("/maps/katering-sehat/print").get_data(as_text=True)
    assert "@page" in html and "<svg" in html and "Late delivery" in html  # the map is there without scripts
    # The one script only wires the print button (the CSP allows no inline handler); nothing comes from elsewhere.
    assert re.findall(r'<script src="([^"]+)"', html) == ["/static/print.js"] and "<link" not in html


@pytest.mark.skipif(exports.find_chromium() is None, reason="chromium is not installed")
def test_the_map_prints_to_pdf_with_chromium(client):
    pdf = client.get("/maps/katering-sehat/export.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and len(pdf.data) > 5000


def test_without_chromium_the_pdf_says_what_to_do(client, monkeypatch):
    monkeypatch.setattr(exports, "CHROMIUM_CANDIDATES", ())
    from feedback_app.web import exports as web_exports

    monkeypatch.setattr(web_exports, "find_chromium", lambda configured=None: None)
    response = client.get("/maps/katering-sehat/export.pdf")
    assert response.status_code == 503
    assert "Print → Save as PDF" in response.get_data(as_text=True)


OFFSITE = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)


def test_no_page_loads_scripts_or_styles_from_another_site(seeded_app, client):
    """Every GET page without parameters (and each journey's pages) is rendered and checked."""
    urls = {"/login"}
    for rule in seeded_app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.startswith(("/api/", "/static", "/s/")):
            continue
        if rule.arguments - {"slug"} or rule.rule.endswith((".csv", ".<fmt>")):
            continue
        urls.add(rule.rule.replace("<slug>", "katering-sehat"))
    checked = 0
    for url in sorted(urls):
        response = client.get(url)
        if response.mimetype != "text/html" or response.status_code >= 400:
            continue
        html = response.get_data(as_text=True)
        assert not OFFSITE.findall(html), f"{url} loads from another site: {OFFSITE.findall(html)}"
        checked += 1
    assert checked >= 6
