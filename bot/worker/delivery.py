"""Draining the outbox (mail-rules 16, 21): claim a message once, hold what the limits stop,
send, retry with back-off, and fail visibly after the last attempt.

A message is marked `sending` before the SMTP transaction starts: a crash in between leaves it
`sending`, and it is later held for a person instead of being sent twice.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Protocol

from sqlalchemy import func, update
from sqlmodel import col, select

from bot.desk import Desk, as_utc
from bot.models import DeliveryBlock, OutboxMessage
from mail import errors, smtp

MAX_ATTEMPTS = 6
SENDER_DAILY_CAP = 5  # automatic messages to one address per day, then staff take over
HOURLY_CAP = 300  # automatic messages per hour in all: the circuit breaker
STALE_SENDING = timedelta(minutes=10)


class Transport(Protocol):
    """Where built messages go: an SMTP server, or a folder of .eml files."""

    def send(self, message: EmailMessage, envelope_from: str, to: str) -> None:
        """Hand `message` over for delivery to `to`."""


def claim(desk: Desk) -> OutboxMessage | None:
    """The next due message, marked `sending` so that no other worker takes it."""
    query = (
        select(OutboxMessage)
        .where(OutboxMessage.status == "queued", col(OutboxMessage.next_attempt_at) <= desk.now())
        .order_by(col(OutboxMessage.id))
        .limit(1)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite has one writer anyway
    )
    row = desk.session.exec(query).first()
    if row is None:
        desk.session.commit()
        return None
    taken = desk.session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row.id, col(OutboxMessage.status) == "queued")
        .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=desk.now())
    )
    desk.session.commit()
    desk.session.refresh(row)
    return row if getattr(taken, "rowcount", 0) == 1 else None


def count_sent(desk: Desk, since: datetime, to: str | None = None) -> int:
    """Automatic messages sent since `since` (to one address, or in all)."""
    query = (
        select(func.count())
        .select_from(OutboxMessage)
        .where(
            col(OutboxMessage.automatic).is_(True),
            OutboxMessage.status == "sent",
            col(OutboxMessage.sent_at) >= since,
        )
    )
    if to is not None:
        query = query.where(OutboxMessage.to == to)
    return int(desk.session.exec(query).one())


def hold_reason(desk: Desk, row: OutboxMessage) -> str | None:
    """Why an automatic message must wait for a person, or None."""
    if not row.automatic:
        return None
    blocked = desk.session.exec(
        select(DeliveryBlock).where(DeliveryBlock.address == row.to)
    ).first()
    if blocked is not None and as_utc(blocked.until) > desk.now():
        return f"address blocked: {blocked.reason}"[:500]
    if count_sent(desk, desk.now() - timedelta(days=1), row.to) >= SENDER_DAILY_CAP:
        return f"more than {SENDER_DAILY_CAP} automatic messages to this address today"
    if count_sent(desk, desk.now() - timedelta(hours=1)) >= HOURLY_CAP:
        return f"circuit breaker: {HOURLY_CAP} automatic messages in the last hour"
    return None


def build(desk: Desk, row: OutboxMessage) -> EmailMessage:
    """The email for an outbox row, with the headers the rules require (mail-rules 18, 20)."""
    return smtp.build(
        from_address=desk.config.privacy_address,
        from_name=desk.company["name"],
        to=row.to,
        subject=row.subject,
        text=row.text,
        html=row.html,
        message_id=row.message_id,
        in_reply_to=row.in_reply_to,
        references=tuple(row.references),
        automatic=row.automatic,
        language=row.language,
    )


def settle(desk: Desk, row: OutboxMessage, status: str, error: str | None = None) -> None:
    """Record what became of one attempt."""
    row.status, row.last_error = status, (error or None) and error[:500]
    if status == "sent":
        row.sent_at = desk.now()
    if status == "queued":  # a temporary failure: try again later, ever more slowly
        row.next_attempt_at = desk.now() + timedelta(minutes=2 ** min(row.attempts, 10))
    desk.session.add(row)
    desk.session.commit()


def send_one(
    desk: Desk, row: OutboxMessage, transport: Transport, keep: Callable[[bytes], None] | None
) -> str:
    """Send one claimed message; returns its new status."""
    reason = hold_reason(desk, row)
    if reason:
        settle(desk, row, "held", reason)
        return "held"
    message = build(desk, row)
    try:
        transport.send(message, desk.config.privacy_address, row.to)
    except errors.TemporaryFailure as failure:
        settle(desk, row, "queued" if row.attempts < MAX_ATTEMPTS else "failed", str(failure))
        return row.status
    except errors.PermanentFailure as failure:
        settle(desk, row, "failed", str(failure))
        return "failed"
    settle(desk, row, "sent")
    if keep is not None:
        keep(message.as_bytes())  # the Sent folder shows the whole conversation
    return "sent"


def recover_interrupted(desk: Desk) -> int:
    """Hold messages left `sending` by a crash: a person checks the Sent folder first."""
    stale = desk.session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.status) == "sending")
        .where(col(OutboxMessage.next_attempt_at) < desk.now() - STALE_SENDING)  # claimed then
        .values(status="held", last_error="interrupted while sending: check Sent, then release")
        .execution_options(synchronize_session=False)
    )
    desk.session.commit()
    desk.session.expire_all()
    return int(getattr(stale, "rowcount", 0))


def drain(
    desk: Desk, transport: Transport, keep: Callable[[bytes], None] | None, limit: int = 10_000
) -> dict[str, int]:
    """Send every due message (up to `limit`); returns how many ended in each status."""
    counts: dict[str, int] = {}
    for _ in range(limit):
        row = claim(desk)
        if row is None:
            break
        status = send_one(desk, row, transport, keep)
        counts[status] = counts.get(status, 0) + 1
    return counts
