"""The values parsing produces: a parsed message, a quarantined one, attachments and limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on untrusted input; a message over any of them is quarantined (mail-rules 13)."""

    max_bytes: int = 25 * MIB
    max_depth: int = 20
    max_parts: int = 500
    max_seconds: float = 5.0
    attachment_bytes: int = 10 * MIB


@dataclass(frozen=True)
class Attachment:
    """A non-body MIME part; `data` is None when the part exceeds `Limits.attachment_bytes`."""

    filename: str | None
    content_type: str
    size: int
    data: bytes | None


@dataclass(frozen=True)
class Parsed:
    """A message read from untrusted bytes, with everything that had to be repaired."""

    sender: str
    sender_name: str
    envelope_sender: str | None
    to: tuple[str, ...]
    cc: tuple[str, ...]
    subject: str
    message_id: str
    message_id_missing: bool
    in_reply_to: str | None
    references: tuple[str, ...]
    date: datetime | None
    received_at: datetime | None
    text: str
    full_text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    headers: tuple[tuple[str, str], ...]
    damaged: tuple[str, ...]
    raw_sha256: str

    def header(self, name: str) -> tuple[str, ...]:
        """Every decoded value of the header `name` (case-insensitive), in order."""
        wanted = name.lower()
        return tuple(value for key, value in self.headers if key.lower() == wanted)


@dataclass(frozen=True)
class Quarantined:
    """A message that was not parsed because it broke a limit; staff see it with the reason."""

    reason: str
    raw_sha256: str
