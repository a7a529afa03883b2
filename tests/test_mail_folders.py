"""mail.folders: the local Maildir inbox and the .eml outbox of the embedded default."""

from __future__ import annotations

import email
import os
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

import pytest

from mail.folders import LocalInbox, LocalOutbox

RAW = b"From: a@example.org\r\nSubject: Hi\r\nMessage-ID: <m1@example.org>\r\n\r\nDelete me.\r\n"


def touch(path: Path, raw: bytes = RAW, mtime: float = 1_770_000_000) -> Path:
    """Write a message file with a given modification time."""
    path.write_bytes(raw)
    os.utime(path, (mtime, mtime))
    return path


def outgoing(message_id: str | None = "<ack.1@desk.example>") -> EmailMessage:
    """A tiny outgoing message."""
    message = EmailMessage()
    message["To"] = "anna@example.org"
    if message_id:
        message["Message-ID"] = message_id
    message.set_content("Wir haben Ihre Anfrage erhalten.")
    return message


def test_the_maildir_folders_are_created(tmp_path: Path) -> None:
    LocalInbox(tmp_path / "inbox")
    assert {p.name for p in (tmp_path / "inbox").iterdir()} >= {"new", "cur", "tmp"}


def test_new_mail_and_dropped_eml_files_are_fetched_oldest_first(tmp_path: Path) -> None:
    inbox = LocalInbox(tmp_path)
    touch(tmp_path / "dropped.eml", mtime=1_770_000_100)
    touch(tmp_path / "new" / "1770000000.M1P1.host", b"older", mtime=1_770_000_000)
    fetched = inbox.fetch_new()
    assert [m.key for m in fetched] == ["new/1770000000.M1P1.host", "dropped.eml"]
    assert fetched[1].raw == RAW
    assert fetched[0].received_at == datetime.fromtimestamp(1_770_000_000, UTC)


@pytest.mark.parametrize(
    "ignored", ["tmp/1770000000.M2P1.host", "cur/old:2,S", "notes.txt", ".partial.eml"]
)
def test_other_files_are_not_fetched(tmp_path: Path, ignored: str) -> None:
    inbox = LocalInbox(tmp_path)
    touch(tmp_path / ignored)
    assert inbox.fetch_new() == []


def test_processed_maildir_mail_moves_to_cur_as_seen(tmp_path: Path) -> None:
    inbox = LocalInbox(tmp_path)
    touch(tmp_path / "new" / "1770000000.M1P1.host")
    inbox.mark_processed("new/1770000000.M1P1.host")
    assert (tmp_path / "cur" / "1770000000.M1P1.host:2,S").read_bytes() == RAW
    assert inbox.fetch_new() == []


def test_processed_dropped_files_move_to_processed_and_are_kept(tmp_path: Path) -> None:
    inbox = LocalInbox(tmp_path)
    touch(tmp_path / "dropped.eml")
    inbox.mark_processed("dropped.eml")
    touch(tmp_path / "dropped.eml", b"a second file of the same name")
    inbox.mark_processed("dropped.eml")
    kept = sorted(p.read_bytes() for p in (tmp_path / "processed").iterdir())
    assert kept == sorted([RAW, b"a second file of the same name"])


@pytest.mark.parametrize("key", ["../outside.eml", "cur/old:2,S", "missing.eml"])
def test_keys_outside_the_inbox_are_refused(tmp_path: Path, key: str) -> None:
    inbox = LocalInbox(tmp_path / "inbox")
    touch(tmp_path / "outside.eml")
    touch(tmp_path / "inbox" / "cur" / "old:2,S")
    with pytest.raises(ValueError):
        inbox.mark_processed(key)


def test_the_outbox_writes_a_readable_eml_named_by_time_and_id(tmp_path: Path) -> None:
    path = LocalOutbox(tmp_path / "outbox").deliver(outgoing())
    assert path.name.endswith("-ack.1@desk.example.eml") and path.name[:8].isdigit()
    assert email.message_from_bytes(path.read_bytes())["To"] == "anna@example.org"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no partial file left


@pytest.mark.parametrize(
    ("message_id", "expected"),
    [
        ("<../../etc/passwd@x>", "etc_passwd@x"),
        (None, "sha256-"),
        ("<x+y=z@example.org>", "x_y_z@example.org"),
    ],
)
def test_outbox_file_names_are_safe(tmp_path: Path, message_id: str | None, expected: str) -> None:
    path = LocalOutbox(tmp_path).deliver(outgoing(message_id))
    assert path.parent == tmp_path and expected in path.name


def test_the_outbox_never_overwrites(tmp_path: Path) -> None:
    outbox = LocalOutbox(tmp_path)
    paths = {outbox.deliver(outgoing()) for _ in range(5)}
    assert len(paths) == 5 and len(list(tmp_path.iterdir())) == 5
