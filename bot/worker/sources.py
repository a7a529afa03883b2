"""Where mail comes from and goes to: IMAP and SMTP when configured, local folders otherwise."""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from bot.config import Config
from bot.worker.cursor import RawMail
from mail import folders, inbox, smtp


class Source(Protocol):
    """A mailbox folder the worker reads."""

    mailbox: str  # names the cursor and the lease; never contains a password

    def connect(self) -> AbstractContextManager[object]:
        """Open the connection for a while (a context manager)."""

    def uidvalidity(self) -> int:
        """The folder's UIDVALIDITY (0 for a local folder)."""

    def fetch(self, last_uid: int, batch: int) -> list[RawMail]:
        """Up to `batch` new messages after `last_uid`."""

    def done(self, keys: Sequence[str]) -> None:
        """Mark stored messages as processed (flag or move; never delete)."""

    def wait(self, seconds: float) -> bool:
        """Wait for new mail (IDLE) or for `seconds`; True when something may have come."""

    def keep_sent(self, raw: bytes) -> None:
        """Keep a copy of a message we sent where the mailbox shows it."""


class ImapSource:
    """The privacy@ mailbox over IMAP."""

    def __init__(self, url: str, processed_folder: str | None, sent_folder: str) -> None:
        self.settings = inbox.ImapSettings.from_url(url)
        parts = urlsplit(url)
        self.mailbox = f"{parts.scheme}://{self.settings.user}@{parts.hostname}:{self.settings.port}/{self.settings.folder}"
        self.processed_folder, self.sent_folder = processed_folder, sent_folder
        self.box: inbox.Mailbox | None = None

    def connect(self) -> AbstractContextManager[object]:
        """Log in and select the folder."""
        self.box = inbox.Mailbox(self.settings)
        return self.box

    def opened(self) -> inbox.Mailbox:
        """The connected mailbox."""
        assert self.box is not None, "connect() first"
        return self.box

    def uidvalidity(self) -> int:
        """The selected folder's UIDVALIDITY."""
        return self.opened().uidvalidity()

    def fetch(self, last_uid: int, batch: int) -> list[RawMail]:
        """New messages by UID, with the server's INTERNALDATE as received-at."""
        found = self.opened().fetch_new(last_uid, batch)
        return [RawMail(str(mail.uid), mail.raw, mail.internaldate) for mail in found]

    def done(self, keys: Sequence[str]) -> None:
        """Flag (or move) the stored messages."""
        self.opened().mark_processed([int(key) for key in keys], self.processed_folder)

    def wait(self, seconds: float) -> bool:
        """IDLE until the server reports something, at most `seconds`."""
        return self.opened().idle_wait(seconds)

    def keep_sent(self, raw: bytes) -> None:
        """APPEND the copy to the Sent folder."""
        self.opened().append(self.sent_folder, raw)


class LocalSource:
    """The embedded default: a Maildir (or loose .eml files) under var/mail/inbox."""

    def __init__(self, root: Path) -> None:
        self.folder = folders.LocalInbox(root)
        self.mailbox = f"local:{root}"
        self.poll_seconds = 1.0

    def connect(self) -> AbstractContextManager[object]:
        """Nothing to open."""
        return nullcontext()

    def uidvalidity(self) -> int:
        """Local folders have no UIDs."""
        return 0

    def fetch(self, last_uid: int, batch: int) -> list[RawMail]:
        """The files waiting in the folder."""
        found = self.folder.fetch_new()[:batch]
        return [RawMail(mail.key, mail.raw, mail.received_at) for mail in found]

    def done(self, keys: Sequence[str]) -> None:
        """Move the files to the processed part of the Maildir."""
        for key in keys:
            self.folder.mark_processed(key)

    def wait(self, seconds: float) -> bool:
        """Poll: sleep a little."""
        time.sleep(min(seconds, self.poll_seconds))
        return True

    def keep_sent(self, raw: bytes) -> None:
        """The outgoing folder is the copy."""


class SmtpTransport:
    """Sending over SMTP."""

    def __init__(self, url: str) -> None:
        self.settings = smtp.SmtpSettings.from_url(url)

    def send(self, message: EmailMessage, envelope_from: str, to: str) -> None:
        """Hand the message to the SMTP server."""
        smtp.send(self.settings, message, envelope_from, to)


class FolderTransport:
    """The embedded default: outgoing mail as .eml files under var/mail/sent."""

    def __init__(self, root: Path) -> None:
        self.folder = folders.LocalOutbox(root)

    def send(self, message: EmailMessage, envelope_from: str, to: str) -> None:
        """Write the message as a file."""
        self.folder.deliver(message)


def source_for(config: Config) -> Source:
    """IMAP when IMAP_URL is set, else the local inbox folder."""
    if config.imap_url:
        return ImapSource(config.imap_url, config.imap_processed_folder, config.imap_sent_folder)
    return LocalSource(config.mail_dir / "inbox")


def transport_for(config: Config) -> SmtpTransport | FolderTransport:
    """SMTP when SMTP_URL is set, else the local sent folder."""
    if config.smtp_url:
        return SmtpTransport(config.smtp_url)
    return FolderTransport(config.mail_dir / "sent")
