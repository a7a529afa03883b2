"""What the assistant says (bot/data/chat.json), per language."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("de", "en")


@cache
def texts() -> dict[str, Any]:
    """The phrases of bot/data/chat.json."""
    path = resources.files("bot") / "data" / "chat.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def say(language: str, key: str, **values: str) -> str:
    """The phrase `key` in `language`, with `values` filled in (as values, never as code)."""
    phrase: str = texts()[language if language in LANGUAGES else "en"][key]
    return phrase.format(**values) if values else phrase


def table(language: str, key: str) -> dict[str, str]:
    """A table of phrases (quick replies, places) in `language`."""
    found: dict[str, str] = texts()[language if language in LANGUAGES else "en"][key]
    return found


def meaning(language: str, key: str, text: str) -> str | None:
    """Which entry of the table `key` a visitor's text names (a quick reply they clicked)."""
    wanted = text.strip().casefold()
    return next(
        (name for name, said in table(language, key).items() if said.casefold() == wanted), None
    )
