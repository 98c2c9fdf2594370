"""What a corpus run reads and writes: the input files (directories walked), the format of each, and the output
format that an output's name implies. `wordsift.corpus` and the command share these rules."""

from __future__ import annotations

import os
from collections.abc import Iterable

from wordsift import _core
from wordsift.errors import WordsiftError

INPUT_FORMATS = ("seed", "whole", "lines", "jsonl", "parquet")
OUTPUT_FORMATS = ("jsonl", "plain", "seed", "parquet")
ONE_DOCUMENT_FORMATS = ("seed", "whole")
ERRORS = ("strict", "replace", "skip")
DUPLICATE_IDS = ("error", "number")
DEFAULT_MAX_DOCUMENT_BYTES = 256 * 2**20
# The output formats that an output's name implies (before any .gz).
OUTPUT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".txt": "plain"}

PathLike = str | os.PathLike[str]
# (path, name, format): "-" is stdin; a format of None is left to the pipeline to detect (stdin).
Source = tuple[str, str, str | None]


def find_sources(paths: Iterable[PathLike], *, glob: str = "*") -> list[tuple[str, str]]:
    """(path, name) for every input file, in order: files as given, directories walked in sorted order.

    A file given by path is named by its base name; a file found in a
    directory by its path relative to that directory: the names that
    documents' ids start with, and that seed-file outputs mirror. Walking a
    directory takes the files whose name matches `glob` (or, for a pattern
    with a "/", whose relative path does), skipping hidden files and
    directories (names starting with ".") and not following links to
    directories. "-" is stdin.
    """
    if isinstance(paths, str | os.PathLike):
        raise TypeError("paths must be an iterable of paths, not a single path")
    sources: list[tuple[str, str]] = []
    for given in paths:
        text = os.fspath(given)
        if text == "-":
            sources.append(("-", "<stdin>"))
        elif os.path.isdir(text):
            sources.extend(_walk(text, glob))
        else:
            sources.append((text, os.path.basename(os.path.normpath(text))))
    return sources


def _walk(root: str, glob: str) -> list[tuple[str, str]]:
    from fnmatch import fnmatchcase  # only directories need it

    by_path = "/" in glob
    found: list[tuple[str, str]] = []
    pending = [(root, "")]
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, name + "/"))
                elif entry.is_file() and fnmatchcase(name if by_path else entry.name, glob):
                    found.append((entry.path, name))
    # Sorted as paths are (by their parts): the order the outputs mirror.
    found.sort(key=lambda source: source[1].split("/"))
    return found


def input_formats(sources: list[tuple[str, str]], input_format: str | None, max_document_bytes: int) -> list[Source]:
    """Each source with its format: `input_format` when given, else detected from the file's content and name
    (the rules in `wordsift --help`); stdin's is detected as it is read."""
    if input_format is not None:
        return [(path, name, input_format) for path, name in sources]
    detected = _core.detect_input_formats(sources, max_document_bytes=max_document_bytes)
    return [
        (path, name, None if format == "auto" else format)
        for (path, name), format in zip(sources, detected, strict=True)
    ]


def output_format_for(output: PathLike | None, output_format: str | None) -> tuple[str | None, bool]:
    """The output format and whether to gzip it, from the output's name and `output_format`.

    A name ending in .jsonl or .ndjson means JSON Lines, .parquet Parquet,
    .txt plain text, and a trailing "/" or an existing directory seed files;
    a further .gz compresses the format it wraps. A name that implies a
    format other than `output_format` is refused. The format is None when
    neither says (stdout, or another name): the caller's default.
    """
    if output is None:
        return output_format, False
    text = os.fspath(output)
    directory = text.endswith(("/", os.sep)) or os.path.isdir(text)
    compress = not directory and text.endswith(".gz")
    stem = text.removesuffix(".gz") if compress else text
    implied = "seed" if directory else OUTPUT_SUFFIXES.get(os.path.splitext(stem)[1].lower())
    if compress and implied is None and output_format is None:
        raise WordsiftError(f"cannot tell which format to compress into {text!r}: name it *.jsonl.gz or *.txt.gz")
    if output_format is not None and implied is not None and implied != output_format:
        what = "a directory" if directory else f"a {implied} file"
        raise WordsiftError(
            f"the output {text!r} is {what}, but the output format is {output_format!r}; "
            "rename the output or change the format"
        )
    chosen = output_format or implied
    if compress and chosen == "seed":
        raise WordsiftError(f"seed files go to a directory, which cannot be gzip-compressed: {text!r}")
    return chosen, compress


def total_input_bytes(sources: Iterable[tuple[str, str]]) -> int | None:
    """The size on disk of the input files (compressed ones as they are), for progress against the bytes read
    from them; None when one is stdin or cannot be sized."""
    total = 0
    for path, _ in sources:
        if path == "-":
            return None
        try:
            total += os.path.getsize(path)
        except OSError:
            return None
    return total


def refuse_to_replace_inputs(output: PathLike, sources: Iterable[Source]) -> None:
    """A WordsiftError if `output` (written by Python: Parquet, count tables) is one of the input files, by
    device and inode (another path to the same file, a link, is the same file)."""
    try:
        target = os.stat(output)
    except OSError:
        return  # not there: nothing to replace
    for source in sources:
        path = source[0]
        if path == "-":
            continue
        try:
            info = os.stat(path)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) == (target.st_dev, target.st_ino):
            raise WordsiftError(
                f"cannot write {os.fspath(output)}: refusing to overwrite an input file; choose another output"
            )
