"""Multi-label intent scores for a message: the trained spaCy model combined with the rules."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language

from intents.labels import LABELS, OUT_OF_SCOPE, PRIVACY_LABELS
from intents.language import Vocabulary, lookup_vocabulary
from intents.pipeline import lemma_table, ready  # importing it registers our components
from intents.rules import PatternRules, PhraseRules
from intents.training import LANGUAGES, model_version, train

THRESHOLD = 0.5
# Below THRESHOLD, the best privacy label still wins if it outscores out_of_scope and this.
GUESS_FLOOR = 0.2
# How far below out_of_scope a label may score and still apply. Zero (a label must reach
# out_of_scope) scored best on a validation split carved from the training examples.
OUT_OF_SCOPE_MARGIN = 0.0
DEFAULT_MODEL_ROOT = Path("var/models")


@dataclass(frozen=True)
class Classification:
    """The labels that apply (or only out_of_scope) and a 0..1 score for every label."""

    labels: tuple[str, ...]
    scores: Mapping[str, float]


def decide(model: Mapping[str, float], rules: Mapping[str, float]) -> Classification:
    """Combine model and rule scores; a rule counts less the surer the model is of out_of_scope."""
    oos = model[OUT_OF_SCOPE]
    scores = {
        label: max(model[label], rules.get(label, 0.0) * (1.0 - oos)) for label in PRIVACY_LABELS
    }
    # A label must also come close to out_of_scope: "thanks, the update worked" is not a
    # rectification just because "update" scored above the threshold.
    floor = max(THRESHOLD, oos - OUT_OF_SCOPE_MARGIN)
    labels = tuple(label for label in PRIVACY_LABELS if scores[label] >= floor)
    best = max(PRIVACY_LABELS, key=lambda label: scores[label])
    if not labels and scores[best] >= max(oos, GUESS_FLOOR):
        labels = (best,)  # the model's best guess beats out_of_scope
    scores[OUT_OF_SCOPE] = oos if any(model.values()) else 1.0 - max(scores.values())
    rounded = {label: round(score, 4) for label, score in scores.items()}
    return Classification(labels or (OUT_OF_SCOPE,), rounded)


def model_root() -> Path:
    """Where trained models live: $PRIVACYBOT_MODEL_DIR, else var/models."""
    return Path(os.environ.get("PRIVACYBOT_MODEL_DIR") or DEFAULT_MODEL_ROOT)


class Classifier:
    """The trained pipelines of every language with their rules."""

    def __init__(self, pipelines: Mapping[str, Language], version: str) -> None:
        self.pipelines = {lang: ready(nlp) for lang, nlp in pipelines.items()}
        self.version = version
        self.phrase_rules = {lang: PhraseRules(nlp, lang) for lang, nlp in pipelines.items()}
        self.pattern_rules = PatternRules.load()

    @classmethod
    def load(cls, root: Path | None = None) -> Classifier:
        """Load the model for the current examples, training it first if it is missing."""
        version = model_version()
        folder = (root or model_root()) / f"intents-{version}"
        if not (folder / "version.json").exists():
            train(folder)
        stored = json.loads((folder / "version.json").read_text())["version"]
        return cls({lang: spacy.load(folder / lang) for lang in LANGUAGES}, stored)

    def vocabularies(self) -> dict[str, Vocabulary]:
        """Known word forms per language, from the lemmatizers' lookup tables."""
        return {lang: lookup_vocabulary(lemma_table(nlp)) for lang, nlp in self.pipelines.items()}

    def terms(self, text: str, lang: str) -> list[str]:
        """Content words for retrieval: each word's lowercase lemma and concept, no stop words."""
        nlp = self.pipelines[lang if lang in self.pipelines else "en"]
        with nlp.memory_zone():
            doc = nlp.get_pipe("lemma_norm")(nlp.make_doc(text))
            return [
                term
                for token in doc
                if token.is_alpha and not token.is_stop
                for term in dict.fromkeys((token.norm_, token.tag_))
            ]

    def classify(self, text: str, lang: str) -> Classification:
        """Labels and scores for a cleaned text in `lang`.

        A language without a model is judged by the language-independent rules alone (article
        citations): a model that does not know the words cannot say it is out of scope.
        """
        rules = self.pattern_rules.scores(text)
        nlp = self.pipelines.get(lang)
        if nlp is None:
            return decide(dict.fromkeys(LABELS, 0.0), rules)
        with nlp.memory_zone():
            doc = nlp(text)
            model = dict(doc.cats)
            for label, score in self.phrase_rules[lang].scores(doc).items():
                rules[label] = max(score, rules.get(label, 0.0))
        return decide(model, rules)
