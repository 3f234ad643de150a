"""The Flask app factory: config, extensions, blueprints, scheduler; nothing else."""

from __future__ import annotations

import logging

from flask import Flask

from feedback_app.config import PROJECT_ROOT, instance_path, load_config


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(instance_path()), template_folder=str(PROJECT_ROOT / "templates"))
    load_config(app)
    if overrides:
        app.config.update(overrides)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("apscheduler", "alembic"):  # a line per job run or migration step drowns the rest
        logging.getLogger(noisy).setLevel(logging.WARNING)

    from feedback_app.web import extensions

    extensions.init_app(app)

    from feedback_app.web import api, auth, errors, maps, survey

    for module in (auth, api, survey, maps, errors):
        app.register_blueprint(module.blueprint)
    extensions.csrf.exempt(api.blueprint)
    from feedback_app.web import map_editing  # editing journey maps (CX managers)

    app.register_blueprint(map_editing.blueprint)
    from feedback_app.web import themes  # a journey's own themes and the candidate themes (CX managers)

    app.register_blueprint(themes.blueprint)
    from feedback_app.web import (  # opt-out links, outbox, CSV import, OpenAPI
        api_docs,
        imports,
        invitations,
        unsubscribe,
    )

    for module in (unsubscribe, invitations, imports, api_docs):
        app.register_blueprint(module.blueprint)
    from feedback_app.web import triggers  # trigger pages (marketers)

    app.register_blueprint(triggers.blueprint)
    from feedback_app.web import dashboards, exports, responses  # dashboards, response browser, exports (CX managers)
    from feedback_app.web.vendor import (
        ensure_vega_bundle,  # charts render offline: the Vega bundle is served from /static
    )

    ensure_vega_bundle(app.static_folder)
    for module in (dashboards, responses, exports):
        app.register_blueprint(module.blueprint)
    from feedback_app.web import admin, i18n  # staff accounts and API keys (admins); the language switch

    for module in (admin, i18n):
        app.register_blueprint(module.blueprint)
    # The scheduler is not started here: every CLI command and every gunicorn worker builds an app,
    # and there must be exactly one scheduler. `serve` runs it beside the workers, or `scheduler` alone.
    return app
