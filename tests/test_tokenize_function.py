"""`wordsift.tokenize(text, **options)`: the Tokenizers it keeps for options give what a new one gives, and
never hide an error that a new one would raise."""

from __future__ import annotations

import pytest

import wordsift
import wordsift.reference

TEXT = "The Märkte rose 2,000 points; Kurse stiegen und fielen. RUNNING runners ran"


@pytest.fixture(autouse=True)
def _no_kept_tokenizers() -> None:
    wordsift._TOKENIZERS.clear()


@pytest.mark.parametrize(
    "options",
    [
        {"stopwords": "de"},
        {"stem": "english"},
        {"stopwords": None, "keep_numbers": True, "min_len": 3},
        {"stopwords": frozenset({"rose", "points"})},
        {"stopwords": ("rose", "points"), "lowercase": False},
        {"normalize": "NFKC", "cjk": "bigrams", "max_len": 5},
    ],
)
def test_every_call_gives_the_references_tokens(options: dict[str, object]) -> None:
    expected = wordsift.reference.tokenize(TEXT, **options)
    assert [wordsift.tokenize(TEXT, **options) for _ in range(3)] == [expected] * 3
    assert len(wordsift._TOKENIZERS) == 1


def test_options_of_another_type_are_refused_though_equal_ones_are_kept() -> None:
    assert wordsift.tokenize(TEXT, lowercase=True) == wordsift.Tokenizer(lowercase=True).tokenize(TEXT)
    with pytest.raises(TypeError) as raised:
        wordsift.tokenize(TEXT, lowercase=1)
    with pytest.raises(TypeError) as directly:
        wordsift.Tokenizer(lowercase=1)  # type: ignore[arg-type]
    assert str(raised.value) == str(directly.value)
    wordsift.tokenize(TEXT, min_len=2)
    with pytest.raises(TypeError):
        wordsift.tokenize(TEXT, min_len=2.0)


def test_bad_options_raise_on_every_call() -> None:
    for _ in range(2):
        with pytest.raises(wordsift.WordsiftError, match="min_len"):
            wordsift.tokenize(TEXT, min_len=5, max_len=2)
        with pytest.raises(TypeError):
            wordsift.tokenize(TEXT, stopwords=(["a"], "b"))
    assert not wordsift._TOKENIZERS


def test_a_list_of_stopwords_is_read_on_every_call() -> None:
    # A list can change between calls: the function must not keep what it built from it.
    words = ["rose"]
    assert "rose" not in wordsift.tokenize(TEXT, stopwords=words)
    words[0] = "points"
    tokens = wordsift.tokenize(TEXT, stopwords=words)
    assert "rose" in tokens
    assert "points" not in tokens
    assert not wordsift._TOKENIZERS


def test_the_kept_tokenizers_are_bounded() -> None:
    for min_len in range(1, 101):
        assert wordsift.tokenize(TEXT, min_len=min_len) == wordsift.reference.tokenize(TEXT, min_len=min_len)
    assert len(wordsift._TOKENIZERS) == wordsift._TOKENIZERS_KEPT
    # The newest are kept.
    assert wordsift._TOKENIZERS[(("min_len", 100),)][1].min_len == 100
