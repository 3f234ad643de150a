"""Fixtures: a migrated database per test, the app, a real SMTP server, PostgreSQL when present."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import (  # noqa: F401  (shared with test modules)
    SURVEYS,
    LiveServer,
    MailBox,
    csrf_token,
    free_port,
    postgres_database,
    reconfigure,
    seeded_app_on,
)

from feedback_app.storage.database import make_engine, session_scope, upgrade_schema


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    """One SQLite file migrated to head; each test gets a copy (migrating per test is slow)."""
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade_schema(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path, migrated_template) -> str:
    path = tmp_path / "feedback.db"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(engine):
    return lambda: session_scope(engine)


@pytest.fixture
def seeded(engine):
    """Questionnaires from surveys/ and the demo journey."""
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    with session_scope(engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
    return engine


@pytest.fixture
def app(tmp_path, database_url, monkeypatch):
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path / "instance"))
    from feedback_app import create_app

    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "BASE_URL": "http://localhost",
            "SCHEDULER": False,
        }
    )
    yield app
    app.extensions["feedback_engine"].dispose()


@pytest.fixture
def app_engine(app):
    return app.extensions["feedback_engine"]


@pytest.fixture
def seeded_app(app, app_engine):
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    with session_scope(app_engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
    return app


@pytest.fixture
def api_key(app_engine) -> str:
    from feedback_app.staff.accounts import create_api_key

    with session_scope(app_engine) as session:
        return create_api_key(session, "tests")


@pytest.fixture
def staff_login(app_engine):
    """Creates a user of a role and returns (email, password)."""
    from feedback_app.staff.accounts import create_user

    def make(role: str = "cx_manager") -> tuple[str, str]:
        email, password = f"{role}-{uuid.uuid4().hex[:6]}@example.com", "correct horse battery"
        with session_scope(app_engine) as session:
            create_user(session, email, role, password)
        return email, password

    return make


@pytest.fixture
def smtp_server(make_smtp_server):
    return make_smtp_server()


@pytest.fixture
def make_smtp_server():
    """Starts local SMTP servers with aiosmtpd options (TLS, AUTH, ...); each a MailBox; stopped after the test."""
    from aiosmtpd.controller import Controller

    controllers = []

    def start(**options) -> MailBox:
        mailbox = MailBox()
        mailbox.host, mailbox.port = "127.0.0.1", free_port()
        controllers.append(Controller(mailbox, hostname=mailbox.host, port=mailbox.port, **options))
        controllers[-1].start()
        return mailbox

    yield start
    for controller in controllers:
        controller.stop()


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with postgres_database() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_backend(request):
    """The seeded demo database on each backend in turn: SQLite, then a fresh PostgreSQL one."""
    if request.param == "sqlite":
        yield request.getfixturevalue("seeded")
        return
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    engine = make_engine(request.getfixturevalue("postgres_url"))
    with session_scope(engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
    yield engine
    engine.dispose()


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 3, 17, 2, 0, 0, tzinfo=UTC)  # 09:00 in Jakarta


@pytest.fixture
def live_server(seeded_app, smtp_server):
    """The seeded app served over HTTP, mailing through the local SMTP server."""
    reconfigure(seeded_app, smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    with LiveServer(seeded_app) as server:
        yield server


@pytest.fixture
def pg(postgres_url):
    """A PostgreSQL database with the questionnaires and the demo journey (the scale-out path)."""
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    engine = make_engine(postgres_url)
    with session_scope(engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
    yield engine
    engine.dispose()


@pytest.fixture
def marketer(seeded_app, staff_login):
    """A test client logged in as a marketer; `.email` is their address."""
    email, password = staff_login("marketer")
    client = seeded_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    response = client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(page)})
    assert response.status_code == 302
    client.email = email
    return client


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_app(request, tmp_path, monkeypatch):
    """The seeded app on each backend in turn (SQLite, then a fresh PostgreSQL database); `.engine` is its engine
    and `.api_key` a key for the API."""
    url = request.getfixturevalue("database_url" if request.param == "sqlite" else "postgres_url")
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path / "instance"))
    with seeded_app_on(url) as app:
        yield app


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_backend(request):
    """An empty migrated database on each backend in turn: SQLite, then a fresh PostgreSQL one."""
    if request.param == "sqlite":
        yield request.getfixturevalue("engine")
        return
    engine = make_engine(request.getfixturevalue("postgres_url"))
    yield engine
    engine.dispose()
