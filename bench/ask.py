"""Benchmark and accuracy of `bot.notice`: section retrieval on the question set, time per answer.

Questions: tests/data/notice_questions.jsonl (written by the team, each with the sections that
answer it; the first is the best). Run: `.venv/bin/python bench/ask.py`.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

QUESTIONS = Path(__file__).resolve().parents[1] / "tests" / "data" / "notice_questions.jsonl"


def main() -> None:
    """Print accuracy and timing figures."""
    started = time.perf_counter()
    import intents
    from bot import db
    from bot.config import Config
    from bot.notice import NoticeDesk

    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(Config(database_url=f"sqlite:///{folder}/bench.db"))
        db.upgrade(engine)
        with db.session(engine) as session:
            desk = NoticeDesk.open(session, intents.default_analyser())
        startup = time.perf_counter() - started
        rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines()]
        best = top3 = 0
        timings, misses = [], []
        for row in rows:
            begin = time.perf_counter()
            answer = desk.answer(row["text"])
            timings.append((time.perf_counter() - begin) * 1000)
            best += answer.section == row["sections"][0]
            top3 += bool(set(answer.sections[:3]) & set(row["sections"]))
            if answer.section not in row["sections"]:
                misses.append((row["sections"][0], answer.section, row["text"][:70]))
    print(f"questions         {len(rows)}")
    print(f"best section      {best / len(rows):.3f}   (target >= 0.90)")
    print(f"right in top 3    {top3 / len(rows):.3f}   (target >= 0.97)")
    print(f"median            {statistics.median(timings):.2f} ms   (target <= 5)")
    print(f"p99               {sorted(timings)[int(len(timings) * 0.99) - 1]:.2f} ms")
    print(f"start-up          {startup:.2f} s")
    if "-v" in sys.argv:
        for miss in misses:
            print("  miss", *miss)


if __name__ == "__main__":
    main()
