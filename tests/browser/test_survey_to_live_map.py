"""The whole loop in a real browser: an e-mailed link answered on a phone, then the live journey map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

COMPLAINT = "kurirnya telat bgt, makanan udah dingin"


def choose(page: Page, question: str, value: int) -> None:
    """Taps the visible label of one option (the radio itself is transparent over it)."""
    page.locator(f'label.choice:has(input[name="{question}"][value="{value}"])').click()
    expect(page.locator(f'input[name="{question}"][value="{value}"]')).to_be_checked()


def assert_fits_the_screen(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a {page.viewport_size['width']}px screen"


def service_cell(page: Page, lane: str):
    return page.locator(f'td[data-stage="service"][data-lane="{lane}"]')


def test_customer_answers_on_a_phone_and_the_map_updates_live(
    phone, logged_in_manager, live_server, invite, answer_over_http, screenshot
):
    link = invite("c-42", "rina@example.com", "Rina", locale="id")

    # The link opens in the customer's language, on a phone, without sideways scrolling.
    phone.goto(link)
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pengiriman makanan Anda")
    expect(phone.get_by_role("button", name="Kirim jawaban")).to_be_visible()
    assert_fits_the_screen(phone)
    screenshot(phone, "01-survey-phone-indonesian", full_page=True)

    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your meal delivery")
    expect(phone.get_by_role("button", name="Send my answer")).to_be_visible()
    screenshot(phone, "02-survey-phone-english", full_page=True)
    phone.get_by_role("link", name="Bahasa Indonesia").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Pengiriman makanan Anda")

    # Sending nothing says what is missing, still in Indonesian.
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_role("alert")).to_have_text("Ada jawaban yang belum lengkap. Periksa pertanyaan yang ditandai.")
    expect(phone.locator(".field-error")).to_have_text(["Mohon pilih salah satu jawaban."] * 2)
    expect(phone.locator("html")).to_have_attribute("lang", "id")
    assert_fits_the_screen(phone)
    screenshot(phone, "03-survey-phone-missing-answers", full_page=True)

    choose(phone, "feeling", 1)
    choose(phone, "csat", 2)
    phone.get_by_label("Apa yang bisa kami perbaiki").fill(COMPLAINT)
    screenshot(phone, "04-survey-phone-filled-in", full_page=True)
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Terima kasih!")
    expect(phone).to_have_url(re.compile(r"/s/[\w-]+/thanks\?lang=id$"))
    screenshot(phone, "05-survey-phone-thank-you", full_page=True)

    answered = phone.goto(link)
    assert answered.status == 409
    expect(phone.get_by_role("heading", level=1)).to_have_text("Survei ini sudah dijawab")
    screenshot(phone, "06-survey-phone-already-answered", full_page=True)

    # The manager's map shows the answer in the Service column only.
    page = logged_in_manager
    page.goto(f"{live_server.url}/maps/katering-sehat")
    emotion = service_cell(page, "emotion")
    expect(emotion).to_contain_text("1 answer")
    expect(emotion.locator(".emotion-score")).to_have_class(re.compile(r"\bfew\b"))  # one answer: grey, not judged
    expect(emotion.locator(".few-note")).to_have_text("Too few answers to judge: 5 needed.")
    expect(emotion.locator(".emotion-score")).to_have_text(re.compile(r"^-\d\.\d\d$"))
    expect(page.locator('td[data-stage="awareness"][data-lane="emotion"]')).to_have_text("No answers yet")
    pains = service_cell(page, "pain_points")
    late = pains.locator("li", has_text="Late delivery")
    expect(late.locator(".count")).to_have_text("1")
    expect(late.locator("details li")).to_have_text([f"“{COMPLAINT}”"])
    screenshot(page, "07-map-desktop-after-first-answer", full_page=True)

    # A second customer answers while the map is open: it updates in place within seconds.
    page.evaluate("window.mapNotReloaded = true")
    second = invite("c-43", "budi@example.com", "Budi", locale="en")
    landed = answer_over_http(
        second, {"feeling": "2", "csat": "2", "comment": "delivery was late again, food was cold"}
    )
    assert landed.endswith("/thanks?lang=en")
    expect(emotion).to_contain_text("2 answers", timeout=5_000)
    expect(emotion).to_contain_text("2 negative")
    expect(late.locator(".count")).to_have_text("2")
    assert page.evaluate("window.mapNotReloaded") is True
    screenshot(page, "08-map-desktop-updated-live", full_page=True)
