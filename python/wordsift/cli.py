"""The `wordsift` command: tokenise corpora on disk, a thin layer over `wordsift.corpus`.

    wordsift doc.txt                          # one seed-format document to stdout
    wordsift a.txt b.txt -o out/              # out/a.txt and out/b.txt
    wordsift articles/ -o out/ --glob '*.txt' # a directory, mirrored under out/
    wordsift news.jsonl.gz -o tokens.jsonl    # JSON Lines in, JSON Lines out
    wordsift news.jsonl --output-format plain # one line of tokens per document, to stdout
    wordsift news.parquet -o tokens.parquet   # Parquet in and out (needs pyarrow)
    wordsift count news.jsonl --top 100       # term and document frequencies, as TSV
    wordsift vectorize news.jsonl -o bow.npz  # a bag-of-words matrix (SciPy .npz) and its feature names
    wordsift explain "The U.S. isn't 42"      # what became of every span of a text, and why

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
from wordsift._sources import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    DUPLICATE_IDS,
    ERRORS,
    INPUT_FORMATS,
    OUTPUT_FORMATS,
    refuse_to_replace_inputs,
    total_input_bytes,
)
from wordsift.corpus import DEFAULT_ID_FIELD, DEFAULT_TITLE_FIELD

# Imported for type checkers only: start-up counts for a command that
# tokenises a 20 MB corpus in some 25 ms (pathlib, some 3 ms, is not
# imported on a run's path either).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn, TypeVar

    from wordsift.corpus import _Run

    _Value = TypeVar("_Value")

__all__ = ["main", "run"]

PROG = "wordsift"
EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
FORMAT_RULES = """\
input formats, when --input-format is not given (each input on its own):
  gzip is recognised by its magic bytes, and a UTF-8 byte order mark dropped;
  Parquet: the file starts with Parquet's magic bytes, or its name ends in .parquet;
  JSON Lines: its name ends in .jsonl or .ndjson (before any .gz), or its first
    non-blank line is a JSON object;
  an error: its first line starts like JSON ({", [{, a lone {) but is not a JSON
    object on one line (a JSON array, pretty-printed JSON);
  otherwise seed: a title line, then the body.
  Directories are searched recursively; hidden files are skipped.

output formats, when --output-format is not given:
  -o NAME.jsonl or .ndjson: JSON Lines; .parquet: Parquet; .txt: plain;
  a name ending in / or an existing directory: seed files;
  a further .gz compresses JSON Lines or plain text;
  any other name, or stdout: seed for inputs that are each one seed document,
  else JSON Lines. A name that contradicts --output-format is refused.

Output files and directories are complete or absent: written under a temporary
name and moved into place once every document is written."""


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 2."""


def _ngram_range(text: str) -> tuple[int, int]:
    """MIN,MAX: the lengths of the word n-grams (a single N: MIN = MAX = N)."""
    parts = text.split(",")
    try:
        low, high = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (0, -1)
    except ValueError:
        low, high = 0, -1
    if not 1 <= low <= high:
        raise argparse.ArgumentTypeError(f"not an n-gram range: {text!r} (MIN,MAX with 1 <= MIN <= MAX, as 1,2)")
    return low, high


def _document_limit(text: str) -> int | float:
    """A number of documents (an integer) or a share of them (a number with a point, in [0, 1])."""
    try:
        limit: int | float = int(text)
    except ValueError:
        try:
            limit = float(text)
        except ValueError:
            limit = -1.0
        if not 0.0 <= limit <= 1.0:
            raise argparse.ArgumentTypeError(
                f"not a document limit: {text!r} (a number of documents, or a fraction in [0, 1] as 0.5)"
            ) from None
    if limit < 1 and isinstance(limit, int):
        raise argparse.ArgumentTypeError(f"a number of documents must be at least 1, not {text!r}")
    return limit


def _add_vectorize_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE.npz",
        required=True,
        help="the matrix, in SciPy's .npz format (scipy.sparse.load_npz reads it); the feature names go beside "
        "it, in FILE.features.txt (UTF-8, one per line, line i naming column i - 1)",
    )
    parser.add_argument("--min-df", metavar="N", type=_document_limit, default=1, help=_DF_HELP % "fewer")
    parser.add_argument("--max-df", metavar="N", type=_document_limit, default=1.0, help=_DF_HELP % "more")
    parser.add_argument(
        "--max-features",
        metavar="K",
        type=int,
        default=None,
        help="keep the K features of the highest counts (ties: the first in code-point order)",
    )
    parser.add_argument("--binary", action="store_true", help="1 for every non-zero count")
    parser.add_argument(
        "--vocabulary",
        metavar="FILE",
        help="count these features only, in this order (a FILE.features.txt written before: a test set's matrix "
        "in a training set's columns); --min-df, --max-df and --max-features are then not used",
    )
    parser.add_argument(
        "--hashing",
        metavar="N",
        type=int,
        default=None,
        help="no vocabulary: the column of a feature is its hash modulo N, as scikit-learn's HashingVectorizer "
        "(n_features=N, unnormalised); no feature names are written",
    )
    parser.add_argument(
        "--no-alternate-sign",
        dest="alternate_sign",
        action="store_false",
        help="with --hashing: every feature counts +1 (by default a feature with a negative hash counts -1)",
    )


_DF_HELP = (
    "leave out features in %s documents than this: a number of documents, or a fraction of them (with a point, "
    "as 0.5), as scikit-learn's min_df and max_df"
)


def _add_tokenizer_options(parser: argparse.ArgumentParser) -> None:
    """The options of `wordsift.Tokenizer`, shared by every command."""
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
        "--strip-accents",
        choices=["unicode", "ascii"],
        default=None,
        help="'unicode': remove the marks of Latin, Greek and Cyrillic letters ('cafe' for 'café'); 'ascii': "
        "scikit-learn's, NFKD then every character beyond ASCII removed (default: none)",
    )
    parser.add_argument(
        "--html",
        action="store_true",
        help="read each text as HTML: tags and comments separate words, the content of script, style and "
        "template is dropped, character references (&eacute;) are decoded; offsets point into the markup",
    )
    for option, what in (
        ("urls", "URLs (http://, https://, ftp://, www.)"),
        ("emails", "e-mail addresses"),
        ("mentions", "@mentions"),
        ("hashtags", "#hashtags"),
    ):
        parser.add_argument(
            f"--{option}",
            choices=["keep", "drop"],
            default=None,
            help=f"{what}: 'keep' makes each one token, as written; 'drop' removes them (default: split into "
            'words like any text; the README\'s "Web text" defines each)',
        )
    parser.add_argument(
        "--emoji",
        choices=["keep"],
        default=None,
        help="'keep': each emoji is a token, with its skin tone, flag or ZWJ sequence whole (default: emoji "
        "separate words)",
    )


def _build_explain_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} explain",
        description="Show what becomes of every span of a text under the given options: kept (with its token, "
        "and its stem with --stem), or dropped as a stopword, a number, too short, too long, or a separator "
        "(spaces, punctuation, symbols, emoji). One line per span, in order: start and end (the text's "
        "character indices, end excluded), the span as a Python string literal, what became of it, the token "
        "and why. The tool to reach for when a word is missing from the output.",
    )
    parser.add_argument("text", metavar="TEXT", help="the text to explain; '-' reads it (UTF-8) from stdin")
    _add_tokenizer_options(parser)
    return parser


def _run_explain(args: argparse.Namespace) -> int:
    text = sys.stdin.buffer.read().decode("utf-8") if args.text == "-" else args.text
    explanation = _make_tokenizer(args).explain(text)
    _write_stdout(f"{explanation}\n".encode())
    return EXIT_OK


def _build_parser(command: str = "tokenize") -> argparse.ArgumentParser:
    if command == "vectorize":
        parser = argparse.ArgumentParser(
            prog=f"{PROG} vectorize",
            description="Make a bag-of-words matrix of documents from files or directories, as scikit-learn's "
            "CountVectorizer: a row per document (its body) in input order, a column per feature (a token or "
            "word n-gram) in code-point order, each entry a count. The files are read twice: once to fit the "
            "vocabulary (held in memory with its counts), once for the rows.",
            epilog=FORMAT_RULES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    elif command == "count":
        parser = argparse.ArgumentParser(
            prog=f"{PROG} count",
            description="Count term frequencies (occurrences) and document frequencies of the tokens of documents "
            "from files, directories or stdin ('-'), most frequent first.",
            epilog=FORMAT_RULES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    else:
        parser = argparse.ArgumentParser(
            prog=PROG,
            description=(
                "Tokenise documents from files, directories or stdin ('-'). A seed-format document is a title "
                "line and a body; the seed output is the title line, a blank line, then the body's tokens, one "
                f"per line. '{PROG} count --help' describes counting, '{PROG} vectorize --help' bag-of-words "
                f"matrices, '{PROG} explain --help' what becomes of each span of a text."
            ),
            epilog=FORMAT_RULES,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    parser.add_argument(
        "inputs",
        metavar="INPUT",
        nargs="+",
        help="a file or a directory (searched recursively)" + ("" if command == "vectorize" else ", or -"),
    )
    if command != "tokenize":
        parser.add_argument(
            "--ngram-range",
            metavar="MIN,MAX",
            type=_ngram_range,
            default=None,
            help="the word n-grams: every run of MIN to MAX kept tokens of a document, joined with a space "
            "(default: 1,1, the tokens; with --vocabulary, the shortest and longest of its features)",
        )
    if command == "vectorize":
        _add_vectorize_options(parser)
    elif command == "count":
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (gzip-compressed if it ends in .gz)"
        )
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
        parser.add_argument(
            "--titles",
            action="store_true",
            help="count the titles' tokens too, in their documents (by default the bodies alone are counted, as "
            "they are tokenised)",
        )
    else:
        parser.add_argument(
            "-o",
            "--output",
            "--output-dir",
            metavar="PATH",
            help="where to write: a directory for the seed format (one file per document, named by its id), a "
            "file for the others; its name picks the format (see below). Without it the output goes to stdout "
            "(seed: one document only)",
        )
        parser.add_argument(
            "--output-format",
            choices=OUTPUT_FORMATS,
            help="seed, jsonl ({id, title, tokens} per line), plain (tokens separated by spaces, a line per "
            "document) or parquet (columns id, title, tokens; needs pyarrow and -o); default: from the output's "
            "name, else seed when every input is one seed or whole document, else jsonl",
        )
        parser.add_argument(
            "--duplicate-ids",
            choices=DUPLICATE_IDS,
            default="error",
            help="two documents with one id in seed files: stop with an error naming both, or write the later "
            "ones as ID~2, ID~3, ... (default: %(default)s)",
        )
        parser.add_argument(
            "--offsets",
            action="store_true",
            help="say where each token came from: [start, end] of the body (in characters: body[start:end] in "
            'Python) per token, in the JSON Lines records\' "offsets" after their tokens, or a Parquet column '
            "offsets; not for plain or seed output. Documents are then held whole (see --max-document-size)",
        )
    parser.add_argument(
        "--input-format",
        choices=INPUT_FORMATS,
        help="how to read the inputs (seed, whole: one document per file; lines: one per line; jsonl; parquet); "
        "default: detected for each input (see below)",
    )
    parser.add_argument(
        "--text-field",
        "--column",
        metavar="NAME",
        default="text",
        help="JSON field or Parquet column of the body (default: text)",
    )
    parser.add_argument(
        "--title-field",
        metavar="NAME",
        help="JSON field or column of the title (default: title, used when present; any other name must be in every "
        "record)",
    )
    parser.add_argument(
        "--id-field",
        metavar="NAME",
        help="JSON field or column of the document id (default: id, used when present, else FILE:LINE; any other "
        "name must be in every record)",
    )
    parser.add_argument(
        "--errors",
        choices=ERRORS,
        default="strict",
        help="bytes that are not UTF-8 and unusable documents (JSON lines that are not objects, lone surrogates, "
        "null Parquet texts, documents over the size limit): stop, replace bad bytes with U+FFFD, or skip the "
        "document, reported on stderr (default: %(default)s)",
    )
    parser.add_argument(
        "--max-document-size",
        metavar="SIZE",
        type=_size,
        default=DEFAULT_MAX_DOCUMENT_BYTES,
        help="refuse a document larger than SIZE bytes (K, M, G suffixes: powers of 1024) that cannot be "
        "streamed: a JSON line or Parquet row, or any document for Parquet output"
        + (" or with --offsets" if command == "tokenize" else "")
        + " (default: 256M)",
    )
    parser.add_argument(
        "--glob",
        metavar="PATTERN",
        default="*",
        help="files to take from input directories (default: every file; hidden ones are always skipped)",
    )
    parser.add_argument("--threads", metavar="N", type=int, default=None, help="threads to use (default: all)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary line on stderr")
    _add_tokenizer_options(parser)
    parser.add_argument(
        "--version",
        action="version",
        version=(
            f"{PROG} {wordsift.__version__} (token rules {wordsift.RULES_VERSION}, Unicode {wordsift.UNICODE_VERSION})"
        ),
    )
    return parser


def _size(text: str) -> int:
    """A size in bytes, with an optional K, M or G suffix (powers of 1024)."""
    units = {"K": 2**10, "M": 2**20, "G": 2**30}
    number, unit = (text[:-1], units[text[-1].upper()]) if text[-1:].upper() in units else (text, 1)
    try:
        size = int(number) * unit
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (a number of bytes, with K, M or G)") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 byte, not {text!r}")
    return size


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
            strip_accents=args.strip_accents,
            urls=args.urls,
            emails=args.emails,
            mentions=args.mentions,
            hashtags=args.hashtags,
            emoji=args.emoji,
            html=args.html,
        )
    except ValueError as error:  # WordsiftError included
        raise CliError(str(error)) from None


def _write_stdout(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


class _Progress:
    """A one-line progress report on stderr, redrawn a few times a second: documents, MB, MB/s, and an ETA from
    the bytes read of the input files against their size on disk (compressed ones as they are)."""

    def __init__(self, total_bytes: int | None) -> None:
        self.total_bytes = total_bytes
        self.started = time.monotonic()
        self.drawn = 0.0

    def __call__(self, documents: int, size: int, position: int) -> None:
        now = time.monotonic()
        if now - self.drawn < 0.2:
            return
        self.drawn = now
        seconds = max(now - self.started, 1e-9)
        line = f"{_plural(documents, 'document')}, {size / 1e6:,.1f} MB, {size / 1e6 / seconds:,.0f} MB/s"
        if self.total_bytes and position:
            line += f", ETA {max(self.total_bytes - position, 0) * seconds / position:,.0f} s"
        sys.stderr.write("\r" + line + "\x1b[K")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.drawn:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


def _summary_lines(summary: wordsift.corpus.Summary, seconds: float) -> str:
    """The summary, then every skipped document on a line of its own."""
    line = (
        f"{PROG}: {_plural(summary.documents, 'document')}, {_plural(summary.tokens, 'token')}, "
        f"{summary.bytes / 1e6:,.1f} MB in {seconds:.2f} s; {len(summary.skipped):,} skipped"
    )
    for skipped in summary.skipped:
        where = skipped.source if skipped.line is None else f"{skipped.source}, line {skipped.line}"
        line += f"\n{PROG}: skipped {where}: {skipped.reason}"
    return line


def _prepare(args: argparse.Namespace) -> _Run:
    """The inputs, their formats and the tokenizer, every option checked."""
    tokenizer = _make_tokenizer(args)
    run = wordsift.corpus._prepare(
        args.inputs,
        tokenizer,
        args.input_format,
        args.glob,
        (args.text_field, args.title_field or DEFAULT_TITLE_FIELD, args.id_field or DEFAULT_ID_FIELD),
        args.errors,
        args.threads,
        None,
        args.max_document_size,
    )
    if not run.sources:
        holds = "holds" if len(args.inputs) == 1 else "hold"
        raise CliError(f"no input files: {', '.join(map(str, args.inputs))} {holds} no file matching {args.glob!r}")
    return run


def _with_progress(
    args: argparse.Namespace,
    run: _Run,
    work: Callable[[_Progress | None], tuple[_Value, wordsift.corpus.Summary]],
    *,
    summary_always: bool = True,
) -> _Value:
    """`work(progress)` with a progress line on a terminal, then the summary (and every skipped document) on
    stderr, unless --quiet. `summary_always=False`: only when documents were skipped."""
    show_progress = not args.quiet and sys.stderr.isatty()
    total = total_input_bytes((path, name) for path, name, _ in run.sources)
    progress = _Progress(total) if show_progress else None
    started = time.monotonic()
    try:
        value, summary = work(progress)
    finally:
        if progress is not None:
            progress.clear()
    if not args.quiet and (summary_always or summary.skipped):
        print(_summary_lines(summary, time.monotonic() - started), file=sys.stderr)
    return value


def _run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    plan = wordsift.corpus._plan_output(
        args.output, args.output_format, args.duplicate_ids, default=None, offsets=args.offsets
    )
    run = _prepare(args)
    if plan.format is None:
        plan = plan._replace(format=wordsift.corpus.default_output_format(run.sources))
        wordsift.corpus._check_offsets(plan)
    one_document = len(run.sources) == 1 and run.sources[0][2] in ("seed", "whole")
    if plan.format == "seed" and args.output is None and not one_document:
        # Seed output on stdout: one document, like the seed files themselves.
        parser.error(f"{len(run.sources)} input files need an output directory: use -o DIR")

    def write(progress: _Progress | None) -> tuple[None, wordsift.corpus.Summary]:
        return None, wordsift.corpus._write_run(run, plan, progress)

    one_document_to_stdout = plan.format == "seed" and args.output is None
    _with_progress(args, run, write, summary_always=not one_document_to_stdout)
    return EXIT_OK


def _check_count_options(args: argparse.Namespace) -> None:
    """The counting options, checked before any input is read."""
    if args.top is not None and args.top < 0:
        raise CliError(f"--top must be >= 0, got {args.top}")
    if args.min_df < 1:
        raise CliError(f"--min-df must be >= 1, got {args.min_df}")
    if not 0.0 < args.max_df <= 1.0:
        raise CliError(f"--max-df must be a fraction in (0, 1], got {args.max_df}")


def _count_rows(counts: wordsift.TokenCounts, args: argparse.Namespace) -> list[tuple[str, int, int]]:
    """(token, term frequency, document frequency), most frequent first, filtered as the options say."""
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


class _FileOutput:
    """A file written under a temporary name, made when this is made (so that an output that cannot be written
    fails before any work) and renamed into place by `commit` (gzip-compressed when its name ends in .gz), or by
    `commit_written` once the caller has written the temporary file itself."""

    def __init__(self, path: str) -> None:
        # Imported here, like json: only `count -o` and `vectorize` need it (tempfile is slow to import).
        from wordsift._files import temporary_beside

        self.path = path
        self.temporary = temporary_beside(path)

    def commit(self, data: bytes) -> None:
        from wordsift._files import move_into_place

        if self.path.endswith(".gz"):
            import gzip

            data = gzip.compress(data)
        with open(self.temporary, "wb") as file:
            file.write(data)
        move_into_place(self.temporary, self.path)

    def commit_written(self) -> None:
        """Moves the temporary file, written by the caller, into place."""
        from wordsift._files import move_into_place

        move_into_place(self.temporary, self.path)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def _run_count(args: argparse.Namespace) -> int:
    _check_count_options(args)
    run = _prepare(args)
    output = None
    if args.output is not None:
        refuse_to_replace_inputs(args.output, run.sources)
        output = _FileOutput(args.output)
    try:
        ngram_range = args.ngram_range or (1, 1)
        counts = _with_progress(
            args, run, lambda progress: wordsift.corpus._count_run(run, args.titles, progress, ngram_range)
        )
        data = _render_counts(_count_rows(counts, args), counts.documents, args.format)
        if output is None:
            _write_stdout(data)
        else:
            output.commit(data)
    except BaseException:
        if output is not None:
            output.discard()
        raise
    return EXIT_OK


def _check_vectorize_options(args: argparse.Namespace) -> None:
    """The options of `vectorize`, checked before any input is read."""
    if not args.output.endswith(".npz"):
        raise CliError(f"the output must be named *.npz (SciPy's format), not {args.output!r}")
    if args.max_features is not None and args.max_features < 1:
        raise CliError(f"--max-features must be >= 1, got {args.max_features}")
    if args.hashing is not None and not 1 <= args.hashing <= 2**31 - 1:
        raise CliError(f"--hashing must be in 1..{2**31 - 1}, got {args.hashing}")
    if args.hashing is not None and args.vocabulary is not None:
        raise CliError("--hashing and --vocabulary exclude each other")
    if "-" in args.inputs:
        raise CliError("vectorize reads its inputs twice, so it cannot read stdin ('-'); give files")


def _fit_features(args: argparse.Namespace, run: _Run) -> wordsift._core.FeatureIndex:
    """The columns: the --vocabulary file's features, or those fitted on the inputs' counts."""
    if args.vocabulary is not None:
        # Split at line feeds only: str.splitlines also splits at characters that a token may hold (U+0085).
        names = _read_text(args.vocabulary).removesuffix("\n").split("\n")
        if names == [""]:
            raise CliError(f"the vocabulary {args.vocabulary!r} is empty")
        if args.ngram_range is None:
            lengths = [name.count(" ") + 1 for name in names]
            args.ngram_range = (min(lengths), max(lengths))
        return wordsift._core.FeatureIndex(names)
    args.ngram_range = args.ngram_range or (1, 1)

    def fit(progress: _Progress | None) -> tuple[wordsift._core.FeatureIndex, wordsift.corpus.Summary]:
        counts, summary = wordsift.corpus._count_run(run, False, progress, args.ngram_range)
        features, _ = wordsift._core.fit_counted(
            counts.term_frequencies,
            counts.document_frequencies,
            counts.documents,
            min_df=args.min_df,
            max_df=args.max_df,
            max_features=args.max_features,
            binary=args.binary,
        )
        return features, summary

    return _with_progress(args, run, fit, summary_always=False)


def _run_vectorize(args: argparse.Namespace) -> int:
    _check_vectorize_options(args)
    import importlib.util

    if importlib.util.find_spec("numpy") is None:
        raise CliError("vectorize needs NumPy to write .npz files: pip install numpy")
    run = _prepare(args)
    names_path = args.output.removesuffix(".npz") + ".features.txt"
    for output in (args.output, names_path):
        refuse_to_replace_inputs(output, run.sources)
    # The outputs' temporary files are made before any input is read: an
    # output that cannot be written fails at once, not after two passes.
    matrix_output = _FileOutput(args.output)
    names_output = _FileOutput(names_path) if args.hashing is None else None
    try:
        _vectorize_into(args, run, matrix_output, names_output)
    except BaseException:
        matrix_output.discard()
        if names_output is not None:
            names_output.discard()
        raise
    return EXIT_OK


def _vectorize_into(
    args: argparse.Namespace, run: _Run, matrix_output: _FileOutput, names_output: _FileOutput | None
) -> None:
    """The matrix of the inputs into `matrix_output`, its feature names into `names_output` (not with --hashing),
    both moved into place once complete."""
    from wordsift import _corpus_matrix

    if args.hashing is None:
        features = _fit_features(args, run)
        columns: dict[str, Any] = {"features": features}
        width = len(features)
    else:
        columns = {"n_features": args.hashing, "alternate_sign": args.alternate_sign}
        width = args.hashing
        args.ngram_range = args.ngram_range or (1, 1)

    def rows(progress: _Progress | None) -> tuple[tuple[Any, Any, Any], wordsift.corpus.Summary]:
        return _corpus_matrix.matrix_of_run(run, progress, ngram_range=args.ngram_range, dtype="int64", **columns)

    indptr, indices, data = _with_progress(args, run, rows)
    if args.binary:
        data[:] = 1
    _corpus_matrix.write_npz(matrix_output.temporary, (indptr, indices, data), (len(indptr) - 1, width))
    if names_output is not None:
        names_output.commit("".join(name + "\n" for name in features.names()).encode("utf-8"))
    matrix_output.commit_written()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        arguments = list(sys.argv[1:] if argv is None else argv)
        command = arguments[0] if arguments[:1] in (["count"], ["vectorize"], ["explain"]) else "tokenize"
        if command == "explain":
            return _run_explain(_build_explain_parser().parse_args(arguments[1:]))
        parser = _build_parser(command)
        args = parser.parse_args(arguments if command == "tokenize" else arguments[1:])
        if command == "count":
            return _run_count(args)
        if command == "vectorize":
            return _run_vectorize(args)
        return _run(args, parser)
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
        print(f"\n{PROG}: interrupted", file=sys.stderr)
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
