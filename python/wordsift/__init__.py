"""wordsift: a fast word tokeniser and stopword filter with a Rust core.

    >>> import wordsift
    >>> wordsift.tokenize("Maduro's side: 2,000 generals")
    ['maduro', 'side', 'generals']

`Tokenizer` holds a configuration and tokenises single texts or whole
batches on all cores. `wordsift.reference` is the same API in plain Python:
the executable specification the Rust core is tested against.
"""

from __future__ import annotations

from types import ModuleType

from wordsift._core import (
    UNICODE_VERSION,
    TokenArray,
    Tokenizer,
    __version__,
    default_threads,
    stopword_list,
    stopword_list_names,
)
from wordsift.counts import TokenCounts, merge_counts
from wordsift.errors import WordsiftError

__all__ = [
    "UNICODE_VERSION",
    "TokenArray",
    "TokenCounts",
    "Tokenizer",
    "WordsiftError",
    "__version__",
    "default_threads",
    "merge_counts",
    "stopword_lists",
    "stopwords",
    "tokenize",
]

_DEFAULT_TOKENIZER = Tokenizer()


def tokenize(text: str, /, **options: object) -> list[str]:
    """The tokens of `text`; `options` are those of `Tokenizer`.

    With no options a shared default tokenizer is used; with options a new
    `Tokenizer` is built on each call, so build one yourself for a loop.
    """
    tokenizer = Tokenizer(**options) if options else _DEFAULT_TOKENIZER  # type: ignore[arg-type]
    return tokenizer.tokenize(text)


def stopwords(name: str = "default") -> frozenset[str]:
    """The words of a bundled stopword list ("default" is "english")."""
    if not isinstance(name, str):
        raise TypeError(f"name must be str, not {type(name).__name__}")
    return frozenset(stopword_list(name))


def stopword_lists() -> list[str]:
    """The names of the bundled stopword lists, "default" included."""
    return stopword_list_names()


def __getattr__(name: str) -> ModuleType:
    # The reference parses the Unicode tables and compiles its patterns on
    # import; load it only for those who use it.
    if name == "reference":
        import wordsift.reference

        return wordsift.reference
    raise AttributeError(f"module 'wordsift' has no attribute {name!r}")
