"""The worker's tasks: deliveries, imports started from the admin page, and the scheduled
clean-ups (no cron needed: the worker runs them at the times below, in UTC).

Every minute   send what is due; end imports whose worker stopped
Every hour     delete verification results older than 24 hours, old sessions, spent reset links,
               outbox rows finished 90 days ago
03:30          assistant log: delete past ASSISTANT_RETENTION_DAYS, unlink users past ASSISTANT_USER_LINK_HOURS
07:00          e-mail the admins a summary of the messages that failed in the last 24 hours
"""
from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from huey import crontab
from sqlalchemy import select

from portal.extensions import db
from portal.jobs import in_app_context, queue

log = logging.getLogger("portal.jobs")

HEARTBEAT_SECONDS = 30
# An import whose worker has not written its heartbeat for this long has stopped.
IMPORT_STALE = timedelta(minutes=5)
NEVER_STARTED = timedelta(days=1)
WORKER_STOPPED = ("The worker running this import stopped (it was restarted, or its host went down) before the "
                  "import finished. An import changes nothing until its end, so nothing was changed: start it again.")


# --- deliveries ----------------------------------------------------------------------------------


def _deliver_a_batch() -> None:
    from portal.delivery.worker import deliver_round

    if deliver_round(db.session, current_app.config).more:
        deliver_due()  # the next batch, as its own task: a stopping worker ends between batches


@queue.task(name="deliver_due")
@in_app_context
def deliver_due() -> None:
    _deliver_a_batch()


@queue.periodic_task(crontab(), name="every_minute")
@in_app_context
def every_minute() -> None:
    end_stopped_imports()
    _deliver_a_batch()


# --- imports -------------------------------------------------------------------------------------


def _heartbeat_key(run_id: int) -> str:
    return f"import-heartbeat:{run_id}"


@queue.task(name="run_import")
@in_app_context
def run_import(run_id: int, path: str, kind: str, dry_run: bool, all_or_nothing: bool, language: str = "en") -> None:
    """An import started from the admin page. Its progress goes to its ImportRun row; it ends as
    applied, rejected, dry run, or failed with the reason, written in the language of the admin
    who started it (the page's when they did)."""
    from flask_babel import force_locale

    from portal.i18n import valid_language

    with force_locale(valid_language(language) or "en"):
        _run_import(run_id, path, kind, dry_run, all_or_nothing)


def _run_import(run_id: int, path: str, kind: str, dry_run: bool, all_or_nothing: bool) -> None:
    from flask_babel import gettext as _

    from portal.services import imports

    stop = threading.Event()

    def beat() -> None:  # in the queue's storage: the import's own transaction may hold the database
        while not stop.is_set():
            try:
                queue.put(_heartbeat_key(run_id), time.time())
            except Exception:  # a passing storage error must not stop the heartbeat for good
                log.warning("import %s: could not write its heartbeat", run_id, exc_info=True)
            stop.wait(HEARTBEAT_SECONDS)

    beating = threading.Thread(target=beat, name=f"import-{run_id}-heartbeat", daemon=True)
    beating.start()
    try:
        with open(path, "rb") as stream:
            imports.run_import(db.engine, kind, stream, Path(path).name.split("-", 1)[-1], dry_run=dry_run,
                               all_or_nothing=all_or_nothing, run_id=run_id, progress_every=500)
    except FileNotFoundError:
        imports.fail_run(db.engine, run_id, _("The uploaded file is not there any more (IMPORT_DIR must be shared "
                                              "by the web servers and the workers): upload it again."))
    except imports.ImportFileError as error:
        imports.fail_run(db.engine, run_id, str(error))
    except Exception:
        # Not "running" for ever: the page says it stopped (its transaction was rolled back), and
        # the trace goes to the worker's log.
        log.exception("import %s failed", run_id)
        imports.fail_run(db.engine, run_id, _("The import stopped on an unexpected error and changed nothing. The "
                                              "details are in the worker's log; try again or ask a developer."))
    finally:
        stop.set()
        queue.get(_heartbeat_key(run_id))  # read and removed
        Path(path).unlink(missing_ok=True)


def end_stopped_imports() -> int:
    """End as failed the imports whose worker stopped while running them."""
    from portal.models import ImportRun, utcnow
    from portal.services import imports

    now = utcnow()
    ended = 0
    for run in db.session.scalars(select(ImportRun).where(ImportRun.status == "running",
                                                          ImportRun.started_at < now - IMPORT_STALE)):
        beat = queue.get(_heartbeat_key(run.id), peek=True)
        if beat is None or time.time() - float(beat) > IMPORT_STALE.total_seconds():
            imports.fail_run(db.engine, run.id, WORKER_STOPPED)
            queue.get(_heartbeat_key(run.id))
            ended += 1
    for run in db.session.scalars(select(ImportRun).where(ImportRun.status == "queued",
                                                          ImportRun.started_at < now - NEVER_STARTED)):
        imports.fail_run(db.engine, run.id, "No worker started this import within a day (its job was lost, or "
                         "no worker is running): nothing was changed. Start it again.")
        ended += 1
    db.session.commit()
    return ended


# --- clean-ups -----------------------------------------------------------------------------------


@queue.periodic_task(crontab(minute="7"), retries=3, retry_delay=60, retry_backoff=2, name="hourly_cleanup")
@in_app_context
def hourly_cleanup() -> None:
    from portal.assistant import contact_requests
    from portal.assistant.answers import end_expired_conversations
    from portal.delivery import outbox
    from portal.services import accounts, sessions
    from portal.services.verification import purge_expired

    verifications = purge_expired(db.session)
    db.session.commit()
    tokens = accounts.purge_reset_tokens(db.session)
    removed_sessions = sessions.purge(db.session)
    messages = outbox.purge(db.session)
    conversations = end_expired_conversations(db.session)
    requests = contact_requests.purge_done(db.session)
    db.session.commit()
    log.info("hourly clean-up: %d verification result(s), %d reset link(s), %d session(s), %d message(s), "
             "%d assistant conversation(s), %d contact request(s) done long ago deleted",
             verifications, tokens, removed_sessions, messages, conversations, requests)


@queue.periodic_task(crontab(hour="3", minute="30"), retries=3, retry_delay=300, retry_backoff=2,
                     name="assistant_purge")
@in_app_context
def assistant_purge() -> None:
    from portal.assistant.log import purge_log

    purge_log(db.session, current_app.config["ASSISTANT_RETENTION_DAYS"], current_app.config["ASSISTANT_USER_LINK_HOURS"],
              source="worker")


@queue.periodic_task(crontab(hour="7", minute="0"), retries=3, retry_delay=300, retry_backoff=2,
                     name="failed_delivery_summary")
@in_app_context
def failed_delivery_summary() -> None:
    from huey.exceptions import TaskLockedException

    from portal.delivery.outbox import queue_failed_summary

    try:
        with queue.lock_task("failed-delivery-summary"):  # one worker at a time; the day's check inside
            queue_failed_summary(db.session)
    except TaskLockedException:
        log.info("another worker is sending the failed-delivery summary")
