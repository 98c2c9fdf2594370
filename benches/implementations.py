"""The rows of the benchmark tables: wordsift's paths, its reference, a floor and peer tokenisers.

Every implementation turns a list of documents into one token list per
document: lower-cased runs of letters minus wordsift's default stopword list,
as closely as each tool allows. Each is built by a factory that imports the
tool and does its set-up (compiling patterns, building analysers) outside the
timing; a factory raises `Unavailable` when the tool is not installed or the
wordsift build lacks the path, and the benchmark is skipped with that reason.

The peers follow their own rules (Python's or their own idea of a letter, no
normalisation, no special cases for marks, joiners or format characters, some
split "u.s." or "don't" differently), so their output is compared with the
reference's and the agreement rate reported, never assumed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import wordsift
import wordsift.reference

TokenLists = list[list[str]]
Run = Callable[[Any], Any]

STOPWORDS: frozenset[str] = wordsift.stopwords()


class Unavailable(Exception):
    """The tool behind an implementation cannot be used here (not installed, not built yet)."""


def _require(module: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as error:
        raise Unavailable(f"{module} is not installed (pip install -e '.[bench]'): {error}") from None


def _same(output: Any) -> TokenLists:
    return output  # type: ignore[no-any-return]


def _arrow_to_lists(output: Any) -> TokenLists:
    # Any object with __arrow_c_array__ (wordsift's) or a pyarrow array itself.
    import pyarrow

    return pyarrow.array(output).to_pylist()  # type: ignore[no-any-return]


def _polars_to_lists(output: Any) -> TokenLists:
    return output.to_list()  # type: ignore[no-any-return]


def _documents_as_given(texts: list[str], expected: TokenLists) -> Any:
    return texts


def _reference_text(texts: list[str], expected: TokenLists) -> Any:
    # The split floor's input: the reference's own output, re-joined with spaces.
    return [" ".join(tokens) for tokens in expected]


@dataclass(frozen=True)
class Implementation:
    name: str
    #: "lists": list[list[str]] like wordsift.Tokenizer.tokenize_batch;
    #: "columnar": an Arrow or polars column, converted to lists only to check it.
    output: Literal["lists", "columnar"]
    #: Imports the tool and returns the function that is timed.
    build: Callable[[], Run]
    #: One line for the report (docs/benchmarks.md).
    summary: str
    #: wordsift's paths: the output must equal the reference's on every document (asserted).
    exact: bool = False
    #: Why comparing the output with the reference's tells nothing (the reference itself, or a row made
    #: from the reference's tokens): the report then shows this instead of an agreement.
    not_compared: str | None = None
    to_lists: Callable[[Any], TokenLists] = _same
    #: Turns the documents (and the reference's tokens) into the timed function's input, untimed.
    prepare: Callable[[list[str], TokenLists], Any] = _documents_as_given


# --- wordsift ---------------------------------------------------------------------------------


def _wordsift_loop() -> Run:
    tokenizer = wordsift.Tokenizer()

    def run(texts: list[str]) -> TokenLists:
        return [tokenizer.tokenize(text) for text in texts]

    return run


def _wordsift_batch(threads: int) -> Callable[[], Run]:
    def build() -> Run:
        tokenizer = wordsift.Tokenizer()

        def run(texts: list[str]) -> TokenLists:
            return tokenizer.tokenize_batch(texts, threads=threads)

        return run

    return build


def _wordsift_arrow(threads: int) -> Callable[[], Run]:
    def build() -> Run:
        tokenizer = wordsift.Tokenizer()
        if not hasattr(tokenizer, "tokenize_arrow"):
            raise Unavailable("this wordsift build has no Tokenizer.tokenize_arrow yet")
        _require("pyarrow")  # only to read the result back for the agreement check

        def run(texts: list[str]) -> Any:
            return tokenizer.tokenize_arrow(texts, threads=threads)

        return run

    return build


def _reference() -> Run:
    tokenizer = wordsift.reference.Tokenizer()

    def run(texts: list[str]) -> TokenLists:
        return tokenizer.tokenize_batch(texts)

    return run


# --- the floor and the standard library ------------------------------------------------------


def _split_floor() -> Run:
    def run(cleaned: list[str]) -> TokenLists:
        return [text.split() for text in cleaned]

    return run


def _translate_split() -> Run:
    # Every ASCII character that is not a letter becomes a space; the rest of
    # Unicode passes through as it is (enough for an ASCII corpus, which is the point).
    to_spaces = str.maketrans({code: " " for code in range(128) if not chr(code).isalpha()})
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [[word for word in text.lower().translate(to_spaces).split() if word not in stopwords] for text in texts]

    return run


def _re_findall() -> Run:
    letters = re.compile(r"[^\W\d_]+")
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [[word for word in letters.findall(text.lower()) if word not in stopwords] for text in texts]

    return run


# --- peers from PyPI ------------------------------------------------------------------------


def _sklearn() -> Run:
    text = _require("sklearn.feature_extraction.text")
    analyzer = text.CountVectorizer(
        stop_words=sorted(STOPWORDS), lowercase=True, token_pattern=r"(?u)\b[^\W\d_]+\b"
    ).build_analyzer()

    def run(texts: list[str]) -> TokenLists:
        return [analyzer(text) for text in texts]

    return run


def _blingfire() -> Run:
    text_to_words = _require("blingfire").text_to_words
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [
            [word for word in text_to_words(text.lower()).split() if word.isalpha() and word not in stopwords]
            for text in texts
        ]

    return run


def _gensim() -> Run:
    tokenize = _require("gensim.utils").tokenize
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [[word for word in tokenize(text, lowercase=True) if word not in stopwords] for text in texts]

    return run


def _nltk() -> Run:
    # RegexpTokenizer needs no downloaded data, unlike word_tokenize.
    tokenizer = _require("nltk.tokenize").RegexpTokenizer(r"[^\W\d_]+")
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [[word for word in tokenizer.tokenize(text.lower()) if word not in stopwords] for text in texts]

    return run


def _hf_tokenizers() -> Run:
    pre_tokenizer = _require("tokenizers.pre_tokenizers").Whitespace()
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [
            [
                piece
                for piece, _span in pre_tokenizer.pre_tokenize_str(text.lower())
                if piece.isalpha() and piece not in stopwords
            ]
            for text in texts
        ]

    return run


def _spacy() -> Run:
    tokenizer = _require("spacy").blank("en").tokenizer
    stopwords = STOPWORDS

    def run(texts: list[str]) -> TokenLists:
        return [
            [token.lower_ for token in doc if token.is_alpha and token.lower_ not in stopwords]
            for doc in tokenizer.pipe(texts)
        ]

    return run


def _polars(to_list: bool) -> Callable[[], Run]:
    def build() -> Run:
        pl = _require("polars")
        stopword_list = sorted(STOPWORDS)

        def run(texts: list[str]) -> Any:
            column = (
                pl.Series(texts, dtype=pl.String)
                .str.to_lowercase()
                .str.extract_all(r"[^\W\d_]+")
                .list.eval(pl.element().filter(~pl.element().is_in(stopword_list)))
            )
            return column.to_list() if to_list else column

        return run

    return build


def _pyarrow(to_pylist: bool) -> Callable[[], Run]:
    def build() -> Run:
        pa = _require("pyarrow")
        pc = _require("pyarrow.compute")
        stopword_set = pa.array(sorted(STOPWORDS), type=pa.large_string())
        zero = pa.array([0], type=pa.int64())

        def run(texts: list[str]) -> Any:
            lowered = pc.utf8_lower(pa.array(texts, type=pa.large_string()))
            pieces = pc.split_pattern_regex(lowered, r"[^\p{L}]+")
            flat = pc.list_flatten(pieces)
            keep = pc.and_(pc.greater(pc.utf8_length(flat), 0), pc.invert(pc.is_in(flat, value_set=stopword_set)))
            # Rebuild the lists around the kept pieces: a list's new end is the
            # number of pieces kept before its old end.
            kept_before = pa.concat_arrays([zero, pc.cumulative_sum(keep.cast(pa.int64()))])
            offsets = pc.take(kept_before, pieces.offsets)
            column = pa.LargeListArray.from_arrays(offsets, flat.filter(keep))
            return column.to_pylist() if to_pylist else column

        return run

    return build


IMPLEMENTATIONS: dict[str, Implementation] = {
    impl.name: impl
    for impl in [
        Implementation(
            "wordsift-tokenize-loop",
            "lists",
            _wordsift_loop,
            "one `Tokenizer`, `tokenize()` called per document in a Python loop",
            exact=True,
        ),
        Implementation(
            "wordsift-batch-threads-1",
            "lists",
            _wordsift_batch(1),
            "`Tokenizer().tokenize_batch(texts, threads=1)`",
            exact=True,
        ),
        Implementation(
            "wordsift-batch-threads-2",
            "lists",
            _wordsift_batch(2),
            "`Tokenizer().tokenize_batch(texts, threads=2)`",
            exact=True,
        ),
        Implementation(
            "wordsift-arrow-threads-1",
            "columnar",
            _wordsift_arrow(1),
            "`Tokenizer().tokenize_arrow(texts, threads=1)`: an Arrow `large_list<large_string>` via the PyCapsule "
            "interface",
            exact=True,
            to_lists=_arrow_to_lists,
        ),
        Implementation(
            "reference",
            "lists",
            _reference,
            "`wordsift.reference.Tokenizer().tokenize_batch(texts)`: the pure-Python specification",
            not_compared="is the reference",
        ),
        Implementation(
            "split-floor",
            "lists",
            _split_floor,
            "`[d.split() for d in docs]` on the reference's tokens re-joined by spaces (prepared untimed): "
            "the cost of building the lists alone; MB/s against the original text's bytes",
            not_compared="made from the reference's tokens",
            prepare=_reference_text,
        ),
        Implementation(
            "peer-translate-split",
            "lists",
            _translate_split,
            "`str.lower`, `str.translate` of ASCII non-letters to spaces, `split()`, set lookup",
        ),
        Implementation(
            "peer-re-findall",
            "lists",
            _re_findall,
            '`re.findall(r"[^\\W\\d_]+", d.lower())`, set lookup',
        ),
        Implementation(
            "peer-sklearn",
            "lists",
            _sklearn,
            'scikit-learn `CountVectorizer(stop_words=..., token_pattern=r"(?u)\\b[^\\W\\d_]+\\b")'
            ".build_analyzer()` per document",
        ),
        Implementation(
            "peer-blingfire",
            "lists",
            _blingfire,
            "blingfire `text_to_words(d.lower()).split()`, keep `str.isalpha` tokens not in the stopwords",
        ),
        Implementation(
            "peer-gensim",
            "lists",
            _gensim,
            "gensim `utils.tokenize(d, lowercase=True)`, set lookup",
        ),
        Implementation(
            "peer-nltk",
            "lists",
            _nltk,
            'NLTK `RegexpTokenizer(r"[^\\W\\d_]+").tokenize(d.lower())`, set lookup (no NLTK data needed)',
        ),
        Implementation(
            "peer-hf-tokenizers",
            "lists",
            _hf_tokenizers,
            "HF tokenizers `pre_tokenizers.Whitespace().pre_tokenize_str(d.lower())`, keep alphabetic non-stopwords",
        ),
        Implementation(
            "peer-spacy",
            "lists",
            _spacy,
            '`spacy.blank("en").tokenizer.pipe(docs)`, `token.lower_` where `token.is_alpha` and not a stopword',
        ),
        Implementation(
            "peer-polars-to-list",
            "lists",
            _polars(to_list=True),
            "polars `str.to_lowercase().str.extract_all(...)`, `list.eval(filter(~is_in(stopwords)))`, `.to_list()`",
        ),
        Implementation(
            "peer-pyarrow-to-pylist",
            "lists",
            _pyarrow(to_pylist=True),
            'pyarrow.compute `utf8_lower`, `split_pattern_regex(r"[^\\p{L}]+")`, drop empty and stopwords '
            "(`is_in`), `.to_pylist()`",
        ),
        Implementation(
            "peer-polars-native",
            "columnar",
            _polars(to_list=False),
            "the polars pipeline above, left as a `pl.Series` of `list[str]`",
            to_lists=_polars_to_lists,
        ),
        Implementation(
            "peer-pyarrow-native",
            "columnar",
            _pyarrow(to_pylist=False),
            "the pyarrow pipeline above, left as a `LargeListArray`",
            to_lists=_arrow_to_lists,
        ),
    ]
}


def agreement(tokens: TokenLists, expected: TokenLists) -> tuple[float, float]:
    """How far `tokens` agrees with the reference's `expected`, document by document.

    Returns the fraction of documents whose token lists are identical (order
    included) and the token-level agreement: the bag-of-tokens overlap of each
    document summed over the corpus, as a Dice coefficient (2 x shared tokens
    / (tokens + reference tokens)), so dropping and adding tokens both count.
    """
    if len(tokens) != len(expected):
        raise ValueError(f"{len(tokens)} token lists for {len(expected)} documents")
    same_documents = 0
    shared = 0
    for mine, theirs in zip(tokens, expected, strict=True):
        if mine == theirs:
            same_documents += 1
            shared += len(mine)
        else:
            shared += (Counter(mine) & Counter(theirs)).total()
    total = sum(map(len, tokens)) + sum(map(len, expected))
    return same_documents / max(len(expected), 1), (2 * shared / total if total else 1.0)
