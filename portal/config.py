"""One configuration object, read from environment variables with safe defaults."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """The environment does not describe a runnable configuration."""


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret_key(instance_path: Path) -> str:
    """Development only: generate a secret key once and keep it under instance/."""
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _default_queue(database_url: str, instance: Path) -> str:
    """The job queue beside a SQLite database file; in memory for an in-memory database."""
    if database_url.startswith("sqlite") and database_url not in ("sqlite://", "sqlite:///:memory:"):
        return f"sqlite:///{Path(database_url.split('///', 1)[1]).with_suffix('.jobs.sqlite3')}"
    if database_url.startswith("sqlite"):
        return "memory://"
    instance.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance / 'jobs.sqlite3'}"


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the Flask config mapping from the environment (and test overrides)."""
    env = os.environ
    overrides = dict(overrides or {})
    instance = Path(instance_path)
    production = _bool(env.get("PORTAL_PRODUCTION")) or env.get("PORTAL_ENV", "").strip().lower() in ("production", "prod")

    database_url = overrides.pop("DATABASE_URL", None) or env.get("DATABASE_URL")
    secret_key = overrides.pop("SECRET_KEY", None) or env.get("SECRET_KEY")
    if production:
        # The links in e-mails must lead to the real site, not to a guess.
        missing = [name for name, value in (("SECRET_KEY", secret_key), ("DATABASE_URL", database_url),
                                            ("PORTAL_URL", env.get("PORTAL_URL") or overrides.get("PORTAL_URL")))
                   if not value]
        if missing:
            raise ConfigError("production configuration needs " + " and ".join(missing) + " set")
    mail_server = env.get("MAIL_SERVER", "")
    if production and mail_server and mail_server not in ("localhost", "127.0.0.1", "::1") \
            and not (_bool(env.get("MAIL_USE_TLS")) or _bool(env.get("MAIL_USE_SSL"))):
        # Coordinator notices name a patient and a program: never in clear text across a network.
        raise ConfigError("production mail to a relay other than this host needs MAIL_USE_TLS or MAIL_USE_SSL")
    if not database_url:
        instance.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance / 'portal.db'}"
    if not secret_key:
        secret_key = _dev_secret_key(instance)

    # An in-memory SQLite database is one per connection: its counters could not be shared anyway.
    in_memory = database_url in ("sqlite://", "sqlite:///:memory:")
    storage_uri = env.get("RATELIMIT_STORAGE_URI") or ("memory://" if in_memory else "portal-db://")
    scheme = env.get("PREFERRED_URL_SCHEME", "https" if production else "http")
    config = {
        "PORTAL_PRODUCTION": production,
        "SECRET_KEY": secret_key,
        # Encrypts the TOTP secrets (comma-separated: the first encrypts, all decrypt); default:
        # derived from SECRET_KEY.
        "TOTP_ENCRYPTION_KEY": env.get("TOTP_ENCRYPTION_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "PREFERRED_URL_SCHEME": scheme,
        "PORTAL_PAYER_NAME": env.get("PORTAL_PAYER_NAME", "Cigna"),
        "PORTAL_CASE_MANAGEMENT_PHONE": env.get("PORTAL_CASE_MANAGEMENT_PHONE", "1-800-555-0199"),
        "PORTAL_SUPPORT_PHONE": env.get("PORTAL_SUPPORT_PHONE", "1-800-555-0100"),
        "PORTAL_SUPPORT_EMAIL": env.get("PORTAL_SUPPORT_EMAIL", "portal-support@example.org"),
        "PORTAL_TIME_ZONE": env.get("PORTAL_TIME_ZONE", "America/New_York"),
        "PORTAL_SUPPORT_HOURS": env.get("PORTAL_SUPPORT_HOURS", "Monday to Friday, 8 a.m. to 6 p.m. Eastern time"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(5 * 1024 * 1024))),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production or scheme == "https",
        "WTF_CSRF_TIME_LIMIT": None,
        # Sessions: idle timeouts per role (minutes) and an absolute lifetime (hours).
        "IDLE_TIMEOUT_MINUTES": {"patient": 30, "provider": 15, "support": 15, "admin": 15},
        "IDLE_WARNING_SECONDS": 120,
        "SESSION_MAX_HOURS": 12,
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        # Sign-in protection: this many failures in a row lock the account for this long.
        "LOCKOUT_THRESHOLD": 5,
        "LOCKOUT_MINUTES": 15,
        "PASSWORD_RESET_MINUTES": 30,
        "INVITATION_HOURS": 72,
        # Flask-Limiter's counters: in the portal's database by default (portal-db://, shared by
        # every worker and host; portal/ratelimit.py), or Redis (redis://...). memory:// counts per
        # process: a limit would let through its value times the number of workers.
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_STORAGE_OPTIONS": {"database_url": database_url} if storage_uri == "portal-db://" else {},
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), True),
        "RATELIMIT_LOGIN_PER_IP": env.get("RATELIMIT_LOGIN_PER_IP", "20 per minute; 200 per hour"),
        "RATELIMIT_LOGIN_PER_ACCOUNT": env.get("RATELIMIT_LOGIN_PER_ACCOUNT", "10 per 15 minutes"),
        "RATELIMIT_API": env.get("RATELIMIT_API", "120 per minute"),
        # Verification stops enumeration: per signed-in user and per API token.
        "RATELIMIT_VERIFY": env.get("RATELIMIT_VERIFY", "30 per minute; 600 per day"),
        "RATELIMIT_BATCH": env.get("RATELIMIT_BATCH", "10 per hour"),
        # A successful API token check is reused for this many seconds by the process that made
        # it (0: check every call). Revocation reaches other processes within this time.
        "API_TOKEN_CHECK_SECONDS": float(env.get("API_TOKEN_CHECK_SECONDS", "5")),
        # How long a worker reuses the admin overview's counts (they read the whole audit log of
        # the period); 0 counts on every visit.
        "ADMIN_ACTIVITY_CACHE_SECONDS": float(env.get("ADMIN_ACTIVITY_CACHE_SECONDS", "300")),
        "RATELIMIT_ASSISTANT": env.get("RATELIMIT_ASSISTANT", "30 per minute; 300 per hour"),
        "RATELIMIT_ACCOUNT_FORMS": env.get("RATELIMIT_ACCOUNT_FORMS", "10 per 15 minutes"),
        # Development only: e-mails queued in the outbox are also written to the log so that a
        # developer can follow a reset link. Never in production.
        "MAIL_TO_LOG": not production and _bool(env.get("PORTAL_MAIL_TO_LOG"), True),
        # E-mail: the worker delivers the outbox by SMTP. Without MAIL_SERVER, development writes
        # each message to the log instead; production keeps it queued until a server is set.
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": int(env.get("MAIL_PORT") or (465 if _bool(env.get("MAIL_USE_SSL")) else 25)),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS")),  # STARTTLS after connecting
        "MAIL_USE_SSL": _bool(env.get("MAIL_USE_SSL")),  # TLS from the start (port 465)
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_DEFAULT_SENDER": env.get("MAIL_DEFAULT_SENDER", "Collaborative Care Partner Portal <no-reply@localhost>"),
        "MAIL_TIMEOUT": float(env.get("MAIL_TIMEOUT", "30")),
        # A delivery that fails for a passing reason is tried again after MAIL_RETRY_SECONDS,
        # then twice as long each time (at most 6 hours apart), MAIL_MAX_ATTEMPTS times in all.
        "MAIL_RETRY_SECONDS": float(env.get("MAIL_RETRY_SECONDS", "60")),
        "MAIL_MAX_ATTEMPTS": int(env.get("MAIL_MAX_ATTEMPTS", "8")),
        # A message claimed by a worker that stopped before finishing it is sent again after this.
        "MAIL_SENDING_LEASE": float(env.get("MAIL_SENDING_LEASE", "600")),
        # The address links in e-mails start with (the worker has no request to take it from).
        "PORTAL_URL": (env.get("PORTAL_URL") or overrides.pop("PORTAL_URL", None)
                       or f"{scheme}://{overrides.get('SERVER_NAME') or '127.0.0.1:' + env.get('PORT', '8000')}"),
        # The job queue (huey): a SQLite file next to the portal's database by default (one host),
        # redis://... or postgresql://... for workers on several hosts; memory:// in the tests.
        "JOB_QUEUE_URL": env.get("JOB_QUEUE_URL") or _default_queue(database_url, instance),
        "JOB_WORKERS": int(env.get("JOB_WORKERS", "2")),
        # Uploaded import files wait here for the worker (shared storage with workers on other hosts).
        "IMPORT_DIR": env.get("IMPORT_DIR") or str(instance / "imports"),
        "DIRECTORY_PAGE_SIZE": 20,
        "ASSISTANT_RETENTION_DAYS": int(env.get("ASSISTANT_RETENTION_DAYS", "365")),
        # How long an exchange keeps the link to the user who asked: only while their session can
        # still rate the answer or pick a suggestion (SESSION_MAX_HOURS); then only the role stays.
        "ASSISTANT_USER_LINK_HOURS": int(env.get("ASSISTANT_USER_LINK_HOURS", "12")),
        # A conversation's context is forgotten after this many minutes without a question.
        "ASSISTANT_CONVERSATION_MINUTES": int(env.get("ASSISTANT_CONVERSATION_MINUTES", "30")),
        # Behind a reverse proxy: how many X-Forwarded-For hops to trust for the client address.
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "JSON_SORT_KEYS": False,
    }
    config.update(overrides)
    return config


def engine_options(database_url: str) -> dict:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True, "pool_size": 5, "max_overflow": 10, "pool_recycle": 1800}


def configure_sqlite(engine) -> None:
    """SQLite settings on every new connection: foreign keys enforced, and for a database
    file write-ahead logging, so that readers never wait for the writer between workers."""
    if engine.dialect.name != "sqlite":
        return
    from sqlalchemy import event

    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
