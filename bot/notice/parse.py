"""Split a privacy notice into sections by its own headings, as bot/data/notice/sections.json lists.

Works on the structure of the text, not on its wording: a new version of the notice loads
without code changes, and a heading that moved or vanished is reported, never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("märz", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "oct", "okt"),
            ("november", "nov"),
            ("dezember", "december", "dec", "dez"),
        ],
        start=1,
    )
    for name in names
}
DATE_LINE = re.compile(r"(?:stand:?\s*|as of\s*)?([A-Za-zäÄ]+)\s+(\d{4})", re.IGNORECASE)


class NoticeFormatError(ValueError):
    """The text does not have the headings the section layout expects."""


@dataclass(frozen=True)
class Section:
    """One section: its stable id, its heading as printed, its body text."""

    id: str
    title: str
    text: str


@dataclass(frozen=True)
class ParsedNotice:
    """A notice split into sections, with its language and the date it states (e.g. "2020-08")."""

    title: str
    label: str
    language: str
    sections: tuple[Section, ...]


def layout_file() -> dict[str, Any]:
    """bot/data/notice/sections.json: the notice's language, section ids and headings."""
    path = resources.files("bot") / "data" / "notice" / "sections.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def layout() -> list[dict[str, str | None]]:
    """The section ids and headings, in order."""
    sections: list[dict[str, str | None]] = layout_file()["sections"]
    return sections


def normalise(line: str) -> str:
    """A heading compared without case, quote style, spacing or a trailing colon."""
    line = re.sub(r"[„“”\"'‚‘’«»]", "", line).strip().rstrip(":").casefold()
    return re.sub(r"\s+", " ", line)


def date_label(lines: list[str]) -> str:
    """The notice's date as YYYY-MM from a line like "August 2020"; "undated" without one."""
    for line in lines[:5]:
        match = DATE_LINE.fullmatch(line.strip())
        if match and match.group(1).casefold() in MONTHS:
            return f"{match.group(2)}-{MONTHS[match.group(1).casefold()]:02d}"
    return "undated"


def heading_positions(lines: list[str], headings: list[str]) -> list[int]:
    """The line number of each heading, searched in order; a missing one is an error."""
    positions, start = [], 0
    wanted = [normalise(h) for h in headings]
    for heading, key in zip(headings, wanted, strict=True):
        found = next((i for i in range(start, len(lines)) if normalise(lines[i]) == key), None)
        if found is None:
            raise NoticeFormatError(f"heading not found after line {start + 1}: {heading!r}")
        positions.append(found)
        start = found + 1
    return positions


def body(lines: list[str]) -> str:
    """Section text: lines joined, surrounding and repeated blank lines removed."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def parse(text: str) -> ParsedNotice:
    """Split the notice `text` into the sections of the layout."""
    lines = text.replace("\r\n", "\n").split("\n")
    spec = layout()
    first_id = str(spec[0]["id"])
    positions = heading_positions(lines, [str(s["heading"]) for s in spec[1:]])
    title = next((line.strip() for line in lines if line.strip()), "")
    label = date_label([line for line in lines if line.strip()])
    intro_lines = [line for line in lines[: positions[0]] if line.strip() not in (title, "")]
    if label != "undated":
        intro_lines = [line for line in intro_lines if not DATE_LINE.fullmatch(line.strip())]
    sections = [Section(first_id, title, body(intro_lines))]
    ends = positions[1:] + [len(lines)]
    for item, begin, end in zip(spec[1:], positions, ends, strict=True):
        sections.append(
            Section(str(item["id"]), lines[begin].strip(), body(lines[begin + 1 : end]))
        )
    language = str(layout_file()["language"])
    return ParsedNotice(title=title, label=label, language=language, sections=tuple(sections))
