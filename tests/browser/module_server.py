"""One seeded app on a real HTTP port for a whole test module (browser tests that only read share it: starting an
app, compiling its catalog and writing the Vega bundle per test would cost seconds each)."""

from __future__ import annotations

import shutil
import uuid
from contextlib import contextmanager

import pytest
from helpers import SURVEYS, LiveServer

from feedback_app.storage.database import session_scope, upgrade_schema


@contextmanager
def seeded_server(tmp_path_factory, migrated_template):
    """The demo journey and questionnaires, served over HTTP (helpers.LiveServer), for one module."""
    from feedback_app import create_app
    from feedback_app.demo import seed_demo
    from feedback_app.survey.questionnaires import load_questionnaires

    folder = tmp_path_factory.mktemp("module-server")
    database = folder / "feedback.db"
    shutil.copy(migrated_template, database)
    upgrade_schema(f"sqlite:///{database}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FEEDBACK_INSTANCE_PATH", str(folder / "instance"))
        app = create_app(
            {"TESTING": True, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "test-secret", "SCHEDULER": False}
        )
    engine = app.extensions["feedback_engine"]
    with session_scope(engine) as session:
        load_questionnaires(session, SURVEYS)
        seed_demo(session)
    try:
        with LiveServer(app) as server:
            yield server
    finally:
        engine.dispose()


def log_in(page, server, role: str = "admin", locale: str = "en") -> str:
    """Creates a staff user and logs the page in through the login form; returns the address."""
    from feedback_app.staff.accounts import create_user

    email = f"{role}-{uuid.uuid4().hex[:6]}@example.com"
    with session_scope(server.app.extensions["feedback_engine"]) as session:
        create_user(session, email, role, "correct horse battery", locale=locale)
    submit_login(page, server.url, email, "correct horse battery")
    return email


def submit_login(page, base_url: str, email: str, password: str) -> None:
    """Logs the page in through the login form (in whatever language it shows) and waits for the maps."""
    page.goto(f"{base_url}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[type=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"{base_url}/maps**")
