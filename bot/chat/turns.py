"""What the assistant says back: replies with quick replies and links, and the turn's case."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot import replies
from bot.chat.texts import say, table
from bot.models import Case, ChatConversation


@dataclass(frozen=True)
class Said:
    """One reply of the assistant."""

    text: str
    sections: tuple[str, ...] = ()
    quick_replies: tuple[str, ...] = ()
    links: tuple[dict[str, str], ...] = ()


@dataclass(frozen=True)
class Turn:
    """What the assistant answers to one message, and the case it opened, if any."""

    replies: list[Said]
    case: Case | None = None
    opened: bool = field(default=False)


def quick(language: str, *keys: str) -> tuple[str, ...]:
    """Quick-reply words."""
    return tuple(say(language, key) for key in keys)


def greeting(conversation: ChatConversation) -> Turn:
    """The first words, with the common requests as quick replies."""
    language = conversation.language
    return Turn(
        [Said(say(language, "greeting"), quick_replies=tuple(table(language, "quick").values()))]
    )


def ask_to_confirm(conversation: ChatConversation, labels: list[str], text: str) -> Turn:
    """Repeat the rights in plain words and ask whether that is what they want."""
    language = conversation.language
    conversation.state, conversation.pending = "confirm", {"labels": labels, "text": text}
    rights = "\n".join(f"– {right}" for right in replies.rights_in_words(labels, language))
    return Turn(
        [Said(say(language, "confirm", rights=rights), quick_replies=quick(language, "yes", "no"))]
    )
