"""Scores of the classifier against labelled messages: per label, macro-F1, primary recall."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from intents.labels import LABELS, OUT_OF_SCOPE, REQUEST_LABELS


@dataclass(frozen=True)
class Scored:
    """One evaluated message: gold labels, the gold primary label (if any), predicted labels."""

    gold: frozenset[str]
    predicted: frozenset[str]
    primary: str | None = None


@dataclass
class Report:
    """Per-label precision/recall/F1 and summary ratios of an evaluation run."""

    rows: int = 0
    per_label: dict[str, dict[str, float]] = field(default_factory=dict)
    macro_f1: float = 0.0
    exact_match: float = 0.0
    primary_recall: float | None = None
    out_of_scope_to_request: float | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dict(self.__dict__)


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def label_scores(rows: Sequence[Scored], label: str) -> dict[str, float]:
    """Precision, recall, F1 and support of one label."""
    tp = sum(1 for r in rows if label in r.gold and label in r.predicted)
    fp = sum(1 for r in rows if label not in r.gold and label in r.predicted)
    fn = sum(1 for r in rows if label in r.gold and label not in r.predicted)
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}


def evaluate(scored: Iterable[Scored]) -> Report:
    """The report over `scored`; macro-F1 averages the labels that occur in the gold data."""
    rows = list(scored)
    per_label = {label: label_scores(rows, label) for label in LABELS}
    present = [s["f1"] for s in per_label.values() if s["support"]]
    with_primary = [r for r in rows if r.primary]
    oos = [r for r in with_primary if r.primary == OUT_OF_SCOPE]
    return Report(
        rows=len(rows),
        per_label=per_label,
        macro_f1=round(sum(present) / len(present), 4) if present else 0.0,
        exact_match=_ratio(sum(1 for r in rows if r.gold == r.predicted), len(rows)),
        primary_recall=_ratio(
            sum(1 for r in with_primary if r.primary in r.predicted), len(with_primary)
        )
        if with_primary
        else None,
        out_of_scope_to_request=_ratio(
            sum(1 for r in oos if r.predicted & set(REQUEST_LABELS)), len(oos)
        )
        if oos
        else None,
    )
