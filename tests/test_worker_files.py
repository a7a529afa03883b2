"""The mail pipeline on files: import-mail over every fixture, and the local-folder worker."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlmodel import select

from bot import worker
from bot.cli import cli
from bot.config import Config
from bot.desk import Desk
from bot.models import Case, InboundMessage, OutboxMessage
from bot.worker import files
from bot.worker.sources import FolderTransport, LocalSource
from intents import Analyser

EMAILS = Path(__file__).parent / "emails"
FIXTURES = sorted(EMAILS.glob("*.eml"))
OUTCOMES = {"case_opened", "threaded", "answered", "drafted", "ignored", "quarantined"}
MACHINE = [
    "auto-submitted-auto-notified", "bounce-exchange-ndr", "bounce-exim-plain", "bounce-gmail",
    "bounce-postfix-delayed", "bounce-postfix-our-ack", "bounce-qmail", "mailing-list",
    "newsletter-feedback-id", "noreply-sender", "ooo-exchange", "ooo-gmail", "ooo-headerless-de",
    "ooo-headerless-en", "ooo-zimbra", "own-ack-looped", "precedence-bulk", "read-receipt-mdn",
    "spoofed-from-privacy", "x-auto-response-suppress", "x-autoreply",
]  # fmt: skip


@pytest.fixture
def mail_desk(desk: Desk) -> Desk:
    """A desk whose own address is the fixtures' privacy@example.com."""
    desk.config = replace(desk.config, privacy_address="privacy@example.com")
    return desk


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_every_fixture_gets_exactly_one_outcome(mail_desk: Desk, path: Path) -> None:
    _, outcome = files.import_one(mail_desk, path.read_bytes())
    rows = mail_desk.session.exec(select(InboundMessage)).all()
    assert outcome.outcome in OUTCOMES and len(rows) == 1 and rows[0].outcome == outcome.outcome


@pytest.mark.parametrize("name", MACHINE)
def test_machine_mail_is_ignored_and_never_acknowledged(mail_desk: Desk, name: str) -> None:
    _, outcome = files.import_one(mail_desk, (EMAILS / f"{name}.eml").read_bytes())
    assert outcome.outcome == "ignored" and outcome.reason
    assert mail_desk.session.exec(select(OutboxMessage)).first() is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("request-access-de", "access"),
        ("request-erasure-en", "erasure"),
        ("request-optout-en", "marketing_optout"),
    ],
)
def test_a_mailed_request_opens_a_case_with_one_acknowledgment(
    mail_desk: Desk, name: str, label: str
) -> None:
    _, outcome = files.import_one(mail_desk, (EMAILS / f"{name}.eml").read_bytes())
    case = mail_desk.session.exec(select(Case)).one()
    assert outcome.outcome == "case_opened" and label in case.labels and outcome.ack_queued
    assert len(mail_desk.session.exec(select(OutboxMessage)).all()) == 1


def test_importing_the_same_file_twice_keeps_the_first_outcome(mail_desk: Desk) -> None:
    raw = (EMAILS / "request-erasure-en.eml").read_bytes()
    _, first = files.import_one(mail_desk, raw)
    _, again = files.import_one(mail_desk, raw)
    assert (again.outcome, again.case, again.reason) == (
        first.outcome,
        first.case,
        "already imported",
    )
    assert len(mail_desk.session.exec(select(OutboxMessage)).all()) == 1


def test_a_bounce_of_our_acknowledgment_marks_it_bounced_and_opens_nothing(mail_desk: Desk) -> None:
    files.import_one(mail_desk, (EMAILS / "request-erasure-en.eml").read_bytes())
    ack = mail_desk.session.exec(select(OutboxMessage)).one()
    bounce = (EMAILS / "bounce-postfix-our-ack.eml").read_bytes()
    embedded = b"<pd-7k3m-9qx4.ack.1732439647@example.com>"  # the fixture's returned message
    assert embedded in bounce
    _, outcome = files.import_one(mail_desk, bounce.replace(embedded, ack.message_id.encode()))
    mail_desk.session.refresh(ack)
    assert outcome.outcome == "ignored" and ack.status == "bounced"
    assert len(mail_desk.session.exec(select(Case)).all()) == 1


def test_the_local_folders_turn_a_dropped_eml_into_a_case_and_a_sent_acknowledgment(
    mail_desk: Desk, tmp_path: Path
) -> None:
    inbox, sent = tmp_path / "mail" / "inbox", tmp_path / "mail" / "sent"
    inbox.mkdir(parents=True)
    shutil.copy(EMAILS / "request-erasure-en.eml", inbox / "dropped.eml")
    result = worker.run(lambda: mail_desk, LocalSource(inbox), FolderTransport(sent), once=True)
    assert result is not None and [o.outcome for _, o in result.outcomes] == ["case_opened"]
    (written,) = sent.glob("*.eml")
    text = written.read_text(encoding="utf-8")
    case = mail_desk.session.exec(select(Case)).one()
    assert case.reference in text and "Auto-Submitted: auto-replied" in text
    assert not (inbox / "dropped.eml").exists()  # moved, never deleted
    assert any(inbox.rglob("*dropped*"))


def test_import_mail_prints_the_design_keys_per_message(
    analyser: Analyser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("PRIVACYBOT_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("PRIVACY_ADDRESS", "privacy@example.com")
    paths = [str(EMAILS / "request-access-de.eml"), str(EMAILS / "ooo-gmail.eml")]
    result = CliRunner().invoke(cli, ["import-mail", *paths])
    rows = [json.loads(line) for line in result.output.splitlines()]
    keys = {"message_id", "outcome", "reason", "case", "labels", "ack_queued"}
    assert result.exit_code == 0 and all(keys <= row.keys() for row in rows)
    assert [row["outcome"] for row in rows] == ["case_opened", "ignored"]


def test_config_reads_the_mail_settings_from_the_environment() -> None:
    config = Config.from_env({"IMAP_URL": "imap://u:p@h/INBOX", "MAIL_DIR": "/srv/mail"})
    assert (config.imap_url, config.smtp_url, config.mail_dir) == (
        "imap://u:p@h/INBOX", None, Path("/srv/mail")
    )  # fmt: skip
