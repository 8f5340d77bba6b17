"""The job queue: jobs are queued only when the transaction that asks for them commits, and
the same tasks run on every storage the portal supports."""
from __future__ import annotations

import os
import socket

import pytest

from portal import jobs
from portal.delivery import outbox
from portal.models import OutboxMessage


def _pending() -> list[str]:
    return [task.name for task in jobs.queue.pending()]


def test_a_job_is_queued_when_its_transaction_commits_and_not_when_it_rolls_back(db):
    outbox.queue_email(db, kind="registration", recipient="a@example.com")
    assert _pending() == []  # not before the commit: the worker could not see the row yet
    db.rollback()
    assert _pending() == [] and db.query(OutboxMessage).count() == 0
    outbox.queue_email(db, kind="registration", recipient="a@example.com")
    db.commit()
    assert _pending() == ["deliver_due"]


def test_an_unknown_queue_address_is_refused():
    with pytest.raises(ValueError, match="JOB_QUEUE_URL"):
        jobs.storage_for("ftp://example.org/queue")


def test_the_default_queue_is_a_file_next_to_the_database(tmp_path):
    from portal.config import load_config

    config = load_config(str(tmp_path), {"DATABASE_URL": f"sqlite:///{tmp_path / 'portal.db'}", "SECRET_KEY": "x"})
    assert config["JOB_QUEUE_URL"] == f"sqlite:///{tmp_path / 'portal.jobs.sqlite3'}"


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.parametrize("url", [
    "sqlite:///{tmp}/queue.sqlite3",
    pytest.param("redis://127.0.0.1:6379/14", marks=pytest.mark.skipif(
        not _answers(6379), reason="no Redis server at 127.0.0.1:6379")),
    pytest.param(os.environ.get("TEST_DATABASE_URL", ""), marks=pytest.mark.skipif(
        not os.environ.get("TEST_DATABASE_URL"), reason="PostgreSQL only (TEST_DATABASE_URL)")),
])
def test_jobs_survive_in_each_storage_until_a_worker_takes_them(url, tmp_path):
    """What one process queues, another (a fresh storage object, as after a restart) runs."""
    url = url.format(tmp=tmp_path)
    first, second = jobs.storage_for(url, name="portal-test"), jobs.storage_for(url, name="portal-test")
    first.flush_queue()
    first.enqueue(b"job-1")
    assert second.queue_size() == 1 and second.dequeue() == b"job-1" and first.queue_size() == 0
    first.put_data(b"heartbeat", b"1")
    assert second.peek_data(b"heartbeat") == b"1"
    first.flush_all()
    for storage in (first, second):
        getattr(storage, "close", lambda: None)()
    if url.startswith("postgresql"):  # huey made its own tables: leave the test database as it was
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE huey_kv, huey_schedule, huey_task, huey_counter"))
        engine.dispose()
