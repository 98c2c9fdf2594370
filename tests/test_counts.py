"""Tokenizer.count: term and document frequencies, the Rust core against the reference.

The expectation is always built from token lists (the reference's, or
`tokenize_batch`'s already checked against it): a term frequency counts a
token's occurrences, a document frequency the documents that contain it.
"""

from __future__ import annotations

import copy
import pickle
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from fixed_inputs import OPTION_SETS
from strategies import options, texts
from test_parity import outcome
from wordsift import TokenCounts


def counted(token_lists: Iterable[list[str]]) -> TokenCounts:
    """The counts of token lists, the way the specification defines them."""
    terms: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    number = 0
    for tokens in token_lists:
        terms.update(tokens)
        documents.update(set(tokens))
        number += 1
    return TokenCounts(terms, documents, number)


@pytest.mark.parametrize("threads", [None, 1, 2])
@pytest.mark.parametrize("name", ["defaults", "keep-numbers", "nfkc-case-sensitive-custom-list"])
def test_count_matches_the_reference_tokens_on_the_corpus(
    name: str,
    threads: int | None,
    corpus_texts: list[str],
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> None:
    options_ = OPTION_SETS[name]
    expected = counted(reference_corpus_tokens(name, options_))
    actual = wordsift.Tokenizer(**options_).count(corpus_texts, threads=threads)
    assert actual.documents == len(corpus_texts)
    assert actual.term_frequencies == expected.term_frequencies
    assert actual.document_frequencies == expected.document_frequencies
    assert actual.term_frequencies.total() > 1_000_000


def test_reference_count_is_its_token_lists_counted(corpus_texts: list[str]) -> None:
    sample = corpus_texts[::20]
    reference = wordsift.reference.Tokenizer()
    assert reference.count(sample) == counted(reference.tokenize_batch(sample))


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_naughty_strings_are_counted_like_the_reference(threads: int | None, blns: list[str]) -> None:
    expected = wordsift.reference.Tokenizer(stopwords=None, keep_numbers=True).count(blns)
    assert wordsift.Tokenizer(stopwords=None, keep_numbers=True).count(blns, threads=threads) == expected


@settings(max_examples=300)
@given(batch=st.lists(texts, max_size=12), options_=options(), threads=st.sampled_from([None, 1, 2, 3]))
def test_count_matches_reference(batch: list[str], options_: dict[str, Any], threads: int | None) -> None:
    expected = outcome(lambda: wordsift.reference.Tokenizer(**options_).count(batch, threads=threads))
    assert outcome(lambda: wordsift.Tokenizer(**options_).count(batch, threads=threads)) == expected


def test_counts_are_counters_and_a_plain_named_tuple() -> None:
    counts = wordsift.Tokenizer().count(["the market rose", "market share", ""])
    assert counts == (Counter({"market": 2, "rose": 1, "share": 1}), Counter({"market": 2, "rose": 1, "share": 1}), 3)
    assert counts.term_frequencies.most_common(1) == [("market", 2)]
    assert counts.document_frequencies["absent"] == 0
    assert type(counts.term_frequencies) is Counter
    assert type(counts.document_frequencies) is Counter
    assert pickle.loads(pickle.dumps(counts)) == counts
    assert copy.deepcopy(counts) == counts


def test_document_frequency_counts_each_document_once() -> None:
    counts = wordsift.Tokenizer(stopwords=None).count(["a a a b", "a", "b b", "c"], threads=1)
    assert counts.term_frequencies == Counter({"a": 4, "b": 3, "c": 1})
    assert counts.document_frequencies == Counter({"a": 2, "b": 2, "c": 1})


def test_an_empty_batch_counts_nothing() -> None:
    for module in (wordsift, wordsift.reference):
        assert module.Tokenizer().count([]) == (Counter(), Counter(), 0)
        assert module.Tokenizer().count(iter(())) == (Counter(), Counter(), 0)


BAD_CALLS = [
    ((["a", "b", 3],), {}, TypeError, "texts[2] must be str, not int"),
    (([b"a"],), {"threads": 2}, TypeError, "texts[0] must be str, not bytes"),
    (("abc",), {}, TypeError, "texts must be an iterable of str, not a single str"),
    ((5,), {}, TypeError, "texts must be an iterable of str, not int"),
    ((["a"],), {"threads": 0}, wordsift.WordsiftError, "threads must be >= 1, got 0"),
    ((["a"],), {"threads": "2"}, TypeError, "threads must be int or None, not str"),
    ((["a", 3],), {"threads": 0}, wordsift.WordsiftError, "threads must be >= 1, got 0"),
]


@pytest.mark.parametrize(("args", "kwargs", "error", "message"), BAD_CALLS)
def test_bad_batches_raise_what_tokenize_batch_raises(
    args: tuple[Any, ...], kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    for module in (wordsift, wordsift.reference):
        for method in ("count", "tokenize_batch"):
            with pytest.raises(error) as info:
                getattr(module.Tokenizer(), method)(*args, **kwargs)
            assert str(info.value) == message, (module.__name__, method)


@pytest.fixture(scope="module")
def reference_ngram_counts(
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> Callable[[tuple[int, int]], TokenCounts]:
    """The n-gram counts of the reference's corpus tokens, made once per range."""
    token_lists = reference_corpus_tokens("defaults", OPTION_SETS["defaults"])
    made: dict[tuple[int, int], TokenCounts] = {}

    def counts_of(ngram_range: tuple[int, int]) -> TokenCounts:
        if ngram_range not in made:
            made[ngram_range] = counted(wordsift.reference.word_ngrams(tokens, ngram_range) for tokens in token_lists)
        return made[ngram_range]

    return counts_of


@pytest.mark.parametrize(("ngram_range", "threads"), [((1, 2), 2), ((2, 3), 1)])
def test_ngram_counts_match_the_references_on_the_corpus(
    ngram_range: tuple[int, int],
    threads: int,
    corpus_texts: list[str],
    reference_ngram_counts: Callable[[tuple[int, int]], TokenCounts],
) -> None:
    actual = wordsift.Tokenizer().count(corpus_texts, threads=threads, ngram_range=ngram_range)
    assert actual == reference_ngram_counts(ngram_range)
    assert all(gram.count(" ") >= ngram_range[0] - 1 for gram in actual.term_frequencies)


@settings(max_examples=60, deadline=None)
@given(drawn=st.lists(texts, max_size=8), low=st.integers(1, 3), width=st.integers(0, 2))
def test_ngram_counts_match_the_references_on_drawn_texts(drawn: list[str], low: int, width: int) -> None:
    ngram_range = (low, low + width)
    assert outcome(lambda: wordsift.Tokenizer().count(drawn, ngram_range=ngram_range)) == outcome(
        lambda: wordsift.reference.Tokenizer().count(drawn, ngram_range=ngram_range)
    )


def test_a_bad_ngram_range_is_refused_as_by_the_reference() -> None:
    for bad in [(0, 1), (2, 1)]:
        assert outcome(lambda bad=bad: wordsift.Tokenizer().count(["a b"], ngram_range=bad)) == outcome(
            lambda bad=bad: wordsift.reference.Tokenizer().count(["a b"], ngram_range=bad)
        )
