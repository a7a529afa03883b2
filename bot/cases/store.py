"""Finding cases: by reference, by requester, and the staff queue of open cases by due date."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from bot.cases import events
from bot.desk import as_utc
from bot.models import Case, InboundMessage, OutboxMessage
from bot.reference import new_reference, parse_reference


def find(session: Session, reference: str) -> Case | None:
    """The case a person named (typos in the check part fail, O/0 and I/1 are forgiven)."""
    canonical = parse_reference(reference)
    if canonical is None:
        return None
    return session.exec(select(Case).where(Case.reference == canonical)).first()


def fresh_reference(session: Session) -> str:
    """A reference no case has yet."""
    while True:
        reference = new_reference()
        if session.exec(select(Case.id).where(Case.reference == reference)).first() is None:
            return reference


def open_queue(session: Session, limit: int = 100, offset: int = 0) -> list[Case]:
    """Open cases, the most urgent first (served by the partial index on due)."""
    query = (
        select(Case)
        .where(col(Case.closed_at).is_(None))
        .order_by(col(Case.due), col(Case.id))
        .offset(offset)
        .limit(limit)
    )
    return list(session.exec(query))


def recent_of(session: Session, requester: str, since: datetime) -> list[Case]:
    """The cases of `requester` received since `since`, oldest first."""
    query = (
        select(Case)
        .where(Case.requester == requester, col(Case.received_at) >= since)
        .order_by(col(Case.id))
    )
    return list(session.exec(query))


def duplicate_of(session: Session, case: Case, window_days: int) -> Case | None:
    """An earlier case of the same requester for the same rights within the window."""
    since = as_utc(case.received_at) - timedelta(days=window_days)
    for earlier in recent_of(session, case.requester, since):
        same_rights = set(case.labels) <= set(earlier.labels)
        if earlier.id != case.id and earlier.duplicate_of_id is None and same_rights:
            return earlier
    return None


def summary(case: Case) -> dict[str, Any]:
    """The short JSON form of a case (`privacybot cases --json`)."""
    return {
        "reference": case.reference,
        "status": case.status,
        "outcome": case.outcome,
        "labels": list(case.labels),
        "requester": case.requester,
        "received_at": as_utc(case.received_at).isoformat(),
        "due": case.due.isoformat(),
        "verification": case.verification,
        "flags": list(case.flags),
    }


def detail(session: Session, case: Case) -> dict[str, Any]:
    """Everything about a case (`privacybot case show REF --json`)."""
    messages = session.exec(select(InboundMessage).where(InboundMessage.case_id == case.id))
    outgoing = session.exec(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    return summary(case) | {
        "requester_name": case.requester_name,
        "language": case.language,
        "channel": case.channel,
        "due_rule": case.due_rule,
        "deadlines": list(case.deadlines),
        "places": list(case.places),
        "extended": case.extended,
        "closed_at": as_utc(case.closed_at).isoformat() if case.closed_at else None,
        "events": [event_json(e) for e in events.history(session, case)],
        "messages": [{"id": m.id, "subject": m.subject, "channel": m.channel} for m in messages],
        "outbox": [
            {"message_id": o.message_id, "kind": o.kind, "status": o.status} for o in outgoing
        ],
    }


def event_json(event: Any) -> dict[str, Any]:
    """The JSON form of one event."""
    return {
        "at": as_utc(event.at).isoformat(),
        "actor": event.actor,
        "kind": event.kind,
        "detail": event.detail,
        "classifier_version": event.classifier_version,
    }
