"""What offsets cost: tokenize_with_offsets against tokenize, tokenize_arrow(offsets=...) against tokenize_arrow.

    python benches/offsets.py [--corpus PATH] [--rounds 7] [--threads 1 2] [--json PATH]

Every row runs on the whole shared corpus (title + "\\n" + text per document)
in one process; each round calls every row once, in turn, starting one row
further on, every other round in the reverse order (so that each row
follows each other alike: what glibc keeps or gives back of the last call's
memory weighs on all), and a row's
time is its median over the rounds (each call's result is freed after its
clock stops, as pytest-benchmark's one-call rounds do). The machines are shared and
noisy, so the table prints ratios of medians of one run against issue 21's
targets: offsets as lists at most 2x `tokenize`, the Arrow path with offsets
at most 1.3x `tokenize_arrow`. The list rows run twice: keeping every
text's result (the loop's list holds millions of tuples, which the garbage
collector's full collections walk), and dropping each before the next (a
stream). The reference's `tokenize_with_offsets` is timed once, for scale.

Before anything is timed, the outputs are checked: the tokens of every
offsets row are `tokenize`'s, and the Arrow rows' spans are
`tokenize_with_offsets`' (in bytes for offsets="bytes").
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

import wordsift
import wordsift._core
import wordsift.reference
from scaling import DEFAULT_CORPUS, alternating_medians, load_corpus

# (row, the row it is a ratio of, the target).
TARGETS = [
    ("tokenize_with_offsets loop", "tokenize loop", 2.0),
    ("tokenize_with_offsets, each dropped", "tokenize, each dropped", 2.0),
    ("arrow offsets=True", "arrow", 1.3),
    ("arrow offsets='bytes'", "arrow", 1.3),
]


def check(tokenizer: wordsift.Tokenizer, texts: list[str], threads: int) -> None:
    spans = [tokenizer.tokenize_with_offsets(text) for text in texts]
    assert [[token for token, _, _ in doc] for doc in spans] == [tokenizer.tokenize(text) for text in texts]
    assert tokenizer.tokenize_arrow(texts, threads=threads, offsets=True).to_pylist() == spans
    in_bytes = [
        [(token, len(text[:start].encode()), len(text[:end].encode())) for token, start, end in doc]
        for text, doc in zip(texts, spans, strict=True)
    ]
    assert tokenizer.tokenize_arrow(texts, threads=threads, offsets="bytes").to_pylist() == in_bytes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, help="also write the medians and ratios here")
    args = parser.parse_args()
    if wordsift._core.DEBUG_BUILD:
        raise SystemExit("wordsift._core is a debug build: build it in release mode before timing")

    texts = load_corpus(args.corpus)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    tokenizer = wordsift.Tokenizer()
    check(tokenizer, texts, max(args.threads))
    reference = wordsift.reference.Tokenizer()
    started = time.perf_counter()
    for text in texts:
        reference.tokenize_with_offsets(text)
    reference_seconds = time.perf_counter() - started

    print(f"wordsift {wordsift.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"corpus: {len(texts)} documents, {megabytes:.1f} MB; {args.rounds} rounds, medians")
    report: dict[str, Any] = {"threads": {}, "reference_seconds": reference_seconds}
    lists = alternating_medians(
        {
            "tokenize loop": lambda: [tokenizer.tokenize(text) for text in texts],
            "tokenize_with_offsets loop": lambda: [tokenizer.tokenize_with_offsets(text) for text in texts],
            # A stream: each text's result used and dropped before the next.
            "tokenize, each dropped": lambda: [len(tokenizer.tokenize(text)) for text in texts],
            "tokenize_with_offsets, each dropped": lambda: [
                len(tokenizer.tokenize_with_offsets(text)) for text in texts
            ],
        },
        args.rounds,
        rotate=True,
    )
    for threads in args.threads:
        medians = {
            **lists,
            **alternating_medians(
                {
                    "arrow": lambda: tokenizer.tokenize_arrow(texts, threads=threads),  # noqa: B023
                    "arrow offsets=True": lambda: tokenizer.tokenize_arrow(texts, threads=threads, offsets=True),  # noqa: B023
                    "arrow offsets='bytes'": lambda: tokenizer.tokenize_arrow(texts, threads=threads, offsets="bytes"),  # noqa: B023
                },
                args.rounds,
                rotate=True,
            ),
        }
        print(f"\nthreads={threads} (the list rows run on the calling thread)")
        print(f"{'row':<36} {'median s':>9} {'MB/s':>8} {'ratio':>7} {'target':>7}")
        ratios = {}
        for name, seconds in medians.items():
            target = next(((base, limit) for row, base, limit in TARGETS if row == name), None)
            ratio = "" if target is None else f"{seconds / medians[target[0]]:.2f}x"
            limit = "" if target is None else f"<= {target[1]}x"
            if target is not None:
                ratios[name] = seconds / medians[target[0]]
            print(f"{name:<36} {seconds:>9.4f} {megabytes / seconds:>8.1f} {ratio:>7} {limit:>7}")
        report["threads"][str(threads)] = {"medians": medians, "ratios": ratios}
    slowest = reference_seconds / lists["tokenize_with_offsets loop"]
    print(f"\nreference tokenize_with_offsets: {reference_seconds:.2f} s, {slowest:.0f}x the core's")
    if args.json is not None:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
