"""A marketer creates a trigger with a condition and quiet hours, previews it and sends a test (chromium)."""

from __future__ import annotations

import re

import pytest
from module_server import submit_login
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def logged_in_marketer(desktop, live_server, staff_login):
    email, password = staff_login("marketer")
    submit_login(desktop, live_server.url, email, password)
    desktop.email = email
    return desktop


def option_value(page, select: str, text: str) -> str:
    return page.locator(f"{select} option", has_text=text).get_attribute("value")


def test_a_marketer_creates_previews_and_test_sends_a_trigger(logged_in_marketer, live_server, smtp_server, screenshot):
    page = logged_in_marketer
    page.get_by_role("link", name="Triggers").click()
    expect(page.get_by_role("heading", name="Triggers")).to_be_visible()
    screenshot(page, "triggers-list", full_page=True)
    page.get_by_role("link", name="New trigger").click()

    page.get_by_label("Name").fill("Delivery CSAT, monthly Jakarta")
    page.get_by_label("Touchpoint").select_option(option_value(page, "#touchpoint_id", "Receives a meal delivery"))
    page.get_by_label("Questionnaire").select_option(option_value(page, "#questionnaire_id", "(service-delivery)"))
    page.get_by_label("Quiet hours from").fill("21:00")
    page.get_by_label("until", exact=True).fill("8:00")  # a typo first: the form says what is wrong
    page.get_by_label("Row 1 customer field").fill("attributes.plan")
    page.get_by_label("Row 1 value").fill("monthly")
    page.get_by_label("Row 2 customer field").fill("attributes.city")
    page.get_by_label("Row 2 operator").select_option("in")
    page.get_by_label("Row 2 value").fill("Jakarta, Bandung")
    page.get_by_role("button", name="Save trigger").click()
    expect(page.get_by_text("Use a 24-hour time such as 21:00.")).to_be_visible()
    screenshot(page, "trigger-form-error", full_page=True)

    page.get_by_label("until", exact=True).fill("08:00")
    page.get_by_role("button", name="Save trigger").click()
    expect(page.get_by_role("heading", name=re.compile("Delivery CSAT, monthly Jakarta"))).to_be_visible()
    expect(page.get_by_text("plan equals monthly and city is one of Jakarta, Bandung")).to_be_visible()
    expect(page.get_by_text("21:00–08:00, customer's local time")).to_be_visible()
    screenshot(page, "trigger-page-funnel", full_page=True)

    page.get_by_role("link", name="Preview").click()
    email_frame = page.frame_locator("iframe[title='E-mail (id)']")
    expect(email_frame.get_by_role("link", name="Mulai survei (1 menit)")).to_be_visible()
    survey_frame = page.frame_locator("iframe[title='Questionnaire (en)']")
    expect(survey_frame.get_by_role("button", name="Send my answer")).to_be_visible()
    expect(survey_frame.get_by_text("Answers sent from here are not stored")).to_be_visible()
    screenshot(page, "trigger-preview", full_page=True)

    page.get_by_label("Language").select_option("en")
    page.get_by_role("button", name=re.compile("Send a test to")).click()
    expect(page.get_by_text(f"Test e-mail sent to {page.email}.")).to_be_visible()
    [mail] = [m for m in smtp_server.messages if m["To"] == page.email]
    assert mail["Subject"].startswith("[Test] ") and "do you have a minute?" in mail["Subject"]
    link = re.search(rf"{re.escape(live_server.url)}/preview/\S+", mail.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    expect(page.get_by_role("button", name="Send my answer")).to_be_visible()
    screenshot(page, "trigger-test-mail-link", full_page=True)
