"""The worker's guard rails: lease, quarantine after failures, send limits, crash recovery."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from email.message import EmailMessage

import pytest
from sqlmodel import select

from bot import outbox, worker
from bot.desk import Desk
from bot.models import DeliveryBlock, InboundMessage, OutboxMessage
from bot.worker import cursor, delivery, files, reading
from tests.conftest import Clock


class Recorder:
    """A transport that keeps what it was given (a unit-test boundary)."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    def send(self, message: EmailMessage, envelope_from: str, to: str) -> None:
        self.sent.append(message)


def queue(desk: Desk, key: str, to: str = "a@example.org", automatic: bool = True) -> OutboxMessage:
    """Queue one message now."""
    envelope = outbox.Envelope(to, "example.com")
    fields = {"kind": "acknowledgment", "subject": "s", "text": "t", "html": "<p>t</p>"}
    row, _ = outbox.queue(desk.session, key, envelope, fields, automatic=automatic, now=desk.now())
    desk.session.commit()
    return row


def test_only_one_worker_holds_the_lease_until_it_expires(desk: Desk, clock: Clock) -> None:
    taken = cursor.take_lease(desk.session, "imap://x@h/INBOX", "one", clock.at, 60)
    refused = cursor.take_lease(desk.session, "imap://x@h/INBOX", "two", clock.at, 60)
    later = cursor.take_lease(
        desk.session, "imap://x@h/INBOX", "two", clock.at + timedelta(seconds=61), 60
    )
    assert (taken, refused, later) == (True, False, True)


def test_a_message_that_keeps_failing_is_quarantined_then_reprocessed(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_desk: Desk, _row: InboundMessage) -> None:
        raise RuntimeError("classifier exploded")

    monkeypatch.setattr(reading, "read", broken)
    raw = b"From: a@example.org\r\nSubject: x\r\n\r\nPlease delete my data.\r\n"
    _, first = files.import_one(desk, raw)
    row = desk.session.exec(select(InboundMessage)).one()
    outcomes = [first.outcome] + [worker.read_one(desk, row).outcome for _ in range(2)]
    assert outcomes == ["stored", "stored", "quarantined"]
    assert row.status == "quarantined" and "classifier exploded" in (row.error or "")
    monkeypatch.undo()
    row.status, row.attempts = "stored", 0
    assert worker.read_one(desk, row).outcome == "case_opened"


def test_an_oversize_message_is_quarantined_with_its_reason(desk: Desk) -> None:
    raw = b"From: a@example.org\r\nSubject: big\r\n\r\n" + b"x" * (26 * 1024 * 1024)
    _, outcome = files.import_one(desk, raw)
    row = desk.session.exec(select(InboundMessage)).one()
    assert outcome.outcome == "quarantined" and "larger" in outcome.reason and row.raw == raw


def test_a_message_is_claimed_by_one_worker_only(desk: Desk) -> None:
    queue(desk, "k1")
    first, second = delivery.claim(desk), delivery.claim(desk)
    assert first is not None and first.status == "sending" and second is None


def test_automatic_mail_to_one_address_stops_at_the_daily_cap(desk: Desk) -> None:
    rows = [queue(desk, f"k{n}") for n in range(delivery.SENDER_DAILY_CAP + 1)]
    transport = Recorder()
    counts = delivery.drain(desk, transport, None)
    assert counts == {"sent": delivery.SENDER_DAILY_CAP, "held": 1}
    desk.session.refresh(rows[-1])
    assert "today" in (rows[-1].last_error or "")


def test_approved_mail_is_not_held_by_the_automatic_cap(desk: Desk) -> None:
    for n in range(delivery.SENDER_DAILY_CAP):
        queue(desk, f"k{n}")
    queue(desk, "human", automatic=False)
    assert delivery.drain(desk, Recorder(), None) == {"sent": delivery.SENDER_DAILY_CAP + 1}


def test_an_address_that_bounced_permanently_gets_no_automatic_mail(
    desk: Desk, clock: Clock
) -> None:
    desk.session.add(
        DeliveryBlock(address="a@example.org", until=clock.at + timedelta(days=30), reason="550")
    )
    desk.session.commit()
    queue(desk, "k1")
    assert delivery.drain(desk, Recorder(), None) == {"held": 1}


def test_a_message_left_sending_by_a_crash_is_held_not_sent_twice(desk: Desk, clock: Clock) -> None:
    row = queue(desk, "k1")
    assert delivery.claim(desk) is not None  # the worker dies here, before SMTP said yes
    clock.advance(minutes=11)
    assert delivery.recover_interrupted(desk) == 1
    desk.session.refresh(row)
    assert row.status == "held" and delivery.drain(desk, Recorder(), None) == {}


def test_sent_mail_carries_the_threading_and_loop_headers(desk: Desk) -> None:
    desk.config = replace(desk.config, privacy_address="privacy@example.com")
    envelope = outbox.Envelope(
        "a@example.org", "example.com", "<q@example.org>", ("<q@example.org>",)
    )
    fields = {
        "kind": "acknowledgment",
        "subject": "[PD-1] Ihre Anfrage",
        "text": "Guten Tag",
        "html": "<p>Guten Tag</p>",
        "language": "de",
    }
    outbox.queue(desk.session, "k", envelope, fields, now=desk.now())
    desk.session.commit()
    transport = Recorder()
    delivery.drain(desk, transport, None)
    (message,) = transport.sent
    assert (
        message["In-Reply-To"] == "<q@example.org>" and message["Auto-Submitted"] == "auto-replied"
    )
    assert message["X-Auto-Response-Suppress"] == "All" and message["Content-Language"] == "de"
