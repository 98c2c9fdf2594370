"""Offsets and explanations: the Rust core against the reference, and the batch and command-line forms.

The reference (`wordsift.reference`, whose own rules are tested in
test_reference_offsets.py) defines every span and every entry of an
explanation; here the core must equal it on the shared corpus, on every
naughty string and with hypothesis on arbitrary text and options.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings

import wordsift
import wordsift.reference
from fixed_inputs import BLNS_OPTION_SETS, OPTION_SETS
from strategies import offset_texts, options
from test_parity import outcome

# Every 29th corpus document is explained (the reference's explain is slow).
EXPLAIN_SAMPLE_STEP = 29
# Every 5th corpus document checks that the reference's tokens derived from its offsets are its tokenize_batch's.
DERIVATION_SAMPLE_STEP = 5


def first_difference(texts_: list[str], actual: list[Any], expected: list[Any]) -> str | None:
    for index, (text, got, want) in enumerate(zip(texts_, actual, expected, strict=True)):
        if got != want:
            return f"document {index}: wordsift {got!r:.300} vs reference {want!r:.300}; text starts {text[:200]!r}"
    return None


def entries(explanation: Any) -> list[tuple[object, ...]]:
    return [
        (entry.start, entry.end, entry.text, entry.reason, entry.token, entry.stem, entry.detail)
        for entry in explanation
    ]


def explained(tokenizer: Any, text: str) -> list[tuple[object, ...]]:
    return entries(tokenizer.explain(text))


# The corpus: offsets of every document, under every option set of the parity tests.


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_offsets_match_reference_on_corpus(
    name: str,
    corpus_texts: list[str],
    reference_corpus_offsets: Callable[[str, dict[str, Any]], list[list[tuple[str, int, int]]]],
) -> None:
    options_ = OPTION_SETS[name]
    rust = wordsift.Tokenizer(**options_)
    actual = [rust.tokenize_with_offsets(text) for text in corpus_texts]
    difference = first_difference(corpus_texts, actual, reference_corpus_offsets(name, options_))
    assert difference is None, difference
    assert sum(map(len, actual)) > 1_000_000


def test_reference_offsets_give_the_references_tokens_on_corpus(
    corpus_texts: list[str],
    reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]],
) -> None:
    # The parity tests' reference tokens are those of its offsets (computed once); that the two agree under
    # every option set is test_offsets_rules.py's invariant, on arbitrary text and part of the corpus.
    name = "defaults"
    options_ = OPTION_SETS[name]
    sample = corpus_texts[::DERIVATION_SAMPLE_STEP]
    expected = wordsift.reference.Tokenizer(**options_).tokenize_batch(sample)
    derived = reference_corpus_tokens(name, options_)[::DERIVATION_SAMPLE_STEP]
    difference = first_difference(sample, derived, expected)
    assert difference is None, difference


@pytest.mark.parametrize("name", ["defaults", "no-stopwords-3-to-12", "uax29-numbers"])
def test_explain_matches_reference_on_corpus_sample(name: str, corpus_texts: list[str]) -> None:
    options_ = OPTION_SETS[name]
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    sample = corpus_texts[::EXPLAIN_SAMPLE_STEP]
    actual = [entries(rust.explain(text)) for text in sample]
    expected = [entries(reference.explain(text)) for text in sample]
    difference = first_difference(sample, actual, expected)
    assert difference is None, difference


@pytest.mark.parametrize("unit", [True, "chars", "bytes"])
@pytest.mark.parametrize("name", ["defaults", "nfkc-case-sensitive-custom-list"])
def test_arrow_offsets_are_those_of_each_text(unit: bool | str, name: str, corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer(**OPTION_SETS[name])
    texts_ = corpus_texts[:3000]
    array = tokenizer.tokenize_arrow(texts_, threads=2, offsets=unit)
    expected = [tokenizer.tokenize_with_offsets(text) for text in texts_]
    if unit == "bytes":
        expected = [
            [(token, len(text[:start].encode()), len(text[:end].encode())) for token, start, end in spans]
            for text, spans in zip(texts_, expected, strict=True)
        ]
    assert array.offsets == ("bytes" if unit == "bytes" else "chars")
    difference = first_difference(texts_, array.to_pylist(), expected)
    assert difference is None, difference


# The naughty strings: every string through both implementations.


@pytest.mark.parametrize("name", list(BLNS_OPTION_SETS))
def test_every_naughty_string_gives_the_same_offsets_and_explanation(name: str, blns: list[str]) -> None:
    options_ = BLNS_OPTION_SETS[name]
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    for index, text in enumerate(blns):
        expected = outcome(partial(reference.tokenize_with_offsets, text))
        assert outcome(partial(rust.tokenize_with_offsets, text)) == expected, (index, text)
        assert outcome(partial(wordsift.tokenize_with_offsets, text, **options_)) == expected, (index, text)
        expected = outcome(partial(explained, reference, text))
        assert outcome(partial(explained, rust, text)) == expected, (index, text)


# Hypothesis: arbitrary text (all planes, marks, ligatures, İ, final sigma,
# soft hyphens, joiners, Hangul, CJK, surrogate pairs in a str) and options.


@settings(max_examples=400, deadline=None)
@given(text=offset_texts, options_=options())
def test_offsets_and_explanations_match_reference(text: str, options_: dict[str, Any]) -> None:
    if outcome(lambda: wordsift.reference.Tokenizer(**options_))[0] == "raised":
        return
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    assert outcome(partial(rust.tokenize_with_offsets, text)) == outcome(partial(reference.tokenize_with_offsets, text))
    assert outcome(partial(explained, rust, text)) == outcome(partial(explained, reference, text))


SURROGATE_TEXTS = [
    "a\ud835\udc00b c",  # a pair joined into a letter beyond the BMP
    "x \ud83d\ude00 y\ud801\udc00z",
    "lone \ud800 high, lone \udc00 low, and \udbff\udfff",
    "\udc00\ud800",  # a low then a high: two lone surrogates
]


@pytest.mark.parametrize("errors", ["strict", "replace"])
@pytest.mark.parametrize("text", SURROGATE_TEXTS)
def test_surrogates_count_as_python_counts_them(text: str, errors: str) -> None:
    rust = wordsift.Tokenizer(errors=errors)
    reference = wordsift.reference.Tokenizer(errors=errors)
    assert outcome(partial(rust.tokenize_with_offsets, text)) == outcome(partial(reference.tokenize_with_offsets, text))
    assert outcome(partial(explained, rust, text)) == outcome(partial(explained, reference, text))


def test_a_pair_joined_in_a_str_spans_both_code_units() -> None:
    # U+10400 DESERET CAPITAL LONG I, written as its two surrogates.
    text = "x \ud801\udc00y z"
    assert wordsift.tokenize_with_offsets(text, stopwords=None) == [
        ("x", 0, 1),
        ("\U00010428y", 2, 5),
        ("z", 6, 7),
    ]


def test_a_long_text_releases_the_gil_and_keeps_its_spans() -> None:
    text = "Caf\u00e9 au lait, " * 5000
    spans = wordsift.Tokenizer().tokenize_with_offsets(text)
    assert len(spans) == 3 * 5000
    last = len(text) - len("Caf\u00e9 au lait, ")
    assert spans[-3:] == [("caf\u00e9", last, last + 4), ("au", last + 5, last + 7), ("lait", last + 8, last + 12)]


# The Arrow form and its pickling.


def test_arrow_offsets_export_a_struct_of_three_lists() -> None:
    pa = pytest.importorskip("pyarrow")
    tokenizer = wordsift.Tokenizer()
    array = tokenizer.tokenize_arrow(pa.array(["Caf\u00e9 noir", None, ""]), offsets=True)
    batch = pa.record_batch(array)
    assert batch.schema.names == ["tokens", "start", "end"]
    assert batch.column("tokens").to_pylist() == [["caf\u00e9", "noir"], None, []]
    assert batch.column("start").to_pylist() == [[0, 5], None, []]
    assert batch.column("end").to_pylist() == [[4, 9], None, []]
    in_bytes = pa.array(tokenizer.tokenize_arrow(["Caf\u00e9 noir"], offsets="bytes"))
    assert in_bytes.field("start").to_pylist() == [[0, 6]]
    assert in_bytes.field("end").to_pylist() == [[5, 10]]
    restored = pickle.loads(pickle.dumps(array))
    assert (restored.offsets, restored.to_pylist()) == (array.offsets, array.to_pylist())
    assert "offsets in chars" in repr(array)


def test_arrow_without_offsets_is_unchanged() -> None:
    tokenizer = wordsift.Tokenizer()
    for offsets in (None, False):
        array = tokenizer.tokenize_arrow(["a cat"], offsets=offsets)
        assert array.offsets is None
        assert array.to_pylist() == [["cat"]]


@pytest.mark.parametrize(
    ("offsets", "error"),
    [("codepoints", wordsift.WordsiftError), (1, TypeError), (["bytes"], TypeError)],
)
def test_bad_offsets_are_refused(offsets: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="offsets"):
        wordsift.Tokenizer().tokenize_arrow(["a"], offsets=offsets)  # type: ignore[arg-type]


def test_token_array_from_pylist_checks_its_tuples() -> None:
    with pytest.raises(TypeError, match=r"\(str, int, int\)"):
        wordsift.TokenArray.from_pylist([["cat"]], "chars")
    with pytest.raises(wordsift.WordsiftError, match="offsets"):
        wordsift.TokenArray.from_pylist([], "words")


# The command line.


def run_cli(main: Callable[[list[str]], int], argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    status = main(argv)
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_explain_command_prints_a_line_per_span(capsys: pytest.CaptureFixture[str]) -> None:
    from wordsift.cli import main

    status, output = run_cli(main, ["explain", "The 3 cats, Running", "--stem", "english"], capsys)
    assert status == 0
    lines = output.splitlines()
    expected = wordsift.Tokenizer(stem="english").explain("The 3 cats, Running")
    assert len(lines) == 1 + len(expected)
    assert lines[1].split()[:4] == ["0", "3", "'The'", "stopword"]
    assert lines[3].split()[:4] == ["4", "5", "'3'", "number"]
    assert "'run'" in lines[-1]
    assert "kept" in lines[-1]


def test_explain_command_refuses_bad_options_and_text(capsys: pytest.CaptureFixture[str]) -> None:
    from wordsift.cli import main

    status, output = run_cli(main, ["explain", "x", "--min-len", "3", "--max-len", "2"], capsys)
    assert status == 2
    assert "min_len" in output
    status, output = run_cli(main, ["explain", "lone \udcff byte"], capsys)
    assert status == 2
    assert "surrogates not allowed" in output
