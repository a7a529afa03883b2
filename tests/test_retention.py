"""Retention and the requester's rights: purge by age, export and erase by address, the CLI."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import count
from pathlib import Path

import pytest
from click.testing import CliRunner
from dateutil.relativedelta import relativedelta
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, col, select

from bot import db
from bot.cli import cli
from bot.commands.database import engine as configured_engine
from bot.config import Config
from bot.models import (
    Case,
    CaseEvent,
    ChatConversation,
    Draft,
    InboundMessage,
    OutboxMessage,
    Suppression,
)
from bot.retention import erase_requester, export_requester, preview, purge
from bot.suppression import find, suppress

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MAX, ERIKA = "max@example.org", "erika@example.net"
TABLES: tuple[type[SQLModel], ...] = (Case, CaseEvent, InboundMessage, Draft, OutboxMessage)
OWNERS = {
    "privacy_case": col(Case.id),
    "case_event": col(CaseEvent.case_id),
    "inbound_message": col(InboundMessage.case_id),
    "draft": col(Draft.case_id),
    "outbox_message": col(OutboxMessage.case_id),
}
KEPT = {"privacy_case": 1, "case_event": 2, "inbound_message": 1, "draft": 1, "outbox_message": 1}
GONE = dict.fromkeys(KEPT, 0)
serial = count(1)


def make_inbound(
    session: Session,
    sender: str,
    received_at: datetime,
    channel: str = "mail",
    case: Case | None = None,
) -> InboundMessage:
    """A stored message from `sender`, its text naming its serial number."""
    number = next(serial)
    row = InboundMessage(
        channel=channel,
        source_key=f"test:{number}",
        raw_sha256="0" * 64,
        sender=sender,
        subject=f"Request {number}",
        text=f"Please delete my data ({sender}, message {number}).",
        raw=b"From: " + sender.encode() + b"\r\n\r\n\xff binary",
        received_at=received_at,
        case_id=case.id if case else None,
    )
    session.add(row)
    session.flush()
    return row


def make_case(
    session: Session, requester: str = MAX, closed_at: datetime | None = None, at: datetime = NOW
) -> Case:
    """A case with two events, its inbound mail, a draft, an outbox row and a suppression entry."""
    number = next(serial)
    case = Case(
        reference=f"T-{number}",
        requester=requester,
        language="en",
        labels=["erasure"],
        channel="mail",
        received_at=at,
        due=at.date() + timedelta(days=30),
        due_rule="GDPR Art. 12(3)",
        closed_at=closed_at,
    )
    session.add(case)
    session.flush()
    assert case.id is not None
    inbound = make_inbound(session, requester, at, case=case)
    draft = Draft(
        case_id=case.id,
        inbound_id=inbound.id,
        kind="ack",
        language="en",
        to=requester,
        subject="Your request",
        text=f"Dear {requester}",
    )
    session.add_all([CaseEvent(case_id=case.id, actor="system", kind=kind) for kind in "ab"])
    session.add(draft)
    session.flush()
    session.add(
        OutboxMessage(
            idempotency_key=f"ack:{number}",
            message_id=f"<{number}@desk.example>",
            case_id=case.id,
            draft_id=draft.id,
            kind="ack",
            to=requester,
            subject="Your request",
            text="Received.",
            html="<p>Received.</p>",
        )
    )
    suppress(session, requester, case)
    session.commit()
    return case


def months_ago(months: int) -> datetime:
    """NOW less calendar months."""
    return NOW - relativedelta(months=months)


def rows_of(session: Session, case_id: int | None) -> dict[str, int]:
    """How many rows of each table belong to the case (the case itself by id)."""
    return {
        name: session.exec(select(func.count()).where(column == case_id)).one()
        for name, column in OWNERS.items()
    }


def total(session: Session, table: type[SQLModel]) -> int:
    """The number of rows in `table`."""
    return session.exec(select(func.count()).select_from(table)).one()


@pytest.mark.parametrize(
    ("closed_at", "purged"),
    [
        (months_ago(25), True),
        (months_ago(24) - timedelta(minutes=1), True),
        (months_ago(23), False),
        (months_ago(24) + timedelta(minutes=1), False),
        (None, False),
    ],
    ids=[
        "closed-25-months",
        "closed-just-over-24",
        "closed-23-months",
        "closed-just-under-24",
        "open",
    ],
)
def test_purge_removes_a_case_closed_past_retention_with_all_its_rows(
    session: Session, config: Config, closed_at: datetime | None, purged: bool
) -> None:
    case = make_case(session, closed_at=closed_at, at=months_ago(30))
    purge(session, config, NOW)
    assert rows_of(session, case.id) == (GONE if purged else KEPT)


@pytest.mark.parametrize(
    ("periods", "purged"),
    [
        (Config(retain_closed_months=6), (1, 0)),
        (Config(retain_chat_days=7), (0, 1)),
        (Config(), (0, 0)),
    ],
    ids=["closed-months", "chat-days", "defaults"],
)
def test_purge_follows_the_configured_periods(
    session: Session, periods: Config, purged: tuple[int, int]
) -> None:
    make_case(session, closed_at=months_ago(7))
    make_inbound(session, "", NOW - timedelta(days=8), "chat")
    session.commit()
    counts = purge(session, periods, NOW)
    loose_chat = counts["inbound_message"] - counts["privacy_case"]  # a case has one message
    assert (counts["privacy_case"], loose_chat) == purged


def test_purge_returns_counts_per_table(session: Session, config: Config) -> None:
    make_case(session, closed_at=months_ago(25))
    make_case(session, ERIKA)
    assert purge(session, config, NOW) == {
        "outbox_message": 1,
        "draft": 1,
        "case_event": 2,
        "inbound_message": 1,
        "chat_conversation": 0,
        "privacy_case": 1,
        "suppression_kept": 1,
    }


def test_purge_keeps_the_suppression_entry_of_a_purged_case(
    session: Session, config: Config
) -> None:
    make_case(session, closed_at=months_ago(25))
    purge(session, config, NOW)
    entry = find(session, MAX)
    assert entry is not None and entry.case_id is None


def test_purge_clears_links_to_a_purged_case_from_surviving_cases(
    session: Session, config: Config
) -> None:
    old = make_case(session, closed_at=months_ago(25))
    newer = make_case(session)
    newer.duplicate_of_id = newer.linked_to_id = old.id
    session.add(newer)
    session.commit()
    purge(session, config, NOW)
    kept = session.get(Case, newer.id, populate_existing=True)
    assert kept is not None and (kept.duplicate_of_id, kept.linked_to_id) == (None, None)


def test_purge_removes_closed_cases_that_link_each_other(session: Session, config: Config) -> None:
    first = make_case(session, closed_at=months_ago(26))
    second = make_case(session, closed_at=months_ago(25))
    second.duplicate_of_id = first.id
    first.linked_to_id = second.id
    session.add_all([first, second])
    session.commit()
    assert purge(session, config, NOW)["privacy_case"] == 2


@pytest.mark.parametrize(
    ("channel", "received_at", "purged"),
    [
        ("chat", NOW - timedelta(days=31), True),
        ("chat", NOW - timedelta(days=29), False),
        ("mail", months_ago(25), True),
        ("mail", months_ago(23), False),
        ("cli", months_ago(25), True),
    ],
    ids=["chat-31-days", "chat-29-days", "mail-25-months", "mail-23-months", "cli-25-months"],
)
def test_purge_removes_loose_messages_by_channel_and_age(
    session: Session, config: Config, channel: str, received_at: datetime, purged: bool
) -> None:
    make_inbound(session, "", received_at, channel)
    session.commit()
    purge(session, config, NOW)
    assert total(session, InboundMessage) == (0 if purged else 1)


def test_purge_keeps_old_chat_messages_of_an_open_case(session: Session, config: Config) -> None:
    case = make_case(session)
    make_inbound(session, MAX, NOW - timedelta(days=90), "chat", case)
    session.commit()
    purge(session, config, NOW)
    assert total(session, InboundMessage) == 2


def test_purge_removes_drafts_and_auto_sent_answers_of_purged_messages(
    session: Session, config: Config
) -> None:
    question = make_inbound(session, MAX, months_ago(25))
    session.add(
        Draft(
            inbound_id=question.id,
            kind="answer",
            language="en",
            to=MAX,
            subject="Re",
            text="An answer.",
        )
    )
    session.add(
        OutboxMessage(
            idempotency_key="answer:1",
            message_id="<a1@desk.example>",
            kind="answer",
            to=MAX,
            subject="Re",
            text="An answer.",
            html="",
            queued_at=months_ago(25),
        )
    )
    session.commit()
    counts = purge(session, config, NOW)
    assert (counts["draft"], counts["outbox_message"], counts["inbound_message"]) == (1, 1, 1)


def test_preview_counts_what_purge_deletes_and_deletes_nothing(
    session: Session, config: Config
) -> None:
    make_case(session, closed_at=months_ago(25))
    make_inbound(session, "", NOW - timedelta(days=40), "chat")
    session.commit()
    previewed = preview(session, config, NOW)
    assert total(session, Case) == 1 and total(session, InboundMessage) == 2
    assert previewed == purge(session, config, NOW)


def test_export_holds_the_case_events_messages_and_replies(session: Session) -> None:
    case = make_case(session, closed_at=NOW)
    held = json.loads(json.dumps(export_requester(session, " Max@Example.org ")))
    (exported,) = held["cases"]
    assert (exported["reference"], len(exported["events"])) == (case.reference, 2)
    assert len(exported["drafts"]) == len(exported["outbox_messages"]) == 1
    assert held["inbound_messages"][0]["text"].startswith("Please delete my data (max@")
    assert held["suppression"]["address"] == MAX


def test_export_gives_utc_iso_datetimes_and_raw_mail_as_base64(session: Session) -> None:
    make_case(session, closed_at=NOW)
    held = export_requester(session, MAX)
    (message,) = held["inbound_messages"]
    assert held["cases"][0]["closed_at"] == "2026-03-02T09:00:00+00:00"
    assert base64.b64decode(message["raw"]).endswith(b"\xff binary")


def test_export_holds_nothing_of_another_requester(session: Session) -> None:
    make_case(session)
    make_case(session, ERIKA)
    text = json.dumps(export_requester(session, MAX))
    assert "erika" not in text.lower()


def test_export_lists_replies_outside_the_cases_once(session: Session) -> None:
    make_case(session)
    session.add(Draft(kind="answer", language="en", to=MAX, subject="Re", text="Loose."))
    session.commit()
    held = export_requester(session, MAX)
    assert [draft["text"] for draft in held["drafts"]] == ["Loose."]


def test_erase_removes_everything_of_the_address(session: Session) -> None:
    case = make_case(session)
    make_inbound(session, MAX, NOW - timedelta(days=1), "chat")
    session.commit()
    erase_requester(session, MAX)
    held = export_requester(session, MAX)
    assert rows_of(session, case.id) == GONE
    assert (held["cases"], held["inbound_messages"], held["drafts"]) == ([], [], [])


def test_erase_keeps_the_suppression_entry_detached(session: Session) -> None:
    make_case(session)
    counts = erase_requester(session, MAX)
    entry = find(session, MAX)
    assert counts["suppression_kept"] == 1 and entry is not None and entry.case_id is None


def test_erase_touches_nothing_of_others(session: Session) -> None:
    mine = make_case(session)
    theirs = make_case(session, ERIKA)
    theirs.linked_to_id = mine.id
    session.add(theirs)
    session.commit()
    before = rows_of(session, theirs.id)
    erase_requester(session, MAX)
    assert rows_of(session, theirs.id) == before and find(session, ERIKA) is not None


@pytest.mark.parametrize(
    ("address", "counts"),
    [
        (MAX, {"privacy_case": 1, "case_event": 2, "suppression_kept": 1}),
        ("nobody@example.org", {"privacy_case": 0, "case_event": 0, "suppression_kept": 0}),
    ],
    ids=["requester", "stranger"],
)
def test_erase_returns_counts(session: Session, address: str, counts: dict[str, int]) -> None:
    make_case(session)
    assert erase_requester(session, address).items() >= counts.items()


def test_erase_refuses_an_empty_address(session: Session) -> None:
    make_inbound(session, "", NOW, "chat")
    with pytest.raises(ValueError, match="empty address"):
        erase_requester(session, "  ")


# The command line, on a SQLite file named by DATABASE_URL.


@pytest.fixture
def cli_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The database the commands use (DATABASE_URL), migrated."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    made = configured_engine()
    yield made
    made.dispose()


@pytest.fixture
def seeded(cli_engine: Engine) -> Engine:
    """The commands' database with one case of MAX, closed 25 months ago, and one open of ERIKA."""
    with db.session(cli_engine) as opened:
        make_case(opened, closed_at=datetime.now(UTC) - relativedelta(months=25))
        make_case(opened, ERIKA, at=datetime.now(UTC))
    return cli_engine


def table_totals(made: Engine) -> dict[str, int]:
    """Rows per table (and suppression entries)."""
    with db.session(made) as opened:
        return {str(t.__tablename__): total(opened, t) for t in TABLES + (Suppression,)}


def test_cli_erase_without_yes_exits_nonzero_and_deletes_nothing(seeded: Engine) -> None:
    before = table_totals(seeded)
    result = CliRunner().invoke(cli, ["erase-requester", MAX])
    assert result.exit_code != 0 and "--yes" in result.output
    assert MAX not in result.output and table_totals(seeded) == before


def test_cli_erase_prints_counts_and_never_the_full_address(seeded: Engine) -> None:
    result = CliRunner().invoke(cli, ["erase-requester", MAX, "--yes"])
    assert result.exit_code == 0 and json.loads(result.stdout)["privacy_case"] == 1
    assert "m***@example.org" in result.stderr and MAX not in result.output


def test_cli_export_prints_the_requesters_json(seeded: Engine) -> None:
    result = CliRunner().invoke(cli, ["export-requester", MAX])
    held = json.loads(result.stdout)
    assert result.exit_code == 0 and len(held["cases"]) == 1 and held["address"] == MAX


def test_cli_rejects_a_value_that_is_no_address(seeded: Engine) -> None:
    result = CliRunner().invoke(cli, ["export-requester", "max"])
    assert result.exit_code == 2 and "not an address" in result.output


@pytest.mark.parametrize(
    ("options", "left"),
    [(["--dry-run"], 2), ([], 1)],
    ids=["dry-run", "purge"],
)
def test_cli_purge_prints_counts(seeded: Engine, options: list[str], left: int) -> None:
    result = CliRunner().invoke(cli, ["purge", "--json", *options])
    assert result.exit_code == 0 and json.loads(result.stdout)["privacy_case"] == 1
    assert table_totals(seeded)["privacy_case"] == left


def test_purge_removes_chat_conversations_without_a_case_after_30_days(
    session: Session, config: Config
) -> None:
    old = ChatConversation(public_id="old", language="en", updated_at=NOW - timedelta(days=31))
    new = ChatConversation(public_id="new", language="en", updated_at=NOW - timedelta(days=29))
    session.add_all([old, new])
    session.commit()
    purge(session, config, NOW)
    kept = [c.public_id for c in session.exec(select(ChatConversation))]
    assert kept == ["new"]
