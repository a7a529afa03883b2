"""The desk: what every step of the pipeline needs from outside, handed over as one value."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.config import Config
from bot.notice import NoticeDesk
from bot.notice.compose import company
from intents import Analyser, default_analyser


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class Desk:
    """A database session, the configuration and a clock; the analyser and notice on first use."""

    def __init__(
        self,
        session: Session,
        config: Config,
        now: Callable[[], datetime] = utcnow,
        analyser: Analyser | None = None,
        notice: NoticeDesk | None = None,
    ) -> None:
        self.session, self.config, self.now = session, config, now
        self.given_analyser, self.given_notice = analyser, notice
        self.company: dict[str, Any] = company()

    @cached_property
    def analyser(self) -> Analyser:
        """The intent analyser (the default model unless one was given)."""
        return self.given_analyser or default_analyser()

    @cached_property
    def notice(self) -> NoticeDesk:
        """The active notice, indexed for answers (the one given, else opened now)."""
        return self.given_notice or NoticeDesk.open(self.session, self.analyser)

    @property
    def timezone(self) -> str:
        """The company's time zone: due dates are shown in it."""
        zone: str = self.company["timezone"]
        return zone


def open_desk(session: Session, config: Config, now: Callable[[], datetime] = utcnow) -> Desk:
    """A desk over `session` with the default analyser (loaded when first needed)."""
    return Desk(session, config, now)


def as_utc(moment: datetime) -> datetime:
    """`moment` as aware UTC (SQLite hands back naive datetimes that were stored as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_date(desk: Desk, moment: datetime) -> date:
    """The calendar day of `moment` in the company's time zone."""
    return as_utc(moment).astimezone(ZoneInfo(desk.timezone)).date()
