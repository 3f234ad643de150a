"""HTTP: one blueprint per area, the forms, the two languages, the extensions. Each view parses the request,
calls one domain function and renders; nothing here holds business rules. May import every area below it
(reporting, maps, survey, insight, delivery, invitations, triggers, staff, storage, models, common, config);
no area imports web.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from feedback_app.config import Settings


def init_app(app: Flask, settings: Settings) -> None:
    """Bind the extensions (engine, CSRF, login, languages) and register every blueprint."""
    from feedback_app.web import bounded_requests, extensions, i18n, log_redaction, security_headers
    from feedback_app.web.vendor import vega_bundle

    bounded_requests.init_app(app)  # before the blueprints: their routes bind the bounded <int:…> converter
    extensions.init_app(app, settings)
    i18n.init_app(app)
    log_redaction.init_app()  # no survey or opt-out token in any log line
    security_headers.init_app(app)  # CSP, no framing, nosniff, Referrer-Policy on every response
    for module in _areas():
        app.register_blueprint(module.blueprint)
    extensions.csrf.exempt(_areas()[1].blueprint)  # API clients authenticate with a key, not a session
    vega_bundle(Path(app.instance_path))  # charts render offline: the Vega bundle is served from /vendor


def _areas() -> tuple:
    """Every blueprint's module, the API second."""
    from feedback_app.web import (
        admin,
        api,
        api_docs,
        auth,
        customers,
        dashboards,
        errors,
        exports,
        i18n,
        imports,
        invitations,
        map_editing,
        maps,
        responses,
        survey,
        themes,
        triggers,
        unsubscribe,
        vendor_files,
    )

    return (auth, api, survey, maps, errors, map_editing, themes, unsubscribe, invitations, imports, api_docs) + (
        triggers,
        dashboards,
        responses,
        exports,
        admin,
        i18n,
        vendor_files,
        customers,
    )
