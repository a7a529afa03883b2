"""Letters for a case: the shared context of every reply, its envelope, and queuing it."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from bot import outbox, replies
from bot.cases import events
from bot.desk import Desk
from bot.models import Case, InboundMessage, OutboxMessage

MAX_REFERENCES = 20  # long threads keep their first and newest ids (RFC 5322 3.6.4 allows it)


def context(desk: Desk, case: Case | None, language: str) -> dict[str, Any]:
    """What every template receives: the company, the requester's name, the case reference."""
    company = dict(desk.company)
    company["location"] = company["location"][language]
    return {
        "company": company,
        "requester_name": case.requester_name if case else None,
        "reference": case.reference if case else None,
    }


def domain(desk: Desk) -> str:
    """The domain of our own Message-IDs: that of the privacy address."""
    return desk.config.privacy_address.rpartition("@")[2] or "localhost"


def first_inbound(session: Session, case: Case) -> InboundMessage | None:
    """The message that opened `case`."""
    query = select(InboundMessage).where(InboundMessage.case_id == case.id)
    return session.exec(query.order_by(col(InboundMessage.id))).first()


def envelope(desk: Desk, to: str, inbound: InboundMessage | None) -> outbox.Envelope:
    """Reply envelope: one `To`, threaded under `inbound` (In-Reply-To and References)."""
    if inbound is None or not inbound.message_id:
        return outbox.Envelope(to, domain(desk))
    chain = [*inbound.references, inbound.message_id]
    if len(chain) > MAX_REFERENCES:
        chain = chain[:1] + chain[-(MAX_REFERENCES - 1) :]
    return outbox.Envelope(to, domain(desk), inbound.message_id, tuple(chain))


def message(kind: str, reply: replies.Reply, language: str) -> dict[str, str]:
    """The outbox fields of a rendered reply."""
    fields = {"kind": kind, "subject": reply.subject, "text": reply.text, "html": reply.html}
    return fields | {"language": language}


def send_automatic(
    desk: Desk, case: Case, kind: str, key: str, reply: replies.Reply
) -> OutboxMessage | None:
    """Queue an automatic letter to the requester once per `key`; None when nothing was new."""
    thread = envelope(desk, case.requester, first_inbound(desk.session, case))
    fields = message(kind, reply, case.language)
    row, new = outbox.queue(desk.session, key, thread, fields, case, now=desk.now())
    if not new:
        return None
    detail = {"kind": kind, "message_id": row.message_id, "automatic": True}
    events.record(desk.session, case, events.SYSTEM, "message_out", detail)
    return row
