"""Thread scaling of tokenize_batch and tokenize_arrow over the shared corpus.

    python benches/scaling.py [--corpus PATH] [--threads 1 2 4 8 16] [--repeat 5]

Prints, per thread count, the median MB/s of each call over the whole corpus
(title + "\\n" + text per document) and its speed-up over one thread, all
measured in one run. Used on many-core machines, where a timed pytest run of
every peer would take too long; compare only rows from the same run.

Then, for Python threads sharing one Tokenizer: the wall time of the corpus
split between 2 (4, ...) Python threads, each calling
`tokenize_arrow(part, threads=1)` and `count(part, threads=1)`, against one
thread doing it all. Below 1.0x means the threads ran in parallel (the GIL
is released while Rust works).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import statistics
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import wordsift
import wordsift._core

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"


def load_corpus(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [record["title"] + "\n" + record["text"] for record in map(json.loads, lines)]


def seconds_of(call: Callable[[], object]) -> float:
    """The wall time of one call; its result is freed after the clock stops (as pytest-benchmark's pedantic mode)."""
    return wall_and_cpu_seconds(call)[0]


def wall_and_cpu_seconds(call: Callable[[], object]) -> tuple[float, float]:
    """The wall time of one call and the CPU time of the process (all its threads) meanwhile."""
    start, start_cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - start_cpu
    del result
    return seconds, cpu_seconds


def median_seconds(call: Callable[[], object], repeat: int) -> float:
    return statistics.median(seconds_of(call) for _ in range(repeat))


def alternating_medians(
    calls: Mapping[str, Callable[[], object]],
    rounds: int,
    cpu_medians: dict[str, float] | None = None,
    *,
    rotate: bool = False,
) -> dict[str, float]:
    """The median seconds of each call over `rounds` rounds, each round calling every one once, in turn.

    A noisy stretch of a shared machine then slows every call alike, and the
    ratios of the medians stay meaningful where the absolute times do not.
    `cpu_medians`, when given, receives each call's median CPU seconds: a
    call on T threads whose CPU time is not well above its wall time did not
    get T cores (another process held them). With `rotate`, each round starts
    one call further on, and every other round goes through the calls in the
    reverse order, so that every call follows every other alike: what the
    call before left (memory the allocator kept or gave back) weighs on each
    the same.
    """
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in calls}
    order = list(calls.items())
    for round_ in range(rounds):
        this_round = order
        if rotate and order:
            shift = round_ // 2 % len(order)
            this_round = order[shift:] + order[:shift]
            this_round = this_round[::-1] if round_ % 2 else this_round
        for name, call in this_round:
            times[name].append(wall_and_cpu_seconds(call))
    if cpu_medians is not None:
        cpu_medians.update({name: statistics.median(cpu for _, cpu in pairs) for name, pairs in times.items()})
    return {name: statistics.median(wall for wall, _ in pairs) for name, pairs in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if wordsift._core.DEBUG_BUILD:
        raise SystemExit("wordsift._core is a debug build: build it in release mode before timing")

    texts = load_corpus(args.corpus)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    tokenizer = wordsift.Tokenizer()
    expected = tokenizer.tokenize_batch(texts, threads=1)
    print(f"wordsift {wordsift.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"corpus: {len(texts)} documents, {megabytes:.1f} MB")
    print(f"{'threads':>7} {'batch MB/s':>11} {'speed-up':>9} {'arrow MB/s':>11} {'speed-up':>9}")
    base: dict[str, float] = {}
    for threads in args.threads:
        assert tokenizer.tokenize_batch(texts, threads=threads) == expected
        calls = {
            "batch": functools.partial(tokenizer.tokenize_batch, texts, threads=threads),
            "arrow": functools.partial(tokenizer.tokenize_arrow, texts, threads=threads),
        }
        speeds = {name: megabytes / median_seconds(call, args.repeat) for name, call in calls.items()}
        for name, speed in speeds.items():
            base.setdefault(name, speed)
        columns = (f"{speeds[name]:>11.0f} {speeds[name] / base[name]:>8.2f}x" for name in calls)
        print(f"{threads:>7} " + " ".join(columns))

    print("python threads, one Tokenizer  wall time vs one thread")
    one = median_seconds(lambda: in_python_threads(tokenizer, texts, 1), args.repeat)
    for threads in args.threads[1:]:
        many = median_seconds(lambda threads=threads: in_python_threads(tokenizer, texts, threads), args.repeat)
        print(f"{threads:>7} {many / one:>10.2f}x")


def in_python_threads(tokenizer: wordsift.Tokenizer, texts: list[str], count: int) -> None:
    """Each of `count` Python threads tokenises (columns) and counts its share of the texts on one Rust thread."""
    parts = [texts[index::count] for index in range(count)]

    def work(part: list[str]) -> None:
        tokenizer.tokenize_arrow(part, threads=1)
        tokenizer.count(part, threads=1)

    workers = [threading.Thread(target=work, args=(part,)) for part in parts]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


if __name__ == "__main__":
    main()
