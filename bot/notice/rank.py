"""Rank the sections of a notice rendering for a question: BM25 over lemmas and concepts,
the section hints people's words map to, and a prior from the classifier's labels."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.notice.store import Rendering

K1, B = 1.2, 0.75
TITLE_WEIGHT = 2  # a heading word counts like two body words
HINT_WEIGHT = 0.5  # the hint index's share of the score
LABEL_PRIOR = 1.0  # added, times the label's score, to the sections a label points to
TOPIC_WEIGHT = 20.0  # added, times the section classifier's probability

Terms = Callable[[str], list[str]]


@dataclass(frozen=True)
class Ranked:
    """A section id with its score for the question."""

    section: str
    score: float


@cache
def hints() -> dict[str, dict[str, list[str]]]:
    """Words people use per section and language (bot/data/notice/hints.json)."""
    path = resources.files("bot") / "data" / "notice" / "hints.json"
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k[0] != "_"}


@cache
def label_sections() -> dict[str, list[str]]:
    """The sections each intent label points to (bot/data/notice/label_sections.json)."""
    path = resources.files("bot") / "data" / "notice" / "label_sections.json"
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k[0] != "_"}


class BM25:
    """Okapi BM25 over a few documents of term counts."""

    def __init__(self, documents: Mapping[str, Counter[str]]) -> None:
        self.documents = dict(documents)
        lengths = [sum(c.values()) for c in self.documents.values()]
        self.average = (sum(lengths) / len(lengths)) if lengths else 1.0
        frequency = Counter(term for counts in self.documents.values() for term in counts)
        total = len(self.documents)
        self.idf = {t: math.log(1 + (total - n + 0.5) / (n + 0.5)) for t, n in frequency.items()}

    def score(self, terms: Sequence[str], document: str) -> float:
        """BM25 of `terms` against one document."""
        counts = self.documents[document]
        norm = K1 * (1 - B + B * sum(counts.values()) / (self.average or 1.0))
        return sum(
            self.idf.get(t, 0.0) * counts[t] * (K1 + 1) / (counts[t] + norm)
            for t in set(terms)
            if t in counts
        )


class SectionIndex:
    """The searchable sections of one rendering (sections without text are left out)."""

    def __init__(self, rendering: Rendering, terms: Terms) -> None:
        self.rendering = rendering
        body: dict[str, Counter[str]] = {}
        hinted: dict[str, Counter[str]] = {}
        for row in rendering.sections:
            if not row.text.strip():
                continue
            counts = Counter(terms(row.text))
            for term in terms(row.title):
                counts[term] += TITLE_WEIGHT
            body[row.section] = counts
            words = hints().get(row.section, {}).get(rendering.language, [])
            hinted[row.section] = Counter(t for word in words for t in terms(word))
        self.body, self.hints = BM25(body), BM25(hinted)

    def rank(
        self, terms: Sequence[str], labels: Mapping[str, float], topics: Mapping[str, float]
    ) -> list[Ranked]:
        """Every searchable section, best first: word overlap, hints, labels and topics."""
        prior: defaultdict[str, float] = defaultdict(
            float, {section: TOPIC_WEIGHT * p for section, p in topics.items()}
        )
        for label, score in labels.items():
            for section in label_sections().get(label, []):
                prior[section] += LABEL_PRIOR * score
        ranked = [
            Ranked(
                s, self.body.score(terms, s) + HINT_WEIGHT * self.hints.score(terms, s) + prior[s]
            )
            for s in self.body.documents
        ]
        return sorted(ranked, key=lambda r: -r.score)
