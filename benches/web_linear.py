"""Time per MB of the web text options on hostile input, at 1 KB to 1 MB: linear time shows as a flat row.

    python benches/web_linear.py [--rounds 5]

Each row is a text made of one unit repeated (the characters the web rules
turn on: `<`, `&`, `@`, `#`, `:`, `/`, `.`, unclosed tags, comments,
elements and quoted values, references, emoji modifiers, half-made
addresses and URLs) at four lengths, tokenised with every web
text option on; the columns are the median milliseconds per MB over the
rounds. A rule that read back or forward past its anchor would show as a
row that grows tenfold per column. Timing only: the tests check the tokens.
"""

from __future__ import annotations

import argparse
import statistics
import time

import wordsift
import wordsift._core

UNITS = {
    "<": "<",
    "&": "&",
    "@": "@",
    "#": "#",
    ":": ":",
    "/": "/",
    ".": ".",
    "unclosed tag": "<a href='x",
    "skin tone": "\U0001f3fb",
    "ZWJ and emoji": "\u200d\U0001f469",
    "local part": "a.",
    "@ then letters": "@a",
    "address, no dot": "a@b",
    "domain labels": "a@b.",
    "http://": "http://",
    "www.": "www.",
    "keycaps": "x.1\ufe0f\u20e3",
    "#tag": "#a",
    "<a": "<a",
    "<!--": "<!--",
    "<script>": "<script>",
    "quoted value": "<a b='",
    "&#": "&#",
    "&amp": "&amp",
    "&#9": "&#9",
}
SIZES = (1_000, 10_000, 100_000, 1_000_000)
OPTIONS = {
    "html": True,
    "urls": "keep",
    "emails": "keep",
    "mentions": "keep",
    "hashtags": "keep",
    "emoji": "keep",
    "strip_accents": "unicode",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if wordsift._core.DEBUG_BUILD:
        raise SystemExit("wordsift._core is a debug build: build it in release mode before timing")
    tokenizer = wordsift.Tokenizer(**OPTIONS)
    print(f"wordsift {wordsift.__version__}, every web option on; median ms per MB over {args.rounds} rounds")
    print(f"{'unit':<16}" + "".join(f"{size // 1000:>9} KB" for size in SIZES))
    for name, unit in UNITS.items():
        cells = []
        for size in SIZES:
            text = unit * (size // len(unit.encode("utf-8")))
            megabytes = len(text.encode("utf-8")) / 1e6
            times = []
            for _ in range(args.rounds):
                start = time.perf_counter()
                tokenizer.tokenize(text)
                times.append(time.perf_counter() - start)
            cells.append(f"{statistics.median(times) * 1000 / megabytes:>12.1f}")
        print(f"{name:<16}" + "".join(cells))


if __name__ == "__main__":
    main()
