"""What became of each span of a text: the result of `Tokenizer.explain`.

An `Explanation` is a list of `Entry`, one for every span of the original
text, in order: each candidate token (kept or dropped, and why) and each
stretch of text between them (a separator). Both the pure-Python reference
and the fast path build it with `explanation()`, so this module knows nothing
of either: it takes spans and reasons and adds the text and a readable detail.

Only the standard library, and nothing slow to import: `html` is imported
when an HTML table is asked for.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["REASONS", "Entry", "Explanation", "explanation"]

#: What became of a span: a token kept, a token dropped (as a stopword, a
#: number, too short or too long), a URL, e-mail address, mention or hashtag
#: dropped by its option (`urls="drop"`, ...), or text between tokens.
REASONS: tuple[str, ...] = (
    "kept",
    "stopword",
    "number",
    "short",
    "long",
    "url",
    "email",
    "mention",
    "hashtag",
    "separator",
)
# The detail of a span dropped by its option.
_DROPPED_SPANS = {
    "url": "a URL (urls='drop')",
    "email": "an e-mail address (emails='drop')",
    "mention": "a mention (mentions='drop')",
    "hashtag": "a hashtag (hashtags='drop')",
}

# The table's text column shows at most this many characters of a span's repr.
_TEXT_WIDTH = 32
_ZWJ = "\u200d"
_EMOJI_PRESENTATION = "\ufe0f"


@dataclass(frozen=True, slots=True)
class Entry:
    """One span of a text, [start, end) in Python str indices into the text as given, and what became of it.

    `token` is the candidate with format characters removed (None for a
    separator); `stem` is the kept token's stem when a stemmer is set (else
    None); `detail` says why, in words.
    """

    start: int
    end: int
    text: str
    reason: str
    token: str | None
    stem: str | None
    detail: str

    @property
    def kept(self) -> bool:
        """Whether the span made a token of the output."""
        return self.reason == "kept"

    @property
    def output(self) -> str | None:
        """The token as output (its stem when stemmed), for a kept entry; None otherwise."""
        if not self.kept:
            return None
        return self.stem if self.stem is not None else self.token


class Explanation(list[Entry]):
    """The entries of a text, in order of their start; its repr is a table, one line per entry."""

    def kept_tokens(self) -> list[tuple[str, int, int]]:
        """The kept entries as (token as output, start, end): what `tokenize_with_offsets` gives."""
        tokens = []
        for entry in self:
            output = entry.output
            if output is not None:
                tokens.append((output, entry.start, entry.end))
        return tokens

    def _rows(self) -> list[tuple[str, str, str, str, str, str]]:
        return [
            (str(entry.start), str(entry.end), _shown(entry.text), entry.reason, _token_cell(entry), entry.detail)
            for entry in self
        ]

    def __repr__(self) -> str:
        header = ("start", "end", "text", "reason", "token", "detail")
        rows = [header, *self._rows()]
        widths = [max(_width(row[column]) for row in rows) for column in range(len(header))]
        lines = []
        for row in rows:
            cells = []
            for column, (cell, width) in enumerate(zip(row, widths, strict=True)):
                padding = " " * (width - _width(cell))
                # Numbers to the right, words to the left.
                cells.append(padding + cell if column < 2 else cell + padding)
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_html_(self) -> str:
        """The table as HTML, for notebooks."""
        import html

        header = "".join(f"<th>{name}</th>" for name in ("start", "end", "text", "reason", "token", "detail"))
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in self._rows()
        )
        return f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>"


def _shown(text: str) -> str:
    """A span's text as its repr (spaces, line breaks and format characters visible), cut if long."""
    shown = repr(text)
    return shown if len(shown) <= _TEXT_WIDTH else shown[: _TEXT_WIDTH - 1] + "\u2026"


def _token_cell(entry: Entry) -> str:
    if entry.token is None:
        return ""
    if entry.stem is not None and entry.stem != entry.token:
        return f"{entry.token!r} \u2192 {entry.stem!r}"
    return repr(entry.token)


def _width(cell: str) -> int:
    """The columns a cell takes on a terminal: wide characters two, combining ones none."""
    width = 0
    for char in cell:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def explanation(
    text: str,
    spans: Iterable[tuple[int, int, str, str | None, str | None]],
    *,
    stopword_list: str | None,
    min_len: int,
    max_len: int | None,
) -> Explanation:
    """The `Explanation` of `text` from its spans, each (start, end, reason, token, stem), in order.

    Fills in each entry's text (the original `text[start:end]`) and detail.
    `stopword_list` names the stopword list in use (None for stopwords given
    as words); `min_len` and `max_len` are the length limits in use.
    """
    entries = Explanation()
    for start, end, reason, token, stem in spans:
        if reason not in REASONS:
            raise ValueError(f"reason must be one of {', '.join(REASONS)}, got {reason!r}")
        if not 0 <= start < end <= len(text):
            raise ValueError(f"span ({start}, {end}) is not a non-empty span of a text of length {len(text)}")
        if (token is None) != (reason == "separator"):
            raise ValueError(f"a {reason} span must {'not ' if reason == 'separator' else ''}have a token")
        span_text = text[start:end]
        detail = _detail(span_text, reason, token, stem, stopword_list, min_len, max_len)
        entries.append(Entry(start, end, span_text, reason, token, stem, detail))
    return entries


def _detail(
    span_text: str,
    reason: str,
    token: str | None,
    stem: str | None,
    stopword_list: str | None,
    min_len: int,
    max_len: int | None,
) -> str:
    if reason == "separator" or token is None:
        return ", ".join(_character_kinds(span_text))
    if reason == "kept":
        return f"{stem!r} is the stem of {token!r}" if stem is not None and stem != token else ""
    if reason == "stopword":
        return "in the given stopwords" if stopword_list is None else f"in the stopword list {stopword_list!r}"
    if reason == "number":
        return "a number (keep_numbers=False)"
    if reason in _DROPPED_SPANS:
        return _DROPPED_SPANS[reason]
    length = f"{len(token)} character{'' if len(token) == 1 else 's'}"
    if reason == "short":
        return f"{length}, fewer than min_len={min_len}"
    return f"{length}, more than max_len={max_len}"


def _join_surrogates(text: str) -> str:
    """`text` with each high surrogate followed by a low one joined into the character they encode."""
    chars = []
    at = 0
    while at < len(text):
        char = text[at]
        if "\ud800" <= char <= "\udbff" and at + 1 < len(text) and "\udc00" <= text[at + 1] <= "\udfff":
            chars.append(chr(0x10000 + ((ord(char) - 0xD800) << 10 | (ord(text[at + 1]) - 0xDC00))))
            at += 2
        else:
            chars.append(char)
            at += 1
    return "".join(chars)


def _is_emoji(char: str) -> bool:
    return unicodedata.category(char) in ("So", "Sk") and (char >= "\U0001f000" or "\u2600" <= char <= "\u27bf")


def _character_kinds(span_text: str) -> list[str]:
    """The kinds of characters in a separator, in order of first appearance (a description only:
    tokens never depend on Python's own Unicode tables, which this reads)."""
    chars = _join_surrogates(span_text)
    has_emoji = any(map(_is_emoji, chars))
    kinds: list[str] = []
    for char in chars:
        category = unicodedata.category(char)
        if char.isspace():
            kind = "space"
        elif _is_emoji(char) or (has_emoji and char in (_ZWJ, _EMOJI_PRESENTATION)):
            kind = "emoji"
        else:
            kind = {"P": "punctuation", "S": "symbol", "N": "digit", "M": "mark", "C": "format or control"}.get(
                category[0], "other"
            )
        if kind not in kinds:
            kinds.append(kind)
    return kinds
