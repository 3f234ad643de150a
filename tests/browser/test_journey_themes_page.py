"""A CX manager on a journey's Themes page in chromium: a recurring uncovered complaint made a theme from its
candidate row, a theme the scorer cannot match refused, the page in Indonesian and on a phone."""

from __future__ import annotations

import re

import pytest
from helpers import answer, schedule_invitations
from playwright.sync_api import Page, expect
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import JourneyTheme
from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser
SLUG = "katering-sehat"
NOT_SWEET = [
    "es tehnya kurang manis, kecewa",
    "teh nya kurang manis, kecewa",
    "the iced tea was not sweet enough, disappointed",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def not_sweet_answers(live_server) -> None:
    """Three answers, in Indonesian and English, that no theme covers and whose fallback term is `not_sweet`."""
    engine = live_server.app.extensions["feedback_engine"]
    now = utcnow()
    for invitation_id, text in zip(schedule_invitations(engine, len(NOT_SWEET), now), NOT_SWEET):
        answer(engine, invitation_id, 2, text, now)


def stored_theme_keys(live_server) -> list[str]:
    with session_scope(live_server.app.extensions["feedback_engine"]) as session:
        return sorted(session.exec(select(JourneyTheme.key)))


def has_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("(() => { const s = document.scrollingElement; return s.scrollWidth > s.clientWidth + 1; })()")


def test_a_cx_manager_makes_a_candidate_a_theme(logged_in_manager, live_server, not_sweet_answers, screenshot):
    page = logged_in_manager
    page.goto(f"{live_server.url}/maps/{SLUG}")
    page.get_by_role("link", name="Themes and candidate themes").click()
    expect(page.get_by_role("heading", name="Candidate themes")).to_be_visible()
    expect(page.get_by_text("No themes of its own yet")).to_be_visible()

    row = page.locator("table.candidates tbody tr", has_text="Not sweet")
    expect(row).to_have_count(1)
    expect(row.locator("td").nth(1)).to_have_text("3")
    expect(row.locator("td").nth(2)).to_have_text("3 / 0")
    for text in NOT_SWEET:
        expect(row.locator(".quotes")).to_contain_text(text)
    screenshot(page, "themes-01-candidates", full_page=True)

    row.get_by_role("link", name="Make a theme").click()
    form = page.get_by_role("form", name="New theme")
    expect(form.get_by_label("Name (English)")).to_have_value("Not sweet")
    expect(form.get_by_label("Words and phrases, one per line")).to_have_value(re.compile(r"(^|\n)not sweet(\n|$)"))
    expect(form.get_by_label("Key (optional)")).to_have_value("not_sweet")
    form.get_by_label("Name (Indonesian)").fill("Kurang manis")
    form.get_by_role("button", name="Add theme").click()

    expect(page.get_by_role("status").filter(has_text="Theme 'Not sweet' saved")).to_be_visible()
    expect(page.get_by_role("form", name="Theme Not sweet")).to_be_visible()
    expect(page.get_by_text("3 earlier answers were read with other themes")).to_be_visible()
    expect(page.locator("table.candidates")).to_have_count(0)
    expect(page.get_by_text("No recurring uncovered terms yet")).to_be_visible()
    assert stored_theme_keys(live_server) == ["not_sweet"]
    screenshot(page, "themes-02-made-a-theme", full_page=True)

    form = page.get_by_role("form", name="New theme")
    form.get_by_label("Name (English)").fill("Filler words")
    form.get_by_label("Name (Indonesian)").fill("Kata pengisi")
    form.get_by_label("Words and phrases, one per line").fill("yang")
    form.get_by_role("button", name="Add theme").click()
    refusal = form.get_by_role("alert")
    expect(refusal).to_contain_text("'yang' has no word the scorer can match")
    expect(refusal).to_be_in_viewport()  # the page comes back scrolled to the form, not to the flash at the top
    expect(form.get_by_label("Words and phrases, one per line")).to_have_value("yang")
    assert stored_theme_keys(live_server) == ["not_sweet"]
    screenshot(page, "themes-03-refused")


def test_the_themes_page_in_indonesian_on_a_phone(logged_in_manager, live_server, not_sweet_answers, screenshot):
    page = logged_in_manager
    page.goto(f"{live_server.url}/maps/{SLUG}/themes")
    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", name="Tema kandidat")).to_be_visible()
    expect(page.get_by_role("heading", name="Tambah tema")).to_be_visible()
    expect(page.get_by_role("link", name="Jadikan tema")).to_be_visible()

    page.set_viewport_size(PHONE)
    assert not has_horizontal_scroll(page)
    screenshot(page, "themes-04-phone-indonesian", full_page=True)
