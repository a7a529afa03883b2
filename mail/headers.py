"""Reading headers of untrusted mail from their raw values, tolerant of every known breakage."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from mail import charsets

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
BETWEEN_WORDS = re.compile(r"(?<=\?=)\s+(?==\?)")
FOLD = re.compile(r"\r\n|\r|\n")
MESSAGE_ID = re.compile(r"<([^<>\s@]+@[^<>\s]+)>")
BARE_ID = re.compile(r"^\s*([^<>\s@]+@[^<>\s]+)\s*$")
ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
DATE_ERRORS = (ValueError, TypeError, IndexError, OverflowError)


def raw_items(msg: Message) -> list[tuple[str, str]]:
    """The headers as (name, raw value) pairs, untouched by the policy's header parser."""
    return [(str(name), str(value)) for name, value in msg.raw_items()]


def decode_value(name: str, raw: str) -> tuple[str, tuple[str, ...]]:
    """A raw header value as one line of text, and what had to be repaired to read it."""
    damage: list[str] = []
    text = " ".join(part.strip(" \t") for part in FOLD.split(raw)).strip()
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        # 8-bit bytes in a header: the parser kept them as surrogates (RFC 6532 allows UTF-8)
        data = text.encode("utf-8", "surrogateescape")
        text, note = charsets.decode_mixed(data, f"header {name}")
        damage += [note] if note else []
    text = BETWEEN_WORDS.sub("", text)
    return ENCODED_WORD.sub(lambda m: _encoded_word(name, m, damage), text), tuple(damage)


def _encoded_word(name: str, match: re.Match[str], damage: list[str]) -> str:
    """One RFC 2047 encoded word as text; the raw word when it cannot be decoded."""
    declared, kind, payload = match.groups()
    try:
        if kind in "bB":
            data = base64.b64decode(payload + "=" * (-len(payload) % 4))
        else:
            data = binascii.a2b_qp(payload.replace("_", " ").encode("utf-8", "surrogateescape"))
    except (binascii.Error, ValueError):
        damage.append(f"bad header {name}: undecodable encoded word")
        return match.group(0)
    text, note = charsets.decode(data, declared, f"header {name}")
    damage += [note] if note else []
    return text


def addresses(raw: str) -> tuple[tuple[str, str], ...]:
    """(display name, lower-case address) pairs of a raw header; groups and garbage dropped."""
    # split before decoding: a decoded name may contain the comma the encoding protected
    value = " ".join(FOLD.split(raw))
    try:
        pairs = getaddresses([value])
    except (ValueError, IndexError, TypeError):
        pairs = []
    found = [(_name(n), a.strip().lower()) for n, a in pairs if ADDRESS.fullmatch(a.strip())]
    if not found:
        found = [("", a.lower()) for a in ADDRESS.findall(value)]
    return tuple(dict.fromkeys(found))


def _name(raw: str) -> str:
    """A display name with its encoded words and 8-bit bytes decoded."""
    return decode_value("name", raw)[0].strip()


def message_ids(value: str) -> tuple[str, ...]:
    """Every well-formed `<left@right>` id in a header value, garbage between them dropped."""
    found = [f"<{m}>" for m in MESSAGE_ID.findall(value)]
    if not found and (bare := BARE_ID.match(value)):
        found = [f"<{bare.group(1)}>"]
    return tuple(dict.fromkeys(found))


def parse_date(value: str | None) -> datetime | None:
    """A Date-like header as an aware datetime (UTC when the zone is unknown), or None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except DATE_ERRORS:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def received_date(value: str) -> datetime | None:
    """The timestamp after the last `;` of a Received header (RFC 5321 4.4)."""
    return parse_date(value.rpartition(";")[2]) if ";" in value else None
