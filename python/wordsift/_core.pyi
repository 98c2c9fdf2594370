"""Type stubs for the Rust extension module (src/python.rs)."""

from collections.abc import Iterable
from typing import final

from wordsift.counts import TokenCounts

__all__ = [
    "DEBUG_BUILD",
    "UNICODE_VERSION",
    "TokenArray",
    "Tokenizer",
    "__version__",
    "stopword_list",
    "stopword_list_names",
]

UNICODE_VERSION: str
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
    ) -> Tokenizer: ...
    def tokenize(self, text: str, /) -> list[str]: ...
    def tokenize_batch(self, texts: Iterable[str], /, *, threads: int | None = None) -> list[list[str]]: ...
    def tokenize_arrow(self, texts: Iterable[str], /, *, threads: int | None = None) -> TokenArray: ...
    def count(self, texts: Iterable[str], /, *, threads: int | None = None) -> TokenCounts: ...
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
    def stopwords(self) -> frozenset[str] | None: ...

@final
class TokenArray:
    def __len__(self) -> int: ...
    @property
    def token_count(self) -> int: ...
    def to_pylist(self) -> list[list[str]]: ...
    def __arrow_c_array__(self, requested_schema: object | None = None) -> tuple[object, object]: ...

def stopword_list(name: str) -> list[str]: ...
def stopword_list_names() -> list[str]: ...
