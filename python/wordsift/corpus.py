"""Corpora on disk: tokenise files of documents, lazily into Python objects or straight into an output corpus.

    >>> import wordsift.corpus
    >>> for doc in wordsift.corpus.tokenize_files(["news.jsonl.gz"]):
    ...     print(doc.id, doc.title, doc.tokens[:5])

Inputs are files, directories (searched recursively for files matching
`glob`) or "-" for stdin. Formats (`input_format`):

- "seed": one document per file, the first line its title, the rest its
  body (the default for names that are not JSON Lines);
- "whole": one document per file, all body;
- "lines": one document per line;
- "jsonl": one JSON object per line, the body in `text_field`, the title
  and id in `title_field` and `id_field` when present (the default for
  names ending in .jsonl or .ndjson);
- "parquet": a Parquet file, the body in the string column `text_field`,
  the title and id in `title_field` and `id_field` when the file has them
  (the default for names ending in .parquet; needs pyarrow, the `parquet`
  extra);

any of them gzip-compressed when the name ends in .gz. Reading, parsing
and tokenising run on Rust threads (Parquet is read by pyarrow, in record
batches); memory stays bounded whatever the size of the corpus, and
documents come out in input order.

Every function takes `progress`: a callable, called after each chunk of
input with the documents and bytes read so far, or "tqdm" for a tqdm bar
(the `progress` extra; `tqdm.auto`, so notebooks get their widget).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

from wordsift import _core
from wordsift._core import Tokenizer
from wordsift.errors import WordsiftError

if TYPE_CHECKING:
    from wordsift.counts import TokenCounts

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "Document",
    "Skipped",
    "Summary",
    "TokenizedFiles",
    "count_files",
    "tokenize_files",
    "write_corpus",
]

INPUT_FORMATS = ("seed", "whole", "lines", "jsonl", "parquet")
OUTPUT_FORMATS = ("jsonl", "plain", "seed", "parquet")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
ERRORS = ("strict", "replace", "skip")

PathLike = str | os.PathLike[str]
Progress = Callable[[int, int], object] | str | None


class Document(NamedTuple):
    """A tokenised document: its id (the file name, "name:line", or the JSON id field), title and tokens."""

    id: str
    title: str
    tokens: list[str]


class Skipped(NamedTuple):
    """A document left out under errors="skip": its source, line (None for whole files) and why."""

    source: str
    line: int | None
    reason: str


class Summary(NamedTuple):
    """What a run read and wrote."""

    documents: int
    tokens: int
    bytes: int
    skipped: list[Skipped]


def find_sources(paths: Iterable[PathLike], *, glob: str = "*") -> list[tuple[str, str]]:
    """(path, name) for every input file, in order: files as given, directories walked in sorted order.

    A file given by path is named by its base name; a file found in a
    directory by its path relative to that directory: the names that
    documents' ids start with, and that seed-file outputs mirror. "-" is
    stdin.
    """
    if isinstance(paths, str | os.PathLike):
        raise TypeError("paths must be an iterable of paths, not a single path")
    sources: list[tuple[str, str]] = []
    for given in paths:
        text = os.fspath(given)
        if text == "-":
            sources.append(("-", "<stdin>"))
            continue
        if os.path.isdir(text):
            # Imported here: pathlib is slow to import, and a command given
            # files never needs it.
            from pathlib import Path

            root = Path(text)
            found = sorted(candidate for candidate in root.rglob(glob) if candidate.is_file())
            sources.extend((str(candidate), candidate.relative_to(root).as_posix()) for candidate in found)
        else:
            sources.append((text, os.path.basename(os.path.normpath(text))))
    return sources


def detect_format(names: Iterable[str]) -> str:
    """The input format the names imply (optionally ending in .gz): "jsonl" for .jsonl/.ndjson, "parquet" for
    .parquet, else "seed"."""
    formats = {_format_of(name) for name in names}
    if len(formats) > 1:
        raise WordsiftError(
            f"the inputs mix formats ({', '.join(sorted(formats))}); pass input_format to read them one way"
        )
    return formats.pop() if formats else "seed"


def _format_of(name: str) -> str:
    base = name.removesuffix(".gz")
    if base.endswith(JSON_LINES_SUFFIXES):
        return "jsonl"
    return "parquet" if base.endswith(PARQUET_SUFFIXES) else "seed"


def total_input_bytes(sources: Iterable[tuple[str, str]]) -> int | None:
    """The bytes that reading `sources` (as `find_sources` gives them) will count, when known in advance:
    the sizes of uncompressed text files; None for stdin, .gz and Parquet files."""
    total = 0
    for path, name in sources:
        if path == "-" or path.endswith(".gz") or _format_of(name) == "parquet":
            return None
        try:
            total += os.path.getsize(path)
        except OSError:
            return None
    return total


class _Reading(NamedTuple):
    """What reading the inputs takes besides their paths."""

    sources: list[tuple[str, str]]
    input_format: str
    text_field: str
    title_field: str | None
    id_field: str | None
    errors: str
    threads: int | None

    def core_options(self) -> dict[str, Any]:
        """The keyword options of the `_core` corpus functions."""
        return {
            "input_format": self.input_format,
            "text_field": self.text_field,
            "title_field": self.title_field,
            "id_field": self.id_field,
            "errors": self.errors,
            "threads": self.threads,
        }


# (ids, titles, tokens (lists, or a TokenArray), skipped documents, bytes read) per chunk of input.
_Chunk = tuple[list[str], list[str], Any, list[tuple[str, int | None, str]], int]


def _prepare(
    paths: Iterable[PathLike],
    tokenizer: Tokenizer | None,
    input_format: str | None,
    glob: str,
    fields: tuple[str, str | None, str | None],
    errors: str,
    threads: int | None,
    progress: Progress,
) -> tuple[Tokenizer, _Reading]:
    if not (progress is None or progress == "tqdm" or (callable(progress) and not isinstance(progress, str))):
        raise TypeError(f"progress must be callable, 'tqdm' or None, not {progress!r}")
    sources = find_sources(paths, glob=glob)
    if input_format is None:
        input_format = detect_format(name for _, name in sources)
    elif input_format not in INPUT_FORMATS:
        raise WordsiftError(f"unknown input format {input_format!r}; valid formats: {', '.join(INPUT_FORMATS)}")
    if errors not in ERRORS:
        raise WordsiftError(f"errors must be 'strict', 'replace' or 'skip', not {errors!r}")
    reading = _Reading(sources, input_format, *fields, errors, threads)
    return (tokenizer if tokenizer is not None else Tokenizer()), reading


def _parquet_batches(reading: _Reading) -> Iterator[tuple[list[str], list[str], list[str], list[Any], int]]:
    from wordsift import _parquet

    return _parquet.read_batches(
        reading.sources,
        text_field=reading.text_field,
        title_field=reading.title_field,
        id_field=reading.id_field,
        errors=reading.errors,
    )


def _chunks(tokenizer: Tokenizer, reading: _Reading, *, arrow: bool) -> Iterator[_Chunk]:
    """The inputs' documents, tokenised, a chunk at a time and in input order."""
    if reading.input_format == "parquet":
        for ids, titles, texts, skipped, size in _parquet_batches(reading):
            tokenize = tokenizer.tokenize_arrow if arrow else tokenizer.tokenize_batch
            yield ids, titles, tokenize(texts, threads=reading.threads), skipped, size
        return
    yield from _core.CorpusChunks(
        tokenizer,
        reading.sources,
        **reading.core_options(),
        arrow=arrow,
    )


@contextlib.contextmanager
def _reporter(progress: Progress, sources: list[tuple[str, str]]) -> Iterator[Callable[[int, int], object] | None]:
    """The progress callback that `progress` names: itself, or a tqdm bar's for "tqdm"."""
    if not isinstance(progress, str):
        yield progress
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise WordsiftError("progress='tqdm' needs tqdm: pip install 'wordsift[progress]'") from None
    bar = tqdm(total=total_input_bytes(sources), unit="B", unit_scale=True, unit_divisor=1000, desc="wordsift")

    def update(documents: int, size: int) -> None:
        bar.set_postfix(documents=f"{documents:,}", refresh=False)
        bar.update(size - bar.n)

    try:
        yield update
    finally:
        bar.close()


class TokenizedFiles(Iterator[Document]):
    """The documents of `tokenize_files`, read lazily in input order.

    `skipped` lists the documents left out under errors="skip" so far;
    `summary` is None until every document has been read, then what the
    run read. `close()` stops reading early (so does dropping it).
    """

    def __init__(self, chunks: Iterator[_Chunk], progress: Progress, sources: list[tuple[str, str]]) -> None:
        self.skipped: list[Skipped] = []
        self.summary: Summary | None = None
        self._documents = self._read(chunks, progress, sources)

    def __iter__(self) -> TokenizedFiles:
        return self

    def __next__(self) -> Document:
        return next(self._documents)

    def close(self) -> None:
        self._documents.close()

    def _read(
        self, chunks: Iterator[_Chunk], progress: Progress, sources: list[tuple[str, str]]
    ) -> Generator[Document, None, None]:
        documents = tokens = size = 0
        with _reporter(progress, sources) as report:
            for ids, titles, token_lists, skipped, chunk_bytes in chunks:
                self.skipped.extend(Skipped(*skip) for skip in skipped)
                documents += len(ids)
                tokens += sum(map(len, token_lists))
                size += chunk_bytes
                if report is not None:
                    report(documents, size)
                for document in zip(ids, titles, token_lists, strict=True):
                    yield Document(*document)
        self.summary = Summary(documents, tokens, size, self.skipped)


def tokenize_files(
    paths: Iterable[PathLike],
    *,
    tokenizer: Tokenizer | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
) -> TokenizedFiles:
    """The documents of the files, tokenised, lazily and in input order (see `TokenizedFiles`).

    `tokenizer` defaults to `Tokenizer()`. `errors` decides what happens to
    a document whose bytes are not UTF-8 (or a JSON Lines record or Parquet
    row that is not usable): "strict" raises `WordsiftError` naming the
    file, line (or row) and byte offset; "replace" decodes with U+FFFD;
    "skip" leaves it out and lists it in `skipped`. An unreadable file
    raises the matching `OSError`.
    """
    tokenizer, reading = _prepare(
        paths, tokenizer, input_format, glob, (text_field, title_field, id_field), errors, threads, progress
    )
    return TokenizedFiles(_chunks(tokenizer, reading, arrow=False), progress, reading.sources)


def write_corpus(
    paths: Iterable[PathLike],
    output: PathLike | None,
    *,
    output_format: str = "jsonl",
    tokenizer: Tokenizer | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
) -> Summary:
    """Tokenises the files into an output corpus; returns what it read and wrote.

    `output_format`: "jsonl" (`{"id", "title", "tokens"}` per line), "plain"
    (a line of space-separated tokens per document), both to the file
    `output` or to stdout when it is None; "seed" (one file per document
    under the directory `output`, named by the document's id: the title, a
    blank line, one token per line); or "parquet" (the file `output`, with
    string columns `id` and `title` and a `tokens` list column; needs
    pyarrow). Every output file is written under a temporary name and
    renamed into place once complete, and no output may be one of the
    inputs. The other options are those of `tokenize_files`.
    """
    tokenizer, reading = _prepare(
        paths, tokenizer, input_format, glob, (text_field, title_field, id_field), errors, threads, progress
    )
    if output_format not in OUTPUT_FORMATS:
        raise WordsiftError(f"unknown output format {output_format!r}; valid formats: {', '.join(OUTPUT_FORMATS)}")
    if output is None and output_format in ("seed", "parquet"):
        target = "directory" if output_format == "seed" else "file"
        raise WordsiftError(f"the {output_format} output format needs an output {target}")
    if output is not None:
        _refuse_to_overwrite_inputs(reading.sources, os.fspath(output), output_format, reading.input_format)
    with _reporter(progress, reading.sources) as report:
        if output_format == "parquet" or reading.input_format == "parquet":
            return _write_chunks(tokenizer, reading, output, output_format, report)
        summary = _core.write_corpus(
            tokenizer,
            reading.sources,
            **reading.core_options(),
            output_format=output_format,
            output=None if output is None else os.fspath(output),
            progress=report,
        )
    return _summary(summary)


def _write_chunks(
    tokenizer: Tokenizer,
    reading: _Reading,
    output: PathLike | None,
    output_format: str,
    report: Callable[[int, int], object] | None,
) -> Summary:
    """`write_corpus` through Python, a chunk at a time: for Parquet, which pyarrow reads or writes."""
    sink: Any
    if output_format == "parquet":
        from wordsift._parquet import ParquetOutput

        assert output is not None
        sink = ParquetOutput(output)
    else:
        sink = _core.DocumentWriter(output_format, None if output is None else os.fspath(output))
    documents = tokens = size = 0
    skipped: list[Skipped] = []
    try:
        for ids, titles, token_array, chunk_skipped, chunk_bytes in _chunks(tokenizer, reading, arrow=True):
            sink.write(ids, titles, token_array)
            documents += len(ids)
            tokens += token_array.token_count
            size += chunk_bytes
            skipped.extend(Skipped(*skip) for skip in chunk_skipped)
            if report is not None:
                report(documents, size)
        sink.finish()
    except BaseException:
        # Whatever failed, finishing included: no temporary file stays.
        sink.discard()
        raise
    return Summary(documents, tokens, size, skipped)


def count_files(
    paths: Iterable[PathLike],
    *,
    tokenizer: Tokenizer | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str | None = "title",
    id_field: str | None = "id",
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
) -> tuple[TokenCounts, Summary]:
    """Term and document frequencies of the files' documents, counted in Rust with no Python object per token.

    Returns the counts (as `Tokenizer.count` does) and a summary of the run.
    The options are those of `tokenize_files`.
    """
    tokenizer, reading = _prepare(
        paths, tokenizer, input_format, glob, (text_field, title_field, id_field), errors, threads, progress
    )
    with _reporter(progress, reading.sources) as report:
        if reading.input_format == "parquet":
            return _count_batches(tokenizer, reading, report)
        counts, summary = _core.count_corpus(
            tokenizer,
            reading.sources,
            **reading.core_options(),
            progress=report,
        )
    return counts, _summary(summary)


def _count_batches(
    tokenizer: Tokenizer, reading: _Reading, report: Callable[[int, int], object] | None
) -> tuple[TokenCounts, Summary]:
    """`count_files` for Parquet: each record batch counted in Rust, the counts added up as they come."""
    documents = size = 0
    skipped: list[Skipped] = []

    def batch_counts() -> Iterator[TokenCounts]:
        nonlocal documents, size
        for _ids, _titles, texts, batch_skipped, batch_bytes in _parquet_batches(reading):
            counts = tokenizer.count(texts, threads=reading.threads)
            documents += counts.documents
            size += batch_bytes
            skipped.extend(Skipped(*skip) for skip in batch_skipped)
            if report is not None:
                report(documents, size)
            yield counts

    from wordsift.counts import merge_counts  # only counting needs it

    total = merge_counts(batch_counts())
    return total, Summary(documents, total.term_frequencies.total(), size, skipped)


def _summary(summary: dict[str, Any]) -> Summary:
    return Summary(
        documents=summary["documents"],
        tokens=summary["tokens"],
        bytes=summary["bytes"],
        skipped=[Skipped(*skip) for skip in summary["skipped"]],
    )


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.realpath(a) == os.path.realpath(b) or os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_to_overwrite_inputs(
    sources: list[tuple[str, str]], output: str, output_format: str, input_format: str
) -> None:
    if output_format == "seed":
        # One file per document, named by its id: a file name for the
        # one-document formats.
        if input_format not in ("seed", "whole"):
            return
        by_name: dict[str, str] = {}
        for path, name in sources:
            if name in by_name:
                raise WordsiftError(
                    f"inputs {by_name[name]!r} and {path!r} have the same base name {name!r}; "
                    "their outputs would overwrite each other"
                )
            by_name[name] = path
        outputs = [os.path.join(output, name) for _, name in sources]
    else:
        outputs = [output]
    inputs = [source for source, _ in sources if source != "-"]
    for target in outputs:
        for source_path in inputs:
            if _same_file(target, source_path):
                raise WordsiftError(f"refusing to overwrite input file {str(source_path)!r}; choose another output")
