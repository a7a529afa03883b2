"""The entry point for untrusted mail: raw bytes in, a `Parsed` or a `Quarantined` out."""

from __future__ import annotations

import email.policy
import hashlib
import time
from datetime import datetime
from email.message import Message
from email.parser import BytesParser

from mail import headers, htmltext, quotes
from mail.message import Limits, Parsed, Quarantined
from mail.parts import Body, LimitExceeded, check_structure, extract

Decoded = tuple[tuple[str, str], ...]
DEFAULT_LIMITS = Limits()
PARSER_BUGS = (LookupError, TypeError, ValueError, AttributeError, AssertionError, EOFError)


def parse(
    raw: bytes, received_at: datetime | None = None, limits: Limits = DEFAULT_LIMITS
) -> Parsed | Quarantined:
    """Parse raw message bytes; never raises, and quarantines what breaks a limit."""
    digest = hashlib.sha256(raw).hexdigest()
    if len(raw) > limits.max_bytes:
        return Quarantined(f"message larger than {limits.max_bytes} bytes", digest)
    deadline = time.monotonic() + limits.max_seconds
    try:
        msg = BytesParser(policy=email.policy.default).parsebytes(raw)
        if time.monotonic() > deadline:
            raise LimitExceeded(f"parsing took longer than {limits.max_seconds} s")
        check_structure(msg, limits)
        body = extract(msg, limits, deadline)
        return _assemble(msg, body, digest, received_at)
    except LimitExceeded as exc:
        return Quarantined(str(exc), digest)
    except RecursionError:
        return Quarantined("MIME nesting too deep for the parser", digest)
    except PARSER_BUGS as exc:
        # The stdlib parser has open crash bugs on hostile input (these are the exception types
        # they raise); a message we cannot read is quarantined for staff with the error, never
        # dropped (mail-rules 7 and 13). Anything else reaches the worker's one catch-all.
        return Quarantined(f"unparseable: {type(exc).__name__}: {exc}"[:200], digest)


def _assemble(msg: Message, body: Body, digest: str, received_at: datetime | None) -> Parsed:
    """Build the Parsed value from the decoded headers and body."""
    raw = tuple(headers.raw_items(msg))
    decoded, damage = _decoded_headers(raw)
    first = _first_values(decoded)
    name, sender = next(iter(headers.addresses(_first_values(raw).get("from", ""))), ("", ""))
    ids = headers.message_ids(first.get("message-id", ""))
    full_text = _body_text(body)
    return Parsed(
        sender=sender,
        sender_name=name,
        envelope_sender=_envelope(first.get("return-path")),
        to=_addresses(raw, "to"),
        cc=_addresses(raw, "cc"),
        subject=first.get("subject", ""),
        message_id=ids[0] if ids else f"<{digest[:32]}@missing-id.invalid>",
        message_id_missing=not ids,
        in_reply_to=next(iter(headers.message_ids(first.get("in-reply-to", ""))), None),
        references=headers.message_ids(first.get("references", "")),
        date=headers.parse_date(first.get("date")),
        received_at=received_at or _received(decoded),
        text=quotes.strip(full_text),
        full_text=full_text,
        html=htmltext.sanitize("\n".join(body.html)) if body.html else None,
        attachments=tuple(body.attachments),
        headers=decoded,
        damaged=tuple(dict.fromkeys(damage + body.damage)),
        raw_sha256=digest,
    )


def _decoded_headers(raw_pairs: Decoded) -> tuple[Decoded, list[str]]:
    """Every top-level header decoded to one line of text, with the damage found."""
    pairs: list[tuple[str, str]] = []
    damage: list[str] = []
    for name, raw in raw_pairs:
        value, notes = headers.decode_value(name, raw)
        pairs.append((name, value))
        damage += notes
    return tuple(pairs), damage


def _first_values(decoded: Decoded) -> dict[str, str]:
    """The first value of every header, by lower-case name (duplicates after it are ignored)."""
    return {name.lower(): value for name, value in reversed(decoded)}


def _addresses(raw_pairs: Decoded, name: str) -> tuple[str, ...]:
    """The addresses of every occurrence of an address header."""
    values = [value for key, value in raw_pairs if key.lower() == name]
    return tuple(dict.fromkeys(a for v in values for _, a in headers.addresses(v)))


def _envelope(value: str | None) -> str | None:
    """The Return-Path address: None when absent, "" for the null sender `<>`."""
    if value is None:
        return None
    found = headers.addresses(value)
    return found[0][1] if found else ""


def _received(decoded: Decoded) -> datetime | None:
    """The time of the topmost Received header, else the Date header."""
    first = _first_values(decoded)
    topmost = headers.received_date(first.get("received", ""))
    return topmost or headers.parse_date(first.get("date"))


def _body_text(body: Body) -> str:
    """The text for classification: text/plain preferred, converted HTML otherwise."""
    plain = "\n".join(body.plain)
    if plain.strip() or not body.html:
        return plain
    return "\n".join(htmltext.to_text(html) for html in body.html)
