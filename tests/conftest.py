"""Shared fixtures: the two implementations, the shared corpus and the naughty strings.

The data sets and how they are read are in fixed_inputs.py. A missing data
set fails the tests that need it: a skipped differential test would look
like a passing one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

import wordsift
import wordsift.reference
from fixed_inputs import BLNS_PATH, CORPUS_PATH, read_blns, read_corpus

# Examples counts are set per test (they add up to well over 2,000 a run);
# the profile fixes what every test shares. No deadline: the reference is slow
# and CI machines are noisy. print_blob lets a failure found in CI be replayed
# locally with @reproduce_failure.
settings.register_profile(
    "wordsift",
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "wordsift"))

IMPLEMENTATIONS = {"wordsift": wordsift, "reference": wordsift.reference}


@pytest.fixture(params=sorted(IMPLEMENTATIONS), scope="session")
def impl(request: pytest.FixtureRequest) -> ModuleType:
    """Each implementation in turn: the Rust-backed package and the pure-Python reference."""
    return IMPLEMENTATIONS[request.param]


def _require(path: Path, what: str, variable: str) -> Path:
    if not path.is_file():
        pytest.fail(
            f"{what} not found at {path}. The tests need it: put the shared data next to the repository "
            f"(../shared/) or set {variable} to its path.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def corpus() -> list[tuple[int, str]]:
    """(id, title + "\\n" + text) for every Reuters-21578 document, in file order."""
    return read_corpus(_require(CORPUS_PATH, "The Reuters-21578 corpus", "WORDSIFT_CORPUS"))


@pytest.fixture(scope="session")
def corpus_texts(corpus: list[tuple[int, str]]) -> list[str]:
    return [text for _, text in corpus]


@pytest.fixture(scope="session")
def blns() -> list[str]:
    """The Big List of Naughty Strings."""
    return read_blns(_require(BLNS_PATH, "The Big List of Naughty Strings", "WORDSIFT_BLNS"))


@pytest.fixture(scope="session")
def reference_corpus_offsets(
    corpus_texts: list[str],
) -> Iterator[Callable[[str, dict[str, Any]], list[list[tuple[str, int, int]]]]]:
    """The reference's tokens of the whole corpus with their offsets, per named option set, each
    computed once a session.

    A reference pass over the corpus takes several seconds; several tests
    compare against the same option set (its tokens too: see
    `reference_corpus_tokens`).
    """
    cache: dict[str, list[list[tuple[str, int, int]]]] = {}

    def offsets(name: str, options: dict[str, Any]) -> list[list[tuple[str, int, int]]]:
        if name not in cache:
            reference = wordsift.reference.Tokenizer(**options)
            cache[name] = [reference.tokenize_with_offsets(text) for text in corpus_texts]
        return cache[name]

    yield offsets
    cache.clear()


@pytest.fixture(scope="session")
def reference_corpus_tokens(
    reference_corpus_offsets: Callable[[str, dict[str, Any]], list[list[tuple[str, int, int]]]],
) -> Callable[[str, dict[str, Any]], list[list[str]]]:
    """The reference's tokens of the whole corpus per named option set: those of its offsets, which
    test_offsets.py checks to be the reference's `tokenize_batch` on the whole corpus."""

    def tokens(name: str, options: dict[str, Any]) -> list[list[str]]:
        return [[token for token, _, _ in spans] for spans in reference_corpus_offsets(name, options)]

    return tokens
