"""The mail package's own exceptions: what callers of the IMAP and SMTP boundaries catch.

Network and protocol errors of the libraries underneath (socket, imaplib, IMAPClient, smtplib)
never leave `mail`: they are translated here, so the worker has a few kinds to decide on.
"""

from __future__ import annotations


class MailError(Exception):
    """Base class of everything the mail boundaries raise on purpose."""


class ConnectionLost(MailError):
    """The IMAP connection broke or the server refused a command: reconnect with back-off."""


class LoginFailed(MailError):
    """The IMAP server refused our credentials: fix the configuration; retrying is harmless."""


class DeliveryFailure(MailError):
    """Sending a message failed; `reply` is the server's answer (or the local error)."""

    def __init__(self, reply: str, code: int | None = None) -> None:
        super().__init__(f"{code} {reply}" if code else reply)
        self.reply = reply
        self.code = code


class TemporaryFailure(DeliveryFailure):
    """A 4xx reply, a refused or dropped connection, a timeout: retry later."""


class PermanentFailure(DeliveryFailure):
    """A 5xx reply: retrying the same message will not help."""
