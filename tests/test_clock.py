"""The legal clock (shared/legal.md): month ends, leap years, holidays, time zones, extensions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.clock import answer_due, business_days_after, deadlines, extend

BERLIN = "Europe/Berlin"


def at(day: str, time: str = "12:00") -> datetime:
    """A UTC receive time."""
    return datetime.fromisoformat(f"{day}T{time}+00:00").astimezone(UTC)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        ("2026-01-31", date(2026, 2, 28)),  # clamped to the month's end
        ("2028-01-31", date(2028, 2, 29)),  # leap year
        ("2026-03-15", date(2026, 4, 15)),  # same day number, not 30 days
        ("2026-12-31", date(2027, 1, 31)),  # across the year
        ("2026-05-31", date(2026, 6, 30)),
    ],
)
def test_gdpr_is_one_calendar_month(received: str, due: date) -> None:
    found = answer_due(deadlines(at(received), ["access"], ["eu:DE"], BERLIN))
    assert found is not None and (found.regime, found.due) == ("gdpr", due)


def test_the_day_is_the_company_time_zone_day() -> None:
    late = at("2026-01-30", "23:30")  # 00:30 on 31 January in Berlin
    found = answer_due(deadlines(late, ["erasure"], ["eu:DE"], BERLIN))
    assert found is not None and found.due == date(2026, 2, 28)


def test_business_days_skip_weekends_and_us_holidays() -> None:
    # Friday 20 Nov 2026; Thanksgiving is Thursday 26 Nov.
    assert business_days_after(date(2026, 11, 20), 10, "US") == date(2026, 12, 7)
    assert business_days_after(date(2026, 11, 20), 10, None) == date(2026, 12, 4)


def test_california_gets_ccpa_acknowledgment_and_the_earliest_answer_wins() -> None:
    found = deadlines(at("2026-11-20"), ["access"], ["california"], BERLIN)
    by_kind = {(d.regime, d.kind): d.due for d in found}
    assert by_kind[("ccpa", "acknowledge")] == date(2026, 12, 7)
    assert by_kind[("ccpa", "answer")] == date(2027, 1, 4)  # 45 calendar days
    assert answer_due(found) == next(d for d in found if d.regime == "gdpr")


@pytest.mark.parametrize(
    ("labels", "places", "regime", "due"),
    [
        (["sale_optout"], [], "ccpa_optout", date(2026, 3, 23)),  # unknown: 15 business days
        (["sale_optout"], ["eu:AT"], "gdpr", date(2026, 4, 2)),  # in the EU: GDPR only
        (["marketing_optout"], [], "can_spam", date(2026, 3, 16)),  # 10 business days
        (["marketing_optout"], ["eu:FR"], "gdpr_marketing", date(2026, 4, 2)),
        (["sale_optout"], ["nevada"], "gdpr", date(2026, 4, 2)),  # before Nevada's 60 days
        (
            ["access"],
            ["california", "california:shine_the_light"],
            "shine_the_light",
            date(2026, 4, 1),
        ),
    ],
)
def test_regime_unclear_or_several_earliest_wins(
    labels: list[str], places: list[str], regime: str, due: date
) -> None:
    found = answer_due(deadlines(at("2026-03-02"), labels, places, BERLIN))
    assert found is not None and (found.regime, found.due) == (regime, due)


def test_shine_the_light_counts_thirty_days() -> None:
    found = deadlines(at("2026-02-02"), ["access"], ["california:shine_the_light"], BERLIN)
    assert {d.regime: d.due for d in found}["shine_the_light"] == date(2026, 3, 4)


def test_out_of_scope_has_no_deadline() -> None:
    assert deadlines(at("2026-03-02"), ["out_of_scope"], [], BERLIN) == []


def test_gdpr_extension_adds_two_months_once_before_the_deadline() -> None:
    received = at("2026-01-31")
    first = answer_due(deadlines(received, ["access"], ["eu:DE"], BERLIN))
    assert first is not None
    granted = extend(first, received, date(2026, 2, 20), "many systems to search", BERLIN)
    assert granted.allowed and granted.deadline is not None
    assert granted.deadline.due == date(2026, 4, 28)


@pytest.mark.parametrize(
    ("today", "reason", "already", "why"),
    [
        (date(2026, 3, 1), "complex", False, "passed"),
        (date(2026, 2, 10), " ", False, "reason"),
        (date(2026, 2, 10), "complex", True, "only once"),
    ],
)
def test_extension_is_refused_late_without_reason_or_twice(
    today: date, reason: str, already: bool, why: str
) -> None:
    received = at("2026-01-31")
    first = answer_due(deadlines(received, ["erasure"], ["eu:DE"], BERLIN))
    assert first is not None
    refused = extend(first, received, today, reason, BERLIN, already_extended=already)
    assert not refused.allowed and why in refused.reason


def test_ccpa_opt_out_cannot_be_extended() -> None:
    received = at("2026-03-02")
    found = answer_due(deadlines(received, ["sale_optout"], ["california"], BERLIN))
    assert found is not None and found.regime == "ccpa_optout"
    assert not extend(found, received, date(2026, 3, 3), "busy", BERLIN).allowed
