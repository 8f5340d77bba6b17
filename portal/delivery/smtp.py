"""Sending by SMTP (the standard library's smtplib), one connection reused for a batch.

Failures are sorted by what the server said: a 5xx reply lasts (the address does not exist,
the message is refused), a 4xx reply or a connection that fails or is too slow passes and the
message is tried again later.
"""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage


class PassingFailure(Exception):
    """Worth trying again later."""


class ServerUnavailable(PassingFailure):
    """The server could not be reached or stopped answering: the rest of the batch waits too."""


class LastingFailure(Exception):
    """Trying again will not help (the server refused this message for good)."""


def _reply(error: smtplib.SMTPResponseException) -> str:
    text = error.smtp_error.decode("utf-8", "replace") if isinstance(error.smtp_error, bytes) else str(error.smtp_error)
    return f"{error.smtp_code} {text}".strip()


class SmtpConnection:
    def __init__(self, config) -> None:
        self.host = config["MAIL_SERVER"]
        self.port = int(config["MAIL_PORT"])
        self.use_ssl = bool(config["MAIL_USE_SSL"])
        self.use_tls = bool(config["MAIL_USE_TLS"])
        self.username = config["MAIL_USERNAME"]
        self.password = config["MAIL_PASSWORD"]
        self.timeout = float(config["MAIL_TIMEOUT"])
        self._smtp: smtplib.SMTP | None = None

    def _open(self) -> smtplib.SMTP:
        try:
            if self.use_ssl:
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout,
                                                      context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            smtp.ehlo()
            if self.use_tls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if self.username:
                if not (self.use_tls or self.use_ssl):
                    smtp.close()
                    raise ServerUnavailable("Refusing to send the SMTP password without TLS: set MAIL_USE_TLS "
                                            "or MAIL_USE_SSL.")
                smtp.login(self.username, self.password)
        except smtplib.SMTPAuthenticationError as error:  # the portal's settings, not the message
            raise ServerUnavailable(f"The mail server refused the portal's login: {_reply(error)}") from None
        except smtplib.SMTPResponseException as error:
            raise ServerUnavailable(f"The mail server refused the connection: {_reply(error)}") from None
        except (OSError, smtplib.SMTPException) as error:
            raise ServerUnavailable(f"Could not reach the mail server {self.host}:{self.port}: "
                                    f"{error.__class__.__name__}: {error}") from None
        return smtp

    def send(self, message: EmailMessage) -> None:
        if self._smtp is None:
            self._smtp = self._open()
        try:
            self._smtp.send_message(message, to_addrs=[message["To"]])  # the one address, never a list
        except smtplib.SMTPSenderRefused as error:  # the portal's sender or login, not this message
            self.close()
            raise ServerUnavailable(f"The mail server refused the portal's sender address: {_reply(error)}") from None
        except smtplib.SMTPNotSupportedError as error:  # e.g. a non-ASCII address the server cannot take
            raise LastingFailure(f"The mail server cannot take this message: {error}") from None
        except smtplib.SMTPRecipientsRefused as error:
            replies = [f"{code} {text.decode('utf-8', 'replace') if isinstance(text, bytes) else text}"
                       for code, text in error.recipients.values()]
            if all(code >= 500 for code, _ in error.recipients.values()):
                raise LastingFailure("The mail server refused the address: " + "; ".join(replies)) from None
            raise PassingFailure("The mail server deferred the address: " + "; ".join(replies)) from None
        except smtplib.SMTPServerDisconnected as error:
            self._smtp = None
            raise ServerUnavailable(f"The mail server closed the connection: {error}") from None
        except smtplib.SMTPResponseException as error:
            if error.smtp_code == 421:  # the server is closing the connection
                self.close()
                raise ServerUnavailable(f"The mail server is not taking mail now: {_reply(error)}") from None
            if error.smtp_code >= 500:
                raise LastingFailure(f"The mail server refused the message: {_reply(error)}") from None
            raise PassingFailure(f"The mail server deferred the message: {_reply(error)}") from None
        except (OSError, smtplib.SMTPException) as error:  # a timeout, a reset connection
            self.close()
            raise ServerUnavailable(f"Sending stopped: {error.__class__.__name__}: {error}") from None

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()
