"""The conversation: answer questions at once from the notice, or walk a request to a case."""

from __future__ import annotations

from collections.abc import Callable

from bot.cases import policy
from bot.chat import request
from bot.chat.texts import meaning, say, table
from bot.chat.turns import Said, Turn, ask_to_confirm, greeting, quick
from bot.desk import Desk
from bot.models import ChatConversation
from bot.notice import Answer

POINTER_SCORE = 0.5  # out of scope at least this sure: point to support rather than ask again


def answered(desk: Desk, conversation: ChatConversation, answer: Answer) -> Turn:
    """An answer from the notice with links to the sections it cites."""
    cited = tuple(section for section in (answer.section,) if section)
    index = desk.notice.indexes[answer.language].rendering
    titles = {section.section: section.title.strip('„“”"') for section in index.sections}
    links = tuple(
        {
            "section": s,
            "title": titles.get(s, s),
            "url": f"{desk.config.base_url}/notice/{s}?lang={answer.language}",
        }
        for s in cited
    )
    offered = table(conversation.language, "quick").get(answer.offer or "")
    return Turn([Said(answer.text, cited, (offered,) if offered else (), links)])


def on_open(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """A free message: a quick reply, a request, a question, or something else."""
    language = conversation.language
    chosen = meaning(language, "quick", text)
    if chosen == "question":
        return Turn([Said(say(language, "ask_question"))])
    if chosen:
        return ask_to_confirm(conversation, [chosen], text)
    if text.strip().casefold() == say(language, "handoff").casefold() and conversation.pending.get(
        "question"
    ):
        conversation.state = "handoff_email"
        return Turn([Said(say(language, "handoff_email"), quick_replies=quick(language, "cancel"))])
    analysis = desk.analyser.analyse(text, language)
    wanted = policy.case_labels(analysis.labels)
    if wanted:
        return ask_to_confirm(conversation, wanted, text)
    answer = desk.notice.answer(text, language, analysis)
    if answer.found:
        return answered(desk, conversation, answer)
    conversation.pending = {"question": text}
    if analysis.labels == ("out_of_scope",) and analysis.scores["out_of_scope"] >= POINTER_SCORE:
        support = desk.company.get("support", {}).get(language, desk.company["privacy_email"])
        return Turn([Said(say(language, "pointer", support=support))])
    return Turn([Said(say(language, "not_understood"), quick_replies=quick(language, "handoff"))])


def on_confirm(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """Yes → ask for the address; no → back to the start; anything else is a new message."""
    language = conversation.language
    if text.strip().casefold() == say(language, "yes").casefold():
        conversation.state = "email"
        return Turn([Said(say(language, "ask_email"), quick_replies=quick(language, "cancel"))])
    conversation.state = "open"
    if text.strip().casefold() == say(language, "no").casefold():
        return Turn(
            [
                Said(
                    say(language, "declined"),
                    quick_replies=tuple(table(language, "quick").values()),
                )
            ]
        )
    return on_open(desk, conversation, text)


STATES: dict[str, Callable[[Desk, ChatConversation, str], Turn]] = {
    "open": on_open,
    "confirm": on_confirm,
    "email": request.on_email,
    "name": request.on_name,
    "place": request.on_place,
    "handoff_email": request.on_handoff_email,
}


def step(desk: Desk, conversation: ChatConversation, text: str) -> Turn:
    """The assistant's answer to `text` in the conversation's current state."""
    if not text.strip():
        return greeting(conversation)
    return STATES.get(conversation.state, on_open)(desk, conversation, text)
