"""Which notice section a question is about: a classifier trained from example questions.

bot/data/notice/section_questions*.jsonl hold questions written by the team, each with the
section that answers it. Section ids are stable across notice versions, so the classifier keeps
working when a new text is loaded; word overlap (bot.notice.rank) covers what it never saw.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from intents import default_analyser
from intents.classifier import model_root
from intents.pipeline import blank_pipeline, ready
from intents.training import LANGUAGES, fit, save_atomically


def question_files() -> list[Path]:
    """The example question files (bot/data/notice/section_questions*.jsonl), in order."""
    folder = Path(str(resources.files("bot") / "data" / "notice"))
    return sorted(folder.glob("section_questions*.jsonl"))


def version() -> str:
    """A hash of the example questions and the pipeline code: a model of anything else is stale."""
    digest = hashlib.sha256()
    for file in question_files():
        digest.update(file.read_bytes())
    digest.update((resources.files("intents") / "pipeline.py").read_bytes())
    return digest.hexdigest()[:12]


def train_language(lang: str) -> Language:
    """The section classifier of one language."""
    rows = [
        json.loads(line)
        for file in question_files()
        for line in file.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    examples = [(row["text"], {row["section"]}) for row in rows if row["lang"] == lang]
    sections = sorted({row["section"] for row in rows})
    return fit(blank_pipeline(lang, exclusive=True), sections, examples)


def write_models(folder: Path) -> None:
    """Train every language into `folder`."""
    for lang in LANGUAGES:
        train_language(lang).to_disk(folder / lang)


class SectionClassifier:
    """Per language: the probability of each section answering a question."""

    def __init__(self, pipelines: Mapping[str, Language]) -> None:
        self.pipelines = {lang: ready(nlp) for lang, nlp in pipelines.items()}

    @classmethod
    def load(cls, root: Path | None = None) -> SectionClassifier:
        """The classifier for the current questions (loaded once per process)."""
        return loaded((root or model_root()) / f"sections-{version()}")

    def scores(self, text: str, lang: str) -> dict[str, float]:
        """Section id → probability for `text`."""
        nlp = self.pipelines[lang if lang in self.pipelines else "en"]
        with nlp.memory_zone():
            return dict(nlp(text).cats)


@cache
def loaded(folder: Path) -> SectionClassifier:
    """The classifier saved in `folder`, trained there first when missing."""
    if not folder.exists():
        save_atomically(folder, write_models)
    return SectionClassifier({lang: sharing_tables(folder / lang, lang) for lang in LANGUAGES})


def sharing_tables(path: Path, lang: str) -> Language:
    """The saved pipeline, with the intent model's lemmatizer in place of its own copy.

    The lookup tables are the same data and the largest part of a pipeline (about 90 MB per
    language): sharing them keeps the worker and the web processes small.
    """
    nlp = spacy.load(path, exclude=["lemmatizer"])
    intent_pipeline = default_analyser().classifier.pipelines[lang]
    nlp.add_pipe("lemmatizer", source=intent_pipeline, before="lemma_norm")
    return nlp
