"""The audit log from the pages: logins, account and key changes, triggers, journeys and exports leave entries
(never a password); the admin's page filters, pages and downloads them, and no route changes one."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from helpers import csrf_token
from sqlmodel import select

from feedback_app.models import AuditEntry, StaffUser, Trigger
from feedback_app.staff.accounts import create_user
from feedback_app.staff.audit import record_staff_action
from feedback_app.storage.database import session_scope

PASSWORD = "correct horse battery"


def log_in(app, email: str, password: str = PASSWORD):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client, client.post("/login", data={"email": email, "password": password, "csrf_token": token})


def post(client, path: str, data: dict | None = None, page: str = "/maps"):
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(path, data={**(data or {}), "csrf_token": token})


def entries(engine) -> list[AuditEntry]:
    with session_scope(engine) as session:
        return list(session.exec(select(AuditEntry).order_by(AuditEntry.id)))


@pytest.fixture
def admin(app, app_engine):
    with session_scope(app_engine) as session:
        create_user(session, "boss@example.com", "admin", PASSWORD)
    client, response = log_in(app, "boss@example.com")
    assert response.status_code == 302
    return client


def test_logins_failed_logins_and_logouts_are_audited_without_the_password(app, app_engine):
    with session_scope(app_engine) as session:
        create_user(session, "sari@example.com", "cx_manager", PASSWORD)
    assert log_in(app, "sari@example.com", "a wrong guess 123")[1].status_code == 401
    assert log_in(app, "nobody@example.com", "a wrong guess 123")[1].status_code == 401
    client, _ = log_in(app, "Sari@Example.com")
    assert post(client, "/logout").status_code == 302
    log = entries(app_engine)
    assert [(e.action, e.actor) for e in log] == [
        ("login_failed", "sari@example.com"),
        ("login_failed", "nobody@example.com"),
        ("login", "sari@example.com"),
        ("logout", "sari@example.com"),
    ]
    assert all(e.client == "127.0.0.1" and e.at is not None for e in log)
    assert not any("wrong guess" in repr(e.model_dump()) or PASSWORD in repr(e.model_dump()) for e in log)


def test_account_and_key_changes_are_audited(app, app_engine, admin):
    new = {"email": "budi@example.com", "role": "marketer", "locale": "id", "password": "kopi susu gula aren"}
    assert post(admin, "/admin/users/new", new, "/admin/users/new").status_code == 302
    with session_scope(app_engine) as session:
        budi = session.exec(select(AuditEntry).where(AuditEntry.action == "user_created")).one()
        budi_id = session.exec(select(StaffUser.id).where(StaffUser.email == "budi@example.com")).one()
    user_page, page = "/admin/users", f"/admin/users/{budi_id}"
    post(admin, page, {"role": "cx_manager", "locale": "en"}, page)
    post(admin, f"{page}/password", {"password": "teh manis hangat", "confirm": "teh manis hangat"}, page)
    post(admin, f"{page}/deactivate", {}, user_page)
    post(admin, f"{page}/reactivate", {}, user_page)
    post(admin, "/admin/api-keys", {"name": "Shop orders"}, "/admin/api-keys")
    key_id = admin.get("/admin/api-keys").get_data(as_text=True).split("/admin/api-keys/")[1].split("/")[0]
    post(admin, f"/admin/api-keys/{key_id}/revoke", {}, f"/admin/api-keys/{key_id}/revoke")
    log = [(e.action, e.target, e.actor) for e in entries(app_engine) if e.action != "login"]
    assert log == [
        ("user_created", "budi@example.com", "boss@example.com"),
        ("user_updated", "budi@example.com", "boss@example.com"),
        ("password_reset", "budi@example.com", "boss@example.com"),
        ("user_deactivated", "budi@example.com", "boss@example.com"),
        ("user_reactivated", "budi@example.com", "boss@example.com"),
        ("api_key_created", "Shop orders", "boss@example.com"),
        ("api_key_revoked", "Shop orders", "boss@example.com"),
    ]
    assert budi.details == {"role": "marketer", "locale": "id"}
    assert "teh manis" not in repr([e.model_dump() for e in entries(app_engine)])


def test_trigger_and_journey_changes_and_answer_exports_are_audited(seeded_app, app_engine, admin):
    with session_scope(app_engine) as session:
        trigger = session.exec(select(Trigger)).first()
    post(admin, f"/triggers/{trigger.id}/pause", page="/triggers")
    post(admin, f"/triggers/{trigger.id}/resume", page="/triggers")
    post(admin, "/maps", {"name": "Onboarding"})
    post(admin, "/maps/onboarding/stages", {"name": "Sign-up"})
    page = admin.get(f"/triggers/{trigger.id}/delete").get_data(as_text=True)
    admin.post(f"/triggers/{trigger.id}/delete", data={"csrf_token": csrf_token(page)})
    assert admin.get("/responses/export.csv?q=late").status_code == 200
    log = [(e.action, e.target, e.details) for e in entries(app_engine) if e.action != "login"]
    assert log == [
        ("trigger_paused", trigger.name, {"id": trigger.id}),
        ("trigger_resumed", trigger.name, {"id": trigger.id}),
        ("journey_created", "onboarding", {"name": "Onboarding"}),
        ("journey_updated", "onboarding", {"edit": "map_editing.add_stage"}),
        ("trigger_deleted", trigger.name, {"id": trigger.id}),
        ("answers_exported", "responses", {"q": "late"}),
    ]


@pytest.fixture
def logged(app_engine):
    """130 entries: sari's logins on 1-10 March 2026, budi's failed logins, one with a formula for a target."""
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with session_scope(app_engine) as session:
        for n in range(100):
            record_staff_action(session, actor="sari@example.com", action="login", at=start + timedelta(hours=2 * n))
        for n in range(29):
            at = start + timedelta(hours=2 * n + 1)
            record_staff_action(session, actor="budi@example.com", action="login_failed", at=at, client="10.0.0.9")
        record_staff_action(session, actor=None, action="user_created", target="=HYPERLINK(1)", client="cli", at=start)
    return start


def test_the_audit_log_lists_newest_first_with_filters_and_pages(app, admin, logged):
    html = admin.get("/admin/audit?actor=SARI").get_data(as_text=True)
    assert "Page 1 of 2 · 100 entries" in html and "budi@example.com" not in html
    assert html.index("2026-03-09 14:00:00") < html.index("2026-03-09 12:00:00")  # newest first
    older = admin.get("/admin/audit?actor=sari&page=2").get_data(as_text=True)
    assert "2026-03-01 08:00:00" in older and "2026-03-09 14:00:00" not in older
    failed = admin.get("/admin/audit?action=login_failed&since=2026-03-02&until=2026-03-02").get_data(as_text=True)
    assert "Page 1 of 1 · 12 entries" in failed and "10.0.0.9" in failed and "Failed login" in failed
    assert "command line" in admin.get("/admin/audit?action=user_created").get_data(as_text=True)
    assert admin.get("/admin/audit?page=99").status_code == 200  # past the last: the last page


@pytest.mark.parametrize("query", ["since=yesterday", "until=9999-12-31", "page=0", "page=" + "9" * 30])
def test_a_bad_filter_says_what_is_wrong(admin, query):
    response = admin.get(f"/admin/audit?{query}")
    assert response.status_code == 400 and "must be" in response.get_data(as_text=True)


def test_the_csv_download_has_every_matching_entry_and_is_itself_audited(admin, app_engine, logged):
    response = admin.get("/admin/audit.csv?actor=budi")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["at_utc", "actor", "action", "target", "details", "client"]
    assert len(rows) == 30 and rows[1][:3] == ["2026-03-03T17:00:00+00:00", "budi@example.com", "login_failed"]
    everything = admin.get("/admin/audit.csv").get_data(as_text=True)
    assert "'=HYPERLINK(1)" in everything  # a spreadsheet will not run it
    downloads = [e for e in entries(app_engine) if e.action == "audit_log_exported"]
    assert [e.details for e in downloads] == [{"actor": "budi"}, {}]


def test_the_audit_log_speaks_indonesian(admin, logged):
    post(admin, "/locale", {"locale": "id", "next": "/admin/audit"}, "/admin/audit")
    html = admin.get("/admin/audit?action=login_failed").get_data(as_text=True)
    assert "<h1>Log audit</h1>" in html and "Gagal masuk" in html and "Kapan (UTC)" in html


def test_no_route_changes_or_removes_an_entry(app):
    audit_rules = [rule for rule in app.url_map.iter_rules() if "audit" in rule.rule]
    assert {rule.endpoint for rule in audit_rules} == {"admin.audit_log", "admin.audit_log_csv"}
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in audit_rules)
