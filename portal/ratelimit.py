"""Rate-limit counters in the portal's own database: limits that hold across workers and hosts
without another server.

Flask-Limiter's default `memory://` store counts per process, so with four gunicorn workers a
limit let through about four times its value. This store (`RATELIMIT_STORAGE_URI=portal-db://`,
the default) keeps fixed-window counters in the `rate_limit_counters` table of the portal's
database (SQLite for `make run`, PostgreSQL in production): one upsert per counted request,
atomic in both. `redis://...` works too (Flask-Limiter's own Redis store) and costs less per
request where a Redis is at hand.
"""
from __future__ import annotations

import os
import secrets
import time

from limits.storage import Storage
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import SQLAlchemyError

_INCR = text("""
    INSERT INTO rate_limit_counters (counter_key, count, expires_at) VALUES (:key, :amount, :expires_at)
    ON CONFLICT (counter_key) DO UPDATE SET
        count = CASE WHEN rate_limit_counters.expires_at > :now THEN rate_limit_counters.count + :amount
                     ELSE :amount END,
        expires_at = CASE WHEN rate_limit_counters.expires_at > :now THEN rate_limit_counters.expires_at
                          ELSE :expires_at END
    RETURNING count""")
_SWEEP_ONE_IN = 500  # one counted request in this many deletes expired counters


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counters` table (see migrations/versions/0009)."""

    STORAGE_SCHEME = ["portal-db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, database_url: str = "",
                 **options: object) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        if not database_url:
            raise ValueError("portal-db:// needs RATELIMIT_STORAGE_OPTIONS={'database_url': ...}")
        self._url = database_url
        self._engine: Engine | None = None
        self._pid = 0

    @property
    def base_exceptions(self) -> type[Exception]:
        return SQLAlchemyError

    def _connect(self) -> Engine:
        """An engine of this process's own (gunicorn forks after the app is built)."""
        if self._engine is None or self._pid != os.getpid():
            from portal.config import configure_sqlite, engine_options

            self._engine = create_engine(self._url, **engine_options(self._url))
            configure_sqlite(self._engine)
            self._pid = os.getpid()
        return self._engine

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        with self._connect().begin() as connection:
            count = connection.execute(_INCR, {"key": key[:255], "amount": amount, "now": now,
                                               "expires_at": now + expiry}).scalar_one()
            if secrets.randbelow(_SWEEP_ONE_IN) == 0:
                connection.execute(text("DELETE FROM rate_limit_counters WHERE expires_at <= :now"), {"now": now})
        return int(count)

    def get(self, key: str) -> int:
        with self._connect().connect() as connection:
            count = connection.execute(text("SELECT count FROM rate_limit_counters WHERE counter_key = :key "
                                            "AND expires_at > :now"), {"key": key[:255], "now": time.time()}).scalar()
        return int(count or 0)

    def get_expiry(self, key: str) -> float:
        with self._connect().connect() as connection:
            expires = connection.execute(text("SELECT expires_at FROM rate_limit_counters WHERE counter_key = :key"),
                                         {"key": key[:255]}).scalar()
        return float(expires) if expires and expires > time.time() else time.time()

    def check(self) -> bool:
        try:
            with self._connect().connect() as connection:
                connection.execute(text("SELECT 1 FROM rate_limit_counters WHERE 1 = 0"))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with self._connect().begin() as connection:
            return connection.execute(text("DELETE FROM rate_limit_counters")).rowcount

    def clear(self, key: str) -> None:
        with self._connect().begin() as connection:
            connection.execute(text("DELETE FROM rate_limit_counters WHERE counter_key = :key"), {"key": key[:255]})
