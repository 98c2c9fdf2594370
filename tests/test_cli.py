"""The `wordsift` command line, run as `python -m wordsift` in a subprocess.

Output format (seed 001's): the input's title line unchanged, a blank line,
then the body's tokens one per line, each followed by a newline. A few tests
call `wordsift.cli.main` in-process to inject failures (Ctrl-C, a failing
rename) that a subprocess cannot provoke reliably.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import wordsift
import wordsift.cli
import wordsift.corpus
import wordsift.reference
from conftest import CORPUS_PATH
from test_seeds import EDITORIAL_EDITS, apply_edits

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = SEEDS_DIR / "000_36ba6cd82e780804.txt"
SEED_001 = SEEDS_DIR / "001_c8e3435ecebdda4d.txt"


def run_cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wordsift", *map(str, args)], capture_output=True, cwd=cwd, timeout=120, check=False
    )


def expected_output(path: Path, **options: Any) -> bytes:
    """The documented output, built from the public API by hand."""
    text = path.read_bytes().decode("utf-8")
    title, _, body = text.partition("\n")
    tokens = wordsift.tokenize(body, **options)
    return (title.removesuffix("\r") + "\n\n" + "".join(token + "\n" for token in tokens)).encode("utf-8")


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns) for path in sorted(directory.iterdir())}


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "input" / "doc.txt"
    path.parent.mkdir()
    path.write_bytes(
        "Dollar Rises 2.5 PCT; the \u00c9CU falls\n"
        "The dollar rose 2.5 pct to 145.20 yen, traders said.\n"
        "Co\u00adoperation at the \uff26\uff25\uff24 and \ufb01nance ministers' 1987 accord held.\n"
        "Cafe\u0301 prices were unchanged.\n".encode()
    )
    return path


def test_one_file_goes_to_stdout_in_the_seed_001_format() -> None:
    result = run_cli(SEED_000)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    source = SEED_000.read_bytes().decode("utf-8")
    title, body = source.split("\n", 1)
    lines = result.stdout.decode("utf-8").split("\n")
    assert lines[0] == title
    assert lines[1] == ""
    assert lines[2:-1] == wordsift.tokenize(body)
    assert lines[-1] == "", "the last token line ends with a newline"
    assert result.stdout == expected_output(SEED_000)


def test_output_of_seed_000_is_seed_001_up_to_the_editorial_edits() -> None:
    result = run_cli(SEED_000)
    tokens = result.stdout.decode("utf-8").split("\n")[2:-1]
    expected_tokens = SEED_001.read_bytes().decode("utf-8").split("\n")[2:-1]
    assert apply_edits(tokens, EDITORIAL_EDITS) == expected_tokens


def test_output_dir_gets_one_file_per_input_with_the_same_name(tmp_path: Path) -> None:
    out = tmp_path / "out" / "nested"
    result = run_cli(SEED_000, SEED_001, "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert sorted(path.name for path in out.iterdir()) == [SEED_000.name, SEED_001.name]
    assert (out / SEED_000.name).read_bytes() == expected_output(SEED_000)
    assert (out / SEED_001.name).read_bytes() == expected_output(SEED_001)


def test_output_dir_with_one_input(tmp_path: Path) -> None:
    result = run_cli(SEED_000, "--output-dir", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / SEED_000.name).read_bytes() == expected_output(SEED_000)


def test_output_files_are_replaced_when_they_exist(tmp_path: Path) -> None:
    (tmp_path / SEED_000.name).write_text("old contents\n")
    result = run_cli(SEED_000, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / SEED_000.name).read_bytes() == expected_output(SEED_000)
    assert [path.name for path in tmp_path.iterdir()] == [SEED_000.name]


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["--keep-numbers"], {"keep_numbers": True}),
        (["--stopwords", "none"], {"stopwords": None}),
        (["--no-lowercase"], {"lowercase": False}),
        (["--no-lowercase", "--case-sensitive"], {"lowercase": False, "case_sensitive": True}),
        (["--min-len", "4", "--max-len", "7"], {"min_len": 4, "max_len": 7}),
        (["--max-len", "5"], {"max_len": 5}),
        (["--normalize", "NFKC"], {"normalize": "NFKC"}),
        (["--normalize", "none"], {"normalize": None}),
        (["--normalize", "NFC", "--keep-numbers", "--stopwords", "none"], {"keep_numbers": True, "stopwords": None}),
    ],
)
def test_options_pass_through_to_the_tokenizer(document: Path, arguments: list[str], options: dict[str, Any]) -> None:
    result = run_cli(document, *arguments)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_output(document, **options)
    assert result.stdout != expected_output(document), "the option should change this document's tokens"


def test_default_stopword_list_by_name(document: Path) -> None:
    for name in ("default", "english"):
        result = run_cli(document, "--stopwords", name)
        assert result.returncode == 0, result.stderr
        assert result.stdout == expected_output(document) == expected_output(document, stopwords=name)


def test_stopwords_file(document: Path, tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("# my list\nDollar\n\n  pct  \n#the\nsaid\n", encoding="utf-8")
    result = run_cli(document, "--stopwords-file", words)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_output(document, stopwords=["Dollar", "pct", "said"])
    lines = result.stdout.decode("utf-8").split("\n")
    assert "the" in lines
    assert "dollar" not in lines


def test_stopwords_and_stopwords_file_exclude_each_other(document: Path, tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("dollar\n", encoding="utf-8")
    result = run_cli(document, "--stopwords", "none", "--stopwords-file", words)
    assert result.returncode == 2
    assert b"not allowed with" in result.stderr


def test_missing_stopwords_file(document: Path, tmp_path: Path) -> None:
    result = run_cli(document, "--stopwords-file", tmp_path / "absent.txt")
    assert result.returncode == 2
    assert b"absent.txt" in result.stderr
    assert result.stdout == b""


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--stopwords", "klingon"], b"unknown stopword list 'klingon'; valid names: arabic, bulgarian,"),
        (["--min-len", "5", "--max-len", "2"], b"min_len (5) must not exceed max_len (2)"),
        (["--min-len", "-1"], b"min_len must be >= 0, got -1"),
        (["--max-len", "-3"], b"max_len must be >= 0, got -3"),
        (["--min-len", "two"], b"invalid int value"),
        (["--normalize", "NFD"], b"invalid choice"),
        (["--unknown"], b"unrecognized arguments"),
    ],
)
def test_bad_options_exit_2_with_a_message(document: Path, arguments: list[str], message: bytes) -> None:
    result = run_cli(document, *arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"wordsift {wordsift.__version__} (Unicode {wordsift.UNICODE_VERSION})"


def test_no_input_is_a_usage_error() -> None:
    result = run_cli()
    assert result.returncode == 2
    assert b"usage:" in result.stderr


def test_missing_file_exits_2_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-document.txt"
    result = run_cli(missing)
    assert result.returncode == 2
    assert str(missing).encode() in result.stderr
    assert b"Traceback" not in result.stderr
    assert result.stdout == b""


def test_non_utf8_file_exits_2_naming_it_and_the_byte_offset(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Title\nna\u00efve caf\u00e9\n".encode("latin-1"))
    result = run_cli(bad)
    assert result.returncode == 2
    assert str(bad).encode() in result.stderr
    assert b"byte offset 8" in result.stderr  # "Title\n" is 6 bytes, "na" 2 more
    assert result.stdout == b""


def test_encoded_surrogate_is_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "surrogate.txt"
    bad.write_bytes(b"Title\nab \xed\xa0\x80 cd\n")
    result = run_cli(bad)
    assert result.returncode == 2
    assert b"byte offset 9" in result.stderr


def test_an_empty_directory_exits_2_naming_it(tmp_path: Path) -> None:
    result = run_cli(tmp_path)
    assert result.returncode == 2
    assert str(tmp_path).encode() in result.stderr
    assert b"Traceback" not in result.stderr


def test_a_directory_is_searched_and_mirrored(tmp_path: Path) -> None:
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    shutil.copy(SEED_000, source / "a.txt")
    shutil.copy(SEED_001, source / "sub" / "b.txt")
    (source / "skip.md").write_text("Not matched\nwords\n", encoding="utf-8")
    result = run_cli(source, "-o", tmp_path / "out", "--glob", "*.txt")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "a.txt").read_bytes() == expected_output(SEED_000)
    assert (tmp_path / "out" / "sub" / "b.txt").read_bytes() == expected_output(SEED_001)
    assert not (tmp_path / "out" / "skip.md").exists()
    assert b"2 documents" in result.stderr


def test_several_inputs_without_output_dir_exit_2() -> None:
    result = run_cli(SEED_000, SEED_001)
    assert result.returncode == 2
    assert b"-o DIR" in result.stderr
    assert result.stdout == b""


def test_output_dir_equal_to_the_input_dir_is_refused(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("Title A\nsome words here\n", encoding="utf-8")
    second.write_text("Title B\nother words there\n", encoding="utf-8")
    before = snapshot(tmp_path)
    for output_dir in (tmp_path, Path(str(tmp_path) + "/."), tmp_path / ".." / tmp_path.name):
        result = run_cli(first, second, "-o", output_dir)
        assert result.returncode == 2
        assert b"refusing to overwrite an input file" in result.stderr
        assert snapshot(tmp_path) == before


def test_output_dir_equal_to_the_input_dir_is_refused_with_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Title\nwords\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run_cli("doc.txt", "-o", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert snapshot(tmp_path) == before


def test_output_through_a_hard_link_to_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in" / "doc.txt"
    source.parent.mkdir()
    source.write_text("Title\nwords\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    os.link(source, out / "doc.txt")
    result = run_cli(source, "-o", out)
    assert result.returncode == 2
    assert source.read_text(encoding="utf-8") == "Title\nwords\n"


def test_two_inputs_with_the_same_base_name_exit_2_naming_both(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "doc.txt").write_text(f"Title {folder}\nwords\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(tmp_path / "x" / "doc.txt", tmp_path / "y" / "doc.txt", "-o", out)
    assert result.returncode == 2
    message = result.stderr.decode()
    assert f'document id "doc.txt" of {tmp_path / "y" / "doc.txt"} is also the id of {tmp_path / "x" / "doc.txt"}' in (
        message
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["x", "y"], "no output, no staging directory"


def test_a_bad_input_stops_the_run_leaving_the_output_directory_as_it_was(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\n\xff\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("unrelated\n", encoding="utf-8")
    result = run_cli(SEED_000, bad, SEED_001, "-o", out)
    assert result.returncode == 2
    assert str(bad).encode() + b": not valid UTF-8 at byte offset 6" in result.stderr
    # The directory is complete or unchanged: not even the document before
    # the bad input is there, and no staging directory is left.
    assert [path.name for path in out.iterdir()] == ["keep.txt"]
    assert (out / "keep.txt").read_text(encoding="utf-8") == "unrelated\n"


def test_an_output_that_would_replace_a_directory_leaves_the_directory_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    # A directory where the second output should go: refused before any
    # file is moved into place.
    (out / SEED_001.name).mkdir()
    result = run_cli(SEED_000, SEED_001, "-o", out)
    assert result.returncode == 2
    assert SEED_001.name.encode() + b": is a directory" in result.stderr
    assert [path.name for path in out.iterdir()] == [SEED_001.name]
    assert list((out / SEED_001.name).iterdir()) == []


def test_output_dir_that_is_a_file_exits_2(tmp_path: Path) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x", encoding="utf-8")
    result = run_cli(SEED_000, "-o", not_a_dir)
    assert result.returncode == 2
    assert str(not_a_dir).encode() in result.stderr
    assert not_a_dir.read_text(encoding="utf-8") == "x"


@pytest.mark.parametrize(
    ("contents", "expected"),
    [
        (b"Title only", b"Title only\n\n"),
        (b"Title only\n", b"Title only\n\n"),
        (b"", b"\n\n"),
        (b"\n", b"\n\n"),
        (b"Windows title\r\nBody words\r\nmore\r\n", b"Windows title\n\nbody\nwords\nmore\n"),
        (b"  Title, kept AS IS!  \nThe cat", b"  Title, kept AS IS!  \n\ncat\n"),
        (b"Title\n\n\nthe of and", b"Title\n\n"),
        (b"Title\rstill title\nbody", b"Title\rstill title\n\nbody\n"),
    ],
)
def test_title_and_body_split_at_the_first_newline(tmp_path: Path, contents: bytes, expected: bytes) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(contents)
    result = run_cli(path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected


def test_non_ascii_title_and_tokens_are_written_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("\u039f\u0394\u039f\u03a3 \u2014 \u65e5\u672c\n\u039f\u0394\u039f\u03a3 \u65e5\u672c\n".encode())
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", str(path)],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.decode("utf-8")
        == "\u039f\u0394\u039f\u03a3 \u2014 \u65e5\u672c\n\n\u03bf\u03b4\u03bf\u03c2\n\u65e5\u672c\n"
    )


def test_corpus_documents_through_the_cli(tmp_path: Path, corpus: list[tuple[int, str]]) -> None:
    inputs = []
    for doc_id, text in corpus[:: len(corpus) // 20]:
        path = tmp_path / "in" / f"{doc_id}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        inputs.append(path)
    result = run_cli(*inputs, "-o", tmp_path / "out", "--keep-numbers")
    assert result.returncode == 0, result.stderr
    for path in inputs:
        assert (tmp_path / "out" / path.name).read_bytes() == expected_output(path, keep_numbers=True)


# In-process: failures a subprocess cannot provoke on demand.


def test_ctrl_c_exits_130_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **options: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(wordsift.corpus, "_write_run", interrupted)
    assert wordsift.cli.main([str(SEED_000)]) == 130
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.strip() == "wordsift: interrupted"
    assert captured.out == ""


def test_ctrl_c_during_a_run_leaves_no_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The progress report runs between chunks, on the calling thread, where
    # Python delivers a Ctrl-C.
    def interrupted(self: object, documents: int, size: int, position: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(wordsift.cli._Progress, "__call__", interrupted)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    output = tmp_path / "out.jsonl"
    assert wordsift.cli.main([str(CORPUS_PATH), "-o", str(output)]) == 130
    assert list(tmp_path.iterdir()) == []


def test_an_output_that_cannot_be_created_exits_2_and_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "missing" / "out.jsonl"
    assert wordsift.cli.main([str(SEED_000), "-o", str(output), "--output-format", "jsonl"]) == 2
    assert f"cannot write {output}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_output_file_mode_follows_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        assert wordsift.cli.main([str(SEED_000), "-o", str(tmp_path)]) == 0
    finally:
        os.umask(previous)
    assert (tmp_path / SEED_000.name).stat().st_mode & 0o777 == 0o644


# Corpora: JSON Lines, stdin, summaries.


def test_json_lines_in_and_out_with_a_summary(tmp_path: Path) -> None:
    output = tmp_path / "tokens.jsonl"
    result = run_cli(CORPUS_PATH, "-o", output, "--threads", 2)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    reference = wordsift.reference.Tokenizer()
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        for record, line in zip(records, lines, strict=True):
            source = json.loads(line)
            assert record == {
                "id": str(source["id"]),
                "title": source["title"],
                "tokens": reference.tokenize(source["text"]),
            }
    summary = result.stderr.decode()
    assert summary.startswith("wordsift: 21,578 documents, ")
    assert "; 0 skipped" in summary


def test_plain_output_from_stdin_to_stdout(tmp_path: Path) -> None:
    lines = b'{"text": "The market rose"}\n{"text": "Shares fell, \\u00e9lan"}\n'
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "-", "--input-format", "jsonl", "--output-format", "plain", "--quiet"],
        input=lines,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "market rose\nshares fell \u00e9lan\n".encode()
    assert result.stderr == b""


def test_skipped_documents_are_listed_in_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "docs.txt"
    path.write_bytes(b"good words\nbad \xff\nmore words\n")
    result = run_cli(path, "--input-format", "lines", "--output-format", "plain", "--errors", "skip")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"good words\nmore words\n"
    assert b"2 documents" in result.stderr
    assert f"skipped {path}, line 2: not valid UTF-8 at byte offset 15".encode() in result.stderr


def test_a_closed_stdout_stops_quietly() -> None:
    command = f"{sys.executable} -m wordsift {CORPUS_PATH} --output-format plain --quiet | head -c 100 > /dev/null"
    result = subprocess.run(["sh", "-c", command], capture_output=True, timeout=120, check=False)
    assert result.returncode == 0
    assert b"Traceback" not in result.stderr
    assert result.stderr == b""


def test_count_lists_the_most_frequent_tokens(tmp_path: Path) -> None:
    documents = ["the market rose", "market shares rose", "market", "shares of gold"]
    path = tmp_path / "docs.txt"
    path.write_text("\n".join(documents) + "\n", encoding="utf-8")
    result = run_cli("count", path, "--input-format", "lines", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().splitlines() == [
        "token\tterm_frequency\tdocument_frequency",
        "market\t3\t3",
        "rose\t2\t2",
        "shares\t2\t2",
        "gold\t1\t1",
    ]
    result = run_cli("count", path, "--input-format", "lines", "--min-df", 2, "--max-df", 0.5, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "documents": 4,
        "tokens": [
            {"token": "rose", "term_frequency": 2, "document_frequency": 2},
            {"token": "shares", "term_frequency": 2, "document_frequency": 2},
        ],
    }
    assert b"4 documents" in result.stderr


def test_count_of_the_corpus_matches_the_reference_and_writes_a_file(tmp_path: Path) -> None:
    output = tmp_path / "counts.tsv"
    result = run_cli("count", CORPUS_PATH, "--top", 50, "-o", output)
    assert result.returncode == 0, result.stderr
    reference = wordsift.reference.Tokenizer()
    terms: Counter[str] = Counter()
    documents: Counter[str] = Counter()
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        for line in lines:
            tokens = reference.tokenize(json.loads(line)["text"])
            terms.update(tokens)
            documents.update(set(tokens))
    top = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[:50]
    rows = output.read_text(encoding="utf-8").splitlines()[1:]
    assert rows == [f"{token}\t{term}\t{documents[token]}" for token, term in top]


def test_count_refuses_bad_limits(tmp_path: Path) -> None:
    result = run_cli("count", SEED_000, "--max-df", 1.5)
    assert result.returncode == 2
    assert b"--max-df must be a fraction in (0, 1], got 1.5" in result.stderr
