"""Walking the MIME tree of untrusted mail: limits, body text parts and attachments."""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from email.errors import MessageError
from email.generator import BytesGenerator
from email.message import Message
from email.policy import compat32

from mail import charsets, headers
from mail.message import Attachment, Limits

# The stdlib parser raises these from header and parameter parsing on hostile input.
PART_ERRORS = (MessageError, IndexError, ValueError, TypeError, AttributeError, LookupError)
KNOWN_CTE = {"", "7bit", "8bit", "binary", "base64", "quoted-printable"}
KNOWN_CTE |= {"x-uuencode", "uuencode", "x-uue", "uue"}
CONTENT_TYPE = re.compile(r"^\s*([\w.+-]+/[\w.+-]+)")
CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.I)
NAME = re.compile(r"(?:file)?name\s*=\s*\"?([^\";]+)", re.I)
BODY_TYPES = ("text/plain", "text/html")


class LimitExceeded(Exception):
    """A limit of `Limits` was exceeded; the message is quarantined with this reason."""


@dataclass
class Body:
    """The text parts and attachments of one message, and what was repaired on the way."""

    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    damage: list[str] = field(default_factory=list)


def check_structure(msg: Message, limits: Limits) -> None:
    """Raise LimitExceeded when the tree is deeper or has more parts than allowed."""
    stack, count = [(msg, 0)], 0
    while stack:
        part, depth = stack.pop()
        count += 1
        if depth > limits.max_depth:
            raise LimitExceeded(f"MIME nesting deeper than {limits.max_depth}")
        if count > limits.max_parts:
            raise LimitExceeded(f"more than {limits.max_parts} MIME parts")
        if content_type(part) != "message/delivery-status":
            stack.extend((child, depth + 1) for child in children(part))


def extract(msg: Message, limits: Limits, deadline: float) -> Body:
    """Body text (plain and HTML) and attachments of every leaf, in document order."""
    body = Body()
    for part in leaves(msg):
        if time.monotonic() > deadline:
            raise LimitExceeded(f"parsing took longer than {limits.max_seconds} s")
        body.damage += _defects(part)
        ctype = _leaf_type(part)
        if ctype in BODY_TYPES and not _is_attachment(part):
            text, damage = _text(part, ctype)
            (body.plain if ctype == "text/plain" else body.html).append(text)
            body.damage += damage
        else:
            body.attachments.append(_attachment(part, ctype, limits))
    return body


def leaves(msg: Message) -> list[Message]:
    """The non-multipart parts in document order; embedded messages count as one leaf."""
    out: list[Message] = []
    stack = [msg]
    while stack:
        part = stack.pop()
        if content_type(part).startswith("multipart/") and part.is_multipart():
            stack.extend(reversed(children(part)))
        else:
            out.append(part)
    return out


def children(part: Message) -> list[Message]:
    """The sub-parts of a multipart or embedded message, [] for a leaf."""
    # is_multipart() first: get_payload() on a leaf decodes, and can raise on a bad charset
    payload = part.get_payload() if part.is_multipart() else None
    return [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []


def raw_header(part: Message, name: str) -> str:
    """The first raw value of a header of a part, "" when absent."""
    wanted = name.lower()
    return next((v for n, v in headers.raw_items(part) if n.lower() == wanted), "")


def content_type(part: Message) -> str:
    """The lower-case media type; text/plain when missing or invalid (RFC 2045 5.2)."""
    match = CONTENT_TYPE.match(raw_header(part, "content-type"))
    return match.group(1).lower() if match else "text/plain"


def _leaf_type(part: Message) -> str:
    """The media type of a leaf; a multipart whose boundary never appears is read as text."""
    ctype = content_type(part)
    return "text/plain" if ctype.startswith("multipart/") else ctype


def _is_attachment(part: Message) -> bool:
    """True for parts marked as attachments or carrying a file name."""
    disposition = raw_header(part, "content-disposition").strip().lower()
    return disposition.startswith("attachment") or _filename(part) is not None


def _text(part: Message, ctype: str) -> tuple[str, list[str]]:
    """The decoded text of a text part and its damage notes."""
    data, damage = _payload(part)
    charset = _charset(part)
    text, note = charsets.decode(data, charset, ctype)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, damage + ([note] if note else [])


def _charset(part: Message) -> str | None:
    """The declared charset of a part, read leniently."""
    try:
        return part.get_content_charset()
    except PART_ERRORS:
        match = CHARSET.search(raw_header(part, "content-type"))
        return match.group(1) if match else None


def _payload(part: Message) -> tuple[bytes, list[str]]:
    """The transfer-decoded bytes of a leaf; garbage encodings are passed through raw."""
    cte = raw_header(part, "content-transfer-encoding").strip().lower()
    damage = [] if cte in KNOWN_CTE else [f"bad transfer encoding: {cte[:40]!r}"]
    try:
        data = part.get_payload(decode=True)
    except PART_ERRORS:
        data, damage = None, damage + ["bad transfer encoding: undecodable payload"]
    return (data if isinstance(data, bytes) else b""), damage


def _attachment(part: Message, ctype: str, limits: Limits) -> Attachment:
    """An Attachment for a leaf; embedded messages are kept as their serialised bytes."""
    if part.is_multipart():
        data = b"\n".join(_flatten(p) for p in children(part))
    else:
        data = _payload(part)[0]
    keep = data if len(data) <= limits.attachment_bytes else None
    return Attachment(_filename(part), ctype, len(data), keep)


def _filename(part: Message) -> str | None:
    """The file name of a part (RFC 2231 and encoded words decoded), None when it has none."""
    try:
        name = part.get_filename()
    except PART_ERRORS:
        match = NAME.search(raw_header(part, "content-disposition") or "")
        name = match.group(1) if match else None
    return headers.decode_value("filename", name)[0] if name else None


def _flatten(msg: Message) -> bytes:
    """An embedded message as bytes, written without re-folding its headers."""
    out = io.BytesIO()
    try:
        BytesGenerator(out, mangle_from_=False, policy=compat32).flatten(msg)
    except PART_ERRORS:
        return b""
    return out.getvalue()


def _defects(part: Message) -> list[str]:
    """Structural defects the parser repaired in a part, as damage notes."""
    return [f"bad MIME: {type(d).__name__}" for d in getattr(part, "defects", [])]
