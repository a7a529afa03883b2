"""Benchmark of intents.analyse: time per message, throughput, start-up time and peak memory.

Messages: a mix of 20-word chat lines and 400-word letters, half German, half English, each
built from held-out examples of one language (never the evaluation corpus).
Run: `.venv/bin/python bench/classify.py [COUNT]`.
"""

from __future__ import annotations

import random
import resource
import statistics
import sys
import time


def messages(count: int) -> list[str]:
    """Half about 20 words, half about 400 words, from the held-out examples."""
    from intents.examples import split

    pools = [[e.text for e in split(lang)[1]] for lang in ("de", "en")]
    shuffle = random.Random(7)
    chats, letters = [], []
    while len(chats) < count // 2:
        words = " ".join(shuffle.sample(pools[len(chats) % 2], 4)).split()
        chats.append(" ".join(words[:20]))
    while len(letters) < count - count // 2:
        words = " ".join(shuffle.sample(pools[len(letters) % 2], 40)).split()
        letters.append(" ".join(words[:400]))
    mixed = chats + letters
    shuffle.shuffle(mixed)
    return mixed


def main() -> None:
    """Print the figures."""
    started = time.perf_counter()
    import intents

    analyser = intents.default_analyser()
    analyser.analyse("warm-up")
    startup = time.perf_counter() - started
    texts = messages(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
    timings = []
    for text in texts:
        begin = time.perf_counter()
        analyser.analyse(text)
        timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"messages          {len(timings)} (half ~20 words, half ~400 words)")
    print(f"median            {statistics.median(timings):.2f} ms   (target <= 5)")
    print(f"p99               {timings[int(len(timings) * 0.99) - 1]:.2f} ms   (target <= 25)")
    print(f"throughput        {len(timings) / (sum(timings) / 1000):.0f} messages/s")
    print(f"start-up          {startup:.2f} s    (target <= 3, model already trained)")
    print(f"peak RSS          {peak_mb:.0f} MB   (target <= 400)")


if __name__ == "__main__":
    main()
