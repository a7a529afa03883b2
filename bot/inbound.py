"""Inbound messages of any channel, stored before anything acts on them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.models import InboundMessage


@dataclass(frozen=True)
class Inbound:
    """A message as a channel hands it over: plain values, text already extracted."""

    channel: str
    source_key: str  # unique per channel: (account, folder, UIDVALIDITY, UID) for mail
    sender: str
    text: str
    received_at: datetime
    subject: str = ""
    sender_name: str | None = None
    envelope_sender: str | None = None
    message_id: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = field(default_factory=tuple)
    language_hint: str | None = None
    machine_reason: str | None = None  # the channel's rule that found a robot, if any
    raw: bytes | None = None
    confirmed_labels: tuple[str, ...] = ()  # rights the requester confirmed (the chat asks)


def stored(session: Session, source_key: str) -> InboundMessage | None:
    """The stored message with this source key, if any."""
    query = select(InboundMessage).where(InboundMessage.source_key == source_key)
    return session.exec(query).first()


def store(session: Session, inbound: Inbound) -> tuple[InboundMessage, bool]:
    """Store `inbound` once (by its source key); returns the row and whether it is new."""
    found = stored(session, inbound.source_key)
    if found is not None:
        return found, False
    raw = inbound.raw if inbound.raw is not None else inbound.text.encode("utf-8", "replace")
    row = InboundMessage(
        channel=inbound.channel,
        source_key=inbound.source_key,
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        message_id=inbound.message_id,
        in_reply_to=inbound.in_reply_to,
        references=list(inbound.references),
        sender=inbound.sender.strip().lower(),
        envelope_sender=(inbound.envelope_sender or "").strip().lower() or None,
        sender_name=inbound.sender_name,
        subject=inbound.subject,
        text=inbound.text,
        raw=inbound.raw,
        language_hint=inbound.language_hint,
        machine_reason=inbound.machine_reason,
        received_at=inbound.received_at,
        confirmed_labels=list(inbound.confirmed_labels) or None,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # another worker stored it first: the unique key absorbs the race
        session.rollback()
        return stored(session, inbound.source_key) or row, False
    return row, True
