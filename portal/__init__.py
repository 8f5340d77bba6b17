"""The Collaborative Care Partner Portal: create_app() builds a configured Flask app."""
from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.routing import IntegerConverter

from portal.config import load_config, configure_sqlite
from portal.extensions import csrf, db, limiter, migrate
from portal.services import passwords, second_factor

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class RowNumber(IntegerConverter):
    """`<int:...>` in a route is a row number: one larger than a database integer holds is no
    page at all (404), never an overflow in the database driver (500)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 (werkzeug's name)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(PROJECT_ROOT / "instance"))
    app.config.update(load_config(app.instance_path, config))
    app.url_map.converters["int"] = RowNumber

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    second_factor.configure(*(app.config.get("TOTP_ENCRYPTION_KEY") or app.config["SECRET_KEY"]).split(","))
    from portal import i18n, jobs

    i18n.init_app(app)

    jobs.init_app(app)
    if app.config.get("PASSWORD_HASH_COST"):
        passwords.configure_hasher(**app.config["PASSWORD_HASH_COST"])
    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"], x_proto=1)  # type: ignore[method-assign]

    from portal import access, cli, errors, security, transactions
    from portal.blueprints.admin import bp as admin_bp
    from portal.blueprints.api import bp as api_bp
    from portal.blueprints.assistant import bp as assistant_bp
    from portal.blueprints.auth import bp as auth_bp
    from portal.blueprints.patient import bp as patient_bp
    from portal.blueprints.provider import bp as provider_bp
    from portal.blueprints.public import bp as public_bp
    from portal.blueprints.support import bp as support_bp

    for blueprint in (public_bp, auth_bp, assistant_bp, patient_bp, provider_bp, support_bp, admin_bp, api_bp):
        app.register_blueprint(blueprint)
    csrf.exempt(api_bp)  # the API authenticates with Bearer tokens only, never the session cookie
    access.register(app)
    errors.register(app)
    security.register(app)
    cli.register(app)
    transactions.register(app, db)

    from portal.services.text import strip_controls

    # User-typed text shown back: control, zero-width and bidi-override characters removed
    # (so a stored question cannot reorder or hide what staff read); HTML is still escaped.
    app.add_template_filter(strip_controls, "plain")

    from portal import formatting
    from portal.web import reader_zone

    # One way of writing dates ("December 1, 2026") and moments ("December 1, 2026, 2:43 PM
    # EST", in the reader's time zone), in the page's language: {{ value|day }} and {{ value|when }}.
    from portal.i18n import current_language

    app.add_template_filter(lambda value: formatting.long_date(value, reader_zone(), current_language()), "day")
    app.add_template_filter(lambda value: formatting.long_datetime(value, reader_zone(), current_language()),
                            "when")
    # Counts: "2,650,000" ({{ value|number }}).
    app.add_template_filter(lambda value: formatting.number(value, current_language()), "number")
    from portal.models import utcnow

    app.add_template_global(utcnow, "now")

    @app.context_processor
    def assistant_starters() -> dict:
        from flask_login import current_user

        from portal.assistant.answers import normalize_audience, suggested_questions

        role = current_user.role if current_user.is_authenticated else "anonymous"
        audience = normalize_audience(None, role)
        return {"assistant_audience": audience,
                "assistant_starters": lambda: suggested_questions(app.config["PORTAL_PAYER_NAME"], audience,
                                                                  current_language())}

    @app.context_processor
    def inject_settings() -> dict:
        from portal.models.clinical import CONTACT_PREFERENCES

        return {"contact_preferences": CONTACT_PREFERENCES, "payer_name": app.config["PORTAL_PAYER_NAME"], "support_phone": app.config["PORTAL_SUPPORT_PHONE"],
                "support_email": app.config["PORTAL_SUPPORT_EMAIL"], "support_hours": app.config["PORTAL_SUPPORT_HOURS"]}

    return app
