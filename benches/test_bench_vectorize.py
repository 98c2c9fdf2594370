"""Bag of words: wordsift.sklearn's vectorizers against scikit-learn's, one table per vectorizer.

One parametrised benchmark per row; `benchmark.group` is "reuters: <the
call>", so each table holds one vectorizer: wordsift's on 1 and 2 threads,
and scikit-learn's as users write it today (given wordsift's stopword list,
or given a wordsift.Tokenizer as its analyzer). Before anything is timed,
each row's output is compared with the oracle's, scikit-learn's own
vectorizer given wordsift's tokens (benches/vectorize.py): wordsift's rows
must equal it (same features, canonical CSR with the same arrays, TF-IDF
values within 1e-12 relative); whether a peer's does goes into `extra_info`
with the matrix's size. A smoke run (`--benchmark-disable`) uses the first
SMOKE_DOCUMENTS documents: scikit-learn's TF-IDF on bigrams takes seconds a
corpus pass. `python benches/vectorize.py` measures the same rows in
alternating rounds and prints the ratios against issue 20's targets.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from conftest import _times_anything
from test_bench_tokenize import MAX_ROUNDS, MIN_ROUNDS, ROW_SECONDS
from vectorize import (
    METHODS,
    OPERATIONS,
    PEERS,
    Output,
    Unavailable,
    differences,
    oracle_output,
    output_of,
    peer_row,
    wordsift_row,
)

SMOKE_DOCUMENTS = 500

# The rows: name -> (operation, what makes the timed call). Peers run on one thread.
ROWS: dict[str, tuple[str, str | int]] = {
    **{f"wordsift-{operation}-threads-{threads}": (operation, threads) for operation in METHODS for threads in (1, 2)},
    "peer-sklearn-count": ("count", "sklearn-count"),
    "peer-sklearn-count-wordsift-analyzer": ("count", "sklearn-count-analyzer"),
    "peer-sklearn-tfidf": ("tfidf", "sklearn-tfidf"),
    "peer-sklearn-hashing": ("hashing", "sklearn-hashing"),
    "peer-sklearn-hashing-wordsift-analyzer": ("hashing", "sklearn-hashing-analyzer"),
}

GROUPS = {
    "count": "reuters: CountVectorizer().fit_transform",
    "tfidf": "reuters: TfidfVectorizer(ngram_range=(1, 2)).fit_transform",
    "hashing": "reuters: HashingVectorizer().transform",
}


@pytest.fixture(scope="module")
def texts(request: pytest.FixtureRequest, corpus: list[str]) -> list[str]:
    return corpus if _times_anything(request.config) else corpus[:SMOKE_DOCUMENTS]


@pytest.fixture(scope="module")
def oracles() -> dict[str, Output]:
    """The oracle's output per operation, filled on first use (seconds each on the whole corpus)."""
    return {}


@pytest.mark.parametrize("name", list(ROWS))
def test_vectorize(benchmark: Any, name: str, texts: list[str], oracles: dict[str, Output]) -> None:
    operation, made_by = ROWS[name]
    try:
        run = wordsift_row(operation, made_by) if isinstance(made_by, int) else peer_row(made_by)
    except Unavailable as reason:
        pytest.skip(str(reason))
    if operation not in oracles:
        oracles[operation] = oracle_output(operation, texts)

    benchmark.group = GROUPS[operation]
    info = benchmark.extra_info
    info["implementation"] = name
    info["corpus"] = "reuters"
    info["output"] = "csr matrix"
    info["call"] = OPERATIONS[operation][1] if isinstance(made_by, int) else PEERS[made_by][1]
    info["exact"] = name.startswith("wordsift-")
    info["bytes"] = sum(len(text.encode("utf-8")) for text in texts)
    info["documents"] = len(texts)

    if benchmark.disabled:
        # A smoke run: one call, then the same check a timed run makes first.
        output = output_of(run, benchmark(run, texts))
    else:
        started = time.perf_counter()
        output = output_of(run, run(texts))
        seconds = time.perf_counter() - started
    found = differences(operation, output, oracles[operation], canonical=info["exact"])
    info["features"] = output.matrix.shape[1]
    info["nonzeros"] = int(output.matrix.nnz)
    info["equal_to_oracle"] = not found
    if info["exact"]:
        assert not found, f"{name} differs from scikit-learn given wordsift's tokens: {found}"
    del output
    if not benchmark.disabled:
        rounds = min(MAX_ROUNDS, max(MIN_ROUNDS, round(ROW_SECONDS / max(seconds, 1e-9))))
        benchmark.pedantic(run, args=(texts,), rounds=rounds, iterations=1)
