"""Benchmark of cases: opening a case from a message, and the open-case queue at 100,000 cases.

1. Open: store + triage.handle (classification, clock, reference, events, acknowledgment into
   the outbox) for request messages written for this benchmark, on a fresh SQLite file.
2. Queue: 100,000 cases (one in five open) inserted in bulk, then the staff queue query
   (open cases by due date, first page of 100) timed on SQLite and PostgreSQL.
Run: `.venv/bin/python bench/cases.py [MESSAGES]`; PostgreSQL over the local socket as in
../shared/recipes.md (skipped with a note when it is not running).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, text
from sqlalchemy.exc import OperationalError

from bot import db, inbound, triage
from bot.cases import store
from bot.config import Config
from bot.desk import open_desk
from bot.models import Case

REQUESTS = [
    "Bitte löschen Sie alle meine personenbezogenen Daten gemäß Art. 17 DSGVO.",
    "Ich bitte um Auskunft nach Art. 15 DSGVO über alle zu meiner Person gespeicherten Daten.",
    "Please delete my account and all personal data you hold about me.",
    "I request a copy of all personal data you hold about me under Article 15 GDPR.",
    "Please stop sending me marketing emails and remove me from your newsletter.",
    "I live in California. Do not sell or share my personal information.",
    "Bitte berichtigen Sie meine Anschrift, sie ist nicht mehr aktuell.",
    "Ich widerspreche der Verarbeitung meiner Daten zu Analysezwecken.",
]
QUEUE_SIZE = 100_000
PAGE = 100
POSTGRES = "postgresql+psycopg://root@/{name}?host=/var/run/postgresql"


def open_cases(count: int, folder: Path) -> list[float]:
    """Milliseconds per message from stored inbound to queued acknowledgment (SQLite)."""
    config = Config(database_url=f"sqlite:///{folder / 'open.db'}", data_dir=folder, secret_key="b")
    engine = db.make_engine(config)
    db.upgrade(engine)
    timings = []
    with db.session(engine) as session:
        desk = open_desk(session, config)
        warm = inbound.Inbound("bench", "warm", "w@example.org", REQUESTS[0], desk.now())
        triage.handle(desk, inbound.store(session, warm)[0])
        for number in range(count):
            begin = time.perf_counter()
            message = inbound.Inbound(
                "bench", f"m{number}", f"p{number}@example.org",
                REQUESTS[number % len(REQUESTS)], desk.now(),
            )  # fmt: skip
            triage.handle(desk, inbound.store(session, message)[0])
            timings.append((time.perf_counter() - begin) * 1000)
    engine.dispose()
    return timings


def fill(engine: Engine, count: int) -> None:
    """Insert `count` cases in bulk, one in five open, due dates spread over a year."""
    shuffle = random.Random(5)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for number in range(count):
        received = start + timedelta(minutes=shuffle.randrange(525_600))
        closed = shuffle.random() >= 0.2
        rows.append({
            "reference": f"PD-{number:08d}", "requester": f"r{number}@example.org",
            "language": "en", "labels": ["erasure"], "places": [], "deadlines": [], "flags": [],
            "channel": "mail", "received_at": received,
            "due": (received + timedelta(days=30)).date(),
            "due_rule": "GDPR", "status": "closed" if closed else "in_progress",
            "outcome": "fulfilled" if closed else None, "verification": "not_required",
            "extended": False, "opened_at": received, "closed_at": received if closed else None,
        })  # fmt: skip
    with engine.begin() as connection:
        for first in range(0, count, 10_000):
            connection.execute(insert(Case), rows[first : first + 10_000])
        if engine.dialect.name == "postgresql":
            connection.execute(text("ANALYZE privacy_case"))


def time_queue(engine: Engine, runs: int = 50) -> list[float]:
    """Milliseconds for the first page of the open-case queue."""
    timings = []
    with db.session(engine) as session:
        store.open_queue(session, PAGE)
        for _ in range(runs):
            begin = time.perf_counter()
            page = store.open_queue(session, PAGE)
            timings.append((time.perf_counter() - begin) * 1000)
            assert len(page) == PAGE and page[0].due <= page[-1].due <= date(2027, 1, 1)
    return timings


def postgres_engine() -> Engine | None:
    """A fresh benchmark database on the local PostgreSQL, or None when it is not running."""
    admin = create_engine(POSTGRES.format(name="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("DROP DATABASE IF EXISTS privacybot_bench WITH (FORCE)"))
            connection.execute(text("CREATE DATABASE privacybot_bench"))
    except OperationalError as error:
        print(f"PostgreSQL        not measured ({type(error).__name__})")
        return None
    finally:
        admin.dispose()
    engine = db.make_engine(Config(database_url=POSTGRES.format(name="privacybot_bench")))
    db.upgrade(engine)
    return engine


def report(name: str, timings: list[float], target: float) -> None:
    """Print median and p99 of `timings` against `target` (ms)."""
    timings = sorted(timings)
    p99 = timings[max(0, int(len(timings) * 0.99) - 1)]
    print(f"{name:<26} median {statistics.median(timings):6.2f} ms   p99 {p99:6.2f} ms   "
          f"(target median <= {target:g} ms, n={len(timings)})")  # fmt: skip


def main() -> None:
    """Print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as folder:
        report("open a case (SQLite)", open_cases(count, Path(folder)), 20)
        sqlite = db.make_engine(Config(database_url=f"sqlite:///{folder}/queue.db"))
        db.upgrade(sqlite)
        fill(sqlite, QUEUE_SIZE)
        report(f"queue of {QUEUE_SIZE:,} (SQLite)", time_queue(sqlite), 50)
        sqlite.dispose()
    postgres = postgres_engine()
    if postgres is not None:
        fill(postgres, QUEUE_SIZE)
        report(f"queue of {QUEUE_SIZE:,} (PostgreSQL)", time_queue(postgres), 50)
        postgres.dispose()


if __name__ == "__main__":
    main()
