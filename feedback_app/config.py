"""Settings: every FEEDBACK_* environment variable, typed, with its default in one place.

`Settings.load()` reads them once (create_app does, the scheduler and the CLI get the result); the Flask app
gets the same values under their upper-case names (`BASE_URL`, `SECRET_KEY`, …) for Flask and its extensions.
The variables are listed, with their meaning, in the README's Configuration table.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGE_ROOT = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_ROOT.parent
PREFIX = "FEEDBACK_"
# A source checkout has its data folders (templates/, surveys/) beside the package; the wheel carries copies
# inside the package, made at build time (setup.py). Nothing is ever written into the package folder.
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and not (PACKAGE_ROOT / "templates").is_dir()


def shipped_dir(name: str) -> Path:
    """A data folder of the product (`templates`, `surveys`): inside the installed package, or the checkout's."""
    return PROJECT_ROOT / name if IN_CHECKOUT else PACKAGE_ROOT / name


TEMPLATES_DIR = shipped_dir("templates")
SURVEYS_DIR = shipped_dir("surveys")


def instance_path() -> Path:
    """The folder for the SQLite file, the generated secret key and built caches (FEEDBACK_INSTANCE_PATH).

    By default `instance/` in the checkout, or in the working directory of an installed product: never inside
    the installed package, which may be read-only."""
    default = PROJECT_ROOT / "instance" if IN_CHECKOUT else Path.cwd() / "instance"
    path = Path(os.environ.get("FEEDBACK_INSTANCE_PATH", default))
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


class SettingsError(ValueError):
    """A setting that the product refuses to start with."""


def derived_address_key(secret_key: str) -> str:
    """The opt-out address key when none is set: the same on every node that shares the secret key. Changing the
    secret key then changes it too; `init-db` warns when stored opt-outs were recorded under another key."""
    return hmac.new(secret_key.encode(), b"feedback-app opt-out address key", hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Settings:
    """What the product can be told from outside. Empty `database_url`/`secret_key` mean the instance folder's."""

    database_url: str = ""
    secret_key: str = ""
    address_key: str = ""  # key of the opt-out address digests; empty: derived from the secret key
    cookie_secure: bool = False  # session and remember cookies only over HTTPS: set it behind TLS
    remember_days: int = 14  # how long "Keep me logged in" keeps a staff member logged in
    base_url: str = "http://127.0.0.1:5000"  # the public address used in links sent to customers
    mail_from: str = "feedback@localhost"
    smtp_host: str | None = None  # none: invitations are written to the log instead of mailed
    smtp_port: int = 25
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_verify: bool = True  # check the STARTTLS certificate (against smtp_ca_file when set)
    smtp_ca_file: str | None = None
    webhook_url: str | None = None  # default receiver of the webhook channels; a trigger may set its own
    webhook_secret: str | None = None
    webhook_timeout: float = 10.0
    webhook_allowed_hosts: str = ""  # comma-separated hosts webhooks may reach on loopback/private addresses
    max_attempts: int = 8  # sends tried before an invitation or a notification is marked failed
    lease_seconds: float = 300.0  # how long a pass owns the outbox rows it claimed
    fatigue_days: int = 7  # at most one invitation per customer per N days, across all triggers
    scheduler: bool = False  # the web side also runs the scheduler (`serve` starts one process for it)
    scheduler_interval: float = 5.0  # seconds between outbox passes
    surveys_dir: str = str(SURVEYS_DIR)
    max_content_length: int = 2 * 1024 * 1024  # largest accepted request body, bytes
    chromium: str | None = None  # browser that prints the map to PDF; none: the first chromium on PATH
    retention_days: int | None = None  # answers' texts and events' personal data older than this are anonymised
    keep_unknown_event_fields: bool = False  # store event fields the product does not read (off: only what it needs)
    env: str = "development"  # "production": refuse to start without FEEDBACK_SECRET_KEY
    proxy_hops: int = 0  # reverse proxies in front that set X-Forwarded-For/-Proto/-Host (trusted that many deep)
    audit_address_days: int = 90  # staff network addresses in the audit log are cleared after this many days

    @classmethod
    def load(cls, environ: Mapping[str, str] = os.environ, overrides: Mapping[str, Any] | None = None) -> Settings:
        """FEEDBACK_* variables over the defaults, then `overrides` (upper-case names, as in Flask's config)."""
        values: dict[str, Any] = {}
        for item in dataclasses.fields(cls):
            name = item.name.upper()
            if overrides is not None and name in overrides:
                values[item.name] = overrides[name]
            elif PREFIX + name in environ:
                values[item.name] = environ[PREFIX + name]
        return cls.typed(values).completed()

    @classmethod
    def typed(cls, values: Mapping[str, Any]) -> Settings:
        """Settings from raw values (strings from the environment, or already typed), each cast to its field and
        held to its BOUNDS: a SettingsError names the variable, what it takes and what it got."""
        fields = {field.name: field.type for field in dataclasses.fields(cls)}
        typed: dict[str, Any] = {}
        for name, value in values.items():
            try:
                typed[name] = _cast(fields[name])(value)
            except (TypeError, ValueError):
                kind = "a whole number" if "int" in fields[name] else "a number"
                raise SettingsError(f"{PREFIX}{name.upper()} must be {kind} (got {str(value)[:40]!r})") from None
            _check_bounds(name, typed[name])
        return cls(**typed)

    def completed(self) -> Settings:
        """The instance folder's database and secret where none is given; the base URL without its last '/'."""
        if self.env == "production" and not self.secret_key:
            # Several nodes each generating their own key would log users out at random; a key stored on one
            # node's disk is also easier to lose or leak than one kept by the deployment's secret store.
            raise SettingsError("FEEDBACK_SECRET_KEY must be set when FEEDBACK_ENV=production (see docs/deploy.md)")
        secret_key = self.secret_key or stored_secret_key()
        return dataclasses.replace(
            self,
            database_url=self.database_url or default_database_url(),
            secret_key=secret_key,
            address_key=self.address_key or derived_address_key(secret_key),
            base_url=self.base_url.rstrip("/"),
        )

    def flask_config(self) -> dict[str, Any]:
        """The same values under Flask's upper-case names, plus Flask-WTF's (CSRF tokens last the session)."""
        return {field.name.upper(): getattr(self, field.name) for field in dataclasses.fields(self)} | {
            "WTF_CSRF_TIME_LIMIT": None
        }


# Every number a deployment can set, with the range the product accepts: FEEDBACK_RETENTION_DAYS=-5 would put
# the cutoff in the future and anonymise every answer; FEEDBACK_SCHEDULER_INTERVAL=0 would spin a core.
BOUNDS: dict[str, tuple[float, float]] = {
    "remember_days": (1, 365),
    "smtp_port": (1, 65535),
    "webhook_timeout": (0.5, 120),
    "max_attempts": (1, 100),
    "lease_seconds": (1, 86400),
    "fatigue_days": (0, 365),
    "scheduler_interval": (0.1, 3600),
    "max_content_length": (1024, 100 * 1024 * 1024),
    "retention_days": (1, 36500),
    "proxy_hops": (0, 5),
    "audit_address_days": (1, 3650),
}


def _check_bounds(name: str, value: Any) -> None:
    low, high = BOUNDS.get(name, (None, None))
    if low is not None and value is not None and not low <= value <= high:
        raise SettingsError(f"{PREFIX}{name.upper()} must be between {low:g} and {high:g} (got {value:g})")


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in {"1", "true", "yes", "on"}


def _optional_text(value: Any) -> str | None:
    return None if value is None or str(value) == "" else str(value)


def _optional_int(value: Any) -> int | None:
    return None if value is None or str(value).strip() == "" else int(value)


def _cast(annotation: str):
    """How a raw value becomes a field's type (annotations are strings under `from __future__ import annotations`)."""
    return {
        "bool": _flag,
        "int": int,
        "float": float,
        "str": str,
        "str | None": _optional_text,
        "int | None": _optional_int,
    }[annotation]
