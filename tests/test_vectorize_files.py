"""Corpora on disk vectorised in Rust: `wordsift.corpus.Files` given to the vectorizers, `count_files` with
`ngram_range`, and the `wordsift vectorize` and `wordsift count --ngram-range` commands.

The oracle is the same vectorizer given the same documents' texts in memory (itself checked against
scikit-learn in test_vectorizers.py); a document large enough to be cut into pieces is the case the files'
path adds, since its n-grams span the cuts.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import scipy.sparse as sp

import wordsift
import wordsift.corpus
from test_vectorizers import assert_same_matrix
from wordsift.corpus import Files
from wordsift.sklearn import CountVectorizer, HashingVectorizer, TfidfVectorizer

# Enough documents for several chunks of input, few enough to stay quick.
DOCUMENTS = 3000


@pytest.fixture(scope="module")
def texts(corpus_texts: list[str]) -> list[str]:
    return corpus_texts[:DOCUMENTS]


@pytest.fixture(scope="module")
def jsonl(texts: list[str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("files") / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as file:
        for index, text in enumerate(texts):
            file.write(json.dumps({"id": str(index), "title": f"title {index}", "text": text}) + "\n")
    return path


def long_document() -> str:
    """Some 3 MB of text in one document: read in pieces (the chunks are 512 KiB), with a run of stopwords
    between some of them."""
    words = "oil prices rose sharply the and of in crude markets fell {} again\n"
    return "".join(words.format(index % 97) for index in range(50_000))


VECTORIZERS: dict[str, Callable[[], Any]] = {
    "count": lambda: CountVectorizer(),
    "count (1, 2) min_df=2 max_df=0.5": lambda: CountVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5),
    "count (2, 3) max_features binary": lambda: CountVectorizer(ngram_range=(2, 3), max_features=500, binary=True),
    "tfidf (1, 2)": lambda: TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
    "count fixed vocabulary": lambda: CountVectorizer(vocabulary=["oil", "crude oil", "prices", "zzz"]),
}


@pytest.mark.parametrize("name", sorted(VECTORIZERS))
def test_fitting_on_a_json_lines_file_equals_fitting_on_its_texts(name: str, jsonl: Path, texts: list[str]) -> None:
    ours = VECTORIZERS[name]()
    matrix = ours.fit_transform(Files([jsonl]))
    expected = VECTORIZERS[name]()
    expected_matrix = expected.fit_transform(texts)
    assert list(ours.get_feature_names_out()) == list(expected.get_feature_names_out())
    if name.startswith("tfidf"):
        np.testing.assert_allclose(ours.idf_, expected.idf_, rtol=1e-12)
        np.testing.assert_array_equal(matrix.indptr, expected_matrix.indptr)
        np.testing.assert_array_equal(matrix.indices, expected_matrix.indices)
        np.testing.assert_allclose(matrix.data, expected_matrix.data, rtol=1e-12)
    else:
        assert_same_matrix(matrix, expected_matrix)
    # fit, then transform: the same matrix.
    refit = VECTORIZERS[name]().fit(Files([jsonl]))
    assert list(refit.get_feature_names_out()) == list(expected.get_feature_names_out())
    assert_same_matrix(refit.transform(Files([jsonl])), expected.transform(texts))


@pytest.mark.parametrize("alternate_sign", [True, False])
def test_hashing_files_equals_hashing_their_texts(alternate_sign: bool, jsonl: Path, texts: list[str]) -> None:
    options = {"ngram_range": (1, 2), "n_features": 2**18, "alternate_sign": alternate_sign}
    ours = HashingVectorizer(**options).transform(Files([jsonl]))
    assert_same_matrix(ours, HashingVectorizer(**options).transform(texts))


def test_a_document_in_pieces_is_one_row_with_the_ngrams_that_span_the_cuts(tmp_path: Path) -> None:
    text = long_document()
    path = tmp_path / "long.txt"
    path.write_text("a title\n" + text, encoding="utf-8")
    files = Files([path, path], input_format="whole")
    texts = ["a title\n" + text] * 2
    for make in (lambda: CountVectorizer(ngram_range=(1, 3)), lambda: CountVectorizer(ngram_range=(2, 2))):
        ours, expected = make(), make()
        assert_same_matrix(ours.fit_transform(files), expected.fit_transform(texts))
        assert list(ours.get_feature_names_out()) == list(expected.get_feature_names_out())
    hashing = HashingVectorizer(ngram_range=(1, 3), norm=None)
    assert_same_matrix(hashing.transform(files), hashing.transform(texts))
    counts, summary = wordsift.corpus.count_files([path], input_format="whole", ngram_range=(2, 3))
    assert counts == wordsift.Tokenizer().count(texts[:1], ngram_range=(2, 3))
    assert summary.tokens == wordsift.Tokenizer().count(texts[:1]).term_frequencies.total()


def test_parquet_and_other_inputs_stack_in_input_order(tmp_path: Path, texts: list[str]) -> None:
    first, second, third = texts[:700], texts[700:1000], texts[1000:1500]
    pq.write_table(pa.table({"text": first}), tmp_path / "a.parquet", row_group_size=256)
    (tmp_path / "b.jsonl").write_text("".join(json.dumps({"text": text}) + "\n" for text in second), encoding="utf-8")
    pq.write_table(pa.table({"text": third}), tmp_path / "c.parquet")
    files = Files([tmp_path / "a.parquet", tmp_path / "b.jsonl", tmp_path / "c.parquet"])
    assert [format for _, _, format in files.sources] == ["parquet", "jsonl", "parquet"]
    ours = CountVectorizer(ngram_range=(1, 2), min_df=2)
    expected = CountVectorizer(ngram_range=(1, 2), min_df=2)
    assert_same_matrix(ours.fit_transform(files), expected.fit_transform(first + second + third))
    assert list(ours.get_feature_names_out()) == list(expected.get_feature_names_out())
    assert files.summary is not None
    assert files.summary.documents == 1500
    assert files.summary.tokens == wordsift.Tokenizer().count(texts[:1500]).term_frequencies.total()
    hashing = HashingVectorizer(ngram_range=(2, 2))
    assert_same_matrix(hashing.transform(files), hashing.transform(first + second + third))


def test_skipped_documents_have_no_row_and_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text('{"text": "oil prices"}\n[1, 2]\n{"text": "crude oil"}\n', encoding="utf-8")
    files = Files([path], errors="skip")
    matrix = CountVectorizer().fit_transform(files)
    assert matrix.shape == (2, 3)
    assert files.summary is not None
    assert [(skip.source, skip.line) for skip in files.summary.skipped] == [(str(path), 2)]
    with pytest.raises(wordsift.WordsiftError, match=r"news\.jsonl.*line 2"):
        CountVectorizer().fit_transform(Files([path]))


def test_files_refuses_what_it_cannot_read_twice(tmp_path: Path) -> None:
    with pytest.raises(wordsift.WordsiftError, match="stdin"):
        Files(["-"])
    with pytest.raises(TypeError, match="single path"):
        Files(str(tmp_path))  # type: ignore[arg-type]
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer().fit(Files([empty]))
    with pytest.raises(ValueError, match="Cannot vectorize empty sequence"):
        HashingVectorizer().transform(Files([empty]))


# The commands.


def run_cli(*args: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "wordsift", *map(str, args)], capture_output=True, check=False)


def test_the_vectorize_command_writes_the_matrix_and_its_feature_names(
    jsonl: Path, texts: list[str], tmp_path: Path
) -> None:
    output = tmp_path / "bow.npz"
    result = run_cli("vectorize", jsonl, "-o", output, "--ngram-range", "1,2", "--min-df", "2", "--max-df", "0.5")
    assert result.returncode == 0, result.stderr.decode()
    expected = CountVectorizer(ngram_range=(1, 2), min_df=2, max_df=0.5)
    expected_matrix = expected.fit_transform(texts)
    assert_same_matrix(sp.load_npz(output), expected_matrix)
    names = (tmp_path / "bow.features.txt").read_text(encoding="utf-8").splitlines()
    assert names == list(expected.get_feature_names_out())
    assert b"3,000 documents" in result.stderr
    # A test set in the training set's columns (its n-gram range is the vocabulary's).
    test_set = tmp_path / "test.jsonl"
    test_set.write_text("".join(json.dumps({"text": text}) + "\n" for text in texts[:50]), encoding="utf-8")
    result = run_cli("vectorize", test_set, "-o", tmp_path / "test.npz", "--vocabulary", tmp_path / "bow.features.txt")
    assert result.returncode == 0, result.stderr.decode()
    assert_same_matrix(sp.load_npz(tmp_path / "test.npz"), expected.transform(texts[:50]))
    assert (tmp_path / "test.features.txt").read_text(encoding="utf-8").splitlines() == names


def test_the_vectorize_command_hashes(jsonl: Path, texts: list[str], tmp_path: Path) -> None:
    output = tmp_path / "hashed.npz"
    result = run_cli("vectorize", jsonl, "-o", output, "--hashing", 1024, "--no-alternate-sign", "--binary", "-q")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    expected = HashingVectorizer(n_features=1024, alternate_sign=False, binary=True, norm=None, dtype=np.int64)
    assert_same_matrix(sp.load_npz(output), expected.transform(texts))
    assert not (tmp_path / "hashed.features.txt").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "bow.mtx"], "must be named *.npz"),
        (["-o", "bow.npz", "--ngram-range", "2,1"], "not an n-gram range"),
        (["-o", "bow.npz", "--min-df", "1.5"], "not a document limit"),
        (["-o", "bow.npz", "--min-df", "3", "--max-df", "2"], "max_df corresponds to < documents than min_df"),
        (["-o", "bow.npz", "--hashing", "0"], "--hashing must be in"),
        (["-o", "bow.npz", "--max-features", "0"], "--max-features must be >= 1"),
        # Found before any input is read.
        (["-o", "nowhere/bow.npz"], "nowhere/bow.npz"),
    ],
)
def test_the_vectorize_command_refuses_bad_options_and_writes_nothing(
    arguments: list[str], message: str, tmp_path: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "oil prices"}\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "vectorize", str(source), *arguments],
        capture_output=True,
        check=False,
        cwd=tmp_path,
    )
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl"]


def test_the_vectorize_command_names_a_bad_line_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "oil prices"}\n{"text": 3}\n', encoding="utf-8")
    result = run_cli("vectorize", source, "-o", tmp_path / "bow.npz")
    assert result.returncode == 2
    assert "in.jsonl" in result.stderr.decode()
    assert "line 2" in result.stderr.decode()
    assert sorted(os.listdir(tmp_path)) == ["in.jsonl"]


def test_count_takes_an_ngram_range(jsonl: Path, texts: list[str]) -> None:
    result = run_cli("count", jsonl, "--ngram-range", "2,3", "--format", "json")
    assert result.returncode == 0, result.stderr.decode()
    counted = json.loads(result.stdout)
    expected = wordsift.Tokenizer().count(texts, ngram_range=(2, 3))
    assert counted["documents"] == len(texts)
    assert {row["token"]: row["term_frequency"] for row in counted["tokens"]} == dict(expected.term_frequencies)
    assert {row["token"]: row["document_frequency"] for row in counted["tokens"]} == dict(expected.document_frequencies)
