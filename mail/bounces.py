"""Bounces: which of our messages came back, and whether the failure is permanent (rule 15)."""

from __future__ import annotations

import re

from mail import headers
from mail.message import Attachment, Parsed

DSN_TYPES = {"message/delivery-status", "message/global-delivery-status"}
EMBEDDED_TYPES = {"message/rfc822", "message/global", "text/rfc822-headers"}
DSN_REPORT = re.compile(r"^\s*multipart/report\b.*report-type\s*=\s*\"?delivery-status", re.I)
BOUNCE_SENDER = re.compile(r"^(mailer-daemon|mail-daemon|postmaster)@", re.I)
BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (status notification|failure|has failed)|"
    r"mail delivery (failed|failure|subsystem)|returned mail|failure notice|"
    r"nicht zustellbar|unzustellbar|non remis|delivery status",
    re.I,
)
MESSAGE_ID_LINE = re.compile(r"^[ \t]*Message-ID[ \t]*:[ \t]*(.*(?:\n[ \t]+.*)*)", re.I | re.M)
FAILED = re.compile(r"^\s*(Action\s*:\s*failed|Status\s*:\s*5\.\d{1,3}\.\d{1,3})\b", re.I | re.M)
PERMANENT_TEXT = re.compile(
    r"\b5\d\d[ -]5\.\d{1,3}\.\d{1,3}\b|permanent (error|failure)|"
    r"user unknown|no such user|does not exist|mailbox unavailable",
    re.I,
)


def is_bounce(parsed: Parsed) -> bool:
    """True for delivery reports and for the common non-standard bounces of MTAs."""
    content_type = next(iter(parsed.header("Content-Type")), "")
    if DSN_REPORT.match(content_type) or any(_dsn_parts(parsed)):
        return True
    from_system = bool(BOUNCE_SENDER.match(parsed.sender)) or parsed.envelope_sender == ""
    return from_system and bool(BOUNCE_SUBJECT.search(parsed.subject))


def bounced_message_ids(parsed: Parsed) -> tuple[str, ...]:
    """Message-IDs of the original message that bounced; () when this is not a bounce."""
    if not is_bounce(parsed):
        return ()
    texts = [_header_section(a.data) for a in parsed.attachments if _embedded(a)]
    found = [i for text in texts + [parsed.full_text] for i in _ids_in(text)]
    return tuple(i for i in dict.fromkeys(found) if i != parsed.message_id)


def bounce_is_permanent(parsed: Parsed) -> bool:
    """True when a bounce reports a permanent failure (DSN `Action: failed` / `Status: 5.x.x`)."""
    if not is_bounce(parsed):
        return False
    reports = list(_dsn_parts(parsed))
    if reports:
        return any(FAILED.search(report) for report in reports)
    return bool(PERMANENT_TEXT.search(parsed.full_text))


def _dsn_parts(parsed: Parsed) -> list[str]:
    """The text of every machine-readable delivery-status part."""
    found = [a for a in parsed.attachments if a.content_type in DSN_TYPES and a.data is not None]
    return [(a.data or b"").decode("utf-8", errors="replace") for a in found]


def _embedded(attachment: Attachment) -> bool:
    """True for a returned copy of the original message or of its headers."""
    return attachment.content_type in EMBEDDED_TYPES and attachment.data is not None


def _header_section(data: bytes | None) -> str:
    """The header block of an embedded message, as text."""
    text = (data or b"").decode("utf-8", errors="replace").replace("\r\n", "\n")
    return text.split("\n\n", 1)[0]


def _ids_in(text: str) -> list[str]:
    """Message-IDs named on `Message-ID:` lines of a text."""
    return [i for m in MESSAGE_ID_LINE.finditer(text) for i in headers.message_ids(m.group(1))]
