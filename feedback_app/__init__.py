"""The Flask app factory: settings, logging, the web layer and the learned scoring model; nothing else.

The scheduler is not started here: every CLI command and every gunicorn worker builds an app, and there must be
exactly one scheduler. `serve` runs it beside the workers, or `feedback-app scheduler` alone.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from feedback_app.config import TEMPLATES_DIR, Settings, instance_path

if TYPE_CHECKING:  # Flask is imported when an app is built: `from feedback_app.scoring import score` needs no web
    # framework, and importing it was a quarter of a second of the scorer's cold start
    from flask import Flask

SETTING_NAMES = frozenset(field.name.upper() for field in dataclasses.fields(Settings))


def create_app(overrides: dict | None = None) -> Flask:
    """The app with `Settings.load()`: FEEDBACK_* over the defaults, then `overrides` (upper-case names; other
    keys, such as TESTING, go to Flask's config as they are)."""
    from flask import Flask
    from werkzeug.middleware.proxy_fix import ProxyFix

    settings = Settings.load(overrides=overrides)
    app = Flask(__name__, instance_path=str(instance_path()), template_folder=str(TEMPLATES_DIR))
    app.config.update(settings.flask_config())
    app.config.update({key: value for key, value in (overrides or {}).items() if key not in SETTING_NAMES})
    _configure_logging()
    from feedback_app import web

    web.init_app(app, settings)
    from feedback_app.insight.learning import follow_learned_model, use_learned_model

    instance = Path(app.instance_path)
    use_learned_model(instance)  # `feedback-app learn`'s adopted model, if any...

    @app.before_request
    def follow_adopted_model() -> None:  # ...and one adopted while this worker runs
        follow_learned_model(instance)

    if settings.proxy_hops:
        # Behind a TLS proxy the client's address and scheme come from its headers: login throttling, the audit
        # log and secure cookies need the real ones. Only as many hops as the operator says are trusted.
        hops = settings.proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    return app


def _configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("apscheduler", "alembic"):  # a line per job run or migration step drowns the rest
        logging.getLogger(noisy).setLevel(logging.WARNING)
