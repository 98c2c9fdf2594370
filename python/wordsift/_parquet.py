"""Parquet input and output for `wordsift.corpus`, through pyarrow (the optional `parquet` extra).

Reading takes record batches of the text, title and id columns; the texts
are tokenised by the caller. Writing appends one row group per chunk to a
temporary file that is renamed into place once complete, like every other
output of wordsift.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from typing import Any, NamedTuple

from wordsift._files import move_into_place, temporary_beside
from wordsift.errors import WordsiftError

# Rows per batch read: a few MB of news text, as the Rust pipeline's chunks.
BATCH_ROWS = 4096

SkippedRow = tuple[str, int | None, str]


def pyarrow_modules() -> tuple[Any, Any]:
    """pyarrow and pyarrow.parquet, or a WordsiftError saying how to install them."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise WordsiftError("reading or writing Parquet needs pyarrow: pip install 'wordsift[parquet]'") from None
    return pyarrow, pyarrow.parquet


@contextlib.contextmanager
def _seekable(path: str, name: str) -> Iterator[str]:
    """A path pyarrow can open: the file itself, or stdin or a .gz file decompressed to a temporary file."""
    if path != "-" and not path.endswith(".gz"):
        yield path
        return
    # Parquet's footer is at the end of the file: a stream must be spooled to
    # disk (not memory, which the corpus may exceed) before it can be read.
    fd, spooled = tempfile.mkstemp(prefix="wordsift-", suffix=".parquet")
    try:
        with os.fdopen(fd, "wb") as out:
            if path == "-":
                shutil.copyfileobj(sys.stdin.buffer, out)
            else:
                try:
                    with gzip.open(path, "rb") as compressed:
                        shutil.copyfileobj(compressed, out)
                except (gzip.BadGzipFile, EOFError) as error:
                    raise WordsiftError(f"{name}: not a complete gzip file ({error})") from None
        yield spooled
    finally:
        with contextlib.suppress(OSError):
            os.unlink(spooled)


def _is_text_type(pa: Any, data_type: Any) -> bool:
    checks = [pa.types.is_string, pa.types.is_large_string]
    if hasattr(pa.types, "is_string_view"):
        checks.append(pa.types.is_string_view)
    return any(check(data_type) for check in checks)


def _is_binary_type(pa: Any, data_type: Any) -> bool:
    return bool(pa.types.is_binary(data_type) or pa.types.is_large_binary(data_type))


class Batch(NamedTuple):
    """The rows of one record batch: the documents' ids, titles and texts, the rows left out, the bytes of text
    read, and `where`: (bytes of the files read so far, the file's label, each document's row)."""

    ids: list[str]
    titles: list[str]
    texts: list[str]
    skipped: list[SkippedRow]
    bytes: int
    where: tuple[int, str, list[int | None]]


def read_batches(
    sources: list[tuple[str, str, str | None]], options: dict[str, Any], *, position: int
) -> Iterator[Batch]:
    """The record batches of each Parquet source, in order; `options` are the reading options of
    `wordsift.corpus` (fields, errors, max_document_bytes), `position` the bytes of the files before these.

    The text column must hold strings (or bytes, decoded as UTF-8 under
    `errors`). A title or id column of the default name that the file lacks
    is left out: titles are then empty and ids "name:row" (rows counted from
    1, like JSON Lines' lines); a column named otherwise must be there. A
    null text, or one over `max_document_bytes`, is an unusable record: an
    error, or a skipped row under errors="skip".
    """
    pa, pq = pyarrow_modules()
    for path, name, _ in sources:
        label = "<stdin>" if path == "-" else path
        size = 0 if path == "-" else os.path.getsize(path)
        try:
            with _seekable(path, name) as readable:
                parquet_file = pq.ParquetFile(readable)
                yield from _file_batches(pa, parquet_file, label, name, options, position, size)
        except pa.ArrowException as error:
            raise WordsiftError(f"{label}: not a readable Parquet file ({error})") from None
        position += size


def _file_batches(
    pa: Any, parquet_file: Any, label: str, name: str, options: dict[str, Any], position: int, size: int
) -> Iterator[Batch]:
    import pyarrow.compute as pc

    text_field = options["text_field"]
    errors = options["errors"]
    limit = options["max_document_bytes"]
    schema = parquet_file.schema_arrow
    if text_field not in schema.names:
        raise WordsiftError(f"{label}: no column {text_field!r}; its columns: {', '.join(schema.names)}")
    text_type = schema.field(text_field).type
    binary = _is_binary_type(pa, text_type)
    if not binary and not _is_text_type(pa, text_type):
        raise WordsiftError(f"{label}: column {text_field!r} is {text_type}, not a string")
    named: dict[str, str | None] = {}
    for kind in ("title", "id"):
        column = options[f"{kind}_field"]
        if column is not None and column not in schema.names and options[f"{kind}_required"]:
            raise WordsiftError(f"{label}: no column {column!r}; its columns: {', '.join(schema.names)}")
        named[kind] = column if column in schema.names else None
    title_column, id_column = named["title"], named["id"]
    columns = list(dict.fromkeys(column for column in (text_field, title_column, id_column) if column is not None))
    rows = max(parquet_file.metadata.num_rows, 1)
    row = 0
    for batch in parquet_file.iter_batches(batch_size=BATCH_ROWS, columns=columns):
        text_column = batch.column(text_field)
        lengths = pc.binary_length(text_column)
        batch_bytes = pc.sum(lengths).as_py() or 0
        texts = text_column.to_pylist()
        titles = batch.column(title_column).to_pylist() if title_column else [None] * len(texts)
        ids = batch.column(id_column).to_pylist() if id_column else [None] * len(texts)
        kept = Batch([], [], [], [], batch_bytes, (0, label, []))
        for text, title, identifier, length in zip(texts, titles, ids, lengths.to_pylist(), strict=True):
            row += 1
            reason = None
            if text is None:
                reason = f"column {text_field!r} is null"
            elif length > limit:
                reason = (
                    f"the document is larger than the limit of {limit} bytes (max_document_bytes, --max-document-size)"
                )
            elif binary:
                try:
                    text = text.decode("utf-8", "replace" if errors == "replace" else "strict")
                except UnicodeDecodeError as error:
                    reason = f"not valid UTF-8 at byte offset {error.start} of column {text_field!r}"
            if reason is not None:
                if errors != "skip":
                    raise WordsiftError(f"{label}, row {row}: {reason}")
                kept.skipped.append((label, row, reason))
                continue
            kept.ids.append(f"{name}:{row}" if identifier is None else str(identifier))
            kept.titles.append("" if title is None else str(title))
            kept.texts.append(text)
            kept.where[2].append(row)
        yield kept._replace(where=(position + size * row // rows, label, kept.where[2]))


class ParquetOutput:
    """A Parquet file of `id`, `title` and `tokens` (large_list<large_string>) columns (gzip-compressed as a
    whole with `compress`), written under a temporary name; `finish` renames it into place, `discard` removes
    it. With `offsets`, an `offsets` column too (large_list<fixed_size_list<int64, 2>>): each token's
    [start, end], from token arrays that keep their spans (`tokenize_arrow(offsets="chars")`)."""

    def __init__(self, path: str | os.PathLike[str], *, compress: bool = False, offsets: bool = False) -> None:
        self.pa, self.pq = pyarrow_modules()
        self.path = path
        self.offsets = offsets
        self.temporary = temporary_beside(path)
        self.stream: Any = self.pa.CompressedOutputStream(self.temporary, "gzip") if compress else None
        self.writer: Any = None

    def _schema(self) -> Any:
        pa = self.pa
        fields = [("id", pa.large_string()), ("title", pa.large_string()), ("tokens", pa.large_list(pa.large_string()))]
        if self.offsets:
            fields.append(("offsets", pa.large_list(pa.list_(pa.int64(), 2))))
        return pa.schema(fields)

    def _open(self) -> Any:
        return self.pq.ParquetWriter(self.stream if self.stream is not None else self.temporary, self._schema())

    def write(self, ids: list[str], titles: list[str], tokens: object, *_where: object) -> None:
        pa = self.pa
        schema = self._schema()
        columns = [pa.array(ids, pa.large_string()), pa.array(titles, pa.large_string())]
        if self.offsets:
            # A TokenArray with spans is a struct of three lists: tokens, start and end.
            spanned = pa.array(tokens)
            columns += [spanned.field("tokens"), _offset_pairs(pa, spanned.field("start"), spanned.field("end"))]
        else:
            columns.append(pa.array(tokens, type=schema.field("tokens").type))
        table = pa.table(columns, schema=schema)
        if self.writer is None:
            self.writer = self._open()
        self.writer.write_table(table)

    def finish(self) -> None:
        if self.writer is None:
            # No document: still a valid file, with the columns.
            self.writer = self._open()
        self.writer.close()
        self.writer = None
        if self.stream is not None:
            self.stream.close()
            self.stream = None
        move_into_place(self.temporary, self.path)

    def discard(self) -> None:
        for closable in (self.writer, self.stream):
            if closable is not None:
                with contextlib.suppress(Exception):
                    closable.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def _offset_pairs(pa: Any, starts: Any, ends: Any) -> Any:
    """The large_list<fixed_size_list<int64, 2>> of each document's [start, end] pairs, from its list of starts and
    its list of ends (two large_list<int64> of one shape): the two lists' values interleaved, by Arrow's kernels
    (NumPy is not pyarrow's to require)."""
    import pyarrow.compute as pc

    flat_starts, flat_ends = starts.flatten(), ends.flatten()
    count = len(flat_starts)
    # Value k of the pairs is start k // 2 for an even k, else end k // 2: item count + k // 2 of the two joined.
    positions = pc.subtract(pc.cumulative_sum(pa.repeat(pa.scalar(1, pa.int64()), 2 * count)), 1)
    indices = pc.add(pc.shift_right(positions, 1), pc.multiply(pc.bit_wise_and(positions, 1), count))
    values = pa.concat_arrays([flat_starts, flat_ends]).take(indices)
    pairs = pa.FixedSizeListArray.from_arrays(values, 2)
    offsets = pc.subtract(starts.offsets, starts.offsets[0])
    mask = starts.is_null() if starts.null_count else None
    return pa.LargeListArray.from_arrays(offsets, pairs, mask=mask)
