"""Fetching safely (mail-rules 1–6): the UID cursor, the lease, and storing raw mail first."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from bot.models import InboundMessage, MailboxState


@dataclass(frozen=True)
class RawMail:
    """A message as a source hands it over: its key there, its bytes, when it arrived."""

    key: str  # the UID for IMAP, the file name for a local folder
    raw: bytes
    received_at: datetime


def state_of(session: Session, mailbox: str) -> MailboxState:
    """The cursor row of `mailbox`, created on first use."""
    found = session.exec(select(MailboxState).where(MailboxState.mailbox == mailbox)).first()
    if found is None:
        found = MailboxState(mailbox=mailbox)
        session.add(found)
        session.commit()
    return found


def take_lease(session: Session, mailbox: str, holder: str, now: datetime, seconds: int) -> bool:
    """Hold the lease on `mailbox` for `seconds` unless another live worker holds it."""
    state_of(session, mailbox)
    taken = session.execute(
        update(MailboxState)
        .where(col(MailboxState.mailbox) == mailbox)
        .where(
            or_(
                col(MailboxState.lease_holder).is_(None),
                col(MailboxState.lease_holder) == holder,
                col(MailboxState.lease_until) < now,
            )
        )
        .values(lease_holder=holder, lease_until=now + timedelta(seconds=seconds))
        .execution_options(synchronize_session=False)  # SQLite hands back naive datetimes
    )
    session.commit()
    return bool(getattr(taken, "rowcount", 0))


def release_lease(session: Session, mailbox: str, holder: str) -> None:
    """Give the lease up (a clean shutdown)."""
    session.execute(
        update(MailboxState)
        .where(col(MailboxState.mailbox) == mailbox, col(MailboxState.lease_holder) == holder)
        .values(lease_holder=None, lease_until=None)
    )
    session.commit()


def resync(session: Session, state: MailboxState, uidvalidity: int) -> bool:
    """Adopt a new UIDVALIDITY: every stored UID is void, the cursor starts again (rule 4)."""
    if state.uidvalidity == uidvalidity:
        return False
    changed = state.uidvalidity != 0
    state.uidvalidity, state.last_uid = uidvalidity, 0
    session.add(state)
    session.commit()
    return changed


def known_hashes(session: Session, mailbox: str, hashes: Sequence[str]) -> set[str]:
    """Which raw hashes this mailbox already stored (under any UIDVALIDITY)."""
    query = select(InboundMessage.raw_sha256).where(
        col(InboundMessage.source_key).startswith(f"{mailbox}/"),
        col(InboundMessage.raw_sha256).in_(hashes),
    )
    return set(session.exec(query))


def store_raw(
    session: Session, state: MailboxState, batch: Sequence[RawMail], skip_known: bool = False
) -> list[InboundMessage]:
    """Store the raw bytes and advance the cursor in one transaction, before any side effect."""
    digests = {mail.key: hashlib.sha256(mail.raw).hexdigest() for mail in batch}
    known = known_hashes(session, state.mailbox, list(digests.values())) if skip_known else set()
    keys = [f"{state.mailbox}/{state.uidvalidity}/{mail.key}" for mail in batch]
    stored = set(
        session.exec(
            select(InboundMessage.source_key).where(col(InboundMessage.source_key).in_(keys))
        )
    )
    rows = []
    for mail, key in zip(batch, keys, strict=True):
        if key in stored or digests[mail.key] in known:
            continue
        rows.append(raw_row(key, mail, digests[mail.key]))
    session.add_all(rows)
    uids = [int(mail.key) for mail in batch if mail.key.isdigit()]
    if uids:
        state.last_uid = max(state.last_uid, *uids)
        session.add(state)
    session.commit()
    return rows


def raw_row(source_key: str, mail: RawMail, digest: str) -> InboundMessage:
    """A stored, not yet parsed, inbound row."""
    return InboundMessage(
        channel="mail",
        source_key=source_key,
        raw_sha256=digest,
        sender="",
        text="",
        raw=mail.raw,
        received_at=mail.received_at,
    )
