"""Notifications go to the outbox table, in the same transaction as the change that causes
them; a delivery worker (outside this app) sends them. In development they are also
written to the log, so that a developer can follow a link without a mail server."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from portal.models import OutboxMessage

log = logging.getLogger("portal.outbox")


def queue_email(session: Session, *, kind: str, recipient: str, subject: str, body: str,
                log_body: bool = False) -> OutboxMessage:
    message = OutboxMessage(kind=kind, channel="email", recipient=recipient, subject=subject, body=body)
    session.add(message)
    if log_body:
        log.warning("DEVELOPMENT ONLY, e-mail queued to %s: %s\n%s", recipient, subject, body)
    else:
        log.info("e-mail queued: %s", kind)
    return message
