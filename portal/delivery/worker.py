"""One delivery round, as the worker runs it: claim due messages, render, send, record.

Sent once: a message is claimed in one statement (no two workers send it), and marked sent
right after the server accepts it. A worker that stops between the two leaves it `sending`;
after MAIL_SENDING_LEASE it goes out again with the same Message-ID, which mail systems use
to show one message. Only that moment (milliseconds, per worker that dies) can give a second
copy. A worker asked to stop (SIGTERM) first finishes its round (at most `batch` messages).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from portal.delivery import messages, outbox
from portal.delivery.smtp import LastingFailure, PassingFailure, ServerUnavailable, SmtpConnection
from portal.models import OutboxMessage, utcnow

log = logging.getLogger("portal.delivery")


@dataclass
class Round:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    more: bool = False  # messages are due still: run another round now


def deliver_round(session: Session, config, batch: int = 20) -> Round:
    done = Round()
    if not config["MAIL_SERVER"] and not config["MAIL_TO_LOG"]:
        if session.scalar(select(exists().where(OutboxMessage.status == "queued"))):
            log.warning("messages are waiting, and MAIL_SERVER is not set: nothing is sent")
        return done
    outbox.recover_abandoned(session, timedelta(seconds=config["MAIL_SENDING_LEASE"]))
    ids = outbox.claim(session, batch)
    connection = SmtpConnection(config) if config["MAIL_SERVER"] else None
    retry = {"max_attempts": config["MAIL_MAX_ATTEMPTS"], "base_seconds": config["MAIL_RETRY_SECONDS"]}
    try:
        for position, message_id in enumerate(ids):
            message = session.get(OutboxMessage, message_id)
            assert message is not None
            try:
                email = messages.build(session, message)
            except Exception as error:  # a missing template or record: trying again will not help
                log.exception("could not render outbox message %s", message_id)
                session.rollback()
                outbox.mark_failed(session, message_id, f"Could not be written: {error.__class__.__name__}: {error}")
                done.failed += 1
                continue
            if isinstance(email, messages.Skip):
                outbox.mark_skipped(session, message_id, email.reason, email.forget_recipient)
                done.skipped += 1
                continue
            if session.new or session.dirty:
                session.commit()  # a link's token exists before the message that carries it leaves
            if connection is None:
                log.warning("DEVELOPMENT ONLY (no MAIL_SERVER), e-mail to %s:\n%s", email["To"],
                            email.get_body(("plain",)).get_content())
                outbox.mark_sent(session, message_id, email["Subject"], status="logged")
                done.sent += 1
                continue
            try:
                connection.send(email)
            except ServerUnavailable as error:
                outbox.mark_for_retry(session, message_id, str(error), **retry)
                for waiting in ids[position + 1:]:  # never tried: the attempt does not count
                    outbox.mark_for_retry(session, waiting, str(error), counted=False, **retry)
                done.retried += len(ids) - position
                log.warning("mail server unavailable, %d message(s) wait: %s", len(ids) - position, error)
                return done
            except PassingFailure as error:
                status = outbox.mark_for_retry(session, message_id, str(error), **retry)
                done.retried += status == "queued"
                done.failed += status == "failed"
            except LastingFailure as error:
                outbox.mark_failed(session, message_id, str(error))
                done.failed += 1
            else:
                outbox.mark_sent(session, message_id, email["Subject"])
                done.sent += 1
    finally:
        if connection is not None:
            connection.close()
    done.more = len(ids) == batch
    return done
