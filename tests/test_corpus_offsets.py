"""Offsets in the corpus outputs (`wordsift --offsets`, `write_corpus(offsets=True)`): each token's span in its body.

The oracle is `Tokenizer.tokenize_with_offsets` on the body as Python reads it
(a JSON record's decoded text, a seed file's text after its title line), whose
own tests hold it to the reference: a record's offsets must be its pairs, and
its tokens those written without offsets.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import wordsift
import wordsift.corpus
from wordsift import _core
from wordsift.cli import main
from wordsift.corpus import write_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

BODIES = [
    "Caf\u00e9 au lait, na\u00efve \u00e9l\u00e8ve",
    "\u0130stanbul \u0130STANBUL and KIZILIRMAK",
    "co\u00adoperate re\u00adenter the soft\u00ad hyphen",
    "\u4e2d\u6587\u5b57 \u65e5\u672c\u8a9e\u306e\u6587\u7ae0 mixed \u4e2d\u6587text",
    "\U0001f600\U0001f600 smile \U0001f44d\U0001f3fd thumbs \U0001d400\U0001d401 bold",
    "e\u0301tude\u0301 cafe\u0301 A\u030angstr\u00f6m",
    "\ufb01ne \uff21\uff22\uff23 \u2460 full\u2010width",
    '\u05e6"\u05d4"\u05dc and \u05d0"\u05d1 quoted',
    "line one\nline two\u2028line three\r\nthe of a",
    "",
    "   ",
    "The market rose 2,000 points; shares of U.S. firms can't fall",
]

# (Tokenizer keywords, the command's flags): the defaults and a few that change the spans.
OPTION_SETS = [
    ({}, []),
    ({"normalize": "NFKC"}, ["--normalize", "NFKC"]),
    ({"segment": "uax29"}, ["--segment", "uax29"]),
    ({"stem": "english"}, ["--stem", "english"]),
    ({"cjk": "bigrams"}, ["--cjk", "bigrams"]),
]
OPTION_IDS = ["default", "nfkc", "uax29", "stem", "bigrams"]


def pairs(tokenizer: wordsift.Tokenizer, body: str) -> list[list[int]]:
    return [[start, end] for _, start, end in tokenizer.tokenize_with_offsets(body)]


@pytest.fixture
def jsonl_input(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A JSON Lines file of the bodies, some written with \\u escapes (surrogate pairs too), and its bodies by id."""
    path = tmp_path / "in" / "docs.jsonl"
    path.parent.mkdir()
    records = [
        {"id": f"d{index}", "title": f"T{index} \u00e9", "text": body}
        for index, body in enumerate(BODIES * 3 + [" ".join(BODIES)])
    ]
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=index % 2 == 0) + "\n" for index, record in enumerate(records)),
        encoding="utf-8",
    )
    return path, {str(record["id"]): str(record["text"]) for record in records}


@pytest.fixture
def seed_input(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A directory of seed documents (the repository's, and some of the bodies with a CRLF title line or a
    byte order mark), and their bodies by id: the text after the title line."""
    directory = tmp_path / "seeds"
    directory.mkdir()
    bodies = {}
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (directory / path.name).write_text(text, encoding="utf-8")
        bodies[path.name] = text.partition("\n")[2]
    for index, body in enumerate(BODIES):
        name = f"b{index:02}.txt"
        title_line = ["Title \u00e9\n", "Title\r\n", "\ufeffTitle \u4e2d\n"][index % 3]
        (directory / name).write_bytes((title_line + body).encode("utf-8"))
        bodies[name] = body
    return directory, bodies


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    if path.name.endswith(".gz"):
        data = gzip.decompress(data)
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def check_records(
    with_offsets: list[dict[str, Any]], without: list[dict[str, Any]], bodies: dict[str, str], options: dict[str, Any]
) -> None:
    """Each record with offsets is the one without, plus its body's pairs, in every document."""
    tokenizer = wordsift.Tokenizer(**options)
    assert [record["id"] for record in with_offsets] == [record["id"] for record in without]
    assert sorted(record["id"] for record in with_offsets) == sorted(bodies)
    for record, plain in zip(with_offsets, without, strict=True):
        assert list(record) == ["id", "title", "tokens", "offsets"]
        offsets = record.pop("offsets")
        assert record == plain
        body = bodies[record["id"]]
        assert offsets == pairs(tokenizer, body), record["id"]
        assert len(offsets) == len(record["tokens"])


@pytest.mark.parametrize(("options", "flags"), OPTION_SETS, ids=OPTION_IDS)
def test_json_lines_offsets_through_the_command(
    tmp_path: Path,
    jsonl_input: tuple[Path, dict[str, str]],
    seed_input: tuple[Path, dict[str, str]],
    options: dict[str, Any],
    flags: list[str],
) -> None:
    for source, bodies in (jsonl_input, seed_input):
        out, plain = tmp_path / f"{source.name}.offsets.jsonl", tmp_path / f"{source.name}.jsonl"
        assert main([str(source), "-o", str(out), "--offsets", "-q", *flags]) == 0
        assert main([str(source), "-o", str(plain), "-q", *flags]) == 0
        without = read_jsonl(plain)
        assert b'"offsets"' not in plain.read_bytes()
        check_records(read_jsonl(out), without, bodies, options)
        # The record without offsets, byte for byte, is the one with them less its offsets.
        lines = out.read_bytes().splitlines(keepends=True)
        stripped = [line.partition(b', "offsets": [')[0] + b"}\n" for line in lines]
        assert b"".join(stripped) == plain.read_bytes()


@pytest.mark.parametrize(("options", "flags"), OPTION_SETS[:3], ids=OPTION_IDS[:3])
def test_json_lines_offsets_through_write_corpus_and_gzip(
    tmp_path: Path,
    jsonl_input: tuple[Path, dict[str, str]],
    seed_input: tuple[Path, dict[str, str]],
    options: dict[str, Any],
    flags: list[str],
) -> None:
    del flags
    tokenizer = wordsift.Tokenizer(**options)
    inputs = [jsonl_input[0], seed_input[0]]
    bodies = {**jsonl_input[1], **seed_input[1]}
    plain = tmp_path / "plain.jsonl"
    write_corpus(inputs, plain, tokenizer=tokenizer)
    without = read_jsonl(plain)
    for name in ("out.jsonl", "out.jsonl.gz"):
        summary = write_corpus(inputs, tmp_path / name, tokenizer=tokenizer, offsets=True, threads=2)
        assert summary.documents == len(bodies)
        check_records(read_jsonl(tmp_path / name), without, bodies, options)
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == (tmp_path / "out.jsonl").read_bytes()


def core_write(tmp_path: Path, inputs: list[Path], output: Path, **keywords: Any) -> dict[str, Any]:
    """`_core.write_corpus` of the inputs (for its `chunk_bytes`), read with `write_corpus`'s options."""
    max_document_bytes = keywords.pop("max_document_bytes", wordsift.corpus.DEFAULT_MAX_DOCUMENT_BYTES)
    run = wordsift.corpus._prepare(
        inputs,
        keywords.pop("tokenizer", None),
        keywords.pop("input_format", None),
        "*",
        ("text", "title", "id"),
        keywords.pop("errors", "strict"),
        None,
        None,
        max_document_bytes,
    )
    return _core.write_corpus(
        run.tokenizer, run.sources, run.options, output_format="jsonl", output=str(output), **keywords
    )


@pytest.mark.parametrize("chunk_bytes", [1, 200, 4096])
@pytest.mark.parametrize("compress", [False, True])
def test_offsets_whatever_the_chunks(
    tmp_path: Path,
    jsonl_input: tuple[Path, dict[str, str]],
    seed_input: tuple[Path, dict[str, str]],
    chunk_bytes: int,
    compress: bool,
) -> None:
    # Chunks of one document and of many; seed documents larger than a chunk, which are then held whole.
    inputs = [jsonl_input[0], seed_input[0]]
    bodies = {**jsonl_input[1], **seed_input[1]}
    plain, out = tmp_path / "plain.jsonl", tmp_path / ("out.jsonl.gz" if compress else "out.jsonl")
    core_write(tmp_path, inputs, plain, chunk_bytes=chunk_bytes, threads=2)
    core_write(tmp_path, inputs, out, chunk_bytes=chunk_bytes, threads=2, compress=compress, offsets=True)
    check_records(read_jsonl(out), read_jsonl(plain), bodies, {})


def test_a_document_larger_than_a_chunk_is_written_whole(tmp_path: Path) -> None:
    long_body = " ".join(BODIES) * 40  # some 20 KB
    seed, lines = tmp_path / "long.txt", tmp_path / "long.lines"
    seed.write_text("A long one\n" + long_body, encoding="utf-8")
    lines.write_text(long_body.replace("\n", " ").replace("\r", " ").replace("\u2028", " ") + "\n", encoding="utf-8")
    tokenizer = wordsift.Tokenizer()
    for source, input_format, body in ((seed, "seed", long_body), (lines, "lines", lines.read_bytes().decode()[:-1])):
        out = tmp_path / f"{source.name}.jsonl"
        core_write(tmp_path, [source], out, chunk_bytes=1024, offsets=True, input_format=input_format)
        [record] = read_jsonl(out)
        assert record["tokens"] == tokenizer.tokenize(body)
        assert record["offsets"] == pairs(tokenizer, body)
    # Through the command, over its own chunk size (512 KiB).
    huge = tmp_path / "huge.txt"
    huge_body = long_body * 40
    huge.write_text("Huge\n" + huge_body, encoding="utf-8")
    assert len(huge.read_bytes()) > 512 << 10
    out = tmp_path / "huge.jsonl"
    assert main([str(huge), "-o", str(out), "--offsets", "-q"]) == 0
    [record] = read_jsonl(out)
    assert record["offsets"] == pairs(tokenizer, huge_body)
    assert record["tokens"] == tokenizer.tokenize(huge_body)


def test_a_document_over_the_size_limit_is_refused_with_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in" / "big.txt"
    source.parent.mkdir()
    source.write_text("Big\n" + "word " * 2000, encoding="utf-8")
    small = tmp_path / "in" / "small.txt"
    small.write_text("Small\nmarket shares", encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "tokens.jsonl"
    # Without offsets the document is streamed in pieces, whatever its size.
    assert main([str(source.parent), "-o", str(out), "--max-document-size", "1K", "-q"]) == 0
    assert len(read_jsonl(out)) == 2
    out.unlink()
    capsys.readouterr()
    status = main([str(source.parent), "-o", str(out), "--max-document-size", "1K", "--offsets", "-q"])
    error = capsys.readouterr().err
    assert status == 2
    assert "big.txt" in error, error
    assert "larger than the limit of 1024 bytes" in error, error
    assert list(out_dir.iterdir()) == []
    # Under --errors skip it is left out, and reported.
    status = main([str(source.parent), "-o", str(out), "--max-document-size", "1K", "--offsets", "--errors", "skip"])
    assert status == 0
    assert "skipped" in capsys.readouterr().err
    [record] = read_jsonl(out)
    assert (record["id"], record["offsets"]) == ("small.txt", [[0, 6], [7, 13]])
    # A Parquet output holds documents whole already: the same limit.
    with pytest.raises(wordsift.WordsiftError, match=r"big\.txt"):
        write_corpus([source], out_dir / "t.parquet", max_document_bytes=1024, offsets=True)
    assert [path.name for path in out_dir.iterdir()] == ["tokens.jsonl"]


@pytest.mark.parametrize(
    ("arguments", "left"),
    [
        (["-o", "{tmp}/out.txt"], "out.txt"),
        (["--output-format", "plain"], None),
        (["-o", "{tmp}/out/"], "out"),
        (["--output-format", "seed", "-o", "{tmp}/dir"], "dir"),
        ([], None),  # one seed document: seed to stdout by default
    ],
    ids=["plain-file", "plain-stdout", "seed-dir", "seed-named", "seed-default"],
)
def test_offsets_with_plain_or_seed_output_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], left: str | None
) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("Title\nsome words", encoding="utf-8")
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]
    assert main([str(source), "--offsets", *arguments]) == 2
    captured = capsys.readouterr()
    assert "--offsets (offsets=True) needs JSON Lines or Parquet output" in captured.err
    assert captured.out == ""
    assert sorted(path.name for path in tmp_path.iterdir()) == ["doc.txt"]
    if left is not None:
        assert not (tmp_path / left).exists()


def test_offsets_are_refused_by_the_api_and_the_other_commands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "doc.txt"
    source.write_text("Title\nsome words", encoding="utf-8")
    for output_format in ("plain", "seed"):
        with pytest.raises(wordsift.WordsiftError, match="needs JSON Lines or Parquet output, not " + output_format):
            write_corpus([source], tmp_path / "out", output_format=output_format, offsets=True)
    with pytest.raises(TypeError, match="offsets must be bool"):
        write_corpus([source], tmp_path / "out.jsonl", offsets="chars")  # type: ignore[arg-type]
    with pytest.raises(wordsift.WordsiftError, match="JSON Lines or Parquet"):
        _core.DocumentWriter("plain", str(tmp_path / "out.txt"), offsets=True)
    writer = _core.DocumentWriter("jsonl", str(tmp_path / "out.jsonl"), offsets=True)
    try:
        in_bytes = wordsift.Tokenizer().tokenize_arrow(["a b"], offsets="bytes")
        with pytest.raises(ValueError, match="spans in chars"):
            writer.write(["i"], ["t"], in_bytes, ["s"], [None])
    finally:
        writer.discard()
    for command in ("count", "vectorize"):
        output = ["-o", str(tmp_path / "m.npz")] if command == "vectorize" else []
        with pytest.raises(SystemExit) as exit_info:
            main([command, str(source), "--offsets", *output])
        assert exit_info.value.code == 2
        assert "unrecognized arguments: --offsets" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["doc.txt"]


def write_parquet(path: Path, texts: list[str | None]) -> None:
    ids = [f"p{index}" for index in range(len(texts))]
    pq.write_table(pa.table({"id": ids, "title": ["t"] * len(texts), "text": texts}), path)


@pytest.mark.parametrize(("options", "flags"), [OPTION_SETS[0], OPTION_SETS[2]], ids=["default", "uax29"])
def test_parquet_output_has_an_offsets_column(
    tmp_path: Path,
    jsonl_input: tuple[Path, dict[str, str]],
    seed_input: tuple[Path, dict[str, str]],
    options: dict[str, Any],
    flags: list[str],
) -> None:
    # Inputs the Rust pipeline reads, and a Parquet one that pyarrow reads (a null text skipped).
    parquet_input = tmp_path / "in.parquet"
    parquet_texts: list[str | None] = [*BODIES, None, "last words"]
    write_parquet(parquet_input, parquet_texts)
    parquet_bodies = {f"p{index}": text for index, text in enumerate(parquet_texts) if text is not None}
    bodies = {**jsonl_input[1], **seed_input[1], **parquet_bodies}
    documents = {jsonl_input[0]: len(jsonl_input[1]), seed_input[0]: len(seed_input[1]), parquet_input: len(BODIES) + 1}
    tokenizer = wordsift.Tokenizer(**options)
    for inputs in ([jsonl_input[0], seed_input[0]], [parquet_input], [jsonl_input[0], parquet_input, seed_input[0]]):
        out, plain = tmp_path / "out.parquet", tmp_path / "plain.parquet"
        status = main([*map(str, inputs), "-o", str(out), "--offsets", "--errors", "skip", "-q", *flags])
        assert status == 0
        write_corpus(inputs, plain, tokenizer=tokenizer, errors="skip")
        table, without = pq.read_table(out), pq.read_table(plain)
        assert table.schema.field("offsets").type == pa.large_list(pa.list_(pa.int64(), 2))
        assert table.schema.field("tokens").type == pa.large_list(pa.large_string())
        assert without.column_names == ["id", "title", "tokens"]
        assert table.drop_columns(["offsets"]).equals(without)
        ids = table.column("id").to_pylist()
        assert len(ids) == len(set(ids)) == sum(documents[source] for source in inputs)
        for identifier, offsets in zip(ids, table.column("offsets").to_pylist(), strict=True):
            assert offsets == pairs(tokenizer, bodies[identifier]), identifier
        empty = ids.index("d9" if "d9" in ids else "p9")  # the empty body
        assert table.column("offsets")[empty].as_py() == [] == table.column("tokens")[empty].as_py()
        # JSON Lines from the same inputs, through Python's writer when Parquet is read.
        jsonl, plain_jsonl = tmp_path / "out.jsonl", tmp_path / "plain.jsonl"
        write_corpus(inputs, jsonl, tokenizer=tokenizer, errors="skip", offsets=True)
        write_corpus(inputs, plain_jsonl, tokenizer=tokenizer, errors="skip")
        records = read_jsonl(jsonl)
        written = {record["id"]: bodies[record["id"]] for record in records}
        check_records(records, read_jsonl(plain_jsonl), written, options)


def test_a_document_read_as_html_is_held_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Markup can hold a line break anywhere, where a document in pieces would be cut: with --html, a document
    over the limit is refused as one with offsets is, and one under it is read whole, however small the chunks."""
    source = tmp_path / "in" / "page.txt"
    source.parent.mkdir()
    page = (
        "Page\n<p>alpha</p>\n<script>\n"
        + "var dropped = 1;\n" * 200
        + "</script>\n<!--\n"
        + "hidden\n" * 100
        + "-->omega"
    )
    source.write_text(page, encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "tokens.jsonl"
    status = main([str(source.parent), "-o", str(out), "--max-document-size", "1K", "--html", "-q"])
    assert status == 2
    assert "larger than the limit of 1024 bytes" in capsys.readouterr().err
    assert list(out_dir.iterdir()) == []
    inputs = [source]
    core_write(tmp_path, inputs, out, chunk_bytes=64, threads=2, tokenizer=wordsift.Tokenizer(html=True))
    [record] = read_jsonl(out)
    assert record["tokens"] == ["alpha", "omega"]
