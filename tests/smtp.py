"""A real SMTP server for the tests (aiosmtpd, on a free local port), which can also refuse,
defer or answer slowly, and a helper that reads what it received."""
from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import re
import socket
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller

# The test server's own debug log repeats every line it receives (links included); the tests
# that check the portal's log for secrets are about the portal, not about this server.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: keeps every message accepted. `mode` is what it does with the next ones:
    accept, refuse (550 at RCPT), defer (451 at DATA) or slow (waits `delay` seconds at DATA)."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.mode = "accept"
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse":
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.mode == "defer":
            return "451 4.3.0 Try again later"
        if self.mode == "slow":
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()
        self.mode, self.delay = "accept", 0.0

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.mailbox = Mailbox()
        self.port = port or free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message: EmailMessage, host: str = "portal.test") -> str:
    """The path of the first portal link in the message's text."""
    return re.search(rf"https?://{re.escape(host)}(/\S*)", text_of(message)).group(1)
