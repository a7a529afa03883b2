"""The outbox: every outgoing message is a row, queued once (idempotency key), sent later.

The mail channel drains it (issue 5); here messages are queued, listed and marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.utils import make_msgid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.desk import as_utc, utcnow
from bot.models import Case, OutboxMessage


@dataclass(frozen=True)
class Envelope:
    """Where a message goes and how it threads: one `To`, our Message-ID domain, the thread."""

    to: str
    domain: str
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()


def by_key(session: Session, key: str) -> OutboxMessage | None:
    """The queued message with this idempotency key, if any."""
    query = select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    return session.exec(query).first()


def queue(
    session: Session,
    key: str,
    envelope: Envelope,
    message: dict[str, str],
    case: Case | None = None,
    automatic: bool = True,
    draft_id: int | None = None,
    now: datetime | None = None,
) -> tuple[OutboxMessage, bool]:
    """Queue `message` (kind, subject, text, html) once per `key`; returns the row and if new."""
    found = by_key(session, key)
    if found is not None:
        return found, False
    row = OutboxMessage(
        idempotency_key=key,
        message_id=make_msgid(domain=envelope.domain),
        case_id=case.id if case else None,
        draft_id=draft_id,
        kind=message["kind"],
        language=message.get("language", "en"),
        to=envelope.to,
        subject=message["subject"],
        text=message["text"],
        html=message["html"],
        in_reply_to=envelope.in_reply_to,
        references=list(envelope.references),
        automatic=automatic,
        queued_at=now or utcnow(),
        next_attempt_at=now or utcnow(),
    )
    try:
        with session.begin_nested():  # a concurrent twin loses here, not the caller's work
            session.add(row)
    except IntegrityError:
        return by_key(session, key) or row, False
    return row, True


def listing(
    session: Session, statuses: Sequence[str] = (), limit: int = 200
) -> list[OutboxMessage]:
    """Outbox rows, newest first, optionally only those with one of `statuses`."""
    query = select(OutboxMessage).order_by(col(OutboxMessage.id).desc()).limit(limit)
    if statuses:
        query = query.where(col(OutboxMessage.status).in_(statuses))
    return list(session.exec(query))


def to_json(row: OutboxMessage, reference: str | None) -> dict[str, Any]:
    """The JSON form of an outbox row (`privacybot outbox --json`)."""
    return {
        "message_id": row.message_id,
        "to": row.to,
        "subject": row.subject,
        "case": reference,
        "kind": row.kind,
        "status": row.status,
        "automatic": row.automatic,
        "attempts": row.attempts,
        "queued_at": as_utc(row.queued_at).isoformat(),
        "sent_at": as_utc(row.sent_at).isoformat() if row.sent_at else None,
    }
