"""Removing quoted history and signatures so classification sees only what the sender wrote."""

from __future__ import annotations

import re

# A reply header ends the new text: everything from it on is history (mail-rules 12).
ATTRIBUTION = re.compile(
    r"^\s*(?:Am|On|Le|El|Il|Op)\s.{4,300}?"
    r"(?:schrieb|wrote|a écrit|escribió|ha scritto|schreef)[^:]{0,120}:\s*$",
    re.I | re.S,
)
SEPARATOR = re.compile(
    r"^\s*-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Original-Nachricht|"
    r"Message d'origine|Mensaje original)\s*-{2,}\s*$",
    re.I,
)
HEADER_FROM = re.compile(r"^\s*\*?(?:From|Von|De|Van)\s*:\*?\s", re.I)
HEADER_NEXT = re.compile(
    r"^\s*\*?(?:Sent|Gesendet|Date|Datum|Envoyé|Enviado|To|An|Subject|Betreff)\s*:", re.I
)
RULE_LINE = re.compile(r"^\s*_{10,}\s*$")
SIGNATURE = re.compile(r"^--\s?$")
MOBILE_FOOTER = re.compile(
    r"^\s*(?:Sent from my \w+|Von meinem \w+ gesendet|Gesendet von meinem \w+)\b.*$", re.I
)
WINDOW = 4


def strip(text: str) -> str:
    """The new text of a message: no quoted history, no signature; all of it if that is nothing."""
    lines = text.splitlines()
    kept = _drop_quoted(_before_signature(lines[: _history_start(lines)]))
    result = "\n".join(kept).strip()
    return result if result else text.strip()


def _history_start(lines: list[str]) -> int:
    """The index of the first line of quoted history, len(lines) when there is none."""
    for index, line in enumerate(lines):
        if SEPARATOR.match(line) or _is_header_block(lines, index):
            return index
        if _is_attribution(lines, index):
            return index
    return len(lines)


def _is_attribution(lines: list[str], index: int) -> bool:
    """True when an "Am … schrieb …:" / "On … wrote:" line (possibly wrapped) starts here."""
    if not re.match(r"^\s*(?:Am|On|Le|El|Il|Op)\s", lines[index], re.I):
        return False
    return any(
        ATTRIBUTION.match("\n".join(lines[index : index + size])) for size in range(1, WINDOW)
    )


def _is_header_block(lines: list[str], index: int) -> bool:
    """True for an Outlook header block: "From:/Von:" followed by "Sent:/Gesendet:" and the like."""
    start = index + 1 if RULE_LINE.match(lines[index]) else index
    if start >= len(lines) or not HEADER_FROM.match(lines[start]):
        return False
    following = [line for line in lines[start + 1 : start + 1 + WINDOW] if line.strip()]
    return bool(following) and bool(HEADER_NEXT.match(following[0]))


def _before_signature(lines: list[str]) -> list[str]:
    """The lines before the first "-- " separator (RFC 3676 4.3)."""
    for index, line in enumerate(lines):
        if SIGNATURE.match(line):
            return lines[:index]
    return lines


def _drop_quoted(lines: list[str]) -> list[str]:
    """The lines that are neither `>` quotes nor a mobile client's footer."""
    return [line for line in lines if not line.lstrip().startswith(">") and not _footer(line)]


def _footer(line: str) -> bool:
    """True for "Sent from my iPhone"-style lines."""
    return bool(MOBILE_FOOTER.match(line))
