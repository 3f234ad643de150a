"""Under the CSP, in a real browser: the charts, the map and the trigger preview work with no violation reported,
and another site cannot show a staff page in a frame."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from helpers import answer, schedule_invitations
from module_server import submit_login
from playwright.sync_api import expect
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.models import Trigger
from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(logged_in_manager):
    """The logged-in page, recording CSP violations (event and console) on every document it opens."""
    page = logged_in_manager
    page.add_init_script(RECORD_VIOLATIONS)
    page.console_messages_seen = []
    page.on("console", lambda message: page.console_messages_seen.append(message.text))
    return page


def violations(page) -> list[str]:
    reported = page.evaluate("window.__violations || []")
    return reported + [text for text in page.console_messages_seen if "Content Security Policy" in text]


def test_dashboards_draw_every_chart_without_a_csp_violation(watched, live_server):
    engine = live_server.app.extensions["feedback_engine"]
    now = utcnow()
    for i, invitation_id in enumerate(schedule_invitations(engine, 4, now)):
        answer(engine, invitation_id, 1 + i, ("telat", "dingin", "enak", "mantul")[i], now, rating=1 + i)
    watched.goto(f"{live_server.url}/dashboards/katering-sehat")
    charts = watched.locator("[data-chart]")
    expect(charts.first).to_be_visible()
    expect(watched.locator('[data-chart][data-rendered="true"]')).to_have_count(charts.count())
    assert watched.locator("[data-chart] svg").count() >= charts.count()
    assert violations(watched) == []


def test_the_map_and_the_printable_map_work_without_a_csp_violation(watched, live_server):
    watched.goto(f"{live_server.url}/maps/katering-sehat")
    expect(watched.locator("main")).to_be_visible()
    watched.wait_for_load_state("networkidle")
    watched.goto(f"{live_server.url}/maps/katering-sehat/print")
    expect(watched.locator("[data-print]")).to_be_visible()
    assert violations(watched) == []


def test_the_trigger_preview_shows_its_own_frames(browser, live_server, staff_login):
    engine = live_server.app.extensions["feedback_engine"]
    with session_scope(engine) as session:
        trigger_id = session.exec(select(Trigger)).first().id
    page = log_in(browser, live_server, staff_login, "marketer")
    page.goto(f"{live_server.url}/triggers/{trigger_id}/preview")
    expect(page.frame_locator("iframe.survey-frame").first.locator("form")).to_be_visible()
    page.context.close()


def log_in(browser, live_server, staff_login, role: str):
    page = browser.new_context().new_page()
    submit_login(page, live_server.url, *staff_login(role))
    return page


@pytest.fixture
def other_site(live_server):
    """A page on another origin (another port) that tries to show /admin/users in a frame."""
    target = f"{live_server.url}/admin/users"

    class Framing(BaseHTTPRequestHandler):
        def do_GET(self):
            body = f'<!doctype html><title>elsewhere</title><iframe src="{target}" width="800"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Framing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"  # same site as the app (ports differ): its cookie goes along
    server.shutdown()


def test_another_site_cannot_frame_a_staff_page(browser, live_server, staff_login, other_site):
    page = log_in(browser, live_server, staff_login, "admin")
    page.goto(f"{live_server.url}/admin/users")
    expect(page.locator("main")).to_contain_text("@example.com")  # the admin sees it at home
    page.goto(other_site)
    page.wait_for_load_state("load")
    [framed] = [frame for frame in page.frames if frame != page.main_frame]
    assert "@example.com" not in framed.content()
    page.context.close()
