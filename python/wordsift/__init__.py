"""wordsift: a fast word tokeniser and stopword filter with a Rust core.

    >>> import wordsift
    >>> wordsift.tokenize("Maduro's side: 2,000 generals")
    ['maduro', 'side', 'generals']

`Tokenizer` holds a configuration and tokenises single texts or whole
batches on all cores. `wordsift.reference` is the same API in plain Python:
the executable specification the Rust core is tested against.
"""

from __future__ import annotations

from wordsift._core import RULES_VERSION, UNICODE_VERSION, TokenArray, Tokenizer, __version__, default_threads
from wordsift._core import stopword_list as _stopword_list
from wordsift._core import stopword_list_names as _stopword_list_names
from wordsift.errors import StopwordWarning, WordsiftError

# typing.TYPE_CHECKING without importing typing (some 3 ms), so that
# `import wordsift` stays quick; type checkers treat any TYPE_CHECKING alike.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from wordsift._lists import StopwordListInfo
    from wordsift.counts import TokenCounts, merge_counts

__all__ = [
    "RULES_VERSION",
    "UNICODE_VERSION",
    "StopwordListInfo",
    "StopwordWarning",
    "TokenArray",
    "TokenCounts",
    "Tokenizer",
    "WordsiftError",
    "__version__",
    "default_threads",
    "merge_counts",
    "stopword_info",
    "stopword_lists",
    "stopwords",
    "tokenize",
    "tokenize_with_offsets",
]

_DEFAULT_TOKENIZER = Tokenizer()

# The Tokenizers that `tokenize` built for options, by option values, with
# the types of those values: a hit must have the same types, so that
# `lowercase=1` is refused as `Tokenizer` refuses it, not served what
# `lowercase=True` built. The oldest goes first.
_TOKENIZERS: dict[tuple[tuple[str, object], ...], tuple[tuple[type, ...], Tokenizer]] = {}
_TOKENIZERS_KEPT = 32
# Option values that cannot change once made, so that a kept Tokenizer is
# still the one they describe (a list of stopwords can change: not kept).
_KEPT_TYPES = (str, bool, int, type(None), frozenset, tuple)


def tokenize(text: str, /, **options: object) -> list[str]:
    """The tokens of `text`; `options` are those of `Tokenizer`.

    With no options a shared default tokenizer is used. With options, the
    Tokenizer built for them is kept (the last 32 sets of options whose
    values are str, bool, int, None, frozenset or tuple), so a loop costs
    about what `Tokenizer.tokenize` costs; other values (a list of
    stopwords) build a new Tokenizer on each call.
    """
    if not options:
        return _DEFAULT_TOKENIZER.tokenize(text)
    return _tokenizer_with(options).tokenize(text)


def tokenize_with_offsets(text: str, /, **options: object) -> list[tuple[str, int, int]]:
    """The tokens of `text`, each with where it came from: (token, start, end),
    `text[start:end]` being the characters that made it, before normalisation
    and lower-casing. `options` are those of `Tokenizer`, whose Tokenizers are
    kept as `tokenize` keeps them.
    """
    if not options:
        return _DEFAULT_TOKENIZER.tokenize_with_offsets(text)
    return _tokenizer_with(options).tokenize_with_offsets(text)


def _tokenizer_with(options: dict[str, object]) -> Tokenizer:
    """The kept Tokenizer for `options`, or a new one (kept if it can be)."""
    key = tuple(options.items())
    try:
        types, tokenizer = _TOKENIZERS[key]
        if types == tuple(map(type, options.values())):
            return tokenizer
    except (KeyError, TypeError):  # not kept, or a value that cannot be
        pass
    return _tokenizer_for(key)


def _tokenizer_for(key: tuple[tuple[str, object], ...]) -> Tokenizer:
    """A new Tokenizer for the options `key` holds, kept if they can be."""
    tokenizer = Tokenizer(**dict(key))  # type: ignore[arg-type]
    types = tuple(type(value) for _, value in key)
    if all(issubclass(kind, _KEPT_TYPES) for kind in types):
        try:
            if key not in _TOKENIZERS and len(_TOKENIZERS) >= _TOKENIZERS_KEPT:
                del _TOKENIZERS[next(iter(_TOKENIZERS))]
            _TOKENIZERS[key] = (types, tokenizer)
        except TypeError:  # a tuple holding something unhashable
            pass
    return tokenizer


def stopwords(*names: str) -> frozenset[str]:
    """The words of bundled stopword lists, by name ("german") or ISO 639-1
    code ("de"); several names give their union, none the default list
    ("english"). A frozenset: combine and edit with | and -, then pass it as
    a Tokenizer's `stopwords`.
    """
    words: set[str] = set()
    for name in names or ("default",):
        if not isinstance(name, str):
            raise TypeError(f"name must be str, not {type(name).__name__}")
        words.update(_stopword_list(name))
    return frozenset(words)


def stopword_lists() -> list[str]:
    """The names of the bundled stopword lists, "default" included."""
    return _stopword_list_names()


def stopword_info(name: str) -> StopwordListInfo:
    """Where a bundled stopword list came from: its source, upstream version,
    licence, upstream SHA-256, the SHA-256 of its data file as installed, its
    number of words, and the upstream entries left out because no token can
    equal them.
    """
    # Loaded on first use: importing wordsift stays quick for the CLI.
    from wordsift._lists import stopword_info as read_info

    return read_info(name)


# The package's own modules that users import: what `dir(wordsift)` shows
# besides the public names.
_SUBMODULES = ["cli", "corpus", "counts", "errors", "explanation", "reference", "sklearn"]


def __dir__() -> list[str]:
    return sorted([*__all__, *_SUBMODULES])


def __getattr__(name: str) -> object:
    # The reference parses the Unicode tables and compiles its patterns on
    # import; load it only for those who use it. Likewise the type of
    # stopword_info's result (dataclasses is slow to import) and the counts
    # (their NamedTuple imports typing).
    if name == "reference":
        import wordsift.reference

        return wordsift.reference
    if name in ("TokenCounts", "merge_counts"):
        import wordsift.counts

        return getattr(wordsift.counts, name)
    if name == "StopwordListInfo":
        from wordsift._lists import StopwordListInfo

        return StopwordListInfo
    raise AttributeError(f"module 'wordsift' has no attribute {name!r}")
