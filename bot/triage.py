"""The one entry point of both channels: decide what a stored inbound message becomes.

Machine mail is ignored with its reason; a reply joins its case; a request opens a case with an
acknowledgment; a question is answered from the notice; anything else waits for staff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot import answers, drafts, replies
from bot.cases import acknowledgment, drafting, events, intake, letters, policy, status, threads
from bot.desk import Desk
from bot.models import Case, InboundMessage
from intents import Analysis


@dataclass(frozen=True)
class Outcome:
    """What happened to one message (design.md: `privacybot import-mail` prints this)."""

    outcome: str  # case_opened, threaded, answered, drafted, ignored, quarantined
    reason: str
    case: str | None = None
    labels: tuple[str, ...] = ()
    ack_queued: bool = False
    replies: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        """The JSON form (without the chat replies)."""
        keys = ("outcome", "reason", "case", "labels", "ack_queued")
        return {key: getattr(self, key) for key in keys} | {"labels": list(self.labels)}


def handle(desk: Desk, inbound: InboundMessage) -> Outcome:
    """Decide and act on `inbound` (already stored); commits, and records the outcome on it."""
    if inbound.machine_reason:
        return finish(desk, inbound, Outcome("ignored", inbound.machine_reason))
    analysis = desk.analyser.analyse(f"{inbound.subject}\n\n{inbound.text}", inbound.language_hint)
    inbound.analysis = analysis.to_json()
    thread = threads.find(desk.session, inbound, analysis.entities.case_references)
    if thread.case is not None:
        return finish(desk, inbound, join(desk, thread.case, inbound, analysis, thread.by))
    wanted = policy.case_labels(inbound.confirmed_labels or analysis.labels)
    if wanted:
        return finish(desk, inbound, open_case(desk, inbound, analysis, wanted, thread))
    if policy.question_labels(analysis.labels):
        answered = answers.by_mail(desk, inbound, analysis)
        reason = f"question: {answered.answer.section or 'not in the notice'}"
        return finish(desk, inbound, Outcome(answered.outcome, reason, labels=analysis.labels))
    return finish(desk, inbound, pointer(desk, inbound, analysis))


def finish(desk: Desk, inbound: InboundMessage, outcome: Outcome) -> Outcome:
    """Record the outcome on the inbound row and commit everything at once."""
    inbound.status, inbound.outcome, inbound.reason = "handled", outcome.outcome, outcome.reason
    desk.session.add(inbound)
    desk.session.commit()
    return outcome


def join(desk: Desk, case: Case, inbound: InboundMessage, analysis: Analysis, by: str) -> Outcome:
    """Thread `inbound` into its case; a reply to a closed case reopens it."""
    inbound.case_id = case.id
    detail = {"inbound": inbound.id, "by": by, "labels": list(analysis.labels)}
    events.record(
        desk.session, case, events.REQUESTER, "message_in", detail, analysis.classifier_version
    )
    if not status.is_open(case):
        status.move(
            desk.session, case, status.IN_PROGRESS, events.REQUESTER, detail={"reopened": True}
        )
    return Outcome("threaded", f"joined by {by}", case.reference, analysis.labels)


def open_case(
    desk: Desk,
    inbound: InboundMessage,
    analysis: Analysis,
    wanted: list[str],
    thread: threads.Thread,
) -> Outcome:
    """Open a case for the requested rights, draft what staff must write, acknowledge it."""
    case, original = intake.open_case(desk, inbound, analysis, wanted)
    if thread.named_by_stranger is not None:
        case.flags, case.linked_to_id = (
            [*case.flags, "stranger_reference"],
            thread.named_by_stranger.id,
        )
    for kind in policy.values_of(wanted, "draft"):
        drafting.draft_for(desk, case, kind)
    if policy.question_labels(analysis.labels):
        answers.by_mail(desk, inbound, analysis, case)
    queued = acknowledgment.acknowledge(desk, case, inbound, original)
    reason = f"request: {', '.join(wanted)}" + (
        f"; duplicate of {original.reference}" if original else ""
    )
    return Outcome("case_opened", reason, case.reference, analysis.labels, queued)


def pointer(desk: Desk, inbound: InboundMessage, analysis: Analysis) -> Outcome:
    """Not a privacy matter: a polite pointer, drafted for staff to send or drop."""
    language = policy.reply_language(analysis.language.code)
    support = desk.company.get("support", {}).get(language)
    reply = replies.render(
        "pointer", language, letters.context(desk, None, language) | {"support": support}
    )
    drafts.create(desk.session, "pointer", language, inbound.sender, reply, inbound_id=inbound.id)
    return Outcome("drafted", "out of scope: a pointer waits for staff", labels=analysis.labels)
