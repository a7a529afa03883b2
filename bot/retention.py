"""Retention and the requester's own rights: purge what is past its time, export, erase.

Whole cases go with bulk `delete()` statements, children before parents; they bypass the
append-only guard on case events on purpose (see bot/cases/events.py). A suppression entry is
never deleted, only detached from its case: an opt-out must outlive the case that recorded it
(GDPR Art. 17(3), Art. 21(3)).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import itemgetter
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, and_, delete, func, or_, update
from sqlmodel import Session, SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bot.config import Config
from bot.desk import as_utc
from bot.models import (
    Case,
    CaseEvent,
    ChatConversation,
    Draft,
    InboundMessage,
    OutboxMessage,
    Suppression,
)
from bot.suppression import find

CHAT = "chat"


@dataclass(frozen=True)
class Doomed:
    """What goes: cases, and the loose rows outside them (their own rows follow the cases)."""

    cases: ColumnElement[bool]
    inbound: ColumnElement[bool]
    drafts: ColumnElement[bool]
    outbox: ColumnElement[bool]
    conversations: ColumnElement[bool]


Plan = list[tuple[type[SQLModel], ColumnElement[bool]]]


def case_ids(doomed: Doomed) -> SelectOfScalar[int | None]:
    """The ids of the doomed cases (never correlated: the statements around may be on cases)."""
    return select(col(Case.id)).where(doomed.cases).correlate(None)


def plan(doomed: Doomed) -> Plan:
    """Each table with the rows to remove, children before parents."""
    cases = case_ids(doomed)
    inbound = or_(col(InboundMessage.case_id).in_(cases), doomed.inbound)
    inbound_ids = select(InboundMessage.id).where(inbound).correlate(None)
    drafts = or_(
        col(Draft.case_id).in_(cases), col(Draft.inbound_id).in_(inbound_ids), doomed.drafts
    )
    draft_ids = select(Draft.id).where(drafts).correlate(None)
    outbox = or_(
        col(OutboxMessage.case_id).in_(cases),
        col(OutboxMessage.draft_id).in_(draft_ids),
        doomed.outbox,
    )
    ordered: Plan = [
        (OutboxMessage, outbox),
        (Draft, drafts),
        (CaseEvent, col(CaseEvent.case_id).in_(cases)),
    ]
    talks = or_(col(ChatConversation.case_id).in_(cases), doomed.conversations)
    return ordered + [
        (InboundMessage, inbound),
        (ChatConversation, talks),
        (Case, col(Case.id).in_(cases)),
    ]


def detach(session: Session, doomed: Doomed) -> int:
    """Clear references to doomed cases from other cases and from suppression entries."""
    cases = case_ids(doomed)
    for reference in (col(Case.duplicate_of_id), col(Case.linked_to_id)):
        session.exec(update(Case).where(reference.in_(cases)).values({reference: None}))
    entries = update(Suppression).where(col(Suppression.case_id).in_(cases)).values(case_id=None)
    return session.exec(entries).rowcount


def remove(session: Session, doomed: Doomed) -> dict[str, int]:
    """Delete the doomed rows, children first; counts per table (suppression entries stay)."""
    kept = detach(session, doomed)
    counts = {}
    for table, where in plan(doomed):
        counts[str(table.__tablename__)] = session.exec(delete(table).where(where)).rowcount
    return counts | {"suppression_kept": kept}


def count(session: Session, doomed: Doomed) -> dict[str, int]:
    """What `remove` would delete, without deleting it (counts per table)."""
    counts = {}
    for table, where in plan(doomed):
        query = select(func.count()).select_from(table).where(where)
        counts[str(table.__tablename__)] = session.exec(query).one()
    attached = col(Suppression.case_id).in_(case_ids(doomed))
    kept = select(func.count()).select_from(Suppression).where(attached)
    return counts | {"suppression_kept": session.exec(kept).one()}


def expired(config: Config, now: datetime) -> Doomed:
    """Closed cases and loose mail past retain_closed_months, loose chat past retain_chat_days."""
    months = as_utc(now) - relativedelta(months=config.retain_closed_months)
    days = as_utc(now) - timedelta(days=config.retain_chat_days)
    chat = col(InboundMessage.channel) == CHAT
    received = col(InboundMessage.received_at)
    old = or_(and_(chat, received < days), and_(~chat, received < months))
    return Doomed(
        cases=col(Case.closed_at) < months,
        inbound=and_(col(InboundMessage.case_id).is_(None), old),
        drafts=and_(*unattached(Draft.case_id, Draft.inbound_id), col(Draft.created_at) < months),
        outbox=and_(
            *unattached(OutboxMessage.case_id, OutboxMessage.draft_id),
            col(OutboxMessage.queued_at) < months,
        ),
        conversations=and_(
            col(ChatConversation.case_id).is_(None), col(ChatConversation.updated_at) < days
        ),
    )


def unattached(*references: int | None) -> list[ColumnElement[bool]]:
    """Conditions that each reference column is empty (a reply standing alone, e.g. auto-sent)."""
    return [col(reference).is_(None) for reference in references]


def purge(session: Session, config: Config, now: datetime) -> dict[str, int]:
    """Delete everything past its retention period; counts per table. Commits."""
    counts = remove(session, expired(config, now))
    session.commit()
    return counts


def preview(session: Session, config: Config, now: datetime) -> dict[str, int]:
    """What `purge` would delete now, deleting nothing."""
    return count(session, expired(config, now))


def normal(address: str) -> str:
    """`address` as stored (lower case); an empty one would match every unknown sender."""
    normalised = address.strip().lower()
    if not normalised:
        raise ValueError("an empty address matches every message with an unknown sender")
    return normalised


def held_about(address: str) -> Doomed:
    """The cases of `address`, and the messages and replies whose address fields are it."""
    return Doomed(
        cases=col(Case.requester) == address,
        inbound=or_(
            col(InboundMessage.sender) == address,
            func.lower(col(InboundMessage.envelope_sender)) == address,
        ),
        drafts=func.lower(col(Draft.to)) == address,
        outbox=func.lower(col(OutboxMessage.to)) == address,
        conversations=col(ChatConversation.case_id).in_(
            select(InboundMessage.case_id).where(col(InboundMessage.sender) == address)
        ),
    )


def erase_requester(session: Session, address: str) -> dict[str, int]:
    """Delete all held about `address` but its suppression entry (kept: 1, none: 0). Commits."""
    address = normal(address)
    counts = remove(session, held_about(address))
    counts["suppression_kept"] = int(find(session, address) is not None)
    session.commit()
    return counts


def export_requester(session: Session, address: str) -> dict[str, Any]:
    """Everything held about `address` by its address fields, JSON-ready; `raw` mail is base64."""
    address = normal(address)
    rows = {str(table.__tablename__): found for table, found in fetch(session, address)}
    cases = [nest(case, rows) for case in rows["privacy_case"]]
    entry = find(session, address)
    return {
        "address": address,
        "cases": cases,
        "inbound_messages": rows["inbound_message"],
        "drafts": loose(rows["draft"], cases),
        "chat_conversations": rows["chat_conversation"],
        "outbox_messages": loose(rows["outbox_message"], cases),
        "suppression": None if entry is None else plain(entry),
    }


def fetch(session: Session, address: str) -> list[tuple[type[SQLModel], list[dict[str, Any]]]]:
    """The rows `erase_requester` would delete, per table, as plain values in id order."""
    found = []
    for table, where in plan(held_about(address)):
        rows = sorted(
            (plain(row) for row in session.exec(select(table).where(where))), key=itemgetter("id")
        )
        found.append((table, rows))
    return found


def nest(case: dict[str, Any], rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """`case` with its own events, drafts and outbox messages."""
    keys = {"events": "case_event", "drafts": "draft", "outbox_messages": "outbox_message"}
    own = {
        key: [row for row in rows[name] if row["case_id"] == case["id"]]
        for key, name in keys.items()
    }
    return case | own


def loose(rows: list[dict[str, Any]], cases: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows that belong to none of the exported cases (listed with them already)."""
    exported = {case["id"] for case in cases}
    return [row for row in rows if row["case_id"] not in exported]


def plain(row: SQLModel) -> dict[str, Any]:
    """A row as JSON-ready values: datetimes as ISO 8601 in UTC, dates ISO, bytes as base64."""
    return {name: json_value(value) for name, value in row.model_dump().items()}


def json_value(value: Any) -> Any:
    """One column value as JSON: JSON columns and scalars pass unchanged."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value
