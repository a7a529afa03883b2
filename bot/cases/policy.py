"""What each request label sets in motion (bot/data/requests.json): cases, checks, suppression."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from intents.labels import QUESTION_LABELS


@cache
def policy() -> dict[str, Any]:
    """The request policy of bot/data/requests.json."""
    path = resources.files("bot") / "data" / "requests.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def case_labels(labels: Iterable[str]) -> list[str]:
    """The labels among `labels` that open a case, in the policy's order."""
    wanted = set(labels)
    return [label for label in policy()["labels"] if label in wanted]


def any_with(labels: Iterable[str], key: str) -> bool:
    """Whether one of `labels` has `key` set in the policy."""
    table = policy()["labels"]
    return any(table.get(label, {}).get(key) for label in labels)


def values_of(labels: Iterable[str], key: str) -> list[str]:
    """The values of `key` among `labels` (e.g. the flags or drafts they ask for)."""
    table = policy()["labels"]
    return [table[label][key] for label in labels if key in table.get(label, {})]


def reply_language(language: str) -> str:
    """The language we answer in: the request's own, or the fallback when we don't write it."""
    known = policy()["reply_languages"]
    return language if language in known else str(policy()["fallback_language"])


def closes_at_once(labels: Iterable[str]) -> bool:
    """Whether the acknowledgment itself fulfils a case with these labels."""
    table = policy()["labels"]
    labels = list(labels)
    return bool(labels) and all(table[label].get("closes_at_once") for label in labels)


def question_labels(labels: Iterable[str]) -> list[str]:
    """The labels among `labels` that ask a question the notice answers (no case of their own)."""
    table = policy()["labels"]
    return [label for label in labels if label in QUESTION_LABELS and label not in table]
