"""One call that understands a message: language, intents with scores, entities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from intents import entities, language, text
from intents.classifier import Classifier


@dataclass(frozen=True)
class Analysis:
    """What a message is: its language, the labels that apply with scores, its entities."""

    language: language.Language
    labels: tuple[str, ...]
    scores: Mapping[str, float]
    entities: entities.Entities
    classifier_version: str

    def to_json(self) -> dict[str, Any]:
        """The JSON form used by the command line and stored with cases."""
        return {
            "language": self.language.code,
            "language_confidence": self.language.confidence,
            "labels": list(self.labels),
            "scores": dict(self.scores),
            "entities": self.entities.to_json(),
            "classifier_version": self.classifier_version,
        }


class Analyser:
    """A loaded classifier with the language detector that shares its vocabularies."""

    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier
        self.vocabularies = classifier.vocabularies()

    def analyse(self, message: str, language_hint: str | None = None) -> Analysis:
        """Analyse any text; never raises for odd input (empty, huge, binary, emoji)."""
        cleaned = text.clean(message)
        detected = language.detect(cleaned, language_hint, self.vocabularies)
        result = self.classifier.classify(cleaned, detected.code)
        return Analysis(
            language=detected,
            labels=result.labels,
            scores=result.scores,
            entities=entities.extract(cleaned),
            classifier_version=self.classifier.version,
        )
