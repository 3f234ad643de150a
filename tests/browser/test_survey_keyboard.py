"""A customer who uses the keyboard only can answer the survey: every control is reachable and shows focus."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = pytest.mark.browser


def tab_to(page: Page, target: Locator, most: int = 10) -> int:
    """Presses Tab until `target` has the focus; returns how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return presses
    raise AssertionError(f"{target} not reached with {most} presses of Tab")


def test_face_scale_rating_and_submit_work_with_the_keyboard_alone(desktop, invite, screenshot):
    page = desktop
    page.goto(invite("c-77", "dewi@example.com", "Dewi", locale="id"))

    faces = page.locator("fieldset.scale-face")
    assert (
        tab_to(page, faces.get_by_role("radio", name="Sangat kecewa", exact=True)) <= 3
    )  # right after the language link
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    happy = faces.get_by_role("radio", name="Senang", exact=True)
    expect(happy).to_be_checked()
    expect(happy).to_be_focused()
    page.keyboard.press("ArrowLeft")
    okay = faces.get_by_role("radio", name="Biasa saja", exact=True)
    expect(okay).to_be_checked()
    expect(happy).not_to_be_checked()
    focus_ring = okay.locator("xpath=following-sibling::span[@class='face']")
    expect(focus_ring).to_have_css("outline-style", "solid")
    screenshot(page, "09-survey-desktop-keyboard-focus-on-face")

    page.keyboard.press("Tab")
    rating = page.locator('input[name="csat"]')
    expect(rating.first).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(page.locator('input[name="csat"][value="2"]')).to_be_checked()

    page.keyboard.press("Tab")
    expect(page.get_by_role("textbox")).to_be_focused()
    page.keyboard.type("menunya enak, tapi porsinya kecil")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Kirim jawaban")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Terima kasih!")


def test_unknown_link_says_so_in_indonesian(phone, live_server, screenshot):
    response = phone.goto(f"{live_server.url}/s/not-a-real-token")
    assert response.status == 404
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tautan tidak dikenal")
    screenshot(phone, "10-survey-phone-unknown-link")
