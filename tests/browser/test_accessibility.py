"""axe-core (vendored: tests/browser/vendor/) on every staff and customer page, in both languages: no serious or
critical violation. The staff pages are found from the app's own routes, so a new page is checked (or must be
named below with the reason it is not a page)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import answer, schedule_invitations
from map_answers import record_answer
from module_server import log_in, seeded_server
from sqlmodel import select

from feedback_app.delivery.preview import preview_token
from feedback_app.models import Invitation, StaffUser, Trigger
from feedback_app.storage.database import session_scope

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
SLUG = "katering-sehat"
FILE = re.compile(r"\.(\w+|<[^>]+>)$")
NOT_PAGES = {  # GET routes that answer with something other than an HTML page, or only redirect
    "static": "files",
    "vendor.vega": "a script",
    "api.journeys": "JSON",
    "api.journey_map": "JSON",
    "api.healthz": "JSON",
    "api_docs.openapi_json": "JSON",
    "customers.api_customer": "JSON",
    "customers.download": "a JSON file",
    "admin.audit_log_csv": "a CSV file",
    "responses.export": "a CSV file",
    "exports.map_file": "PNG, SVG, PDF files",
    "exports.dashboard_chart": "PNG, SVG, PDF files",
    "maps.home": "a redirect",
    "admin.home": "a redirect",
    "triggers.preview_email_html": "an e-mail's HTML inside the preview page's frame (checked there)",
    "survey.thanks": "checked as a customer page, after an answer",
    "survey.questionnaire": "checked as a customer page",
    "unsubscribe.confirm": "checked as a customer page",
    "triggers.preview_survey": "checked as a customer page (the preview's questionnaire)",
    "auth.login": "checked logged out",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory, migrated_template):
    with seeded_server(tmp_path_factory, migrated_template) as server:
        engine = server.app.extensions["feedback_engine"]
        now = datetime.now(UTC)
        for i in range(6):  # enough answers for every live lane to draw (and a "too few answers" stage)
            record_answer(engine, "service", -0.5, "negative", ["delivery_late"], text=f"telat {i}", when=now)
        record_answer(engine, "decision", 0.4, "positive", [], text="enak", when=now)
        yield server


def serious(page) -> list[str]:
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
             .filter(v => v.impact === 'serious' || v.impact === 'critical')
             .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""
    )
    return found


def staff_paths(server) -> list[str]:
    """Every staff page's address, filled with the demo's keys; a route that is not listed fails the test."""
    engine = server.app.extensions["feedback_engine"]
    with session_scope(engine) as session:
        ids = {
            "trigger_id": session.exec(select(Trigger.id)).first(),
            "user_id": session.exec(select(StaffUser.id)).first(),
        }
    values = {"slug": SLUG, "stage": "service", "lane": "process", "key": "service", "key_id": 1, **ids}
    paths, unknown = [], []
    for rule in server.app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES or FILE.search(rule.rule):
            continue  # a route that names a file (…/sample.csv, …/export.<fmt>) downloads it: not a page
        if rule.endpoint == "admin.revoke_api_key":
            continue  # needs a key: its page is the api-keys page's confirmation, checked through that page
        if not set(rule.arguments) <= set(values):
            unknown.append(rule.rule)
            continue
        paths.append(rule.build({name: values[name] for name in rule.arguments})[1])
    assert not unknown, f"routes with parameters this test cannot fill: {unknown}"
    return sorted(paths)


@pytest.mark.parametrize("locale", ["en", "id"])
def test_every_staff_page_has_no_serious_accessibility_violation(browser, server, locale):
    page = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True).new_page()
    log_in(page, server, "admin", locale)
    problems = {}
    for path in staff_paths(server):
        response = page.goto(server.url + path)
        if response.status >= 400:
            problems[path] = [f"the page answered {response.status}"]
            continue
        if found := serious(page):
            problems[path] = found
    page.context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_every_customer_page_has_no_serious_accessibility_violation(browser, server):
    engine = server.app.extensions["feedback_engine"]
    now = datetime.now(UTC)
    fresh, answered, expired = schedule_invitations(engine, 3, now, prefix="axe")
    answer(engine, answered, 4, "enak", now)
    with session_scope(engine) as session:
        session.get(Invitation, expired).expires_at = now - timedelta(hours=1)
    tokens = {}
    with session_scope(engine) as session:
        questionnaire_id = session.exec(select(Trigger.questionnaire_id)).first()
        for name, invitation_id in (("fresh", fresh), ("answered", answered), ("expired", expired)):
            tokens[name] = session.get(Invitation, invitation_id).token
    page = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True).new_page()
    paths = [
        f"/s/{tokens['fresh']}?lang=id",
        f"/s/{tokens['fresh']}?lang=en",
        f"/s/{tokens['answered']}/thanks?lang=id",
        f"/s/{tokens['answered']}",
        f"/s/{tokens['expired']}",
        "/s/no-such-link",
        f"/u/{tokens['fresh']}",
        "/login",
        f"/preview/{preview_token('test-secret', questionnaire_id)}?lang=id",  # the trigger preview's frame
    ]
    problems = {}
    for path in paths:
        page.goto(server.url + path)
        if found := serious(page):
            problems[path] = found
    page.goto(f"{server.url}/s/{tokens['fresh']}?lang=id")
    page.get_by_role("button", name="Kirim jawaban").click()  # the form with its errors shown
    expect_alert = page.get_by_role("alert")
    assert re.search("belum lengkap", expect_alert.inner_text())
    if found := serious(page):
        problems["/s/… with errors"] = found
    page.context.close()
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
