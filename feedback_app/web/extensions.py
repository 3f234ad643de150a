"""Extensions created once and bound in create_app; the engine and request sessions live here.

The languages (Flask-Babel) have their home in i18n.py, which uses the request sessions here; web.init_app
binds both.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from flask import Flask, current_app
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from sqlmodel import Session

from feedback_app.common.address_policy import AddressPolicy
from feedback_app.config import Settings
from feedback_app.storage.database import DriverTransaction, driver_transaction, make_engine, read_scope, session_scope

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please log in to see this page."
login_manager.localize_callback = gettext


class NoSessionOnSurveyPages(SecureCookieSessionInterface):
    """Staff pages keep Flask's signed cookie session; the survey pages (`/s/…`) get a null session.

    They set no cookie (web/survey.py), so opening and saving a session there only cost time on every
    answer (a signing serializer built, the cookie looked for, the save checked). Reading it is harmless;
    writing to it would raise, which is the point: nothing on a customer's page may depend on a cookie.
    """

    def open_session(self, app: Flask, request):
        if request.path.startswith("/s/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask, settings: Settings) -> None:
    """Bind the settings, the engine, the session interface, CSRF and logins (not the languages: i18n)."""
    app.extensions["feedback_settings"] = settings
    app.extensions["feedback_engine"] = make_engine(settings.database_url)
    app.session_interface = NoSessionOnSurveyPages()
    app.config.update(cookie_config(settings))
    csrf.init_app(app)
    login_manager.init_app(app)


def cookie_config(settings: Settings) -> dict:
    """Session and remember cookies: not sent on cross-site requests (SameSite=Lax), never read by scripts,
    HTTPS-only when FEEDBACK_COOKIE_SECURE says the site is behind TLS; "Keep me logged in" lasts
    FEEDBACK_REMEMBER_DAYS (logging out, a new password or deactivation end it sooner: staff.sessions)."""
    return {
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SECURE": settings.cookie_secure,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": settings.cookie_secure,
        "REMEMBER_COOKIE_DURATION": timedelta(days=settings.remember_days),
    }


def engine():
    return current_app.extensions["feedback_engine"]


def app_settings() -> Settings:
    """The app's settings (config.Settings), built once by create_app."""
    return current_app.extensions["feedback_settings"]


def webhook_addresses() -> AddressPolicy:
    """Where webhook addresses that staff type may lead (FEEDBACK_WEBHOOK_ALLOWED_HOSTS)."""
    return AddressPolicy.from_setting(app_settings().webhook_allowed_hosts)


@contextmanager
def db_session() -> Session:
    """One unit of work for a request."""
    with session_scope(engine()) as session:
        yield session


@contextmanager
def db_reader() -> Session:
    """A read-only session for pages and exports that only read (never holds SQLite's write lock)."""
    with read_scope(engine()) as session:
        yield session


@contextmanager
def db_driver(write: bool = True) -> DriverTransaction:
    """A bare transaction for the survey answer path (db.driver_transaction): no Session around it."""
    with driver_transaction(engine(), write) as transaction:
        yield transaction


@login_manager.user_loader
def _load_user(login_id: str):
    """The user of a session or remember cookie (`<id>:<session version>`, StaffUser.get_id), while that
    version is still current and the account active. Read-only: it runs before every staff request."""
    from feedback_app.staff.sessions import user_for_login_id

    with db_reader() as session:
        return user_for_login_id(session, login_id)
