"""wordsift.corpus: files in, documents out, against the reference tokeniser and plain-Python readers.

Every expectation is made by reading the input with the standard library
(json, gzip, str methods) and tokenising with `wordsift.reference`.
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.corpus
import wordsift.reference
from fixed_inputs import CORPUS_PATH
from wordsift.corpus import Document, Skipped, tokenize_files, write_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module")
def corpus_records() -> list[dict[str, object]]:
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def expected_documents(corpus_records: list[dict[str, object]]) -> list[Document]:
    reference = wordsift.reference.Tokenizer()
    return [
        Document(str(record["id"]), str(record["title"]), reference.tokenize(str(record["text"])))
        for record in corpus_records
    ]


@pytest.mark.parametrize("threads", [1, 2])
def test_the_shared_corpus_reads_like_the_reference(threads: int, expected_documents: list[Document]) -> None:
    documents = list(tokenize_files([CORPUS_PATH], threads=threads))
    assert len(documents) == len(expected_documents)
    for got, want in zip(documents, expected_documents, strict=True):
        assert got == want, got.id


def test_gzip_gives_the_same_documents(tmp_path: Path, expected_documents: list[Document]) -> None:
    compressed = tmp_path / "corpus.jsonl.gz"
    compressed.write_bytes(gzip.compress(CORPUS_PATH.read_bytes(), compresslevel=1))
    assert list(tokenize_files([compressed])) == expected_documents


def test_written_json_lines_hold_what_tokenize_files_yields(tmp_path: Path, expected_documents: list[Document]) -> None:
    output = tmp_path / "out.jsonl"
    summary = write_corpus([CORPUS_PATH], output, threads=2)
    assert summary.documents == len(expected_documents)
    assert summary.tokens == sum(len(document.tokens) for document in expected_documents)
    assert summary.bytes == CORPUS_PATH.stat().st_size
    assert summary.skipped == []
    with output.open(encoding="utf-8") as lines:
        written = [Document(**json.loads(line)) for line in lines]
    assert written == expected_documents
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_plain_output_is_a_line_of_tokens_per_document(tmp_path: Path, expected_documents: list[Document]) -> None:
    output = tmp_path / "out.txt"
    write_corpus([CORPUS_PATH], output, output_format="plain")
    lines = output.read_text(encoding="utf-8").split("\n")
    assert lines.pop() == ""
    assert lines == [" ".join(document.tokens) for document in expected_documents]


def test_seed_files_in_and_out_match_the_reference(tmp_path: Path) -> None:
    source = tmp_path / "in"
    shutil.copytree(SEEDS, source)
    reference = wordsift.reference.Tokenizer()
    expected = {}
    for path in sorted(source.glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        expected[path.name] = (title, reference.tokenize(body))
    documents = list(tokenize_files([source]))
    assert {document.id: (document.title, document.tokens) for document in documents} == expected
    output = tmp_path / "out"
    write_corpus([source], output, output_format="seed")
    for name, (title, tokens) in expected.items():
        assert (output / name).read_text(encoding="utf-8") == "".join(f"{line}\n" for line in [title, "", *tokens])


def test_lines_and_whole_formats(tmp_path: Path) -> None:
    path = tmp_path / "docs.txt"
    path.write_text("The Market rose\n\nshares of Caf\u00e9\r\n", encoding="utf-8")
    reference = wordsift.reference.Tokenizer()
    lines = list(tokenize_files([path], input_format="lines"))
    assert lines == [
        Document(f"{path.name}:{number}", "", reference.tokenize(text))
        for number, text in enumerate(["The Market rose", "", "shares of Caf\u00e9"], start=1)
    ]
    whole = list(tokenize_files([path], input_format="whole"))
    assert whole == [Document(path.name, "", reference.tokenize(path.read_text(encoding="utf-8")))]


def test_json_fields_are_chosen_by_name(tmp_path: Path) -> None:
    path = tmp_path / "docs.ndjson"
    records = [{"body": "Markets rose", "headline": "H1", "key": 5}, {"body": "Shares fell", "headline": None}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    fields = {"text_field": "body", "title_field": "headline", "id_field": "key"}
    # A field the user named must be in every record: the second lacks "key".
    with pytest.raises(wordsift.WordsiftError, match=f'{path.name}, line 2: no field "key"'):
        list(tokenize_files([path], **fields))
    files = tokenize_files([path], errors="skip", **fields)
    assert list(files) == [Document("5", "H1", ["markets", "rose"])]
    assert files.skipped == [Skipped(str(path), 2, 'no field "key"')]
    # The default names are taken when present: no title, an id from the line.
    documents = list(tokenize_files([path], text_field="body"))
    assert documents == [
        Document(f"{path.name}:1", "", ["markets", "rose"]),
        Document(f"{path.name}:2", "", ["shares", "fell"]),
    ]


# JSON values of every kind, for fields the reader must skip over.
_JSON_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=10)
)
# Deferred rather than st.recursive, whose check that `extend` uses its
# argument misfires now and then (a HypothesisDeprecationWarning, an error
# here).
_JSON_VALUES: st.SearchStrategy[object] = st.deferred(
    lambda: (
        _JSON_SCALARS
        | st.lists(_JSON_VALUES, max_size=3)
        | st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=3)
    )
)


@st.composite
def _records(draw: st.DrawFn) -> dict[str, object]:
    """A record with a text, maybe an id (an integer of any size, or a string), a title and extra
    fields, its keys in any order."""
    record: dict[str, object] = {"text": draw(st.text(max_size=60))}
    if draw(st.booleans()):
        # Integers of any size: ids are kept as written.
        record["id"] = draw(st.integers() | st.integers(-(10**30), 10**30) | st.text(max_size=10))
    if draw(st.booleans()):
        record["title"] = draw(st.none() | st.text(max_size=20))
    for name in draw(st.lists(st.sampled_from(["extra", "meta", "tag"]), unique=True, max_size=2)):
        record[name] = draw(_JSON_VALUES)
    order = draw(st.permutations(list(record)))
    return {name: record[name] for name in order}


@given(records=st.lists(_records(), min_size=1, max_size=6), ensure_ascii=st.booleans(), compact=st.booleans())
@settings(max_examples=300, deadline=None)
def test_json_lines_are_read_as_json_loads_reads_them(
    tmp_path_factory: pytest.TempPathFactory, records: list[dict[str, object]], ensure_ascii: bool, compact: bool
) -> None:
    # Every spelling json.dumps has (escapes or raw UTF-8, compact or spaced)
    # and fields of every kind: the reader's fast path for flat records and
    # serde_json for the rest must both read what json.loads reads.
    path = tmp_path_factory.mktemp("json") / "records.jsonl"
    separators = (",", ":") if compact else (", ", ": ")
    lines = [json.dumps(record, ensure_ascii=ensure_ascii, separators=separators) + "\n" for record in records]
    path.write_text("".join(lines), encoding="utf-8")
    reference = wordsift.reference.Tokenizer()
    expected = [
        Document(
            str(record["id"]) if "id" in record else f"{path.name}:{line}",
            str(record.get("title") or ""),
            reference.tokenize(str(record["text"])),
        )
        for line, record in enumerate(records, start=1)
    ]
    assert list(tokenize_files([path])) == expected


def test_invalid_utf8_follows_the_errors_policy(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"good words\nbad \xff words\nlast one\n")
    with pytest.raises(wordsift.WordsiftError, match=r"bad.txt, line 2: not valid UTF-8 at byte offset 15"):
        list(tokenize_files([path], input_format="lines"))
    replaced = list(tokenize_files([path], input_format="lines", errors="replace"))
    assert [document.tokens for document in replaced] == [["good", "words"], ["bad", "words"], ["last", "one"]]
    summary = write_corpus([path], tmp_path / "out.jsonl", input_format="lines", errors="skip")
    assert summary.documents == 2
    assert summary.skipped == [Skipped(str(path), 2, "not valid UTF-8 at byte offset 15")]


def test_bad_inputs_and_outputs_are_refused(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonl"
    with pytest.raises(FileNotFoundError, match=r"cannot read .*missing\.jsonl"):
        list(tokenize_files([missing]))
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "x"}\n', encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match="refusing to overwrite an input file"):
        write_corpus([source], source)
    assert source.read_text(encoding="utf-8") == '{"text": "x"}\n'
    with pytest.raises(wordsift.WordsiftError, match="unknown input format 'csv'"):
        list(tokenize_files([source], input_format="csv"))
    with pytest.raises(wordsift.WordsiftError, match="unknown output format 'xml'"):
        write_corpus([source], tmp_path / "out", output_format="xml")
    with pytest.raises(wordsift.WordsiftError, match="errors must be 'strict', 'replace' or 'skip'"):
        list(tokenize_files([source], errors="ignore"))
    with pytest.raises(TypeError, match="not a single path"):
        list(tokenize_files(str(source)))  # type: ignore[arg-type]


def test_a_failed_run_leaves_no_output(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(b"fine\n" * 1000 + b"\xff\n")
    output = tmp_path / "out.jsonl"
    output.write_text("previous\n", encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match="line 1001"):
        write_corpus([source], output, input_format="lines")
    assert output.read_text(encoding="utf-8") == "previous\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.txt", "out.jsonl"]


def test_progress_is_reported_and_can_stop_the_run(tmp_path: Path) -> None:
    calls: list[tuple[int, ...]] = []
    write_corpus([CORPUS_PATH], tmp_path / "out.jsonl", progress=lambda *so_far: calls.append(so_far))
    assert calls
    assert calls[-1] == (21578, CORPUS_PATH.stat().st_size)
    assert calls == sorted(calls)

    def stop(documents: int, size: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_corpus([CORPUS_PATH], tmp_path / "stopped.jsonl", progress=stop)
    assert not (tmp_path / "stopped.jsonl").exists()


def test_an_abandoned_iterator_does_not_block_the_next_run() -> None:
    first = tokenize_files([CORPUS_PATH], threads=2)
    assert next(first).id == "1"
    del first
    assert sum(1 for _ in tokenize_files([CORPUS_PATH], threads=2)) == 21578


@pytest.mark.parametrize("threads", [1, 2])
def test_count_files_equals_counting_the_documents(threads: int, expected_documents: list[Document]) -> None:
    counts, summary = wordsift.corpus.count_files([CORPUS_PATH], threads=threads)
    term_frequencies: Counter[str] = Counter()
    document_frequencies: Counter[str] = Counter()
    for document in expected_documents:
        term_frequencies.update(document.tokens)
        document_frequencies.update(set(document.tokens))
    assert counts.term_frequencies == term_frequencies
    assert counts.document_frequencies == document_frequencies
    assert counts.documents == len(expected_documents)
    assert summary.documents == len(expected_documents)
    assert summary.tokens == counts.term_frequencies.total()


def test_directories_take_the_files_matching_glob_recursively_and_never_hidden_ones(tmp_path: Path) -> None:
    root = tmp_path / "articles"
    names = [
        "a.txt",
        "notes.md",
        "sub/b.txt",
        "sub/deeper/c.txt",
        "sub/b.txt.bak",
        "sub/README",
        ".hidden.txt",
        "sub/.hidden.txt",
        ".git/d.txt",
        "sub/.cache/e.txt",
        "sub/.cache/f.md",
    ]
    for index, name in enumerate(names):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(f"Title {name}\nOil rose in {name} {'x' * index}\n", encoding="utf-8")
    visible = [name for name in names if not any(part.startswith(".") for part in name.split("/"))]

    def expected(name: str) -> Document:
        body = (root / name).read_text(encoding="utf-8").partition("\n")[2]
        return Document(name, f"Title {name}", wordsift.reference.tokenize(body))

    matching = [name for name in visible if name.endswith(".txt")]
    assert matching == ["a.txt", "sub/b.txt", "sub/deeper/c.txt"]
    documents = list(tokenize_files([root], glob="*.txt"))
    assert sorted(documents) == sorted(map(expected, matching))
    # The default takes every file but the hidden ones.
    assert len(visible) == 6
    assert sorted(tokenize_files([root])) == sorted(map(expected, visible))
    # And so do the other entry points.
    assert wordsift.corpus.count_files([root], glob="*.txt")[1].documents == len(matching)
    assert write_corpus([root], tmp_path / "out.jsonl", glob="*.md").documents == 1
