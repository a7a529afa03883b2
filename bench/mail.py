"""Benchmark of the mail channel against a local Dovecot (started here, as the tests do).

1. A backlog of 2,000 messages (bench/mailmix.py: requests, questions, product support,
   auto-replies, list mail, bounces) is APPENDed; the raw IMAP fetch rate is measured alone.
2. The worker (`privacybot poll --once`, its own process, SQLite) takes the backlog end to end:
   stored, classified, case opened or answered, acknowledgment queued and written out. Its
   round time gives the rate; its peak RSS is the worker's.
3. IDLE: `privacybot poll` runs on a fresh mailbox; a request is APPENDed and the time until
   its acknowledgment is queued is measured, 20 times.
Run: `.venv/bin/python bench/mail.py [COUNT]` (needs `dovecot-imapd`, as in .ci/run).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import mailmix  # noqa: E402

from mail.inbox import ImapSettings, Mailbox  # noqa: E402
from tests.servers import Dovecot, ImapAccount  # noqa: E402

PRIVACYBOT = str(Path(sys.executable).with_name("privacybot"))


def worker_env(account: ImapAccount, folder: Path, name: str) -> dict[str, str]:
    """The environment of a worker on its own SQLite file and the account's mailbox."""
    return os.environ | {
        "DATABASE_URL": f"sqlite:///{folder / name}.db",
        "IMAP_URL": account.url,
        "PRIVACY_ADDRESS": "privacy@example.com",
        "PRIVACYBOT_DATA_DIR": str(folder / name),
    }


def fetch_rate(account: ImapAccount, count: int) -> float:
    """Messages per second for fetching the backlog raw, nothing else."""
    begin, seen, last = time.perf_counter(), 0, 0
    with Mailbox(ImapSettings.from_url(account.url)) as box:
        while batch := box.fetch_new(last, 100):
            seen, last = seen + len(batch), batch[-1].uid
    assert seen == count, f"fetched {seen} of {count}"
    return seen / (time.perf_counter() - begin)


def backlog(account: ImapAccount, folder: Path) -> tuple[dict[str, object], float]:
    """The worker's report of one round over the backlog, and its peak RSS in MB."""
    env = worker_env(account, folder, "backlog")
    done = subprocess.run(
        [PRIVACYBOT, "poll", "--once"], env=env, capture_output=True, text=True, check=True
    )
    report: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return report, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def idle_latency(account: ImapAccount, folder: Path, rounds: int = 20) -> list[float]:
    """Seconds from APPEND to the queued acknowledgment, with `privacybot poll` idling."""
    env = worker_env(account, folder, "live")
    worker = subprocess.Popen([PRIVACYBOT, "poll"], env=env, stderr=subprocess.DEVNULL)
    watcher = create_engine(env["DATABASE_URL"])
    try:
        account.append(mailmix.message("first@example.org", "Hallo", "Löschen Sie meine Daten."))
        wait_for(watcher, 1, timeout=120)  # start-up: the model loads
        latencies = []
        for number in range(rounds):
            raw = mailmix.message(f"idle{number}@example.org", "Löschung", "Löschen Sie alles.")
            begin = time.perf_counter()
            account.append(raw)
            wait_for(watcher, number + 2)
            latencies.append(time.perf_counter() - begin)
            time.sleep(0.2)
        return latencies
    finally:
        worker.kill()
        worker.wait()
        watcher.dispose()


def wait_for(engine: object, acknowledgments: int, timeout: float = 60) -> None:
    """Until the outbox holds this many acknowledgments."""
    query = text("SELECT count(*) FROM outbox_message WHERE kind = 'acknowledgment'")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with engine.connect() as connection:  # type: ignore[attr-defined]
                if connection.execute(query).scalar_one() >= acknowledgments:
                    return
        except Exception:  # noqa: BLE001 — the worker may not have made the tables yet
            pass
        time.sleep(0.01)
    raise TimeoutError(f"no {acknowledgments} acknowledgments after {timeout} s")


def main() -> None:
    """Print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        folder.chmod(0o755)
        server = Dovecot(folder)
        server.start()
        try:
            account = server.account()
            with account.connect() as client:
                for raw in mailmix.mix(count):
                    client.append("INBOX", raw)
            print(f"raw IMAP fetch            {fetch_rate(account, count):7.0f} messages/s")
            report, peak = backlog(account, folder)
            rate = float(report["read"]) / float(report["seconds"])  # type: ignore[arg-type]
            print(f"backlog end to end        {rate:7.0f} messages/s   (target >= 50): {report}")
            print(f"worker peak RSS           {peak:7.0f} MB   (target <= 500)")
            latencies = idle_latency(server.account(), folder)
            median, worst = statistics.median(latencies), max(latencies)
            print(
                f"IDLE append → ack queued  {median:7.2f} s median, max {worst:.2f} s (target <= 2)"
            )
        finally:
            server.stop()


if __name__ == "__main__":
    main()
