"""Compose a short answer from ranked sections, in the question's language, citing its source."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from bot.models import NoticeSection
from bot.notice.rank import Ranked, Terms
from bot.notice.store import Rendering

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„“\"(])")
EXTRACT_SENTENCES = 3
QUOTES = re.compile(r"[„“”\"]")  # the source line quotes the title itself


@dataclass(frozen=True)
class Answer:
    """What the assistant says to a question, and what it relied on."""

    language: str
    section: str | None
    sections: tuple[str, ...]
    text: str
    notice: str
    labels: tuple[str, ...] = ()
    offer: str | None = None
    found: bool = True

    def to_json(self) -> dict[str, Any]:
        """The JSON form of `privacybot ask` and the chat API."""
        return {
            "language": self.language,
            "section": self.section,
            "sections": list(self.sections),
            "answer": self.text,
            "notice": self.notice,
            "labels": list(self.labels),
            "offer": self.offer,
            "found": self.found,
        }


@cache
def phrases() -> dict[str, Any]:
    """The words around answers (bot/data/notice/phrases.json)."""
    path = resources.files("bot") / "data" / "notice" / "phrases.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def company() -> dict[str, Any]:
    """The company this installation serves (bot/data/company.json)."""
    path = resources.files("bot") / "data" / "company.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def vendors() -> list[dict[str, Any]]:
    """The maintained vendor list (bot/data/vendors.json)."""
    path = resources.files("bot") / "data" / "vendors.json"
    listed: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["vendors"]
    return listed


def notice_date(label: str, language: str) -> str:
    """ "2020-08" as "August 2020" in `language`."""
    year, _, month = label.partition("-")
    if not month.isdigit():
        return label
    return f"{phrases()[language]['months'][int(month) - 1]} {year}"


def extract(section: NoticeSection, terms: Sequence[str], terms_of: Terms) -> str:
    """The sentences of a section that share most words with the question, in their order."""
    sentences = [s.strip() for s in SENTENCE.split(section.text) if s.strip()]
    wanted = set(terms)
    scored = sorted(
        range(len(sentences)), key=lambda i: -len(wanted & set(terms_of(sentences[i])))
    )[:EXTRACT_SENTENCES]
    return " ".join(sentences[i] for i in sorted(scored))


def vendor_text(language: str) -> str:
    """The vendor list as a short answer."""
    words = phrases()[language]
    lines = [f"• {v['name']}: {v['purpose'][language]}" for v in vendors()]
    return "\n".join([words["vendor_intro"], *lines, words["vendor_outro"]])


def body_of(
    section: NoticeSection, labels: Sequence[str], terms: Sequence[str], terms_of: Terms
) -> str:
    """The answer text for the best section: vendor list, written answer, or extract."""
    if "vendor_list" in labels and section.section == "recipients":
        return vendor_text(section.language)
    return section.answer or extract(section, terms, terms_of)


def compose(
    rendering: Rendering,
    ranked: Sequence[Ranked],
    labels: Sequence[str],
    terms: Sequence[str],
    terms_of: Terms,
    minimum: float,
) -> Answer:
    """The answer for ranked sections; an honest "not in the notice" below `minimum`."""
    language, words = rendering.language, phrases()[rendering.language]
    ids = tuple(r.section for r in ranked)
    offer = next((label for label in labels if label in words["offer"]), None)
    if not ranked or ranked[0].score < minimum:
        return Answer(
            language,
            None,
            ids,
            words["not_found"].format(email=company()["privacy_email"]),
            rendering.label,
            tuple(labels),
            offer,
            found=False,
        )
    best = next(s for s in rendering.sections if s.section == ranked[0].section)
    parts = [body_of(best, labels, terms, terms_of)]
    parts.append(
        words["source"].format(
            date=notice_date(rendering.label, language), title=best.title.strip('„“”"')
        )
    )
    if offer:
        parts.append(words["offer"][offer])
    return Answer(
        language, best.section, ids, "\n\n".join(parts), rendering.label, tuple(labels), offer
    )
