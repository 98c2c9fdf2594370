"""Speed per language: English news against generated prose in nine languages, one thread.

    python benches/multilingual.py [--rounds 15] [--json PATH] [--only german russian ...]

The English corpus is the shared Reuters corpus (title + "\\n" + text per
document); the others are made by benches/multilingual_corpus.py (Faker's
word lists of each language, a fixed seed; made on first use). Each row is
the median over the rounds of one call over one whole corpus, on one
thread, every round calling every row once in turn (rotated, see
scaling.alternating_medians); MB/s counts UTF-8 bytes. The rows:

- `tokenize_arrow`: default options without stopwords;
- `tokenize_batch` and `count`: default options with the language's bundled
  stopword list (Japanese and Chinese have none: no stopwords).

`english+` is the English corpus with each document in curly quotes and one
accented word ("café") added: English as the web writes it, which should
cost nearly what the pure ASCII does.

Issue 22's target: every language's `tokenize_arrow` at least 60 % of the
English MB/s. The percentages are of the English row of the same run.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
from collections.abc import Callable
from pathlib import Path

import wordsift
import wordsift._core
from multilingual_corpus import LOCALES, ensure
from scaling import DEFAULT_CORPUS, alternating_medians, load_corpus

KINDS = ("tokenize_arrow", "tokenize_batch", "count")
TARGET = 0.6


def with_a_few_accents(texts: list[str]) -> list[str]:
    """Each text in curly quotes and with one accented word: English as the web writes it."""
    return ["\u201c" + text.replace(" ", " caf\u00e9 ", 1) + "\u201d" for text in texts]


def calls_for(language: str, texts: list[str]) -> dict[str, Callable[[], object]]:
    plain = wordsift.Tokenizer(stopwords=None)
    list_name = language.split("+")[0]
    bundled = list_name if list_name in wordsift.stopword_lists() else None
    filtered = wordsift.Tokenizer(stopwords=bundled)
    # The arrow and batch outputs agree before anything is timed.
    assert plain.tokenize_arrow(texts, threads=1).to_pylist() == plain.tokenize_batch(texts, threads=1)
    return {
        f"{language} tokenize_arrow": lambda: plain.tokenize_arrow(texts, threads=1),
        f"{language} tokenize_batch": lambda: filtered.tokenize_batch(texts, threads=1),
        f"{language} count": lambda: filtered.count(texts, threads=1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--only", nargs="+", choices=list(LOCALES), help="these languages (and English) only")
    parser.add_argument("--json", type=Path, help="also write the MB/s of every row here")
    args = parser.parse_args()
    if wordsift._core.DEBUG_BUILD:
        raise SystemExit("wordsift._core is a debug build: build it in release mode before timing")

    english = load_corpus(args.corpus)
    corpora = {"english": english, "english+": with_a_few_accents(english)}
    for language, path in ensure().items():
        if args.only is None or language in args.only:
            corpora[language] = load_corpus(path)
    megabytes = {language: sum(len(text.encode()) for text in texts) / 1e6 for language, texts in corpora.items()}
    calls: dict[str, Callable[[], object]] = {}
    for language, texts in corpora.items():
        calls.update(calls_for(language, texts))
    started = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    seconds = alternating_medians(calls, args.rounds, rotate=True)
    speed = {name: megabytes[name.split()[0]] / value for name, value in seconds.items()}

    print(f"wordsift {wordsift.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs")
    print(f"{args.rounds} rounds, medians, one thread; MB/s of UTF-8 input")
    print(
        f"{'language':10} {'MB':>5} {'non-ASCII docs':>14} "
        + " ".join(f"{kind:>15}" for kind in KINDS)
        + f" {'arrow % of en':>13}"
    )
    english_speed = speed["english tokenize_arrow"]
    for language, texts in corpora.items():
        non_ascii = sum(not text.isascii() for text in texts) / len(texts)
        share = speed[f"{language} tokenize_arrow"] / english_speed
        flag = "" if share >= TARGET else "  below 60 %"
        print(
            f"{language:10} {megabytes[language]:5.1f} {non_ascii:14.0%} "
            + " ".join(f"{speed[f'{language} {kind}']:15.0f}" for kind in KINDS)
            + f" {share:13.0%}{flag}"
        )
    if args.json:
        record = {"started": started, "rounds": args.rounds, "mb_per_s": speed, "megabytes": megabytes}
        args.json.write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main()
