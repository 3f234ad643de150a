"""Configuration: defaults, then FEEDBACK_* environment variables (see CONTRACT.md)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_path() -> Path:
    """The folder for the SQLite file and the generated secret key."""
    path = Path(os.environ.get("FEEDBACK_INSTANCE_PATH", PROJECT_ROOT / "instance"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    return f"sqlite:///{instance_path() / 'feedback.db'}"


def stored_secret_key() -> str:
    """A secret generated once and kept in the instance folder, so sessions survive restarts."""
    key_file = instance_path() / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEFAULTS = {
    "BASE_URL": "http://127.0.0.1:5000",
    "SMTP_HOST": None,
    "SMTP_PORT": 25,
    "SMTP_USER": None,
    "SMTP_PASSWORD": None,
    "SMTP_STARTTLS": False,
    "SMTP_VERIFY": True,  # check the STARTTLS certificate (against SMTP_CA_FILE when set)
    "SMTP_CA_FILE": None,
    "WEBHOOK_URL": None,  # default address of the webhook channel; a trigger may set its own
    "WEBHOOK_SECRET": None,
    "WEBHOOK_TIMEOUT": 10,
    "MAX_ATTEMPTS": 8,  # sends tried before an invitation is marked failed
    "LEASE_SECONDS": 300,  # how long a dispatch pass owns the invitations it claimed
    "MAIL_FROM": "feedback@localhost",
    "SCHEDULER": False,
    "SCHEDULER_INTERVAL": 5,
    "SURVEYS_DIR": str(PROJECT_ROOT / "surveys"),
    "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
}


def load_config(app) -> None:
    """Apply defaults, then FEEDBACK_* variables; the prefix is stripped (FEEDBACK_SMTP_HOST -> SMTP_HOST)."""
    for key, value in DEFAULTS.items():
        if app.config.get(key) is None:  # Flask pre-defines some keys (MAX_CONTENT_LENGTH) as None
            app.config[key] = value
    app.config.from_prefixed_env("FEEDBACK")
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = default_database_url()
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = stored_secret_key()
    app.config["SMTP_PORT"] = int(app.config["SMTP_PORT"])
    app.config["SCHEDULER"] = _flag(app.config["SCHEDULER"])
    app.config["SMTP_STARTTLS"] = _flag(app.config["SMTP_STARTTLS"])
    app.config["SMTP_VERIFY"] = _flag(app.config["SMTP_VERIFY"])
    for name in ("MAX_ATTEMPTS", "LEASE_SECONDS"):
        app.config[name] = int(app.config[name])
    app.config["WEBHOOK_TIMEOUT"] = float(app.config["WEBHOOK_TIMEOUT"])
    app.config["BASE_URL"] = str(app.config["BASE_URL"]).rstrip("/")


def _flag(value) -> bool:
    return str(value).strip().lower() in {"1", "true", "yes", "on"}
