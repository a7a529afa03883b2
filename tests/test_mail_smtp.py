"""mail.smtp: URL parsing, building replies safely, and sending to a real (aiosmtpd) server."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest

from mail.errors import PermanentFailure, TemporaryFailure
from mail.smtp import SmtpSettings, build, send
from tests.servers import SmtpServer

GMAIL_ID = "<CAKx" + "a" * 70 + "@mail.gmail.com>"


def reply(**changes: Any) -> EmailMessage:
    """An automatic German acknowledgment, with some values changed."""
    values: dict[str, Any] = {
        "from_address": "privacy@example.com",
        "from_name": "Datenschutz",
        "to": "anna@example.org",
        "subject": "Ihre Anfrage [PD-1234-X]",
        "text": "Wir haben Ihre Anfrage erhalten.",
        "html": "<p>Wir haben Ihre Anfrage erhalten.</p>",
        "message_id": "<ack.1@desk.example>",
        "in_reply_to": GMAIL_ID,
        "references": ("<first@example.org>", GMAIL_ID),
        "automatic": True,
        "language": "de",
        "date": datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    }
    return build(**(values | changes))


def parsed(message: EmailMessage) -> EmailMessage:
    """The message as a receiver reads it back from the wire."""
    return email.message_from_bytes(message.as_bytes(), _class=EmailMessage, policy=default)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay:2525?tls=none", ("relay", 2525, "", "", "none")),
        ("smtp://u:p@relay", ("relay", 587, "u", "p", "starttls")),
        ("smtps://u%40x.org:p%2Fw@relay", ("relay", 465, "u@x.org", "p/w", "ssl")),
    ],
)
def test_settings_from_url(url: str, expected: tuple[object, ...]) -> None:
    settings = SmtpSettings.from_url(url)
    got = (settings.host, settings.port, settings.user, settings.password, settings.tls)
    assert got == expected


@pytest.mark.parametrize("url", ["imap://relay", "smtp://", "smtp://relay?tls=maybe"])
def test_settings_reject_bad_urls(url: str) -> None:
    with pytest.raises(ValueError):
        SmtpSettings.from_url(url)


def test_a_reply_carries_threading_and_identity_headers() -> None:
    message = parsed(reply())
    assert message["Message-ID"] == "<ack.1@desk.example>"
    assert message["In-Reply-To"] == GMAIL_ID
    assert message["References"].split() == ["<first@example.org>", GMAIL_ID]
    assert message["To"] == "anna@example.org" and len(message.get_all("To", [])) == 1
    assert message["Date"] == "Mon, 02 Mar 2026 09:00:00 +0000"
    assert (message["Content-Language"], message["MIME-Version"]) == ("de", "1.0")


@pytest.mark.parametrize(("automatic", "marked"), [(True, True), (False, False)])
def test_only_automatic_mail_is_marked_auto_submitted(automatic: bool, marked: bool) -> None:
    message = parsed(reply(automatic=automatic))
    assert (message["Auto-Submitted"] == "auto-replied") is marked
    assert (message["X-Auto-Response-Suppress"] == "All") is marked


def test_text_comes_with_an_html_alternative() -> None:
    message = parsed(reply(text="Grüße", html="<p>Grüße</p>"))
    bodies = [part.get_content().rstrip() for part in message.iter_parts()]
    assert message.get_content_type() == "multipart/alternative"
    assert bodies == ["Grüße", "<p>Grüße</p>"]


def test_without_html_the_reply_is_plain_text() -> None:
    assert parsed(reply(html=None)).get_content_type() == "text/plain"


@pytest.mark.parametrize("field", ["subject", "from_name"])
def test_user_text_cannot_add_a_header(field: str) -> None:
    message = reply(**{field: "Hallo\r\nBcc: x@evil.example\nX-Evil: 1"})
    assert parsed(message)["Bcc"] is None and parsed(message)["X-Evil"] is None
    assert b"\nBcc:" not in message.as_bytes()


def test_non_ascii_subject_and_name_are_encoded_words() -> None:
    message = reply(subject="Löschung – Fall [PD-1]", from_name="Datenschutz Müller")
    head = message.as_bytes().split(b"\r\n\r\n")[0]
    assert head.isascii() and b"=?utf-8?" in head
    assert parsed(message)["Subject"] == "Löschung – Fall [PD-1]"
    assert parsed(message)["From"].addresses[0].display_name == "Datenschutz Müller"


def test_long_message_ids_are_folded_not_encoded() -> None:
    head = reply().as_bytes().split(b"\r\n\r\n")[0]
    assert f"In-Reply-To: {GMAIL_ID}".encode() in head
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))


def test_references_drop_junk_and_keep_the_first_and_latest_ids() -> None:
    ids = tuple(f"<r{n}@example.org>" for n in range(30))
    message = parsed(reply(references=("junk", *ids, "<broken")))
    assert message["References"].split() == [ids[0], *ids[-19:]]


def test_a_message_id_is_required() -> None:
    with pytest.raises(ValueError):
        reply(message_id="not an id")


def test_a_sent_message_arrives_with_its_headers(smtp_server: SmtpServer) -> None:
    send(SmtpSettings.from_url(smtp_server.url), reply(), "bounces@example.com", "anna@example.org")
    [received] = smtp_server.received
    assert (received.mail_from, received.rcpt_tos) == ("bounces@example.com", ("anna@example.org",))
    message = email.message_from_bytes(received.raw, policy=default)
    assert (message["Message-ID"], message["Auto-Submitted"]) == (
        "<ack.1@desk.example>",
        "auto-replied",
    )


@pytest.mark.parametrize(
    ("at", "answer", "kind"),
    [
        ("DATA", "451 4.3.0 Try again later", TemporaryFailure),
        ("RCPT", "450 4.2.1 Mailbox busy", TemporaryFailure),
        ("DATA", "554 5.7.1 Rejected as spam", PermanentFailure),
        ("RCPT", "550 5.1.1 No such user", PermanentFailure),
    ],
)
def test_refusals_are_temporary_or_permanent_with_the_reply(
    smtp_server: SmtpServer, at: str, answer: str, kind: type[Exception]
) -> None:
    smtp_server.fail(answer, at=at)
    with pytest.raises(kind) as raised:
        send(SmtpSettings.from_url(smtp_server.url), reply(), "b@example.com", "anna@example.org")
    assert raised.value.code == int(answer[:3])  # type: ignore[attr-defined]
    assert answer[4:] in raised.value.reply  # type: ignore[attr-defined]
    assert smtp_server.received == []


def test_a_server_that_is_down_is_a_temporary_failure(smtp_server: SmtpServer) -> None:
    smtp_server.stop()
    with pytest.raises(TemporaryFailure):
        send(SmtpSettings.from_url(smtp_server.url), reply(), "b@example.com", "anna@example.org")
    smtp_server.start()
    send(SmtpSettings.from_url(smtp_server.url), reply(), "b@example.com", "anna@example.org")
    assert len(smtp_server.received) == 1


def test_a_login_is_used_when_the_url_has_one(smtp_server: SmtpServer) -> None:
    send(SmtpSettings.from_url(smtp_server.login_url()), reply(), "b@example.com", "a@example.org")
    assert len(smtp_server.received) == 1


def test_a_refused_login_is_temporary_as_it_is_not_the_recipients_fault(
    smtp_server: SmtpServer,
) -> None:
    settings = SmtpSettings.from_url(smtp_server.login_url("wrong"))
    with pytest.raises(TemporaryFailure) as raised:
        send(settings, reply(), "b@example.com", "anna@example.org")
    assert raised.value.code == 535


def test_tls_relays_are_verified_and_used(
    smtp_tls_server: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = SmtpSettings.from_url(smtp_tls_server.login_url())
    with pytest.raises(TemporaryFailure, match="CERTIFICATE_VERIFY_FAILED"):
        send(settings, reply(), "b@example.com", "anna@example.org")
    monkeypatch.setenv("SSL_CERT_FILE", str(smtp_tls_server.certificate))
    send(settings, reply(), "b@example.com", "anna@example.org")
    assert len(smtp_tls_server.received) == 1
