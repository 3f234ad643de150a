"""Helpers shared by tests: make invitations directly in the database."""

from __future__ import annotations

import dataclasses
import http.cookiejar
import json
import os
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta
from email import message_from_bytes, policy

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel, select

from feedback_app.config import PROJECT_ROOT, Settings
from feedback_app.invitations.events import ingest_events, parse_event
from feedback_app.invitations.rule_settings import RuleSettings
from feedback_app.storage.database import session_scope, upgrade_schema


def schedule_invitations(
    engine, count: int, now: datetime, locale: str = "id", touchpoint: str = "order_delivered", prefix: str = "c"
) -> list[int]:
    """Post `count` events (one customer each) whose invitations are due at `now`."""
    occurred = (now - timedelta(days=1)).isoformat()
    events = [
        parse_event(
            {
                "touchpoint": touchpoint,
                "event_id": f"{prefix}-{i}",
                "occurred_at": occurred,
                "customer": {
                    "external_id": f"{prefix}-{i}",
                    "email": f"{prefix}{i}@example.com",
                    "name": f"Customer {i}",
                    "locale": locale,
                },
            },
            now,
        )
        for i in range(count)
    ]
    with session_scope(engine) as session:
        results = ingest_events(session, events, now, RuleSettings())
    return [inv["id"] for result in results for inv in result["invitations"] if inv["status"] == "scheduled"]


def invitation(engine, invitation_id: int):
    from feedback_app.models import Invitation

    with session_scope(engine) as session:
        return session.exec(select(Invitation).where(Invitation.id == invitation_id)).one()


def csrf_token(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def logged_in(app, staff_login, role: str):
    """A test client logged in as a new staff user of `role` (staff_login is the conftest fixture)."""
    client = app.test_client()
    email, password = staff_login(role)
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302
    return client


def hidden_inputs(html: str) -> dict[str, str]:
    """A form's hidden inputs, which a browser sends back with what the person filled in."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def answer(engine, invitation_id: int, face: int, text: str, now: datetime, rating: int = 3):
    """Answer an invitation's survey through the use case the survey page calls (answering.answer_survey)."""
    from feedback_app.survey.answering import answer_survey

    token = invitation(engine, invitation_id).token
    return answer_survey(
        engine, token, {"feeling": face, "csat": rating, "ces": rating, "nps": rating, "comment": text}, now
    )


SURVEYS = PROJECT_ROOT / "surveys"


class MailBox:
    """Messages a real local SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 try again later"
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def claim_concurrently(engine, now: datetime, claimers: int = 4, rounds: int = 10, limit: int = 7) -> list[int]:
    """Every id that `claimers` threads claimed, each claiming `rounds` times up to `limit` rows."""
    from feedback_app.delivery.dispatch import claim_due_invitations

    claims: dict[str, list[int]] = {}

    def claim(name: str) -> None:
        claims[name] = [i for _ in range(rounds) for i in claim_due_invitations(engine, now, name, limit=limit)]

    threads = [threading.Thread(target=claim, args=(f"pass-{n}",)) for n in range(claimers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [i for got in claims.values() for i in got]


def reconfigure(app, **changes) -> Settings:
    """Change an app's settings after create_app, as FEEDBACK_* variables at its start would have (smtp_host=...)."""
    settings = dataclasses.replace(app.extensions["feedback_settings"], **changes)
    app.extensions["feedback_settings"] = settings
    app.config.update(settings.flask_config())
    return settings


def logged_in(app, staff_login, role="cx_manager"):
    """A test client logged in as a new staff user of `role`."""
    client = app.test_client()
    email, password = staff_login(role)
    token = csrf_token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": email, "password": password, "csrf_token": token}).status_code == 302
    return client


def answered(engine, now):
    """Four answered invitations of the demo journey: three deliveries (1, 2, 5) and a renewal (NPS 10)."""
    ids = schedule_invitations(engine, 3, now)
    answer(engine, ids[0], 1, "kurirnya telat bgt, makanan udah dingin", now, rating=1)
    answer(engine, ids[1], 2, "The courier was late again and the food arrived cold", now, rating=2)
    answer(engine, ids[2], 5, "mantul, porsinya pas dan enak", now, rating=5)
    [renewal] = schedule_invitations(engine, 1, now, touchpoint="subscription_renewed", prefix="r")
    answer(engine, renewal, 5, "pasti langganan lagi", now, rating=10)


def schema_differences(engine) -> list:
    """What Alembic's autogenerate would change to make the database's schema the models' ([] when equal)."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)


class Browserless:
    """A tiny HTTP client with cookies (for the session that holds the CSRF token)."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method: str, url: str, data=None, json_body=None, headers=None):
        headers = dict(headers or {})
        body = None
        if json_body is not None:
            body, headers["Content-Type"] = json.dumps(json_body).encode(), "application/json"
        elif data is not None:
            body = urllib.parse.urlencode(data).encode()
        full = url if url.startswith("http") else self.base + url
        try:
            with self.opener.open(urllib.request.Request(full, data=body, headers=headers, method=method)) as resp:
                return resp.status, resp.read().decode(), resp.url
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), full


def row_counts(engine) -> dict[str, int]:
    """How many rows each table holds: equal before and after a refused request means nothing was stored."""
    from sqlalchemy import func, inspect
    from sqlalchemy import select as select_core

    present = set(inspect(engine).get_table_names())
    with session_scope(engine) as session:
        return {
            table.name: session.execute(select_core(func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.sorted_tables
            if table.name in present
        }


POSTGRES_ADMIN_URL = os.environ.get("FEEDBACK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_database():
    """A fresh, migrated PostgreSQL database (its URL), dropped at the end; skips (or fails, where CI requires
    PostgreSQL) when no server answers."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_ADMIN_URL.replace("+psycopg", ""), autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("FEEDBACK_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here but not reachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable: {exc}")
    name = f"feedback_test_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    try:
        upgrade_schema(url)
        yield url
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


@contextmanager
def seeded_app_on(url: str):
    """The app on the database at `url`, with the questionnaires, the demo journey and an API key (`.api_key`);
    `.engine` is its engine."""
    from feedback_app import create_app
    from feedback_app.demo import seed_demo
    from feedback_app.staff.accounts import create_api_key
    from feedback_app.survey.questionnaires import load_questionnaires

    overrides = {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret", "BASE_URL": "http://localhost"}
    app = create_app({**overrides, "SCHEDULER": False})
    app.engine = app.extensions["feedback_engine"]
    with session_scope(app.engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
        app.api_key = create_api_key(session, "tests")
    try:
        yield app
    finally:
        app.engine.dispose()


def trigger_form_data(client, url: str = "/triggers/new", **fields) -> dict:
    """A trigger form's fields as the page posts them (CSRF token from `url`), the defaults of a new trigger."""
    return {
        "csrf_token": csrf_token(client.get(url).get_data(as_text=True)),
        "delay_minutes": "60",
        "expiry_hours": "72",
        "fatigue_days": "7",
        "sample_percent": "100",
        "channel": "email",
        "match": "all",
        "schedule_timezone": "Asia/Jakarta",
        **{key: value if isinstance(value, str) else str(value) for key, value in fields.items()},
    }


def initialised_instance(folder, scheduler: bool) -> dict[str, str]:
    """The environment of a `feedback-app serve` run in `folder` (its instance and SQLite file), after `init-db`."""
    import subprocess
    import sys

    env = {
        **os.environ,
        "FEEDBACK_INSTANCE_PATH": str(folder),
        "FEEDBACK_SCHEDULER": "1" if scheduler else "0",
        "FEEDBACK_DATABASE_URL": f"sqlite:///{folder / 'serve.db'}",
    }
    subprocess.run([sys.executable, "-m", "feedback_app.cli", "init-db"], env=env, check=True, capture_output=True)
    return env


def wait_for_answer(url: str, seconds: float = 60) -> bytes:
    """The body of `url` once a starting server answers it (a 2xx); fails after `seconds`."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read()
        except OSError:
            assert time.monotonic() < deadline, f"{url} did not answer within {seconds} s"
            time.sleep(0.2)


class LiveServer:
    """The app on a real HTTP port (werkzeug, threaded) for end-to-end and browser tests."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        reconfigure(app, base_url=self.url)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=5)
