"""The team's examples are well-formed, written once, and apart from the evaluation corpus."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from intents.examples import read_examples
from intents.labels import LABELS, OUT_OF_SCOPE


def folded(text: str) -> str:
    """A text as compared for sameness: trimmed, case-folded."""
    return text.strip().casefold()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_labels_are_listed_once_in_order_and_out_of_scope_stands_alone(lang: str) -> None:
    for example in read_examples(lang):
        assert list(example.labels) == [label for label in LABELS if label in example.labels]
        assert OUT_OF_SCOPE not in example.labels or example.labels == (OUT_OF_SCOPE,)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_message_is_written_twice(lang: str) -> None:
    counts = Counter(folded(example.text) for example in read_examples(lang))
    assert [text for text, count in counts.items() if count > 1] == []


def test_no_example_is_a_corpus_row(corpus: list[dict[str, Any]]) -> None:
    rows = {folded(row["text"]) for row in corpus}
    examples = {folded(e.text) for lang in ("de", "en") for e in read_examples(lang)}
    assert examples & rows == set()
