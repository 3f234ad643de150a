"""Settings the product refuses to start with, and where it keeps what it writes."""

from __future__ import annotations

import subprocess
import sys

import pytest

from feedback_app.config import Settings, SettingsError


def test_production_refuses_a_generated_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(SettingsError, match="FEEDBACK_SECRET_KEY"):
        Settings.load(environ={"FEEDBACK_ENV": "production"})
    assert not (tmp_path / "secret_key").exists()  # nothing generated behind the operator's back
    chosen = Settings.load(environ={"FEEDBACK_ENV": "production", "FEEDBACK_SECRET_KEY": "from the secret store"})
    assert chosen.secret_key == "from the secret store"


def test_the_quick_start_still_generates_and_keeps_a_key(tmp_path, monkeypatch):
    monkeypatch.setenv("FEEDBACK_INSTANCE_PATH", str(tmp_path))
    first, second = Settings.load(environ={}), Settings.load(environ={})
    assert first.secret_key == second.secret_key == (tmp_path / "secret_key").read_text().strip()


def test_the_command_line_says_why_it_refuses(tmp_path):
    env = {"FEEDBACK_ENV": "production", "FEEDBACK_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "feedback_app.cli", "init-db"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1
    assert "FEEDBACK_SECRET_KEY must be set when FEEDBACK_ENV=production" in done.stderr
    assert "Traceback" not in done.stderr


def test_behind_a_proxy_the_client_address_comes_from_its_header(app_engine, tmp_path):
    from flask import request

    from feedback_app import create_app

    seen = []
    for hops in (0, 1):
        proxied = create_app({"DATABASE_URL": str(app_engine.url), "PROXY_HOPS": hops, "TESTING": True})
        proxied.add_url_rule("/whoami", "whoami", lambda: seen.append((request.remote_addr, request.scheme)) or "")
        proxied.test_client().get(
            "/whoami",
            headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "10.0.0.2"},
        )
    assert seen == [("10.0.0.2", "http"), ("203.0.113.7", "https")]  # not trusted unless configured


def test_the_address_key_follows_the_secret_key_unless_set():
    one = Settings.load(environ={"FEEDBACK_SECRET_KEY": "one"})
    assert one.address_key == Settings.load(environ={"FEEDBACK_SECRET_KEY": "one"}).address_key != "one"
    assert one.address_key != Settings.load(environ={"FEEDBACK_SECRET_KEY": "two"}).address_key
    chosen = {"FEEDBACK_SECRET_KEY": "two", "FEEDBACK_ADDRESS_KEY": "kept apart"}
    assert Settings.load(environ=chosen).address_key == "kept apart"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("FEEDBACK_RETENTION_DAYS", "-5", "FEEDBACK_RETENTION_DAYS must be between 1 and 36500 (got -5)"),
        ("FEEDBACK_SCHEDULER_INTERVAL", "0", "FEEDBACK_SCHEDULER_INTERVAL must be between 0.1 and 3600 (got 0)"),
        ("FEEDBACK_FATIGUE_DAYS", "seven", "FEEDBACK_FATIGUE_DAYS must be a whole number (got 'seven')"),
        ("FEEDBACK_MAX_CONTENT_LENGTH", "10", "FEEDBACK_MAX_CONTENT_LENGTH must be between 1024 and"),
        ("FEEDBACK_AUDIT_ADDRESS_DAYS", "0", "FEEDBACK_AUDIT_ADDRESS_DAYS must be between 1 and 3650 (got 0)"),
    ],
)
def test_a_number_out_of_its_range_is_refused_with_its_name_and_range(variable, value, message):
    """FEEDBACK_RETENTION_DAYS=-5 would put the cutoff in the future and anonymise every answer."""
    with pytest.raises(SettingsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.load(environ={variable: value, "FEEDBACK_SECRET_KEY": "k"})


def test_the_command_line_refuses_a_bad_number_without_a_traceback(tmp_path):
    env = {"FEEDBACK_RETENTION_DAYS": "-5", "FEEDBACK_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "feedback_app.cli", "init-db"], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 1 and "FEEDBACK_RETENTION_DAYS must be between 1 and 36500" in done.stderr
    assert "Traceback" not in done.stderr
