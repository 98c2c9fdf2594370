"""Corpora on disk never give a silently wrong output: each case of the corpus-trust issue, on real files in
temporary directories, through the installed command (a subprocess) or `wordsift.corpus`.

Expectations are made with the standard library (json, gzip) and `wordsift.reference`.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import wordsift
import wordsift.cli
import wordsift.corpus
import wordsift.reference
from fixed_inputs import CORPUS_PATH
from wordsift.corpus import Document, Skipped, count_files, tokenize_files, write_corpus

REFERENCE = wordsift.reference.Tokenizer()


def run_cli(*args: object, stdin: bytes | None = None, **options: Any) -> subprocess.CompletedProcess[bytes]:
    options.setdefault("timeout", 300)
    return subprocess.run(
        [sys.executable, "-m", "wordsift", *map(str, args)], input=stdin, capture_output=True, check=False, **options
    )


def jsonl(records: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def read_jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def expected_records(records: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """What the JSON Lines output of `records` must hold, made with the reference."""
    return [
        {
            "id": str(record["id"]) if "id" in record else f"{name}:{line}",
            "title": record.get("title") or "",
            "tokens": REFERENCE.tokenize(record["text"]),
        }
        for line, record in enumerate(records, start=1)
    ]


NEWS = [
    {"id": 1, "title": "Oil soars", "text": "Oil prices rose\nsharply in Tokyo"},
    {"id": "b-2", "title": "Gold", "text": "Gold fell; the dollar's gains"},
    {"id": 3, "text": 'Caf\u00e9 owners say "no"'},
]


def listing(directory: Path) -> list[str]:
    return sorted(path.relative_to(directory).as_posix() for path in directory.rglob("*"))


# 1. JSON Lines are known by their content, whatever their name.


@pytest.mark.parametrize("name", ["news.json", "dump.txt", "news"])
def test_json_lines_not_named_jsonl_are_read_as_json_lines(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(jsonl(NEWS), encoding="utf-8")
    result = run_cli(path, "--quiet")
    assert result.returncode == 0, result.stderr
    assert read_jsonl(result.stdout.decode()) == expected_records(NEWS, name)
    counted = run_cli("count", path, "--format", "json", "--quiet")
    counts = json.loads(counted.stdout)
    assert counts["documents"] == 3
    assert "text" not in {row["token"] for row in counts["tokens"]}, "JSON keys are no tokens"


def test_json_lines_piped_on_stdin_are_read_as_json_lines() -> None:
    result = run_cli("-", stdin=jsonl(NEWS).encode())
    assert result.returncode == 0, result.stderr
    assert read_jsonl(result.stdout.decode()) == expected_records(NEWS, "<stdin>")
    assert b"3 documents" in result.stderr


def test_a_gzip_file_not_named_gz_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = tmp_path / "news.data"
    path.write_bytes(gzip.compress(b"\xef\xbb\xbf" + jsonl(NEWS).encode()))
    assert list(tokenize_files([path])) == [Document(**record) for record in expected_records(NEWS, path.name)]


@pytest.mark.parametrize(
    "content",
    ['[{"id": 1, "text": "a"}, {"id": 2, "text": "b"}]\n', '{\n  "id": 1,\n  "text": "a"\n}\n', "[\n]\n"],
)
def test_json_that_is_not_json_lines_is_an_error_naming_the_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(content, encoding="utf-8")
    result = run_cli(path, "-o", tmp_path / "out.jsonl")
    assert result.returncode == 2
    assert f"{path}: looks like".encode() in result.stderr
    assert b"not JSON Lines" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.json"]


def test_a_parquet_file_is_known_by_its_magic_bytes(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    path = tmp_path / "table.bin"
    pq.write_table(pa.table({"id": ["x", "y"], "text": ["Oil rose", "Gold fell"]}), path)
    documents = list(tokenize_files([path]))
    assert documents == [Document("x", "", ["oil", "rose"]), Document("y", "", ["gold", "fell"])]


def test_a_seed_file_stays_a_seed_document(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("{Draft} plan for [1987]\nOil prices rose\n", encoding="utf-8")
    assert list(tokenize_files([path])) == [Document("doc.txt", "{Draft} plan for [1987]", ["oil", "prices", "rose"])]


# 2. The output format follows the output's name.


def test_the_output_format_follows_the_output_name(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(NEWS), encoding="utf-8")
    expected = expected_records(NEWS, news.name)
    assert run_cli(news, "-o", tmp_path / "tokens.parquet", "--quiet").returncode == 0
    assert pq.read_table(tmp_path / "tokens.parquet").to_pylist() == expected
    assert run_cli(news, "-o", tmp_path / "out.jsonl.gz", "--quiet").returncode == 0
    assert read_jsonl(gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()).decode()) == expected
    assert run_cli(news, "-o", tmp_path / "out.txt.gz", "--quiet").returncode == 0
    plain = [" ".join(record["tokens"]) + "\n" for record in expected]
    assert gzip.decompress((tmp_path / "out.txt.gz").read_bytes()).decode() == "".join(plain)
    assert run_cli(news, "-o", tmp_path / "out.txt", "--quiet").returncode == 0
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "".join(plain)
    assert run_cli(news, "-o", f"{tmp_path / 'seeds'}/", "--quiet").returncode == 0
    assert listing(tmp_path / "seeds") == ["1", "3", "b-2"]
    assert (tmp_path / "seeds" / "b-2").read_text(encoding="utf-8") == "Gold\n\n" + "".join(
        token + "\n" for token in expected[1]["tokens"]
    )
    assert pa is not None


@pytest.mark.parametrize(
    ("output", "output_format"),
    [("tokens.parquet", "jsonl"), ("out.jsonl", "plain"), ("out.txt", "seed"), ("dir/", "jsonl"), ("out.gz", None)],
)
def test_an_output_name_that_contradicts_the_format_is_refused(
    tmp_path: Path, output: str, output_format: str | None
) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(NEWS), encoding="utf-8")
    arguments = ["--output-format", output_format] if output_format else []
    result = run_cli(news, "-o", f"{tmp_path}/{output}", *arguments)
    assert result.returncode == 2
    assert output.rstrip("/").encode() in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]


# 3. Directory outputs: no overwrite by a duplicate id, complete or absent.


def test_duplicate_ids_are_an_error_naming_both_records_or_numbered(tmp_path: Path) -> None:
    records = [{"id": index % 2000, "text": "oil " + "x" * (1 + index // 2000)} for index in range(4000)]
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(records), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(news, "-o", f"{out}/")
    assert result.returncode == 2
    assert f'document id "0" of {news}, line 2001 is also the id of {news}, line 1'.encode() in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"], "no output, no staging directory"
    result = run_cli(news, "-o", f"{out}/", "--duplicate-ids", "number", "--quiet")
    assert result.returncode == 0, result.stderr
    files = listing(out)
    assert len(files) == 4000
    assert (out / "7").read_text(encoding="utf-8") == "\n\noil\nx\n"
    assert (out / "7~2").read_text(encoding="utf-8") == "\n\noil\nxx\n"


def test_a_bad_id_in_the_middle_leaves_the_directory_unchanged(tmp_path: Path) -> None:
    records = [{"id": f"doc{index}", "text": "oil"} for index in range(3000)]
    records[1500]["id"] = "../escape"
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(records), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    result = run_cli(news, "-o", out, "--output-format", "seed")
    assert result.returncode == 2
    assert b'document id "../escape"' in result.stderr
    assert f"{news}, line 1501".encode() in result.stderr
    assert os.listdir(out) == ["old.txt"]
    assert not (tmp_path / "escape").exists()


def test_a_file_size_limit_leaves_the_directory_unchanged(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl([{"id": index, "text": "oil prices rose " * 200} for index in range(3000)]))
    out = tmp_path / "out"
    # Each file is some 3 KB: a 2 KB limit fails the first write (SIGXFSZ ignored: EFBIG).
    limited = 'trap "" XFSZ; ulimit -f 2; exec "$0" "$@"'
    command = ["sh", "-c", limited, sys.executable, "-m", "wordsift", str(news), "-o", f"{out}/"]
    result = subprocess.run(command, capture_output=True, timeout=300, check=False)
    assert result.returncode == 2
    assert f"cannot write {out}".encode() in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]


def test_ctrl_c_mid_run_leaves_the_directory_unchanged(tmp_path: Path) -> None:
    records = [{"id": index, "text": "oil prices rose sharply " * 20} for index in range(200_000)]
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(records), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "wordsift", str(news), "-o", str(out), "--output-format", "seed", "--threads", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Interrupted once files are being written into the staging directory.
    deadline = time.monotonic() + 120
    staging: list[Path] = []
    while time.monotonic() < deadline and process.poll() is None:
        staging = [path for path in out.iterdir() if path.name.startswith(".wordsift-")]
        if staging and len(os.listdir(staging[0])) > 100:
            break
        time.sleep(0.01)
    assert staging, "the run never started writing"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 130
    assert stderr.decode().strip().endswith("wordsift: interrupted")
    assert b"Traceback" not in stderr
    assert os.listdir(out) == ["old.txt"]


def test_a_directory_output_holds_exactly_one_file_per_document(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    for index in range(300):
        folder = articles / f"part{index % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{index}.txt").write_text(f"Title {index}\nOil rose {index} times\n", encoding="utf-8")
    (articles / ".hidden.txt").write_text("Hidden\nnever read\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(articles, "-o", f"{out}/", "--quiet")
    assert result.returncode == 0, result.stderr
    files = [name for name in listing(out) if name.endswith(".txt")]
    assert len(files) == 300
    assert (out / "part1" / "4.txt").read_text(encoding="utf-8") == "Title 4\n\noil\nrose\ntimes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "out"]


# 4. Every skipped document is reported.


def test_a_skipped_seed_document_to_stdout_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Title\nsome \xff bytes\n")
    result = run_cli(bad, "--errors", "skip")
    assert result.returncode == 0
    assert result.stdout == b""
    stderr = result.stderr.decode()
    assert f"wordsift: skipped {bad}: not valid UTF-8 at byte offset 11" in stderr
    assert "0 documents" in stderr
    assert "1 skipped" in stderr
    assert run_cli(bad, "--errors", "skip", "--quiet").stderr == b""


def test_every_skipped_document_is_listed(tmp_path: Path) -> None:
    lines = ['{"text": "ok"}'] + ["not json"] * 12
    news = tmp_path / "news.jsonl"
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(news, "--errors", "skip", "-o", tmp_path / "out.jsonl")
    stderr = result.stderr.decode()
    assert "1 document, 1 token" in stderr
    assert "12 skipped" in stderr
    for line in range(2, 14):
        assert f"wordsift: skipped {news}, line {line}: not a JSON object" in stderr


# 5. Fields the user names must be there.


@pytest.mark.parametrize("option", ["--title-field", "--id-field", "--text-field"])
def test_an_unknown_field_on_the_first_record_is_an_error(tmp_path: Path, option: str) -> None:
    news = tmp_path / "news2k.jsonl"
    news.write_text(jsonl(NEWS), encoding="utf-8")
    for errors in ("strict", "skip"):
        result = run_cli(news, option, "headline", "--errors", errors)
        assert result.returncode == 2
        message = f'{news}, line 1: the first record has no field "headline" (its fields: "id", "title", "text")'
        assert message.encode() in result.stderr


def test_a_named_field_missing_from_a_later_record_follows_errors(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl([{"text": "a", "head": "A"}, {"text": "b"}, {"text": "c", "head": "C"}]), encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match=r'news\.jsonl, line 2: no field "head"'):
        list(tokenize_files([news], title_field="head"))
    files = tokenize_files([news], title_field="head", errors="skip")
    assert [document.title for document in files] == ["A", "C"]
    assert files.skipped == [Skipped(str(news), 2, 'no field "head"')]


# 6. The mixed inputs of the documentation (Corpora and the command line).


def test_json_lines_and_a_directory_of_seed_files_in_one_run(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl.gz"
    news.write_bytes(gzip.compress(jsonl(NEWS).encode()))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Title A\nOil rose\n", encoding="utf-8")
    documents = list(tokenize_files([news, articles]))
    assert documents == [
        *(Document(**record) for record in expected_records(NEWS, news.name)),
        Document("a.txt", "Title A", ["oil", "rose"]),
    ]


# 7. Options and outputs are checked before any input is read.


def test_count_checks_its_options_and_output_before_counting(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    result = run_cli("count", missing / "input.jsonl", "--max-df", "1.5")
    assert result.returncode == 2
    assert b"--max-df must be a fraction" in result.stderr, "checked before the missing input is noticed"
    result = run_cli("count", CORPUS_PATH, "-o", missing / "c.tsv")
    assert result.returncode == 2
    assert str(missing / "c.tsv").encode() in result.stderr
    assert b".tmp" not in result.stderr
    assert b"documents" not in result.stderr, "nothing was counted"


# 8. Many files: linear time.


def test_twenty_thousand_files_in_and_out(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for index in range(20_000):
        (articles / f"{index:05}.txt").write_text(f"Title {index}\nOil rose\n", encoding="utf-8")
    out = tmp_path / "out"
    # Far more than it takes (about 2 s): a quadratic check took 13 minutes.
    result = run_cli(articles, "-o", f"{out}/", "--quiet", timeout=120)
    assert result.returncode == 0, result.stderr
    names = os.listdir(out)
    assert len(names) == 20_000
    assert (out / "12345.txt").read_text(encoding="utf-8") == "Title 12345\n\noil\nrose\n"


# 9. Memory is bounded per document.


def _peak_rss_mb(command: list[str]) -> tuple[subprocess.CompletedProcess[bytes], float]:
    """Runs `command` in a subprocess of a Python that reports the peak RSS of its own child, in MB."""
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "sys.stdout.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
        "sys.stderr.buffer.write(done.stderr)\n"
        "sys.exit(done.returncode)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *command], capture_output=True, timeout=300, check=False)
    return result, int(result.stdout) / 1024


def test_a_huge_seed_document_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    # 96 MB of text in one document, on one line (no line breaks to cut at).
    words = b"oil gold " * 64 + b"market "
    path = tmp_path / "big.txt.gz"
    with gzip.open(path, "wb", compresslevel=1) as file:
        file.write(b"A title\n")
        for _ in range(96 * 2**20 // len(words)):
            file.write(words)
    out = tmp_path / "out"
    result, peak = _peak_rss_mb([sys.executable, "-m", "wordsift", str(path), "-o", f"{out}/", "--quiet"])
    assert result.returncode == 0, result.stderr
    assert peak < 120, f"peak RSS {peak:.0f} MB for a 96 MB document"
    with (out / "big.txt.gz").open("rb") as file:
        assert file.readline() == b"A title\n"
        assert file.readline() == b"\n"
        counts: dict[bytes, int] = {}
        for line in file:
            counts[line] = counts.get(line, 0) + 1
    repeats = 96 * 2**20 // len(words)
    assert counts == {b"oil\n": 64 * repeats, b"gold\n": 64 * repeats, b"market\n": repeats}


def test_a_document_over_the_limit_is_refused_naming_the_file_and_line(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl([{"text": "short"}, {"text": "long " * 1000}, {"text": "later"}]), encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match=r"news\.jsonl, line 2: the document is larger than the limit"):
        list(tokenize_files([news], max_document_bytes=1000))
    files = tokenize_files([news], max_document_bytes=1000, errors="skip")
    assert [document.tokens for document in files] == [["short"], ["later"]]
    reason = "the document is larger than the limit of 1000 bytes (max_document_bytes, --max-document-size)"
    assert files.skipped == [Skipped(str(news), 2, reason)]
    seed = tmp_path / "seed.txt"
    seed.write_text("Title\n" + "word " * 1000, encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match=r"seed\.txt: the document is larger"):
        list(tokenize_files([seed], max_document_bytes=1000))
    # Written or counted, it is streamed instead.
    assert count_files([seed], max_document_bytes=1000)[0].term_frequencies["word"] == 1000
    result = run_cli(news, "--max-document-size", "1K", "--errors", "skip", "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0
    assert f"skipped {news}, line 2: the document is larger than the limit of 1024 bytes".encode() in result.stderr


# 10. Ids are kept as written.


def test_ids_are_kept_exactly_as_written(tmp_path: Path) -> None:
    ids = ["18446744073709551617", "-9223372036854775809", "12345678901234567890123", "-0", "1.50", "1e5"]
    news = tmp_path / "news.jsonl"
    lines = [f'{{"id": {identifier}, "text": "oil"}}' for identifier in ids]
    lines.append('{"id": 98765432109876543210, "text": "oil", "nested": {"a": [1]}}')
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert [document.id for document in tokenize_files([news])] == [*ids, "98765432109876543210"]
    result = run_cli(news, "--quiet")
    assert [record["id"] for record in read_jsonl(result.stdout.decode())] == [*ids, "98765432109876543210"]


# 11. The smaller cases.


def test_a_lone_surrogate_follows_errors(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text('{"text": "oil \\ud800 gold"}\n{"text": "ok"}\n', encoding="utf-8")
    with pytest.raises(wordsift.WordsiftError, match=r"news\.jsonl, line 1: a lone surrogate \\ud800 at column 15"):
        list(tokenize_files([news]))
    assert [document.tokens for document in tokenize_files([news], errors="replace")] == [["oil", "gold"], ["ok"]]
    files = tokenize_files([news], errors="skip")
    assert [document.tokens for document in files] == [["ok"]]
    assert files.skipped[0].line == 1


def test_summaries_speak_english(tmp_path: Path) -> None:
    news = tmp_path / "one.jsonl"
    news.write_text('{"text": "oil"}\n', encoding="utf-8")
    assert b"wordsift: 1 document, 1 token," in run_cli(news, "-o", tmp_path / "out.jsonl").stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert f"no input files: {empty} holds no file matching '*'".encode() in run_cli(empty).stderr


def test_gzip_input_shows_an_eta(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = tmp_path / "news.jsonl.gz"
    news.write_bytes(gzip.compress(CORPUS_PATH.read_bytes()))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert wordsift.cli.main([str(news), "-o", str(tmp_path / "out.jsonl"), "--threads", "1"]) == 0
    assert ", ETA " in capsys.readouterr().err


def test_count_counts_bodies_and_optionally_titles(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(NEWS), encoding="utf-8")
    bodies = REFERENCE.count([str(record["text"]) for record in NEWS])
    both = REFERENCE.count([f"{record.get('title', '')}\n{record['text']}" for record in NEWS])
    assert count_files([news])[0] == bodies
    assert count_files([news], count_titles=True)[0] == both
    table = run_cli("count", news, "--titles", "--quiet").stdout.decode()
    assert "soars\t1\t1" in table


def test_help_and_dir_show_what_users_need() -> None:
    doc = wordsift.Tokenizer.__doc__ or ""
    for option in ("errors", "cjk", "stem", "segment", "stopwords", "normalize"):
        assert f"{option}:" in doc, option
    names = dir(wordsift)
    assert "TYPE_CHECKING" not in names
    assert "annotations" not in names
    assert set(wordsift.__all__) <= set(names)
    assert [name for name in names if not name.startswith("_") and name not in wordsift.__all__] == [
        "cli",
        "corpus",
        "counts",
        "errors",
        "explanation",
        "reference",
        "sklearn",
    ]


def test_write_corpus_takes_the_format_from_the_name(tmp_path: Path) -> None:
    news = tmp_path / "news.jsonl"
    news.write_text(jsonl(NEWS), encoding="utf-8")
    write_corpus([news], tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8").splitlines()[0] == "oil prices rose sharply tokyo"
    with pytest.raises(wordsift.WordsiftError, match="is a plain file, but the output format is 'jsonl'"):
        write_corpus([news], tmp_path / "other.txt", output_format="jsonl")
    assert not (tmp_path / "other.txt").exists()
