"""Tokenising the Reuters-21578 corpus: wordsift against its reference and plain-Python peers.

Each benchmark is one implementation doing one operation; `benchmark.group`
is the operation, so pytest-benchmark prints one table per operation and the
rows of a table compare directly (see benches/README.md). Before timing, each
wordsift variant is checked once against the reference's output; the peers
follow simpler rules and are not equal, so their token count is reported in
`extra_info` instead.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from typing import Any

import pytest

import wordsift
import wordsift.reference

Tokenize = Callable[[list[str]], list[list[str]]]

STOPWORDS = wordsift.stopwords()

# Peer 1: a regular expression for runs of letters (Python's own notion of a
# letter: \w minus digits and underscore), then a set lookup.
LETTER_RUN = re.compile(r"[^\W\d_]+")

# Peer 2: ASCII punctuation and digits become spaces, then str.split.
TO_SPACES = str.maketrans({character: " " for character in string.punctuation + string.digits})


def wordsift_tokenize_loop(texts: list[str]) -> list[list[str]]:
    tokenizer = wordsift.Tokenizer()
    return [tokenizer.tokenize(text) for text in texts]


def wordsift_batch_1_thread(texts: list[str]) -> list[list[str]]:
    return wordsift.Tokenizer().tokenize_batch(texts, threads=1)


def wordsift_batch_2_threads(texts: list[str]) -> list[list[str]]:
    return wordsift.Tokenizer().tokenize_batch(texts, threads=2)


def reference_batch(texts: list[str]) -> list[list[str]]:
    return wordsift.reference.Tokenizer().tokenize_batch(texts)


def peer_re_findall(texts: list[str]) -> list[list[str]]:
    return [[word for word in LETTER_RUN.findall(text.lower()) if word not in STOPWORDS] for text in texts]


def peer_translate_split(texts: list[str]) -> list[list[str]]:
    return [[word for word in text.lower().translate(TO_SPACES).split() if word not in STOPWORDS] for text in texts]


# name -> (function, whether its output must equal the reference's)
IMPLEMENTATIONS: dict[str, tuple[Tokenize, bool]] = {
    "wordsift-tokenize-loop": (wordsift_tokenize_loop, True),
    "wordsift-batch-threads-1": (wordsift_batch_1_thread, True),
    "wordsift-batch-threads-2": (wordsift_batch_2_threads, True),
    "reference": (reference_batch, True),
    "peer-re-findall": (peer_re_findall, False),
    "peer-translate-split": (peer_translate_split, False),
}

# The reference needs seconds per corpus pass: a few rounds are plenty.
SLOW_ROUNDS = 3


@pytest.fixture(scope="session")
def titles(corpus: list[str]) -> list[str]:
    """Each document's first line: many short texts, where per-call overhead dominates."""
    return [text.partition("\n")[0] for text in corpus]


@pytest.fixture(scope="session")
def reference_tokens(corpus: list[str], titles: list[str]) -> dict[str, list[list[str]]]:
    return {"documents": reference_batch(corpus), "titles": reference_batch(titles)}


@pytest.mark.parametrize("operation", ["documents", "titles"])
@pytest.mark.parametrize("name", list(IMPLEMENTATIONS))
def test_tokenize_corpus(
    benchmark: Any,
    name: str,
    operation: str,
    corpus: list[str],
    titles: list[str],
    reference_tokens: dict[str, list[list[str]]],
) -> None:
    function, must_equal_reference = IMPLEMENTATIONS[name]
    texts = corpus if operation == "documents" else titles
    expected = reference_tokens[operation]
    if name != "reference":  # the reference is the expectation itself
        tokens = function(texts)
        if must_equal_reference:
            assert tokens == expected, f"{name} disagrees with the reference"
        benchmark.extra_info["tokens"] = sum(map(len, tokens))
    else:
        benchmark.extra_info["tokens"] = sum(map(len, expected))
    benchmark.extra_info["reference_tokens"] = sum(map(len, expected))
    benchmark.extra_info["megabytes"] = round(sum(len(text.encode("utf-8")) for text in texts) / 1e6, 3)
    benchmark.group = f"tokenize corpus {operation}"
    if name == "reference":
        benchmark.pedantic(function, args=(texts,), rounds=SLOW_ROUNDS, iterations=1)
    else:
        benchmark(function, texts)
