"""The `stem` option: Snowball stemming, alike in the Rust core (rust-stemmers) and the reference (snowballstemmer)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from strategies import texts

SAMPLES = Path(__file__).resolve().parent / "data" / "languages"
STEM_LANGUAGES = {
    "arabic": "ar", "english": "en", "german": "de", "greek": "el", "hungarian": "hu", "italian": "it",
    "norwegian": "no", "portuguese": "pt", "romanian": "ro", "russian": "ru", "spanish": "es", "swedish": "sv",
    "tamil": "ta", "turkish": "tr",
}  # fmt: skip
SAMPLE_FILES = {"no": "nb"}


def test_english_stems_as_snowball_does(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stem="english")
    assert tokenizer.stem == "english"
    assert tokenizer.tokenize("The generals were running the markets") == ["general", "were", "run", "market"]
    assert impl.Tokenizer(stem="en").stem == "english"
    assert impl.Tokenizer().stem is None


def test_stopwords_and_lengths_see_the_word_as_written(impl: ModuleType) -> None:
    assert impl.Tokenizer(stopwords=["running"], stem="en").tokenize("running runs") == ["run"]
    assert impl.Tokenizer(stopwords=None, stem="en", max_len=5).tokenize("runs running") == ["run"]


def test_a_word_snowball_stems_to_nothing_stays_as_written(impl: ModuleType) -> None:
    import snowballstemmer  # type: ignore[import-not-found, import-untyped, unused-ignore]

    # Snowball 2.0's Greek stemmer leaves nothing of these short words.
    greek = snowballstemmer.stemmer("greek")
    assert [greek.stemWord(word) for word in ("αει", "ικο")] == ["", ""]
    tokenizer = impl.Tokenizer(stopwords=None, stem="greek")
    assert tokenizer.tokenize("αεί ικό ανθρώπους") == ["αεί", "ικό", greek.stemWord("ανθρωπους")]
    # Each word gives exactly one token, through the batch path too: none is dropped, none left empty.
    assert tokenizer.tokenize_batch(["αεί", "ικό ανθρώπους", "αεί"], threads=2) == [
        ["αεί"],
        ["ικό", greek.stemWord("ανθρωπους")],
        ["αεί"],
    ]


def test_russian_reads_yo_as_ye(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, stem="ru")
    assert tokenizer.tokenize("своё свое") == ["сво", "сво"]


@pytest.mark.parametrize(("name", "code"), sorted(STEM_LANGUAGES.items()))
def test_each_language_sample_stems_alike_on_both_sides(name: str, code: str) -> None:
    text = (SAMPLES / f"{SAMPLE_FILES.get(code, code)}.txt").read_text(encoding="utf-8")
    for options in ({"stem": name}, {"stem": code, "stopwords": None, "keep_numbers": True}):
        expected = wordsift.reference.Tokenizer(**options).tokenize(text)  # type: ignore[arg-type]
        assert wordsift.Tokenizer(**options).tokenize(text) == expected  # type: ignore[arg-type]
    # The stemmer does something on text of its language.
    plain = wordsift.Tokenizer(stopwords=None).tokenize(text)
    assert wordsift.Tokenizer(stopwords=None, stem=code).tokenize(text) != plain


def test_every_distinct_corpus_word_stems_alike(corpus_texts: list[str]) -> None:
    words = sorted({word for text in corpus_texts for word in wordsift.Tokenizer(stopwords=None).tokenize(text)})
    assert len(words) > 40_000
    expected = wordsift.reference.Tokenizer(stopwords=None, stem="english").tokenize_batch(words)
    # Every word gives exactly one stem, never an empty one.
    assert [word for word, stems in zip(words, expected, strict=True) if len(stems) != 1 or not stems[0]] == []
    assert wordsift.Tokenizer(stopwords=None, stem="english").tokenize_batch(words, threads=2) == expected


@pytest.mark.parametrize("threads", [1, 2])
def test_every_entry_point_stems_the_corpus_alike(threads: int, corpus_texts: list[str]) -> None:
    texts_ = corpus_texts[:1500]
    reference = wordsift.reference.Tokenizer(stem="english")
    expected = reference.tokenize_batch(texts_)
    tokenizer = wordsift.Tokenizer(stem="english")
    assert tokenizer.tokenize_batch(texts_, threads=threads) == expected
    assert tokenizer.tokenize_arrow(texts_, threads=threads).to_pylist() == expected
    assert tokenizer.count(texts_, threads=threads) == reference.count(texts_)
    assert [tokenizer.tokenize(text) for text in texts_[:200]] == expected[:200]


def test_stemming_needs_lower_case(impl: ModuleType) -> None:
    # Snowball uses capitals as markers (French deletes an H), so capitals
    # stem differently in each port.
    with pytest.raises(wordsift.WordsiftError, match="stem needs lowercase=True"):
        impl.Tokenizer(stem="german", lowercase=False)


@pytest.mark.parametrize("language", ["french", "fr", "danish", "dutch", "finnish"])
def test_languages_whose_ports_differ_are_refused(impl: ModuleType, language: str) -> None:
    with pytest.raises(wordsift.WordsiftError, match="stem must be None or a language"):
        impl.Tokenizer(stem=language)


@given(text=texts, language=st.sampled_from(sorted(STEM_LANGUAGES)), normalize=st.sampled_from(["NFC", "NFKC", None]))
def test_any_text_stems_alike_on_both_sides(text: str, language: str, normalize: str | None) -> None:
    options = {"stem": language, "normalize": normalize, "stopwords": None}
    expected = wordsift.reference.Tokenizer(**options).tokenize(text)  # type: ignore[arg-type]
    assert wordsift.Tokenizer(**options).tokenize(text) == expected  # type: ignore[arg-type]
    # One stem per word, none empty.
    words = wordsift.reference.Tokenizer(normalize=normalize, stopwords=None).tokenize(text)  # type: ignore[arg-type]
    assert len(expected) == len(words)
    assert all(expected)


def test_the_cli_stems(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Title\nThe generals were running\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "--stem", "en", str(path)], capture_output=True, check=True
    )
    assert result.stdout == b"Title\n\ngeneral\nwere\nrun\n"
