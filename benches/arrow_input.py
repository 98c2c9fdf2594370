"""What reading an Arrow column costs against a list of the same texts.

    python benches/arrow_input.py [--corpus PATH] [--repeat 9]

Each call runs on one thread over the shared corpus' bodies, first from a
list of str, then from a pyarrow large_string column of the same texts,
and the medians are printed side by side. The column is
checked in place and copied a slice at a time while it is tokenised
(src/stable.rs); this shows what that costs.
"""

from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path

import pyarrow as pa

import wordsift
from scaling import median_seconds

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with args.corpus.open(encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines]
    column = pa.array(texts, pa.large_string())
    tokenizer = wordsift.Tokenizer()
    print(f"{len(texts):,} texts; one thread; median of {args.repeat} runs")
    print(f"{'call':16} {'list ms':>9} {'column ms':>10} {'column/list':>12}")
    for name in ("tokenize_arrow", "tokenize_batch", "count"):
        method = getattr(tokenizer, name)
        from_list = median_seconds(functools.partial(method, texts, threads=1), args.repeat) * 1e3
        from_column = median_seconds(functools.partial(method, column, threads=1), args.repeat) * 1e3
        print(f"{name:16} {from_list:9.1f} {from_column:10.1f} {from_column / from_list:11.2f}x")


if __name__ == "__main__":
    main()
