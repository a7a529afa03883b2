"""The worker against real servers: Dovecot (IMAP) in, aiosmtpd (SMTP) out, and their faults."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from bot import db, worker
from bot.config import Config
from bot.desk import Desk
from bot.models import Case, InboundMessage, OutboxMessage
from bot.worker.sources import ImapSource, SmtpTransport
from tests.conftest import Clock
from tests.servers import Dovecot, ImapAccount, SmtpServer

pytestmark = pytest.mark.usefixtures("analyser")


def request(sender: str, text: str = "Bitte löschen Sie alle meine Daten.") -> bytes:
    """A request as a person's mail program would send it."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "privacy@example.com", "Datenschutz"
    mail["Message-ID"] = make_msgid(domain="example.org")
    mail.set_content(text)
    return mail.as_bytes()


@pytest.fixture
def mail_desk(desk: Desk) -> Desk:
    """A desk whose own address is privacy@example.com."""
    desk.config = replace(desk.config, privacy_address="privacy@example.com")
    return desk


def one_round(desk: Desk, account: ImapAccount, smtp: SmtpServer) -> worker.Round:
    """One worker round against the servers."""
    source = ImapSource(account.url, None, "Sent")
    result = worker.run(lambda: desk, source, SmtpTransport(smtp.url), once=True)
    assert result is not None
    return result


def test_a_mailed_request_is_acknowledged_over_smtp_and_kept_in_sent(
    mail_desk: Desk, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.append(request("eva@example.org"))
    result = one_round(mail_desk, imap_account, smtp_server)
    (received,) = smtp_server.received
    case = mail_desk.session.exec(select(Case)).one()
    assert [o.outcome for _, o in result.outcomes] == ["case_opened"]
    assert list(received.rcpt_tos) == ["eva@example.org"]
    assert case.reference.encode() in received.raw
    assert b"Auto-Submitted: auto-replied" in received.raw
    with imap_account.connect() as client:
        client.select_folder("Sent")
        assert len(client.search()) == 1
        client.select_folder("INBOX")
        assert len(client.search()) == 1  # flagged, never deleted
        assert client.search(["UNSEEN"])  # BODY.PEEK: still unread for people


def test_a_message_a_person_already_read_is_still_processed(
    mail_desk: Desk, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.append(request("read@example.org"))
    with imap_account.connect() as client:
        client.select_folder("INBOX")
        client.add_flags(client.search(), [b"\\Seen"])
    result = one_round(mail_desk, imap_account, smtp_server)
    assert [o.outcome for _, o in result.outcomes] == ["case_opened"]


def test_nothing_new_means_nothing_fetched_again(
    mail_desk: Desk, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.append(request("once@example.org"))
    one_round(mail_desk, imap_account, smtp_server)
    again = one_round(mail_desk, imap_account, smtp_server)  # UID n:* still names the last one
    assert again.stored == 0 and len(mail_desk.session.exec(select(InboundMessage)).all()) == 1


def test_smtp_down_means_retries_then_delivery_once_it_is_back(
    mail_desk: Desk, imap_account: ImapAccount, smtp_server: SmtpServer, clock: Clock
) -> None:
    imap_account.append(request("retry@example.org"))
    smtp_server.stop()
    one_round(mail_desk, imap_account, smtp_server)
    ack = mail_desk.session.exec(select(OutboxMessage)).one()
    assert (ack.status, ack.attempts) == ("queued", 1) and ack.last_error
    smtp_server.start()
    clock.advance(minutes=5)
    one_round(mail_desk, imap_account, smtp_server)
    mail_desk.session.refresh(ack)
    assert ack.status == "sent" and len(smtp_server.received) == 1


def test_a_permanent_refusal_fails_visibly_without_retrying(
    mail_desk: Desk, imap_account: ImapAccount, smtp_server: SmtpServer
) -> None:
    imap_account.append(request("gone@example.org"))
    smtp_server.fail("550 5.1.1 no such user", at="RCPT")
    one_round(mail_desk, imap_account, smtp_server)
    ack = mail_desk.session.exec(select(OutboxMessage)).one()
    assert ack.status == "failed" and "550" in (ack.last_error or "")


def test_a_changed_uidvalidity_imports_nothing_twice(
    mail_desk: Desk, dovecot: Dovecot, smtp_server: SmtpServer
) -> None:
    account = dovecot.account()
    raws = [request(f"u{n}@example.org") for n in range(3)]
    with account.connect() as client:
        client.create_folder("Privacy")
        for raw in raws:
            client.append("Privacy", raw)
    source = ImapSource(account.url.replace("/INBOX", "/Privacy"), None, "Sent")
    transport = SmtpTransport(smtp_server.url)
    worker.run(lambda: mail_desk, source, transport, once=True)
    with account.connect() as client:  # the folder is made anew: a new UIDVALIDITY
        client.delete_folder("Privacy")
        client.create_folder("Privacy")
        for raw in [*raws, request("new@example.org")]:
            client.append("Privacy", raw)
    result = worker.run(lambda: mail_desk, source, transport, once=True)
    assert result is not None and result.stored == 1
    assert len(mail_desk.session.exec(select(InboundMessage)).all()) == 4
    assert len(smtp_server.received) == 4  # one acknowledgment per case, none twice


def test_the_worker_reconnects_after_dovecot_restarts_and_carries_on(
    mail_desk: Desk, dovecot: Dovecot, smtp_server: SmtpServer, engine: Engine
) -> None:
    account = dovecot.account()
    stop = threading.Event()
    source = ImapSource(account.url, None, "Sent")
    transport = SmtpTransport(smtp_server.url)
    mail_desk.session.close()
    own = Session(engine, expire_on_commit=False)
    working = Desk(own, mail_desk.config, mail_desk.now, mail_desk.analyser)
    thread = threading.Thread(
        target=worker.run, args=(lambda: working, source, transport), kwargs={"stop": stop.is_set}
    )
    thread.start()
    try:
        time.sleep(1.5)
        dovecot.restart()
        account.append(request("after-restart@example.org"))
        deadline = time.monotonic() + 60
        while not smtp_server.received and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(smtp_server.received) == 1
    finally:
        stop.set()
        account.append(request("wake@example.org"))
        thread.join(timeout=60)
        own.close()
    assert not thread.is_alive()


def test_a_worker_killed_mid_batch_leaves_one_outcome_per_message_and_one_ack_per_case(
    imap_account: ImapAccount, smtp_server: SmtpServer, tmp_path: Path, analyser: object
) -> None:
    count = 40
    with imap_account.connect() as client:
        for number in range(count):
            client.append(
                "INBOX", request(f"k{number}@example.org", "Please delete my personal data.")
            )
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'kill.db'}",
        "IMAP_URL": imap_account.url,
        "SMTP_URL": smtp_server.url,
        "PRIVACY_ADDRESS": "privacy@example.com",
        "PRIVACYBOT_DATA_DIR": str(tmp_path / "var"),
    }
    command = [sys.executable, "-m", "bot.cli", "poll"]
    victim = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    engine = db.make_engine(Config(database_url=env["DATABASE_URL"]))
    try:
        wait_until(lambda: handled(engine) >= 5, 120)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        assert handled(engine) < count, "the worker finished before it could be killed"
        subprocess.run([*command, "--once"], env=env, check=True, capture_output=True)
        with db.session(engine) as session:
            rows = session.exec(select(InboundMessage)).all()
            cases = session.exec(select(Case)).all()
            acks = session.exec(
                select(OutboxMessage).where(OutboxMessage.kind == "acknowledgment")
            ).all()
        assert len(rows) == count and all(row.outcome for row in rows)
        assert len(cases) == count and sorted(a.case_id for a in acks) == sorted(
            c.id for c in cases
        )
        assert len({r.rcpt_tos[0] for r in smtp_server.received}) == len(smtp_server.received)
    finally:
        engine.dispose()


def handled(engine: Engine) -> int:
    """How many inbound messages have an outcome."""
    query = select(InboundMessage).where(col(InboundMessage.outcome).is_not(None))
    with db.session(engine) as session:
        try:
            return len(session.exec(query).all())
        except OperationalError:  # the worker has not made the tables yet
            return 0


def wait_until(condition: object, timeout: float) -> None:
    """Poll `condition` until it holds."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.05)
