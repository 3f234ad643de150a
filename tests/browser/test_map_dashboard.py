"""The map read at a glance in chromium: live lanes inside the first screen at 1440x900, stage headers and lane
names that stay in view, colours that agree with the words, grey for too few answers, exports linked, no page wider
than a 390 px phone, and a favicon."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.request import urlopen

import pytest
from map_answers import record_answer
from module_server import log_in, seeded_server
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
SLUG = "katering-sehat"
LIVE_LANES = ("Emotion curve", "Emotions", "Pain points", "Opportunities")
SHOTS = "/tmp/shots"
PHONE_PAGES = [
    f"/maps/{SLUG}",
    "/maps",
    f"/maps/{SLUG}/review",
    f"/maps/{SLUG}/edit",
    f"/maps/{SLUG}/themes",
    f"/dashboards/{SLUG}",
    "/responses",
    "/triggers",
    "/invitations",
    "/events/import",
    "/admin/users",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_template):
    """The demo map with answers: service mostly angry (one joyful answer among them), loyalty too few to judge."""
    with seeded_server(tmp_path_factory, migrated_template) as server:
        engine = server.app.extensions["feedback_engine"]
        now = datetime.now(UTC)
        answers = [
            (-0.8, "negative", ["delivery_late", "food_cold"], "anger"),
            (-0.6, "negative", ["delivery_late"], "anger"),
            (-0.5, "negative", ["food_cold", "portion_small"], "sadness"),
            (-0.4, "negative", ["delivery_late", "price_high"], "anger"),
            (0.5, "positive", [], "joy"),
            (0.4, "positive", [], "joy"),
            (0.6, "positive", [], "joy"),
        ]
        for emotion, label, themes, feeling in answers:
            record_answer(engine, "service", emotion, label, themes, text="telat", when=now, emotion_label=feeling)
        for _ in range(2):
            record_answer(engine, "loyalty", -0.5, "negative", ["price_high"], text="mahal", when=now)
        yield server


@pytest.fixture(scope="module")
def desktop(browser, server):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    log_in(page, server, "cx_manager")
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    log_in(page, server, "admin")
    yield page
    context.close()


def lane_title(page, name: str):
    return page.locator("#journey-map tbody th", has_text=name).first


def test_the_live_lanes_are_inside_the_first_screen(desktop, server):
    desktop.goto(f"{server.url}/maps/{SLUG}")
    titles = [row.inner_text().replace(" LIVE", "").strip() for row in desktop.locator("#journey-map tbody th").all()]
    assert titles == list(LIVE_LANES), titles
    for name in LIVE_LANES:
        box = lane_title(desktop, name).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 900, (name, box)
    # The authored lanes come after them, collapsible.
    authored = desktop.locator("details.authored-lanes")
    expect(authored.locator("tbody th").first).to_have_text("Persona")
    authored.locator("summary").click()
    expect(authored.locator("table")).to_be_hidden()
    desktop.screenshot(path=f"{SHOTS}/map-desktop-en.png")


def test_stage_headers_stay_on_top_while_the_page_scrolls(desktop, server):
    desktop.goto(f"{server.url}/maps/{SLUG}")
    desktop.mouse.wheel(0, 600)
    desktop.wait_for_function("window.scrollY > 300")
    header = desktop.locator("#journey-map thead th[data-stage=service]").bounding_box()
    assert -1 <= header["y"] <= 2, header


def test_colours_and_words_agree_and_few_answers_are_grey(desktop, server):
    desktop.goto(f"{server.url}/maps/{SLUG}")
    service = desktop.locator('td[data-stage="service"][data-lane="emotion"]')
    expect(service.locator(".emotion-score")).to_have_class("emotion-score neg")
    expect(service.locator(".tone-word")).to_have_text("negative")
    expect(service.locator(".dominant")).to_have_text("Mostly anger")  # three joyful answers never make it "joy"
    loyalty = desktop.locator('td[data-stage="loyalty"][data-lane="emotion"]')
    expect(loyalty.locator(".emotion-score")).to_have_class("emotion-score few")
    expect(loyalty.locator(".few-note")).to_have_text("Too few answers to judge: 5 needed.")
    expect(desktop.locator("#emotion-curve circle.few")).to_have_count(1)
    expect(desktop.locator("#emotion-curve circle.neg")).to_have_count(1)
    expect(desktop.locator("#emotion-curve .axis-label")).to_have_text(["+1", "0", "-1"])
    expect(desktop.locator('thead th[data-stage="loyalty"] .stage-answers').first).to_have_text("2 answers")
    expect(desktop.locator(".map-legend")).to_contain_text("fewer than 5 answers, too few to judge")


def test_print_and_exports_are_linked_from_the_map_and_answer(desktop, server):
    desktop.goto(f"{server.url}/maps/{SLUG}?persona=")
    exports = desktop.get_by_role("navigation", name="Print or download the map")
    for name, kind in (("PNG", "image/png"), ("SVG", "image/svg+xml"), ("Print", "text/html")):
        href = exports.get_by_role("link", name=name, exact=True).get_attribute("href")
        response = desktop.request.get(server.url + href)
        assert response.status == 200 and response.headers["content-type"].startswith(kind), (name, href)
    expect(exports.get_by_role("link", name="PDF", exact=True)).to_have_attribute(
        "href", f"/maps/{SLUG}/export.pdf?persona="
    )
    expect(desktop.get_by_role("link", name="Dashboards", exact=True).last).to_have_attribute(
        "href", f"/dashboards/{SLUG}?persona="
    )


def test_the_dashboards_link_the_maps_print_and_exports(desktop, server):
    desktop.goto(f"{server.url}/dashboards/{SLUG}")
    exports = desktop.get_by_role("navigation", name="Print or download the map")
    expect(exports.get_by_role("link", name="Print", exact=True)).to_have_attribute("href", f"/maps/{SLUG}/print")
    expect(exports.get_by_role("link", name="PDF", exact=True)).to_have_attribute("href", f"/maps/{SLUG}/export.pdf")
    desktop.screenshot(path=f"{SHOTS}/dashboard-desktop-en.png")


def test_no_page_is_wider_than_a_phone(phone, server):
    wide = {}
    for path in PHONE_PAGES:
        phone.goto(server.url + path)
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide[path] = overflow
    assert not wide, f"pages wider than 390 px (by px): {wide}"


def test_on_a_phone_the_map_scrolls_in_its_box_with_lane_names_in_view(phone, server):
    phone.goto(f"{server.url}/maps/{SLUG}")
    box = phone.locator(".map-scroll").first
    box.evaluate("node => node.scrollBy(400, 0)")
    phone.wait_for_function("document.querySelector('.map-scroll').scrollLeft > 300")
    name = lane_title(phone, "Emotions").bounding_box()
    assert 0 <= name["x"] <= 20, name
    phone.screenshot(path=f"{SHOTS}/map-phone-en-scrolled.png")


def test_on_a_phone_the_filters_fold_away_so_the_map_starts_on_the_first_screen(phone, server, desktop):
    phone.goto(f"{server.url}/maps/{SLUG}")
    filters = phone.locator("#map-filters")
    expect(filters).not_to_have_attribute("open", "")
    top = phone.locator("#journey-map").bounding_box()
    assert top["y"] < 844 - 120, top  # the stage headers and the start of the curve show without scrolling
    filters.locator("summary").click()
    expect(phone.locator("select[name=persona]")).to_be_visible()
    phone.goto(f"{server.url}/maps/{SLUG}?channel=courier")  # a filter that is set stays in view
    expect(phone.locator("#map-filters summary")).to_have_text("Filters (1)")
    expect(phone.locator("select[name=channel]")).to_be_visible()
    desktop.goto(f"{server.url}/maps/{SLUG}")  # wide screens always show them, with no fold
    expect(desktop.locator("select[name=persona]")).to_be_visible()
    expect(desktop.locator("#map-filters summary")).to_be_hidden()


def test_every_page_has_a_favicon(server):
    with urlopen(f"{server.url}/login") as response:
        assert 'rel="icon" href="/static/favicon.svg"' in response.read().decode()
    with urlopen(f"{server.url}/static/favicon.svg") as response:
        assert response.headers["Content-Type"].startswith("image/svg+xml")
