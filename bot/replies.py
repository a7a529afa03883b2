"""The texts the desk sends: a subject and a plain-text body per kind and language, plus HTML.

The templates are our own files under bot/data/replies/<language>/<kind>.txt: a first line
"Subject: ...", a blank line, then the body. Only these files are ever compiled; the values in a
context (a requester's name, a staff member's reason) are inserted as values, never as templates
(legal.md rule 11: template injection).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from babel.dates import format_date
from jinja2 import Environment, FunctionLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from intents.labels import LABELS

LANGUAGES = ("de", "en")
FALLBACK = "en"
SUBJECT = "Subject: "
URL = re.compile(r"https?://[^\s<>\"'\u201c\u201d\u201e\u00ab\u00bb]+")
URL_TAIL = ".,;:!?)]}"  # sentence punctuation after a link is not part of it
PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Reply:
    """One rendered message: subject, plain-text body, and the HTML alternative of that body."""

    subject: str
    text: str
    html: str


def render(kind: str, language: str, context: Mapping[str, Any]) -> Reply:
    """The reply of `kind` in `language` (else English), filled with `context`."""
    subject, body = templates(kind, supported(language))
    values = dict(context)
    text = tidy(body.render(values))
    # one line whatever the values hold: a subject becomes a header (mail-rules.md rule 20)
    return Reply(subject=" ".join(subject.render(values).split()), text=text, html=html(text))


@cache
def kinds() -> tuple[str, ...]:
    """The template kinds that exist (files not starting with "_")."""
    names = (entry.name for entry in folder(FALLBACK).iterdir() if entry.name.endswith(".txt"))
    return tuple(sorted(name.removesuffix(".txt") for name in names if not name.startswith("_")))


def rights_in_words(labels: Iterable[str], language: str) -> list[str]:
    """The rights behind `labels` in plain words, in input order; non-right labels are left out."""
    labels = list(labels)
    unknown = [label for label in labels if label not in LABELS]
    if unknown:
        raise ValueError(f"not intent labels: {unknown}")
    table, lang = rights(), supported(language)
    return [table[label][lang] for label in labels if label in table]


def supported(language: str) -> str:
    """`language` ("de", "de-AT", "EN") as one we write, else the fallback."""
    base = language.lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else FALLBACK


def folder(language: str) -> Traversable:
    """The template folder of `language` inside the installed package."""
    return resources.files("bot") / "data" / "replies" / language


def source(language: str, name: str) -> str | None:
    """The text of template file `name` in `language`, or None when there is none."""
    path = folder(language) / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


@cache
def environment(language: str) -> Environment:
    """The Jinja2 environment over the templates of `language` (plain text, strict)."""
    env = Environment(
        loader=FunctionLoader(partial(source, language)),
        autoescape=False,  # plain text; the HTML is made from the finished text by html()
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["longdate"] = partial(long_date, locale=language)
    env.filters["localized"] = partial(localized, language=language)
    env.filters["weblink"] = weblink
    return env


@cache
def templates(kind: str, language: str) -> tuple[Template, Template]:
    """The compiled subject and body templates of `kind` in `language`."""
    text = source(language, f"{kind}.txt") if kind in kinds() else None
    if text is None:
        raise ValueError(f"no reply template {kind!r} for language {language!r}")
    head, _, body = text.partition("\n\n")
    if not head.startswith(SUBJECT) or "\n" in head:
        raise ValueError(f"{language}/{kind}.txt must start with one {SUBJECT!r} line and a blank")
    env = environment(language)
    return env.from_string(head.removeprefix(SUBJECT)), env.from_string(body)


@cache
def rights() -> dict[str, dict[str, str]]:
    """The plain words for each right (bot/data/replies/rights.json)."""
    path = resources.files("bot") / "data" / "replies" / "rights.json"
    table: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))["rights"]
    return table


def long_date(value: date, locale: str) -> str:
    """`value` as a long date in `locale`: "25. Dezember 2026", "December 25, 2026"."""
    if not isinstance(value, date):
        # str() of a missing value raises StrictUndefined's own error, naming the key
        raise TypeError(f"longdate needs a date, not {str(value)!r}")
    return format_date(value, format="long", locale=locale)


def localized(value: Any, language: str) -> Any:
    """The `language` entry of a {"de": …, "en": …} value; any other value as it is."""
    if isinstance(value, Mapping):
        return value.get(language, value.get(FALLBACK))
    return value


def weblink(address: str) -> str:
    """A web address with its scheme ("tools.google.com/x" → "https://tools.google.com/x")."""
    return address if re.match(r"https?://", address) else f"https://{address}"


def tidy(text: str) -> str:
    """Rendered text without trailing blanks, runs of empty lines, or space at either end."""
    lines = "\n".join(line.rstrip() for line in text.strip().splitlines())
    return re.sub(r"\n{3,}", "\n\n", lines) + "\n"


def html(text: str) -> str:
    """The HTML alternative of `text`: all escaped, paragraphs, line breaks, http(s) links."""
    paragraphs = (part for part in PARAGRAPH.split(text.strip()) if part.strip())
    return "\n".join(
        Markup("<p>{}</p>").format(Markup("<br>\n").join(map(linked, part.splitlines())))
        for part in paragraphs
    )


def linked(line: str) -> Markup:
    """One line escaped, with its http(s) URLs as links."""
    pieces, last = [], 0
    for match in URL.finditer(line):
        url = match.group().rstrip(URL_TAIL)
        pieces += [escape(line[last : match.start()]), Markup('<a href="{0}">{0}</a>').format(url)]
        last = match.start() + len(url)
    pieces.append(escape(line[last:]))
    return Markup("").join(pieces)
