"""mail.rules: machine mail is recognised by data-driven rules; bounces name what bounced."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from mail.message import Attachment, Parsed
from mail.parse import parse
from mail.rules import (
    bounce_is_permanent,
    bounced_message_ids,
    first_rule,
    machine_reason,
    rules,
)

EMAILS = Path(__file__).parent / "emails"
OURS = ("privacy@example.com",)
OUR_DOMAINS = ("example.com",)
OUR_ACK = "<pd-7k3m-9qx4.ack.1732439647@example.com>"


def load(name: str) -> Parsed:
    """The parsed fixture, failing the test when it was quarantined."""
    result = parse((EMAILS / name).read_bytes())
    assert isinstance(result, Parsed), result
    return result


def fired(parsed: Parsed) -> str | None:
    """The id of the first rule that fires for our test mailbox."""
    hit = first_rule(parsed, OURS, OUR_DOMAINS)
    return hit[0] if hit else None


def person(**changes: object) -> Parsed:
    """An ordinary request with some fields replaced."""
    return dataclasses.replace(load("request-optout-en.eml"), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "rule_id"),
    [
        ("ooo-exchange.eml", "auto-submitted"),
        ("ooo-zimbra.eml", "auto-submitted"),
        ("ooo-gmail.eml", "auto-submitted"),
        ("ooo-headerless-de.eml", "auto-reply-subject"),
        ("ooo-headerless-en.eml", "auto-reply-subject"),
        ("auto-submitted-auto-notified.eml", "auto-submitted"),
        ("x-autoreply.eml", "x-autoreply"),
        ("x-auto-response-suppress.eml", "x-auto-response-suppress"),
        ("precedence-bulk.eml", "precedence"),
        ("newsletter-feedback-id.eml", "feedback-id"),
        ("mailing-list.eml", "list-header"),
        ("noreply-sender.eml", "system-sender"),
        ("spoofed-from-privacy.eml", "spoofed-own-from"),
        ("own-ack-looped.eml", "own-address"),
        ("bounce-postfix-our-ack.eml", "multipart-report"),
        ("bounce-postfix-delayed.eml", "multipart-report"),
        ("bounce-exchange-ndr.eml", "multipart-report"),
        ("bounce-gmail.eml", "multipart-report"),
        ("bounce-exim-plain.eml", "auto-submitted"),
        ("bounce-qmail.eml", "null-return-path"),
        ("read-receipt-mdn.eml", "multipart-report"),
    ],
)
def test_machine_mail_fires_the_expected_rule(name: str, rule_id: str) -> None:
    assert fired(load(name)) == rule_id


@pytest.mark.parametrize(
    "name",
    [
        "request-access-de.eml",
        "request-erasure-en.eml",
        "request-optout-en.eml",
        "reply-aw-case-token-outlook-de.eml",
        "reply-outlook-von-gesendet.eml",
        "reply-en-gmail-quote.eml",
        "reply-de-gmail-am-schrieb.eml",
        "stranger-quotes-case-token.eml",
        "auto-submitted-no.eml",
        "microsoft-message-id.eml",
        "header-raw-8bit-latin1.eml",
        "charset-iso-2022-jp.eml",
        "html-only.eml",
        "smime-signed.eml",
        "tnef-winmail.eml",
        "forwarded-rfc822.eml",
    ],
)
def test_mail_from_people_fires_no_rule(name: str) -> None:
    assert machine_reason(load(name), OURS, OUR_DOMAINS) is None


@pytest.mark.parametrize(
    ("changes", "rule_id"),
    [
        ({"headers": (("X-Autorespond", "yes"),)}, "x-autorespond"),
        ({"headers": (("Precedence", "auto_reply"),)}, "precedence"),
        ({"headers": (("Precedence", "junk"),)}, "precedence"),
        ({"headers": (("List-Unsubscribe", "<mailto:u@example.org>"),)}, "list-header"),
        ({"envelope_sender": "owner-gdpr@lists.example.org"}, "system-envelope-sender"),
        ({"sender": "gdpr-discuss-request@lists.example.org"}, "system-sender"),
        ({"sender": "owner-gdpr@lists.example.org"}, "system-sender"),
        ({"sender": "postmaster@example.org"}, "system-sender"),
        ({"message_id": "<abc@mail.example.com>"}, "own-message-id"),
        ({"subject": "Automatic reply: Unsubscribe me"}, "auto-reply-subject"),
        ({"subject": "AW: Réponse automatique"}, "auto-reply-subject"),
        ({"subject": "Automatische Antwort: Ihre Anfrage"}, "auto-reply-subject"),
    ],
)
def test_each_rule_fires_on_its_own(changes: dict[str, object], rule_id: str) -> None:
    assert fired(person(**changes)) == rule_id


@pytest.mark.parametrize(
    "headers",
    [
        (("Auto-Submitted", "no"),),
        (("Auto-Submitted", "No ; comment"),),
        (("Precedence", "first-class"),),
        (("X-Auto-Response-Suppress", "RN, NRN"),),
    ],
)
def test_harmless_header_values_fire_no_rule(headers: tuple[tuple[str, str], ...]) -> None:
    assert fired(person(headers=headers)) is None


def test_reason_names_the_header_and_its_value() -> None:
    reason = machine_reason(load("ooo-gmail.eml"), OURS, OUR_DOMAINS)
    assert reason == "auto-reply: Auto-Submitted: auto-replied"


def test_spoofed_own_address_has_its_own_reason() -> None:
    reason = machine_reason(load("spoofed-from-privacy.eml"), OURS, OUR_DOMAINS)
    assert reason == "spoofed: From is our own address"


def test_rule_ids_are_unique() -> None:
    ids = [rule.id for rule in rules()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        ("bounce-postfix-our-ack.eml", (OUR_ACK,)),
        ("bounce-postfix-delayed.eml", (OUR_ACK,)),
        ("bounce-exchange-ndr.eml", (OUR_ACK,)),
        ("bounce-gmail.eml", ("<pd-9x2y-3zq8.ack.1732440780@example.com>",)),
        ("bounce-exim-plain.eml", ("<pd-2b9c-7dq1.ack.1732440610@example.com>",)),
        ("bounce-qmail.eml", ("<pd-4k8m-2wz6.ack.1732440660@example.com>",)),
    ],
)
def test_bounces_name_the_message_that_bounced(name: str, ids: tuple[str, ...]) -> None:
    assert bounced_message_ids(load(name)) == ids


@pytest.mark.parametrize(
    "name",
    ["read-receipt-mdn.eml", "ooo-exchange.eml", "forwarded-rfc822.eml", "own-ack-looped.eml"],
)
def test_mail_that_is_no_bounce_names_no_bounced_message(name: str) -> None:
    assert bounced_message_ids(load(name)) == ()


@pytest.mark.parametrize(
    ("name", "permanent"),
    [
        ("bounce-postfix-our-ack.eml", True),
        ("bounce-postfix-delayed.eml", False),
        ("bounce-exchange-ndr.eml", True),
        ("bounce-gmail.eml", True),
        ("bounce-exim-plain.eml", True),
        ("bounce-qmail.eml", True),
        ("ooo-exchange.eml", False),
    ],
)
def test_permanent_failures_are_told_from_delays(name: str, permanent: bool) -> None:
    assert bounce_is_permanent(load(name)) is permanent


def test_dsn_without_embedded_copy_is_still_permanent_on_status_5() -> None:
    report = Attachment(None, "message/delivery-status", 30, b"Action: failed\nStatus: 5.2.2\n")
    parsed = person(attachments=(report,), subject="Undeliverable", sender="postmaster@x.example")
    assert bounce_is_permanent(parsed) and bounced_message_ids(parsed) == ()
