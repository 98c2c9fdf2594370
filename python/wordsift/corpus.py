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

any of them gzip-compressed when the name ends in .gz. Reading, parsing
and tokenising run on Rust threads; memory stays bounded whatever the size
of the corpus, and documents come out in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from wordsift import _core
from wordsift._core import Tokenizer
from wordsift.counts import TokenCounts
from wordsift.errors import WordsiftError

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "Document",
    "Skipped",
    "Summary",
    "count_files",
    "tokenize_files",
    "write_corpus",
]

INPUT_FORMATS = ("seed", "whole", "lines", "jsonl")
OUTPUT_FORMATS = ("jsonl", "plain", "seed")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")

PathLike = str | os.PathLike[str]


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
        path = Path(text)
        if path.is_dir():
            found = sorted(candidate for candidate in path.rglob(glob) if candidate.is_file())
            sources.extend((str(candidate), candidate.relative_to(path).as_posix()) for candidate in found)
        else:
            sources.append((text, path.name))
    return sources


def detect_format(names: Iterable[str]) -> str:
    """The input format the names imply: "jsonl" for .jsonl/.ndjson (optionally .gz), else "seed"."""
    formats = {_format_of(name) for name in names}
    if len(formats) > 1:
        raise WordsiftError("the inputs mix JSON Lines and text files; pass input_format to read them one way")
    return formats.pop() if formats else "seed"


def _format_of(name: str) -> str:
    base = name.removesuffix(".gz")
    return "jsonl" if base.endswith(JSON_LINES_SUFFIXES) else "seed"


def _prepare(
    paths: Iterable[PathLike], tokenizer: Tokenizer | None, input_format: str | None, glob: str
) -> tuple[Tokenizer, list[tuple[str, str]], str]:
    sources = find_sources(paths, glob=glob)
    if input_format is None:
        input_format = detect_format(name for _, name in sources)
    elif input_format not in INPUT_FORMATS:
        raise WordsiftError(f"unknown input format {input_format!r}; valid formats: {', '.join(INPUT_FORMATS)}")
    return (tokenizer if tokenizer is not None else Tokenizer()), sources, input_format


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
) -> Iterator[Document]:
    """The documents of the files, tokenised, lazily and in input order.

    `tokenizer` defaults to `Tokenizer()`. `errors` decides what happens to
    a document whose bytes are not UTF-8 (or a JSON Lines record that is not
    a usable object): "strict" raises `WordsiftError` naming the file, line
    and byte offset; "replace" decodes with U+FFFD; "skip" leaves it out.
    An unreadable file raises the matching `OSError`.
    """
    tokenizer, sources, input_format = _prepare(paths, tokenizer, input_format, glob)
    chunks = _core.CorpusChunks(
        tokenizer,
        sources,
        input_format=input_format,
        text_field=text_field,
        title_field=title_field,
        id_field=id_field,
        errors=errors,
        threads=threads,
    )
    for ids, titles, token_lists, _skipped, _bytes in chunks:
        for document in zip(ids, titles, token_lists, strict=True):
            yield Document(*document)


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
    progress: Callable[[int, int], object] | None = None,
) -> Summary:
    """Tokenises the files into an output corpus; returns what it read and wrote.

    `output_format`: "jsonl" (`{"id", "title", "tokens"}` per line), "plain"
    (a line of space-separated tokens per document), both to the file
    `output` or to stdout when it is None; or "seed" (one file per document
    under the directory `output`, named by the document's id: the title, a
    blank line, one token per line). Every output file is written under a
    temporary name and renamed into place once complete, and no output may
    be one of the inputs. `progress(documents, bytes)` is called after each
    chunk of input. The other options are those of `tokenize_files`.
    """
    tokenizer, sources, input_format = _prepare(paths, tokenizer, input_format, glob)
    if output_format not in OUTPUT_FORMATS:
        raise WordsiftError(f"unknown output format {output_format!r}; valid formats: {', '.join(OUTPUT_FORMATS)}")
    if output is not None:
        _refuse_to_overwrite_inputs(sources, Path(output), output_format, input_format)
    summary = _core.write_corpus(
        tokenizer,
        sources,
        input_format=input_format,
        text_field=text_field,
        title_field=title_field,
        id_field=id_field,
        errors=errors,
        threads=threads,
        output_format=output_format,
        output=None if output is None else os.fspath(output),
        progress=progress,
    )
    return _summary(summary)


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
    progress: Callable[[int, int], object] | None = None,
) -> tuple[TokenCounts, Summary]:
    """Term and document frequencies of the files' documents, counted in Rust with no Python object per token.

    Returns the counts (as `Tokenizer.count` does) and a summary of the run.
    The options are those of `tokenize_files`; `progress` that of
    `write_corpus`.
    """
    tokenizer, sources, input_format = _prepare(paths, tokenizer, input_format, glob)
    counts, summary = _core.count_corpus(
        tokenizer,
        sources,
        input_format=input_format,
        text_field=text_field,
        title_field=title_field,
        id_field=id_field,
        errors=errors,
        threads=threads,
        progress=progress,
    )
    return counts, _summary(summary)


def _summary(summary: dict[str, Any]) -> Summary:
    return Summary(
        documents=summary["documents"],
        tokens=summary["tokens"],
        bytes=summary["bytes"],
        skipped=[Skipped(*skip) for skip in summary["skipped"]],
    )


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except OSError:
        return False


def _refuse_to_overwrite_inputs(
    sources: list[tuple[str, str]], output: Path, output_format: str, input_format: str
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
        outputs = [output / name for _, name in sources]
    else:
        outputs = [output]
    inputs = [Path(source) for source, _ in sources if source != "-"]
    for target in outputs:
        for source_path in inputs:
            if _same_file(target, source_path):
                raise WordsiftError(f"refusing to overwrite input file {str(source_path)!r}; choose another output")
