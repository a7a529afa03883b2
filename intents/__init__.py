"""Understand a message: its language, the privacy intents it carries, and the facts it states.

A library: it never imports `bot`. `analyse(text)` is the entry point; the model is loaded
(and trained, when missing) on first use, never at import.
"""

from __future__ import annotations

from functools import cache

from intents.analysis import Analyser, Analysis
from intents.classifier import Classifier
from intents.labels import LABELS, OUT_OF_SCOPE, PRIVACY_LABELS, REQUEST_LABELS
from intents.language import Language, detect

__all__ = [
    "LABELS",
    "OUT_OF_SCOPE",
    "PRIVACY_LABELS",
    "REQUEST_LABELS",
    "Analyser",
    "Analysis",
    "Language",
    "analyse",
    "default_analyser",
    "detect",
]


@cache
def default_analyser() -> Analyser:
    """The analyser over the default model folder, loaded once per process."""
    return Analyser(Classifier.load())


def analyse(text: str, language_hint: str | None = None) -> Analysis:
    """Language, labels with scores, and entities of `text`."""
    return default_analyser().analyse(text, language_hint)
