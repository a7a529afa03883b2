"""How far apart two careful annotators are, next to how far the classifier is from the gold labels.

bench/data/second_annotator.jsonl holds 300 held-out examples (150 German, 150 English, drawn at
random) labelled a second time, blind, by the labelling guide (intents/data/examples/GUIDE.md)
without seeing their gold labels. The macro-F1 between the two annotations is the ceiling a
classifier can be measured against on this data; the classifier's macro-F1 on the same rows shows
the gap that is the model's.
Run: `.venv/bin/python bench/agreement.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

SECOND = Path(__file__).parent / "data" / "second_annotator.jsonl"


def main() -> None:
    """Print annotator-vs-gold and classifier-vs-gold macro-F1 on the same rows."""
    import intents
    from intents.evaluation import Scored, evaluate
    from intents.examples import split

    gold = {e.text: e.labels for lang in ("de", "en") for e in split(lang)[1]}
    rows = [json.loads(line) for line in SECOND.read_text(encoding="utf-8").splitlines()]
    rows = [row for row in rows if row["text"] in gold]  # texts since edited drop out
    analyser = intents.default_analyser()
    second = evaluate(Scored(frozenset(gold[r["text"]]), frozenset(r["labels"])) for r in rows)
    model = evaluate(
        Scored(
            frozenset(gold[r["text"]]),
            frozenset(analyser.analyse(r["text"], r["lang"]).labels),
        )
        for r in rows
    )
    print(f"rows                      {len(rows)} held-out examples")
    for name, report in (("second annotator vs gold", second), ("classifier vs gold", model)):
        print(f"{name:<25} macro-F1 {report.macro_f1:.3f}  exact {report.exact_match:.3f}")


if __name__ == "__main__":
    main()
