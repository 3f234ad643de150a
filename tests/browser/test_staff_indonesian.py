"""An Indonesian-speaking admin in chromium: the live map and the admin pages in Indonesian, screenshots of each."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from map_answers import record_answer
from playwright.sync_api import Page, expect

from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser
SLUG = "katering-sehat"


@pytest.fixture
def indonesian_admin(desktop: Page, live_server) -> Page:
    """An admin whose language is Indonesian, logged in through the (Indonesian) login form."""
    from feedback_app.staff.accounts import create_user

    engine = live_server.app.extensions["feedback_engine"]
    with session_scope(engine) as session:
        create_user(session, "sari@example.com", "admin", "kopi-susu-2026", locale="id")
    now = datetime.now(UTC)
    for emotion, label, themes, text, feeling in [
        (-0.7, "negative", ["delivery_late"], "kurirnya telat lagi", "anger"),
        (-0.3, "negative", ["delivery_late", "food_cold"], "telat dan dingin", "sadness"),
        (0.6, "positive", [], "enak, porsinya pas", "joy"),
    ]:
        record_answer(engine, "service", emotion, label, themes, text=text, when=now, emotion_label=feeling)
    desktop.goto(f"{live_server.url}/login?lang=id")
    desktop.get_by_label("E-mail").fill("sari@example.com")
    desktop.get_by_label("Kata sandi").fill("kopi-susu-2026")
    desktop.get_by_role("button", name="Masuk").click()
    desktop.wait_for_url(f"{live_server.url}/maps**")
    return desktop


def test_the_map_in_indonesian(indonesian_admin: Page, live_server, screenshot):
    page = indonesian_admin
    expect(page.get_by_role("heading", name="Peta perjalanan")).to_be_visible()
    page.goto(f"{live_server.url}/maps/{SLUG}")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    service = page.locator('td[data-stage="service"][data-lane="emotion"]')
    expect(page.locator("#live-status")).to_contain_text("Langsung: diperbarui", timeout=10_000)  # map.js redrew
    expect(service).to_contain_text("3 jawaban")
    expect(service.locator(".emotion-score")).to_have_text("-0,13")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Admin")
    expect(page.locator("#journey-map")).to_contain_text("Masalah")
    screenshot(page, "staff-id-map", full_page=True)


def test_the_admin_pages_in_indonesian(indonesian_admin: Page, live_server, screenshot):
    page = indonesian_admin
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin").click()
    expect(page.get_by_role("heading", name="Pengguna", exact=True)).to_be_visible()
    expect(page.locator(".admin-table")).to_contain_text("sari@example.com")
    expect(page.locator(".admin-table")).to_contain_text("Bahasa Indonesia")
    screenshot(page, "staff-id-admin-users", full_page=True)

    page.get_by_role("link", name="Pengguna baru").click()
    page.get_by_role("button", name="Buat akun").click()
    expect(page.locator(".field-error").first).to_have_text("Kolom ini wajib diisi.")
    screenshot(page, "staff-id-admin-new-user-errors", full_page=True)

    page.get_by_role("link", name="Kunci API").click()
    page.get_by_label("Nama").fill("Pesanan toko")
    page.get_by_role("button", name="Buat kunci").click()
    expect(page.get_by_role("alert")).to_contain_text("hanya ditampilkan sekali ini")
    expect(page.locator("#new-key")).to_have_value(re.compile(r"^fbk_[0-9a-f]{8}_"))
    page.get_by_role("button", name="Salin").click()
    expect(page.locator("#copy-status")).to_have_text("Tersalin")
    screenshot(page, "staff-id-admin-api-key", full_page=True)

    page.get_by_role("button", name="English").click()  # the switch saves English on the user
    expect(page.get_by_role("heading", name="API keys")).to_be_visible()
    expect(page.locator("#new-key")).to_have_count(0)  # the key was shown once, and only once
