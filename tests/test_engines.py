"""Engines that run wordsift in worker processes: Dask, Apache Spark and HuggingFace datasets.

Each recipe here is the one docs/engines.md gives; each result must equal a
serial run in this process. The tokenizer reaches the workers by pickle.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import scipy.sparse

import wordsift
from wordsift.sklearn import HashingVectorizer, TfidfVectorizer

# Set before datasets is imported: it reads its configuration on import.
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")


@pytest.fixture(scope="module")
def texts(corpus_texts: list[str]) -> list[str]:
    return corpus_texts[:3000]


@pytest.fixture(scope="module")
def dask_client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def test_dask_bag_tokenises_and_counts_like_a_serial_run(dask_client: Any, texts: list[str]) -> None:
    import dask.bag

    tokenizer = wordsift.Tokenizer()
    worker_pids = set(dask_client.run(os.getpid).values())
    assert len(worker_pids) == 2
    assert os.getpid() not in worker_pids
    bag = dask.bag.from_sequence(texts, npartitions=6)
    tokens = bag.map_partitions(lambda part: tokenizer.tokenize_batch(list(part), threads=1)).compute()
    assert tokens == tokenizer.tokenize_batch(texts)
    counts = bag.reduction(lambda part: tokenizer.count(list(part), threads=1), wordsift.merge_counts).compute()
    assert counts == tokenizer.count(texts)


def test_dask_dataframe_tokenises_and_counts_like_a_serial_run(dask_client: Any, texts: list[str]) -> None:
    import dask.dataframe

    tokenizer = wordsift.Tokenizer(min_len=2)
    frame = dask.dataframe.from_pandas(pd.DataFrame({"id": range(len(texts)), "text": texts}), npartitions=4)

    def tokenize(column: pd.Series) -> pd.Series:
        array = pa.array(tokenizer.tokenize_arrow(column, threads=1))
        return pd.Series(pd.arrays.ArrowExtensionArray(array), index=column.index)

    tokens = frame["text"].map_partitions(tokenize, meta=("text", pd.ArrowDtype(pa.large_list(pa.large_string()))))
    assert [list(row) for row in tokens.compute()] == tokenizer.tokenize_batch(texts)
    parts = frame["text"].map_partitions(
        lambda column: pd.Series([tokenizer.count(column, threads=1)]), meta=(None, object)
    )
    assert wordsift.merge_counts(parts.compute()) == tokenizer.count(texts)


def assert_same_rows(ours: Any, expected: Any) -> None:
    """Equal CSR matrices: shape, index arrays and values (TF-IDF to 1e-12)."""
    assert ours.shape == expected.shape
    np.testing.assert_array_equal(ours.indptr, expected.indptr)
    np.testing.assert_array_equal(ours.indices, expected.indices)
    np.testing.assert_allclose(ours.data, expected.data, rtol=1e-12, atol=0)


def test_dask_fits_one_vocabulary_across_partitions_like_a_serial_fit(dask_client: Any, texts: list[str]) -> None:
    import dask.bag

    tokenizer = wordsift.Tokenizer()
    bag = dask.bag.from_sequence(texts, npartitions=6)
    vectorizer = TfidfVectorizer(tokenizer=tokenizer, ngram_range=(1, 2), min_df=2, threads=1)
    counts = bag.reduction(
        lambda part: tokenizer.count(list(part), threads=1, ngram_range=(1, 2)), wordsift.merge_counts
    )
    vectorizer.fit_from_counts(counts.compute())
    matrix = scipy.sparse.vstack(bag.map_partitions(lambda part: [vectorizer.transform(list(part))]).compute())
    serial = TfidfVectorizer(tokenizer=tokenizer, ngram_range=(1, 2), min_df=2)
    expected = serial.fit_transform(texts)
    assert list(vectorizer.get_feature_names_out()) == list(serial.get_feature_names_out())
    assert_same_rows(matrix.tocsr(), expected)


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None:
        pytest.skip("Apache Spark needs a Java runtime (java), which this machine lacks")
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable
    # Spark replaces the SIGINT handler with one that cancels its jobs (and
    # fails once the session is stopped): the tests after these need Python's.
    interrupt_handler = signal.getsignal(signal.SIGINT)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("wordsift-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()
    signal.signal(signal.SIGINT, interrupt_handler)


def test_spark_map_in_arrow_tokenises_like_a_serial_run(spark: Any, texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    frame = spark.createDataFrame(list(enumerate(texts)), "id long, text string").repartition(4)

    def tokenize(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            tokens = pa.array(tokenizer.tokenize_arrow(batch.column("text"), threads=1))
            yield pa.RecordBatch.from_arrays(
                [batch.column("id"), tokens.cast(pa.list_(pa.string()))], names=["id", "tokens"]
            )

    rows = frame.mapInArrow(tokenize, "id long, tokens array<string>").collect()
    by_id = {row["id"]: row["tokens"] for row in rows}
    assert [by_id[i] for i in range(len(texts))] == tokenizer.tokenize_batch(texts)


def test_datasets_map_in_processes_keeps_its_cache(texts: list[str], tmp_path: Path) -> None:
    import datasets

    datasets.Dataset.from_dict({"text": texts}).save_to_disk(tmp_path / "corpus")
    corpus = datasets.load_from_disk(str(tmp_path / "corpus"))

    def mapped(tokenizer: wordsift.Tokenizer) -> datasets.Dataset:
        return corpus.map(
            lambda batch: {"tokens": tokenizer.tokenize_batch(batch["text"], threads=1)}, batched=True, num_proc=2
        )

    first = mapped(wordsift.Tokenizer())
    assert first["tokens"] == wordsift.Tokenizer().tokenize_batch(texts)
    # An equal tokenizer, built anew, hashes the same: the cached result is reused.
    again = mapped(wordsift.Tokenizer())
    assert again._fingerprint == first._fingerprint
    assert again.cache_files == first.cache_files
    # Other options hash differently: a new result.
    other = mapped(wordsift.Tokenizer(min_len=4))
    assert other._fingerprint != first._fingerprint
    assert other["tokens"] == wordsift.Tokenizer(min_len=4).tokenize_batch(texts)


def test_datasets_arrow_format_takes_the_column_without_python_strings(texts: list[str]) -> None:
    import datasets

    tokenizer = wordsift.Tokenizer()
    corpus = datasets.Dataset.from_dict({"text": texts}).with_format("arrow")
    result = corpus.map(
        lambda table: table.append_column("tokens", pa.array(tokenizer.tokenize_arrow(table["text"], threads=1))),
        batched=True,
    )
    assert result.with_format(None)["tokens"] == tokenizer.tokenize_batch(texts)


def test_spark_fits_across_partitions_and_transforms_in_map_in_arrow(spark: Any, texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    frame = spark.createDataFrame(list(enumerate(texts)), "id long, text string").repartition(4)
    counts = wordsift.merge_counts(
        frame.select("text")
        .rdd.mapPartitions(lambda rows: [tokenizer.count([row.text for row in rows], threads=1, ngram_range=(1, 2))])
        .collect()
    )
    fitted = TfidfVectorizer(tokenizer=tokenizer, ngram_range=(1, 2), min_df=2, threads=1).fit_from_counts(counts)
    hasher = HashingVectorizer(tokenizer=tokenizer, threads=1)

    # Defined here, not in this module, which Spark's workers cannot import.
    def sparse_rows(matrix: Any) -> tuple[pa.Array, pa.Array]:
        """A CSR matrix's rows as two Arrow list columns: each row's columns and values."""
        offsets = pa.array(matrix.indptr, pa.int32())
        return pa.ListArray.from_arrays(offsets, pa.array(matrix.indices, pa.int32())), pa.ListArray.from_arrays(
            offsets, pa.array(matrix.data, pa.float64())
        )

    def vectorize(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            weighted = sparse_rows(fitted.transform(batch.column("text")))
            hashed = sparse_rows(hasher.transform(batch.column("text")))
            yield pa.RecordBatch.from_arrays(
                [batch.column("id"), *weighted, *hashed], names=["id", "columns", "values", "hashed", "signs"]
            )

    schema = "id long, columns array<int>, values array<double>, hashed array<int>, signs array<double>"
    rows = {row["id"]: row for row in frame.mapInArrow(vectorize, schema).collect()}
    ordered = [rows[i] for i in range(len(texts))]
    serial = TfidfVectorizer(tokenizer=tokenizer, ngram_range=(1, 2), min_df=2)
    for field, values, expected in [
        ("columns", "values", serial.fit_transform(texts)),
        ("hashed", "signs", HashingVectorizer(tokenizer=tokenizer).transform(texts)),
    ]:
        lengths = [len(row[field]) for row in ordered]
        matrix = scipy.sparse.csr_matrix(
            (
                [value for row in ordered for value in row[values]],
                [column for row in ordered for column in row[field]],
                np.concatenate([[0], np.cumsum(lengths)]),
            ),
            shape=expected.shape,
        )
        assert_same_rows(matrix, expected)
    assert list(fitted.get_feature_names_out()) == list(serial.get_feature_names_out())
