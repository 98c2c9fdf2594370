"""Tokenising documents: wordsift's paths against its reference, a floor and peer tokenisers.

One parametrised benchmark per implementation x corpus. `benchmark.group` is
"<corpus>: tokens as lists" or "<corpus>: columnar", so pytest-benchmark
prints one table per output kind and corpus and its rows compare directly
(see benches/README.md). Before anything is timed, each implementation's
output is compared with the reference's on the same corpus: wordsift's paths
must agree on every document; the peers' agreement rate goes into
`extra_info` next to the input size, for benches/report.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest

from conftest import ReferenceTokens
from implementations import IMPLEMENTATIONS, Implementation, TokenLists, Unavailable, agreement

CORPUS_LABELS = {"reuters": "reuters", "reuters-titles": "reuters titles", "seeds": "seeds"}
OUTPUT_LABELS = {"lists": "tokens as lists", "columnar": "columnar"}

# Every row is timed one call per round, for about ROW_SECONDS of rounds
# (MIN_ROUNDS to MAX_ROUNDS), so that every row's time is the call alone:
# pytest-benchmark's calibrated mode times loops of calls, and a loop frees
# each call's output (millions of lists) inside the timed region, which a
# one-call round does after it. Mixing the two modes made two rows of one
# table measure different things.
ROW_SECONDS = 3.0
MIN_ROUNDS = 3
MAX_ROUNDS = 1000


def _build(implementation: Implementation) -> Callable[[Any], Any]:
    try:
        return implementation.build()
    except Unavailable as reason:
        pytest.skip(str(reason))


def _check(implementation: Implementation, output: Any, expected: TokenLists, extra_info: dict[str, Any]) -> None:
    tokens = implementation.to_lists(output)
    if implementation.not_compared is not None:
        # A comparison that cannot fail is not reported as one.
        extra_info["tokens"] = sum(map(len, tokens))
        extra_info["not_compared"] = implementation.not_compared
        return
    same_documents, same_tokens = agreement(tokens, expected)
    extra_info["tokens"] = sum(map(len, tokens))
    extra_info["agreement_documents"] = same_documents
    extra_info["agreement_tokens"] = same_tokens
    if implementation.exact:
        assert same_documents == 1.0, f"{implementation.name} disagrees with the reference"


@pytest.mark.parametrize("corpus_name", list(CORPUS_LABELS))
@pytest.mark.parametrize("name", list(IMPLEMENTATIONS))
def test_tokenize(
    benchmark: Any,
    name: str,
    corpus_name: str,
    corpora: dict[str, list[str]],
    reference_tokens: ReferenceTokens,
) -> None:
    implementation = IMPLEMENTATIONS[name]
    run = _build(implementation)
    texts = corpora[corpus_name]
    expected = reference_tokens(corpus_name)
    data = implementation.prepare(texts, expected)

    benchmark.group = f"{CORPUS_LABELS[corpus_name]}: {OUTPUT_LABELS[implementation.output]}"
    info = benchmark.extra_info
    info["implementation"] = name
    info["corpus"] = corpus_name
    info["output"] = implementation.output
    info["exact"] = implementation.exact
    # Always the bytes of the original documents, even for the split floor,
    # whose input is the shorter cleaned text: MB/s stay comparable.
    info["bytes"] = sum(len(text.encode("utf-8")) for text in texts)
    info["documents"] = len(texts)
    info["reference_tokens"] = sum(map(len, expected))

    if benchmark.disabled:
        # A smoke run: one call, then the same check a timed run makes first.
        _check(implementation, benchmark(run, data), expected, info)
        return

    if name == "reference":
        # Its output is the expectation: the reference_tokens fixture already ran it, and timed it.
        _check(implementation, expected, expected, info)
        seconds = reference_tokens.seconds(corpus_name)
    else:
        started = time.perf_counter()
        output = run(data)
        seconds = time.perf_counter() - started
        _check(implementation, output, expected, info)
        del output

    rounds = min(MAX_ROUNDS, max(MIN_ROUNDS, round(ROW_SECONDS / max(seconds, 1e-9))))
    benchmark.pedantic(run, args=(data,), rounds=rounds, iterations=1)
