"""Seed parity: the default tokenizer turns seed 000's body into seed 001's tokens.

Seed 000 is a news story (title line, then body text); seed 001 is the token
list the issue asks for (title line, blank line, one token per line). The two
were edited separately, so they differ by exactly six editorial edits, listed
below as data. The test applies those edits to the tokens of 000 and requires
the result to equal 001 token for token: any other difference fails.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import NamedTuple

import pytest

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
SOURCE_SEED = SEEDS_DIR / "000_36ba6cd82e780804.txt"
TOKENS_SEED = SEEDS_DIR / "001_c8e3435ecebdda4d.txt"


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


class Edit(NamedTuple):
    """At `position` in 000's tokens (just after `after`), `removed` gives way to `added` in 001."""

    position: int
    after: tuple[str, ...]
    removed: tuple[str, ...]
    added: tuple[str, ...]


EDITORIAL_EDITS = [
    # 000's dateline, absent from 001.
    Edit(0, (), ("washington", "feb", "reuters"), ()),
    # "those conversations are very very limited": 000 lost the word.
    Edit(102, ("are", "very", "very"), (), ("limited",)),
    # "hiding venezuelan assets": 000 has "hiding venezuela government assets".
    Edit(182, ("free", "fair", "elections"), (), ("venezuelan", "assets")),
    # "further possible sanctions on venezuela": 001 ends the sentence at "sanctions".
    Edit(231, ("further", "possible", "sanctions"), ("venezuela",), ()),
    # "a legitimate democratic transition": 000 lost the word.
    Edit(286, ("accept", "legitimate", "democratic"), (), ("transition",)),
    # 001 ends with "never" where 000 has the reporters' credit line.
    Edit(
        407,
        ("loyal", "always", "traitors"),
        words(
            "reporting matt spetalnick luc cohen roberta rampton additional reporting brian ellsworth caracas "
            "editing mary milliken grant mccool"
        ),
        ("never",),
    ),
]

# Words the issue says the default list must remove, and words it must keep.
MUST_REMOVE = words(
    "a about although an and as at before behind but by could despite down every for from his if in may of on or "
    "outside re s since that the these this those to whether who whom with would"
)
MUST_KEEP = words(
    "is are was be being has have had do doing he him himself it we they them so now few more very only such other "
    "which where also still one same many new further possible including"
)


def read_seed(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def seed_body(text: str) -> str:
    """Everything after the title line."""
    _title, _newline, body = text.partition("\n")
    return body


def seed_tokens(text: str) -> list[str]:
    """The tokens of a seed in the output format: title, blank line, one token per line, each ending in "\\n"."""
    title, blank, *tokens, last = text.split("\n")
    assert title
    assert blank == "", "the title line must be followed by a blank line"
    assert last == "", "every token line, the last included, must end with a newline"
    return tokens


def apply_edits(tokens: list[str], edits: list[Edit]) -> list[str]:
    result: list[str] = []
    cursor = 0
    for edit in sorted(edits):
        start, end = edit.position, edit.position + len(edit.removed)
        assert tuple(tokens[start - len(edit.after) : start]) == edit.after, f"{edit}: context moved"
        assert tuple(tokens[start:end]) == edit.removed, f"{edit}: expected words not found at {start}"
        result.extend(tokens[cursor:start])
        result.extend(edit.added)
        cursor = end
    result.extend(tokens[cursor:])
    return result


def test_seed_files_have_the_documented_format() -> None:
    source = read_seed(SOURCE_SEED)
    assert source.count("\n") > 1
    tokens = seed_tokens(read_seed(TOKENS_SEED))
    assert len(tokens) == 408
    assert all(token and token == token.strip() for token in tokens)


def test_default_tokens_of_seed_000_are_seed_001_up_to_the_editorial_edits(impl: ModuleType) -> None:
    actual = impl.tokenize(seed_body(read_seed(SOURCE_SEED)))
    expected = seed_tokens(read_seed(TOKENS_SEED))
    assert apply_edits(actual, EDITORIAL_EDITS) == expected


def test_seed_000_credit_line_ends_the_document(impl: ModuleType) -> None:
    actual = impl.tokenize(seed_body(read_seed(SOURCE_SEED)))
    last = EDITORIAL_EDITS[-1]
    assert last.position + len(last.removed) == len(actual)


def test_default_tokenizer_instance_matches_the_function_on_the_seed(impl: ModuleType) -> None:
    body = seed_body(read_seed(SOURCE_SEED))
    assert impl.Tokenizer().tokenize(body) == impl.tokenize(body)
    assert impl.Tokenizer().tokenize_batch([body, body]) == [impl.tokenize(body)] * 2


@pytest.mark.parametrize("word", MUST_REMOVE)
def test_default_stopwords_contain_the_function_words_the_issue_lists(impl: ModuleType, word: str) -> None:
    assert word in impl.stopwords("default")
    assert impl.tokenize(word) == []


@pytest.mark.parametrize("word", MUST_KEEP)
def test_default_stopwords_keep_the_content_words_the_issue_lists(impl: ModuleType, word: str) -> None:
    assert word not in impl.stopwords("default")
    assert impl.tokenize(word) == [word]
