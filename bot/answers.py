"""Questions answered from the notice: at once in chat; by mail a draft, or sent by policy."""

from __future__ import annotations

from dataclasses import dataclass

from bot import drafts, outbox, replies
from bot.cases import letters
from bot.desk import Desk
from bot.models import Case, InboundMessage
from bot.notice import Answer
from intents import Analysis
from intents.labels import QUESTION_LABELS


@dataclass(frozen=True)
class Answered:
    """What became of a question: sent, drafted for staff, or said in chat."""

    outcome: str  # "answered" or "drafted"
    answer: Answer
    confidence: float


def confidence(analysis: Analysis, answer: Answer) -> float:
    """How sure we are: the best question label's score, zero when the notice has no answer."""
    scores = [analysis.scores.get(label, 0.0) for label in QUESTION_LABELS]
    return max(scores) if answer.found else 0.0


def letter(desk: Desk, answer: Answer, case: Case | None) -> replies.Reply:
    """The answer as a letter in the answer's language."""
    context = letters.context(desk, case, answer.language) | {"answer": answer.text}
    return replies.render("answer", answer.language, context)


def may_send(desk: Desk, inbound: InboundMessage, sure: float) -> bool:
    """The auto-send policy: on, sure enough, and the sender not in doubt (mail-rules 19)."""
    doubt = bool(inbound.envelope_sender) and inbound.envelope_sender != inbound.sender
    return desk.config.auto_send_answers and sure >= desk.config.auto_send_confidence and not doubt


def by_mail(
    desk: Desk, inbound: InboundMessage, analysis: Analysis, case: Case | None = None
) -> Answered:
    """Answer a mailed question: auto-send when policy allows, else a draft for staff."""
    answer = desk.notice.answer(inbound.text, inbound.language_hint, analysis)
    sure = confidence(analysis, answer)
    reply = letter(desk, answer, case)
    if case is None and inbound.sender and may_send(desk, inbound, sure):
        thread = letters.envelope(desk, inbound.sender, inbound)
        outbox.queue(
            desk.session,
            f"answer:{inbound.id}",
            thread,
            letters.message("answer", reply, answer.language),
            now=desk.now(),
        )
        return Answered("answered", answer, sure)
    sections = [answer.section] if answer.section else []
    language, to = answer.language, inbound.sender
    drafts.create(desk.session, "answer", language, to, reply, case, inbound.id, sections, sure)
    return Answered("drafted", answer, sure)
