"""The customer's survey on a phone: faces drawn without an emoji font, NPS targets a thumb can hit, what was
typed survives the language switch and an expired link, the "answers are missing" banner leaves once fixed, and
an unknown link is explained in both languages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from helpers import schedule_invitations
from module_server import seeded_server
from playwright.sync_api import expect

from feedback_app.models import Invitation
from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
SHOTS = "/tmp/shots"


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_template):
    with seeded_server(tmp_path_factory, migrated_template) as server:
        yield server


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def link(server):
    """A fresh survey link for the delivery questionnaire (or another touchpoint's), in Indonesian."""
    engine = server.app.extensions["feedback_engine"]

    def make(touchpoint: str = "order_delivered") -> str:
        [invitation_id] = schedule_invitations(
            engine, 1, datetime.now(UTC), touchpoint=touchpoint, prefix=f"s{datetime.now(UTC).timestamp()}"
        )
        with session_scope(engine) as session:
            return f"{server.url}/s/{session.get(Invitation, invitation_id).token}"

    return make


def test_faces_are_drawn_in_svg_with_their_names(phone, link):
    phone.goto(link())
    faces = phone.locator('label.choice:has(input[name="feeling"])')
    expect(faces).to_have_count(5)
    expect(faces.locator("svg.face-svg")).to_have_count(5)
    assert all(not any(0x1F600 <= ord(c) <= 0x1F64F for c in text) for text in faces.all_inner_texts())  # no emoji
    for name in ("Sangat kecewa", "Kecewa", "Biasa saja", "Senang", "Sangat senang"):
        expect(phone.get_by_role("radio", name=name, exact=True)).to_have_count(1)
    drawn = faces.first.locator("svg").bounding_box()
    assert drawn["width"] >= 32 and drawn["height"] >= 32
    phone.screenshot(path=f"{SHOTS}/survey-phone-id.png", full_page=True)


def test_nps_targets_are_large_and_ten_never_stands_alone(phone, link):
    phone.goto(link("subscription_renewed"))
    options = phone.locator(".scale-nps label.choice")
    expect(options).to_have_count(11)
    boxes = [options.nth(i).bounding_box() for i in range(11)]
    assert min(b["width"] for b in boxes) >= 44 and min(b["height"] for b in boxes) >= 44, boxes
    rows = sorted({round(b["y"]) for b in boxes})
    assert len(rows) == 2, rows
    assert sum(1 for b in boxes if round(b["y"]) == round(boxes[10]["y"])) >= 5  # "10" shares its row
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.screenshot(path=f"{SHOTS}/survey-phone-nps.png", full_page=True)


def test_switching_the_language_keeps_what_was_typed(phone, link):
    phone.goto(link())
    phone.get_by_role("radio", name="Kecewa", exact=True).check(force=True)
    phone.get_by_label("Apa yang bisa kami perbaiki").fill("kurirnya telat, tolong diperbaiki")
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    expect(phone.get_by_role("radio", name="Unhappy", exact=True)).to_be_checked()
    expect(phone.locator("textarea")).to_have_value("kurirnya telat, tolong diperbaiki")
    phone.screenshot(path=f"{SHOTS}/survey-phone-en-kept.png", full_page=True)


def test_the_missing_answers_banner_leaves_once_they_are_given(phone, link):
    phone.goto(link())
    phone.get_by_role("button", name="Kirim jawaban").click()
    banner = phone.get_by_role("alert")
    expect(banner).to_have_text("Ada jawaban yang belum lengkap. Periksa pertanyaan yang ditandai.")
    phone.get_by_role("radio", name="Senang", exact=True).check(force=True)
    expect(banner).to_be_visible()  # one question still open
    phone.locator('label.choice:has(input[name="csat"][value="4"])').click()
    expect(banner).to_be_hidden()


def test_an_expired_link_shows_back_what_the_customer_wrote(phone, link, server):
    url = link()
    phone.goto(url)
    phone.get_by_role("radio", name="Kecewa", exact=True).check(force=True)
    phone.locator('label.choice:has(input[name="csat"][value="2"])').click()
    phone.get_by_label("Apa yang bisa kami perbaiki").fill("Nasinya keras dan sayurnya basi.")
    with session_scope(server.app.extensions["feedback_engine"]) as session:  # the link expires while they write
        invitation = session.exec(Invitation.__table__.select().where(Invitation.token == url.rsplit("/", 1)[1])).one()
        session.get(Invitation, invitation.id).expires_at = datetime.now(UTC) - timedelta(minutes=1)
    phone.get_by_role("button", name="Kirim jawaban").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tautan sudah kedaluwarsa")
    expect(phone.get_by_role("status")).to_contain_text("Jawaban Anda tidak hilang.")
    expect(phone.locator(".kept-answer")).to_have_text("Nasinya keras dan sayurnya basi.")
    phone.screenshot(path=f"{SHOTS}/survey-phone-expired-kept.png", full_page=True)


def test_an_unknown_link_speaks_both_languages(phone, server):
    response = phone.goto(f"{server.url}/s/not-a-real-link")
    assert response.status == 404
    expect(phone.get_by_role("heading", name="Tautan tidak dikenal")).to_be_visible()
    expect(phone.get_by_role("heading", name="Unknown link")).to_be_visible()
    expect(phone.locator('[lang="en"]').filter(has_text="Please check the link")).to_be_visible()
