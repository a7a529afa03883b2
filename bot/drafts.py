"""Drafted replies wait for a person: approve (as written or edited) or reject.

Staff-edited text is stored and sent as text; it never passes through a template engine.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from bot import outbox, replies
from bot.cases import events, letters, status
from bot.desk import Desk
from bot.models import Case, Draft, InboundMessage, OutboxMessage

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


class DraftError(ValueError):
    """A decision on a draft that is not possible (already decided, empty text)."""


def create(
    session: Session,
    kind: str,
    language: str,
    to: str,
    reply: replies.Reply,
    case: Case | None = None,
    inbound_id: int | None = None,
    sections: Sequence[str] = (),
    confidence: float | None = None,
    closes_with: str | None = None,
) -> Draft:
    """A new draft for staff; recorded on its case."""
    draft = Draft(
        case_id=case.id if case else None,
        inbound_id=inbound_id,
        kind=kind,
        language=language,
        to=to,
        subject=reply.subject,
        text=reply.text,
        sections=list(sections),
        confidence=confidence,
        closes_with=closes_with,
    )
    session.add(draft)
    session.flush()
    if case is not None:
        events.record(session, case, events.SYSTEM, "drafted", {"draft": draft.id, "kind": kind})
    return draft


def pending(session: Session) -> list[Draft]:
    """Drafts waiting for a decision, oldest first."""
    query = select(Draft).where(Draft.status == PENDING).order_by(col(Draft.id))
    return list(session.exec(query))


def decide(desk: Desk, draft: Draft, by: str, verdict: str) -> Case | None:
    """Mark `draft` decided by `by`; returns its case."""
    if draft.status != PENDING:
        raise DraftError(f"draft {draft.id} is already {draft.status}")
    draft.status, draft.decided_by, draft.decided_at = verdict, by, desk.now()
    desk.session.add(draft)
    return desk.session.get(Case, draft.case_id) if draft.case_id else None


def approve(desk: Desk, draft: Draft, by: str, text: str | None = None) -> OutboxMessage:
    """Approve `draft` (with `text` if staff edited it) and queue it as human mail."""
    if text is not None and not text.strip():
        raise DraftError("an approved reply cannot be empty")
    if text is not None and text != draft.text:
        draft.text, draft.edited = text, True
    case = decide(desk, draft, by, APPROVED)
    inbound = desk.session.get(InboundMessage, draft.inbound_id) if draft.inbound_id else None
    if inbound is None and case is not None:
        inbound = letters.first_inbound(desk.session, case)
    reply = replies.Reply(draft.subject, draft.text, replies.html(draft.text))
    thread = letters.envelope(desk, draft.to, inbound)
    message = letters.message(draft.kind, reply, draft.language)
    key = f"draft:{draft.id}"
    row, _ = outbox.queue(desk.session, key, thread, message, case, False, draft.id, desk.now())
    if case is not None:
        after_approval(desk, case, draft, by, row)
    desk.session.commit()
    return row


def after_approval(desk: Desk, case: Case, draft: Draft, by: str, row: OutboxMessage) -> None:
    """Record the approved reply on its case and move the case on."""
    actor = events.staff(by)
    detail = {"kind": draft.kind, "draft": draft.id, "edited": draft.edited}
    events.record(desk.session, case, actor, "approved", detail)
    detail = {"kind": draft.kind, "message_id": row.message_id, "automatic": False}
    events.record(desk.session, case, actor, "message_out", detail)
    if draft.closes_with:
        status.move(desk.session, case, status.CLOSED, actor, draft.closes_with)
    elif case.status == status.WAITING_FOR_APPROVAL:
        waiting = case.verification == "pending"
        after = status.AWAITING_VERIFICATION if waiting else status.IN_PROGRESS
        status.move(desk.session, case, after, actor)


def reject(desk: Desk, draft: Draft, by: str, reason: str) -> None:
    """Reject `draft`; nothing is sent, the reason is kept."""
    case = decide(desk, draft, by, REJECTED)
    if case is not None:
        detail = {"kind": draft.kind, "draft": draft.id, "reason": reason}
        events.record(desk.session, case, events.staff(by), "rejected", detail)
        if case.status == status.WAITING_FOR_APPROVAL:
            status.move(desk.session, case, status.IN_PROGRESS, events.staff(by))
    desk.session.commit()
