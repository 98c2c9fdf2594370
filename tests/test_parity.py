"""Differential tests: the Rust core against the pure-Python reference, token for token.

Three sources of input: the whole Reuters-21578 corpus under several option
sets, every string of the Big List of Naughty Strings through every entry
point, and hypothesis on arbitrary Unicode text and options. Both sides must
agree on the tokens and, where they fail, on the exception type and message.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from fixed_inputs import BLNS_OPTION_SETS, OPTION_SETS
from strategies import any_character, options, script_texts, texts

TOKENIZE_SAMPLE_STEP = 97  # every 97th corpus document also goes through tokenize()


def outcome(call: Callable[[], object]) -> tuple[object, ...]:
    """What a call returns, or the type, message and details of what it raises."""
    try:
        return ("returned", call())
    except UnicodeEncodeError as error:
        return ("raised", UnicodeEncodeError, str(error), error.object, error.start, error.end, error.reason)
    except Exception as error:
        return ("raised", type(error), str(error))


def describe_tokenizer(tokenizer: Any) -> tuple[object, ...]:
    return (
        tokenizer.lowercase,
        tokenizer.case_sensitive,
        tokenizer.keep_numbers,
        tokenizer.min_len,
        tokenizer.max_len,
        tokenizer.normalize,
        tokenizer.stopwords,
    )


def first_difference(
    ids: list[Any], texts_: list[str], actual: list[list[str]], expected: list[list[str]]
) -> str | None:
    if len(actual) != len(expected):
        return f"{len(actual)} token lists for {len(expected)} documents"
    for doc_id, text, got, want in zip(ids, texts_, actual, expected, strict=True):
        if got != want:
            position = next(
                (i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want))
            )
            return (
                f"first difference in document {doc_id!r} at token {position}: "
                f"wordsift {got[position : position + 5]!r} vs reference {want[position : position + 5]!r} "
                f"({len(got)} vs {len(want)} tokens); text starts {text[:200]!r}"
            )
    return None


# The corpus.


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_tokenize_batch_matches_reference_on_corpus(
    name: str,
    corpus: list[tuple[int, str]],
    corpus_texts: list[str],
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> None:
    options_ = OPTION_SETS[name]
    expected = reference_corpus_tokens(name, options_)
    actual = wordsift.Tokenizer(**options_).tokenize_batch(corpus_texts)
    difference = first_difference([doc_id for doc_id, _ in corpus], corpus_texts, actual, expected)
    assert difference is None, difference
    assert sum(map(len, actual)) > 1_000_000


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_tokenize_matches_reference_on_corpus_sample(
    name: str,
    corpus: list[tuple[int, str]],
    corpus_texts: list[str],
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> None:
    options_ = OPTION_SETS[name]
    expected = reference_corpus_tokens(name, options_)
    tokenizer = wordsift.Tokenizer(**options_)
    sample = range(0, len(corpus), TOKENIZE_SAMPLE_STEP)
    ids = [corpus[i][0] for i in sample]
    sample_texts = [corpus_texts[i] for i in sample]
    sample_expected = [expected[i] for i in sample]
    by_method = [tokenizer.tokenize(text) for text in sample_texts]
    by_function = [wordsift.tokenize(text, **options_) for text in sample_texts]
    assert first_difference(ids, sample_texts, by_method, sample_expected) is None
    assert first_difference(ids, sample_texts, by_function, sample_expected) is None


@pytest.mark.parametrize("name", ["defaults", "nfkc-case-sensitive-custom-list"])
@pytest.mark.parametrize("threads", [None, 1, 2])
def test_tokenize_batch_equals_mapping_tokenize_on_corpus(
    name: str, threads: int | None, corpus: list[tuple[int, str]], corpus_texts: list[str]
) -> None:
    tokenizer = wordsift.Tokenizer(**OPTION_SETS[name])
    mapped = [tokenizer.tokenize(text) for text in corpus_texts]
    batched = tokenizer.tokenize_batch(corpus_texts, threads=threads)
    difference = first_difference([doc_id for doc_id, _ in corpus], corpus_texts, batched, mapped)
    assert difference is None, difference


def test_tokenize_batch_accepts_a_generator_of_the_corpus(corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    assert tokenizer.tokenize_batch(text for text in corpus_texts[:500]) == tokenizer.tokenize_batch(corpus_texts[:500])


# The Big List of Naughty Strings.


@pytest.mark.parametrize("name", list(BLNS_OPTION_SETS))
def test_every_naughty_string_gives_the_same_outcome(name: str, blns: list[str]) -> None:
    options_ = BLNS_OPTION_SETS[name]
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    for index, text in enumerate(blns):
        expected = outcome(partial(reference.tokenize, text))
        assert outcome(partial(rust.tokenize, text)) == expected, (index, text)
        assert outcome(partial(wordsift.tokenize, text, **options_)) == expected, (index, text)
        assert outcome(partial(rust.tokenize_batch, [text])) == outcome(partial(reference.tokenize_batch, [text]))


@pytest.mark.parametrize("threads", [None, 1, 2])
def test_naughty_strings_as_one_batch(threads: int | None, blns: list[str]) -> None:
    expected = wordsift.reference.Tokenizer().tokenize_batch(blns)
    actual = wordsift.Tokenizer().tokenize_batch(blns, threads=threads)
    difference = first_difference(list(range(len(blns))), blns, actual, expected)
    assert difference is None, difference


def test_naughty_strings_as_stopwords(blns: list[str]) -> None:
    expected = outcome(lambda: describe_tokenizer(wordsift.reference.Tokenizer(stopwords=blns)))
    assert outcome(lambda: describe_tokenizer(wordsift.Tokenizer(stopwords=blns))) == expected
    text = " ".join(blns)
    assert outcome(lambda: wordsift.tokenize(text, stopwords=blns)) == outcome(
        lambda: wordsift.reference.tokenize(text, stopwords=blns)
    )


# Hypothesis: arbitrary Unicode text and options.


@settings(max_examples=1000)
@given(text=texts)
def test_default_tokenize_matches_reference(text: str) -> None:
    assert wordsift.tokenize(text) == wordsift.reference.tokenize(text)


@settings(max_examples=1200)
@given(text=texts, options_=options())
def test_tokenize_with_options_matches_reference(text: str, options_: dict[str, Any]) -> None:
    expected = outcome(lambda: describe_tokenizer(wordsift.reference.Tokenizer(**options_)))
    assert outcome(lambda: describe_tokenizer(wordsift.Tokenizer(**options_))) == expected
    expected = outcome(lambda: wordsift.reference.tokenize(text, **options_))
    assert outcome(lambda: wordsift.tokenize(text, **options_)) == expected
    assert outcome(lambda: wordsift.Tokenizer(**options_).tokenize(text)) == expected


@settings(max_examples=300)
@given(text=script_texts, options_=options())
def test_scripts_match_reference(text: str, options_: dict[str, Any]) -> None:
    """Each script's ranges and their edges, where the fast paths of issue 22 work; decomposed too, which the
    scan finds not normal partway and normalises from there."""
    expected = outcome(lambda: wordsift.reference.tokenize(text, **options_))
    assert outcome(lambda: wordsift.tokenize(text, **options_)) == expected
    decomposed = unicodedata.normalize("NFD", text)
    assert wordsift.tokenize(decomposed) == wordsift.reference.tokenize(decomposed)


@settings(max_examples=400)
@given(batch=st.lists(texts, max_size=12), options_=options(), threads=st.sampled_from([None, 1, 2, 3]))
def test_tokenize_batch_equals_mapping_tokenize(
    batch: list[str], options_: dict[str, Any], threads: int | None
) -> None:
    rust = wordsift.Tokenizer(**options_)
    expected = [rust.tokenize(text) for text in batch]
    assert rust.tokenize_batch(batch, threads=threads) == expected
    assert wordsift.reference.Tokenizer(**options_).tokenize_batch(batch) == expected


surrogate = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)


def has_lone_surrogate(text: str) -> bool:
    """Whether the standard library's UTF-16 codec finds a surrogate that is not half of a pair."""
    try:
        text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        return True
    return False


def codec_repaired(text: str) -> str:
    """Pairs joined, lone surrogates U+FFFD: what the standard library's UTF-16 codec makes of the text."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


@settings(max_examples=300)
@given(
    prefix=st.text(any_character, max_size=10),
    surrogates=st.lists(surrogate, min_size=1, max_size=3).map("".join),
    suffix=st.text(any_character | surrogate, max_size=10),  # may hold more surrogates
    position=st.integers(0, 3),
    threads=st.sampled_from([None, 1, 2]),
    errors=st.sampled_from(["strict", "replace"]),
)
def test_surrogates_give_equal_outcomes(
    prefix: str, surrogates: str, suffix: str, position: int, threads: int | None, errors: str
) -> None:
    text = prefix + surrogates + suffix
    expected = outcome(lambda: wordsift.reference.tokenize(text, errors=errors))
    assert outcome(lambda: wordsift.tokenize(text, errors=errors)) == expected
    if errors == "replace" or not has_lone_surrogate(text):
        # Nothing lone, or replaced: the tokens of the text the codec makes.
        assert expected == ("returned", wordsift.reference.tokenize(codec_repaired(text)))
    else:
        assert expected[:2] == ("raised", UnicodeEncodeError)
    batch = ["fine"] * position + [text, "\ud800"]
    expected = outcome(lambda: wordsift.reference.Tokenizer(errors=errors).tokenize_batch(batch))
    if errors == "strict":
        assert expected[-1].startswith("surrogates not allowed in texts[")
    assert outcome(lambda: wordsift.Tokenizer(errors=errors).tokenize_batch(batch, threads=threads)) == expected
