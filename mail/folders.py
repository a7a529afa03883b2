"""The embedded default without mail servers: a local Maildir in, `.eml` files out.

A newcomer drops an `.eml` file into the inbox folder and finds the reply in the outbox folder.
Like the IMAP side, nothing is ever deleted: processed mail moves to `cur/` or `processed/`.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

MAILDIR = ("new", "cur", "tmp")
SEEN = ":2,S"  # Maildir info: processed and seen


@dataclass(frozen=True)
class LocalFetched:
    """One message from the local inbox; `key` is its path relative to the inbox root."""

    key: str
    raw: bytes = field(repr=False)
    received_at: datetime


class LocalInbox:
    """A Maildir (`new/`, `cur/`, `tmp/`) plus loose `*.eml` files dropped into its root."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        for name in (*MAILDIR, "processed"):
            (self.root / name).mkdir(parents=True, exist_ok=True)

    def fetch_new(self) -> list[LocalFetched]:
        """Messages in `new/` and loose `.eml` files, oldest first (`tmp/` is work in progress)."""
        paths = [*_visible(self.root / "new"), *_visible(self.root, suffix=".eml")]
        found = [_fetched(self.root, path) for path in paths]
        return sorted(found, key=lambda message: (message.received_at, message.key))

    def mark_processed(self, key: str) -> Path:
        """Move a fetched message to `cur/` (Maildir) or `processed/` (loose file); never delete."""
        path = self._path(key)
        if path.parent == self.root / "new":
            target = _unused(self.root / "cur" / (path.name.split(":")[0] + SEEN))
        else:
            target = _unused(self.root / "processed" / path.name)
        path.rename(target)
        return target

    def _path(self, key: str) -> Path:
        """The file for a key from `fetch_new`; anything outside the inbox is refused."""
        path = (self.root / key).resolve()
        if path.parent not in (self.root, self.root / "new") or not path.is_file():
            raise ValueError(f"{key!r} is not a message of this inbox")
        return path


class LocalOutbox:
    """A folder that receives every outgoing message as an `.eml` file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def deliver(self, message: EmailMessage) -> Path:
        """Write the message as `<timestamp>-<message-id>.eml`, complete or not at all."""
        raw = message.as_bytes()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        target = _unused(self.root / f"{stamp}-{_safe_id(message, raw)}.eml")
        partial = self.root / f".{target.name}.tmp"  # hidden: readers of *.eml never see it
        with partial.open("wb") as file:
            file.write(raw)
            file.flush()
            os.fsync(file.fileno())
        partial.rename(target)
        return target


def _visible(folder: Path, suffix: str = "") -> list[Path]:
    """Regular files in a folder, without hidden ones (editors and writers leave those)."""
    return [
        path
        for path in folder.iterdir()
        if path.is_file() and not path.name.startswith(".") and path.name.endswith(suffix)
    ]


def _fetched(root: Path, path: Path) -> LocalFetched:
    """A file as a fetched message; its modification time stands in for INTERNALDATE."""
    received_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return LocalFetched(str(path.relative_to(root)), path.read_bytes(), received_at)


def _safe_id(message: EmailMessage, raw: bytes) -> str:
    """The Message-ID as a file-name part, or a hash of the message when it has none."""
    message_id = str(message.get("Message-ID", "")).strip().strip("<>")
    safe = re.sub(r"[^A-Za-z0-9._@-]+", "_", message_id)[:100].strip("._")
    return safe or "sha256-" + hashlib.sha256(raw).hexdigest()[:16]


def _unused(path: Path) -> Path:
    """The path itself, or the same name with a counter when the file exists."""
    candidate, number = path, 1
    while candidate.exists():
        candidate = path.with_stem(f"{path.stem}-{number}")
        number += 1
    return candidate
