"""Every route of the app, requested as nobody, as each wrong role and as each right role.

The expected roles live in ROLES below, the one place that says who may use what: a new route fails
test_every_route_is_classified until it is added here (or to PUBLIC, with the reason it needs no login).
"""

from __future__ import annotations

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlmodel import select

from feedback_app.storage.database import session_scope

EVERYONE = frozenset({"admin", "cx_manager", "marketer"})
MAP_EDITORS = frozenset({"admin", "cx_manager"})
MARKETERS = frozenset({"admin", "marketer"})
ADMINS = frozenset({"admin"})

PUBLIC = {  # endpoint: why it needs no login
    "static": "stylesheets and scripts",
    "vendor.vega": "the Vega bundle the dashboards' charts load; no data",
    "api.healthz": "load balancers probe it",
    "maps.home": "sends people to the login or to the maps",
    "auth.login": "the way in",
    "survey.questionnaire": "customers, authorised by the one-time token in the link",
    "survey.thanks": "customers, after answering",
    "unsubscribe.confirm": "customers, authorised by the opt-out token",
    "unsubscribe.unsubscribe": "mail clients' one-click opt-out (RFC 8058)",
    "triggers.preview_survey": "the link in a test e-mail, authorised by a signed token",
    "api_docs.openapi_json": "the API's description for client generators; no data",
}
API_KEY = {  # endpoint: the staff roles that may also call it logged in (besides an API key)
    "api.post_events": frozenset(),
    "api.journeys": EVERYONE,
    "api.journey_map": EVERYONE,
    "customers.api_customer": frozenset(),  # only a key created with --personal-data
}
ROLES = {
    "auth.logout": EVERYONE,
    "auth.change_password": EVERYONE,
    "i18n.switch_locale": EVERYONE,
    "maps.index": EVERYONE,
    "maps.show": EVERYONE,
    "maps.review": EVERYONE,
    "themes.index": EVERYONE,
    "themes.save": MAP_EDITORS,
    "themes.delete": MAP_EDITORS,
    "themes.reread": MAP_EDITORS,
    "dashboards.index": EVERYONE,
    "dashboards.show": EVERYONE,
    "responses.index": EVERYONE,
    "responses.export": EVERYONE,
    "exports.dashboard_chart": EVERYONE,
    "exports.map_print": EVERYONE,
    "exports.map_file": EVERYONE,
    **{
        f"map_editing.{name}": MAP_EDITORS
        for name in (
            "create",
            "edit",
            "settings",
            "delete",
            "save_persona",
            "remove_persona",
            "add_stage",
            "update_stage",
            "move_stage",
            "remove_stage",
            "restore_stage",
            "add_channel",
            "add_touchpoint",
            "update_touchpoint",
            "move_touchpoint",
            "remove_touchpoint",
            "cell",
            "decide_opportunity",
            "translations_page",
            "save_translation",
            "owners",
            "save_owner",
            "test_alert",
            "freeze",
        )
    },
    **{
        f"triggers.{name}": MARKETERS
        for name in (
            "index",
            "create",
            "edit",
            "show",
            "pause_or_resume",
            "duplicate",
            "delete",
            "preview",
            "preview_email_html",
            "test_send",
        )
    },
    **{f"customers.{name}": ADMINS for name in ("find", "download", "erase", "privacy")},
    "invitations.index": MARKETERS,
    "invitations.retry": MARKETERS,
    "invitations.send": MARKETERS,
    "imports.events": MARKETERS,
    "imports.sample": MARKETERS,
    **{
        f"admin.{name}": ADMINS
        for name in (
            "home",
            "users",
            "new_user",
            "edit_user",
            "reset_password",
            "set_active",
            "api_keys",
            "revoke_api_key",
            "audit_log",
            "audit_log_csv",
        )
    },
}

# URL variables, from the seeded demo; per-endpoint values where one name means different things.
VALUES = {
    "slug": "katering-sehat",
    "stage": "service",
    "lane": "process",
    "key": "service",
    "name": "emotion_curve",
    "fmt": "svg",
    "token": "not-a-token",
    "lang": "en",
    "filename": "app.css",
    "invitation_id": 1,
    "external_id": "nobody",
}
OVERRIDES = {
    "map_editing.remove_persona": {"key": "busy-professional"},
    "map_editing.update_touchpoint": {"key": "order_delivered"},
    "map_editing.move_touchpoint": {"key": "order_delivered"},
    "map_editing.remove_touchpoint": {"key": "order_delivered"},
    "triggers.pause_or_resume": {"action": "pause"},
    "admin.set_active": {"action": "deactivate"},
}
CSRF_RAW = "route-permission-test"


def _rules(app):
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def test_every_route_is_classified(app):
    classified = PUBLIC.keys() | API_KEY.keys() | ROLES.keys()
    missing = sorted({rule.endpoint for rule in _rules(app)} - classified)
    assert not missing, f"say who may use these routes in tests/web/test_route_permissions.py: {missing}"
    stale = sorted(classified - {rule.endpoint for rule in _rules(app)})
    assert not stale, f"these endpoints no longer exist: {stale}"
    assert not (PUBLIC.keys() & ROLES.keys()) and not (API_KEY.keys() & ROLES.keys())


@pytest.fixture
def demo(seeded_app, app_engine):
    """One user per role (logged in through the session), a target user and a key for the admin routes."""
    from feedback_app.models import StaffUser, Trigger
    from feedback_app.staff.accounts import create_api_key, list_api_keys

    with session_scope(app_engine) as session:
        users = {role: StaffUser(email=f"{role}@example.com", role=role, password_hash="-") for role in EVERYONE}
        target = StaffUser(email="target@example.com", role="marketer", password_hash="-")
        session.add_all([*users.values(), target])
        create_api_key(session, "target")
        session.flush()
        ids = {role: user.id for role, user in users.items()}
        values = {
            **VALUES,
            "user_id": target.id,
            "key_id": list_api_keys(session)[0].id,
            "trigger_id": session.exec(select(Trigger.id)).first(),
        }
    return seeded_app, ids, values


def _url(app, rule, values: dict) -> str:
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{name: values[name] for name in rule.arguments})


def _client(app, user_id: int | None):
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf_token"] = CSRF_RAW
        if user_id is not None:
            session["_user_id"], session["_fresh"] = f"{user_id}:1", True  # StaffUser.get_id: id and version
    return client


def _requests(app, rule, url: str, user_id: int | None):
    """GET and/or POST (with a valid CSRF token, so that a 403 comes from the role check, not from CSRF)."""
    token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(CSRF_RAW)
    for method in sorted(rule.methods & {"GET", "POST"}):
        client = _client(app, user_id)
        response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
        response.get_data()  # a streamed download holds its database session until read to the end
        response.close()
        yield method, response


def _staff_rules(app):
    return [rule for rule in _rules(app) if rule.endpoint in ROLES]


@pytest.mark.parametrize("endpoint", sorted(ROLES))
def test_staff_route_refuses_anonymous_and_wrong_roles(demo, endpoint):
    app, ids, values = demo
    rules = [rule for rule in _rules(app) if rule.endpoint == endpoint]
    assert rules, f"{endpoint} is not a route any more"
    allowed = ROLES[endpoint]
    for rule in rules:
        url = _url(app, rule, {**values, **OVERRIDES.get(endpoint, {})})
        for method, response in _requests(app, rule, url, None):
            assert response.status_code in (302, 401), f"anonymous {method} {url}: {response.status_code}"
            if response.status_code == 302:
                assert response.location.startswith("/login"), f"anonymous {method} {url} -> {response.location}"
        for role in sorted(EVERYONE - allowed):
            for method, response in _requests(app, rule, url, ids[role]):
                assert response.status_code == 403, f"{role} {method} {url}: {response.status_code}"
        for role in sorted(allowed, key=lambda r: r == "admin"):  # the admin last: admin routes may change users
            for method, response in _requests(app, rule, url, ids[role]):
                assert response.status_code not in (401, 403), f"{role} {method} {url}: {response.status_code}"
                assert response.status_code < 500, f"{role} {method} {url}: {response.status_code}"
                assert "/login?next=" not in (response.location or ""), f"{role} {method} {url}: sent to log in"


@pytest.mark.parametrize("endpoint", sorted(API_KEY))
def test_api_route_refuses_requests_without_a_key(demo, endpoint):
    app, ids, values = demo
    for rule in [rule for rule in _rules(app) if rule.endpoint == endpoint]:
        url = _url(app, rule, values)
        method = "POST" if "POST" in rule.methods else "GET"
        for headers in ({}, {"Authorization": "Bearer fbk_nothing_here"}, {"Authorization": "Basic abc"}):
            response = app.test_client().open(url, method=method, headers=headers, json={})
            assert response.status_code == 401, f"{method} {url} {headers}: {response.status_code}"
            assert response.is_json
        for role in sorted(EVERYONE):
            response = _client(app, ids[role]).open(url, method=method, json={})
            expected_ok = role in API_KEY[endpoint]
            assert (response.status_code == 401) != expected_ok, f"{role} {method} {url}: {response.status_code}"


def test_public_routes_need_no_login_but_refuse_bad_tokens(demo):
    app, _, values = demo
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert client.get("/login").status_code == 200
    assert client.get("/s/not-a-token").status_code == 404
    assert client.get("/u/not-a-token").status_code == 404
    assert client.get("/preview/not-a-token").status_code == 404
