"""Logins: throttled per account and per address with lock-outs that end by themselves, the same work for unknown
addresses, one rule for staff addresses, and a password policy (12+ characters, not a common password)."""

from __future__ import annotations

import threading
from datetime import timedelta
from fnmatch import fnmatch

import pytest
from helpers import csrf_token
from sqlmodel import select

from feedback_app.config import PROJECT_ROOT
from feedback_app.models import AuditEntry, LoginThrottle
from feedback_app.staff import accounts, login_throttle
from feedback_app.staff.accounts import StaffError, create_user, set_active
from feedback_app.staff.credentials import check_password, staff_email
from feedback_app.staff.login import log_in
from feedback_app.storage.database import session_scope

PASSWORD = "correct horse battery"


@pytest.fixture
def sari(engine) -> str:
    with session_scope(engine) as session:
        return create_user(session, "sari@example.com", "marketer", PASSWORD).email


def attempt(engine, email: str, password: str, now, client: str = "10.0.0.7"):
    with session_scope(engine) as session:
        return log_in(session, email, password, client=client, now=now)


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(engine, sari, now):
    for minute in range(4):
        assert attempt(engine, sari, "wrong password!", now + timedelta(minutes=minute)).locked_until is None
    fifth = attempt(engine, sari, "wrong password!", now + timedelta(minutes=4))
    assert fifth.user is None and fifth.locked_until == now + timedelta(minutes=19)
    locked = attempt(engine, sari, PASSWORD, now + timedelta(minutes=10))  # even the right password waits
    assert locked.user is None and locked.minutes_locked(now + timedelta(minutes=10)) == 9
    assert attempt(engine, sari, PASSWORD, now + timedelta(minutes=19)).user is not None  # over by itself


def test_failures_spread_beyond_the_window_do_not_lock(engine, sari, now):
    for minute in (0, 5, 10, 16, 21, 26):
        assert attempt(engine, sari, "wrong password!", now + timedelta(minutes=minute)).locked_until is None


def test_a_successful_login_starts_the_account_count_afresh(engine, sari, now):
    for _ in range(4):
        attempt(engine, sari, "wrong password!", now)
    assert attempt(engine, sari, PASSWORD, now).user is not None
    for _ in range(4):
        assert attempt(engine, sari, "wrong password!", now).locked_until is None


def test_an_unknown_address_is_locked_just_like_a_known_one(engine, sari, now):
    outcomes = [attempt(engine, "nobody@example.com", "wrong password!", now) for _ in range(5)]
    assert outcomes[-1].locked_until == now + login_throttle.ACCOUNT_RULE.lockout


def test_one_address_trying_many_accounts_is_locked(migrated_backend, now):
    with session_scope(migrated_backend) as session:
        ends = [
            login_throttle.record_failed_login(session, f"guess{n}@example.com", "203.0.113.9", now) for n in range(20)
        ]
    assert ends[:19] == [None] * 19 and ends[19] == now + timedelta(minutes=15)
    with session_scope(migrated_backend) as session:
        assert login_throttle.locked_until(session, "someone@example.com", "203.0.113.9", now) == ends[19]
        assert login_throttle.locked_until(session, "someone@example.com", "198.51.100.1", now) is None
        assert login_throttle.locked_until(session, "someone@example.com", "203.0.113.9", ends[19]) is None


def test_concurrent_failures_are_all_counted(migrated_backend, now):
    """Several server processes failing the same account at once lose no count (row lock / serial writers)."""

    def fail() -> None:
        with session_scope(migrated_backend) as session:
            login_throttle.record_failed_login(session, "sari@example.com", None, now)

    threads = [threading.Thread(target=fail) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with session_scope(migrated_backend) as session:
        row = session.get(LoginThrottle, "account:sari@example.com")
        assert row.failures == 4 and row.locked_until is None


def test_stale_counts_are_forgotten(engine, now):
    with session_scope(engine) as session:
        login_throttle.record_failed_login(session, "old@example.com", "192.0.2.1", now)
        login_throttle.record_failed_login(session, "new@example.com", None, now + timedelta(hours=1))
        keys = session.exec(select(LoginThrottle.key)).all()
    assert keys == ["account:new@example.com"]


def test_every_attempt_checks_one_password_hash_known_or_not(engine, sari, monkeypatch):
    """Equal work: an unknown or deactivated address costs the same hash check as a known one."""
    checked = []
    real_check = accounts.check_password_hash

    def counting_check(password_hash: str, password: str) -> bool:
        checked.append(password_hash)
        return real_check(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", counting_check)
    with session_scope(engine) as session:
        assert accounts.authenticate(session, "nobody@example.com", PASSWORD) is None
        assert accounts.authenticate(session, sari, "wrong password!") is None
        assert accounts.authenticate(session, sari, PASSWORD).email == sari
        user_id = accounts.authenticate(session, sari, PASSWORD).id
        admin = create_user(session, "boss@example.com", "admin", PASSWORD)
        set_active(session, user_id, False, admin.id)
        assert accounts.authenticate(session, sari, PASSWORD) is None
    assert len(checked) == 5
    unknown_hash, known_hash = checked[0], checked[1]
    assert unknown_hash != known_hash and unknown_hash.split("$")[0] == known_hash.split("$")[0]  # same method


def test_the_login_page_says_how_long_to_wait_without_naming_the_account(app, staff_login):
    email, _ = staff_login("marketer")
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    pages = {}
    for address in (email, "nobody@example.com"):
        for _ in range(5):
            response = client.post(
                "/login", data={"email": address, "password": "wrong password!", "csrf_token": token}
            )
        pages[address] = (response.status_code, response.get_data(as_text=True))
    for status, html in pages.values():
        assert status == 429 and "Too many attempts: try again in 15 minutes." in html
        assert "Wrong e-mail or password." not in html
    page = client.get("/login?lang=id")
    again = client.post("/login", data={"email": email, "password": "wrong password!", "csrf_token": token})
    assert page.status_code == 200
    assert again.status_code == 429 and "Terlalu banyak percobaan" in again.get_data(as_text=True)


@pytest.mark.parametrize(
    "password, problem",
    [
        ("password", "at least 12 characters"),
        ("12345678", "at least 12 characters"),
        ("kopi-susu-1", "at least 12 characters"),
        ("qwerty123456", "most common"),
        ("1Q2W3E4R5T6Y", "most common"),
        ("x" * 201, "at most 200"),
    ],
)
def test_weak_passwords_are_refused(password, problem):
    with pytest.raises(StaffError, match=problem):
        check_password(password)


def test_a_long_uncommon_password_is_accepted():
    check_password("kopi susu gula aren")


ADDRESSES = [
    ("sari@example.com", True),
    ("Sari@Example.COM", True),
    ("demo@example.test", True),  # RFC 2606 test domain: the demo and the tests use it
    ("budi@toko.co.id", True),
    ("x", False),
    ("x@localhost", False),
    ("x@printer.local", False),
    ("@example.com", False),
    ("a b@example.com", False),
]


@pytest.mark.parametrize("address, valid", ADDRESSES)
def test_create_user_and_the_login_form_accept_the_same_addresses(app, app_engine, address, valid):
    with session_scope(app_engine) as session:
        try:
            create_user(session, address, "marketer", PASSWORD)
            created = True
        except StaffError:
            created = False
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": address, "password": PASSWORD, "csrf_token": token})
    assert created is valid
    assert (response.status_code == 302) is valid  # logged in, or the form refused the address (422)
    assert valid or response.status_code == 422


def test_addresses_are_stored_in_lower_case():
    assert staff_email("  Sari@Example.COM ") == "sari@example.com"


def test_the_wheel_ships_the_common_password_list():
    import tomllib

    patterns = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    assert any(fnmatch("staff/data/common_passwords.txt", pattern) for pattern in patterns["feedback_app"])
    assert (PROJECT_ROOT / "feedback_app/staff/data/README.md").read_text().count("BSD") == 1


def test_the_lock_out_and_its_audit_hold_on_both_databases(backend_app):
    with session_scope(backend_app.engine) as session:
        create_user(session, "sari@example.com", "marketer", PASSWORD)
    client = backend_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    statuses = [
        client.post("/login", data={"email": "sari@example.com", "password": password, "csrf_token": token}).status_code
        for password in ["wrong password!"] * 5 + [PASSWORD]
    ]
    assert statuses == [401, 401, 401, 401, 429, 429]
    with session_scope(backend_app.engine) as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == ["login_failed"] * 5 + ["login_locked"]
