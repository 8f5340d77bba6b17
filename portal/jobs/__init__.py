"""The job queue: work that outlives its request, done by the worker (`flask --app wsgi worker`).

Built on huey, which keeps its queue in a SQLite file (the embedded default: no other service
to run), in Redis or in PostgreSQL (`JOB_QUEUE_URL`), retries a failed task after a delay
that grows, and runs the periodic tasks itself (portal/jobs/tasks.py), so no cron is needed.

A job is queued only once the transaction that asks for it has committed (`after_commit`):
the worker must find the rows the job is about, and a rolled-back change queues nothing.
Messages do not depend on the queue at all: the outbox table is their record, and a job every
minute sends whatever is due, so a lost job only delays a message.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from huey import Huey, MemoryHuey
from huey.storage import MemoryStorage, PostgresStorage, RedisStorage, SqliteStorage
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger("portal.jobs")

# The one queue. Its storage is set by init_app() from JOB_QUEUE_URL; tasks are registered on
# it when portal.jobs.tasks is imported. Results are not kept: jobs write what they did to
# the portal's own tables.
queue: Huey = MemoryHuey("portal", results=False, utc=True)
_app: Flask | None = None
_PENDING = "portal_jobs_after_commit"


def storage_for(url: str, name: str = "portal"):
    """The huey storage a JOB_QUEUE_URL names."""
    if url.startswith("memory://"):
        return MemoryStorage(name)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage(name, filename=str(path))
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisStorage(name, url=url)
    if url.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        return PostgresStorage(name, dsn=url.replace("postgresql+psycopg://", "postgresql://"))
    raise ValueError(f"JOB_QUEUE_URL must start with sqlite:///, redis://, postgresql:// or memory://, not {url!r}")


def init_app(app: Flask) -> None:
    global _app
    if getattr(queue, "portal_url", None) != app.config["JOB_QUEUE_URL"]:
        queue.storage = storage_for(app.config["JOB_QUEUE_URL"])
        queue.portal_url = app.config["JOB_QUEUE_URL"]  # type: ignore[attr-defined]
    _app = app
    from portal.jobs import tasks  # noqa: F401  (registers the tasks on the queue)


def current_app_for_jobs() -> Flask:
    if _app is None:
        raise RuntimeError("portal.jobs.init_app() was not called")
    return _app


def in_app_context(function: Callable[..., Any]) -> Callable[..., Any]:
    """Run a task inside the portal app's context, with its own database session."""
    from functools import wraps

    @wraps(function)
    def run(*args, **kwargs):
        from portal.extensions import db

        with current_app_for_jobs().app_context():
            try:
                return function(*args, **kwargs)
            finally:
                db.session.remove()

    return run


def after_commit(session: Session, task, *args) -> None:
    """Queue `task(*args)` once `session` commits (nothing if it rolls back); the same call
    asked for twice in one transaction is queued once."""
    session.info.setdefault(_PENDING, {})[(task.name, args)] = (task, args)


@event.listens_for(Session, "after_commit")
def _enqueue_committed(session: Session) -> None:
    for task, args in session.info.pop(_PENDING, {}).values():
        try:
            task(*args)
        except Exception:  # the queue is down: the minute's sweep still finds what is due
            log.exception("could not queue %s", getattr(task, "name", task))


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction) -> None:
    # After the outermost transaction ends: a commit has already queued its jobs (above); what
    # is left was rolled back. A savepoint's rollback keeps the outer transaction's jobs.
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def run_pending(limit: int = 1000) -> int:
    """Run the queued jobs in this process until none is left (tests, `flask jobs run-pending`).
    Jobs scheduled for later stay scheduled."""
    done = 0
    while done < limit and (task := queue.dequeue()) is not None:
        queue.execute(task)
        done += 1
    return done
