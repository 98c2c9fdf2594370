"""The `wordsift` command: tokenise corpora on disk, a thin layer over `wordsift.corpus`.

    wordsift doc.txt                          # one seed-format document to stdout
    wordsift a.txt b.txt -o out/              # out/a.txt and out/b.txt
    wordsift articles/ -o out/ --glob '*.txt' # a directory, mirrored under out/
    wordsift news.jsonl.gz -o tokens.jsonl    # JSON Lines in, JSON Lines out
    wordsift news.jsonl --output-format plain # one line of tokens per document, to stdout
    wordsift news.parquet -o tokens.parquet   # Parquet in and out (needs pyarrow)
    wordsift count news.jsonl --top 100       # term and document frequencies, as TSV

Every rule lives in `wordsift.Tokenizer`, every file format in
`wordsift.corpus`; this module parses arguments, reports progress and maps
failures to messages. Exit status: 0 on success, 2 on a usage error, an
unreadable input or an output that cannot be written, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence

import wordsift
import wordsift.corpus

# Imported for type checkers only: start-up counts for a command that
# tokenises a 20 MB corpus in some 25 ms (pathlib, some 3 ms, is not
# imported on a run's path either).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn, TypeVar

    _Value = TypeVar("_Value")

__all__ = ["main", "run"]

PROG = "wordsift"
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# Skipped documents listed in the summary; the rest are counted.
SKIPPED_SHOWN = 5


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 2."""


def _build_parser(counting: bool = False) -> argparse.ArgumentParser:
    if counting:
        parser = argparse.ArgumentParser(
            prog=f"{PROG} count",
            description="Count term frequencies (occurrences) and document frequencies of the tokens of documents "
            "from files, directories or stdin ('-'), most frequent first.",
        )
    else:
        parser = argparse.ArgumentParser(
            prog=PROG,
            description=(
                "Tokenise documents from files, directories or stdin ('-'). A seed-format document (the default "
                "for names not ending in .jsonl or .ndjson) is a title line and a body; the seed output is the "
                "title line, a blank line, then the body's tokens, one per line. "
                f"'{PROG} count --help' describes counting."
            ),
        )
    parser.add_argument("inputs", metavar="INPUT", nargs="+", help="a file, a directory (searched recursively) or -")
    if counting:
        parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
        parser.add_argument("--format", choices=["tsv", "json"], default="tsv", help="output format (default: tsv)")
        parser.add_argument("--top", metavar="K", type=int, default=None, help="only the K most frequent tokens")
        parser.add_argument(
            "--min-df", metavar="N", type=int, default=1, help="only tokens in at least N documents (default: 1)"
        )
        parser.add_argument(
            "--max-df",
            metavar="F",
            type=float,
            default=1.0,
            help="only tokens in at most this fraction of the documents (default: 1.0)",
        )
    else:
        parser.add_argument(
            "-o",
            "--output",
            "--output-dir",
            metavar="PATH",
            help="where to write: a directory for the seed format (one file per document, named like its input), "
            "a file for jsonl and plain; without it the output goes to stdout (seed: one document only)",
        )
        parser.add_argument(
            "--output-format",
            choices=wordsift.corpus.OUTPUT_FORMATS,
            help="seed, jsonl ({id, title, tokens} per line), plain (tokens separated by spaces, a line per "
            "document) or parquet (columns id, title, tokens; needs pyarrow and -o); default: seed for seed and "
            "whole inputs, jsonl for the others",
        )
    parser.add_argument(
        "--input-format",
        choices=wordsift.corpus.INPUT_FORMATS,
        help="how to read the inputs; default: by name, with or without .gz (jsonl for .jsonl and .ndjson, "
        "parquet for .parquet, else seed)",
    )
    parser.add_argument(
        "--text-field",
        "--column",
        metavar="NAME",
        default="text",
        help="JSON field or Parquet column of the body (default: text)",
    )
    parser.add_argument("--title-field", metavar="NAME", default="title", help="JSON field or column of the title")
    parser.add_argument("--id-field", metavar="NAME", default="id", help="JSON field or column of the document id")
    parser.add_argument(
        "--errors",
        choices=wordsift.corpus.ERRORS,
        default="strict",
        help="bytes that are not UTF-8 (and unusable JSON lines or Parquet rows): stop, replace with U+FFFD, or "
        "skip the document (default: %(default)s)",
    )
    parser.add_argument("--glob", metavar="PATTERN", default="*", help="files to take from input directories")
    parser.add_argument("--threads", metavar="N", type=int, default=None, help="threads to use (default: all)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line on stderr")
    words = parser.add_mutually_exclusive_group()
    words.add_argument(
        "--stopwords",
        metavar="NAME",
        default="default",
        help=f"a bundled stopword list ({', '.join(wordsift.stopword_lists())}), a language's ISO 639-1 "
        "code (de, fr, ...) or 'none' to keep every word (default: %(default)s)",
    )
    words.add_argument(
        "--stopwords-file",
        metavar="PATH",
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
        "--cjk",
        choices=["chars", "bigrams", "none"],
        default="none",
        help="'chars': each Han ideograph and kana letter is a token of its own; 'bigrams': each two "
        "neighbouring ones are a token; 'none': a run of them is one word, like any letters "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--stem",
        metavar="LANGUAGE",
        default=None,
        help="replace each kept token by its stem, with the Snowball stemmer of LANGUAGE (a name such as "
        "'english' or an ISO 639-1 code such as 'en')",
    )
    parser.add_argument(
        "--segment",
        choices=["default", "uax29"],
        default="default",
        help="where words are cut: 'default', wordsift's rule (letters, marks and joiners make a word); "
        '\'uax29\', the word boundaries of Unicode Standard Annex #29, which keep "can\'t", "u.s" and '
        '"2,000" whole (default: %(default)s)',
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {wordsift.__version__} (Unicode {wordsift.UNICODE_VERSION})",
    )
    return parser


def _read_text(path: str) -> str:
    """The contents of `path` decoded as strict UTF-8, or a CliError naming the file."""
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as error:
        reason = error.strerror or str(error)
        raise CliError(f"cannot read {path!r}: {reason}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CliError(f"cannot read {path!r}: not valid UTF-8 at byte offset {error.start} ({error.reason})") from None


def _read_stopwords_file(path: str) -> list[str]:
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
            cjk=None if args.cjk == "none" else args.cjk,
            stem=args.stem,
            segment=None if args.segment == "default" else args.segment,
        )
    except ValueError as error:  # WordsiftError included
        raise CliError(str(error)) from None


def _render_seed(document: wordsift.corpus.Document) -> bytes:
    lines = [document.title, "", *document.tokens]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


class _Progress:
    """A one-line progress report on stderr, redrawn a few times a second: documents, MB, MB/s, ETA."""

    def __init__(self, total_bytes: int | None) -> None:
        self.total_bytes = total_bytes
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, documents: int, size: int) -> None:
        now = time.monotonic()
        if now - self.drawn < 0.2:
            return
        self.drawn = now
        seconds = max(now - self.started, 1e-9)
        line = f"{documents:,} documents, {size / 1e6:,.1f} MB, {size / 1e6 / seconds:,.0f} MB/s"
        if self.total_bytes and size:
            line += f", ETA {max(self.total_bytes - size, 0) * seconds / size:,.0f} s"
        sys.stderr.write("\r" + line + "\x1b[K")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _summary_line(summary: wordsift.corpus.Summary, seconds: float) -> str:
    line = (
        f"{PROG}: {summary.documents:,} documents, {summary.tokens:,} tokens, "
        f"{summary.bytes / 1e6:,.1f} MB in {seconds:.2f} s; {len(summary.skipped):,} skipped"
    )
    for skipped in summary.skipped[:SKIPPED_SHOWN]:
        where = skipped.source if skipped.line is None else f"{skipped.source}, line {skipped.line}"
        line += f"\n  skipped {where}: {skipped.reason}"
    if len(summary.skipped) > SKIPPED_SHOWN:
        line += f"\n  and {len(summary.skipped) - SKIPPED_SHOWN:,} more"
    return line


def _sources(args: argparse.Namespace) -> list[tuple[str, str]]:
    sources = wordsift.corpus.find_sources(args.inputs, glob=args.glob)
    if not sources:
        raise CliError(f"no input files: {', '.join(map(str, args.inputs))} hold no file matching {args.glob!r}")
    return sources


def _reading_options(args: argparse.Namespace, input_format: str | None) -> dict[str, Any]:
    """The keyword options of `wordsift.corpus` that reading and tokenising take."""
    return {
        "tokenizer": _make_tokenizer(args),
        "input_format": input_format,
        "text_field": args.text_field,
        "title_field": args.title_field,
        "id_field": args.id_field,
        "errors": args.errors,
        "threads": args.threads,
        "glob": args.glob,
    }


def _with_progress(
    args: argparse.Namespace,
    sources: list[tuple[str, str]],
    run: Callable[[_Progress | None], tuple[_Value, wordsift.corpus.Summary]],
) -> _Value:
    """`run(progress)` with a progress line on a terminal and a summary line after, unless --quiet."""
    show_progress = not args.quiet and sys.stderr.isatty()
    progress = _Progress(wordsift.corpus.total_input_bytes(sources)) if show_progress else None
    started = time.monotonic()
    try:
        value, summary = run(progress)
    finally:
        if progress is not None:
            progress.clear()
    if not args.quiet:
        print(_summary_line(summary, time.monotonic() - started), file=sys.stderr)
    return value


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    sources = _sources(args)
    input_format = args.input_format or wordsift.corpus.detect_format(name for _, name in sources)
    output_format = args.output_format or ("seed" if input_format in ("seed", "whole") else "jsonl")
    options = _reading_options(args, input_format)
    if output_format == "seed" and args.output is None:
        # Seed output on stdout: one document, like the seed files themselves.
        if len(sources) > 1 or input_format not in ("seed", "whole"):
            parser.error(f"{len(sources)} input files need an output directory: use -o DIR")
        for document in wordsift.corpus.tokenize_files(args.inputs, **options):
            _write_stdout(_render_seed(document))
        return EXIT_OK

    def write(progress: _Progress | None) -> tuple[None, wordsift.corpus.Summary]:
        summary = wordsift.corpus.write_corpus(
            args.inputs, args.output, output_format=output_format, progress=progress, **options
        )
        return None, summary

    _with_progress(args, sources, write)
    return EXIT_OK


def _count_rows(counts: wordsift.TokenCounts, args: argparse.Namespace) -> list[tuple[str, int, int]]:
    """(token, term frequency, document frequency), most frequent first, filtered as the options say."""
    if args.top is not None and args.top < 0:
        raise CliError(f"--top must be >= 0, got {args.top}")
    if not 0.0 < args.max_df <= 1.0:
        raise CliError(f"--max-df must be a fraction in (0, 1], got {args.max_df}")
    most_documents = args.max_df * counts.documents
    rows = [
        (token, term, counts.document_frequencies[token])
        for token, term in counts.term_frequencies.items()
        if args.min_df <= counts.document_frequencies[token] <= most_documents
    ]
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows if args.top is None else rows[: args.top]


def _render_counts(rows: list[tuple[str, int, int]], documents: int, output_format: str) -> bytes:
    if output_format == "json":
        import json  # here: start-up time matters to a command, and most runs never need it

        tokens = [{"token": token, "term_frequency": term, "document_frequency": df} for token, term, df in rows]
        return (json.dumps({"documents": documents, "tokens": tokens}, ensure_ascii=False) + "\n").encode("utf-8")
    lines = ["token\tterm_frequency\tdocument_frequency", *(f"{t}\t{term}\t{df}" for t, term, df in rows)]
    return "".join(line + "\n" for line in lines).encode("utf-8")


def _write_file_atomically(path: str, data: bytes) -> None:
    """`data` to `path` through a temporary file renamed into place."""
    # Imported here, like json: only `count -o` needs it (tempfile is slow to import).
    from wordsift._files import move_into_place, temporary_beside

    temporary = temporary_beside(path)
    try:
        with open(temporary, "wb") as file:
            file.write(data)
        move_into_place(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _run_count(args: argparse.Namespace) -> int:
    sources = _sources(args)
    if args.output is not None and any(
        path != "-" and os.path.exists(args.output) and os.path.samefile(path, args.output) for path, _ in sources
    ):
        raise CliError(f"refusing to overwrite input file {args.output!r}; choose another output")
    options = _reading_options(args, args.input_format)
    counts = _with_progress(
        args, sources, lambda progress: wordsift.corpus.count_files(args.inputs, progress=progress, **options)
    )
    data = _render_counts(_count_rows(counts, args), counts.documents, args.format)
    if args.output is None:
        _write_stdout(data)
    else:
        _write_file_atomically(args.output, data)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        counting = arguments[:1] == ["count"]
        parser = _build_parser(counting)
        args = parser.parse_args(arguments[1:] if counting else arguments)
        return _run_count(args) if counting else _run(args, parser)
    except BrokenPipeError:
        # The reader of stdout went away (`| head`): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except (CliError, ValueError, OSError) as error:
        # ValueError covers WordsiftError (bad options, bad input bytes);
        # OSError unreadable inputs and unwritable outputs, each naming the
        # file.
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


def run() -> NoReturn:
    """The `wordsift` command and `python -m wordsift`: `main`, then an immediate exit."""
    status = main()
    # Everything is written by now (the Rust writer flushes and renames its
    # files before returning; Python's streams are flushed here), so the
    # interpreter's teardown (a garbage collection, every module freed) is
    # skipped: it takes some 4 ms, a tenth of a run over a 20 MB corpus.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as error:
        print(f"{PROG}: error: cannot write stdout: {error}", file=sys.stderr)
        status = status or EXIT_USAGE
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    run()
