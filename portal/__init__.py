"""The Collaborative Care Partner Portal: create_app() builds a configured Flask app."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from portal.config import load_config
from portal.extensions import csrf, db, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.update(load_config(app.instance_path, config))

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)

    from portal import cli, errors, security
    from portal.blueprints.public import bp as public_bp

    app.register_blueprint(public_bp)
    errors.register(app)
    security.register(app)
    cli.register(app)

    @app.context_processor
    def inject_settings() -> dict:
        return {"payer_name": app.config["PORTAL_PAYER_NAME"]}

    return app
