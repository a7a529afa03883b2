"""Threading (mail-rules 22): Message-IDs first, then a case reference guarded by the sender."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from bot.cases import store
from bot.models import Case, InboundMessage, OutboxMessage


@dataclass(frozen=True)
class Thread:
    """Where a message belongs: an existing case, or a case a stranger named (to flag)."""

    case: Case | None = None
    by: str = ""  # "message-id" or "reference"
    named_by_stranger: Case | None = None


def participants(session: Session, case: Case) -> set[str]:
    """The addresses that took part in `case`: the requester and every sender into it."""
    query = select(InboundMessage.sender).where(InboundMessage.case_id == case.id)
    return {case.requester, *session.exec(query)} - {""}


def by_message_ids(session: Session, ids: Iterable[str]) -> Case | None:
    """The case one of `ids` belongs to: our own sent messages first, then stored inbound ones."""
    ids = [i for i in ids if i]
    if not ids:
        return None
    ours = select(OutboxMessage.case_id).where(
        col(OutboxMessage.message_id).in_(ids), col(OutboxMessage.case_id).is_not(None)
    )
    theirs = select(InboundMessage.case_id).where(
        col(InboundMessage.message_id).in_(ids), col(InboundMessage.case_id).is_not(None)
    )
    for query in (ours, theirs):
        case_id = session.exec(query).first()
        if case_id is not None:
            return session.get(Case, case_id)
    return None


def find(session: Session, inbound: InboundMessage, references: Iterable[str]) -> Thread:
    """The thread of `inbound`; `references` are the case references found in its text."""
    case = by_message_ids(session, [inbound.in_reply_to or "", *inbound.references])
    if case is not None:
        return Thread(case, "message-id")
    for text in references:
        named = store.find(session, text)
        if named is None:
            continue
        if inbound.sender in participants(session, named):
            return Thread(named, "reference")
        return Thread(named_by_stranger=named)
    return Thread()
