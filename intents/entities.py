"""Facts a request states about its sender: addresses, numbers, name, agent, jurisdiction.

Patterns live in intents/data/entities.json so that a new phrasing is a data change.
Every extractor is a regular expression over the cleaned text, bounded in what it returns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from typing import Any

MAX_PER_KIND = 5
EMAIL = re.compile(
    r"(?<![\w.+-])[\w.+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*\.[A-Za-z]{2,24}\b"
)
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d ()/.-]{6,20}\d(?![\w])")
# A case reference as the application issues them: prefix, two groups of four (Crockford's
# symbols); the application checks the check symbol.
CASE_REFERENCE = re.compile(r"\b([A-Z]{2,4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4})\b")
WORD = re.compile(r"[^\W\d_]+")
DATE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñç'’-]+"
NAME_PART = rf"(?:(?:von |van |de |zu )?{NAME_WORD}|[A-Z]\.)"
LEADING_NAME = re.compile(rf"{NAME_WORD}(?: {NAME_PART}){{0,2}} {NAME_WORD}")
NAME = re.compile(rf"^(?:(?:Dr|Prof|Mr|Mrs|Ms|Hr|Fr)\.? )?{LEADING_NAME.pattern}$")


@dataclass(frozen=True)
class Entities:
    """What the message says about its sender; each list is in order of appearance."""

    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    name: str | None = None
    customer_numbers: tuple[str, ...] = ()
    case_references: tuple[str, ...] = ()
    agent: bool = False
    jurisdictions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {key: list(v) if isinstance(v, tuple) else v for key, v in asdict(self).items()}


@cache
def patterns() -> dict[str, Any]:
    """The phrase patterns of intents/data/entities.json, compiled."""
    path = resources.files("intents") / "data" / "entities.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        "name_intro": re.compile(data["name_intro"], re.IGNORECASE | re.MULTILINE),
        "closing": re.compile(data["closing"], re.IGNORECASE),
        "customer_number": re.compile(data["customer_number"], re.IGNORECASE),
        "agent": re.compile(data["agent"], re.IGNORECASE),
        # Place names are looked up word by word (one pass); the rest are regular expressions.
        "jurisdiction_words": {
            word: code for code, spec in data["jurisdictions"].items() for word in spec["words"]
        },
        "jurisdiction_patterns": [
            (code, re.compile(spec["regex"], re.IGNORECASE))
            for code, spec in data["jurisdictions"].items()
            if "regex" in spec
        ],
        "jurisdiction_order": list(data["jurisdictions"]),
    }


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for value in values:
        seen.setdefault(value, None)
        if len(seen) >= MAX_PER_KIND:
            break
    return tuple(seen)


def find_phones(text: str, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Phone numbers: 7 to 15 digits written as a phone number, not a date or a customer number."""
    found = []
    for match in PHONE.finditer(text):
        raw = match.group().strip(" -./")
        digits = re.sub(r"\D", "", raw)
        if not 7 <= len(digits) <= 15 or DATE.fullmatch(raw) or raw in exclude:
            continue
        if raw[0] in "+(0" or not raw.isdigit():
            found.append(raw)
    return _unique(found)


def find_name(text: str) -> str | None:
    """The requester's name, stated ("my name is …", "Name: …") or signed under a closing."""
    stated = patterns()["name_intro"].search(text)
    if stated:
        name = LEADING_NAME.match(stated.group("name").strip())
        if name:
            return name.group()
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        if patterns()["closing"].fullmatch(line.rstrip(",")):
            for candidate in lines[index + 1 : index + 3]:
                if NAME.match(candidate):
                    return candidate
    return None


def find_jurisdictions(text: str) -> tuple[str, ...]:
    """Jurisdiction hints: "california", "nevada", "eu:XX" for an EU member state."""
    by_word = patterns()["jurisdiction_words"]
    found = {by_word[w] for w in WORD.findall(text.lower()) if w in by_word}
    found |= {code for code, regex in patterns()["jurisdiction_patterns"] if regex.search(text)}
    return tuple(code for code in patterns()["jurisdiction_order"] if code in found)


def extract(text: str) -> Entities:
    """All entities of a (cleaned) message text."""
    numbers = _unique(m.group("number") for m in patterns()["customer_number"].finditer(text))
    return Entities(
        emails=_unique(m.group() for m in EMAIL.finditer(text)),
        phones=find_phones(text, exclude=numbers),
        name=find_name(text),
        customer_numbers=numbers,
        case_references=_unique(m.group(1).upper() for m in CASE_REFERENCE.finditer(text)),
        agent=bool(patterns()["agent"].search(text)),
        jurisdictions=find_jurisdictions(text),
    )
