"""Database tables. Each change comes with an alembic migration in bot/migrations/versions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Index, LargeBinary, Text, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class NoticeVersion(SQLModel, table=True):
    """One loaded text of the privacy notice; answers use the active one, old ones stay."""

    __tablename__ = "notice_version"

    id: int | None = Field(default=None, primary_key=True)
    label: str = Field(max_length=40)  # the notice's own date, e.g. "2020-08"
    sha256: str = Field(max_length=64, index=True)
    source: str = Field(max_length=300)
    loaded_at: datetime = Field(default_factory=utcnow)
    active: bool = Field(default=False, index=True)


class NoticeSection(SQLModel, table=True):
    """One section of a notice version in one language, with its short answer if written."""

    __tablename__ = "notice_section"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="notice_version.id", index=True)
    section: str = Field(max_length=60)  # the stable id, e.g. "legal_basis"
    language: str = Field(max_length=8)
    position: int
    title: str = Field(max_length=300)
    text: str = Field(sa_column=Column(Text, nullable=False))
    answer: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


def json_column(nullable: bool = False) -> Column[Any]:
    """A JSON column (lists and objects), portable between SQLite and PostgreSQL."""
    return Column(JSON, nullable=nullable)


class InboundMessage(SQLModel, table=True):
    """A message as it arrived (any channel), stored before anything acts on it."""

    __tablename__ = "inbound_message"

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=20)  # "mail", "chat", "cli"
    source_key: str = Field(max_length=300, unique=True)  # the channel's own unique key
    raw_sha256: str = Field(max_length=64, index=True)
    message_id: str | None = Field(default=None, max_length=998, index=True)
    in_reply_to: str | None = Field(default=None, max_length=998)
    references: list[str] = Field(default_factory=list, sa_column=json_column())
    sender: str = Field(max_length=320, index=True)  # lower-case address, "" when unknown
    envelope_sender: str | None = Field(default=None, max_length=320)
    sender_name: str | None = Field(default=None, max_length=200)
    subject: str = Field(default="", max_length=998)
    text: str = Field(sa_column=Column(Text, nullable=False))
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    language_hint: str | None = Field(default=None, max_length=8)
    machine_reason: str | None = Field(default=None, max_length=300)  # set by the channel's rules
    received_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    stored_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    status: str = Field(default="stored", max_length=20, index=True)  # stored, handled, quarantined
    outcome: str | None = Field(default=None, max_length=20)
    reason: str | None = Field(default=None, max_length=300)
    attempts: int = 0
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # last failure
    analysis: dict[str, Any] | None = Field(default=None, sa_column=json_column(nullable=True))
    # Rights the requester confirmed in plain words (the chat asks): they open the case.
    confirmed_labels: list[str] | None = Field(default=None, sa_column=json_column(nullable=True))
    case_id: int | None = Field(default=None, foreign_key="privacy_case.id", index=True)


class Case(SQLModel, table=True):
    """One request by one requester, possibly for several rights, with its legal clock."""

    __tablename__ = "privacy_case"
    __table_args__ = (
        # The staff queue: open cases by due date, fast with 100,000 cases.
        Index(
            "ix_privacy_case_queue",
            "due",
            sqlite_where=text("closed_at IS NULL"),
            postgresql_where=text("closed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(max_length=20, unique=True)
    requester: str = Field(max_length=320, index=True)  # lower-case address
    requester_name: str | None = Field(default=None, max_length=200)
    language: str = Field(max_length=8)
    labels: list[str] = Field(default_factory=list, sa_column=json_column())
    places: list[str] = Field(default_factory=list, sa_column=json_column())
    deadlines: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column())
    flags: list[str] = Field(default_factory=list, sa_column=json_column())
    channel: str = Field(max_length=20)
    classifier_version: str = Field(default="", max_length=40)  # the model that read the request
    received_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    due: date
    due_rule: str = Field(max_length=200)
    status: str = Field(default="new", max_length=30)
    outcome: str | None = Field(default=None, max_length=30)
    verification: str = Field(default="not_required", max_length=20)
    verification_sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    reminded_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    extended: bool = False
    duplicate_of_id: int | None = Field(default=None, foreign_key="privacy_case.id")
    linked_to_id: int | None = Field(default=None, foreign_key="privacy_case.id")
    opened_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class CaseEvent(SQLModel, table=True):
    """One thing that happened to a case: append-only (who, what, when, with which classifier)."""

    __tablename__ = "case_event"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="privacy_case.id", index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    actor: str = Field(max_length=100)  # "system", "requester", "staff:<name>"
    kind: str = Field(max_length=40)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    classifier_version: str | None = Field(default=None, max_length=40)


class Draft(SQLModel, table=True):
    """A reply waiting for a person: approve (perhaps edited), or reject."""

    __tablename__ = "draft"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int | None = Field(default=None, foreign_key="privacy_case.id", index=True)
    inbound_id: int | None = Field(default=None, foreign_key="inbound_message.id")
    kind: str = Field(max_length=40)
    language: str = Field(max_length=8)
    to: str = Field(max_length=320)
    subject: str = Field(max_length=998)
    text: str = Field(sa_column=Column(Text, nullable=False))  # staff edits are stored as text
    sections: list[str] = Field(default_factory=list, sa_column=json_column())
    confidence: float | None = None
    closes_with: str | None = Field(default=None, max_length=30)  # the case outcome on approval
    status: str = Field(default="pending", max_length=20, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    decided_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    decided_by: str | None = Field(default=None, max_length=100)
    edited: bool = False


class OutboxMessage(SQLModel, table=True):
    """One outgoing message; the idempotency key makes queuing the same message twice a no-op."""

    __tablename__ = "outbox_message"

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(max_length=200, unique=True)
    message_id: str = Field(max_length=998, unique=True)  # ours, stored before sending
    case_id: int | None = Field(default=None, foreign_key="privacy_case.id", index=True)
    draft_id: int | None = Field(default=None, foreign_key="draft.id")
    kind: str = Field(max_length=40)
    language: str = Field(default="en", max_length=8)
    to: str = Field(max_length=320, index=True)
    subject: str = Field(max_length=998)
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    in_reply_to: str | None = Field(default=None, max_length=998)
    references: list[str] = Field(default_factory=list, sa_column=json_column())
    automatic: bool = True  # automatic mail carries Auto-Submitted; approved replies do not
    status: str = Field(default="queued", max_length=20, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=500)
    queued_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    sent_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Suppression(SQLModel, table=True):
    """An address that must get no marketing (an opt-out takes effect at once)."""

    __tablename__ = "suppression"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=320, unique=True)
    case_id: int | None = Field(default=None, foreign_key="privacy_case.id")
    added_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class MailboxState(SQLModel, table=True):
    """Per mailbox folder: the UID cursor, and the lease of the one worker that fetches it."""

    __tablename__ = "mailbox_state"

    id: int | None = Field(default=None, primary_key=True)
    mailbox: str = Field(max_length=300, unique=True)  # "imap://user@host/INBOX", no password
    uidvalidity: int = Field(default=0, sa_type=BigInteger)  # IMAP: unsigned 32-bit
    last_uid: int = Field(default=0, sa_type=BigInteger)
    lease_holder: str | None = Field(default=None, max_length=100)
    lease_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class DeliveryBlock(SQLModel, table=True):
    """An address that bounced permanently: no automatic mail to it until `until`."""

    __tablename__ = "delivery_block"

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(max_length=320, unique=True)
    until: datetime = Field(sa_type=DateTime(timezone=True))
    reason: str = Field(max_length=500)


class ChatConversation(SQLModel, table=True):
    """One visitor's conversation with the widget: where it stands, and its transcript."""

    __tablename__ = "chat_conversation"

    id: int | None = Field(default=None, primary_key=True)
    public_id: str = Field(max_length=40, unique=True)  # what the widget keeps in sessionStorage
    language: str = Field(max_length=8)
    state: str = Field(default="open", max_length=30)
    pending: dict[str, Any] = Field(default_factory=dict, sa_column=json_column())
    transcript: list[dict[str, Any]] = Field(default_factory=list, sa_column=json_column())
    case_id: int | None = Field(default=None, foreign_key="privacy_case.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
