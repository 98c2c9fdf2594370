"""The strings a Tokenizer hands out: shared for repeated tokens, and never stale.

The Rust side remembers, per Tokenizer, each token's Python string and
whether it is a stopword (up to a bound), and tokenize_batch builds one
string per distinct token. These tests pin that the remembering never
changes a result: results equal the reference before and after the cache
fills, across tokenize and tokenize_batch, and for every option that
decides what a stopword is.
"""

from __future__ import annotations

import itertools
import string

import pytest

import wordsift
import wordsift.reference

CACHE_LIMIT = 1 << 14  # the limit in StringCache::for_tokenizer, src/py/lists.rs


def distinct_words(count: int) -> list[str]:
    letters = string.ascii_lowercase
    words = ("".join(letters_) for size in itertools.count(1) for letters_ in itertools.product(letters, repeat=size))
    return list(itertools.islice(words, count))


def test_repeated_tokens_are_one_string_object() -> None:
    tokenizer = wordsift.Tokenizer()
    first, second = tokenizer.tokenize("Market market")
    assert first == second == "market"
    assert first is second
    batch = tokenizer.tokenize_batch(["market share", "share market"], threads=2)
    assert batch[0][0] is batch[1][1]
    assert batch[0][1] is batch[1][0]


@pytest.mark.parametrize(
    "options",
    [{}, {"lowercase": False}, {"lowercase": False, "case_sensitive": True}, {"stopwords": ["Zz", "ab"]}],
    ids=["defaults", "no-lowercase", "case-sensitive", "custom-list"],
)
def test_results_stay_exact_when_the_cache_overflows(options: dict[str, object]) -> None:
    tokenizer = wordsift.Tokenizer(**options)  # type: ignore[arg-type]
    reference = wordsift.reference.Tokenizer(**options)  # type: ignore[arg-type]
    words = distinct_words(CACHE_LIMIT + 5_000)
    # Stopwords in both cases, before and after the cache is full.
    texts = [f"{word} The AB zz {word.upper()} of" for word in words]
    sample = texts[:50] + texts[CACHE_LIMIT - 10 : CACHE_LIMIT + 50] + texts[-50:]
    for text in texts:
        tokenizer.tokenize(text)
    for text in sample:
        assert tokenizer.tokenize(text) == reference.tokenize(text), text
    assert tokenizer.tokenize_batch(sample) == reference.tokenize_batch(sample)


def test_batch_and_single_calls_share_one_consistent_cache() -> None:
    tokenizer = wordsift.Tokenizer(lowercase=False)
    reference = wordsift.reference.Tokenizer(lowercase=False)
    texts = ["The Fed and THE market", "the fed", "Of course OF", "Of Mice and Men"]
    assert tokenizer.tokenize_batch(texts, threads=2) == reference.tokenize_batch(texts)
    for text in [*texts, "THE Of the", "Men of the Fed"]:
        assert tokenizer.tokenize(text) == reference.tokenize(text)
    assert tokenizer.tokenize_batch(texts, threads=1) == reference.tokenize_batch(texts)


def test_tokenizers_do_not_share_what_is_a_stopword() -> None:
    with_list = wordsift.Tokenizer(stopwords=["market"])
    without_list = wordsift.Tokenizer(stopwords=None)
    assert with_list.tokenize("market") == []
    assert without_list.tokenize("market") == ["market"]
    assert with_list.tokenize_batch(["market"]) == [[]]


@pytest.mark.parametrize("threads", [1, 2])
def test_a_batch_makes_one_string_per_distinct_token_beyond_the_cache(threads: int) -> None:
    tokenizer = wordsift.Tokenizer(stopwords=None)
    words = distinct_words(CACHE_LIMIT + 3_000)
    # Every word twice, far apart, so that the two copies fall in different
    # slices of the batch.
    texts = [" ".join(words[start : start + 50]) for start in range(0, len(words), 50)] * 2
    seen: dict[str, str] = {}
    for tokens in tokenizer.tokenize_batch(texts, threads=threads):
        for token in tokens:
            assert seen.setdefault(token, token) is token, token
    assert len(seen) == len(words)
