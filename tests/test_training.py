"""Training is reproducible and keeps its held-out split apart."""

from __future__ import annotations

import pytest

from intents.examples import read_examples, split
from intents.training import train_language

PROBES = ["Bitte löschen Sie meine Daten.", "Wie lange speichert ihr Daten?", "Rechnung fehlt"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_split_is_disjoint_and_complete(lang: str) -> None:
    training, held_out = split(lang)
    assert not {e.text for e in training} & {e.text for e in held_out}
    assert len(training) + len(held_out) == len(list(read_examples(lang)))
    assert 0.1 < len(held_out) / (len(training) + len(held_out)) < 0.3


def test_training_twice_gives_the_same_scores() -> None:
    first, second = train_language("de"), train_language("de")
    assert [first(t).cats for t in PROBES] == [second(t).cats for t in PROBES]
