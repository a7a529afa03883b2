"""An in-memory stand-in for `mail.inbox.Mailbox`, for unit tests of its callers.

Same public methods; tests/test_mail_inbox.py runs the shared behaviour against both it and Dovecot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from mail.errors import ConnectionLost
from mail.inbox import PROCESSED_FLAG, Fetched


class FakeMailbox:
    """One folder of messages by UID, other folders as lists, and a switch to break the line."""

    def __init__(self, uidvalidity: int = 1) -> None:
        self.messages: dict[int, Fetched] = {}
        self.folders: dict[str, list[Fetched]] = {}
        self.validity = uidvalidity
        self.next_uid = 1
        self.broken = False  # set True: every call raises ConnectionLost, as after a restart
        self.pending = False  # set True: the next idle_wait reports news

    def __enter__(self) -> FakeMailbox:
        self._check()
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def deliver(self, raw: bytes, received_at: datetime | None = None) -> int:
        """Put a message into the folder as the MTA would; returns its UID."""
        uid, self.next_uid = self.next_uid, self.next_uid + 1
        when = received_at or datetime.now(UTC)
        self.messages[uid] = Fetched(uid=uid, raw=raw, internaldate=when, flags=())
        self.pending = True
        return uid

    def renumber(self, uidvalidity: int) -> None:
        """Simulate a UIDVALIDITY change: same messages, new UIDs."""
        old = sorted(self.messages.values(), key=lambda message: message.uid)
        self.messages, self.validity = {}, uidvalidity
        for message in old:
            self.deliver(message.raw, message.internaldate)

    def uidvalidity(self) -> int:
        """The folder's UIDVALIDITY."""
        self._check()
        return self.validity

    def fetch_new(self, last_uid: int, batch: int = 100) -> list[Fetched]:
        """Up to `batch` messages with a UID above `last_uid`, oldest first."""
        return self.fetch(sorted(uid for uid in self.messages if uid > last_uid)[:batch])

    def fetch(self, uids: Sequence[int]) -> list[Fetched]:
        """These messages (missing UIDs are left out)."""
        self._check()
        return [self.messages[uid] for uid in sorted(uids) if uid in self.messages]

    def message_id_headers(self, uids: Sequence[int]) -> dict[int, bytes]:
        """The raw Message-ID header lines of these messages."""
        found = {message.uid: message.raw.split(b"\n") for message in self.fetch(uids)}
        return {
            uid: b"".join(line + b"\n" for line in lines if line.lower().startswith(b"message-id:"))
            for uid, lines in found.items()
        }

    def mark_processed(self, uids: Sequence[int], folder: str | None = None) -> None:
        """Move to `folder`, or add the processed keyword without one."""
        for message in self.fetch(uids):
            if folder is None:
                flags = (*message.flags, PROCESSED_FLAG)
                self.messages[message.uid] = replace(message, flags=flags)
            else:
                self.folders.setdefault(folder, []).append(self.messages.pop(message.uid))

    def append(self, folder: str, raw: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Store a message in another folder."""
        self._check()
        stored = Fetched(uid=0, raw=raw, internaldate=datetime.now(UTC), flags=tuple(flags))
        self.folders.setdefault(folder, []).append(stored)

    def idle_wait(self, timeout_s: float) -> bool:
        """Report (once) whether something was delivered since the last wait; never blocks."""
        self._check()
        pending, self.pending = self.pending, False
        return pending

    def _check(self) -> None:
        if self.broken:
            raise ConnectionLost("the fake connection is broken")
