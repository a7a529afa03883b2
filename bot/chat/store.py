"""Conversations: made on the first message, found by their public id, with their transcript."""

from __future__ import annotations

import secrets

from sqlmodel import Session, select

from bot.models import ChatConversation

MAX_TURNS = 200  # a conversation longer than this is cut off (and rate-limited before that)


def start(session: Session, language: str) -> ChatConversation:
    """A new conversation with an unguessable id."""
    conversation = ChatConversation(public_id=secrets.token_urlsafe(18), language=language)
    session.add(conversation)
    session.flush()
    return conversation


def find(session: Session, public_id: str) -> ChatConversation | None:
    """The conversation the widget names."""
    query = select(ChatConversation).where(ChatConversation.public_id == public_id)
    return session.exec(query).first()


def record(conversation: ChatConversation, role: str, text: str, at: str) -> None:
    """Append one turn to the transcript (a new list, so the JSON column sees the change)."""
    turn = {"role": role, "text": text, "at": at}
    conversation.transcript = [*conversation.transcript, turn][-MAX_TURNS:]
