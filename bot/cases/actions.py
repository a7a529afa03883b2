"""What staff do to a case: extend the deadline once, refuse with reasons, close with an outcome."""

from __future__ import annotations

from bot import clock, drafts, replies
from bot.cases import events, letters, status
from bot.desk import Desk, as_utc, local_date
from bot.models import Case, Draft


class ActionError(ValueError):
    """A staff action the law or the case's state does not allow; the message says why."""


def governing(case: Case) -> clock.Deadline:
    """The case's governing answer deadline as the clock knows it."""
    stored = next(
        (d for d in case.deadlines if d["kind"] == "answer" and d["due"] == case.due.isoformat()),
        None,
    )
    regime = stored["regime"] if stored else "gdpr"
    return clock.Deadline(regime, "answer", case.due, case.due_rule)


def extend(desk: Desk, case: Case, reason: str, by: str) -> Draft:
    """Extend the deadline once, before it passes, with a reason; the notice is drafted."""
    today = local_date(desk, desk.now())
    found = clock.extend(
        governing(case), as_utc(case.received_at), today, reason, desk.timezone, case.extended
    )
    if not found.allowed or found.deadline is None:
        raise ActionError(found.reason)
    old_due, case.due, case.extended = case.due, found.deadline.due, True
    detail = {"from": old_due.isoformat(), "to": case.due.isoformat(), "reason": found.reason}
    events.record(desk.session, case, events.staff(by), "extended", detail)
    if case.status != status.EXTENDED:
        status.move(desk.session, case, status.EXTENDED, events.staff(by))
    context = letters.context(desk, case, case.language)
    context |= {"due": old_due, "extended_due": case.due, "reason": found.reason}
    draft = staff_letter(desk, case, "extension", context)
    desk.session.commit()
    return draft


def refuse(desk: Desk, case: Case, reasons: str, by: str) -> Draft:
    """Draft the Art. 12(4) refusal (reasons, complaint, court); approving it closes the case."""
    if not reasons.strip():
        raise ActionError("a refusal must state its reasons (GDPR Art. 12(4))")
    rights = replies.rights_in_words(case.labels, case.language)
    context = letters.context(desk, case, case.language) | {"rights": rights, "reasons": reasons}
    draft = staff_letter(desk, case, "refusal", context, closes_with="refused")
    events.record(desk.session, case, events.staff(by), "refusal_drafted", {"draft": draft.id})
    move_to_approval(desk, case, by)
    desk.session.commit()
    return draft


def close(desk: Desk, case: Case, outcome: str, by: str, note: str = "") -> None:
    """Close `case` with `outcome` (staff have answered by other means, or it was withdrawn)."""
    if not status.is_open(case):
        raise ActionError(f"{case.reference} is already closed")
    try:
        status.move(desk.session, case, status.CLOSED, events.staff(by), outcome, {"note": note})
    except status.TransitionError as error:
        raise ActionError(str(error)) from error
    desk.session.commit()


def staff_letter(
    desk: Desk, case: Case, kind: str, context: dict[str, object], closes_with: str | None = None
) -> Draft:
    """A letter of `kind` drafted for approval."""
    reply = replies.render(kind, case.language, context)
    return drafts.create(
        desk.session, kind, case.language, case.requester, reply, case, closes_with=closes_with
    )


def move_to_approval(desk: Desk, case: Case, by: str) -> None:
    """The case waits for a person to approve its draft."""
    if case.status != status.WAITING_FOR_APPROVAL:
        status.move(desk.session, case, status.WAITING_FOR_APPROVAL, events.staff(by))
