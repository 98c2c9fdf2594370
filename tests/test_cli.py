"""The `wordsift` command line, run as `python -m wordsift` in a subprocess.

Output format (seed 001's): the input's title line unchanged, a blank line,
then the body's tokens one per line, each followed by a newline. A few tests
call `wordsift.cli.main` in-process to inject failures (Ctrl-C, a failing
rename) that a subprocess cannot provoke reliably; others interrupt a
subprocess with SIGINT, run it on a pseudo-terminal (progress) or with a
small library preloaded that logs its sync and rename calls (outputs flushed
to disk before they are renamed into place; compiled with the C compiler
that building the wheel needs). Expected tokens come from `wordsift.reference`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import wordsift
import wordsift.cli
import wordsift.corpus
import wordsift.reference
from fixed_inputs import CORPUS_PATH
from test_seeds import EDITORIAL_EDITS, apply_edits

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SEED_000 = SEEDS_DIR / "000_36ba6cd82e780804.txt"
SEED_001 = SEEDS_DIR / "001_c8e3435ecebdda4d.txt"


def run_cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wordsift", *map(str, args)], capture_output=True, cwd=cwd, timeout=120, check=False
    )


def expected_output(path: Path, **options: Any) -> bytes:
    """The documented output, built by hand with the reference tokenizer (not the Rust core the command runs)."""
    text = path.read_bytes().decode("utf-8")
    title, _, body = text.partition("\n")
    tokens = wordsift.reference.tokenize(body, **options)
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
    assert lines[2:-1] == wordsift.reference.tokenize(body)
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
    assert result.stdout.decode().strip() == (
        f"wordsift {wordsift.__version__} (token rules {wordsift.RULES_VERSION}, Unicode {wordsift.UNICODE_VERSION})"
    )


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


@pytest.mark.parametrize(
    "arguments",
    [[CORPUS_PATH, "--output-format", "plain"], ["count", CORPUS_PATH]],
    ids=["tokens", "count"],
)
def test_a_closed_stdout_stops_quietly(arguments: list[object]) -> None:
    # The reader (as `| head` does) takes a little of the output and goes
    # away: wordsift's own exit status and stderr are checked, not a pipeline's.
    command = [sys.executable, "-m", "wordsift", *map(str, arguments), "--quiet"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        try:
            head = process.stdout.read(100)
            process.stdout.close()
            stderr = process.stderr.read()
            status = process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
    assert len(head) == 100, "the output is far longer than a pipe's buffer: the reader left before its end"
    assert b"Traceback" not in stderr
    assert stderr == b""
    assert status == 0


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


def test_an_input_named_count_is_written_dot_slash_count(tmp_path: Path) -> None:
    (tmp_path / "count").write_text("Count title\nOil prices rose; the market fell\n", encoding="utf-8")
    # `wordsift count ...` is the subcommand, even with a file named count in the directory.
    result = run_cli("count", "count", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    tokens = wordsift.reference.tokenize("Oil prices rose; the market fell\n")
    assert result.stdout.decode().splitlines() == [
        "token\tterm_frequency\tdocument_frequency",
        *(f"{token}\t1\t1" for token in sorted(tokens)),
    ]
    result = run_cli("count", cwd=tmp_path)
    assert result.returncode == 2
    assert b"usage: wordsift count" in result.stderr
    assert result.stdout == b""
    # `./count` is the file.
    result = run_cli("./count", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == expected_output(tmp_path / "count")


# `wordsift --help` and the documentation's "Command line" section name the same options.

DOCS = Path(__file__).resolve().parent.parent / "docs"
COMMAND_LINE = (DOCS / "corpora.md", "## Command line")
BAG_OF_WORDS = (DOCS / "bag-of-words.md", "# Bag of words")
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z])(?![\w-])")


def options_named_in(text: str) -> set[str]:
    return set(OPTION.findall(text))


def options_listed_by_help(help_text: str) -> set[str]:
    """The options of argparse's option list (`  -o PATH, --output PATH` lines), not those its prose mentions."""
    options = set()
    for line in help_text.splitlines():
        if line.startswith("  -"):
            invocation = re.split(r"\s{2,}", line.strip())[0]
            options.update(re.findall(r"(?:^|, )(--?[a-zA-Z][\w-]*)", invocation))
    return options


def help_of(*arguments: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", *arguments, "--help"],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.decode()


def test_help_lists_every_option_the_documentation_names() -> None:
    named = options_named_in(doc_section(*COMMAND_LINE))
    assert {"-o", "--input-format", "--stopwords-file", "--max-document-size", "--duplicate-ids", "--top"} <= named
    tokenising, counting = help_of(), help_of("count")
    listed, listed_by_count = options_listed_by_help(tokenising), options_listed_by_help(counting)
    shown = [action for action in wordsift.cli._build_parser()._actions if action.help != argparse.SUPPRESS]
    assert listed == {option for action in shown for option in action.option_strings}, (
        "the help's option list is parsed as argparse wrote it"
    )
    assert sorted(named - listed - listed_by_count) == [], "named in the documentation, missing from --help"
    # `wordsift count` takes the same inputs and options, less those of the tokens' output.
    assert sorted(listed - listed_by_count) == ["--duplicate-ids", "--offsets", "--output-dir", "--output-format"]
    assert "--top" in listed_by_count
    # ... and the help gives the detection rules.
    for help_text in (tokenising, counting):
        assert "gzip is recognised by its magic bytes" in help_text
        assert "JSON Lines: its name ends in .jsonl or .ndjson" in help_text


def doc_section(path: Path, heading: str) -> str:
    """The section of a page under `heading`, up to the next heading of its level or above."""
    text = "\n" + path.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n") + 1
    level = len(heading) - len(heading.lstrip("#"))
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, start + 1)
    return text[start : end.start() if end else len(text)]


@pytest.mark.parametrize(
    ("command", "sections"),
    [
        ("tokenize", [COMMAND_LINE]),
        ("count", [COMMAND_LINE]),
        # Its own options where the matrices are; the inputs' and tokens' with the other commands.
        ("vectorize", [COMMAND_LINE, BAG_OF_WORDS]),
    ],
    ids=["wordsift", "wordsift count", "wordsift vectorize"],
)
def test_every_option_of_the_command_is_documented(command: str, sections: list[tuple[Path, str]]) -> None:
    named = set().union(*(options_named_in(doc_section(*section)) for section in sections))
    undocumented = []
    for action in wordsift.cli._build_parser(command)._actions:
        strings = set(action.option_strings)
        if not strings or strings & {"-h", "--help", "--version"}:
            continue
        if strings & named:
            continue  # one name of an option (`-o` for `--output`) documents it
        undocumented.append("/".join(action.option_strings))
    assert undocumented == [], f"options the documentation's sections {sections} do not name"


def test_the_option_parsers_find_what_they_should() -> None:
    section = "`--input-format`, `-o out/`, `wordsift --help`, a well-known read-only-file, `--min-len N`"
    assert options_named_in(section) == {"--input-format", "-o", "--help", "--min-len"}
    help_text = (
        "options:\n  -h, --help            show this help\n  -o PATH, --output PATH, --output-dir PATH\n"
        "                        where to write; -o); see --glob\n  --glob PATTERN        files to take\n"
    )
    assert options_listed_by_help(help_text) == {"-h", "--help", "-o", "--output", "--output-dir", "--glob"}


# Ctrl-C through the command: it stops at once, and the output is as it was.

# Options that make the command take about a second over LONG_CORPUS_COPIES copies of the shared corpus (73 MB).
SLOW_OPTIONS = ("--threads", "1", "--stem", "english", "--segment", "uax29")
LONG_CORPUS_COPIES = 4


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The shared corpus as JSON Lines, LONG_CORPUS_COPIES times over; deleted after the module's tests."""
    path = tmp_path_factory.mktemp("long-corpus") / "news.jsonl"
    data = CORPUS_PATH.read_bytes()
    assert data.endswith(b"\n")
    with path.open("wb") as file:
        for _ in range(LONG_CORPUS_COPIES):
            file.write(data)
    yield path
    shutil.rmtree(path.parent)


def tree_snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file under `root` (hidden ones too) with its contents, inode and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_ino, path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    } | {path.relative_to(root).as_posix() + "/": (b"", 0, 0) for path in root.rglob("*") if path.is_dir()}


def interrupt(command: list[str], started: Callable[[], bool], after: float) -> tuple[int, bytes, float, float]:
    """Runs `command`, sends it SIGINT once `started()` holds and `after` seconds have passed since it began;
    (exit status, stderr, seconds from start to the signal, seconds from the signal to its exit)."""
    begun = time.monotonic()
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as process:
        try:
            while not started() or time.monotonic() - begun < after:
                assert process.poll() is None, "the run ended before it could be interrupted: give it more work"
                assert time.monotonic() - begun < 120, "the run never started writing"
                time.sleep(0.002)
            sent = time.monotonic()
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=120)
            stopped = time.monotonic()
        finally:
            if process.poll() is None:
                process.kill()
    return process.returncode, stderr, sent - begun, stopped - sent


def long_documents(count: int, texts_each: int) -> bytes:
    """`count` JSON Lines records with unique ids, each the body of `texts_each` documents of the shared corpus."""
    texts = [json.loads(line)["text"] for line in CORPUS_PATH.read_text(encoding="utf-8").splitlines()[:2000]]
    records = (
        {
            "id": index,
            "title": f"Title {index}",
            "text": "\n".join(texts[(index * texts_each + part) % len(texts)] for part in range(texts_each)),
        }
        for index in range(count)
    )
    return "".join(json.dumps(record) + "\n" for record in records).encode("utf-8")


@pytest.mark.serial
@pytest.mark.parametrize("target", ["file", "directory"])
def test_ctrl_c_through_the_command_stops_at_once_leaving_the_output_as_it_was(tmp_path: Path, target: str) -> None:
    # (tests/test_corpus_trust.py interrupts a seed-file run once files are
    # written; here the output also exists beforehand, and the time it takes
    # to stop is measured against a whole run.)
    source = tmp_path / "news.jsonl"
    # The share of a whole run that stopping may take: a file output is
    # abandoned at once; a directory's staged files are deleted one by one
    # (a few per cent of a run here, but file creation and deletion stall on
    # a busy disk).
    longest_stop = 0.25 if target == "file" else 0.4
    if target == "file":
        arguments = list(SLOW_OPTIONS)

        def make_source(scale: int) -> None:
            with source.open("wb") as file:
                for _ in range(LONG_CORPUS_COPIES * scale):
                    file.write(CORPUS_PATH.read_bytes())

        def prepare(directory: Path) -> Path:
            directory.mkdir()
            (directory / "out.jsonl").write_text("previous\n", encoding="utf-8")
            return directory / "out.jsonl"

    else:
        # A file per document takes its time: fewer documents take as long.
        # (Long ones: the documents in flight, written before the run stops,
        # are a fixed number of bytes.)
        arguments = ["--output-format", "seed", "--threads", "1"]

        def make_source(scale: int) -> None:
            source.write_bytes(long_documents(2000 * scale, texts_each=10))

        def prepare(directory: Path) -> Path:
            directory.mkdir()
            (directory / "old.txt").write_text("unrelated\n", encoding="utf-8")
            (directory / "7").write_text("previous\n", encoding="utf-8")  # the file document 7 would replace
            return directory

    # An uninterrupted run into a copy of the output, for its duration (and
    # it does change that output); on a fast machine, with a larger input
    # until it takes about a second.
    scale = 1
    for attempt in range(3):
        make_source(scale)
        copy = tmp_path / f"complete-{attempt}"
        complete = prepare(copy)
        before = tree_snapshot(copy)
        begun = time.monotonic()
        result = run_cli(source, "-o", complete, *arguments)
        whole_run = time.monotonic() - begun
        assert result.returncode == 0, result.stderr
        assert tree_snapshot(copy) != before
        shutil.rmtree(copy)
        if whole_run >= 0.8:
            break
        scale *= min(8, int(1.2 / whole_run) + 1)

    output = prepare(tmp_path / "interrupted")
    before = tree_snapshot(tmp_path / "interrupted")

    def writing() -> bool:  # the temporary file, or the staging directory, is there
        return any(name.startswith(".") for name in os.listdir(tmp_path / "interrupted"))

    command = [sys.executable, "-m", "wordsift", str(source), "-o", str(output), *arguments]
    status, stderr, sent_after, stopped_in = interrupt(command, writing, after=0.05 * whole_run)
    assert status == 130, stderr
    assert stderr.decode().rstrip("\n").endswith("wordsift: interrupted")
    assert b"Traceback" not in stderr
    assert tree_snapshot(tmp_path / "interrupted") == before, "the output is exactly as it was, no temporary left"
    assert sent_after < 0.6 * whole_run, f"interrupted {sent_after:.2f} s into a run of {whole_run:.2f} s"
    assert stopped_in < longest_stop * whole_run, (
        f"stopped {stopped_in:.3f} s after Ctrl-C; a whole run takes {whole_run:.2f} s"
    )


# No half-written output: flushed to disk, then renamed into place, as a preloaded library sees it.

# Wraps the C library's sync and rename functions (which Rust's std and CPython call) and appends a line per call,
# once it returns, to the file that $WORDSIFT_SYNC_LOG names: the call, its paths (a descriptor's as /proc shows
# it, a relative path made absolute) and its result.
SYNC_LOG_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fd_path(int fd, char *out) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, out, PATH_MAX - 1);
    out[n < 0 ? 0 : n] = 0;
}

static void full_path(int dir, const char *path, char *out) {
    char base[PATH_MAX];
    if (path[0] == '/') { snprintf(out, PATH_MAX, "%s", path); return; }
    if (dir == AT_FDCWD) { if (!getcwd(base, sizeof base)) base[0] = 0; } else fd_path(dir, base);
    snprintf(out, PATH_MAX, "%s/%s", base, path);
}

static void log_call(const char *name, const char *first, const char *second, int result) {
    const char *log = getenv("WORDSIFT_SYNC_LOG");
    if (!log) return;
    char line[3 * PATH_MAX];
    int length = snprintf(line, sizeof line, "%s\t%d\t%s\t%s\n", name, result, first, second);
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT, 0644);
    if (fd >= 0) { if (write(fd, line, length) < 0) {} close(fd); }
}

/* The C library's own function of this name: the next definition after this library's. */
#define REAL(function) \
    static __typeof__(&function) real; \
    if (!real) real = (__typeof__(&function)) dlsym(RTLD_NEXT, #function)

#define WRAP_FD(name)                                                       \
    int name(int fd) {                                                      \
        REAL(name);                                                         \
        char path[PATH_MAX];                                                \
        fd_path(fd, path);                                                  \
        int result = real(fd);                                              \
        log_call(#name, path, "", result);                                  \
        return result;                                                      \
    }
WRAP_FD(fsync)
WRAP_FD(fdatasync)
WRAP_FD(syncfs)

int renameat2(int old_dir, const char *old, int new_dir, const char *new, unsigned flags) {
    REAL(renameat2);
    char from[PATH_MAX], to[PATH_MAX];
    full_path(old_dir, old, from);
    full_path(new_dir, new, to);
    int result = real(old_dir, old, new_dir, new, flags);
    log_call("rename", from, to, result);
    return result;
}

int renameat(int old_dir, const char *old, int new_dir, const char *new) {
    REAL(renameat);
    char from[PATH_MAX], to[PATH_MAX];
    full_path(old_dir, old, from);
    full_path(new_dir, new, to);
    int result = real(old_dir, old, new_dir, new);
    log_call("rename", from, to, result);
    return result;
}

int rename(const char *old, const char *new) {
    REAL(rename);
    char from[PATH_MAX], to[PATH_MAX];
    full_path(AT_FDCWD, old, from);
    full_path(AT_FDCWD, new, to);
    int result = real(old, new);
    log_call("rename", from, to, result);
    return result;
}
"""


class Call(NamedTuple):
    """A logged call: its name (fsync, fdatasync, syncfs, rename), its paths and its result."""

    name: str
    paths: tuple[str, ...]
    result: int


def parse_sync_log(log: str) -> list[Call]:
    """The calls of a sync log, in the order they returned."""
    calls = []
    for line in log.splitlines():
        name, result, *paths = line.split("\t")
        calls.append(Call(name, tuple(os.path.normpath(path) for path in paths if path), int(result)))
    return calls


def unflushed_renames(
    calls: list[Call], targets: set[str], *, directories: frozenset[str] = frozenset(), directory_synced: bool = True
) -> list[str]:
    """What is wrong with the way `targets` were put in place: each must be renamed onto once, from a file
    flushed to disk before (an fsync or fdatasync of it, or a syncfs of it or its directory) or, for those in
    `directories`, a directory whose file system was synced (syncfs of it or its parent: an fsync of a directory
    does not flush its files); with `directory_synced`, each directory renamed into must be fsynced after its last
    rename."""
    problems = []
    last_rename_into: dict[str, int] = {}
    for target in sorted(targets):
        onto = [
            (index, call)
            for index, call in enumerate(calls)
            if call.name == "rename" and call.paths[1:] == (target,) and call.result == 0
        ]
        if len(onto) != 1:
            problems.append(f"{target}: renamed into place {len(onto)} times")
            continue
        index, rename = onto[0]
        source = rename.paths[0]
        flushed = any(
            call.result == 0
            and (
                (call.name in ("fsync", "fdatasync") and call.paths == (source,) and target not in directories)
                or (call.name == "syncfs" and call.paths[0] in (source, os.path.dirname(source)))
            )
            for call in calls[:index]
        )
        if not flushed:
            problems.append(f"{target}: renamed from {source} without flushing it to disk first")
        directory = os.path.dirname(target)
        last_rename_into[directory] = max(index, last_rename_into.get(directory, index))
    for directory, index in last_rename_into.items():
        synced = any(call.name == "fsync" and call.paths == (directory,) and call.result == 0 for call in calls[index:])
        if directory_synced and not synced:
            problems.append(f"{directory}: not synced after the rename into it")
    return problems


@pytest.fixture(scope="module")
def sync_log_shim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    compiler = shutil.which("cc") or shutil.which("gcc")
    assert compiler is not None, "no C compiler: building the wheel needs one, and so does this test's shim"
    directory = tmp_path_factory.mktemp("shim")
    (directory / "shim.c").write_text(SYNC_LOG_SHIM, encoding="utf-8")
    library = directory / "shim.so"
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(directory / "shim.c"), "-ldl"], check=True
    )
    return library


def traced_run(arguments: list[object], log: Path, shim: Path) -> list[Call]:
    environment = {**os.environ, "LD_PRELOAD": str(shim), "WORDSIFT_SYNC_LOG": str(log)}
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", *map(str, arguments), "--quiet"],
        capture_output=True,
        timeout=120,
        check=False,
        cwd=log.parent,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    return parse_sync_log(log.read_text(encoding="utf-8"))


NEWS_RECORDS = [
    {"id": 1, "title": "Oil soars", "text": "Oil prices rose sharply in Tokyo"},
    {"id": "b-2", "title": "Gold", "text": "Gold fell; the dollar's gains"},
    {"id": 3, "text": "Caf\u00e9 owners say no"},
]


@pytest.mark.parametrize(
    ("output", "arguments", "written"),
    [
        ("tokens.jsonl", [], ["tokens.jsonl"]),
        ("tokens.txt.gz", [], ["tokens.txt.gz"]),
        ("seeds/", [], ["seeds"]),
        ("existing", ["--output-format", "seed"], ["existing/1", "existing/3", "existing/b-2"]),
    ],
    ids=["json lines", "gzip plain", "new directory", "existing directory"],
)
def test_outputs_are_flushed_to_disk_before_they_are_renamed_into_place(
    tmp_path: Path, sync_log_shim: Path, output: str, arguments: list[str], written: list[str]
) -> None:
    work = Path(os.path.realpath(tmp_path))
    news = work / "news.jsonl"
    news.write_text("".join(json.dumps(record) + "\n" for record in NEWS_RECORDS), encoding="utf-8")
    (work / "existing").mkdir()
    (work / "existing" / "old.txt").write_text("unrelated\n", encoding="utf-8")
    calls = traced_run([news, "-o", f"{work}/{output}", *arguments], work / "sync.log", sync_log_shim)
    targets = {str(work / name) for name in written}
    directories = frozenset(target for target in targets if os.path.isdir(target))
    assert unflushed_renames(calls, targets, directories=directories) == [], calls
    assert (work / written[0]).exists()


@pytest.mark.parametrize(
    ("arguments", "output"),
    [(["count"], "counts.tsv"), ([], "tokens.parquet")],
    ids=["count table", "parquet"],
)
def test_outputs_python_writes_are_flushed_to_disk_before_they_are_renamed_into_place(
    tmp_path: Path, sync_log_shim: Path, arguments: list[str], output: str
) -> None:
    if output.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    work = Path(os.path.realpath(tmp_path))
    news = work / "news.jsonl"
    news.write_text("".join(json.dumps(record) + "\n" for record in NEWS_RECORDS), encoding="utf-8")
    calls = traced_run([*arguments, news, "-o", work / output], work / "sync.log", sync_log_shim)
    assert unflushed_renames(calls, {str(work / output)}) == [], calls


SYNC_LOG = """\
fsync\t0\t/w/.out.jsonl.101.0.tmp\t
rename\t0\t/w/.out.jsonl.101.0.tmp\t/w/out.jsonl
fsync\t0\t/w\t
fdatasync\t0\t/w/other.tmp\t
syncfs\t0\t/w/.seeds.wordsift-102-0.tmp\t
rename\t0\t/w/.seeds.wordsift-102-0.tmp\t/w/seeds
fsync\t0\t/w\t
"""


def test_the_sync_checks_see_what_they_should(sync_log_shim: Path, tmp_path: Path) -> None:
    calls = parse_sync_log(SYNC_LOG)
    assert calls[:3] == [
        Call("fsync", ("/w/.out.jsonl.101.0.tmp",), 0),
        Call("rename", ("/w/.out.jsonl.101.0.tmp", "/w/out.jsonl"), 0),
        Call("fsync", ("/w",), 0),
    ]
    directories = frozenset({"/w/seeds"})
    assert unflushed_renames(calls, {"/w/out.jsonl", "/w/seeds"}, directories=directories) == []
    lines = SYNC_LOG.splitlines(keepends=True)
    broken = {
        "no fsync": "".join(lines[1:]),
        "fsync after the rename": "".join([lines[1], lines[0], *lines[2:]]),
        "fsync failed": SYNC_LOG.replace("fsync\t0\t/w/.out", "fsync\t-1\t/w/.out"),
        "other file synced": SYNC_LOG.replace("fsync\t0\t/w/.out.jsonl.101.0.tmp", "fsync\t0\t/w/out.jsonl"),
        "no syncfs": SYNC_LOG.replace("syncfs", "fsync"),
        "directory not synced": SYNC_LOG.replace("fsync\t0\t/w\t\n", "fsync\t0\t/elsewhere\t\n"),
        "not renamed": SYNC_LOG.replace("/w/out.jsonl\n", "/w/out2.jsonl\n"),
    }
    for why, log in broken.items():
        assert unflushed_renames(parse_sync_log(log), {"/w/out.jsonl", "/w/seeds"}, directories=directories), why
    # And the shim logs what a program does: Python's own fsync and rename.
    log = tmp_path / "sync.log"
    script = "import os; f = open('a', 'w'); f.write('x'); f.flush(); os.fsync(f.fileno()); os.replace('a', 'b')"
    environment = {**os.environ, "LD_PRELOAD": str(sync_log_shim), "WORDSIFT_SYNC_LOG": str(log)}
    subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment, check=True)
    work = os.path.realpath(tmp_path)
    assert parse_sync_log(log.read_text(encoding="utf-8")) == [
        Call("fsync", (f"{work}/a",), 0),
        Call("rename", (f"{work}/a", f"{work}/b"), 0),
    ]


# Progress on a terminal.

PROGRESS = r"\r[\d,]+ documents?, [\d,]+\.\d MB, [\d,]+ MB/s, ETA [\d,]+ s\x1b\[K"
PROGRESS_NUMBERS = re.compile(r"\r([\d,]+) documents?, ([\d,]+\.\d) MB")


def run_on_a_terminal(*arguments: object) -> tuple[int, bytes]:
    """Runs the command with stderr on a pseudo-terminal; its exit status and what the terminal showed."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "wordsift", *map(str, arguments)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=slave,
        )
    finally:
        os.close(slave)
    shown = []
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: every writer has closed the terminal
                break
            if not data:
                break
            shown.append(data)
    finally:
        os.close(master)
        if process.poll() is None and time.monotonic() >= deadline:
            process.kill()
    return process.wait(timeout=120), b"".join(shown)


@pytest.fixture(scope="module")
def long_gzip_corpus(long_corpus: Path) -> Iterator[Path]:
    path = long_corpus.with_name("news.jsonl.gz")
    path.write_bytes(gzip.compress(long_corpus.read_bytes(), compresslevel=1))
    yield path
    path.unlink(missing_ok=True)


@pytest.mark.parametrize("compressed", [False, True], ids=["json lines", "gzip json lines"])
def test_a_terminal_shows_progress_unless_quiet(
    request: pytest.FixtureRequest, compressed: bool, long_corpus: Path
) -> None:
    path = request.getfixturevalue("long_gzip_corpus") if compressed else long_corpus
    documents = LONG_CORPUS_COPIES * len(CORPUS_PATH.read_bytes().splitlines())
    status, shown = run_on_a_terminal(path, "--output-format", "jsonl", *SLOW_OPTIONS)
    assert status == 0, shown
    text = shown.decode("utf-8")
    # Progress lines, each redrawn over the last, then cleared for the summary.
    progress, cleared, summary = text.partition("\r\x1b[K")
    assert cleared, text
    assert re.fullmatch(f"(?:{PROGRESS})+", progress), f"every redraw shows documents, MB, MB/s and ETA: {text!r}"
    numbers = [
        (int(count.replace(",", "")), float(size.replace(",", ""))) for count, size in PROGRESS_NUMBERS.findall(text)
    ]
    assert len(numbers) >= 2, f"a run of a second or so shows a few updates: {text!r}"
    assert numbers == sorted(numbers)
    assert numbers[0][0] < documents, "progress is shown during the run"
    assert summary.startswith(f"wordsift: {documents:,} documents, ")
    status, shown = run_on_a_terminal(path, "--output-format", "jsonl", "--quiet", *SLOW_OPTIONS)
    assert status == 0, shown
    assert shown == b""
