"""Train the per-language classifiers from intents/data/examples, reproducibly."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from pathlib import Path

import spacy
from spacy.training import Example as SpacyExample
from thinc.api import fix_random_seed

from intents.examples import Example, fingerprint, split
from intents.labels import LABELS
from intents.pipeline import blank_pipeline

SEED = 20260
EPOCHS = 15
BATCH_SIZE = 16
DROPOUT = 0.2
LEARN_RATE = 0.004
LANGUAGES = ("de", "en")
# The model format; the fingerprint adds the data and the code it is made from.
TRAINING_VERSION = "1"


def model_version() -> str:
    """The version a trained model carries: training code plus example data."""
    return f"{TRAINING_VERSION}-{fingerprint()}"


def _spacy_examples(nlp: spacy.language.Language, examples: list[Example]) -> list[SpacyExample]:
    converted = []
    # Non-trainable components do not run inside nlp.update: annotate the norms up front.
    with nlp.select_pipes(enable=["lemma_norm"]):
        docs = list(nlp.pipe(e.text for e in examples))
    for example, doc in zip(examples, docs, strict=True):
        cats = {label: float(label in example.labels) for label in LABELS}
        converted.append(SpacyExample.from_dict(doc, {"cats": cats}))
    return converted


def train_language(lang: str) -> spacy.language.Language:
    """A pipeline for `lang`, trained on the training split of its examples."""
    fix_random_seed(SEED)
    training, _ = split(lang)
    nlp = blank_pipeline(lang)
    textcat = nlp.get_pipe("textcat_multilabel")
    for label in LABELS:
        textcat.add_label(label)  # type: ignore[attr-defined]
    optimizer = nlp.initialize(lambda: _spacy_examples(nlp, training[:50]))
    optimizer.learn_rate = LEARN_RATE
    examples = _spacy_examples(nlp, training)
    shuffle = random.Random(SEED)
    for _ in range(EPOCHS):
        shuffle.shuffle(examples)
        for start in range(0, len(examples), BATCH_SIZE):
            nlp.update(examples[start : start + BATCH_SIZE], sgd=optimizer, drop=DROPOUT)
    nlp.meta["privacybot_version"] = model_version()
    return nlp


def train(target: Path) -> Path:
    """Train every language into `target` (written atomically); return `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".training-", dir=target.parent))
    try:
        for lang in LANGUAGES:
            train_language(lang).to_disk(scratch / lang)
        (scratch / "version.json").write_text(json.dumps({"version": model_version()}))
        try:
            os.rename(scratch, target)
        except OSError:
            if not (target / "version.json").exists():
                raise  # not a concurrent trainer that finished first: a real failure
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target
