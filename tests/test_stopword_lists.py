"""The bundled stopword lists of other languages: provenance, selection by code, and parity on text in each language.

Each language's sample in tests/data/languages/ was written for these tests;
the lists are rebuilt from their upstream packages (pyspark's Spark jar and
stopwordsiso, both in the `test` extra) and compared byte for byte.
"""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

import wordsift
import wordsift.reference
from wordsift.errors import StopwordWarning

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "tests" / "data" / "languages"
INSTALLED_LISTS = Path(wordsift.__file__).resolve().parent / "data" / "stopwords"
LIST_NAMES = [name for name in wordsift.stopword_lists() if name != "default"]
LIST_CODES = {code for name in LIST_NAMES for code in wordsift.stopword_info(name).codes}
# The samples of languages with a bundled list (ta.txt, Tamil, is for stemming).
SAMPLE_CODES = sorted(path.stem for path in SAMPLES.glob("*.txt") if path.stem in LIST_CODES)


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_stopword_lists", REPO / "scripts" / "build_stopword_lists.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_lists_for_twenty_languages_beside_english() -> None:
    assert len(LIST_NAMES) >= 21
    assert wordsift.reference.stopword_lists() == wordsift.stopword_lists()


@pytest.mark.parametrize("name", LIST_NAMES)
def test_each_list_is_selected_by_name_and_by_code_alike_on_both_sides(name: str) -> None:
    info = wordsift.stopword_info(name)
    assert info.name == info.language == name
    expected = wordsift.reference.stopwords(name)
    assert expected, name
    assert wordsift.stopwords(name) == expected
    assert info.codes, name
    for code in info.codes:
        assert len(code) == 2
        assert code.isascii()
        assert code.islower()
        assert wordsift.stopwords(code) == wordsift.reference.stopwords(code) == expected
        assert wordsift.stopword_info(code) == info
    # Every word is one token of the default rules, lower-case and NFC.
    tokenizer = wordsift.reference.Tokenizer(stopwords=None)
    for word in expected:
        assert tokenizer.tokenize(word) == [word], word
        assert unicodedata.normalize("NFC", word) == word


@pytest.mark.parametrize("name", LIST_NAMES)
def test_each_list_says_where_it_came_from(name: str) -> None:
    info = wordsift.stopword_info(name)
    path = INSTALLED_LISTS / f"{name}.txt"
    assert info.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert info.words == len(wordsift.stopwords(name))
    assert info.source
    assert info.upstream_version
    assert info.licence
    if name != "english":
        assert info.upstream_sha256 is not None
        assert len(info.upstream_sha256.split()[0]) == 64
        licence_file = info.licence.split("see ")[1].rstrip(")")
        assert (INSTALLED_LISTS / licence_file).is_file(), licence_file
    # What was left out is named, and none of it is in the list.
    assert not set(info.left_out) & wordsift.stopwords(name)


def test_left_out_entries_are_named() -> None:
    catalan = wordsift.stopword_info("ca")
    assert {"d'un", "des de", "s'ha"} <= set(catalan.left_out)
    assert wordsift.stopword_info("german").left_out == ()
    assert wordsift.stopword_info("default") == wordsift.stopword_info("english")


def test_lists_rebuild_byte_for_byte_from_upstream(tmp_path: Path) -> None:
    import pyspark
    import stopwordsiso

    jars = sorted((Path(pyspark.__file__).parent / "jars").glob("spark-mllib_2.12-*.jar"))
    assert [jar.name for jar in jars] == ["spark-mllib_2.12-3.5.9.jar"], "the lists were built from Spark 3.5.9"
    iso_json = Path(stopwordsiso.__file__).parent / "stopwords-iso.json"
    load_build_script().build(jars[0], iso_json, tmp_path)
    built = sorted(path.name for path in tmp_path.glob("*.txt"))
    assert built == sorted(f"{name}.txt" for name in LIST_NAMES if name != "english")
    for name in built:
        assert (tmp_path / name).read_bytes() == (INSTALLED_LISTS / name).read_bytes(), name


def test_several_names_give_the_union() -> None:
    for module in (wordsift, wordsift.reference):
        assert module.stopwords("de", "fr") == module.stopwords("de") | module.stopwords("fr")
        assert module.stopwords() == module.stopwords("default") == module.stopwords("en")
        edited = module.stopwords("es") - {"no"} | {"señor"}
        assert "no" not in edited
        assert "señor" in edited
        assert module.Tokenizer(stopwords=edited).tokenize("No, señor") == ["no"]


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_each_language_sample_loses_its_stopwords_alike_on_both_sides(code: str) -> None:
    text = (SAMPLES / f"{code}.txt").read_text(encoding="utf-8")
    stopwords = wordsift.stopwords(code)
    everything = wordsift.reference.Tokenizer(stopwords=None).tokenize(text)
    expected = wordsift.reference.Tokenizer(stopwords=code).tokenize(text)
    assert expected == [token for token in everything if token not in stopwords]
    # The list is of the sample's language: it removes a good share of its words.
    assert len(everything) - len(expected) >= max(5, len(everything) // 10), (code, len(everything), len(expected))
    tokenizer = wordsift.Tokenizer(stopwords=code)
    assert tokenizer.tokenize(text) == expected
    assert tokenizer.tokenize_batch([text, text.upper(), ""], threads=2) == wordsift.reference.Tokenizer(
        stopwords=code
    ).tokenize_batch([text, text.upper(), ""])
    assert tokenizer.tokenize_arrow([text], threads=1).to_pylist() == [expected]


ALL_WORDS = sorted(set().union(*(wordsift.stopwords(name) for name in LIST_NAMES)))


@given(
    name=st.sampled_from(LIST_NAMES),
    pieces=st.lists(st.one_of(st.sampled_from(ALL_WORDS), st.text(max_size=6)), max_size=30),
    separators=st.lists(st.sampled_from([" ", ", ", "\n", "-", "'", "\u00a0", "\u3000", ""]), min_size=1),
)
def test_words_of_every_script_match_alike_on_both_sides(name: str, pieces: list[str], separators: list[str]) -> None:
    text = "".join(piece + separators[index % len(separators)] for index, piece in enumerate(pieces))
    for options in ({"stopwords": name}, {"stopwords": name, "lowercase": False}):
        expected = wordsift.reference.Tokenizer(**options).tokenize(text)  # type: ignore[arg-type]
        assert wordsift.Tokenizer(**options).tokenize(text) == expected  # type: ignore[arg-type]


IMPLEMENTATIONS = [wordsift, wordsift.reference]
UNMATCHABLE_CASES = [
    # (options, entries, unmatchable entries, sorted)
    ({}, ["the", "d'un", "10", "The", "a b", "", "x"], ["", "10", "a b", "d'un"]),
    ({"keep_numbers": True}, ["the", "10", "abc1", "x-y"], ["abc1", "x-y"]),
    ({"case_sensitive": True}, ["the", "The", "\u0130"], ["The", "\u0130"]),
    ({"lowercase": False}, ["the", "The", "\u0130"], []),
    ({"lowercase": False, "case_sensitive": True}, ["the", "The", "x.y"], ["x.y"]),
    ({"normalize": "NFKC"}, ["\ufb01", "\u2460"], ["\u2460"]),
]


@pytest.mark.parametrize("module", IMPLEMENTATIONS, ids=lambda module: module.__name__)
@pytest.mark.parametrize(("options", "entries", "unmatchable"), UNMATCHABLE_CASES)
def test_stopwords_that_can_never_match_are_named_and_warned_of(
    module: ModuleType, options: dict[str, object], entries: list[str], unmatchable: list[str]
) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tokenizer = module.Tokenizer(stopwords=entries, **options)
    assert tokenizer.unmatchable_stopwords == unmatchable
    messages = [str(warning.message) for warning in caught if warning.category is StopwordWarning]
    if not unmatchable:
        assert messages == []
        return
    count = "1 stopword can never match a token under these options and is ignored"
    if len(unmatchable) > 1:
        count = f"{len(unmatchable)} stopwords can never match a token under these options and are ignored"
    shown = ", ".join(map(repr, unmatchable))
    assert messages == [f"{count}: {shown}; see Tokenizer.unmatchable_stopwords"]
    # The warning points at the line that made the Tokenizer.
    assert [warning.filename for warning in caught] == [__file__]
    # Entries that never match change nothing: the rest still filter.
    matchable = [entry for entry in entries if entry not in unmatchable]
    text = " ".join(entries)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", StopwordWarning)
        assert tokenizer.tokenize(text) == module.Tokenizer(stopwords=matchable, **options).tokenize(text)


@pytest.mark.parametrize("module", IMPLEMENTATIONS, ids=lambda module: module.__name__)
def test_unpickling_does_not_warn_again(module: ModuleType) -> None:
    import pickle

    import cloudpickle

    with pytest.warns(StopwordWarning):
        tokenizer = module.Tokenizer(stopwords=["don't", "the"])
    dumped = pickle.dumps(tokenizer)
    # A worker that unpickles it, even one where warnings are errors, only gets the Tokenizer.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        restored = pickle.loads(dumped)
        cloudpickle.loads(cloudpickle.dumps(tokenizer))
    assert restored.tokenize("the don't") == ["don", "t"]
    assert restored.unmatchable_stopwords == ["don't"]
    assert pickle.dumps(restored) == dumped


def test_the_warning_type_is_exported_with_the_error_type() -> None:
    assert wordsift.StopwordWarning is StopwordWarning
    assert issubclass(StopwordWarning, UserWarning)
    assert "StopwordWarning" in wordsift.__all__


def test_a_long_warning_names_five_and_the_property_all() -> None:
    entries = [f"{letter}." for letter in "abcdefg"]
    for module in IMPLEMENTATIONS:
        with pytest.warns(StopwordWarning) as caught:
            tokenizer = module.Tokenizer(stopwords=entries)
        assert str(caught[0].message) == (
            "7 stopwords can never match a token under these options and are ignored: "
            "'a.', 'b.', 'c.', 'd.', 'e.', ...; see Tokenizer.unmatchable_stopwords"
        )
        assert tokenizer.unmatchable_stopwords == entries


@pytest.mark.parametrize("name", wordsift.stopword_lists())
def test_bundled_lists_have_no_entry_that_can_never_match(name: str) -> None:
    for module in IMPLEMENTATIONS:
        for options in ({}, {"keep_numbers": True}, {"lowercase": False}, {"normalize": "NFKC"}, {"segment": "uax29"}):
            with warnings.catch_warnings():
                warnings.simplefilter("error", StopwordWarning)
                assert module.Tokenizer(stopwords=name, **options).unmatchable_stopwords == []


@given(
    entries=st.lists(st.text(max_size=5), max_size=8),
    lowercase=st.booleans(),
    case_sensitive=st.booleans(),
    keep_numbers=st.booleans(),
    normalize=st.sampled_from(["NFC", "NFKC", None]),
)
def test_unmatchable_stopwords_agree_on_both_sides(
    entries: list[str], lowercase: bool, case_sensitive: bool, keep_numbers: bool, normalize: str | None
) -> None:
    options = {"lowercase": lowercase, "case_sensitive": case_sensitive, "keep_numbers": keep_numbers}
    try:
        expected = wordsift.reference.Tokenizer(stopwords=entries, normalize=normalize, **options).unmatchable_stopwords
    except ValueError as error:  # a lone surrogate
        with pytest.raises(type(error)):
            wordsift.Tokenizer(stopwords=entries, normalize=normalize, **options)
        return
    actual = wordsift.Tokenizer(stopwords=entries, normalize=normalize, **options).unmatchable_stopwords
    assert actual == expected
    # What that means: an entry named filters nothing even from its own text,
    # and one not named filters all of its own text.
    for entry in set(entries):
        alone = wordsift.reference.Tokenizer(stopwords=[entry], normalize=normalize, **options)
        if entry in expected:
            plain = wordsift.reference.Tokenizer(stopwords=None, normalize=normalize, **options)
            assert alone.tokenize(entry) == plain.tokenize(entry)
        else:
            assert alone.tokenize(entry) == []


def test_the_cli_warns_of_a_stopwords_file_entry_that_can_never_match(tmp_path: Path) -> None:
    words = tmp_path / "words.txt"
    words.write_text("the\nd'un\n", encoding="utf-8")
    text = tmp_path / "in.txt"
    text.write_text("the d un cat\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "--stopwords-file", str(words), str(text)],
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b'1 stopword can never match a token under these options and is ignored: "d\'un"' in result.stderr
