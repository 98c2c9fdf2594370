"""What the Tokenizer options cost, on one thread, over the shared corpus.

    python benches/options.py [--corpus PATH] [--repeat 9]

Prints the median MB/s of `tokenize_batch` and `tokenize_arrow` (threads=1)
for the default options and for each option that changes the work, with
the ratio to the defaults, all measured in one run (calls alternate between
option sets, so a noisy stretch of the machine hits them alike). The corpus
is English and nearly all ASCII, which the default rule and the UAX #29 mode
both take a shortcut for; the "non-ASCII" rows append " é" to every document,
which sends every document through the character-by-character path.

Issue 23's target: with every web text option on ("web, all"), at least half
the defaults' MB/s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

import wordsift
import wordsift._core

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"

OPTION_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    'cjk="bigrams"': {"cjk": "bigrams"},
    'stem="english"': {"stem": "english"},
    'segment="uax29"': {"segment": "uax29"},
    'strip_accents="unicode"': {"strip_accents": "unicode"},
    'strip_accents="ascii"': {"strip_accents": "ascii"},
    'urls="keep"': {"urls": "keep"},
    'emails="keep"': {"emails": "keep"},
    'mentions="keep"': {"mentions": "keep"},
    'hashtags="keep"': {"hashtags": "keep"},
    'emoji="keep"': {"emoji": "keep"},
    "html=True": {"html": True},
    "web, all": {
        "html": True,
        "urls": "keep",
        "emails": "keep",
        "mentions": "keep",
        "hashtags": "keep",
        "emoji": "keep",
        "strip_accents": "unicode",
    },
}


def load_corpus(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as lines:
        return [record["title"] + "\n" + record["text"] for record in map(json.loads, lines)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    if wordsift._core.DEBUG_BUILD:
        raise SystemExit("wordsift._core is a debug build: build it in release mode before timing")

    corpus = load_corpus(args.corpus)
    inputs = {"": corpus, ", non-ASCII": [text + " é" for text in corpus]}
    rows = [
        (name + suffix, wordsift.Tokenizer(**options), texts)
        for suffix, texts in inputs.items()
        for name, options in OPTION_SETS.items()
        if not suffix or name in ("defaults", 'segment="uax29"', 'strip_accents="unicode"', "web, all")
    ]
    seconds: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.repeat):
        for name, tokenizer, texts in rows:
            for method in ("tokenize_batch", "tokenize_arrow"):
                start = time.perf_counter()
                result = getattr(tokenizer, method)(texts, threads=1)
                seconds.setdefault((name, method), []).append(time.perf_counter() - start)
                del result

    print(f"wordsift {wordsift.__version__}, corpus: {len(corpus)} documents, medians of {args.repeat} calls")
    print(f"{'options':<32} {'batch MB/s':>10} {'vs defaults':>11} {'arrow MB/s':>10} {'vs defaults':>11}")
    for name, _, texts in rows:
        megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
        base = "defaults" + (", non-ASCII" if name.endswith(", non-ASCII") else "")
        columns = []
        for method in ("tokenize_batch", "tokenize_arrow"):
            speed = megabytes / statistics.median(seconds[(name, method)])
            base_speed = megabytes / statistics.median(seconds[(base, method)])
            columns.append(f"{speed:>10.0f} {speed / base_speed:>10.2f}x")
        print(f"{name:<32} " + " ".join(columns))


if __name__ == "__main__":
    main()
