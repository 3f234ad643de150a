"""Admin pages: accounts (last-admin guard, deactivation, password reset) and API keys (shown once, revoked at once)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from helpers import csrf_token
from sqlmodel import select

from feedback_app.common.clock import utcnow
from feedback_app.storage.database import session_scope


def log_in(app, email: str, password: str):
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": token})
    return client, response


@pytest.fixture
def admin(app, staff_login):
    email, password = staff_login("admin")
    client, response = log_in(app, email, password)
    assert response.status_code == 302
    return client, email


def user_id(engine, email: str) -> int:
    from feedback_app.models import StaffUser

    with session_scope(engine) as session:
        return session.exec(select(StaffUser.id).where(StaffUser.email == email)).one()


def post(client, path: str, data: dict, page: str | None = None):
    token = csrf_token(client.get(page or path).get_data(as_text=True))
    return client.post(path, data={**data, "csrf_token": token})


def test_an_admin_creates_a_user_who_can_log_in(app, admin):
    client, _ = admin
    created = post(
        client,
        "/admin/users/new",
        {"email": "Sari@Example.com", "role": "marketer", "locale": "id", "password": "kopi-susu-2026"},
    )
    assert created.status_code == 302
    listing = client.get("/admin/users").get_data(as_text=True)
    assert "sari@example.com" in listing and "Marketer" in listing and "Bahasa Indonesia" in listing
    _, login = log_in(app, "sari@example.com", "kopi-susu-2026")
    assert login.status_code == 302


def test_the_new_user_form_says_what_is_wrong(admin):
    client, email = admin
    short = post(client, "/admin/users/new", {"email": "x", "role": "boss", "locale": "en", "password": "short"})
    html = short.get_data(as_text=True)
    assert short.status_code == 422
    assert "&#39;x&#39; is not an e-mail address." in html and "Not a valid choice." in html
    assert "The password needs at least 12 characters." in html
    taken = post(
        client, "/admin/users/new", {"email": email, "role": "admin", "locale": "en", "password": "long enough, surely"}
    )
    assert taken.status_code == 422 and f"There is already an account for {email}." in taken.get_data(as_text=True)


def test_the_last_active_admin_can_neither_leave_nor_lose_the_role(app, app_engine, admin, staff_login):
    client, email = admin
    me = user_id(app_engine, email)
    own = post(client, f"/admin/users/{me}/deactivate", {}, page="/admin/users")
    assert own.status_code == 302
    assert "You cannot deactivate your own account." in client.get("/admin/users").get_data(as_text=True)
    demoted = post(client, f"/admin/users/{me}", {"role": "marketer", "locale": "en"})
    assert demoted.status_code == 422
    assert "is the last active admin: make another user an admin first." in demoted.get_data(as_text=True)
    other, _ = staff_login("admin")
    assert post(client, f"/admin/users/{me}", {"role": "marketer", "locale": "en"}).status_code == 302
    assert client.get("/admin/users").status_code == 403  # no longer an admin, at the very next request
    from feedback_app.staff.accounts import StaffError, set_active

    with session_scope(app_engine) as session, pytest.raises(StaffError, match="last active admin"):
        set_active(session, user_id(app_engine, other), False, acting_user_id=me)


def test_a_deactivated_user_is_logged_out_and_can_be_reactivated(app, app_engine, admin, staff_login):
    client, _ = admin
    email, password = staff_login("cx_manager")
    theirs, _ = log_in(app, email, password)
    assert theirs.get("/maps").status_code == 200
    target = user_id(app_engine, email)
    assert post(client, f"/admin/users/{target}/deactivate", {}, page="/admin/users").status_code == 302
    assert theirs.get("/maps").status_code == 302  # their session ends at once
    assert log_in(app, email, password)[1].status_code == 401
    assert post(client, f"/admin/users/{target}/reactivate", {}, page="/admin/users").status_code == 302
    assert log_in(app, email, password)[1].status_code == 302


def test_a_password_reset_replaces_the_old_password(app, app_engine, admin, staff_login):
    client, _ = admin
    email, old = staff_login("marketer")
    target = user_id(app_engine, email)
    mismatch = post(
        client,
        f"/admin/users/{target}/password",
        {"password": "new-password-2026", "confirm": "other"},
        page=f"/admin/users/{target}",
    )
    assert mismatch.status_code == 422 and "The two passwords differ." in mismatch.get_data(as_text=True)
    reset = post(
        client,
        f"/admin/users/{target}/password",
        {"password": "new-password-2026", "confirm": "new-password-2026"},
        page=f"/admin/users/{target}",
    )
    assert reset.status_code == 302
    assert log_in(app, email, old)[1].status_code == 401
    assert log_in(app, email, "new-password-2026")[1].status_code == 302


def test_a_new_key_is_shown_once_and_revoking_it_stops_the_api_at_once(app, admin):
    client, _ = admin
    created = post(client, "/admin/api-keys", {"name": "Shop orders"})
    html = created.get_data(as_text=True)
    key = re.search(r'id="new-key" class="key" value="(fbk_[^"]+)"', html).group(1)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    assert "it is shown only this once" in html and 'id="copy-key"' in html
    later = client.get("/admin/api-keys").get_data(as_text=True)
    assert key not in later and f"fbk_{key.split('_')[1]}_…" in later and "never" in later

    api = app.test_client()
    headers = {"Authorization": f"Bearer {key}"}
    assert api.get("/api/v1/journeys", headers=headers).status_code == 200
    assert "never" not in client.get("/admin/api-keys").get_data(as_text=True)  # last used is recorded
    key_id = re.search(r'href="/admin/api-keys/(\d+)/revoke"', later).group(1)
    confirm = client.get(f"/admin/api-keys/{key_id}/revoke").get_data(as_text=True)
    assert "Every request with it is refused" in confirm
    assert post(client, f"/admin/api-keys/{key_id}/revoke", {}).status_code == 302
    assert api.get("/api/v1/journeys", headers=headers).status_code == 401
    assert "revoked" in client.get("/admin/api-keys").get_data(as_text=True)


def test_last_use_is_written_at_most_once_a_minute(app_engine):
    from feedback_app.staff.accounts import check_api_key, create_api_key, list_api_keys

    now = utcnow()
    with session_scope(app_engine) as session:
        key = create_api_key(session, "crm")
    for seconds, expected in ((0, 0), (30, 0), (61, 61)):
        with session_scope(app_engine) as session:
            check_api_key(session, key, now + timedelta(seconds=seconds))
        with session_scope(app_engine) as session:
            last = list_api_keys(session)[0].last_used_at
        assert last.replace(tzinfo=None) == (now + timedelta(seconds=expected)).replace(tzinfo=None)


def test_other_roles_see_no_admin_link_and_get_403(app, staff_login, admin):
    client, _ = admin
    assert 'href="/admin/users">Admin</a>' in client.get("/admin/users").get_data(as_text=True)
    email, password = staff_login("cx_manager")
    manager, _ = log_in(app, email, password)
    assert 'href="/admin/users"' not in manager.get("/maps").get_data(as_text=True)
    assert manager.get("/admin/api-keys").status_code == 403
