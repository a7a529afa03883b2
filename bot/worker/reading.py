"""Reading a stored raw message: parse it, apply the machine-mail rules, record bounces, triage."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot import triage
from bot.desk import Desk, as_utc
from bot.models import DeliveryBlock, InboundMessage, OutboxMessage
from mail import bounces, rules
from mail.message import Parsed
from mail.parse import parse

BLOCK_DAYS = 30  # after a permanent bounce, no automatic mail to the address for this long


def fill(row: InboundMessage, parsed: Parsed) -> None:
    """Copy what parsing found onto the stored row (headers never set case state)."""
    row.sender, row.sender_name = parsed.sender, parsed.sender_name or None
    row.envelope_sender = parsed.envelope_sender or None
    row.subject, row.text = parsed.subject[:998], parsed.text
    row.message_id, row.in_reply_to = parsed.message_id[:998], parsed.in_reply_to
    row.references = list(parsed.references)


def own(desk: Desk) -> tuple[list[str], list[str]]:
    """Our own addresses and Message-ID domains, for the loop rules."""
    address = desk.config.privacy_address.lower()
    return [address, desk.company["privacy_email"].lower()], [address.rpartition("@")[2]]


def record_bounce(desk: Desk, parsed: Parsed) -> str:
    """Mark the outbound messages a bounce returns; block the address after a permanent one."""
    ids = bounces.bounced_message_ids(parsed)
    query = select(OutboxMessage).where(col(OutboxMessage.message_id).in_(ids))
    returned = list(desk.session.exec(query)) if ids else []
    permanent = bounces.bounce_is_permanent(parsed)
    for message in returned:
        message.status, message.last_error = "bounced", parsed.subject[:500]
        desk.session.add(message)
        if permanent:
            block(desk, message.to, f"permanent bounce of {message.message_id}")
    kind = "permanent" if permanent else "temporary"
    return f"bounce ({kind}) of {len(returned)} of our messages" if returned else "bounce"


def block(desk: Desk, address: str, reason: str) -> None:
    """No automatic mail to `address` for a while."""
    found = desk.session.exec(select(DeliveryBlock).where(DeliveryBlock.address == address)).first()
    until = desk.now() + timedelta(days=BLOCK_DAYS)
    entry = found or DeliveryBlock(address=address, until=until, reason=reason)
    entry.until, entry.reason = until, reason[:500]
    desk.session.add(entry)


def read(desk: Desk, row: InboundMessage) -> triage.Outcome:
    """Parse, classify and act on one stored message (the caller catches failures)."""
    parsed = parse(row.raw or b"", as_utc(row.received_at))
    if not isinstance(parsed, Parsed):
        return quarantine(desk, row, parsed.reason)
    fill(row, parsed)
    addresses, domains = own(desk)
    reason = rules.machine_reason(parsed, addresses, domains)
    if bounces.is_bounce(parsed):
        reason = record_bounce(desk, parsed)
    row.machine_reason = reason
    return triage.handle(desk, row)


def quarantine(desk: Desk, row: InboundMessage, reason: str) -> triage.Outcome:
    """Set a message aside for staff with its reason; it is kept, never dropped."""
    row.status, row.outcome, row.reason = "quarantined", "quarantined", reason[:300]
    desk.session.add(row)
    desk.session.commit()
    return triage.Outcome("quarantined", reason)


def waiting(desk: Desk, limit: int = 100) -> list[InboundMessage]:
    """Stored messages not yet read, oldest first."""
    query = select(InboundMessage).where(InboundMessage.status == "stored")
    return list(desk.session.exec(query.order_by(col(InboundMessage.id)).limit(limit)))
