"""Backend Advisor: the app factory."""

from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, config, db, errors, formatting, languages, outbox, quizzes, security
from .extensions import compress, csrf, htmx, limiter
from .resources import resource
from .storage import readiness


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints and CLI commands."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource("templates")),
        static_folder=str(resource("static")),
    )
    app.config.update(config.from_environment(app.instance_path))
    if test_config:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.ensure_secret_key(app.config, app.instance_path)
    config.ensure_metrics_token(app.config)
    logging.basicConfig(level=app.config["LOG_LEVEL"])
    security.init_app(app)

    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    quizzes.init_app(app)
    assets.init_app(app)
    formatting.init_app(app)
    languages.init_app(app)  # Flask-Babel: the locale is the URL's surface's language
    db.init_app(app)
    readiness.init_app(app)
    # Imported here, not with the package: gunicorn imports the package for its settings, which
    # name the metrics directory that prometheus_client must see when first imported.
    from . import metrics

    metrics.init_app(app)
    csrf.init_app(app)
    htmx.init_app(app)
    compress.init_app(app)
    limiter.init_app(app)
    errors.init_app(app)
    outbox.init_app(app)  # checks its settings (a bad one stops start-up) and `flask outbox`

    from . import api, cli, health, staff, visitor

    app.register_blueprint(health.bp)
    visitor.init_app(app)
    app.register_blueprint(api.bp)
    staff.init_app(app)  # Flask-Login, the staff blueprint and `flask staff`
    cli.init_app(app)
    return app
