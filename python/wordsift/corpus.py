"""Corpora on disk: tokenise files of documents, lazily into Python objects or straight into an output corpus.

    >>> import wordsift.corpus
    >>> for doc in wordsift.corpus.tokenize_files(["news.jsonl.gz"]):
    ...     print(doc.id, doc.title, doc.tokens[:5])

Inputs are files, directories (searched recursively for files matching
`glob`, hidden ones skipped) or "-" for stdin. Formats (`input_format`):

- "seed": one document per file, the first line its title, the rest its
  body;
- "whole": one document per file, all body;
- "lines": one document per line;
- "jsonl": one JSON object per line, the body in `text_field`, the title
  and id in `title_field` and `id_field`;
- "parquet": a Parquet file, the body in the string column `text_field`,
  the title and id in `title_field` and `id_field` (needs pyarrow, the
  `parquet` extra).

Without `input_format`, each input's format is detected: Parquet by its
magic bytes (or a name ending in .parquet), JSON Lines by a name ending in
.jsonl or .ndjson or a first non-blank line that is a JSON object, and
anything else is a seed document; content that looks like JSON but is not
JSON Lines (a JSON array, pretty-printed JSON) is an error. gzip is
recognised by its magic bytes, and a UTF-8 byte order mark is dropped.
Reading, parsing and tokenising run on Rust threads (Parquet is read by
pyarrow, in record batches); memory stays bounded whatever the size of the
corpus, and documents come out in input order.

A document larger than `max_document_bytes` (256 MiB by default) is refused
(skipped under errors="skip"), unless it can be streamed: writing (without
offsets) and counting take a seed, whole or lines document of any size in
pieces cut at line breaks and spaces.

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
from wordsift._sources import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    DUPLICATE_IDS,
    ERRORS,
    INPUT_FORMATS,
    ONE_DOCUMENT_FORMATS,
    OUTPUT_FORMATS,
    PathLike,
    Source,
    find_sources,
    input_formats,
    output_format_for,
    refuse_to_replace_inputs,
    total_input_bytes,
)
from wordsift.errors import WordsiftError

if TYPE_CHECKING:
    from wordsift.counts import TokenCounts

__all__ = [
    "DEFAULT_MAX_DOCUMENT_BYTES",
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "Document",
    "Files",
    "Skipped",
    "Summary",
    "TokenizedFiles",
    "count_files",
    "find_sources",
    "output_format_for",
    "tokenize_files",
    "write_corpus",
]

# The field names used when the user names none: a record without them has
# an empty title and an id made from its line. A name the user chooses must
# be in every record.
DEFAULT_TITLE_FIELD = "title"
DEFAULT_ID_FIELD = "id"

Progress = Callable[[int, int], object] | str | None
# What the Rust pipeline reports: documents, bytes, and bytes read from the files themselves.
_Report = Callable[[int, int, int], object]


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


class _Chunk(NamedTuple):
    """The documents of one chunk of input, tokenised."""

    ids: list[str]
    titles: list[str]
    tokens: Any  # lists of str, or a TokenArray
    skipped: list[tuple[str, int | None, str]]
    bytes: int
    # Bytes read from the inputs' files so far, all inputs before included.
    position: int
    # Where each document was read: its source's label and line (or Parquet row).
    sources: list[str]
    lines: list[int | None]


class _Run(NamedTuple):
    """A run's inputs and how to read them, every option checked."""

    tokenizer: Tokenizer
    sources: list[Source]
    options: dict[str, Any]  # the reading options of the `_core` corpus functions
    threads: int | None

    def parquet(self) -> bool:
        return any(format == "parquet" for _, _, format in self.sources)


def _prepare(
    paths: Iterable[PathLike],
    tokenizer: Tokenizer | None,
    input_format: str | None,
    glob: str,
    fields: tuple[str, str | None, str | None],
    errors: str,
    threads: int | None,
    progress: Progress,
    max_document_bytes: int,
) -> _Run:
    """Checks every option, then finds the inputs and their formats."""
    if not (progress is None or progress == "tqdm" or (callable(progress) and not isinstance(progress, str))):
        raise TypeError(f"progress must be callable, 'tqdm' or None, not {progress!r}")
    if input_format is not None and input_format not in INPUT_FORMATS:
        raise WordsiftError(f"unknown input format {input_format!r}; valid formats: {', '.join(INPUT_FORMATS)}")
    if errors not in ERRORS:
        raise WordsiftError(f"errors must be 'strict', 'replace' or 'skip', not {errors!r}")
    if isinstance(max_document_bytes, bool) or not isinstance(max_document_bytes, int):
        raise TypeError(f"max_document_bytes must be int, not {type(max_document_bytes).__name__}")
    if max_document_bytes < 1:
        raise WordsiftError(f"max_document_bytes must be at least 1, not {max_document_bytes}")
    text_field, title_field, id_field = fields
    for name, value in (("text_field", text_field), ("title_field", title_field), ("id_field", id_field)):
        if not (isinstance(value, str) or (value is None and name != "text_field")):
            raise TypeError(f"{name} must be str, not {type(value).__name__}")
    options = {
        "text_field": text_field,
        "title_field": title_field,
        "id_field": id_field,
        "title_required": title_field not in (None, DEFAULT_TITLE_FIELD),
        "id_required": id_field not in (None, DEFAULT_ID_FIELD),
        "errors": errors,
        "max_document_bytes": max_document_bytes,
    }
    sources = input_formats(find_sources(paths, glob=glob), input_format, max_document_bytes)
    return _Run(tokenizer if tokenizer is not None else Tokenizer(), sources, options, threads)


def _groups(sources: list[Source]) -> Iterator[tuple[bool, list[Source], int]]:
    """_Runs of consecutive sources that pyarrow reads (Parquet) or the Rust pipeline reads: (parquet?, sources,
    the bytes of the files before them)."""
    before = 0
    start = 0
    for end in range(1, len(sources) + 1):
        if end == len(sources) or (sources[end][2] == "parquet") != (sources[start][2] == "parquet"):
            group = sources[start:end]
            yield sources[start][2] == "parquet", group, before
            before += sum(os.path.getsize(path) for path, _, _ in group if path != "-")
            start = end


def _chunks(run: _Run, *, arrow: bool, offsets: bool = False) -> Iterator[_Chunk]:
    """The inputs' documents, tokenised, a chunk at a time and in input order; with `offsets` (and `arrow`), each
    chunk's TokenArray keeps its tokens' spans in chars of their bodies."""
    tokens: Any  # lists of str, or a TokenArray
    for parquet, group, before in _groups(run.sources):
        if parquet:
            from wordsift import _parquet

            for batch in _parquet.read_batches(group, run.options, position=before):
                if arrow:
                    tokens = run.tokenizer.tokenize_arrow(
                        batch.texts, threads=run.threads, offsets="chars" if offsets else None
                    )
                else:
                    tokens = run.tokenizer.tokenize_batch(batch.texts, threads=run.threads)
                position, label, rows = batch.where
                sources = [label] * len(rows)
                yield _Chunk(batch.ids, batch.titles, tokens, batch.skipped, batch.bytes, position, sources, rows)
            continue
        chunks = _core.CorpusChunks(
            run.tokenizer, group, run.options, threads=run.threads, arrow=arrow, offsets=offsets
        )
        for chunk in chunks:
            ids, titles, tokens, skipped, size, position, sources, lines = chunk
            yield _Chunk(ids, titles, tokens, skipped, size, before + position, sources, lines)


@contextlib.contextmanager
def _reporter(progress: Progress, sources: list[Source]) -> Iterator[_Report | None]:
    """The (documents, bytes, position) callback that `progress` asks for: the user's callable (given documents
    and bytes), or a tqdm bar's for "tqdm", against the inputs' size on disk."""
    if progress is None:
        yield None
        return
    if not isinstance(progress, str):
        user = progress
        yield lambda documents, size, _position: user(documents, size)
        return
    try:
        from tqdm.auto import tqdm
    except ImportError:
        raise WordsiftError("progress='tqdm' needs tqdm: pip install 'wordsift[progress]'") from None
    total = total_input_bytes((path, name) for path, name, _ in sources)
    bar = tqdm(total=total, unit="B", unit_scale=True, unit_divisor=1000, desc="wordsift")

    def update(documents: int, size: int, position: int) -> None:
        bar.set_postfix(documents=f"{documents:,}", refresh=False)
        done = position if total is not None else size
        bar.update(done - bar.n)

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

    def __init__(self, chunks: Iterator[_Chunk], progress: Progress, sources: list[Source]) -> None:
        self.skipped: list[Skipped] = []
        self.summary: Summary | None = None
        self._documents = self._read(chunks, progress, sources)

    def __iter__(self) -> TokenizedFiles:
        return self

    def __next__(self) -> Document:
        return next(self._documents)

    def close(self) -> None:
        self._documents.close()

    def _read(self, chunks: Iterator[_Chunk], progress: Progress, sources: list[Source]) -> Generator[Document]:
        documents = tokens = size = 0
        with _reporter(progress, sources) as report:
            for chunk in chunks:
                self.skipped.extend(Skipped(*skip) for skip in chunk.skipped)
                documents += len(chunk.ids)
                tokens += sum(map(len, chunk.tokens))
                size += chunk.bytes
                if report is not None:
                    report(documents, size, chunk.position)
                for document in zip(chunk.ids, chunk.titles, chunk.tokens, strict=True):
                    yield Document(*document)
        self.summary = Summary(documents, tokens, size, self.skipped)


def tokenize_files(
    paths: Iterable[PathLike],
    *,
    tokenizer: Tokenizer | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str | None = DEFAULT_TITLE_FIELD,
    id_field: str | None = DEFAULT_ID_FIELD,
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> TokenizedFiles:
    """The documents of the files, tokenised, lazily and in input order (see `TokenizedFiles`).

    `tokenizer` defaults to `Tokenizer()`. `input_format` is detected per
    input when not given (see the module's help). `text_field`, `title_field`
    and `id_field` name the JSON Lines fields (Parquet columns) of the body,
    title and id; a record without the default title or id field has an
    empty title and the id "name:line", but a field named otherwise must be
    in every record (its absence from the first one is an error whatever
    `errors` says: the name is mistyped). `errors` decides what happens to a
    document whose bytes are not UTF-8, or that is not usable (a JSON Lines
    record that is not an object with a string text, a lone surrogate, a
    Parquet row with a null text, a document over `max_document_bytes`):
    "strict" raises `WordsiftError` naming the file, line (or row) and byte
    offset; "replace" decodes with U+FFFD (but still refuses a document over
    the limit); "skip" leaves it out and lists it in `skipped`. An
    unreadable file raises the matching `OSError`. Documents are held whole,
    so one over `max_document_bytes` is refused.
    """
    run = _prepare(
        paths,
        tokenizer,
        input_format,
        glob,
        (text_field, title_field, id_field),
        errors,
        threads,
        progress,
        max_document_bytes,
    )
    return TokenizedFiles(_chunks(run, arrow=False), progress, run.sources)


def write_corpus(
    paths: Iterable[PathLike],
    output: PathLike | None,
    *,
    output_format: str | None = None,
    tokenizer: Tokenizer | None = None,
    input_format: str | None = None,
    text_field: str = "text",
    title_field: str | None = DEFAULT_TITLE_FIELD,
    id_field: str | None = DEFAULT_ID_FIELD,
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    duplicate_ids: str = "error",
    offsets: bool = False,
) -> Summary:
    """Tokenises the files into an output corpus; returns what it read and wrote.

    `output_format`: "jsonl" (`{"id", "title", "tokens"}` per line), "plain"
    (a line of space-separated tokens per document), both to the file
    `output` or to stdout when it is None; "seed" (one file per document
    under the directory `output`, named by the document's id: the title, a
    blank line, one token per line; to stdout, one after another); or
    "parquet" (the file `output`, with string columns `id` and `title` and a
    `tokens` list column; needs pyarrow). When not given it follows the
    output's name (`output_format_for`: .jsonl, .ndjson, .parquet, .txt, a
    directory; .gz compresses), else "jsonl"; a name that contradicts it is
    refused.

    The output is complete or absent: a file is written under a temporary
    name and renamed into place once complete; seed files are written into a
    staging directory that becomes the target (or whose files are moved into
    it, when it exists) once every document is written. No output may
    replace an input. Two documents with one id would write one seed file:
    an error naming both, or, with duplicate_ids="number", the later ones
    are written as "id~2", "id~3" and so on. Documents of any size are
    streamed (except into Parquet, and with offsets).

    `offsets=True` says where each token came from, as
    `Tokenizer.tokenize_with_offsets` does: a JSON Lines record gets
    `"offsets": [[start, end], ...]` after its tokens, Parquet an `offsets`
    column (`large_list<fixed_size_list<int64, 2>>`), a pair per token, in
    code points of the document's body (the JSON text field, a seed file's
    text after its title line: `body[start:end]` is the token's span).
    Plain and seed output cannot hold them: asking is an error. Offsets
    follow all of a document's tokens, so each document is held whole, and
    one over `max_document_bytes` is refused (skipped under errors="skip").
    The other options are those of `tokenize_files`.
    """
    plan = _plan_output(output, output_format, duplicate_ids, default="jsonl", offsets=offsets)
    run = _prepare(
        paths,
        tokenizer,
        input_format,
        glob,
        (text_field, title_field, id_field),
        errors,
        threads,
        progress,
        max_document_bytes,
    )
    with _reporter(progress, run.sources) as report:
        return _write_run(run, plan, report)


class _OutputPlan(NamedTuple):
    """Where and how a run writes: every option checked, the format decided (or None: the caller's default)."""

    output: str | None
    format: str | None
    compress: bool
    duplicate_ids: str
    # Where each token came from, in JSON Lines or Parquet.
    offsets: bool = False


# The output formats that can say where each token came from.
OFFSET_FORMATS = ("jsonl", "parquet")


def _plan_output(
    output: PathLike | None,
    output_format: str | None,
    duplicate_ids: str,
    *,
    default: str | None,
    offsets: bool = False,
) -> _OutputPlan:
    """The output's format (`output_format_for`; `default` where neither the name nor `output_format` says), with
    the options checked before any input is read."""
    if duplicate_ids not in DUPLICATE_IDS:
        raise WordsiftError(f"duplicate_ids must be 'error' or 'number', not {duplicate_ids!r}")
    if not isinstance(offsets, bool):
        raise TypeError(f"offsets must be bool, not {type(offsets).__name__}")
    if output_format is not None and output_format not in OUTPUT_FORMATS:
        raise WordsiftError(f"unknown output format {output_format!r}; valid formats: {', '.join(OUTPUT_FORMATS)}")
    chosen, compress = output_format_for(output, output_format)
    chosen = chosen or default
    if output is None and chosen == "parquet":
        raise WordsiftError("the parquet output format needs an output file")
    plan = _OutputPlan(None if output is None else os.fspath(output), chosen, compress, duplicate_ids, offsets)
    _check_offsets(plan)
    return plan


def _check_offsets(plan: _OutputPlan) -> None:
    """Refuses offsets for an output format that cannot hold them (once the format is decided)."""
    if plan.offsets and plan.format is not None and plan.format not in OFFSET_FORMATS:
        raise WordsiftError(f"--offsets (offsets=True) needs JSON Lines or Parquet output, not {plan.format}")


def _write_run(run: _Run, plan: _OutputPlan, report: _Report | None) -> Summary:
    """`write_corpus` of prepared inputs, reporting (documents, bytes, position) to `report`."""
    output_format = plan.format or "jsonl"
    if output_format == "parquet" or run.parquet():
        return _write_chunks(run, plan._replace(format=output_format), report)
    summary = _core.write_corpus(
        run.tokenizer,
        run.sources,
        run.options,
        threads=run.threads,
        output_format=output_format,
        output=plan.output,
        compress=plan.compress,
        duplicate_ids=plan.duplicate_ids,
        progress=report,
        offsets=plan.offsets,
    )
    return _summary(summary)


def _write_chunks(run: _Run, plan: _OutputPlan, report: _Report | None) -> Summary:
    """`write_corpus` through Python, a chunk at a time: for Parquet, which pyarrow reads or writes."""
    sink: Any
    if plan.format == "parquet":
        from wordsift._parquet import ParquetOutput

        assert plan.output is not None
        refuse_to_replace_inputs(plan.output, run.sources)
        sink = ParquetOutput(plan.output, compress=plan.compress, offsets=plan.offsets)
    else:
        sink = _core.DocumentWriter(
            plan.format or "jsonl",
            plan.output,
            compress=plan.compress,
            duplicate_ids=plan.duplicate_ids,
            inputs=run.sources,
            offsets=plan.offsets,
        )
    documents = tokens = size = 0
    skipped: list[Skipped] = []
    try:
        for chunk in _chunks(run, arrow=True, offsets=plan.offsets):
            sink.write(chunk.ids, chunk.titles, chunk.tokens, chunk.sources, chunk.lines)
            documents += len(chunk.ids)
            tokens += chunk.tokens.token_count
            size += chunk.bytes
            skipped.extend(Skipped(*skip) for skip in chunk.skipped)
            if report is not None:
                report(documents, size, chunk.position)
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
    title_field: str | None = DEFAULT_TITLE_FIELD,
    id_field: str | None = DEFAULT_ID_FIELD,
    errors: str = "strict",
    threads: int | None = None,
    glob: str = "*",
    progress: Progress = None,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    count_titles: bool = False,
    ngram_range: tuple[int, int] = (1, 1),
) -> tuple[TokenCounts, Summary]:
    """Term and document frequencies of the files' documents, counted in Rust with no Python object per token.

    Returns the counts (as `Tokenizer.count` does) and a summary of the run.
    The body of each document is counted, as it is tokenised by the other
    functions; with `count_titles=True` its title's tokens count too, in the
    same document (as `Tokenizer.count` on `title + "\\n" + body` would).
    `ngram_range=(min_n, max_n)` counts the word n-grams of those lengths, as
    `Tokenizer.count` does. Documents of any size are streamed (the n-grams
    that span the places where a large document is cut are counted). The
    other options are those of `tokenize_files`.
    """
    run = _prepare(
        paths,
        tokenizer,
        input_format,
        glob,
        (text_field, title_field, id_field),
        errors,
        threads,
        progress,
        max_document_bytes,
    )
    with _reporter(progress, run.sources) as report:
        return _count_run(run, count_titles, report, ngram_range)


def _count_run(
    run: _Run, count_titles: bool, report: _Report | None, ngram_range: tuple[int, int] = (1, 1)
) -> tuple[TokenCounts, Summary]:
    """`count_files` of prepared inputs, reporting (documents, bytes, position) to `report`."""
    if not isinstance(count_titles, bool):
        raise TypeError(f"count_titles must be bool, not {type(count_titles).__name__}")
    if run.parquet():
        return _count_chunks(run, count_titles, report, ngram_range)
    counts, summary = _core.count_corpus(
        run.tokenizer,
        run.sources,
        run.options,
        threads=run.threads,
        count_titles=count_titles,
        ngram_range=ngram_range,
        progress=report,
    )
    return counts, _summary(summary)


def _count_chunks(
    run: _Run, count_titles: bool, report: _Report | None, ngram_range: tuple[int, int]
) -> tuple[TokenCounts, Summary]:
    """`count_files` through Python, a group of inputs at a time, for runs that hold Parquet files: each record
    batch and each run of other inputs counted in Rust, the counts added up as they come."""
    from wordsift import _parquet
    from wordsift.counts import merge_counts  # only counting needs it

    tally = _Tally(report)

    def parts() -> Iterator[TokenCounts]:
        for parquet, group, before in _groups(run.sources):
            if not parquet:
                counts, summary = _core.count_corpus(
                    run.tokenizer,
                    group,
                    run.options,
                    threads=run.threads,
                    count_titles=count_titles,
                    ngram_range=ngram_range,
                )
                tally.add_run(summary, before)
                yield counts
                continue
            for batch in _parquet.read_batches(group, run.options, position=before):
                texts = batch.texts
                if count_titles:
                    texts = [f"{title}\n{text}" for title, text in zip(batch.titles, texts, strict=True)]
                counts = run.tokenizer.count(texts, threads=run.threads, ngram_range=ngram_range)
                tally.add_batch(batch, counts.documents, _kept_tokens(run, texts, counts, ngram_range))
                yield counts

    total = merge_counts(parts())
    return total, tally.summary()


class _Tally:
    """The summary of a run that holds Parquet files, added up over its parts (runs of other inputs read in Rust,
    and Parquet's record batches), each reported to `report` as it is added."""

    def __init__(self, report: _Report | None) -> None:
        self.report = report
        self.documents = self.tokens = self.size = 0
        self.skipped: list[Skipped] = []

    def add_run(self, summary: dict[str, Any], before: int) -> None:
        """A run of inputs read in Rust (its summary dict); `before`: the bytes of the files before it."""
        self.documents += summary["documents"]
        self.tokens += summary["tokens"]
        self.size += summary["bytes"]
        self.skipped.extend(Skipped(*skip) for skip in summary["skipped"])
        if self.report is not None:
            self.report(self.documents, self.size, before + summary["position"])

    def add_batch(self, batch: Any, documents: int, tokens: int) -> None:
        """A Parquet record batch (`_parquet.read_batches`) of `documents` documents and `tokens` kept tokens."""
        self.documents += documents
        self.tokens += tokens
        self.size += batch.bytes
        self.skipped.extend(Skipped(*skip) for skip in batch.skipped)
        if self.report is not None:
            self.report(self.documents, self.size, batch.where[0])

    def summary(self) -> Summary:
        return Summary(self.documents, self.tokens, self.size, self.skipped)


def _kept_tokens(run: _Run, texts: Any, counts: TokenCounts, ngram_range: tuple[int, int]) -> int:
    """The kept tokens of `texts`, whose n-grams `counts` holds: the unigrams' total, or counted anew."""
    if ngram_range[0] == 1:
        return sum(term for gram, term in counts.term_frequencies.items() if " " not in gram)
    return int(run.tokenizer.count(texts, threads=run.threads).term_frequencies.total())


def _summary(summary: dict[str, Any]) -> Summary:
    return Summary(
        documents=summary["documents"],
        tokens=summary["tokens"],
        bytes=summary["bytes"],
        skipped=[Skipped(*skip) for skip in summary["skipped"]],
    )


class Files:
    """A corpus on disk, as `wordsift.sklearn`'s vectorizers take it in place of an iterable of str.

        >>> vectorizer = CountVectorizer(ngram_range=(1, 2))
        >>> matrix = vectorizer.fit_transform(wordsift.corpus.Files(["news.jsonl.gz"]))

    Each document's body is a row of the matrix, in input order. The files
    are read, tokenised and counted in Rust: a fit holds the vocabulary's
    counts, not the corpus, and a matrix holds its rows, not the texts;
    `fit_transform` reads the files twice (a fit, then the rows). The inputs
    and options are those of `tokenize_files` (stdin excepted: it cannot be
    read twice); the inputs are found, and their formats detected, when
    `Files` is made. Documents of any size are streamed. After each pass,
    `summary` is that pass's `Summary`: under errors="skip", its `skipped`
    lists the documents that have no row.
    """

    def __init__(
        self,
        paths: Iterable[PathLike],
        *,
        input_format: str | None = None,
        text_field: str = "text",
        title_field: str | None = DEFAULT_TITLE_FIELD,
        id_field: str | None = DEFAULT_ID_FIELD,
        errors: str = "strict",
        glob: str = "*",
        progress: Progress = None,
        max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
    ) -> None:
        run = _prepare(
            paths,
            None,
            input_format,
            glob,
            (text_field, title_field, id_field),
            errors,
            None,
            progress,
            max_document_bytes,
        )
        if any(path == "-" for path, _, _ in run.sources):
            raise WordsiftError("Files cannot read stdin ('-'): a vectorizer may read its input twice")
        self.sources = run.sources
        self.options = run.options
        self.progress = progress
        self.summary: Summary | None = None

    def __repr__(self) -> str:
        names = ", ".join(repr(name) for _, name, _ in self.sources[:3])
        more = f", ... ({len(self.sources)} files)" if len(self.sources) > 3 else ""
        return f"Files([{names}{more}])"

    def _run(self, tokenizer: Tokenizer, threads: int | None) -> _Run:
        return _Run(tokenizer, self.sources, self.options, threads)

    def _count(self, tokenizer: Tokenizer, threads: int | None, ngram_range: tuple[int, int]) -> TokenCounts:
        """The term and document frequencies of the documents' n-grams (`count_files`)."""
        with _reporter(self.progress, self.sources) as report:
            counts, self.summary = _count_run(self._run(tokenizer, threads), False, report, ngram_range)
        return counts

    def _matrix(self, tokenizer: Tokenizer, threads: int | None, **columns: Any) -> tuple[Any, Any, Any]:
        """The documents' rows, (indptr, indices, data) NumPy arrays: the keyword arguments of
        `_core.corpus_matrix`."""
        from wordsift._corpus_matrix import matrix_of_run  # needs NumPy

        with _reporter(self.progress, self.sources) as report:
            arrays, self.summary = matrix_of_run(self._run(tokenizer, threads), report, **columns)
        return arrays


def default_output_format(sources: list[Source]) -> str:
    """The output format of a command given none, whose output's name implies none: seed files for inputs that
    are all one document each (seed and whole), else JSON Lines."""
    return "seed" if sources and all(format in ONE_DOCUMENT_FORMATS for _, _, format in sources) else "jsonl"
