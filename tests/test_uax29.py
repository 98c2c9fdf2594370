"""The `segment="uax29"` option: Unicode word boundaries, checked against Unicode's own test file.

tests/data/unicode/WordBreakTest.txt is the UCD 14.0.0 file (see the README
beside it): each line a string with every position marked a boundary (U+00F7
DIVISION SIGN) or not (U+00D7 MULTIPLICATION SIGN). The expected tokens are
derived from it and from the pinned character classes, never from either
implementation.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from strategies import any_character, texts

DATA_DIR = Path(__file__).resolve().parent / "data" / "unicode"
TABLES = Path(wordsift.reference.__file__).resolve().parent / "data" / "unicode_tables.txt"

# Raw pieces, nothing dropped or lower-cased: what the test file describes.
BREAK, NO_BREAK = "\u00f7", "\u00d7"
RAW = {"segment": "uax29", "keep_numbers": True, "normalize": None, "lowercase": False, "stopwords": None}


def word_break_cases() -> list[tuple[str, list[str]]]:
    """Each test line of WordBreakTest.txt as (text, the pieces between its boundaries)."""
    path = DATA_DIR / "WordBreakTest.txt"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# WordBreakTest-14.0.0.txt\n")
    cases = []
    for line in text.splitlines():
        marks = line.split("#", 1)[0].split()
        if not marks:
            continue
        assert marks[0] == BREAK, line
        assert marks[-1] == BREAK, line
        pieces, piece = [], ""
        for mark in marks[1:]:
            if mark == BREAK:
                pieces.append(piece)
                piece = ""
            elif mark != NO_BREAK:
                piece += chr(int(mark, 16))
        cases.append(("".join(pieces), pieces))
    return cases


def pinned_classes() -> dict[str, str]:
    """The tokeniser class (L, I, M, N, J, F) of each classified character, read from the pinned tables."""
    classes = {}
    for line in TABLES.read_text(encoding="utf-8").splitlines():
        if line.startswith("class "):
            _, start, end, cls = line.split()
            classes.update(dict.fromkeys(map(chr, range(int(start, 16), int(end, 16) + 1)), cls))
    return classes


CASES = word_break_cases()
CLASSES = pinned_classes()


def expected_tokens(pieces: list[str]) -> list[str]:
    """The documented tokens of pieces: those holding a letter or digit, format characters removed."""
    tokens = []
    for piece in pieces:
        if any(CLASSES.get(ch) in ("L", "I", "N") for ch in piece):
            tokens.append("".join(ch for ch in piece if CLASSES.get(ch) != "F"))
    return tokens


def test_the_test_file_is_complete() -> None:
    # UCD 14.0.0's WordBreakTest.txt has 1,823 cases.
    assert len(CASES) == 1823
    assert sum(any(CLASSES.get(ch) in ("L", "I", "N") for ch in text) for text, _ in CASES) > 1000


def test_reference_segments_every_test_line_as_unicode_does() -> None:
    failures = [
        (text, pieces, got) for text, pieces in CASES if (got := wordsift.reference._word_segments(text)) != pieces
    ]
    assert not failures, f"{len(failures)} lines differ, first: {failures[0]!r}"


def test_tokens_of_every_test_line_follow_its_boundaries(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(**RAW)
    texts_ = [text for text, _ in CASES]
    expected = [expected_tokens(pieces) for _, pieces in CASES]
    for method in (lambda: [tokenizer.tokenize(text) for text in texts_], lambda: tokenizer.tokenize_batch(texts_)):
        actual = method()
        failures = [(text, got, want) for text, got, want in zip(texts_, actual, expected, strict=True) if got != want]
        assert not failures, f"{len(failures)} lines differ, first: {failures[0]!r}"


# Each code point in contexts where its Word_Break value (or Extended_Pictographic)
# decides whether it joins its neighbours: ALetter and Numeric, MidLetter and
# MidNum, Extend at the start, Hebrew letters and quotes, ZWJ before a pictograph.
PROBES = ["a{}a", "1{}1", "{}a", "\u05d0{}\u05d0", "a\u200d{}"]
# Only a letter's own pairs can show whether it is Katakana or Hebrew_Letter.
LETTER_PROBES = ["{0}{0}", "{}'"]


def test_rust_and_reference_cut_alike_around_every_code_point() -> None:
    """Both read Word_Break from the pinned tables, each with its own parser and its own statement of the
    rules: every code point, in every context that can show its value, gives the same tokens."""
    rust, reference = wordsift.Tokenizer(**RAW), wordsift.reference.Tokenizer(**RAW)
    characters = [chr(cp) for cp in range(0x110000) if not 0xD800 <= cp <= 0xDFFF]
    letters = [ch for ch in characters if CLASSES.get(ch) in ("L", "I")]
    assert len(letters) > 100_000
    for probes, chars in ((PROBES, characters), (LETTER_PROBES, letters)):
        for probe in probes:
            probe_texts = [probe.format(ch) for ch in chars]
            actual = rust.tokenize_batch(probe_texts)
            expected = reference.tokenize_batch(probe_texts)
            differ = [(text, a, b) for text, a, b in zip(probe_texts, actual, expected, strict=True) if a != b]
            assert not differ, f"{len(differ)} texts of {probe!r} differ, first: {differ[0]!r}"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # Apostrophes and full stops between letters, and commas and full stops
        # between digits, do not cut; a final full stop does.
        ("Maduro's exclusive-U.S. interview", ["maduro's", "exclusive", "u.s", "interview"]),
        ("They can't, won't and don\u2019t", ["they", "can't", "won't", "and", "don\u2019t"]),
        ("2,000 generals at 3.5% on 1.1.2020", ["2,000", "generals", "at", "3.5", "on", "1.1.2020"]),
        # Letters and digits join; so does the connector underscore.
        ("covid19 and mp3 files, snake_case", ["covid19", "and", "mp3", "files", "snake_case"]),
        # Han ideographs and hiragana are each a word; katakana runs stay whole.
        ("東京タワーは", ["東", "京", "タワー", "は"]),
        # Hebrew: the geresh and gershayim quotes stay inside a word.
        ('צה"ל', ['צה"ל']),
        # Emoji are not words; a soft hyphen leaves the word, as in the default rule.
        ("\U0001f44b co\u00adoperate", ["cooperate"]),
        # UAX #29 leaves Thai, Lao, Khmer and Myanmar to dictionaries: untailored, it cuts
        # after every letter (with its marks), where the default rule keeps the run whole.
        ("ภาษาไทยง่าย", ["ภ", "า", "ษ", "า", "ไ", "ท", "ย", "ง\u0e48", "า", "ย"]),
    ],
)
def test_uax29_keeps_what_the_default_rule_splits(impl: ModuleType, text: str, tokens: list[str]) -> None:
    assert impl.Tokenizer(stopwords=None, segment="uax29", keep_numbers=True).tokenize(text) == tokens


LIST_CODES = {code for name in wordsift.stopword_lists() for code in wordsift.stopword_info(name).codes}
SAMPLES = sorted((Path(__file__).resolve().parent / "data" / "languages").glob("*.txt"))
SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SAMPLES + SEEDS, ids=lambda path: path.name)
def test_text_in_each_language_cuts_alike_on_both_sides(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # The language's own list where there is one (the samples are named by code).
    own_list = path.stem if path.stem in LIST_CODES else "default"
    for options_ in (
        {"segment": "uax29", "stopwords": own_list},
        {**RAW, "lowercase": True},
        {"segment": "uax29", "normalize": "NFKC"},
    ):
        expected = wordsift.reference.Tokenizer(**options_).tokenize(text)
        assert len(expected) > 20
        tokenizer = wordsift.Tokenizer(**options_)
        assert tokenizer.tokenize(text) == expected, options_
        assert tokenizer.tokenize_batch([text, text.upper()], threads=2) == wordsift.reference.Tokenizer(
            **options_
        ).tokenize_batch([text, text.upper()])
        assert tokenizer.tokenize_arrow([text]).to_pylist() == [expected]


def test_numbers_are_dropped_unless_kept_but_words_with_digits_stay(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, segment="uax29")
    assert tokenizer.segment == "uax29"
    assert tokenizer.tokenize("2,000 covid19 cases in 2020") == ["covid19", "cases", "in"]
    assert impl.Tokenizer(stopwords=None).segment is None


def test_stopwords_and_limits_see_whole_pieces(impl: ModuleType) -> None:
    # "don't" can be a stopword here; under the default rule it never matches.
    tokenizer = impl.Tokenizer(stopwords=["don't", "the"], segment="uax29")
    assert tokenizer.unmatchable_stopwords == []
    assert tokenizer.tokenize("Don't read the U.S. news") == ["read", "u.s", "news"]
    with pytest.warns(wordsift.StopwordWarning, match="don't"):
        assert impl.Tokenizer(stopwords=["don't"]).unmatchable_stopwords == ["don't"]
    # A contraction is one token, so the default list's fragments no longer take it apart.
    assert impl.tokenize("it's", segment="uax29") == ["it's"]
    assert impl.Tokenizer(stopwords=None, segment="uax29", max_len=3).tokenize("u.s. usa u.k") == ["u.s", "usa", "u.k"]
    assert impl.Tokenizer(stopwords=None, segment="uax29", min_len=4).tokenize("a u.s. b") == []


def test_stemming_applies_to_uax29_words(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, segment="uax29", stem="english")
    assert tokenizer.tokenize("running flies") == ["run", "fli"]
    # Snowball 2.0's Arabic stemmer keeps the punctuation a UAX #29 word can
    # hold (the Rust crate's older one deleted it: found by hypothesis).
    arabic = impl.Tokenizer(stopwords=None, segment="uax29", stem="arabic", keep_numbers=True)
    assert arabic.tokenize("A.A 1,5 \u0661\u066c\u0662") == ["a.a", "1,5", "1\u066c2"]


@pytest.mark.parametrize("cjk", ["chars", "bigrams"])
def test_cjk_options_are_refused_with_uax29(impl: ModuleType, cjk: str) -> None:
    with pytest.raises(wordsift.WordsiftError, match="cjk applies to the default rule only"):
        impl.Tokenizer(segment="uax29", cjk=cjk)


@pytest.mark.parametrize("value", ["UAX29", "words", True, 29])
def test_unknown_segment_values_are_refused(impl: ModuleType, value: object) -> None:
    with pytest.raises(wordsift.WordsiftError, match=r"segment must be 'uax29' or None, got "):
        impl.Tokenizer(segment=value)


def test_segment_survives_pickle_and_shows_in_repr() -> None:
    tokenizer = wordsift.Tokenizer(segment="uax29", stopwords=None)
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert copy.segment == "uax29"
    assert copy.tokenize("can't stop") == ["can't", "stop"]
    assert repr(tokenizer) == repr(wordsift.reference.Tokenizer(segment="uax29", stopwords=None))
    assert "segment='uax29'" in repr(tokenizer)


def test_cli_segment_option(tmp_path: Path) -> None:
    document = tmp_path / "doc.txt"
    document.write_text("Title line\nThe U.S. can't wait\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", str(document), "--segment", "uax29"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Title line\n\nu.s\ncan't\nwait\n"


uax29_pieces = st.sampled_from(
    ["'", "\u2019", ".", ",", ":", "_", '"', "\u05d0", "\u05d3", "1", "a", "\u30bf", "\u200d", "\u00ad", "\u0301",
     "\U0001f1e6", "\U0001f469", "\u2764", " ", "\u3000", "\n", "\r", "\u0085", "\u2028", "\uff0c", "\u066b"]
)  # fmt: skip
uax29_texts = st.one_of(texts, st.lists(uax29_pieces | any_character, max_size=30).map("".join))


@settings(max_examples=400, deadline=None)
@given(text=uax29_texts)
def test_rust_matches_reference_on_arbitrary_text(text: str) -> None:
    for options_ in (
        {"segment": "uax29"},
        RAW,
        {"segment": "uax29", "normalize": "NFKC", "stopwords": ["can't", "a.b"], "keep_numbers": True},
    ):
        assert wordsift.Tokenizer(**options_).tokenize(text) == wordsift.reference.Tokenizer(**options_).tokenize(
            text
        ), options_
