"""wordsift's exception and warning types, shared by the Rust core and the reference."""

from __future__ import annotations

__all__ = ["StopwordWarning", "WordsiftError"]


class WordsiftError(ValueError):
    """An option or input that wordsift cannot work with (a ValueError)."""


class StopwordWarning(UserWarning):
    """Stopwords that can never match a token under a Tokenizer's options (see
    `Tokenizer.unmatchable_stopwords`): they hold punctuation, spaces or
    digits, or capitals when tokens are lower-cased and matched exactly."""
