"""Term and document frequencies, as `Tokenizer.count` returns them.

Plain Python, shared by the Rust binding and the reference, so that both
return the same type.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

__all__ = ["TokenCounts", "merge_counts"]


class TokenCounts(NamedTuple):
    """How often each kept token occurs in a batch of documents.

    `term_frequencies[token]` counts its occurrences, and
    `document_frequencies[token]` the documents that contain it at least
    once; both are `collections.Counter`s (so `most_common`, `total` and the
    arithmetic of counters work), holding only tokens that occur.
    `documents` is the number of documents counted, empty ones included.
    """

    term_frequencies: Counter[str]
    document_frequencies: Counter[str]
    documents: int


def _from_dicts(term_frequencies: dict[str, int], document_frequencies: dict[str, int], documents: int) -> TokenCounts:
    # The binding builds plain dicts; a Counter made from an empty start
    # copies a dict in one C-level update.
    return TokenCounts(Counter(term_frequencies), Counter(document_frequencies), documents)


def merge_counts(parts: Iterable[TokenCounts]) -> TokenCounts:
    """The counts of several parts of a corpus added up: for counts made by processes or cluster tasks.

    The parts must hold different documents: a document counted in two
    parts adds to its tokens' document frequencies twice.
    """
    terms: Counter[str] = Counter()
    documents_with: Counter[str] = Counter()
    documents = 0
    for part in parts:
        terms.update(part.term_frequencies)
        documents_with.update(part.document_frequencies)
        documents += part.documents
    return TokenCounts(terms, documents_with, documents)
