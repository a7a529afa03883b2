"""Train the per-language classifiers from intents/data/examples, reproducibly."""

from __future__ import annotations

import json
import os
import random
import shutil
import tempfile
from collections.abc import Callable, Collection, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.training import Example as SpacyExample
from thinc.api import Adam, Model, fix_random_seed

from intents.examples import fingerprint, split
from intents.labels import LABELS, OUT_OF_SCOPE
from intents.pipeline import blank_pipeline

SEED = 20260
EPOCHS = 15
BATCH_SIZE = 16
# The intent ensemble: its hidden layer overfits with more, smaller steps (validation split).
INTENT_EPOCHS = 8
INTENT_BATCH_SIZE = 32
DROPOUT = 0.2
LEARN_RATE = 0.004
COMBINED_SHARE = 0.3  # combined two-example messages added, relative to the examples
LANGUAGES = ("de", "en")
# The model format; the fingerprint adds the data and the code it is made from.
TRAINING_VERSION = "1"

Labelled = tuple[str, Collection[str]]


def model_version() -> str:
    """The version a trained model carries: training code plus example data."""
    return f"{TRAINING_VERSION}-{fingerprint()}"


def _spacy_examples(
    nlp: Language, labels: Sequence[str], examples: Sequence[Labelled]
) -> list[SpacyExample]:
    # Non-trainable components do not run inside nlp.update: annotate the norms up front.
    with nlp.select_pipes(enable=["lemma_norm"]):
        docs = list(nlp.pipe(text for text, _ in examples))
    return [
        SpacyExample.from_dict(doc, {"cats": {label: float(label in gold) for label in labels}})
        for (_, gold), doc in zip(examples, docs, strict=True)
    ]


def fit(
    nlp: Language,
    labels: Sequence[str],
    examples: Sequence[Labelled],
    epochs: int = EPOCHS,
    batch_size: int = BATCH_SIZE,
) -> Language:
    """Train the text classifier (the last component) of `nlp` on (text, labels), reproducibly."""
    fix_random_seed(SEED)
    textcat = nlp.get_pipe(nlp.pipe_names[-1])
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    optimizer = Adam(learn_rate=LEARN_RATE, L2=1e-6, use_averages=True)
    nlp.initialize(lambda: _spacy_examples(nlp, labels, examples[:50]), sgd=optimizer)
    converted = _spacy_examples(nlp, labels, examples)
    shuffle = random.Random(SEED)
    for _ in range(epochs):
        shuffle.shuffle(converted)
        for start in range(0, len(converted), batch_size):
            nlp.update(converted[start : start + batch_size], sgd=optimizer, drop=DROPOUT)
    keep_averages(nlp, optimizer.averages or {})
    return nlp


def keep_averages(nlp: Language, averages: dict[tuple[int, str], Any]) -> None:
    """Replace the weights by their running averages over training: steadier, generalises better."""
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            for name in node.param_names:
                if (node.id, name) in averages:
                    node.set_param(name, averages[(node.id, name)])


def combined(examples: Sequence[Labelled], count: int) -> list[Labelled]:
    """`count` messages made of two examples each, carrying both's labels.

    Real mail often holds two things at once (a support question and an erasure request, an
    access request and an objection); out_of_scope gives way to any privacy label.
    """
    pick = random.Random(SEED)
    made: list[Labelled] = []
    for _ in range(count):
        (first, first_labels), (second, second_labels) = pick.sample(list(examples), 2)
        labels = (set(first_labels) | set(second_labels)) - {OUT_OF_SCOPE} or {OUT_OF_SCOPE}
        made.append((f"{first}\n\n{second}", labels))
    return made


def train_language(lang: str) -> Language:
    """A pipeline for `lang`, trained on the training split of its examples."""
    training = [(e.text, e.labels) for e in split(lang)[0]]
    extra = combined(training, int(len(training) * COMBINED_SHARE))
    nlp = fit(blank_pipeline(lang), LABELS, training + extra, INTENT_EPOCHS, INTENT_BATCH_SIZE)
    nlp.meta["privacybot_version"] = model_version()
    return nlp


def save_atomically(target: Path, write: Callable[[Path], None]) -> Path:
    """Let `write` fill a scratch folder, then move it to `target` in one step."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".training-", dir=target.parent))
    try:
        write(scratch)
        try:
            os.rename(scratch, target)
        except OSError:
            if not target.exists():
                raise  # not a concurrent trainer that finished first: a real failure
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


def train_into(lang: str, folder: Path) -> None:
    """Train one language and write it to `folder`/`lang` (run in a worker process)."""
    train_language(lang).to_disk(folder / lang)


def train(target: Path) -> Path:
    """Train every language into `target` (written atomically), one process per language."""

    def write(folder: Path) -> None:
        """Both languages at once (two cores), then the version stamp."""
        with ProcessPoolExecutor(max_workers=len(LANGUAGES)) as pool:
            for done in [pool.submit(train_into, lang, folder) for lang in LANGUAGES]:
                done.result()
        (folder / "version.json").write_text(json.dumps({"version": model_version()}))

    return save_atomically(target, write)
