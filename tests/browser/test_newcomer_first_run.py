"""A newcomer's first run, as the quick start leads it: a fresh database with the demo history, the server as
`scripts/start.sh` runs it (`serve` with its scheduler, no SMTP), the printed event, "Send now" in the outbox, the
survey link shown there, an answer, and the answer counted on the map. No step reads the code or the logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from helpers import free_port, wait_for_answer
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

CLI = [sys.executable, "-m", "feedback_app.cli"]
DEMO_LOGIN = ("demo@example.com", "demo-password")


@pytest.fixture
def fresh_product(tmp_path):
    """What scripts/start.sh does on a fresh machine, then its server on a free port; yields (url, api key)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FEEDBACK_")},
        "FEEDBACK_INSTANCE_PATH": str(tmp_path / "instance"),
        "FEEDBACK_DATABASE_URL": f"sqlite:///{tmp_path / 'feedback.db'}",
        "FEEDBACK_SCHEDULER": "1",
        "FEEDBACK_BASE_URL": url,
    }

    def run(*args: str) -> str:
        done = subprocess.run([*CLI, *args], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("init-db")
    run("load-surveys")
    assert "Demo history:" in run("seed-demo", "--history")
    run("create-user", DEMO_LOGIN[0], "--role", "admin", "--password", DEMO_LOGIN[1])
    key = run("create-api-key", "demo").strip().splitlines()[-1]
    with open(tmp_path / "serve.log", "w") as log:
        server = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), "--workers", "2"], env=env, stdout=log, stderr=log
        )
    try:
        wait_for_answer(f"{url}/healthz")
        yield url, key
    finally:
        server.terminate()
        server.wait(timeout=30)


def post_the_printed_event(url: str, key: str, customer: str) -> dict:
    """The event scripts/start.sh prints: it happened two hours ago, so the trigger's delay has passed."""
    occurred = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    body = {
        "touchpoint": "order_delivered",
        "occurred_at": occurred,
        "customer": {"external_id": customer, "email": "rina@example.com", "name": "Rina", "locale": "en"},
    }
    request = urllib.request.Request(
        f"{url}/api/v1/events",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 202
        return json.load(answer)


def test_a_newcomer_sees_the_loop_from_event_to_map(fresh_product, desktop):
    url, key = fresh_product
    page = desktop
    page.set_default_timeout(20_000)
    page.goto(f"{url}/login")
    page.get_by_label("E-mail").fill(DEMO_LOGIN[0])
    page.get_by_label("Password").fill(DEMO_LOGIN[1])
    page.locator("form button[type=submit]").click()
    before = page.request.get(f"{url}/api/v1/journeys/katering-sehat/map").json()
    service = next(stage for stage in before["stages"] if stage["key"] == "service")
    assert service["emotion"]["responses"] > 50  # the first login already shows a living map

    customer = f"newcomer-{uuid.uuid4().hex[:8]}"
    [planned] = post_the_printed_event(url, key, customer)["invitations"]
    assert planned["status"] == "scheduled", planned  # not "suppressed: expired"

    page.goto(f"{url}/invitations")
    row = page.locator("tr", has_text=customer)
    send_now = row.get_by_role("button", name="Send now")
    if send_now.count():  # the scheduler may have sent it already; otherwise the newcomer presses "Send now"
        send_now.click()
    row = page.locator("tr", has_text=customer)
    link = row.locator('a[href*="/s/"]')
    expect(link).to_be_visible()
    survey = link.get_attribute("href")

    page.goto(survey)
    page.locator('label.choice:has(input[name="feeling"][value="2"])').click()
    page.locator('label.choice:has(input[name="csat"][value="2"])').click()
    page.locator('textarea[name="comment"]').fill("The courier was late again and the food was cold")
    page.locator("form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()

    page.goto(f"{url}/maps/katering-sehat")
    cell = page.locator('td[data-stage="service"][data-lane="emotion"]')
    expect(cell).to_contain_text(f"{service['emotion']['responses'] + 1} answers")
