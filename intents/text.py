"""Make any input safe to analyse: normalised, without control characters, of bounded length."""

from __future__ import annotations

import re
import unicodedata

# Only the first MAX_ANALYSED_CHARS characters of a message are analysed (documented in the
# README): a request states itself at the top, and the bound keeps time and memory flat.
MAX_ANALYSED_CHARS = 20_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]+")
BLANK_LINES = re.compile(r"\n{3,}")


def clean(text: str) -> str:
    """The analysable part of `text`: NFC, control characters as spaces, at most the bound."""
    head = unicodedata.normalize("NFC", text[: MAX_ANALYSED_CHARS * 2])
    head = CONTROL.sub(" ", head.replace("\r\n", "\n").replace("\r", "\n"))
    return BLANK_LINES.sub("\n\n", head)[:MAX_ANALYSED_CHARS].strip()
