"""wordsift's exception type, shared by the Rust core and the reference."""

from __future__ import annotations

__all__ = ["WordsiftError"]


class WordsiftError(ValueError):
    """An option or input that wordsift cannot work with (a ValueError)."""
