"""Engines that run wordsift in worker processes: Dask, Apache Spark and HuggingFace datasets.

Each recipe here is the one the README gives; each result must equal a
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

import pandas as pd
import pyarrow as pa
import pytest

import wordsift

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
