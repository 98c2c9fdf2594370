"""Arrow columns in: string, large_string and string_view from pyarrow, polars, pandas and DuckDB.

Each producer's column, with non-ASCII text, nulls, empty strings, slices
and chunks, must tokenise exactly as its values do through the reference
(None for a null), and the output must go back into each library.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from strategies import texts as text_strategy

TEXTS: list[str | None] = [
    "The Market rose 2.5%; Café prices fell",
    None,
    "",
    "naïve STRAẞE ΟΔΟΣ मराठी",
    "a" * 40 + " words longer than twelve bytes, in a view's data buffer",
    None,
    "short",
]

REFERENCE = wordsift.reference.Tokenizer()


def _expected(values: list[str | None]) -> list[list[str] | None]:
    return [None if value is None else REFERENCE.tokenize(value) for value in values]


def _duckdb_column(values: list[str | None]) -> object:
    relation = duckdb.from_arrow(pa.table({"text": pa.array(values, pa.string())}))
    return relation.select("text").arrow().read_all()["text"]


PRODUCERS: dict[str, Callable[[list[str | None]], object]] = {
    "pyarrow string": lambda values: pa.array(values, pa.string()),
    "pyarrow large_string": lambda values: pa.array(values, pa.large_string()),
    "pyarrow string_view": lambda values: pa.array(values, pa.string_view()),
    "pyarrow chunked": lambda values: pa.chunked_array([values[:2], [], values[2:]], pa.string()),
    "polars": lambda values: pl.Series(values, dtype=pl.String),
    "pandas": lambda values: pd.Series(values, dtype="string[pyarrow]"),
    "duckdb": _duckdb_column,
}


@pytest.mark.parametrize("producer", list(PRODUCERS))
@pytest.mark.parametrize("threads", [1, 2])
def test_columns_of_every_producer_tokenise_like_their_values(producer: str, threads: int) -> None:
    column = PRODUCERS[producer](TEXTS)
    tokenizer = wordsift.Tokenizer()
    expected = _expected(TEXTS)
    assert tokenizer.tokenize_batch(column, threads=threads) == expected
    array = tokenizer.tokenize_arrow(column, threads=threads)
    assert pa.array(array).to_pylist() == expected
    assert array.to_pylist() == expected
    counts = tokenizer.count(column, threads=threads)
    assert counts.documents == sum(value is not None for value in TEXTS)
    assert counts.term_frequencies == Counter(t for tokens in expected if tokens is not None for t in tokens)


@pytest.mark.parametrize("producer", ["pyarrow string", "pyarrow large_string", "pyarrow string_view"])
def test_slices_and_empty_columns(producer: str) -> None:
    column: Any = PRODUCERS[producer](TEXTS)
    tokenizer = wordsift.Tokenizer()
    for start, stop in [(1, 4), (3, 7), (0, 0), (6, 7)]:
        assert tokenizer.tokenize_batch(column[start:stop]) == _expected(TEXTS[start:stop])
        assert pa.array(tokenizer.tokenize_arrow(column[start:stop])).to_pylist() == _expected(TEXTS[start:stop])
    assert tokenizer.tokenize_batch(PRODUCERS[producer]([])) == []


def test_the_output_goes_into_every_consumer() -> None:
    tokens = wordsift.Tokenizer().tokenize_arrow(pa.array(TEXTS))
    expected = _expected(TEXTS)
    assert pa.array(tokens).type == pa.large_list(pa.large_string())
    assert pl.Series(tokens).to_list() == expected
    as_pandas = pd.Series(pd.arrays.ArrowExtensionArray(pa.array(tokens))).tolist()
    assert [None if value is pd.NA else value for value in as_pandas] == expected
    rows = duckdb.from_arrow(pa.table({"tokens": pa.array(tokens)})).select("tokens").fetchall()
    assert [row[0] for row in rows] == expected


def test_a_column_that_is_not_text_is_refused() -> None:
    with pytest.raises(ValueError, match="must be string, large_string or string_view, not format 'l'"):
        wordsift.Tokenizer().tokenize_batch(pa.array([1, 2]))


def test_malformed_arrow_data_is_an_error_not_a_crash() -> None:
    offsets = pa.py_buffer(pa.array([0, 3, 1], pa.int32()).buffers()[1])
    data = pa.py_buffer(b"abcdef")
    backwards = pa.Array.from_buffers(pa.string(), 2, [None, offsets, data])
    good_offsets = pa.py_buffer(pa.array([0, 2, 4], pa.int32()).buffers()[1])
    not_utf8 = pa.Array.from_buffers(pa.string(), 2, [None, good_offsets, pa.py_buffer(b"ok\xff\xfe")])
    tokenizer = wordsift.Tokenizer()
    # The documentation (Getting started) promises wordsift.WordsiftError (a ValueError) for malformed Arrow
    # buffers, through every entry.
    assert issubclass(wordsift.WordsiftError, ValueError)
    for entry in (tokenizer.tokenize_batch, tokenizer.tokenize_arrow, tokenizer.count):
        with pytest.raises(wordsift.WordsiftError, match="malformed Arrow data"):
            entry(backwards)
        with pytest.raises(wordsift.WordsiftError, match="not UTF-8"):
            entry(not_utf8)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.none() | text_strategy, max_size=12), st.sampled_from(list(PRODUCERS)[:5]))
def test_arbitrary_columns_tokenise_like_their_values(values: list[str | None], producer: str) -> None:
    column = PRODUCERS[producer](values)
    assert wordsift.Tokenizer().tokenize_batch(column, threads=2) == _expected(values)


def test_token_arrays_with_nulls_pickle() -> None:
    import pickle

    tokens = wordsift.Tokenizer().tokenize_arrow(pa.array(TEXTS))
    restored = pickle.loads(pickle.dumps(tokens))
    assert pa.array(restored).to_pylist() == _expected(TEXTS)


def test_the_readme_one_liners_for_polars_and_pandas() -> None:
    tok = wordsift.Tokenizer()
    pl_df = pl.DataFrame({"text": TEXTS})
    with_tokens = pl_df.with_columns(tokens=pl.col("text").map_batches(lambda s: pl.Series(tok.tokenize_arrow(s))))
    assert with_tokens["tokens"].to_list() == _expected(TEXTS)
    pd_df = pd.DataFrame({"text": TEXTS}, index=range(10, 10 + len(TEXTS)))
    pd_df["tokens"] = pd.arrays.ArrowExtensionArray(pa.array(tok.tokenize_arrow(pd_df["text"])))
    assert [None if value is pd.NA else list(value) for value in pd_df["tokens"]] == _expected(TEXTS)
