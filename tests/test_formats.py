"""Every input format x every output format of wordsift.corpus, and Parquet's own cases.

Inputs are written here with the standard library and pyarrow; outputs are
read back the same way, and every token list must equal the reference
tokeniser's on the document's body.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import wordsift.reference
from test_cli import run_cli
from wordsift.corpus import Document, Skipped, count_files, tokenize_files, write_corpus

# (id, title, body): ASCII and beyond, an empty body, digits, a second line.
DOCUMENTS = [
    ("a1", "Market Report", "Stocks rose; the Dow gained 2%.\nTraders said: buy!"),
    ("b2", "Ünïcode Tïtle", "Café naïve façade — ΑΘΗΝΑ über STRASSE straße"),
    ("c3", "Empty", ""),
    ("d4", "Numbers 123", "2,000 generals and 3 colonels, the 1990s"),
]

REFERENCE = wordsift.reference.Tokenizer()


def _write_parquet(path: Path, columns: dict[str, list[object]], *, compress: bool = False) -> None:
    target = path.with_name(path.name.removesuffix(".gz"))
    pq.write_table(pa.table(columns), target)
    if compress:
        path.write_bytes(gzip.compress(target.read_bytes()))
        target.unlink()


def _make_input(directory: Path, input_format: str) -> tuple[list[Path], list[tuple[str, str, str]]]:
    """The input files of one format holding DOCUMENTS, and the (id, title, body) each document has there."""
    directory.mkdir()
    if input_format in ("seed", "whole"):
        paths = []
        for identifier, title, body in DOCUMENTS:
            path = directory / f"{identifier}.txt"
            path.write_text(f"{title}\n{body}" if input_format == "seed" else body, encoding="utf-8")
            paths.append(path)
        keep_title = input_format == "seed"
        return paths, [(f"{i}.txt", t if keep_title else "", b) for i, t, b in DOCUMENTS]
    if input_format == "lines":
        path = directory / "docs.txt"
        bodies = [body.replace("\n", " ") for _, _, body in DOCUMENTS]
        path.write_text("".join(body + "\n" for body in bodies), encoding="utf-8")
        return [path], [(f"docs.txt:{n}", "", body) for n, body in enumerate(bodies, start=1)]
    records = [{"id": i, "title": t, "text": b} for i, t, b in DOCUMENTS]
    if input_format.startswith("jsonl"):
        data = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")
        gzipped = input_format.endswith(".gz")
        path = directory / ("docs.jsonl.gz" if gzipped else "docs.jsonl")
        path.write_bytes(gzip.compress(data) if gzipped else data)
        return [path], list(DOCUMENTS)
    gzipped = input_format.endswith(".gz")
    path = directory / ("docs.parquet.gz" if gzipped else "docs.parquet")
    columns = {name: [record[name] for record in records] for name in ("id", "title", "text")}
    _write_parquet(path, columns, compress=gzipped)
    return [path], list(DOCUMENTS)


def _named(input_format: str) -> str | None:
    """The input_format to pass: none where the file names tell it."""
    return input_format if input_format in ("whole", "lines") else None


def _read_jsonl(output: Path) -> list[tuple[str, str, list[str]]]:
    with output.open(encoding="utf-8") as lines:
        return [(r["id"], r["title"], r["tokens"]) for r in map(json.loads, lines)]


def _read_parquet(output: Path) -> list[tuple[str, str, list[str]]]:
    return [(r["id"], r["title"], r["tokens"]) for r in pq.read_table(output).to_pylist()]


INPUT_FORMATS = ["seed", "whole", "lines", "jsonl", "jsonl.gz", "parquet", "parquet.gz"]
OUTPUT_FORMATS = ["jsonl", "plain", "seed", "parquet"]


@pytest.mark.parametrize("output_format", OUTPUT_FORMATS)
@pytest.mark.parametrize("input_format", INPUT_FORMATS)
def test_every_input_format_to_every_output_format(tmp_path: Path, input_format: str, output_format: str) -> None:
    inputs, documents = _make_input(tmp_path / "in", input_format)
    expected = [(identifier, title, REFERENCE.tokenize(body)) for identifier, title, body in documents]
    output = tmp_path / ("out" if output_format == "seed" else f"out.{output_format}")
    summary = write_corpus(inputs, output, output_format=output_format, input_format=_named(input_format), threads=2)
    assert (summary.documents, summary.tokens) == (len(expected), sum(len(tokens) for _, _, tokens in expected))
    if output_format == "jsonl":
        assert _read_jsonl(output) == expected
    elif output_format == "parquet":
        assert _read_parquet(output) == expected
    elif output_format == "plain":
        assert output.read_text(encoding="utf-8").split("\n") == [" ".join(t) for _, _, t in expected] + [""]
    else:
        written = {path.name: path.read_text(encoding="utf-8") for path in output.iterdir()}
        assert written == {i: "".join(line + "\n" for line in [title, "", *t]) for i, title, t in expected}
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["in", output.name])


@pytest.mark.parametrize("input_format", INPUT_FORMATS)
def test_every_input_format_through_tokenize_files_and_count_files(tmp_path: Path, input_format: str) -> None:
    inputs, documents = _make_input(tmp_path / "in", input_format)
    expected = [Document(identifier, title, REFERENCE.tokenize(body)) for identifier, title, body in documents]
    assert list(tokenize_files(inputs, input_format=_named(input_format))) == expected
    counts, summary = count_files(inputs, input_format=_named(input_format))
    assert counts.term_frequencies == Counter(token for document in expected for token in document.tokens)
    assert counts.document_frequencies == Counter(token for document in expected for token in set(document.tokens))
    assert counts.documents == summary.documents == len(expected)


def test_parquet_columns_are_chosen_by_name_and_missing_ones_default(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    _write_parquet(path, {"body": ["Markets fell", "Oil rose"], "headline": ["One", None]})
    documents = list(tokenize_files([path], text_field="body", title_field="headline"))
    assert documents == [
        Document("x.parquet:1", "One", ["markets", "fell"]),
        Document("x.parquet:2", "", ["oil", "rose"]),
    ]
    result = run_cli(str(path), "--column", "body", "--output-format", "plain")
    assert (result.returncode, result.stdout) == (0, b"markets fell\noil rose\n")


def test_parquet_ids_that_are_numbers_become_strings(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    _write_parquet(path, {"id": [7, None], "text": ["grain exports", "wheat"]})
    assert [document.id for document in tokenize_files([path])] == ["7", "x.parquet:2"]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"body": ["a"]}, "no column 'text'; its columns: body"),
        ({"text": [1, 2]}, "column 'text' is int64, not a string"),
        ({"text": ["fine", None]}, "row 2: column 'text' is null"),
        ({"text": [b"ok", b"bad \xff byte"]}, "row 2: not valid UTF-8 at byte offset 4 of column 'text'"),
    ],
)
def test_unusable_parquet_inputs_name_the_file_and_row(
    tmp_path: Path, columns: dict[str, list[object]], message: str
) -> None:
    path = tmp_path / "bad.parquet"
    _write_parquet(path, columns)
    with pytest.raises(wordsift.WordsiftError, match=r"bad\.parquet") as raised:
        list(tokenize_files([path]))
    assert message in str(raised.value)
    result = run_cli(str(path), "-o", str(tmp_path / "out.jsonl"))
    assert result.returncode == 2
    assert message.encode() in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.parquet"]


def test_parquet_rows_follow_the_errors_policy(tmp_path: Path) -> None:
    path = tmp_path / "mixed.parquet"
    _write_parquet(path, {"text": [b"good news", b"bad \xff byte", None, b"more news"]})
    with pytest.raises(wordsift.WordsiftError, match="row 3"):
        list(tokenize_files([path], errors="replace"))
    _write_parquet(path, {"text": [b"good news", b"bad \xff byte"]})
    replaced = [document.tokens for document in tokenize_files([path], errors="replace")]
    assert replaced == [["good", "news"], REFERENCE.tokenize("bad \ufffd byte")]
    _write_parquet(path, {"text": [b"good news", b"bad \xff byte", None, b"more news"]})
    documents = tokenize_files([path], errors="skip")
    assert [document.id for document in documents] == ["mixed.parquet:1", "mixed.parquet:4"]
    assert [(skip.line, skip.reason) for skip in documents.skipped] == [
        (2, "not valid UTF-8 at byte offset 4 of column 'text'"),
        (3, "column 'text' is null"),
    ]
    assert documents.summary is not None
    assert documents.summary.documents == 2


def test_tokenize_files_reports_skipped_documents_and_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "docs.jsonl"
    path.write_bytes(b'{"id": "1", "text": "Oil prices"}\nnot json\n{"id": "3", "text": "Gold \xff"}\n')
    documents = tokenize_files([path], errors="skip")
    assert documents.summary is None
    assert next(documents) == Document("1", "", ["oil", "prices"])
    assert list(documents) == []
    assert [(skip.source, skip.line) for skip in documents.skipped] == [(str(path), 2), (str(path), 3)]
    assert documents.summary is not None
    assert (documents.summary.documents, documents.summary.tokens, documents.summary.bytes) == (
        1,
        2,
        path.stat().st_size,
    )
    assert documents.summary.skipped == documents.skipped
    assert all(isinstance(skip, Skipped) for skip in documents.skipped)


def test_a_failing_parquet_run_leaves_no_output(tmp_path: Path) -> None:
    good, bad = tmp_path / "a.parquet", tmp_path / "b.parquet"
    _write_parquet(good, {"text": ["fine"] * 10})
    _write_parquet(bad, {"text": ["fine", None]})
    output = tmp_path / "out.parquet"
    output.write_bytes(b"the previous output")
    for output_format, target in [("parquet", output), ("jsonl", tmp_path / "out.jsonl")]:
        with pytest.raises(wordsift.WordsiftError, match=r"b\.parquet, row 2"):
            write_corpus([good, bad], target, output_format=output_format)
    assert output.read_bytes() == b"the previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.parquet", "b.parquet", "out.parquet"]


def test_parquet_output_needs_a_file(tmp_path: Path) -> None:
    with pytest.raises(wordsift.WordsiftError, match="parquet output format needs an output file"):
        write_corpus([tmp_path], None, output_format="parquet", input_format="seed")


def test_not_a_parquet_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_bytes(b"PAR1 but not really")
    with pytest.raises(wordsift.WordsiftError, match=r"fake\.parquet: not a readable Parquet file"):
        list(tokenize_files([path]))


def test_tqdm_progress_counts_every_byte(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs, _ = _make_input(tmp_path / "in", "seed")
    total = sum(path.stat().st_size for path in inputs)
    write_corpus(inputs, tmp_path / "out.jsonl", progress="tqdm")
    bar = capsys.readouterr().err
    assert "wordsift" in bar
    assert f"{total}/{total}" in bar


@pytest.mark.parametrize("function", [tokenize_files, lambda paths, **kw: write_corpus(paths, None, **kw), count_files])
def test_progress_must_be_a_callable_or_tqdm(tmp_path: Path, function: Callable[..., object]) -> None:
    with pytest.raises(TypeError, match="progress must be callable, 'tqdm' or None"):
        function([tmp_path], progress="bar")
