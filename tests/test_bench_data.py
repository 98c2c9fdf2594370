"""Data the benchmarks check their results against, recomputed with the reference: a stale number would let a
benchmark row pass with wrong tokens."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fixed_inputs import REPO_ROOT

REFERENCE_TOKENS = REPO_ROOT / "benches" / "rust" / "reference_tokens.json"


def test_the_rust_benchmark_checks_the_reference_token_counts(
    corpus_texts: list[str], reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]]
) -> None:
    recorded = json.loads(REFERENCE_TOKENS.read_text(encoding="utf-8"))
    assert recorded["documents"] == len(corpus_texts)
    assert recorded["bytes"] == sum(len(text.encode("utf-8")) for text in corpus_texts)
    with_stopwords = reference_corpus_tokens("defaults", {})
    without_stopwords = reference_corpus_tokens("no-stopwords", {"stopwords": None})
    assert recorded["tokens"] == {
        "stopwords": sum(map(len, with_stopwords)),
        "no stopwords": sum(map(len, without_stopwords)),
    }
