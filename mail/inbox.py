"""The IMAP boundary: fetch new mail by UID without touching \\Seen, file it away, never expunge.

The rules it keeps are in shared/mail-rules.md 1-8. Everything it returns is a plain frozen value;
every network or protocol error leaves as `mail.errors.ConnectionLost` or `LoginFailed`.
"""

from __future__ import annotations

import random
import ssl
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from mail.errors import ConnectionLost, LoginFailed
from mail.urls import Tls, tls_of

PROCESSED_FLAG = "$PrivacyDeskProcessed"
# RFC 2177: servers may drop an IDLE after 30 minutes, NAT boxes often sooner.
IDLE_MAX_S = 10 * 60
_BODY = b"BODY[]"
_MESSAGE_ID = b"BODY[HEADER.FIELDS (MESSAGE-ID)]"


@dataclass(frozen=True)
class ImapSettings:
    """Where the mailbox is and how to reach it."""

    host: str
    port: int
    user: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    tls: Tls = "ssl"
    timeout_s: float = 60.0

    @classmethod
    def from_url(cls, url: str) -> ImapSettings:
        """Parse `imap[s]://user:pass@host:port/FOLDER?tls=starttls|ssl|none`."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise ValueError("an IMAP URL looks like imap://user:password@host:port/INBOX")
        tls = tls_of(parts, "imaps")
        return cls(
            host=parts.hostname,
            port=parts.port or (993 if tls == "ssl" else 143),
            user=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
            folder=unquote(parts.path.lstrip("/")) or "INBOX",
            tls=tls,
        )


@dataclass(frozen=True)
class Fetched:
    """One message as the server stores it; `internaldate` is its received-at (rule 8)."""

    uid: int
    raw: bytes = field(repr=False)
    internaldate: datetime
    flags: tuple[str, ...]


def backoff_delays(base: float = 1, cap: float = 300) -> Iterator[float]:
    """Endless reconnect delays in seconds: exponential up to `cap`, each jittered to 50-100 %."""
    ceiling = base
    while True:
        yield random.uniform(ceiling / 2, ceiling)
        ceiling = min(cap, ceiling * 2)


@contextmanager
def _translated() -> Iterator[None]:
    """Turn the libraries' network and protocol errors into the package's own."""
    try:
        yield
    except LoginError as error:
        raise LoginFailed(str(error)) from error
    except (OSError, IMAPClientError) as error:  # IMAPClientError covers imaplib's abort
        raise ConnectionLost(f"{type(error).__name__}: {error}") from error


def _connect(settings: ImapSettings) -> tuple[IMAPClient, int]:
    """Open, secure, log in and select the folder (returning its UIDVALIDITY); close on failure."""
    context = ssl.create_default_context()
    client = IMAPClient(
        settings.host,
        settings.port,
        ssl=settings.tls == "ssl",
        ssl_context=context,
        timeout=settings.timeout_s,
    )
    client.normalise_times = False  # keep the server's offset: INTERNALDATE is a legal date
    try:
        if settings.tls == "starttls":
            client.starttls(context)
        client.login(settings.user, settings.password)
        selected = client.select_folder(settings.folder, readonly=False)
    except BaseException:
        with suppress(OSError):  # a failed STARTTLS handshake has closed the socket already
            client.shutdown()
        raise
    return client, int(selected[b"UIDVALIDITY"])


class Mailbox:
    """One logged-in IMAP connection with the configured folder selected read-write."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self._client: IMAPClient | None = None
        self._uidvalidity = 0

    def __enter__(self) -> Mailbox:
        with _translated():
            self._client, self._uidvalidity = _connect(self.settings)
        return self

    def __exit__(self, *exc_info: object) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.__exit__(*exc_info)  # logs out, or just closes a broken connection

    @property
    def client(self) -> IMAPClient:
        """The connection underneath (only while the context is open)."""
        if self._client is None:
            raise ConnectionLost("the mailbox is not connected")
        return self._client

    def uidvalidity(self) -> int:
        """The selected folder's UIDVALIDITY: a change voids every stored UID (rule 4)."""
        return self._uidvalidity

    def fetch_new(self, last_uid: int, batch: int = 100) -> list[Fetched]:
        """Up to `batch` messages with a UID above `last_uid`, oldest first."""
        with _translated():
            self.client.noop()  # lets the server announce mail that came since the last command
            found = self.client.search(["UID", f"{last_uid + 1}:*"])
        # `n:*` always matches the newest message, even one below n (rule 3).
        return self.fetch(sorted(uid for uid in found if uid > last_uid)[:batch])

    def fetch(self, uids: Sequence[int]) -> list[Fetched]:
        """These messages with body, INTERNALDATE and flags; BODY.PEEK never sets \\Seen."""
        if not uids:
            return []
        with _translated():
            found = self.client.fetch(list(uids), ["BODY.PEEK[]", "INTERNALDATE", "FLAGS"])
        # The answer can carry unsolicited FLAGS updates of other messages: keep only bodies.
        return [_fetched(uid, found[uid]) for uid in sorted(found) if _BODY in found[uid]]

    def message_id_headers(self, uids: Sequence[int]) -> dict[int, bytes]:
        """The raw Message-ID header lines of these messages, for the UIDVALIDITY re-sync."""
        if not uids:
            return {}
        with _translated():
            found = self.client.fetch(list(uids), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        return {uid: bytes(data.get(_MESSAGE_ID, b"")) for uid, data in found.items()}

    def mark_processed(self, uids: Sequence[int], folder: str | None = None) -> None:
        """Move the messages to `folder`, or flag them without one; never expunge (rule 5)."""
        if not uids:
            return
        with _translated():
            if folder is None:
                self.client.add_flags(list(uids), [PROCESSED_FLAG], silent=True)
                return
            self._ensure_folder(folder)
            if self.client.has_capability("MOVE"):
                self.client.move(list(uids), folder)
            else:
                self.client.copy(list(uids), folder)
                self.client.add_flags(list(uids), [PROCESSED_FLAG], silent=True)

    def append(self, folder: str, raw: bytes, flags: Sequence[str] = ("\\Seen",)) -> None:
        """Store a copy of a message we sent (the Sent folder), creating the folder if needed."""
        with _translated():
            self._ensure_folder(folder)
            self.client.append(folder, raw, flags=tuple(flags))

    def idle_wait(self, timeout_s: float) -> bool:
        """Wait in IDLE until the server reports a change (True) or the time is up (False)."""
        deadline = time.monotonic() + timeout_s
        with _translated():
            if not self.client.has_capability("IDLE"):
                time.sleep(timeout_s)  # plain polling: the caller's catch-up finds what came
                return True
            while (left := deadline - time.monotonic()) > 0:
                if self._idle_once(min(left, IDLE_MAX_S)):
                    return True
        return False

    def _idle_once(self, timeout_s: float) -> bool:
        """One IDLE command, ended by DONE; keep-alive `OK` lines are not news."""
        self.client.idle()
        try:
            responses = self.client.idle_check(timeout=timeout_s)
        finally:
            self.client.idle_done()
        return any(response[0] != b"OK" for response in responses)

    def _ensure_folder(self, folder: str) -> None:
        if not self.client.folder_exists(folder):
            self.client.create_folder(folder)


def _fetched(uid: int, data: dict[bytes, Any]) -> Fetched:
    """A FETCH response as a plain value, its INTERNALDATE in UTC."""
    return Fetched(
        uid=uid,
        raw=bytes(data[_BODY]),
        internaldate=data[b"INTERNALDATE"].astimezone(UTC),
        flags=tuple(flag.decode("ascii", "replace") for flag in data[b"FLAGS"]),
    )
