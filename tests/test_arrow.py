"""The columnar output: Tokenizer.tokenize_arrow and the TokenArray it returns.

It must hold exactly the tokens of tokenize_batch (and so of the reference),
as one Arrow large_list<large_string> column that Arrow consumers import
through the PyCapsule interface, and it must stay valid for as long as any
consumer holds it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
from fixed_inputs import OPTION_SETS

TEXTS = ["The cat's whiskers", "", "  ", "Café STRAẞE naïve", "2,000 generals", "ΟΔΟΣ. मराठी"]


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_arrow_column_holds_the_reference_tokens_of_the_corpus(
    name: str,
    corpus_texts: list[str],
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> None:
    options = OPTION_SETS[name]
    column = wordsift.Tokenizer(**options).tokenize_arrow(corpus_texts, threads=2)
    expected = reference_corpus_tokens(name, options)
    assert len(column) == len(expected)
    assert column.token_count == sum(map(len, expected))
    assert pa.array(column).to_pylist() == expected


@pytest.mark.parametrize("threads", [1, 2, None])
def test_arrow_column_equals_tokenize_batch(threads: int | None, corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer(keep_numbers=True)
    texts = corpus_texts[:3000]
    assert tokenizer.tokenize_arrow(texts, threads=threads).to_pylist() == tokenizer.tokenize_batch(texts)


@settings(max_examples=200)
@given(st.lists(st.text(), max_size=20))
def test_arrow_column_equals_tokenize_batch_on_any_text(texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    column = tokenizer.tokenize_arrow(texts, threads=2)
    assert column.to_pylist() == tokenizer.tokenize_batch(texts)
    assert pa.array(column).to_pylist() == tokenizer.tokenize_batch(texts)


def test_pyarrow_imports_the_type_large_list_of_large_string() -> None:
    array = pa.array(wordsift.Tokenizer().tokenize_arrow(TEXTS))
    assert array.type == pa.large_list(pa.field("item", pa.large_string()))
    assert array.null_count == 0
    array.validate(full=True)
    assert array.to_pylist() == wordsift.Tokenizer().tokenize_batch(TEXTS)


def test_polars_imports_the_column() -> None:
    series = pl.Series(wordsift.Tokenizer().tokenize_arrow(TEXTS))
    assert series.dtype == pl.List(pl.String)
    assert series.to_list() == wordsift.Tokenizer().tokenize_batch(TEXTS)


def test_imported_arrays_outlive_the_token_array() -> None:
    column = wordsift.Tokenizer().tokenize_arrow(TEXTS)
    first, second = pa.array(column), pa.array(column)
    del column
    gc.collect()
    assert first.to_pylist() == second.to_pylist() == wordsift.Tokenizer().tokenize_batch(TEXTS)


def test_unconsumed_capsules_are_released() -> None:
    column = wordsift.Tokenizer().tokenize_arrow(TEXTS)
    for _ in range(1000):
        schema, array = column.__arrow_c_array__()
        del schema, array
    assert pa.array(column).to_pylist() == wordsift.Tokenizer().tokenize_batch(TEXTS)


def test_empty_batch_is_an_empty_column() -> None:
    column = wordsift.Tokenizer().tokenize_arrow([])
    assert len(column) == 0
    assert column.token_count == 0
    assert pa.array(column).to_pylist() == []


def test_arrow_input_errors_match_tokenize_batch() -> None:
    tokenizer = wordsift.Tokenizer()
    for bad, error in (("one string", TypeError), (["ok", 3], TypeError), (["\ud800"], UnicodeEncodeError)):
        with pytest.raises(error) as from_batch:
            tokenizer.tokenize_batch(bad)  # type: ignore[arg-type]
        with pytest.raises(error) as from_arrow:
            tokenizer.tokenize_arrow(bad)  # type: ignore[arg-type]
        assert str(from_arrow.value) == str(from_batch.value)
