"""The acknowledgment: what we understood, the reference, the due date, what happens next.

Sent automatically, once per case, in the requester's language — unless the sender is in doubt
(mail-rules 19), when it waits for staff as a draft.
"""

from __future__ import annotations

from typing import Any

from bot import drafts, replies
from bot.cases import letters, policy, status, verification
from bot.desk import Desk, local_date
from bot.models import Case, InboundMessage

HELD_FLAGS = ("sender_mismatch", "no_address")


def disclaimer(desk: Desk, case: Case) -> str | None:
    """The notice's own disclaimer on erasure/restriction during a contract, when it applies."""
    if not policy.any_with(case.labels, "disclaimer"):
        return None
    where = policy.policy()["disclaimer"]
    rendering = desk.notice.indexes[case.language].rendering
    for section in rendering.sections:
        if section.section == where["section"]:
            paragraphs = (p.strip() for p in section.text.split("\n\n"))
            marked = (p for p in paragraphs if p.startswith(where["marker"]))
            return next((p.removeprefix(where["marker"]).strip() for p in marked), None)
    return None


def ack_context(desk: Desk, case: Case, original: Case | None, link: str | None) -> dict[str, Any]:
    """The acknowledgment template's values."""
    return letters.context(desk, case, case.language) | {
        "rights": replies.rights_in_words(case.labels, case.language),
        "received": local_date(desk, case.received_at),
        "due": original.due if original else case.due,
        "verification_url": link,
        "verification_expires": verification.expiry(desk, case) if link else None,
        "agent": "agent" in case.flags,
        "marketing_stopped": policy.any_with(case.labels, "suppress"),
        "disclaimer": disclaimer(desk, case),
        "duplicate_of": original.reference if original else None,
        "language_note": any(flag.startswith("language:") for flag in case.flags),
    }


def acknowledge(desk: Desk, case: Case, inbound: InboundMessage, original: Case | None) -> bool:
    """Queue (or hold for staff) the acknowledgment and settle the status; True when queued."""
    check = original is None and policy.any_with(case.labels, "verification")
    link = verification.link(desk.config, case) if check else None
    reply = replies.render("acknowledgment", case.language, ack_context(desk, case, original, link))
    if link:
        verification.mark_sent(desk, case)
    if any(flag in case.flags for flag in HELD_FLAGS):
        drafts.create(desk.session, "acknowledgment", case.language, case.requester, reply, case)
        status.move(desk.session, case, status.WAITING_FOR_APPROVAL, "system")
        return False
    letters.send_automatic(desk, case, "acknowledgment", f"ack:{case.reference}", reply)
    settle(desk, case, original, bool(link))
    return True


def settle(desk: Desk, case: Case, original: Case | None, waiting: bool) -> None:
    """The status after the acknowledgment went out."""
    if original is not None:
        status.move(desk.session, case, status.CLOSED, "system", "duplicate")
    elif waiting:
        status.move(desk.session, case, status.AWAITING_VERIFICATION, "system")
    elif policy.closes_at_once(case.labels):
        status.move(desk.session, case, status.CLOSED, "system", "fulfilled")
    else:
        status.move(desk.session, case, status.IN_PROGRESS, "system")
