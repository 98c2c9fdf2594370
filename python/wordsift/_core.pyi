"""Type stubs for the Rust extension module (src/py/)."""

from collections.abc import Callable, Iterable
from typing import Any, Literal, Protocol, final, overload

from wordsift.counts import TokenCounts
from wordsift.explanation import Explanation

__all__ = [
    "DEBUG_BUILD",
    "RULES_VERSION",
    "UNICODE_VERSION",
    "CorpusChunks",
    "DocumentWriter",
    "FeatureIndex",
    "OwnedArray",
    "TokenArray",
    "Tokenizer",
    "__version__",
    "_restore_tokenizer",
    "corpus_matrix",
    "count_corpus",
    "count_matrix",
    "default_threads",
    "detect_input_formats",
    "fit_counted",
    "fit_counts",
    "fit_features",
    "hash_matrix",
    "stopword_list",
    "stopword_list_names",
    "write_corpus",
]

class _ArrowArrayExporter(Protocol):
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

class _ArrowStreamExporter(Protocol):
    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object: ...

# An Arrow string column (string, large_string or string_view) exported through the PyCapsule interface:
# pyarrow arrays and chunked arrays, polars and pandas Series, ... Null texts give None (no document for count).
_ArrowColumn = _ArrowArrayExporter | _ArrowStreamExporter

UNICODE_VERSION: str
RULES_VERSION: str
__version__: str
DEBUG_BUILD: bool

@final
class Tokenizer:
    def __new__(
        cls,
        *,
        stopwords: str | Iterable[str] | None = "default",
        lowercase: bool = True,
        case_sensitive: bool = False,
        keep_numbers: bool = False,
        min_len: int = 1,
        max_len: int | None = None,
        normalize: str | None = "NFC",
        errors: str = "strict",
        cjk: str | None = None,
        stem: str | None = None,
        segment: str | None = None,
        strip_accents: str | None = None,
        urls: str | None = None,
        emails: str | None = None,
        mentions: str | None = None,
        hashtags: str | None = None,
        emoji: str | None = None,
        html: bool = False,
    ) -> Tokenizer: ...
    def __call__(self, text: str, /) -> list[str]: ...
    def tokenize(self, text: str, /) -> list[str]: ...
    def tokenize_with_offsets(self, text: str, /) -> list[tuple[str, int, int]]: ...
    def explain(self, text: str, /) -> Explanation: ...
    def __reduce__(self) -> tuple[Callable[[dict[str, Any]], Tokenizer], tuple[dict[str, Any]]]: ...
    def __copy__(self) -> Tokenizer: ...
    def __deepcopy__(self, memo: object, /) -> Tokenizer: ...
    @overload
    def tokenize_batch(self, texts: Iterable[str], /, *, threads: int | None = None) -> list[list[str]]: ...
    @overload
    def tokenize_batch(self, texts: _ArrowColumn, /, *, threads: int | None = None) -> list[list[str] | None]: ...
    def tokenize_arrow(
        self,
        texts: Iterable[str] | _ArrowColumn,
        /,
        *,
        threads: int | None = None,
        offsets: bool | Literal["chars", "bytes"] | None = None,
    ) -> TokenArray: ...
    def count(
        self,
        texts: Iterable[str] | _ArrowColumn,
        /,
        *,
        threads: int | None = None,
        ngram_range: tuple[int, int] = (1, 1),
    ) -> TokenCounts: ...
    @property
    def lowercase(self) -> bool: ...
    @property
    def case_sensitive(self) -> bool: ...
    @property
    def keep_numbers(self) -> bool: ...
    @property
    def min_len(self) -> int: ...
    @property
    def max_len(self) -> int | None: ...
    @property
    def normalize(self) -> str | None: ...
    @property
    def errors(self) -> str: ...
    @property
    def cjk(self) -> str | None: ...
    @property
    def stem(self) -> str | None: ...
    @property
    def segment(self) -> str | None: ...
    @property
    def strip_accents(self) -> str | None: ...
    @property
    def urls(self) -> str | None: ...
    @property
    def emails(self) -> str | None: ...
    @property
    def mentions(self) -> str | None: ...
    @property
    def hashtags(self) -> str | None: ...
    @property
    def emoji(self) -> str | None: ...
    @property
    def html(self) -> bool: ...
    @property
    def stopwords(self) -> frozenset[str] | None: ...
    @property
    def unmatchable_stopwords(self) -> list[str]: ...

@final
class TokenArray:
    @staticmethod
    def from_pylist(
        lists: Iterable[Iterable[str] | Iterable[tuple[str, int, int]] | None], offsets: str | None = None
    ) -> TokenArray: ...
    def __reduce__(
        self,
    ) -> tuple[Callable[[list[Any], str | None], TokenArray], tuple[list[Any], str | None]]: ...
    def __len__(self) -> int: ...
    @property
    def token_count(self) -> int: ...
    @property
    def offsets(self) -> str | None: ...
    # Lists of str, or with offsets of (token, start, end) tuples.
    def to_pylist(self) -> list[Any]: ...
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

def _restore_tokenizer(kwargs: dict[str, Any], /) -> Tokenizer: ...
def stopword_list(name: str) -> list[str]: ...
def default_threads() -> int: ...
def stopword_list_names() -> list[str]: ...

# (path, name, format): "-" is stdin; a format of None is detected.
_Source = tuple[str, str, str | None]
# (ids, titles, tokens, skipped, bytes, position, source labels, lines) per chunk.
_CorpusChunk = tuple[
    list[str],
    list[str],
    list[list[str]] | TokenArray,
    list[tuple[str, int | None, str]],
    int,
    int,
    list[str],
    list[int | None],
]

@final
class CorpusChunks:
    def __new__(
        cls,
        tokenizer: Tokenizer,
        sources: list[_Source],
        options: dict[str, Any],
        /,
        *,
        threads: int | None = None,
        chunk_bytes: int | None = None,
        arrow: bool = False,
        offsets: bool = False,
    ) -> CorpusChunks: ...
    def __iter__(self) -> CorpusChunks: ...
    def __next__(self) -> _CorpusChunk: ...
    def summary(self) -> dict[str, Any] | None: ...

def detect_input_formats(sources: list[tuple[str, str]], /, *, max_document_bytes: int) -> list[str]: ...
def write_corpus(
    tokenizer: Tokenizer,
    sources: list[_Source],
    options: dict[str, Any],
    /,
    *,
    threads: int | None = None,
    chunk_bytes: int | None = None,
    output_format: str,
    output: str | None = None,
    compress: bool = False,
    duplicate_ids: str = "error",
    progress: Callable[[int, int, int], object] | None = None,
    offsets: bool = False,
) -> dict[str, Any]: ...

@final
class DocumentWriter:
    def __new__(
        cls,
        output_format: str,
        output: str | None = None,
        *,
        compress: bool = False,
        duplicate_ids: str = "error",
        inputs: list[_Source] = ...,
        offsets: bool = False,
    ) -> DocumentWriter: ...
    def write(
        self,
        ids: list[str],
        titles: list[str],
        tokens: TokenArray,
        sources: list[str],
        lines: list[int | None],
    ) -> None: ...
    def finish(self) -> None: ...
    def discard(self) -> None: ...

def count_corpus(
    tokenizer: Tokenizer,
    sources: list[_Source],
    options: dict[str, Any],
    /,
    *,
    threads: int | None = None,
    chunk_bytes: int | None = None,
    count_titles: bool = False,
    ngram_range: tuple[int, int] = (1, 1),
    progress: Callable[[int, int, int], object] | None = None,
) -> tuple[TokenCounts, dict[str, Any]]: ...
def corpus_matrix(
    tokenizer: Tokenizer,
    sources: list[_Source],
    options: dict[str, Any],
    /,
    *,
    features: FeatureIndex | None = None,
    n_features: int | None = None,
    alternate_sign: bool = True,
    ngram_range: tuple[int, int],
    dtype: str,
    threads: int | None = None,
    chunk_bytes: int | None = None,
    progress: Callable[[int, int, int], object] | None = None,
) -> tuple[OwnedArray, OwnedArray, OwnedArray, dict[str, Any]]: ...

# The vectorizers' core calls (wordsift.sklearn wraps them).
@final
class OwnedArray:
    @property
    def __array_interface__(self) -> dict[str, Any]: ...
    def __len__(self) -> int: ...

@final
class FeatureIndex:
    def __new__(cls, names: Iterable[str]) -> FeatureIndex: ...
    def __len__(self) -> int: ...
    def names(self) -> list[str]: ...
    def column(self, name: str) -> int | None: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __reduce__(self) -> tuple[type[FeatureIndex], tuple[list[str]]]: ...

def fit_counts(
    tokenizer: Tokenizer,
    texts: object,
    /,
    *,
    ngram_range: tuple[int, int],
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
    dtype: str,
    threads: int | None,
    binary: bool = False,
) -> tuple[FeatureIndex, OwnedArray, OwnedArray, OwnedArray, OwnedArray]: ...
def fit_features(
    tokenizer: Tokenizer,
    texts: object,
    /,
    *,
    ngram_range: tuple[int, int],
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
    threads: int | None,
    binary: bool = False,
) -> tuple[FeatureIndex, OwnedArray, int]: ...
def fit_counted(
    term_frequencies: dict[str, int],
    document_frequencies: dict[str, int],
    documents: int,
    /,
    *,
    min_df: int | float,
    max_df: int | float,
    max_features: int | None,
    binary: bool = False,
) -> tuple[FeatureIndex, OwnedArray]: ...
def count_matrix(
    tokenizer: Tokenizer,
    texts: object,
    features: FeatureIndex,
    /,
    *,
    ngram_range: tuple[int, int],
    dtype: str,
    threads: int | None,
) -> tuple[OwnedArray, OwnedArray, OwnedArray]: ...
def hash_matrix(
    tokenizer: Tokenizer,
    texts: object,
    /,
    *,
    ngram_range: tuple[int, int],
    n_features: int,
    alternate_sign: bool,
    dtype: str,
    threads: int | None,
) -> tuple[OwnedArray, OwnedArray, OwnedArray]: ...
