"""Rules as data: phrases and article citations that name a right more reliably than statistics.

intents/data/rules/<lang>.json hold phrases matched on lemma norms (spaCy PhraseMatcher), and
intents/data/rules/any.json regular expressions that work in every language (article numbers).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc


def _load(name: str) -> list[dict[str, Any]]:
    path = resources.files("intents") / "data" / "rules" / f"{name}.json"
    rules: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["rules"]
    return rules


@dataclass(frozen=True)
class PatternRules:
    """Language-independent regular expressions, each giving a label a score."""

    patterns: tuple[tuple[str, float, re.Pattern[str]], ...]

    @classmethod
    def load(cls) -> PatternRules:
        """The rules of intents/data/rules/any.json."""
        return cls(
            tuple(
                (rule["label"], float(rule["score"]), re.compile(rule["regex"], re.IGNORECASE))
                for rule in _load("any")
            )
        )

    def scores(self, text: str) -> dict[str, float]:
        """Label → the highest score of a rule that fires on `text`."""
        found: dict[str, float] = {}
        for label, score, pattern in self.patterns:
            if score > found.get(label, 0.0) and pattern.search(text):
                found[label] = score
        return found


class PhraseRules:
    """Phrases of one language matched on lemma norms; each phrase gives its label a score."""

    def __init__(self, nlp: Language, lang: str) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="NORM")
        self.score_of: dict[str, tuple[str, float]] = {}
        with nlp.select_pipes(enable=["lemma_norm"]):
            for number, rule in enumerate(_load(lang)):
                key = f"{rule['label']}#{number}"
                self.matcher.add(key, list(nlp.pipe(rule["phrases"])))
                self.score_of[key] = (rule["label"], float(rule["score"]))

    def scores(self, doc: Doc) -> Mapping[str, float]:
        """Label → the highest score of a phrase found in `doc`."""
        found: dict[str, float] = {}
        for match_id, _, _ in self.matcher(doc):
            label, score = self.score_of[doc.vocab.strings[match_id]]
            found[label] = max(score, found.get(label, 0.0))
        return found
