"""Shared fixtures: the trained analyser (trained once per model version, then reused)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import intents
from intents import Analyser

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus" / "external.jsonl"


@pytest.fixture(scope="session")
def analyser() -> Analyser:
    """The default analyser (trains the model into var/models when it is missing)."""
    return intents.default_analyser()


@pytest.fixture(scope="session")
def corpus() -> list[dict[str, Any]]:
    """The real-world evaluation corpus from ../shared (evaluation only, never training)."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not present on this machine")
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
