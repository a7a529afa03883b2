"""Database tables. Each change comes with an alembic migration in bot/migrations/versions."""

from __future__ import annotations

from datetime import UTC, datetime

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
    text: str
    answer: str | None = None
