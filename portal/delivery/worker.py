"""One delivery round, as the worker runs it: claim due messages, render, send, record.

Sent once: a message is claimed in one statement by one round (a random claim token), the
claim is renewed just before it is sent (a round that lost it, having outlasted
MAIL_SENDING_LEASE, does not send it), and it is marked sent right after the server accepts
it. A worker that dies between the last two leaves it `sending`; after MAIL_SENDING_LEASE it
goes out again with the same Message-ID (mail systems such as Gmail show one copy per
Message-ID). Only that moment (milliseconds, per worker thread that dies) can give a second
copy. A worker asked to stop (SIGTERM, Ctrl-C) first finishes its round (at most `batch`
messages).
"""
from __future__ import annotations

import logging
import secrets
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
    retry = {"max_attempts": config["MAIL_MAX_ATTEMPTS"], "base_seconds": config["MAIL_RETRY_SECONDS"]}
    outbox.recover_abandoned(session, timedelta(seconds=config["MAIL_SENDING_LEASE"]), retry["max_attempts"])
    token = secrets.token_hex(16)
    ids = outbox.claim(session, batch, token)
    connection = SmtpConnection(config) if config["MAIL_SERVER"] else None
    unfinished = list(ids)
    try:
        for message_id in ids:
            unfinished.remove(message_id)
            try:
                outcome = _deliver(session, message_id, token, connection, retry)
            except ServerUnavailable as error:
                outbox.mark_for_retry(session, message_id, token, str(error), **retry)
                done.retried += 1
                log.warning("mail server unavailable, %d message(s) wait: %s", len(unfinished) + 1, error)
                for waiting in unfinished:  # never tried: the attempt does not count
                    outbox.mark_for_retry(session, waiting, token, str(error), counted=False, **retry)
                unfinished.clear()
                return done
            except Exception as error:  # a database error, a bug: this message waits, the round goes on
                log.exception("outbox message %s: unexpected error", message_id)
                session.rollback()
                outbox.mark_for_retry(session, message_id, token, f"Unexpected error: {error.__class__.__name__}",
                                      **retry)
                outcome = "retried"
            setattr(done, outcome, getattr(done, outcome) + 1)
    finally:
        if unfinished:  # the round stopped early (an error while recording): give them back untried
            session.rollback()
            for waiting in unfinished:
                outbox.mark_for_retry(session, waiting, token, "Not tried: the round stopped.", counted=False, **retry)
        if connection is not None:
            connection.close()
    done.more = len(ids) == batch
    return done


def _deliver(session: Session, message_id: int, token: str, connection: SmtpConnection | None, retry: dict) -> str:
    """Send one claimed message; returns which count of the round it adds to."""
    message = session.get(OutboxMessage, message_id)
    assert message is not None
    try:
        email = messages.build(session, message)
    except Exception as error:  # a missing template or record: trying again will not help
        log.exception("could not render outbox message %s", message_id)
        session.rollback()
        outbox.mark_failed(session, message_id, token, f"Could not be written: {error.__class__.__name__}: {error}")
        return "failed"
    if isinstance(email, messages.Skip):
        outbox.mark_skipped(session, message_id, token, email.reason, email.forget_recipient)
        return "skipped"
    # Renewing the claim commits, with it, the token of the link the message carries: the
    # link works before the message leaves.
    if not outbox.still_mine(session, message_id, token):
        return "skipped"  # another round has it now, or an admin cancelled it
    if connection is None:
        log.warning("DEVELOPMENT ONLY (no MAIL_SERVER), e-mail to %s:\n%s", email["To"],
                    email.get_body(("plain",)).get_content())
        outbox.mark_sent(session, message_id, token, email["Subject"], status="logged")
        return "sent"
    try:
        connection.send(email)
    except PassingFailure as error:
        if isinstance(error, ServerUnavailable):
            raise
        status = outbox.mark_for_retry(session, message_id, token, str(error), **retry)
        return "retried" if status == "queued" else "failed"
    except LastingFailure as error:
        outbox.mark_failed(session, message_id, token, str(error))
        return "failed"
    outbox.mark_sent(session, message_id, token, email["Subject"])
    return "sent"
