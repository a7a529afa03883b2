"""Importing mail from files (`privacybot import-mail`): .eml, mbox and Maildir, same pipeline."""

from __future__ import annotations

import hashlib
import mailbox
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from bot import triage, worker
from bot.desk import Desk
from bot.inbound import stored
from bot.models import Case, InboundMessage
from bot.worker import cursor
from mail.message import Parsed
from mail.parse import parse

MAILBOX = "import"


def raw_messages(path: Path) -> Iterator[bytes]:
    """The messages in `path`: a Maildir folder, an mbox file or a single .eml file."""
    if path.is_dir():
        yield from (message.as_bytes() for message in mailbox.Maildir(path, create=False))
    elif path.read_bytes()[:5] == b"From ":
        yield from (message.as_bytes() for message in mailbox.mbox(path, create=False))
    else:
        yield path.read_bytes()


def received_at(desk: Desk, raw: bytes) -> datetime:
    """The topmost Received: date, else Date:, else now (mail-rules 8 for files)."""
    parsed = parse(raw)
    found = parsed.received_at if isinstance(parsed, Parsed) else None
    return found or desk.now()


def import_one(desk: Desk, raw: bytes) -> tuple[str | None, triage.Outcome]:
    """Store and read one message (once: the same bytes again report the first outcome)."""
    state = cursor.state_of(desk.session, MAILBOX)
    key = hashlib.sha256(raw).hexdigest()
    earlier = stored(desk.session, f"{MAILBOX}/0/{key}")
    if earlier is not None:
        return earlier.message_id, again(desk, earlier)
    mail = cursor.RawMail(key, raw, received_at(desk, raw))
    (row,) = cursor.store_raw(desk.session, state, [mail])
    return row.message_id, worker.read_one(desk, row)


def again(desk: Desk, earlier: InboundMessage) -> triage.Outcome:
    """The recorded outcome of a message imported before."""
    case = desk.session.get(Case, earlier.case_id) if earlier.case_id else None
    labels = tuple((earlier.analysis or {}).get("labels", ()))
    reference = case.reference if case else None
    return triage.Outcome(earlier.outcome or "stored", "already imported", reference, labels)
