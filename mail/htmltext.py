"""HTML parts of untrusted mail: sanitised for staff pages, converted to text for classifying."""

from __future__ import annotations

import html as html_lib

import nh3
from inscriptis import get_text  # type: ignore[import-untyped]
from lxml.etree import LxmlError  # type: ignore[import-untyped]


def sanitize(html: str) -> str:
    """The HTML with scripts, styles, event handlers and unsafe URLs removed (mail-rules 12)."""
    return nh3.clean(html)


def to_text(html: str) -> str:
    """Readable text of an HTML body: blocks become lines, lists bullets, tables columns."""
    try:
        text = str(get_text(html))
    except (LxmlError, ValueError, RecursionError):
        text = ""
    # lxml gives up on very deep trees; the tag-stripped text is still worth classifying
    return text if text.strip() else _stripped(html)


def _stripped(html: str) -> str:
    """Text of the HTML with every tag removed, as a last resort."""
    cleaned = nh3.clean(html, tags=set(), clean_content_tags={"script", "style"})
    return html_lib.unescape(cleaned).strip()
