"""Memory cost of wordsift's outputs over the shared corpus.

    python benches/memory.py [--corpus PATH]

Each measurement runs in a fresh interpreter that loads the corpus, then
makes one output and reports what it costs in resident memory (RSS, from
/proc/self/statm) once made, and at the peak while it was made
(ru_maxrss). Reported against:

- list output (`tokenize_batch`): the size of the lists themselves, which
  any list-of-lists output must pay: each list object with its item array,
  plus each distinct string once (wordsift shares one string per distinct
  token; see sys.getsizeof);
- columnar output (`tokenize_arrow`): the UTF-8 size of the input texts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"

MEASURE = r"""
import gc, json, resource, sys
import wordsift

def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()

def peak_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

with open(sys.argv[1], encoding="utf-8") as lines:
    texts = [record["title"] + "\n" + record["text"] for record in map(json.loads, lines)]
tokenizer = wordsift.Tokenizer()
tokenizer.tokenize_batch(texts[:100])  # load the tables outside the measurement
gc.collect()
before, peak_before = rss_bytes(), peak_bytes()
output = getattr(tokenizer, sys.argv[2])(texts, threads=int(sys.argv[3]))
after, peak_after = rss_bytes(), peak_bytes()
if sys.argv[2] == "tokenize_batch":
    distinct = {id(token): token for tokens in output for token in tokens}
    reference = sum(sys.getsizeof(tokens) for tokens in output) + sys.getsizeof(output)
    reference += sum(sys.getsizeof(token) for token in distinct.values())
else:
    reference = sum(len(text.encode("utf-8")) for text in texts)
print(json.dumps({"retained": after - before, "peak": max(peak_after - max(before, peak_before), after - before),
                  "reference": reference}))
"""


def measure(corpus: Path, method: str, threads: int) -> dict[str, int]:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(corpus), method, str(threads)],
        capture_output=True,
        text=True,
        check=True,
    )
    measured: dict[str, int] = json.loads(result.stdout)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    args = parser.parse_args()
    print(f"{'output':<34} {'retained MB':>11} {'peak MB':>8} {'reference MB':>12} {'retained/ref':>12}")
    for method, threads, reference in (
        ("tokenize_batch", 1, "the lists themselves"),
        ("tokenize_batch", 2, "the lists themselves"),
        ("tokenize_arrow", 1, "the input text"),
        ("tokenize_arrow", 2, "the input text"),
    ):
        measured = measure(args.corpus, method, threads)
        retained, peak, size = (measured[key] / 1e6 for key in ("retained", "peak", "reference"))
        label = f"{method}, {threads} thread(s)"
        print(f"{label:<34} {retained:>11.1f} {peak:>8.1f} {size:>12.1f} {retained / size:>11.2f}x  ({reference})")


if __name__ == "__main__":
    main()
