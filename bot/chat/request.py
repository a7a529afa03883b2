"""A request in the chat: email → name (→ place) → a case opened by `triage.handle`, exactly as
a mailed request would be; and questions passed to staff.
"""

from __future__ import annotations

import re

from babel.dates import format_date

from bot import inbound, triage
from bot.cases import store
from bot.chat.texts import meaning, say, table
from bot.chat.turns import Said, Turn, quick
from bot.desk import Desk
from bot.models import ChatConversation

EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]+\.[^@\s<>]{2,}$")
PLACE_LABELS = {"sale_optout"}  # where the requester lives changes these deadlines


def cancelled(conversation: ChatConversation, text: str) -> Turn | None:
    """The visitor gave up on a request."""
    if text.strip().casefold() != say(conversation.language, "cancel").casefold():
        return None
    conversation.state, conversation.pending = "open", {}
    return Turn([Said(say(conversation.language, "declined"))])


def take_address(conversation: ChatConversation, text: str) -> Turn | None:
    """Keep the address the visitor typed; a turn instead when they cancel or mistype it."""
    if (stop := cancelled(conversation, text)) is not None:
        return stop
    if not EMAIL.match(text.strip()):
        language = conversation.language
        return Turn([Said(say(language, "bad_email"), quick_replies=quick(language, "cancel"))])
    conversation.pending = {**conversation.pending, "email": text.strip().lower()}
    return None


def on_email(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """Take the address, then ask for the name."""
    if (instead := take_address(conversation, text)) is not None:
        return instead
    conversation.state, language = "name", conversation.language
    return Turn([Said(say(language, "ask_name"), quick_replies=quick(language, "skip"))])


def on_name(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """Take the name (or none), then the place when it matters, then file."""
    skipped = text.strip().casefold() == say(conversation.language, "skip").casefold()
    conversation.pending = {**conversation.pending, "name": None if skipped else text.strip()[:100]}
    if PLACE_LABELS & set(conversation.pending["labels"]):
        conversation.state = "place"
        places = tuple(table(conversation.language, "places").values())
        return Turn([Said(say(conversation.language, "ask_place"), quick_replies=places)])
    return file(desk, conversation)


def on_place(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """Take the place, then file."""
    place = meaning(conversation.language, "places", text) or "elsewhere"
    conversation.pending = {**conversation.pending, "place": place}
    return file(desk, conversation)


def hand_over(
    desk: Desk, conversation: ChatConversation, text: str, labels: tuple[str, ...]
) -> triage.Outcome:
    """Store the visitor's message as an inbound chat message and let triage decide."""
    pending, number = conversation.pending, len(conversation.transcript)
    message = inbound.Inbound(
        "chat", f"chat:{conversation.public_id}:{number}", pending["email"], text, desk.now(),
        sender_name=pending.get("name"), language_hint=conversation.language,
        confirmed_labels=labels,
    )  # fmt: skip
    row, _ = inbound.store(desk.session, message)
    return triage.handle(desk, row)


def file(desk: Desk, conversation: ChatConversation) -> Turn:
    """Open the case through triage, exactly like a mailed request."""
    pending, language = conversation.pending, conversation.language
    where = table(language, "place_text").get(pending.get("place") or "elsewhere", "")
    outcome = hand_over(
        desk, conversation, f"{pending['text']}\n\n{where}".strip(), tuple(pending["labels"])
    )
    case = store.find(desk.session, outcome.case or "")
    conversation.state, conversation.pending = "open", {}
    if case is None:
        return Turn([Said(say(language, "not_understood"))])
    conversation.case_id = case.id
    if outcome.outcome != "case_opened" or not outcome.ack_queued:
        return Turn([Said(say(language, "held", reference=case.reference))], case)
    due = format_date(case.due, format="long", locale=language)
    verify = say(language, "filed_verify") if case.verification == "pending" else ""
    filed = say(
        language, "filed", reference=case.reference, due=due, email=case.requester, verify=verify
    )
    return Turn([Said(filed)], case, opened=True)


def on_handoff_email(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """Pass an unanswered question to staff, who reply by mail."""
    if (instead := take_address(conversation, text)) is not None:
        return instead
    address = conversation.pending["email"]
    hand_over(desk, conversation, conversation.pending["question"], ())
    conversation.state, conversation.pending = "open", {}
    return Turn([Said(say(conversation.language, "handed_off", email=address))])
