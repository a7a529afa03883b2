"""Benchmark of the chat API under gunicorn (2 workers) with 50 concurrent simulated visitors.

Each visitor opens a conversation, asks questions from the notice and files a request
(confirm → address → name), pausing 0.5–1.5 s between messages as a person typing would.
The per-address rate limit is raised for the run (all visitors come from 127.0.0.1).
Prints p50/p99 per message, errors, and the widget's gzipped size.
Run: `.venv/bin/python bench/chat.py [VISITORS] [ROUNDS]`.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
QUESTIONS = [
    "Wie lange speichern Sie meine Daten?",
    "Which cookies do you use?",
    "Auf welcher Rechtsgrundlage verarbeiten Sie meine Daten?",
    "Do you sell my personal information?",
    "Wer ist für die Datenverarbeitung verantwortlich?",
    "Do you transfer data to the USA?",
]


def free_port() -> int:
    """A free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def visitor(port: int, number: int, rounds: int, timings: list[float], errors: list[str]) -> None:
    """One visitor's conversations."""
    pick = random.Random(number)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for _ in range(rounds):
        conversation = None
        script = ["", pick.choice(QUESTIONS), pick.choice(QUESTIONS), "Delete my data", "Yes",
                  f"visitor{number}@example.org", "Skip"]  # fmt: skip
        for text in script:
            body = json.dumps({"conversation_id": conversation, "text": text, "language": "en"})
            begin = time.perf_counter()
            connection.request(
                "POST", "/api/chat/messages", body, {"Content-Type": "application/json"}
            )
            response = connection.getresponse()
            payload = response.read()
            timings.append((time.perf_counter() - begin) * 1000)
            if response.status != 200:
                errors.append(f"{response.status} {payload[:100]!r}")
                break
            conversation = json.loads(payload)["conversation_id"]
            time.sleep(pick.uniform(0.5, 1.5))
    connection.close()


def widget_size() -> int:
    """The widget's JavaScript (with its CSS) gzipped, in bytes."""
    static = ROOT / "bot" / "web" / "static"
    return sum(len(gzip.compress(path.read_bytes(), 9)) for path in static.glob("widget.*"))


def wait_for(port: int) -> None:
    """Until the server answers."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            body = json.dumps({"conversation_id": None, "text": "How long do you keep data?"})
            connection.request(
                "POST", "/api/chat/messages", body, {"Content-Type": "application/json"}
            )
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError("gunicorn did not answer")


def main() -> None:
    """Print the figures."""
    visitors = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        env = os.environ | {
            "DATABASE_URL": f"sqlite:///{folder}/chat.db", "PRIVACYBOT_DATA_DIR": folder,
            "SECRET_KEY": "bench", "CHAT_RATE_LIMIT": "100000 per minute",
        }  # fmt: skip
        command = [
            GUNICORN,
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "bot.web:create_app()",
        ]
        server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
        try:
            for _ in range(8):  # both workers load their models before the clock runs
                wait_for(port)
            timings: list[float] = []
            errors: list[str] = []
            threads = [
                threading.Thread(target=visitor, args=(port, n, rounds, timings, errors))
                for n in range(visitors)
            ]
            begin = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - begin
        finally:
            server.terminate()
            server.wait()
    timings.sort()
    p99 = timings[max(0, int(len(timings) * 0.99) - 1)]
    print(f"visitors          {visitors} concurrent, {len(timings)} messages in {elapsed:.0f} s")
    print(f"p50               {statistics.median(timings):.1f} ms   (target <= 20)")
    print(f"p99               {p99:.1f} ms   (target <= 100)")
    print(f"errors            {len(errors)}   {errors[:3]}")
    print(f"widget gzipped    {widget_size()} bytes   (target <= 20,480)")


if __name__ == "__main__":
    main()
