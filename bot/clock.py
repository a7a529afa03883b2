"""The legal clock: when a request must be acknowledged and answered, per regime.

The regimes and their periods are data (bot/data/deadlines.json, from ../shared/legal.md).
Calendar months clamp to the month's end (31 Jan → 28/29 Feb); business days skip weekends and
the regime's public holidays; dates are in the company's time zone. When no location is known,
every regime that could apply is counted and the earliest deadline wins.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta


@dataclass(frozen=True)
class Deadline:
    """One date the law sets: which regime, what is due ("acknowledge" or "answer"), by when."""

    regime: str
    kind: str
    due: date
    rule: str
    extendable: bool = False


@dataclass(frozen=True)
class Extension:
    """The outcome of asking to extend a deadline: the new date, or why it is not allowed."""

    allowed: bool
    reason: str
    deadline: Deadline | None = None


@cache
def regimes() -> dict[str, dict[str, Any]]:
    """The regimes of bot/data/deadlines.json."""
    path = resources.files("bot") / "data" / "deadlines.json"
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["regimes"]
    return data


def business_days_after(start: date, count: int, calendar: str | None) -> date:
    """The `count`-th working day after `start` (weekends and the calendar's holidays skipped)."""
    closed = (
        holidays.country_holidays(calendar, years=range(start.year, start.year + 2))
        if calendar
        else {}
    )
    day = start
    while count:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in closed:
            count -= 1
    return day


def add_period(start: date, period: dict[str, int], calendar: str | None = None) -> date:
    """`start` plus a period of months, days or business days."""
    if "months" in period:
        clamped: date = start + relativedelta(months=period["months"])  # end-of-month clamp
        return clamped
    if "days" in period:
        return start + timedelta(days=period["days"])
    return business_days_after(start, period["business_days"], calendar)


def applies(regime: dict[str, Any], labels: Iterable[str], places: Iterable[str]) -> bool:
    """Whether `regime` covers one of `labels` for a requester in `places`."""
    where, places = set(regime["where"]), set(places)
    reaches = "any" in where or bool(where & places) or ("unknown" in where and not places)
    return reaches and bool(set(regime["labels"]) & set(labels))


def deadlines(
    received_at: datetime, labels: Iterable[str], places: Iterable[str], timezone: str
) -> list[Deadline]:
    """Every deadline that applies, earliest first; `places` are jurisdiction hints."""
    labels, places = list(labels), list(places)
    received = received_at.astimezone(ZoneInfo(timezone)).date()
    found = []
    for key, regime in regimes().items():
        if not applies(regime, labels, places):
            continue
        calendar = regime.get("holidays")
        for kind in ("acknowledge", "answer"):
            if kind in regime:
                due = add_period(received, regime[kind], calendar)
                found.append(Deadline(key, kind, due, regime["name"], "extension" in regime))
    return sorted(found, key=lambda d: (d.due, d.kind))


def answer_due(found: list[Deadline]) -> Deadline | None:
    """The deadline that governs the case: the earliest answer deadline."""
    return next((d for d in found if d.kind == "answer"), None)


def extend(
    deadline: Deadline,
    received_at: datetime,
    today: date,
    reason: str,
    timezone: str,
    already_extended: bool = False,
) -> Extension:
    """Extend an answer deadline once, before it passes, with a reason (the caller sends notice)."""
    regime = regimes()[deadline.regime]
    if deadline.kind != "answer" or "extension" not in regime:
        return Extension(False, f"{regime['name']} allows no extension")
    if already_extended:
        return Extension(False, "a deadline may be extended only once")
    if today > deadline.due:
        return Extension(False, "the deadline has passed; an extension must be noticed before it")
    if not reason.strip():
        return Extension(False, "an extension needs a reason for the requester")
    received = received_at.astimezone(ZoneInfo(timezone)).date()
    base = add_period(received, regime["answer"], regime.get("holidays"))
    later = add_period(base, regime["extension"], regime.get("holidays"))
    return Extension(
        True, reason.strip(), Deadline(deadline.regime, "answer", later, regime["name"])
    )
