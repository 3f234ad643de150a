"""Staff sessions end when they should: logging out, a new password and deactivation stop every session and
remember cookie of that user, copies included; the cookies are SameSite=Lax, HttpOnly, Secure when asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from helpers import csrf_token
from sqlmodel import select

from feedback_app.models import AuditEntry, StaffUser
from feedback_app.staff.accounts import create_user, reset_password, set_active
from feedback_app.staff.sessions import user_for_login_id
from feedback_app.storage.database import session_scope

PASSWORD = "correct horse battery"


def log_in(app, email: str, password: str = PASSWORD, remember: bool = False):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"email": email, "password": password, "csrf_token": token} | ({"remember": "y"} if remember else {})
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.status_code
    return client, response


def copy_of(app, client, names=("session", "remember_token")):
    """Another browser holding the same cookies: a second device's, or stolen ones."""
    other = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        if cookie is not None:
            other.set_cookie(name, cookie.value)
    return other


def signed_in(client) -> bool:
    return client.get("/maps").status_code == 200


def log_out(client) -> None:
    token = csrf_token(client.get("/maps").get_data(as_text=True))
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302


@pytest.fixture
def sari(app_engine) -> int:
    with session_scope(app_engine) as session:
        return create_user(session, "sari@example.com", "cx_manager", PASSWORD).id


@pytest.fixture
def admin_id(app_engine) -> int:
    with session_scope(app_engine) as session:
        return create_user(session, "boss@example.com", "admin", PASSWORD).id


def test_logging_out_ends_a_copied_session_cookie(app, sari):
    client, _ = log_in(app, "sari@example.com")
    stolen = copy_of(app, client, names=("session",))
    assert signed_in(stolen)
    log_out(client)
    assert not signed_in(stolen) and not signed_in(client)


def test_a_remember_cookie_stops_working_after_logout(app, sari):
    client, _ = log_in(app, "sari@example.com", remember=True)
    assert signed_in(copy_of(app, client, names=("remember_token",)))  # it alone logs in, before
    kept = copy_of(app, client, names=("remember_token",))
    log_out(client)
    assert not signed_in(kept)


def test_a_new_password_ends_every_session_and_remember_cookie(app, app_engine, sari, admin_id):
    client, _ = log_in(app, "sari@example.com", remember=True)
    remembered = copy_of(app, client, names=("remember_token",))
    with session_scope(app_engine) as session:
        reset_password(session, sari, "a brand new passphrase")
    assert not signed_in(client) and not signed_in(remembered)
    assert signed_in(log_in(app, "sari@example.com", "a brand new passphrase")[0])


def test_deactivation_ends_sessions_for_good(app, app_engine, sari, admin_id):
    client, _ = log_in(app, "sari@example.com", remember=True)
    remembered = copy_of(app, client, names=("remember_token",))
    with session_scope(app_engine) as session:
        set_active(session, sari, False, admin_id)
    assert not signed_in(client)
    with session_scope(app_engine) as session:
        set_active(session, sari, True, admin_id)
    assert not signed_in(remembered)  # reactivated: the old cookies stay dead


def test_an_admin_who_sets_their_own_password_stays_logged_in(app, admin_id):
    client, _ = log_in(app, "boss@example.com")
    other_device = copy_of(app, client)
    page = f"/admin/users/{admin_id}"
    token = csrf_token(client.get(page).get_data(as_text=True))
    new = "another long passphrase"
    response = client.post(f"{page}/password", data={"password": new, "confirm": new, "csrf_token": token})
    assert response.status_code == 302 and signed_in(client)
    assert not signed_in(other_device)


def test_the_login_id_names_the_session_version(app_engine, sari):
    with session_scope(app_engine) as session:
        user = session.exec(select(StaffUser).where(StaffUser.id == sari)).one()
        assert user.get_id() == f"{sari}:1"
        assert user_for_login_id(session, f"{sari}:1") is user
        for stale in (str(sari), f"{sari}:0", f"{sari}:2", "x:1", f"{sari}:1:1", "9" * 40 + ":1"):
            assert user_for_login_id(session, stale) is None


def _cookies(response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_cookies_are_same_site_lax_http_only_and_remembered_for_fourteen_days(app, sari):
    before = datetime.now(UTC)
    _, response = log_in(app, "sari@example.com", remember=True)
    cookies = _cookies(response)
    for name in ("session", "remember_token"):
        assert "SameSite=Lax" in cookies[name] and "HttpOnly" in cookies[name]
        assert "Secure" not in cookies[name]  # plain HTTP unless FEEDBACK_COOKIE_SECURE says TLS
    expires = parsedate_to_datetime(cookies["remember_token"].split("Expires=")[1].split(";")[0])
    assert before + timedelta(days=14) - timedelta(minutes=5) <= expires <= before + timedelta(days=14, minutes=5)


def test_cookie_secure_makes_both_cookies_https_only(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("FEEDBACK_COOKIE_SECURE", "1")
    monkeypatch.setenv("FEEDBACK_REMEMBER_DAYS", "3")
    from feedback_app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"})
    with session_scope(app.extensions["feedback_engine"]) as session:
        create_user(session, "sari@example.com", "cx_manager", PASSWORD)
    client = app.test_client()
    token = csrf_token(client.get("https://localhost/login").get_data(as_text=True))
    data = {"email": "sari@example.com", "password": PASSWORD, "csrf_token": token, "remember": "y"}
    referer = {"Referer": "https://localhost/login"}  # Flask-WTF checks it over HTTPS
    cookies = _cookies(client.post("https://localhost/login", data=data, headers=referer))
    assert "Secure" in cookies["session"] and "Secure" in cookies["remember_token"]
    expires = parsedate_to_datetime(cookies["remember_token"].split("Expires=")[1].split(";")[0])
    assert timedelta(days=2) < expires - datetime.now(UTC) <= timedelta(days=3)
    app.extensions["feedback_engine"].dispose()


def change_own_password(client, current: str, new: str, confirm: str | None = None):
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    data = {"current": current, "password": new, "confirm": confirm or new, "csrf_token": token}
    return client.post("/account/password", data=data)


def test_changing_my_password_keeps_me_in_and_logs_out_my_other_sessions(app, app_engine, sari):
    client, _ = log_in(app, "sari@example.com", remember=True)
    other_device = copy_of(app, client)
    assert change_own_password(client, PASSWORD, "sambal matah pedas sekali").status_code == 302
    assert signed_in(client) and not signed_in(other_device)
    assert signed_in(log_in(app, "sari@example.com", "sambal matah pedas sekali")[0])
    with session_scope(app_engine) as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "password_changed" in actions


def test_my_new_password_needs_the_current_one_and_the_policy(app, sari):
    client, _ = log_in(app, "sari@example.com")
    wrong = change_own_password(client, "not my password", "sambal matah pedas sekali")
    assert wrong.status_code == 422 and "The current password is not right." in wrong.get_data(as_text=True)
    common = change_own_password(client, PASSWORD, "qwerty123456")
    assert common.status_code == 422 and "one of the most common ones" in common.get_data(as_text=True)
    differ = change_own_password(client, PASSWORD, "sambal matah pedas sekali", "sambal matah")
    assert differ.status_code == 422 and "The two passwords differ." in differ.get_data(as_text=True)
    assert signed_in(log_in(app, "sari@example.com")[0])  # nothing changed


def test_wrong_current_passwords_count_towards_the_login_lock(app, app_engine, sari):
    """A stolen session cookie must not give unlimited guesses at the password behind it."""
    client, _ = log_in(app, "sari@example.com")
    answers = [change_own_password(client, f"guess number {n}", "sambal matah pedas sekali") for n in range(5)]
    assert [a.status_code for a in answers] == [422] * 4 + [429]
    assert "Too many attempts: try again in 15 minutes." in answers[-1].get_data(as_text=True)
    right = change_own_password(client, PASSWORD, "sambal matah pedas sekali")
    assert right.status_code == 429  # locked: even the right password is refused until the lock ends
    login_page = app.test_client()
    token = csrf_token(login_page.get("/login").get_data(as_text=True))
    shared = login_page.post("/login", data={"email": "sari@example.com", "password": PASSWORD, "csrf_token": token})
    assert shared.status_code == 429  # the login page shares the lock
    with session_scope(app_engine) as session:
        actions = session.exec(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions.count("password_change_failed") == 5 and "password_change_locked" in actions
    assert "password_changed" not in actions
