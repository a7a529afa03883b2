"""The periodic sweep: remind unverified requesters, then draft the closing letter.

Never silent expiry (legal.md rule 5): an unverified request gets a reminder with a fresh link
and, after the configured time, a closing letter that a person approves.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import col, select

from bot import replies
from bot.cases import actions, letters, status, verification
from bot.desk import Desk, as_utc, local_date
from bot.models import Case


def waiting(desk: Desk) -> list[Case]:
    """Open cases whose verification link is still unanswered."""
    query = select(Case).where(
        Case.status == status.AWAITING_VERIFICATION,
        Case.verification == verification.PENDING,
        col(Case.verification_sent_at).is_not(None),
    )
    return list(desk.session.exec(query))


def remind(desk: Desk, case: Case) -> None:
    """Queue the reminder with a fresh link (once per case)."""
    link = verification.link(desk.config, case)
    context = letters.context(desk, case, case.language) | {
        "rights": replies.rights_in_words(case.labels, case.language),
        "verification_url": link,
        "verification_expires": verification.expiry(desk, case),
        "due": case.due,
    }
    reply = replies.render("verification_reminder", case.language, context)
    letters.send_automatic(desk, case, "verification_reminder", f"remind:{case.reference}", reply)
    case.reminded_at = desk.now()
    desk.session.add(case)


def close_unverified(desk: Desk, case: Case) -> None:
    """Draft the closing letter; approving it closes the case as unverified."""
    rights = replies.rights_in_words(case.labels, case.language)
    context = letters.context(desk, case, case.language)
    context |= {"rights": rights, "received": local_date(desk, case.received_at)}
    actions.staff_letter(desk, case, "closing_unverified", context, closes_with="unverified")
    status.move(desk.session, case, status.WAITING_FOR_APPROVAL, "system")


def sweep(desk: Desk) -> dict[str, int]:
    """Send due reminders and draft due closing letters; returns how many of each."""
    counts = {"reminded": 0, "closing_drafted": 0}
    remind_after = timedelta(days=desk.config.remind_after_days)
    close_after = timedelta(days=desk.config.close_unverified_after_days)
    for case in waiting(desk):
        assert case.verification_sent_at is not None
        age = desk.now() - as_utc(case.verification_sent_at)
        if age >= close_after:
            close_unverified(desk, case)
            counts["closing_drafted"] += 1
        elif age >= remind_after and case.reminded_at is None:
            remind(desk, case)
            counts["reminded"] += 1
    desk.session.commit()
    return counts
