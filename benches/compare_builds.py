"""Two builds of wordsift side by side: is any path slower in the new one?

    python benches/compare_builds.py OLD.whl NEW.whl [--rounds 7] [--corpus PATH]

Each wheel is unpacked into a directory of its own; every measurement runs
in a fresh interpreter that imports one of them. A round measures both
builds, in alternating order (old first in even rounds, new first in odd
ones), each workload the fastest of 5 runs (the least disturbed by other
work on a shared machine); the ratio new/old is taken per round, and the
median of those ratios is reported (below 1.00x: the new build is
faster). Workloads, on the shared corpus (title + "\\n" + body per
document): the `Tokenizer.tokenize` loop, `tokenize_batch` on 1 and 2
threads, `tokenize_arrow`, `count`, the module function
`wordsift.tokenize(text, stopwords="de")` in a loop, and the command
(`python -m wordsift corpus.jsonl -o out.jsonl`, wall time).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"

# Run in the child: prints {workload: median seconds} as JSON.
CHILD = r"""
import json, sys, time
import wordsift
corpus = sys.argv[1]
with open(corpus, encoding="utf-8") as lines:
    records = [json.loads(line) for line in lines]
texts = [record.get("title", "") + "\n" + record["text"] for record in records]
tok = wordsift.Tokenizer()

def loop():
    for text in texts:
        tok.tokenize(text)

def function_loop():
    for text in texts[:5000]:
        wordsift.tokenize(text, stopwords="de")

workloads = {
    "tokenize loop": loop,
    "tokenize_batch, 1 thread": lambda: tok.tokenize_batch(texts, threads=1),
    "tokenize_batch, 2 threads": lambda: tok.tokenize_batch(texts, threads=2),
    "tokenize_arrow, 1 thread": lambda: tok.tokenize_arrow(texts, threads=1),
    "count, 1 thread": lambda: tok.count(texts, threads=1),
    "wordsift.tokenize(stopwords='de') loop": function_loop,
}
found = {}
for name, work in workloads.items():
    work()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    found[name] = min(times)
print(json.dumps(found))
"""


def unpack(wheel: Path, into: Path) -> Path:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(into)
    return into


def measure(site: Path, corpus: Path, scratch: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(corpus)], env=env, capture_output=True, text=True, check=True
    )
    found: dict[str, float] = json.loads(result.stdout)
    times = []
    for _ in range(5):
        output = scratch / "out.jsonl"
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "wordsift", str(corpus), "-o", str(output), "--quiet"], env=env, check=True
        )
        times.append(time.perf_counter() - start)
        output.unlink()
    found["command, corpus to JSON Lines"] = min(times)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        sites = {
            "old": unpack(args.old, scratch / "old"),
            "new": unpack(args.new, scratch / "new"),
        }
        ratios: dict[str, list[float]] = {}
        for round_ in range(args.rounds):
            order = ["old", "new"] if round_ % 2 == 0 else ["new", "old"]
            found = {build: measure(sites[build], args.corpus, scratch) for build in order}
            for name, new_seconds in found["new"].items():
                ratios.setdefault(name, []).append(new_seconds / found["old"][name])
            print(f"round {round_ + 1} of {args.rounds} done", file=sys.stderr)
    print(f"new/old time, median of {args.rounds} paired rounds (below 1.00x: the new build is faster)")
    print(f"{'workload':42} {'median':>8} {'lowest':>8} {'highest':>8}")
    for name, values in ratios.items():
        print(f"{name:42} {statistics.median(values):7.3f}x {min(values):7.3f}x {max(values):7.3f}x")


if __name__ == "__main__":
    main()
