"""Errors: each bad input raises the same exception type with the same message on both sides.

Every case states the expected type and message (from the reference's
specification), checks it on the reference, and requires the Rust-backed
package to raise exactly the same.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

import pytest

import wordsift
import wordsift.reference
from wordsift.errors import WordsiftError

Call = Callable[[ModuleType], object]


class Case(NamedTuple):
    id: str
    call: Call
    error: type[BaseException]
    message: str


def raised(call: Call, module: ModuleType) -> BaseException:
    with pytest.raises(BaseException) as info:  # noqa: PT011 - the type is checked by the caller
        call(module)
    return info.value


def unicode_error_fields(error: BaseException) -> tuple[Any, ...]:
    assert isinstance(error, UnicodeEncodeError)
    return (error.encoding, error.object, error.start, error.end, error.reason)


LIST_NAMES = (
    "arabic, bulgarian, catalan, croatian, czech, danish, default, dutch, english, finnish, french, "
    "german, greek, hindi, hungarian, indonesian, italian, norwegian, polish, portuguese, romanian, "
    "russian, slovak, spanish, swedish, turkish, ukrainian"
)
LIST_CODES = (
    "ar, bg, ca, cs, da, de, el, en, es, fi, fr, hi, hr, hu, id, it, nb, nl, no, pl, pt, ro, ru, sk, sv, tr, uk"
)


def unknown_list(name: str) -> str:
    return f"unknown stopword list '{name}'; valid names: {LIST_NAMES}, or a language's ISO 639-1 code ({LIST_CODES})"


LONG_LIST_MESSAGE = unknown_list("klingon")
BAD_STOPWORDS_TYPE = "stopwords must be a list name, an iterable of str or None, not {}"

CASES = [
    # Text arguments.
    Case("tokenize-int", lambda m: m.tokenize(3), TypeError, "text must be str, not int"),
    Case("tokenize-none", lambda m: m.tokenize(None), TypeError, "text must be str, not NoneType"),
    Case("tokenize-bytes", lambda m: m.tokenize(b"abc"), TypeError, "text must be str, not bytes"),
    Case("method-int", lambda m: m.Tokenizer().tokenize(3), TypeError, "text must be str, not int"),
    Case("method-list", lambda m: m.Tokenizer().tokenize(["a"]), TypeError, "text must be str, not list"),
    Case(
        "tokenize-int-with-options",
        lambda m: m.tokenize(3, stopwords=None, keep_numbers=True),
        TypeError,
        "text must be str, not int",
    ),
    # Batches.
    Case(
        "batch-item-int",
        lambda m: m.Tokenizer().tokenize_batch(["a", "b", "c", 3]),
        TypeError,
        "texts[3] must be str, not int",
    ),
    Case(
        "batch-item-bytes",
        lambda m: m.Tokenizer().tokenize_batch(iter([b"a"])),
        TypeError,
        "texts[0] must be str, not bytes",
    ),
    Case(
        "batch-item-none-threads-2",
        lambda m: m.Tokenizer().tokenize_batch(("a", None), threads=2),
        TypeError,
        "texts[1] must be str, not NoneType",
    ),
    Case(
        "batch-bare-str",
        lambda m: m.Tokenizer().tokenize_batch("abc"),
        TypeError,
        "texts must be an iterable of str, not a single str",
    ),
    Case(
        "batch-not-iterable",
        lambda m: m.Tokenizer().tokenize_batch(5),
        TypeError,
        "texts must be an iterable of str, not int",
    ),
    Case(
        "batch-none",
        lambda m: m.Tokenizer().tokenize_batch(None),
        TypeError,
        "texts must be an iterable of str, not NoneType",
    ),
    # Threads.
    Case(
        "threads-zero",
        lambda m: m.Tokenizer().tokenize_batch(["a"], threads=0),
        WordsiftError,
        "threads must be >= 1, got 0",
    ),
    Case(
        "threads-negative",
        lambda m: m.Tokenizer().tokenize_batch(["a"], threads=-3),
        WordsiftError,
        "threads must be >= 1, got -3",
    ),
    Case(
        "threads-str",
        lambda m: m.Tokenizer().tokenize_batch(["a"], threads="2"),
        TypeError,
        "threads must be int or None, not str",
    ),
    Case(
        "threads-float",
        lambda m: m.Tokenizer().tokenize_batch(["a"], threads=2.0),
        TypeError,
        "threads must be int or None, not float",
    ),
    Case(
        "threads-checked-before-texts",
        lambda m: m.Tokenizer().tokenize_batch(["a", 3], threads=0),
        WordsiftError,
        "threads must be >= 1, got 0",
    ),
    # Stopword lists.
    Case("unknown-list-option", lambda m: m.Tokenizer(stopwords="klingon"), WordsiftError, LONG_LIST_MESSAGE),
    Case("unknown-list-function", lambda m: m.stopwords("klingon"), WordsiftError, LONG_LIST_MESSAGE),
    Case("unknown-list-tokenize", lambda m: m.tokenize("x", stopwords="klingon"), WordsiftError, LONG_LIST_MESSAGE),
    Case(
        "list-name-is-case-sensitive",
        lambda m: m.stopwords("English"),
        WordsiftError,
        unknown_list("English"),
    ),
    Case(
        "list-name-quote",
        lambda m: m.stopwords("it's"),
        WordsiftError,
        unknown_list("it's"),
    ),
    Case("list-name-int", lambda m: m.stopwords(3), TypeError, "name must be str, not int"),
    Case(
        "cjk-unknown",
        lambda m: m.Tokenizer(cjk="trigrams"),
        WordsiftError,
        "cjk must be 'chars', 'bigrams' or None, got 'trigrams'",
    ),
    Case(
        "stem-unknown",
        lambda m: m.Tokenizer(stem="klingon"),
        WordsiftError,
        "stem must be None or a language with a Snowball stemmer (arabic, english, german, greek, hungarian, "
        "italian, norwegian, portuguese, romanian, russian, spanish, swedish, tamil, turkish, or its ISO 639-1 "
        "code), got 'klingon'",
    ),
    Case(
        "cjk-bool",
        lambda m: m.Tokenizer(cjk=True),
        WordsiftError,
        "cjk must be 'chars', 'bigrams' or None, got True",
    ),
    Case("stopwords-int", lambda m: m.Tokenizer(stopwords=5), TypeError, BAD_STOPWORDS_TYPE.format("int")),
    Case("stopwords-bytes", lambda m: m.Tokenizer(stopwords=b"the"), TypeError, BAD_STOPWORDS_TYPE.format("bytes")),
    Case(
        "stopwords-bytearray",
        lambda m: m.Tokenizer(stopwords=bytearray(b"the")),
        TypeError,
        BAD_STOPWORDS_TYPE.format("bytearray"),
    ),
    Case(
        "stopwords-entry-int",
        lambda m: m.Tokenizer(stopwords=["the", 1]),
        TypeError,
        "stopwords entries must be str, not int",
    ),
    Case(
        "stopwords-entry-bytes",
        lambda m: m.Tokenizer(stopwords=(b"the",)),
        TypeError,
        "stopwords entries must be str, not bytes",
    ),
    # Lengths.
    Case(
        "min-len-above-max-len",
        lambda m: m.Tokenizer(min_len=3, max_len=2),
        WordsiftError,
        "min_len (3) must not exceed max_len (2)",
    ),
    Case(
        "max-len-below-default-min-len",
        lambda m: m.Tokenizer(max_len=0),
        WordsiftError,
        "min_len (1) must not exceed max_len (0)",
    ),
    Case("min-len-negative", lambda m: m.Tokenizer(min_len=-1), WordsiftError, "min_len must be >= 0, got -1"),
    Case("max-len-negative", lambda m: m.Tokenizer(max_len=-5), WordsiftError, "max_len must be >= 0, got -5"),
    Case("min-len-str", lambda m: m.Tokenizer(min_len="2"), TypeError, "min_len must be int, not str"),
    Case("min-len-float", lambda m: m.Tokenizer(min_len=1.0), TypeError, "min_len must be int, not float"),
    Case("max-len-float", lambda m: m.Tokenizer(max_len=3.5), TypeError, "max_len must be int, not float"),
    Case("min-len-none", lambda m: m.Tokenizer(min_len=None), TypeError, "min_len must be int, not NoneType"),
    Case(
        "length-via-tokenize",
        lambda m: m.tokenize("abc", min_len=4, max_len=3),
        WordsiftError,
        "min_len (4) must not exceed max_len (3)",
    ),
    # Normalisation.
    Case(
        "normalize-nfd",
        lambda m: m.Tokenizer(normalize="NFD"),
        WordsiftError,
        "normalize must be 'NFC', 'NFKC' or None, got 'NFD'",
    ),
    Case(
        "normalize-lowercase-name",
        lambda m: m.Tokenizer(normalize="nfc"),
        WordsiftError,
        "normalize must be 'NFC', 'NFKC' or None, got 'nfc'",
    ),
    Case(
        "normalize-empty",
        lambda m: m.Tokenizer(normalize=""),
        WordsiftError,
        "normalize must be 'NFC', 'NFKC' or None, got ''",
    ),
    Case(
        "normalize-int",
        lambda m: m.Tokenizer(normalize=1),
        WordsiftError,
        "normalize must be 'NFC', 'NFKC' or None, got 1",
    ),
    # Flags.
    Case("lowercase-int", lambda m: m.Tokenizer(lowercase=1), TypeError, "lowercase must be bool, not int"),
    Case(
        "case-sensitive-str",
        lambda m: m.Tokenizer(case_sensitive="yes"),
        TypeError,
        "case_sensitive must be bool, not str",
    ),
    Case(
        "keep-numbers-none",
        lambda m: m.Tokenizer(keep_numbers=None),
        TypeError,
        "keep_numbers must be bool, not NoneType",
    ),
    Case(
        "flag-via-tokenize",
        lambda m: m.tokenize("x", lowercase=0),
        TypeError,
        "lowercase must be bool, not int",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_error_type_and_message_match_the_specification(case: Case) -> None:
    expected = raised(case.call, wordsift.reference)
    assert type(expected) is case.error
    assert str(expected) == case.message
    actual = raised(case.call, wordsift)
    assert type(actual) is type(expected)
    assert str(actual) == str(expected)


def test_wordsift_error_is_a_value_error() -> None:
    assert issubclass(wordsift.WordsiftError, ValueError)
    with pytest.raises(ValueError, match="threads must be >= 1"):
        wordsift.Tokenizer().tokenize_batch([], threads=0)


SURROGATE_CASES = [
    ("lone-high", "ab\ud800c"),
    ("lone-low", "\udfff"),
    ("reversed-pair", "x\udc00\ud800y"),
    ("run-of-three", "word \ud800\ud801\ud802 word"),
    ("after-astral", "\U0001f600\udc00"),
    ("two-apart", "\ud800 and \udbff"),
]


@pytest.mark.parametrize("text", [text for _, text in SURROGATE_CASES], ids=[name for name, _ in SURROGATE_CASES])
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda m, t: m.tokenize(t), id="tokenize"),
        pytest.param(lambda m, t: m.tokenize(t, normalize=None, stopwords=None), id="tokenize-options"),
        pytest.param(lambda m, t: m.Tokenizer(lowercase=False).tokenize(t), id="method"),
    ],
)
def test_lone_surrogates_raise_the_same_unicode_encode_error(text: str, call: Callable[..., object]) -> None:
    expected = raised(lambda m: call(m, text), wordsift.reference)
    assert type(expected) is UnicodeEncodeError
    assert unicode_error_fields(expected)[:2] == ("utf-8", text)
    assert unicode_error_fields(expected)[4] == "surrogates not allowed"
    actual = raised(lambda m: call(m, text), wordsift)
    assert type(actual) is UnicodeEncodeError
    assert unicode_error_fields(actual) == unicode_error_fields(expected)
    assert str(actual) == str(expected)


@pytest.mark.parametrize("threads", [None, 1, 2])
@pytest.mark.parametrize("position", [0, 1, 7])
def test_lone_surrogate_in_a_batch_names_the_item(threads: int | None, position: int) -> None:
    texts = [f"text {index}" for index in range(8)]
    texts[position] = "bad \ud83d text"
    expected = raised(lambda m: m.Tokenizer().tokenize_batch(texts, threads=threads), wordsift.reference)
    assert type(expected) is UnicodeEncodeError
    assert unicode_error_fields(expected) == (
        "utf-8",
        texts[position],
        4,
        5,
        f"surrogates not allowed in texts[{position}]",
    )
    actual = raised(lambda m: m.Tokenizer().tokenize_batch(texts, threads=threads), wordsift)
    assert type(actual) is UnicodeEncodeError
    assert unicode_error_fields(actual) == unicode_error_fields(expected)
    assert str(actual) == str(expected)


def test_first_bad_item_of_a_batch_is_reported() -> None:
    texts = ["ok", "\ud800", 3, "\udc00"]
    expected = raised(lambda m: m.Tokenizer().tokenize_batch(texts), wordsift.reference)
    assert type(expected) is UnicodeEncodeError
    assert expected.reason == "surrogates not allowed in texts[1]"  # type: ignore[attr-defined]
    actual = raised(lambda m: m.Tokenizer().tokenize_batch(texts), wordsift)
    assert unicode_error_fields(actual) == unicode_error_fields(expected)

    texts = ["ok", 3, "\ud800"]
    expected = raised(lambda m: m.Tokenizer().tokenize_batch(texts), wordsift.reference)
    actual = raised(lambda m: m.Tokenizer().tokenize_batch(texts), wordsift)
    assert (
        (type(actual), str(actual)) == (type(expected), str(expected)) == (TypeError, "texts[1] must be str, not int")
    )


def test_lone_surrogate_in_a_stopword_entry() -> None:
    def call(m: ModuleType) -> object:
        return m.Tokenizer(stopwords=["fine", "x\udc80"])

    expected = raised(call, wordsift.reference)
    assert unicode_error_fields(expected) == ("utf-8", "x\udc80", 1, 2, "surrogates not allowed in stopwords entry")
    actual = raised(call, wordsift)
    assert type(actual) is UnicodeEncodeError
    assert unicode_error_fields(actual) == unicode_error_fields(expected)


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda m: m.tokenize("x", unknown_option=1), id="unknown-option"),
        pytest.param(lambda m: m.Tokenizer("default"), id="positional-option"),
        pytest.param(lambda m: m.Tokenizer(stopword="de"), id="misspelt-option"),
        pytest.param(lambda m: m.Tokenizer().tokenize(), id="missing-text"),
        pytest.param(lambda m: m.Tokenizer().tokenize(text="x"), id="text-by-keyword"),
        pytest.param(lambda m: m.Tokenizer().tokenize_batch(["x"], 2), id="threads-positional"),
        pytest.param(lambda m: m.tokenize(), id="tokenize-missing-text"),
    ],
)
def test_bad_call_signatures_raise_type_error(impl: ModuleType, call: Call) -> None:
    # Messages name the function, which differs between a Python function and
    # a Rust method, so only the type is compared here.
    with pytest.raises(TypeError):
        call(impl)


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"min_len": True}, id="min-len-bool"),
        pytest.param({"max_len": False, "min_len": 0}, id="max-len-bool"),
        pytest.param({"min_len": 2**70}, id="min-len-huge"),
        pytest.param({"max_len": 2**70}, id="max-len-huge"),
        pytest.param({"min_len": 2**64, "max_len": 2**63}, id="huge-and-inconsistent"),
        pytest.param({"max_len": -(2**70)}, id="max-len-hugely-negative"),
    ],
)
def test_edge_values_of_lengths_agree(options: dict[str, object]) -> None:
    """Whatever the reference does with unusual int values, the Rust core does too."""

    def outcome(module: ModuleType) -> tuple[object, ...]:
        try:
            return ("ok", module.Tokenizer(**options).tokenize("a bb ccc the"))
        except Exception as error:
            return (type(error), str(error))

    assert outcome(wordsift) == outcome(wordsift.reference)


def test_edge_values_of_threads_agree() -> None:
    def outcome(module: ModuleType, threads: object) -> tuple[object, ...]:
        try:
            return ("ok", module.Tokenizer().tokenize_batch(["a bb", "ccc"], threads=threads))
        except Exception as error:
            return (type(error), str(error))

    for threads in [True, 2**70, 64, -(2**70)]:
        assert outcome(wordsift, threads) == outcome(wordsift.reference, threads), threads


# The errors= policy for surrogates: pairs are joined, lone ones raise ("strict") or become U+FFFD ("replace").
PAIRED = "x\ud835\udc00y caf\u00e9"  # a high and a low surrogate: U+1D400, a letter
LONE_AFTER_PAIR = "\ud835\udc00 ok \udc80\udc81 end"


@pytest.mark.parametrize("module", [wordsift, wordsift.reference], ids=["rust", "reference"])
def test_surrogate_pairs_are_joined_into_their_character(module: ModuleType) -> None:
    joined = "x\U0001d400y caf\u00e9"
    for errors in ("strict", "replace"):
        tokenizer = module.Tokenizer(errors=errors)
        assert tokenizer.tokenize(PAIRED) == tokenizer.tokenize(joined) == ["x\U0001d400y", "caf\u00e9"]
        assert tokenizer.tokenize_batch([PAIRED, joined]) == [["x\U0001d400y", "caf\u00e9"]] * 2


def test_strict_names_the_lone_run_in_the_texts_own_positions() -> None:
    for module in (wordsift, wordsift.reference):
        error = raised(lambda m: m.Tokenizer().tokenize_batch(["fine", LONE_AFTER_PAIR]), module)
        assert unicode_error_fields(error) == (
            "utf-8",
            LONE_AFTER_PAIR,
            6,
            8,
            "surrogates not allowed in texts[1]",
        )


@pytest.mark.parametrize("call", ["tokenize", "tokenize_batch", "tokenize_arrow", "count"])
def test_replace_makes_lone_surrogates_separators(call: str) -> None:
    texts = ["ab\ud800cd", LONE_AFTER_PAIR, "\udfff", PAIRED]
    replaced = [text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace") for text in texts]
    tokenizer = wordsift.Tokenizer(errors="replace")
    plain = wordsift.Tokenizer()
    if call == "tokenize":
        assert [tokenizer.tokenize(text) for text in texts] == [plain.tokenize(text) for text in replaced]
    elif call == "tokenize_arrow":
        assert tokenizer.tokenize_arrow(texts).to_pylist() == plain.tokenize_batch(replaced)
    else:
        assert getattr(tokenizer, call)(texts) == getattr(plain, call)(replaced)
        assert getattr(tokenizer, call)(texts) == getattr(wordsift.reference.Tokenizer(errors="replace"), call)(texts)
    assert tokenizer.tokenize("ab\ud800cd") == ["ab", "cd"]


def test_replace_applies_to_stopword_entries() -> None:
    for module in (wordsift, wordsift.reference):
        tokenizer = module.Tokenizer(stopwords=["ab\ud800cd", "x\ud835\udc00y"], errors="replace")
        assert tokenizer.stopwords == frozenset({"ab\ufffdcd", "x\U0001d400y"})
        assert tokenizer.errors == "replace"


@pytest.mark.parametrize("value", ["ignore", None, 1, "STRICT"])
def test_unknown_errors_policies_are_refused_alike(value: object) -> None:
    expected = raised(lambda m: m.Tokenizer(errors=value), wordsift.reference)
    actual = raised(lambda m: m.Tokenizer(errors=value), wordsift)
    assert (type(actual), str(actual)) == (type(expected), str(expected))
    assert type(actual) is WordsiftError
    assert str(actual).startswith("errors must be 'strict' or 'replace', got ")
