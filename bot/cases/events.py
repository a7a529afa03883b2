"""The case's event log: append-only — who, what, when, and with which classifier."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Mapper
from sqlmodel import Session, col, select

from bot.models import Case, CaseEvent

SYSTEM = "system"
REQUESTER = "requester"


def staff(name: str) -> str:
    """The actor name of a staff member."""
    return f"staff:{name}"


def record(
    session: Session,
    case: Case,
    actor: str,
    kind: str,
    detail: dict[str, Any] | None = None,
    classifier_version: str | None = None,
) -> CaseEvent:
    """Append one event to `case` (committed with the caller's transaction).

    Events carry the version of the classifier that read the message they concern, else the
    one that read the request.
    """
    assert case.id is not None, "a case is flushed before its first event"
    row = CaseEvent(
        case_id=case.id,
        actor=actor,
        kind=kind,
        detail=detail or {},
        classifier_version=classifier_version or case.classifier_version or None,
    )
    session.add(row)
    return row


def history(session: Session, case: Case) -> list[CaseEvent]:
    """The events of `case`, oldest first."""
    query = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(col(CaseEvent.id))
    return list(session.exec(query))


@event.listens_for(CaseEvent, "before_update")
def _refuse_update(_mapper: Mapper[Any], _connection: object, target: CaseEvent) -> None:
    raise ValueError(f"case events are append-only (event {target.id})")


@event.listens_for(CaseEvent, "before_delete")
def _refuse_delete(_mapper: Mapper[Any], _connection: object, target: CaseEvent) -> None:
    # Retention and erasure remove whole cases with bulk deletes, which bypass this guard.
    raise ValueError(f"case events are append-only (event {target.id})")
