"""The `wordsift` command: tokenise documents from files.

Each input file is a document: its first line is the title, the rest is the
body. The output keeps the title line unchanged, then a blank line, then the
body's tokens, one per line:

    wordsift doc.txt                     # one document to stdout
    wordsift a.txt b.txt -o out/         # out/a.txt and out/b.txt

This module only reads files, calls the public API and writes files; every
rule lives in `wordsift.Tokenizer`. Exit status: 0 on success, 2 on a usage
error, an unreadable input or an output that cannot be written, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import wordsift

__all__ = ["main"]

PROG = "wordsift"
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 2."""


@dataclass(frozen=True)
class Document:
    path: Path
    title: str
    body: str


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Tokenise documents. Each FILE is UTF-8 text whose first line is a title; the output is the title "
            "line, a blank line, then the tokens of the rest of the file, one per line."
        ),
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path, help="input document (UTF-8)")
    parser.add_argument(
        "-o",
        "--output-dir",
        metavar="DIR",
        type=Path,
        help="write one output file per input into DIR (created if missing), under the input's base name; "
        "required with more than one FILE, otherwise the output goes to stdout",
    )
    words = parser.add_mutually_exclusive_group()
    words.add_argument(
        "--stopwords",
        metavar="NAME",
        default="default",
        help=f"a bundled stopword list ({', '.join(wordsift.stopword_lists())}) or 'none' to keep every word "
        "(default: %(default)s)",
    )
    words.add_argument(
        "--stopwords-file",
        metavar="PATH",
        type=Path,
        help="read the stopwords from PATH instead: UTF-8, one word per line, lines starting with '#' ignored",
    )
    parser.add_argument(
        "--no-lowercase",
        dest="lowercase",
        action="store_false",
        help="keep the case of the tokens (stopwords still match case-insensitively)",
    )
    parser.add_argument(
        "--case-sensitive", action="store_true", help="match stopwords exactly, case included (with --no-lowercase)"
    )
    parser.add_argument("--keep-numbers", action="store_true", help="emit runs of digits as tokens")
    parser.add_argument("--min-len", metavar="N", type=int, default=1, help="shortest token kept, in code points")
    parser.add_argument("--max-len", metavar="N", type=int, default=None, help="longest token kept, in code points")
    parser.add_argument(
        "--normalize",
        choices=["NFC", "NFKC", "none"],
        default="NFC",
        help="Unicode normalisation applied first (default: %(default)s)",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {wordsift.__version__} (Unicode {wordsift.UNICODE_VERSION})",
    )
    return parser


def _read_text(path: Path) -> str:
    """The contents of `path` decoded as strict UTF-8, or a CliError naming the file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CliError(f"cannot read {str(path)!r}: {reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CliError(
            f"cannot read {str(path)!r}: not valid UTF-8 at byte offset {error.start} ({error.reason})"
        ) from None


def _split_document(path: Path, text: str) -> Document:
    title, newline, body = text.partition("\n")
    return Document(path=path, title=title.removesuffix("\r"), body=body if newline else "")


def _read_stopwords_file(path: Path) -> list[str]:
    lines = (line.strip() for line in _read_text(path).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _make_tokenizer(args: argparse.Namespace) -> wordsift.Tokenizer:
    stopwords: str | list[str] | None
    if args.stopwords_file is not None:
        stopwords = _read_stopwords_file(args.stopwords_file)
    elif args.stopwords == "none":
        stopwords = None
    else:
        stopwords = args.stopwords
    try:
        return wordsift.Tokenizer(
            stopwords=stopwords,
            lowercase=args.lowercase,
            case_sensitive=args.case_sensitive,
            keep_numbers=args.keep_numbers,
            min_len=args.min_len,
            max_len=args.max_len,
            normalize=None if args.normalize == "none" else args.normalize,
        )
    except ValueError as error:  # WordsiftError included
        raise CliError(str(error)) from None


def _render(document: Document, tokens: list[str]) -> bytes:
    lines = [document.title, "", *tokens]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)  # hard links and other aliases
    except OSError:
        return False


def _output_paths(inputs: Sequence[Path], output_dir: Path) -> list[Path]:
    """Where each input's output goes; a CliError if two collide or one would overwrite an input."""
    by_name: dict[str, Path] = {}
    for path in inputs:
        if path.name in by_name:
            raise CliError(
                f"inputs {str(by_name[path.name])!r} and {str(path)!r} have the same base name {path.name!r}; "
                "their outputs would overwrite each other"
            )
        by_name[path.name] = path
    outputs = [output_dir / path.name for path in inputs]
    for output in outputs:
        for path in inputs:
            if _same_file(output, path):
                raise CliError(f"refusing to overwrite input file {str(path)!r}; choose another output directory")
    return outputs


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one, never a part."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as temp:
            if hasattr(os, "fchmod"):
                os.fchmod(temp.fileno(), mode)  # mkstemp creates 0600; give the usual umask-based mode
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise


def _sync_directory(directory: Path) -> None:
    """Make the renames durable where the platform allows it (POSIX); best effort."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_stdout(data: bytes) -> None:
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python
        # from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    inputs: list[Path] = args.files
    output_dir: Path | None = args.output_dir
    if output_dir is None and len(inputs) > 1:
        parser.error(f"{len(inputs)} input files need an output directory: use -o DIR")
    tokenizer = _make_tokenizer(args)
    outputs = None if output_dir is None else _output_paths(inputs, output_dir)
    # Every input is read and decoded before any output is written, so that a
    # bad input leaves the output directory as it was.
    documents = [_split_document(path, _read_text(path)) for path in inputs]
    token_lists = tokenizer.tokenize_batch([document.body for document in documents])
    if output_dir is None or outputs is None:
        _write_stdout(_render(documents[0], token_lists[0]))
        return EXIT_OK
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CliError(f"cannot create output directory {str(output_dir)!r}: {error.strerror or error}") from None
    mode = 0o666 & ~_current_umask()
    for document, tokens, output in zip(documents, token_lists, outputs, strict=True):
        try:
            _write_atomically(output, _render(document, tokens), mode)
        except OSError as error:
            raise CliError(f"cannot write {str(output)!r}: {error.strerror or error}") from None
    _sync_directory(output_dir)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        parser = _build_parser()
        args = parser.parse_args(argv)
        return _run(args, parser)
    except CliError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
