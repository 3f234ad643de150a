"""Browser fixtures: Debian's chromium under Playwright, a phone and a desktop, invitations over real HTTP and SMTP."""

from __future__ import annotations

import json
import os
import re
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest
from module_server import submit_login

from feedback_app.config import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's own browser paths do not exist here: launch Debian's chromium instead."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)"
        if os.environ.get("FEEDBACK_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture
def phone(browser, playwright):
    """A page on a phone-sized touch screen (Pixel 7)."""
    context = browser.new_context(**playwright.devices["Pixel 7"])
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot():
    """Saves a page's screenshot under test-artifacts/screenshots/ by a descriptive name."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str, full_page: bool = False) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def invite(live_server, smtp_server, api_key):
    """Posts an `order_delivered` event for a customer, runs a dispatch pass, returns the link in the e-mail."""
    from feedback_app.scheduler import run_until_idle

    def send(external_id: str, email: str, name: str, locale: str = "id") -> str:
        event = {
            "touchpoint": "order_delivered",
            "event_id": f"evt-{uuid.uuid4().hex}",
            "occurred_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            "customer": {"external_id": external_id, "email": email, "name": name, "locale": locale},
        }
        request = Request(
            f"{live_server.url}/api/v1/events",
            data=json.dumps(event).encode(),
            method="POST",
            headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        )
        with build_opener().open(request, timeout=10) as response:
            assert response.status == 202, response.read()
        result = run_until_idle(
            live_server.app.extensions["feedback_engine"], live_server.app.extensions["feedback_settings"]
        )
        assert result.sent == 1, result
        mails = [m for m in smtp_server.messages if m["To"] == email]
        assert len(mails) == 1, [m["To"] for m in smtp_server.messages]
        plain = mails[0].get_body(preferencelist=("plain",)).get_content()
        links = re.findall(rf"{re.escape(live_server.url)}/s/[A-Za-z0-9_-]+", plain)
        assert links, f"no survey link in the plain-text mail:\n{plain}"
        return links[0]

    return send


class _HiddenInputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.values[attrs["name"]] = attrs.get("value") or ""


@pytest.fixture
def answer_over_http():
    """Answers a survey link like a browser without JavaScript: GET the form, POST it with its hidden inputs."""

    def answer(link: str, answers: dict[str, str]) -> str:
        opener = build_opener(HTTPCookieProcessor(CookieJar()))
        with opener.open(link, timeout=10) as response:
            hidden = _HiddenInputs()
            hidden.feed(response.read().decode())
        body = urlencode({**hidden.values, **answers}).encode()
        with opener.open(Request(link, data=body, method="POST"), timeout=10) as response:
            assert response.status == 200
            return response.url

    return answer


@pytest.fixture
def logged_in_manager(desktop, live_server, staff_login):
    """A desktop page logged in through the login form as a CX manager."""
    submit_login(desktop, live_server.url, *staff_login("cx_manager"))
    return desktop
