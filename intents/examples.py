"""The labelled example messages the classifier learns from, and their fixed held-out split."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from intents.labels import LABELS

HELD_OUT_PERCENT = 20


@dataclass(frozen=True)
class Example:
    """One message with its gold labels."""

    text: str
    labels: tuple[str, ...]
    lang: str

    @property
    def held_out(self) -> bool:
        """Whether this example belongs to the held-out split (stable: a hash of its text)."""
        digest = hashlib.sha256(self.text.encode("utf-8")).digest()
        return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def example_files(lang: str) -> list[Traversable]:
    """The example files of one language, in a stable order."""
    folder = resources.files("intents") / "data" / "examples" / lang
    return sorted((f for f in folder.iterdir() if f.name.endswith(".jsonl")), key=lambda f: f.name)


def read_examples(lang: str) -> Iterator[Example]:
    """Every example of one language; a line with an unknown label is an error in the data."""
    for file in example_files(lang):
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            unknown = set(row["labels"]) - set(LABELS)
            if unknown or not row["labels"]:
                raise ValueError(f"{file.name}:{number}: bad labels {sorted(unknown)}")
            yield Example(row["text"], tuple(row["labels"]), lang)


def split(lang: str) -> tuple[list[Example], list[Example]]:
    """(training, held-out) examples of one language."""
    examples = list(read_examples(lang))
    return [e for e in examples if not e.held_out], [e for e in examples if e.held_out]


def fingerprint() -> str:
    """A short hash of what a model is made from: examples, concepts, pipeline and training code.

    A model made from anything else is stale and is retrained.
    """
    package = resources.files("intents")
    sources = [
        package / "data" / "concepts.json",
        package / "ensemble.py",
        package / "pipeline.py",
        package / "training.py",
    ]
    digest = hashlib.sha256()
    for file in [*example_files("de"), *example_files("en"), *sources]:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]
