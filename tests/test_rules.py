"""Targeted tests, one rule each, with expectations written by hand from the rules.

The rules are those of `wordsift.reference`'s module docstring. Every test runs
on both implementations (the `impl` fixture); the expected tokens were worked
out from the rules, not recorded from a run.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
UNICODE_TABLES = REPO_ROOT / "python" / "wordsift" / "data" / "unicode_tables.txt"
GENERATOR = REPO_ROOT / "scripts" / "generate_unicode_tables.py"

ZWNJ = "\u200c"
ZWJ = "\u200d"
SOFT_HYPHEN = "\u00ad"
ZWSP = "\u200b"
LEFT_TO_RIGHT_MARK = "\u200e"
COMBINING_ACUTE = "\u0301"
COMBINING_DOT_ABOVE = "\u0307"
SMALL_SIGMA = "\u03c3"
FINAL_SIGMA = "\u03c2"


# Rule 3: what a word is.


def test_tokenize_keeps_combining_marks_in_devanagari_words(impl: ModuleType) -> None:
    # Vowel signs (Mc) and the virama (Mn) are marks, not letters: they stay in the word.
    assert impl.tokenize("हिन्दी भाषा") == ["हिन्दी", "भाषा"]


def test_tokenize_keeps_combining_marks_inside_latin_words(impl: ModuleType) -> None:
    # Without normalisation the decomposed e + acute stays as two code points in one word.
    assert impl.tokenize("cafe\u0301 society", normalize=None) == ["cafe\u0301", "society"]
    assert impl.tokenize("re\u0301sume\u0301", normalize=None) == ["re\u0301sume\u0301"]


def test_tokenize_does_not_start_a_word_with_a_combining_mark(impl: ModuleType) -> None:
    # A word starts with a letter; a leading mark separates and is dropped.
    assert impl.tokenize(COMBINING_ACUTE + "abc", normalize=None) == ["abc"]
    assert impl.tokenize("xyz " + COMBINING_ACUTE + COMBINING_ACUTE, normalize=None) == ["xyz"]


def test_tokenize_splits_at_apostrophes(impl: ModuleType) -> None:
    # "s" and "t" are default stopwords.
    assert impl.tokenize("Maduro's side") == ["maduro", "side"]
    assert impl.tokenize("maduro\u2019s side") == ["maduro", "side"]
    assert impl.tokenize("don't", stopwords=None) == ["don", "t"]


def test_tokenize_splits_at_hyphens_and_periods(impl: ModuleType) -> None:
    assert impl.tokenize("exclusive-u.s. in") == ["exclusive", "u"]
    assert impl.tokenize("exclusive-u.s. in", stopwords=None) == ["exclusive", "u", "s", "in"]
    assert impl.tokenize("well-known e.g.", stopwords=None) == ["well", "known", "e", "g"]


def test_tokenize_drops_numbers_by_default(impl: ModuleType) -> None:
    assert impl.tokenize("2,000 generals") == ["generals"]
    assert impl.tokenize("abc123def") == ["abc", "def"]


def test_tokenize_keeps_numbers_as_separate_tokens_with_keep_numbers(impl: ModuleType) -> None:
    assert impl.tokenize("2,000 generals", keep_numbers=True) == ["2", "000", "generals"]
    # A number ends a word and a letter after it starts a new one.
    assert impl.tokenize("abc123def", keep_numbers=True) == ["abc", "123", "def"]
    assert impl.tokenize("1.5mln", keep_numbers=True) == ["1", "5", "mln"]


def test_keep_numbers_accepts_decimal_digits_of_every_script(impl: ModuleType) -> None:
    arabic_indic = "\u0663\u0664"  # ٣٤
    devanagari = "\u0967\u0968"  # १२
    fullwidth = "\uff11\uff12"  # fullwidth one, two
    text = f"{arabic_indic} {devanagari} {fullwidth}"
    assert impl.tokenize(text, keep_numbers=True) == [arabic_indic, devanagari, fullwidth]
    assert impl.tokenize(text) == []


def test_keep_numbers_ignores_digits_that_are_not_decimal(impl: ModuleType) -> None:
    # Superscripts and fractions are No, not Nd: separators, even with keep_numbers...
    assert impl.tokenize("x\u00b2 \u00bd", keep_numbers=True) == ["x"]
    # ...until NFKC folds them to ASCII digits (U+2044 FRACTION SLASH separates).
    assert impl.tokenize("x\u00b2 \u00bd", keep_numbers=True, normalize="NFKC") == ["x", "2", "1", "2"]


def test_tokenize_keeps_zwnj_and_zwj_inside_words(impl: ModuleType) -> None:
    persian = "\u0645\u06cc" + ZWNJ + "\u062e\u0648\u0627\u0647\u0645"  # می‌خواهم
    assert impl.tokenize(persian) == [persian]
    # "a" alone is a stopword; "a" + ZWJ + "b" is one three-code-point token.
    assert impl.tokenize("a" + ZWJ + "b") == ["a" + ZWJ + "b"]


def test_tokenize_does_not_start_a_word_with_a_joiner(impl: ModuleType) -> None:
    assert impl.tokenize(ZWJ + "abc " + ZWNJ) == ["abc"]


def test_tokenize_removes_soft_hyphen_without_splitting(impl: ModuleType) -> None:
    assert impl.tokenize("co" + SOFT_HYPHEN + "operate") == ["cooperate"]
    assert impl.tokenize("ab" + LEFT_TO_RIGHT_MARK + "cd") == ["abcd"]


def test_stopwords_match_after_format_characters_are_removed(impl: ModuleType) -> None:
    assert impl.tokenize("th" + SOFT_HYPHEN + "e cat") == ["cat"]


def test_lengths_are_measured_after_format_characters_are_removed(impl: ModuleType) -> None:
    assert impl.tokenize("ab" + SOFT_HYPHEN + "cd", max_len=4) == ["abcd"]
    assert impl.tokenize("ab" + SOFT_HYPHEN + "c", min_len=4) == []


def test_tokenize_splits_at_zero_width_space(impl: ModuleType) -> None:
    assert impl.tokenize("foo" + ZWSP + "bar") == ["foo", "bar"]


def test_tokenize_drops_emoji_symbols_and_punctuation(impl: ModuleType) -> None:
    text = "hello \U0001f44b\U0001f3fd world! $100 #tag @user \u00a9 \u2122 \u00bfqu\u00e9? \u00abcita\u00bb"
    assert impl.tokenize(text) == ["hello", "world", "tag", "user", "qu\u00e9", "cita"]
    # A ZWJ emoji sequence has no letter to start a word.
    assert impl.tokenize("x\U0001f469" + ZWJ + "\U0001f4bby") == ["x", "y"]


@pytest.mark.parametrize("text", ["", " ", "   \t\n\r\n", "\u00a0\u3000\u2028", ZWSP, "...!?"])
def test_tokenize_returns_nothing_for_empty_or_blank_text(impl: ModuleType, text: str) -> None:
    assert impl.tokenize(text) == []
    assert impl.Tokenizer(stopwords=None, keep_numbers=True, min_len=0).tokenize(text) == []


def test_tokenize_keeps_cjk_and_hangul_runs_as_words(impl: ModuleType) -> None:
    # Ideographs and syllables are letters (Lo); no segmentation inside a run.
    assert impl.tokenize("\u6771\u4eac \ud55c\uad6d\uc5b4") == ["\u6771\u4eac", "\ud55c\uad6d\uc5b4"]


# Rule 1: normalisation.


def test_nfd_input_gives_the_same_tokens_as_nfc_input(impl: ModuleType) -> None:
    text = "\u00c5ngstr\u00f6m caf\u00e9 na\u00efve \u00dcber \ud55c\uad6d"
    expected = ["\u00e5ngstr\u00f6m", "caf\u00e9", "na\u00efve", "\u00fcber", "\ud55c\uad6d"]
    assert impl.tokenize(text) == expected
    assert impl.tokenize(unicodedata.normalize("NFD", text)) == expected


def test_nfc_composes_decomposed_letters(impl: ModuleType) -> None:
    assert impl.tokenize("cafe\u0301") == ["caf\u00e9"]
    # Hangul jamo compose to a syllable.
    assert impl.tokenize("\u1112\u1161\u11ab") == ["\ud55c"]


def test_nfc_keeps_compatibility_characters(impl: ModuleType) -> None:
    assert impl.tokenize("\ufb01ne") == ["\ufb01ne"]
    assert impl.tokenize("\uff21\uff22\uff23") == ["\uff41\uff42\uff43"]


def test_nfkc_folds_ligatures_and_fullwidth_forms(impl: ModuleType) -> None:
    assert impl.tokenize("\ufb01ne", normalize="NFKC") == ["fine"]
    assert impl.tokenize("\uff21\uff22\uff23", normalize="NFKC") == ["abc"]
    assert impl.tokenize("\uff11\uff12\uff13", normalize="NFKC", keep_numbers=True) == ["123"]


def test_nfkc_folding_can_produce_a_stopword(impl: ModuleType) -> None:
    fullwidth_the = "\uff54\uff48\uff45"
    assert impl.tokenize(fullwidth_the + " cat", normalize="NFKC") == ["cat"]
    assert impl.tokenize(fullwidth_the + " cat") == [fullwidth_the, "cat"]


def test_normalize_none_leaves_text_as_given(impl: ModuleType) -> None:
    assert impl.tokenize("\ufb01ne cafe\u0301", normalize=None) == ["\ufb01ne", "cafe\u0301"]


# Rule 2: lower-casing, as str.lower() does it.


def test_final_sigma_at_the_end_of_a_word(impl: ModuleType) -> None:
    assert impl.tokenize("\u039f\u0394\u039f\u03a3") == ["\u03bf\u03b4\u03bf" + FINAL_SIGMA]
    assert impl.tokenize("\u039f\u0394\u039f\u03a3.") == ["\u03bf\u03b4\u03bf" + FINAL_SIGMA]


def test_sigma_inside_a_word_is_not_final(impl: ModuleType) -> None:
    assert impl.tokenize("\u03a3\u0391\u03a3\u0391") == [SMALL_SIGMA + "\u03b1" + SMALL_SIGMA + "\u03b1"]
    # No cased letter before it: not final either.
    assert impl.tokenize("\u03a3") == [SMALL_SIGMA]


def test_final_sigma_looks_past_case_ignorable_apostrophe(impl: ModuleType) -> None:
    # Lower-casing sees the whole text: the apostrophe is case-ignorable and is
    # skipped, the "s" after it is cased, so this sigma is not final; then the
    # apostrophe splits the word and "s" is a stopword.
    assert impl.tokenize("\u039f\u0394\u039f\u03a3's") == ["\u03bf\u03b4\u03bf" + SMALL_SIGMA]
    # Before a space (not case-ignorable) the sigma is final.
    assert impl.tokenize("\u039f\u0394\u039f\u03a3 s") == ["\u03bf\u03b4\u03bf" + FINAL_SIGMA]


def test_stopword_key_of_an_unlowered_token_is_lowered_on_its_own(impl: ModuleType) -> None:
    # With lowercase=False the comparison key is the token lower-cased alone,
    # where the sigma is final, whatever followed it in the text.
    odos = "\u039f\u0394\u039f\u03a3"
    assert impl.tokenize(odos + "'s", lowercase=False, stopwords=[odos]) == ["s"]
    # With lowercase=True the token itself keeps the non-final sigma and does
    # not match the entry (lower-cased alone: final sigma).
    assert impl.tokenize(odos + "'s", stopwords=[odos]) == ["\u03bf\u03b4\u03bf" + SMALL_SIGMA, "s"]


def test_capital_i_with_dot_lowercases_to_i_and_combining_dot(impl: ModuleType) -> None:
    assert impl.tokenize("\u0130stanbul") == ["i" + COMBINING_DOT_ABOVE + "stanbul"]


def test_lengths_count_code_points_after_lowercasing(impl: ModuleType) -> None:
    # "İstanbul" is 8 code points, 9 once lower-cased.
    assert impl.tokenize("\u0130stanbul", max_len=8) == []
    assert impl.tokenize("\u0130stanbul", max_len=9) == ["i" + COMBINING_DOT_ABOVE + "stanbul"]
    assert impl.tokenize("\u0130stanbul", max_len=8, lowercase=False) == ["\u0130stanbul"]


def test_sharp_s_is_not_expanded(impl: ModuleType) -> None:
    assert impl.tokenize("Stra\u00dfe STRASSE") == ["stra\u00dfe", "strasse"]
    assert impl.tokenize("Stra\u00dfe", normalize="NFKC") == ["stra\u00dfe"]


# Rule 4: which tokens are kept.


def test_lowercase_false_keeps_case_but_matches_stopwords_without_case(impl: ModuleType) -> None:
    assert impl.tokenize("The Cat", lowercase=False) == ["Cat"]
    assert impl.tokenize("THE OF Cat", lowercase=False) == ["Cat"]


def test_case_sensitive_matches_stopwords_exactly(impl: ModuleType) -> None:
    assert impl.tokenize("The Cat the", lowercase=False, case_sensitive=True) == ["The", "Cat"]
    # Lower-cased tokens still meet the lower-case default list.
    assert impl.tokenize("The Cat", case_sensitive=True) == ["cat"]


def test_case_sensitive_custom_stopwords_keep_their_case(impl: ModuleType) -> None:
    assert impl.tokenize("Cat cat CAT", lowercase=False, case_sensitive=True, stopwords=["Cat"]) == ["cat", "CAT"]
    assert impl.tokenize("Cat cat CAT", lowercase=False, stopwords=["Cat"]) == []
    # Lower-cased text never meets a capitalised case-sensitive entry.
    assert impl.tokenize("Cat cat", case_sensitive=True, stopwords=["Cat"]) == ["cat", "cat"]


def test_min_len_and_max_len_bound_the_length_in_code_points(impl: ModuleType) -> None:
    text = "a ab abc abcd"
    assert impl.tokenize(text, stopwords=None, min_len=2, max_len=3) == ["ab", "abc"]
    assert impl.tokenize(text, stopwords=None, min_len=4) == ["abcd"]
    assert impl.tokenize(text, stopwords=None, max_len=1) == ["a"]
    assert impl.tokenize(text, stopwords=None, min_len=0, max_len=0) == []


def test_lengths_count_code_points_not_bytes_or_utf16_units(impl: ModuleType) -> None:
    bold = "\U0001d400\U0001d401"  # MATHEMATICAL BOLD CAPITAL A, B: letters without a lower case
    assert impl.tokenize(bold, max_len=2) == [bold]
    assert impl.tokenize(bold, min_len=3) == []
    assert impl.tokenize("\u00e9t\u00e9", min_len=3, max_len=3) == ["\u00e9t\u00e9"]
    # Decomposed, the same word is five code points.
    assert impl.tokenize("e\u0301te\u0301", normalize=None, max_len=3) == []
    assert impl.tokenize("e\u0301te\u0301", normalize=None, min_len=5, max_len=5) == ["e\u0301te\u0301"]


def test_custom_stopwords_replace_the_default_list(impl: ModuleType) -> None:
    assert impl.tokenize("the cat and DOG bird", stopwords=("cat", "DOG")) == ["the", "and", "bird"]
    assert impl.tokenize("the cat bird", stopwords=iter(["bird"])) == ["the", "cat"]
    assert impl.tokenize("the cat bird", stopwords=frozenset()) == ["the", "cat", "bird"]
    assert impl.tokenize("the cat bird", stopwords={"cat": 1}) == ["the", "bird"]


def test_decomposed_stopword_entries_match_composed_tokens(impl: ModuleType) -> None:
    assert impl.tokenize("caf\u00e9 au lait", stopwords=["cafe\u0301"]) == ["au", "lait"]
    assert impl.tokenize("CAFE\u0301 au lait", stopwords=["Cafe\u0301", "au"]) == ["lait"]


def test_stopword_entries_are_not_normalised_when_normalize_is_none(impl: ModuleType) -> None:
    assert impl.tokenize("caf\u00e9", normalize=None, stopwords=["cafe\u0301"]) == ["caf\u00e9"]
    assert impl.tokenize("cafe\u0301", normalize=None, stopwords=["cafe\u0301"]) == []


def test_nfkc_applies_to_stopword_entries(impl: ModuleType) -> None:
    assert impl.tokenize("fine wine", normalize="NFKC", stopwords=["\ufb01ne"]) == ["wine"]


def test_stopwords_none_keeps_every_word(impl: ModuleType) -> None:
    assert impl.tokenize("The of a and it", stopwords=None) == ["the", "of", "a", "and", "it"]


def test_english_list_is_the_default_list(impl: ModuleType) -> None:
    assert impl.stopwords("english") == impl.stopwords("default") == impl.stopwords()
    text = "the cat of the hill"
    assert impl.tokenize(text, stopwords="english") == impl.tokenize(text) == ["cat", "hill"]


def test_tokenizer_stopwords_attribute_holds_the_matched_entries(impl: ModuleType) -> None:
    assert impl.Tokenizer(stopwords=["Cafe\u0301", "DOG"]).stopwords == frozenset({"caf\u00e9", "dog"})
    cased = impl.Tokenizer(stopwords=["Cafe\u0301", "DOG"], case_sensitive=True)
    assert cased.stopwords == frozenset({"Caf\u00e9", "DOG"})
    assert impl.Tokenizer(stopwords=None).stopwords is None
    assert impl.Tokenizer().stopwords == impl.stopwords("default")


# The API around the rules.


def test_tokenizer_defaults(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer()
    assert tokenizer.lowercase is True
    assert tokenizer.case_sensitive is False
    assert tokenizer.keep_numbers is False
    assert tokenizer.min_len == 1
    assert tokenizer.max_len is None
    assert tokenizer.normalize == "NFC"
    assert isinstance(tokenizer.stopwords, frozenset)


def test_tokenizer_attributes_reflect_the_options(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(
        stopwords=None, lowercase=False, case_sensitive=True, keep_numbers=True, min_len=2, max_len=5, normalize=None
    )
    assert tokenizer.lowercase is False
    assert tokenizer.case_sensitive is True
    assert tokenizer.keep_numbers is True
    assert tokenizer.min_len == 2
    assert tokenizer.max_len == 5
    assert tokenizer.normalize is None
    assert tokenizer.stopwords is None


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("lowercase", False),
        ("case_sensitive", True),
        ("keep_numbers", True),
        ("min_len", 3),
        ("max_len", 4),
        ("normalize", "NFKC"),
        ("stopwords", None),
    ],
)
def test_tokenizer_is_immutable(impl: ModuleType, attribute: str, value: object) -> None:
    tokenizer = impl.Tokenizer()
    before = getattr(tokenizer, attribute)
    with pytest.raises(AttributeError):
        setattr(tokenizer, attribute, value)
    assert getattr(tokenizer, attribute) == before
    assert tokenizer.tokenize("The 3 cats") == ["cats"]


def test_tokenizer_rejects_new_attributes(impl: ModuleType) -> None:
    with pytest.raises(AttributeError):
        impl.Tokenizer().extra = 1


def test_tokenize_batch_keeps_order_and_handles_empty_input(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer()
    assert tokenizer.tokenize_batch([]) == []
    assert tokenizer.tokenize_batch(["b cat", "", "a dog"]) == [["b", "cat"], [], ["dog"]]
    assert tokenizer.tokenize_batch(("x y", "z"), threads=2) == [["x", "y"], ["z"]]
    assert tokenizer.tokenize_batch(text for text in ["x", "y"]) == [["x"], ["y"]]


def test_stopword_lists_names_the_bundled_lists(impl: ModuleType) -> None:
    assert impl.stopword_lists() == [
        "arabic", "bulgarian", "catalan", "croatian", "czech", "danish", "default", "dutch", "english",
        "finnish", "french", "german", "greek", "hindi", "hungarian", "indonesian", "italian", "norwegian",
        "polish", "portuguese", "romanian", "russian", "slovak", "spanish", "swedish", "turkish", "ukrainian",
    ]  # fmt: skip


def test_stopwords_returns_a_frozenset_of_lowercase_words(impl: ModuleType) -> None:
    words = impl.stopwords()
    assert isinstance(words, frozenset)
    assert {"the", "of", "and", "s"} <= words
    assert all(word == word.lower() and word.isalpha() for word in words)


def test_stopwords_returns_equal_sets_on_both_sides() -> None:
    import wordsift
    import wordsift.reference

    for name in wordsift.reference.stopword_lists():
        assert wordsift.stopwords(name) == wordsift.reference.stopwords(name)


def test_unicode_version_matches_the_pinned_tables() -> None:
    import wordsift
    import wordsift.reference

    match = re.search(r"^version (\S+)$", UNICODE_TABLES.read_text(encoding="utf-8"), re.MULTILINE)
    assert match is not None
    assert wordsift.UNICODE_VERSION == wordsift.reference.UNICODE_VERSION == match.group(1) == "14.0.0"


def test_version_is_a_string() -> None:
    import wordsift

    assert isinstance(wordsift.__version__, str)
    assert wordsift.__version__


def test_package_exposes_the_reference_and_the_error_type() -> None:
    import wordsift
    import wordsift._core
    import wordsift.errors
    import wordsift.reference

    assert wordsift.reference is sys.modules["wordsift.reference"]
    assert wordsift.WordsiftError is wordsift.errors.WordsiftError
    assert issubclass(wordsift.WordsiftError, ValueError)
    assert isinstance(wordsift._core.DEBUG_BUILD, bool)


def test_unicode_tables_are_not_stale() -> None:
    # Exit 2 means this Python does not ship the pinned Unicode version: that
    # is a failure of the test environment, not a reason to skip.
    result = subprocess.run(
        [sys.executable, str(GENERATOR), "--check"], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"


def test_reference_is_reachable_as_an_attribute_of_the_package() -> None:
    # Loaded lazily: `import wordsift` alone must not pay for the reference.
    code = (
        "import sys, wordsift\n"
        "assert 'wordsift.reference' not in sys.modules\n"
        "print(wordsift.reference.tokenize('The Cats'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['cats']"
