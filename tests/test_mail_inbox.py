"""mail.inbox against a real Dovecot (and its in-memory fake), plus URL parsing and back-off."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from mail.errors import ConnectionLost, LoginFailed
from mail.inbox import PROCESSED_FLAG, ImapSettings, Mailbox, backoff_delays
from tests.fake_mailbox import FakeMailbox
from tests.servers import Dovecot, ImapAccount, free_port


def raw_message(number: int) -> bytes:
    """A small plain-text message with a Date header that is not its received time."""
    return (
        f"From: Requester <requester{number}@example.org>\r\n"
        "To: privacy@example.com\r\n"
        f"Subject: Request {number}\r\n"
        f"Message-ID: <request-{number}@example.org>\r\n"
        "Date: Mon, 01 Jan 2001 00:00:00 +0000\r\n"
        "\r\n"
        f"Please delete my data ({number}).\r\n"
    ).encode()


@pytest.fixture(params=["dovecot", "fake"])
def inbox(request: pytest.FixtureRequest) -> Iterator[tuple[Any, Callable[[bytes], object]]]:
    """An open mailbox and a way to deliver into it: the real one and the fake."""
    if request.param == "fake":
        fake = FakeMailbox()
        yield fake, fake.deliver
        return
    account: ImapAccount = request.getfixturevalue("imap_account")
    with Mailbox(ImapSettings.from_url(account.url)) as box:
        yield box, account.append


def folder_count(account: ImapAccount, folder: str) -> int:
    """Messages in a folder, seen through a second connection."""
    with account.connect() as client:
        return int(client.folder_status(folder, ["MESSAGES"])[b"MESSAGES"])


def flags_of(account: ImapAccount, uid: int) -> tuple[bytes, ...]:
    """A message's flags, seen through a second connection."""
    with account.connect() as client:
        client.select_folder("INBOX", readonly=True)
        return tuple(client.get_flags([uid])[uid])


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("imap://u:p@h:1143/INBOX?tls=none", ("h", 1143, "u", "p", "INBOX", "none")),
        ("imap://u:p@h", ("h", 143, "u", "p", "INBOX", "starttls")),
        (
            "imaps://u%40x.org:p%2Fw%20d@h/Archiv%2F2026",
            ("h", 993, "u@x.org", "p/w d", "Archiv/2026", "ssl"),
        ),
        ("imap://u:p@h/INBOX?tls=ssl", ("h", 993, "u", "p", "INBOX", "ssl")),
    ],
)
def test_settings_from_url(url: str, expected: tuple[object, ...]) -> None:
    settings = ImapSettings.from_url(url)
    got = (settings.host, settings.port, settings.user, settings.password, settings.folder)
    assert (*got, settings.tls) == expected


@pytest.mark.parametrize("url", ["http://h/", "imap:///INBOX", "imap://u:p@h/?tls=maybe"])
def test_settings_reject_bad_urls(url: str) -> None:
    with pytest.raises(ValueError):
        ImapSettings.from_url(url)


def test_settings_never_show_the_password() -> None:
    assert "secret" not in repr(ImapSettings.from_url("imap://u:secret@h/"))


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    delays = backoff_delays(base=1, cap=30)
    ceilings = [1, 2, 4, 8, 16, 30, 30, 30]
    assert all(c / 2 <= next(delays) <= c for c in ceilings)


def test_nothing_new_returns_nothing_although_n_star_matches_the_newest(inbox: Any) -> None:
    box, deliver = inbox
    deliver(raw_message(1))
    deliver(raw_message(2))
    newest = box.fetch_new(0)[-1].uid
    assert box.fetch_new(newest) == []


def test_new_messages_come_oldest_first_in_batches(inbox: Any) -> None:
    box, deliver = inbox
    for number in range(3):
        deliver(raw_message(number))
    first = box.fetch_new(0, batch=2)
    rest = box.fetch_new(first[-1].uid)
    assert [m.raw for m in first + rest] == [raw_message(n) for n in range(3)]


def test_marking_without_folder_flags_and_keeps_the_message(inbox: Any) -> None:
    box, deliver = inbox
    deliver(raw_message(1))
    uid = box.fetch_new(0)[0].uid
    box.mark_processed([uid])
    assert PROCESSED_FLAG in box.fetch([uid])[0].flags


def test_marking_with_folder_moves_the_message_out_of_the_inbox(inbox: Any) -> None:
    box, deliver = inbox
    deliver(raw_message(1))
    box.mark_processed([box.fetch_new(0)[0].uid], "Processed")
    assert box.fetch_new(0) == []


def test_message_id_headers_are_returned_raw(inbox: Any) -> None:
    box, deliver = inbox
    deliver(raw_message(7))
    uid = box.fetch_new(0)[0].uid
    assert b"<request-7@example.org>" in box.message_id_headers([uid])[uid]


def test_login_reports_uidvalidity(imap_account: ImapAccount) -> None:
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        assert box.uidvalidity() > 0


def test_wrong_password_raises_login_failed(imap_account: ImapAccount) -> None:
    url = imap_account.url.replace(":pw-", ":wrong-")
    with pytest.raises(LoginFailed), Mailbox(ImapSettings.from_url(url)):
        pass


def test_no_server_raises_connection_lost() -> None:
    url = f"imap://u:p@127.0.0.1:{free_port()}/INBOX?tls=none"
    with pytest.raises(ConnectionLost), Mailbox(ImapSettings.from_url(url)):
        pass


def test_fetching_leaves_messages_unseen(imap_account: ImapAccount) -> None:
    imap_account.append(raw_message(1))
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        fetched = box.fetch_new(0)[0]
    assert "\\Seen" not in fetched.flags
    assert b"\\Seen" not in flags_of(imap_account, fetched.uid)


def test_received_at_is_the_servers_internaldate(imap_account: ImapAccount) -> None:
    received = datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    with imap_account.connect() as client:
        client.append("INBOX", raw_message(1), msg_time=received)
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        internaldate = box.fetch_new(0)[0].internaldate
    assert internaldate == received and internaldate.tzinfo == UTC


def test_moving_to_a_folder_expunges_nothing_else(imap_account: ImapAccount) -> None:
    for number in range(3):
        imap_account.append(raw_message(number))
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        box.mark_processed([box.fetch_new(0)[0].uid], "Processed")
    assert (folder_count(imap_account, "INBOX"), folder_count(imap_account, "Processed")) == (2, 1)


def test_without_move_support_messages_are_copied_and_flagged(
    imap_account: ImapAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    imap_account.append(raw_message(1))
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        monkeypatch.setattr(box.client, "has_capability", lambda name: name != "MOVE")
        uid = box.fetch_new(0)[0].uid
        box.mark_processed([uid], "Processed")
        assert PROCESSED_FLAG in box.fetch([uid])[0].flags
    assert (folder_count(imap_account, "INBOX"), folder_count(imap_account, "Processed")) == (1, 1)


def test_append_stores_a_seen_copy_in_a_new_sent_folder(imap_account: ImapAccount) -> None:
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        box.append("Sent", raw_message(1))
    with imap_account.connect() as client:
        client.select_folder("Sent", readonly=True)
        assert client.search(["SEEN"]) == [1]


def test_idle_returns_true_after_an_append_from_another_connection(
    imap_account: ImapAccount,
) -> None:
    timer = threading.Timer(0.3, imap_account.append, [raw_message(1)])
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        started = time.monotonic()
        timer.start()
        assert box.idle_wait(20) is True
        assert time.monotonic() - started < 10
        assert len(box.fetch_new(0)) == 1


def test_idle_returns_false_when_nothing_happens(imap_account: ImapAccount) -> None:
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        assert box.idle_wait(0.3) is False


def test_restart_breaks_the_connection_and_a_new_mailbox_works(
    dovecot: Dovecot, imap_account: ImapAccount
) -> None:
    imap_account.append(raw_message(1))
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        dovecot.restart()
        with pytest.raises(ConnectionLost):
            box.fetch_new(0)
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        assert len(box.fetch_new(0)) == 1


def test_a_connection_dropped_mid_idle_raises_connection_lost(
    dovecot: Dovecot, imap_account: ImapAccount
) -> None:
    timer = threading.Timer(0.3, dovecot.restart)
    with Mailbox(ImapSettings.from_url(imap_account.url)) as box:
        timer.start()
        with pytest.raises(ConnectionLost):
            box.idle_wait(20)
    timer.join()


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_tls_connections_verify_the_certificate(
    dovecot: Dovecot, imap_account: ImapAccount, tls: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = ImapSettings.from_url(imap_account.tls_url(tls))
    with pytest.raises(ConnectionLost, match="CERTIFICATE_VERIFY_FAILED"), Mailbox(settings):
        pass
    monkeypatch.setenv("SSL_CERT_FILE", str(dovecot.certificate))
    with Mailbox(settings) as box:
        assert box.fetch_new(0) == []
