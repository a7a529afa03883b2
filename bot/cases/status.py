"""Case statuses and the transitions allowed between them; each transition is an event."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from bot.cases import events
from bot.desk import utcnow
from bot.models import Case

NEW = "new"
AWAITING_VERIFICATION = "awaiting_verification"
IN_PROGRESS = "in_progress"
EXTENDED = "extended"
WAITING_FOR_APPROVAL = "waiting_for_approval"
CLOSED = "closed"

OUTCOMES = ("fulfilled", "partly_fulfilled", "refused", "withdrawn", "duplicate", "unverified")

TRANSITIONS: dict[str, tuple[str, ...]] = {
    NEW: (AWAITING_VERIFICATION, IN_PROGRESS, WAITING_FOR_APPROVAL, CLOSED),
    AWAITING_VERIFICATION: (IN_PROGRESS, WAITING_FOR_APPROVAL, EXTENDED, CLOSED),
    IN_PROGRESS: (EXTENDED, WAITING_FOR_APPROVAL, CLOSED),
    EXTENDED: (WAITING_FOR_APPROVAL, IN_PROGRESS, CLOSED),
    WAITING_FOR_APPROVAL: (IN_PROGRESS, AWAITING_VERIFICATION, EXTENDED, CLOSED),
    CLOSED: (IN_PROGRESS,),  # a reply to a closed case reopens it
}


class TransitionError(ValueError):
    """A status change the case's life cycle does not allow."""


def move(
    session: Session,
    case: Case,
    to: str,
    actor: str,
    outcome: str | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Change the status of `case` to `to`, recording the event; closing needs an outcome."""
    if to not in TRANSITIONS.get(case.status, ()):
        raise TransitionError(f"a case cannot go from {case.status} to {to}")
    if (to == CLOSED) != (outcome is not None) or (outcome and outcome not in OUTCOMES):
        raise TransitionError(f"closing needs one of {', '.join(OUTCOMES)}; only closing takes one")
    before, case.status, case.outcome = case.status, to, outcome
    case.closed_at = utcnow() if to == CLOSED else None
    session.add(case)
    change = {"from": before, "to": to} | ({"outcome": outcome} if outcome else {})
    events.record(session, case, actor, "status", change | (detail or {}))


def is_open(case: Case) -> bool:
    """Whether the case still waits for something."""
    return case.status != CLOSED
