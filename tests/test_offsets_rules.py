"""Offsets and explanations by the rules: `tokenize_with_offsets` and `Tokenizer.explain`.

The spans are defined in `wordsift.reference`'s module docstring: each
token's (start, end) in the text as given, found by following every
character back through surrogate joining, normalisation and lower-casing.
The expected values of the targeted tests were worked out by hand from those
rules, not recorded from a run. The invariants run on arbitrary text, for the
reference and the Rust core alike.
"""

from __future__ import annotations

import ast
import functools
import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference as reference
from strategies import OFFSET_PIECES, offset_texts
from wordsift.explanation import REASONS, Entry, Explanation, explanation

SOFT_HYPHEN = "\u00ad"
DESERET_CAPITAL_LONG_I = "\ud801\udc00"  # U+10400 as a surrogate pair; lower-cases to U+10428
DESERET_SMALL_LONG_I = "\U00010428"


def offsets(text: str, **options: Any) -> list[tuple[str, int, int]]:
    return reference.tokenize_with_offsets(text, **options)


# Offsets, worked by hand.


def test_ascii_spans_are_the_words_positions() -> None:
    assert offsets("Hello, world!") == [("hello", 0, 5), ("world", 7, 12)]


def test_a_letter_that_lower_cases_to_two_spans_itself() -> None:
    # İ lower-cases to i + combining dot above: nine characters from eight.
    assert offsets("\u0130stanbul") == [("i\u0307stanbul", 0, 8)]


def test_a_ligature_split_by_nfkc_spans_itself() -> None:
    assert offsets("\ufb01ne", normalize="NFKC") == [("fine", 0, 3)]
    assert offsets("\ufb01ne") == [("\ufb01ne", 0, 3)]


def test_a_composed_character_spans_both_of_its_parts() -> None:
    # e + combining acute compose into é: one character from the first two.
    assert offsets("un e\u0301t\u00e9", stopwords=None) == [("un", 0, 2), ("\u00e9t\u00e9", 3, 7)]
    assert offsets("e\u0301t\u00e9", normalize=None) == [("e\u0301t\u00e9", 0, 4)]
    assert offsets("cafe\u0301 x") == [("caf\u00e9", 0, 5), ("x", 6, 7)]
    # Hangul jamo compose into a syllable.
    assert offsets("\u1100\u1161\u11a8 x") == [("\uac01", 0, 3), ("x", 4, 5)]


def test_a_soft_hyphen_is_removed_but_stays_in_the_span() -> None:
    assert offsets("co" + SOFT_HYPHEN + "op") == [("coop", 0, 5)]
    # A trailing one belongs to the word before it.
    assert offsets("co" + SOFT_HYPHEN + " op", stopwords=None) == [("co", 0, 3), ("op", 4, 6)]


def test_a_joined_surrogate_pair_spans_both_code_units() -> None:
    assert offsets("a" + DESERET_CAPITAL_LONG_I + "b") == [("a" + DESERET_SMALL_LONG_I + "b", 0, 4)]
    assert offsets("x " + DESERET_CAPITAL_LONG_I + " y", stopwords=None) == [
        ("x", 0, 1),
        (DESERET_SMALL_LONG_I, 2, 4),
        ("y", 5, 6),
    ]
    # An emoji is no token, joined or not.
    assert offsets("\ud83d\ude00") == []


def test_a_lone_surrogate_replaced_separates_in_place() -> None:
    assert offsets("ab\udc00cd", errors="replace") == [("ab", 0, 2), ("cd", 3, 5)]


@pytest.mark.parametrize("method", ["tokenize_with_offsets", "explain"])
def test_a_lone_surrogate_raises_as_tokenize_does(method: str) -> None:
    tokenizer = reference.Tokenizer()
    with pytest.raises(UnicodeEncodeError) as expected:
        tokenizer.tokenize("ab\udc00cd")
    with pytest.raises(UnicodeEncodeError) as raised:
        getattr(tokenizer, method)("ab\udc00cd")
    assert (raised.value.start, raised.value.end, raised.value.reason) == (2, 3, expected.value.reason)


def test_cjk_chars_and_bigrams_spans() -> None:
    assert offsets("\u6771\u4eacabc", stopwords=None, cjk="chars") == [
        ("\u6771", 0, 1),
        ("\u4eac", 1, 2),
        ("abc", 2, 5),
    ]
    # Neighbouring pairs overlap; one alone in its run spans itself.
    assert offsets("\u6771\u4eac\u90fd \u6771", stopwords=None, cjk="bigrams") == [
        ("\u6771\u4eac", 0, 2),
        ("\u4eac\u90fd", 1, 3),
        ("\u6771", 4, 5),
    ]


def test_uax29_pieces_span_themselves() -> None:
    # "u.s" holds together (WB6, WB7), the last stop does not; so does "3.14" (WB11, WB12).
    assert offsets("u.s. 3.14", stopwords=None, segment="uax29", keep_numbers=True) == [("u.s", 0, 3), ("3.14", 5, 9)]


def test_a_stem_spans_the_word_it_came_from() -> None:
    assert offsets("running dogs", stem="english") == [("run", 0, 7), ("dog", 8, 12)]


def test_final_sigma_spans_the_capital() -> None:
    assert offsets("\u039f\u0394\u039f\u03a3") == [("\u03bf\u03b4\u03bf\u03c2", 0, 4)]
    assert offsets("\u03a3\u0391\u03a3 x") == [("\u03c3\u03b1\u03c2", 0, 3), ("x", 4, 5)]


def test_one_character_made_two_tokens_gives_both_its_span() -> None:
    # NFKC makes ¼ "1", a fraction slash and "4": two numbers from one character.
    assert offsets("\u00bc", normalize="NFKC", keep_numbers=True) == [("1", 0, 1), ("4", 0, 1)]
    assert offsets("x1\u00bc", normalize="NFKC", keep_numbers=True) == [("x", 0, 1), ("11", 1, 3), ("4", 2, 3)]


def test_the_module_function_is_exported() -> None:
    assert "tokenize_with_offsets" in reference.__all__
    assert reference.tokenize_with_offsets("Hi there", stopwords=None) == [("hi", 0, 2), ("there", 3, 8)]


# Explain, worked by hand.


def summary(result: Explanation) -> list[tuple[int, int, str, str | None]]:
    return [(entry.start, entry.end, entry.reason, entry.token) for entry in result]


def test_explain_names_every_span() -> None:
    result = reference.Tokenizer().explain("The cat sat 42 times.")
    assert summary(result) == [
        (0, 3, "stopword", "the"),
        (3, 4, "separator", None),
        (4, 7, "kept", "cat"),
        (7, 8, "separator", None),
        (8, 11, "kept", "sat"),
        (11, 12, "separator", None),
        (12, 14, "number", "42"),
        (14, 15, "separator", None),
        (15, 20, "kept", "times"),
        (20, 21, "separator", None),
    ]
    assert [entry.text for entry in result] == ["The", " ", "cat", " ", "sat", " ", "42", " ", "times", "."]
    assert result[0].detail == "in the stopword list 'english'"
    assert result[1].detail == "space"
    assert result[2].detail == ""
    assert result[6].detail == "a number (keep_numbers=False)"
    assert result[-1].detail == "punctuation"
    assert result.kept_tokens() == [("cat", 4, 7), ("sat", 8, 11), ("times", 15, 20)]


def test_explain_names_the_stopword_list_as_resolved() -> None:
    for name in ("default", "english", "en"):
        assert reference.Tokenizer(stopwords=name).explain("the")[0].detail == "in the stopword list 'english'"
    given = reference.Tokenizer(stopwords=["cat"]).explain("cat")
    assert (given[0].reason, given[0].detail) == ("stopword", "in the given stopwords")


def test_explain_gives_the_length_limits() -> None:
    result = reference.Tokenizer(stopwords=None, min_len=2, max_len=5).explain("a bb cccccc")
    assert summary(result) == [
        (0, 1, "short", "a"),
        (1, 2, "separator", None),
        (2, 4, "kept", "bb"),
        (4, 5, "separator", None),
        (5, 11, "long", "cccccc"),
    ]
    assert result[0].detail == "1 character, fewer than min_len=2"
    assert result[4].detail == "6 characters, more than max_len=5"


def test_explain_tests_the_rules_in_order() -> None:
    # A number is dropped as a number before its length is looked at...
    assert summary(reference.Tokenizer(min_len=5).explain("42")) == [(0, 2, "number", "42")]
    # ...and, kept, is measured like a word; a short word is short before it is a stopword.
    assert summary(reference.Tokenizer(keep_numbers=True, min_len=2).explain("7 the")) == [
        (0, 1, "short", "7"),
        (1, 2, "separator", None),
        (2, 5, "stopword", "the"),
    ]
    assert summary(reference.Tokenizer(min_len=4).explain("the"))[0][2] == "short"


def test_explain_keeps_a_removed_format_character_in_the_span() -> None:
    (entry,) = reference.Tokenizer().explain("co" + SOFT_HYPHEN + "op")
    assert (entry.start, entry.end, entry.text, entry.token, entry.output) == (0, 5, "co\u00adop", "coop", "coop")


def test_explain_gives_the_stem_of_a_kept_token() -> None:
    result = reference.Tokenizer(stem="english").explain("running the")
    assert summary(result) == [(0, 7, "kept", "running"), (7, 8, "separator", None), (8, 11, "stopword", "the")]
    assert (result[0].stem, result[0].output, result[0].kept) == ("run", "run", True)
    assert "running" in result[0].detail
    assert (result[2].stem, result[2].output, result[2].kept) == (None, None, False)


def test_explain_describes_separators() -> None:
    text = "x \u00b2+\u0301\u200b\U0001f600\u200d\U0001f600y"
    result = reference.Tokenizer(stopwords=None).explain(text)
    assert summary(result) == [(0, 1, "kept", "x"), (1, 9, "separator", None), (9, 10, "kept", "y")]
    assert result[1].detail == "space, digit, symbol, mark, format or control, emoji"
    # An emoji written as a surrogate pair is described as the emoji; the span is of code units.
    result = reference.Tokenizer(stopwords=None).explain("a \ud83d\ude00 b")
    assert summary(result) == [(0, 1, "kept", "a"), (1, 5, "separator", None), (5, 6, "kept", "b")]
    assert (result[1].text, result[1].detail) == (" \ud83d\ude00 ", "space, emoji")
    # A zero-width joiner away from emoji is a format character.
    assert reference.Tokenizer().explain("\u200d")[0].detail == "format or control"


def test_explain_of_an_empty_text_is_empty() -> None:
    assert reference.Tokenizer().explain("") == []
    assert reference.Tokenizer().explain("  ")[0].detail == "space"


def test_explanation_repr_is_a_table() -> None:
    result = reference.Tokenizer(keep_numbers=False, min_len=2, stem="english").explain("The 42 x running\n")
    table = repr(result)
    lines = table.splitlines()
    assert len(lines) == 1 + len(result)
    assert lines[0].split() == ["start", "end", "text", "reason", "token", "detail"]
    for line, entry in zip(lines[1:], result, strict=True):
        assert line.split()[:2] == [str(entry.start), str(entry.end)]
        assert entry.reason in line
        assert repr(entry.text) in line
    assert "'running' \u2192 'run'" in table
    assert "'\\n'" in table  # the line break is shown escaped
    assert str(result) == table


def test_explanation_repr_cuts_a_long_span() -> None:
    result = reference.Tokenizer().explain("a" + " " * 100 + "b")
    separator_line = repr(result).splitlines()[2]
    assert "\u2026" in separator_line
    assert " " * 60 not in separator_line


def test_explanation_html_is_escaped() -> None:
    html = reference.Tokenizer().explain("<b>&")._repr_html_()
    assert html.startswith("<table>")
    assert "<b>" not in html
    assert "&#x27;&lt;&#x27;" in html
    assert "&amp;" in html


def test_explanation_builder_checks_its_spans() -> None:
    with pytest.raises(ValueError, match="reason"):
        explanation("ab", [(0, 2, "dropped", "ab", None)], stopword_list=None, min_len=1, max_len=None)
    with pytest.raises(ValueError, match="span"):
        explanation("ab", [(1, 3, "kept", "b", None)], stopword_list=None, min_len=1, max_len=None)
    with pytest.raises(ValueError, match="token"):
        explanation("ab", [(0, 2, "separator", "ab", None)], stopword_list=None, min_len=1, max_len=None)
    built = explanation("ab", [(0, 2, "kept", "ab", "a")], stopword_list=None, min_len=1, max_len=None)
    assert built == [Entry(0, 2, "ab", "kept", "ab", "a", built[0].detail)]
    assert built.kept_tokens() == [("a", 0, 2)]
    assert REASONS == ("kept", "stopword", "number", "short", "long", "url", "email", "mention", "hashtag", "separator")


def test_explanation_module_imports_only_light_standard_modules() -> None:
    # It is shared with the fast path, whose import time it must not spoil.
    source = Path(reference.__file__).with_name("explanation.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= {"__future__", "unicodedata", "collections.abc", "dataclasses"}


# Invariants on arbitrary text.

OPTION_SETS: dict[str, dict[str, Any]] = {
    "default": {},
    "lowercase=False": {"lowercase": False},
    "NFKC": {"normalize": "NFKC"},
    "NFKC keep_numbers": {"normalize": "NFKC", "keep_numbers": True},
    "normalize=None": {"normalize": None},
    "cjk=chars": {"cjk": "chars"},
    "cjk=bigrams": {"cjk": "bigrams"},
    "uax29": {"segment": "uax29"},
    "uax29 NFKC keep_numbers": {"segment": "uax29", "normalize": "NFKC", "keep_numbers": True},
    "keep_numbers lengths": {"keep_numbers": True, "min_len": 2, "max_len": 5},
    "stem": {"stem": "english"},
    "errors=replace": {"errors": "replace"},
}

# Examples per option set and invariant: the reference is slow, and the
# twelve option sets multiply them.
EXAMPLES = 15

LONE_SURROGATES = ["\ud800", "\udfff", "\udbff\udbff", "\udc00\ud800"]
pieces = st.one_of(offset_texts, st.sampled_from(OFFSET_PIECES))
texts_with_lone_surrogates = st.lists(st.one_of(pieces, st.sampled_from(LONE_SURROGATES)), max_size=4).map("".join)


def texts_for(name: str) -> st.SearchStrategy[str]:
    return texts_with_lone_surrogates if name == "errors=replace" else offset_texts


# The invariants hold for both implementations (the core's spans must also
# equal the reference's: test_offsets.py).
IMPLEMENTATIONS = {"reference": reference, "wordsift": wordsift}


@functools.cache
def tokenizer(name: str, implementation: str = "reference") -> Any:
    return IMPLEMENTATIONS[implementation].Tokenizer(**OPTION_SETS[name])


@functools.cache
def every_candidate(name: str) -> reference.Tokenizer:
    """The option set's tokenizer keeping every candidate: no stopwords, limits or stemming, numbers kept."""
    options = {key: value for key, value in OPTION_SETS[name].items() if key not in ("min_len", "max_len", "stem")}
    return reference.Tokenizer(**{**options, "stopwords": None, "min_len": 0, "keep_numbers": True})


def characters(tokenizer: reference.Tokenizer, span_text: str) -> str:
    """Rule 0 on a span: its characters, surrogate pairs joined (spans never cut a pair)."""
    return reference._check_text(span_text, "text", tokenizer.errors)


def cleaned(tokenizer: reference.Tokenizer, span_text: str) -> str:
    """What rules 0 to 2 make of a span of text on its own, format characters removed."""
    text = reference._normalize(characters(tokenizer, span_text), tokenizer.normalize)
    text = reference._lower(text) if tokenizer.lowercase else text
    return text.translate(reference._DROP_FORMAT)


@functools.cache
def made_more_than_one_token(name: str, char: str) -> bool:
    """Whether one character, alone, makes tokens other than the whole of it (NFKC's "¼" makes "1" and "4",
    "㈜" makes "주" of "(주)"), so that a token of it does not hold all it became."""
    tokens = every_candidate(name).tokenize(char)
    return tokens not in ([], [cleaned(every_candidate(name), char)])


def why_span_differs(name: str, entry: Entry) -> str | None:
    """The documented case (if any) where a span, cleaned on its own, need not give its token.

    - "capital sigma": a capital sigma in the span, when lower-casing: its
      final form depends on the characters around it, which may lie outside.
    - "made more than this token": one of its characters made more than this
      token (NFKC makes "¼" a 1, a fraction slash and a 4; "㈜" "(주)"; "㍻" "平成"), so a
      piece boundary falls inside what that character became. The token is
      then part of what the span becomes.

    Normalisation needs no exception: its reordering and composition never
    reach across a candidate's edges (see
    test_normalisation_never_reaches_across_a_candidates_edges).
    """
    current = tokenizer(name)
    if current.lowercase and "\u03a3" in entry.text:
        return "capital sigma"
    if any(made_more_than_one_token(name, char) for char in characters(current, entry.text)):
        return "made more than this token"
    return None


def check_tokens(implementation: str, name: str, text: str) -> None:
    current = tokenizer(name, implementation)
    with_offsets = current.tokenize_with_offsets(text)
    assert [token for token, _, _ in with_offsets] == current.tokenize(text)
    assert current.explain(text).kept_tokens() == with_offsets


def check_spans(implementation: str, name: str, text: str) -> None:
    current = tokenizer(name, implementation)
    spans = [(start, end) for _, start, end in current.tokenize_with_offsets(text)]
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    for (start, end), (next_start, next_end) in itertools.pairwise(spans):
        assert start <= next_start
        assert end <= next_end
        if next_start < end and name != "cjk=bigrams" and (start, end) != (next_start, next_end):
            # Overlapping spans share characters that made parts of both tokens.
            shared = characters(current, text[next_start:end])
            assert all(made_more_than_one_token(name, char) for char in shared), (text, spans)


def check_span_texts(implementation: str, name: str, text: str) -> None:
    current = tokenizer(name, implementation)
    for entry in current.explain(text):
        if entry.token is None:
            continue
        # The token is unstemmed: the invariant holds under stem= as well.
        span_becomes = cleaned(current, entry.text)
        why = why_span_differs(name, entry)
        if why is None:
            assert span_becomes == entry.token, (text, entry)
        elif why == "made more than this token":
            assert entry.token in span_becomes, (text, entry)


def check_explanation(implementation: str, name: str, text: str) -> None:
    current = tokenizer(name, implementation)
    result = current.explain(text)
    assert isinstance(result, Explanation)
    cover = [0] * len(text)
    for entry in result:
        assert entry.reason in REASONS
        assert entry.text == text[entry.start : entry.end]
        for index in range(entry.start, entry.end):
            cover[index] += 1
    assert [entry.start for entry in result] == sorted(entry.start for entry in result)
    assert all(count > 0 for count in cover)
    for entry, following in itertools.pairwise(result):
        # A separator is a maximal stretch that no candidate covers.
        assert not (entry.reason == following.reason == "separator" and entry.end == following.start)
    for entry in result:
        if entry.reason == "separator":
            assert all(cover[index] == 1 for index in range(entry.start, entry.end))
    ends = [entry.end for entry in result]
    assert ends == sorted(ends)
    if name != "cjk=bigrams":
        # Each character is in one entry, unless it made parts of two tokens.
        for entry, following in itertools.pairwise(result):
            if following.start < entry.end:
                shared = characters(current, text[following.start : entry.end])
                assert all(made_more_than_one_token(name, char) for char in shared), (text, entry, following)


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", OPTION_SETS)
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_offsets_give_the_tokens_of_tokenize(implementation: str, name: str, data: st.DataObject) -> None:
    check_tokens(implementation, name, data.draw(texts_for(name)))


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", OPTION_SETS)
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_spans_are_ordered_and_overlap_only_where_documented(
    implementation: str, name: str, data: st.DataObject
) -> None:
    check_spans(implementation, name, data.draw(texts_for(name)))


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", OPTION_SETS)
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_a_span_becomes_its_token(implementation: str, name: str, data: st.DataObject) -> None:
    check_span_texts(implementation, name, data.draw(texts_for(name)))


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", OPTION_SETS)
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_explain_covers_the_text(implementation: str, name: str, data: st.DataObject) -> None:
    check_explanation(implementation, name, data.draw(texts_for(name)))


@settings(max_examples=150, deadline=None)
@given(text=offset_texts, form=st.sampled_from(["NFC", "NFKC", None]))
def test_normalising_with_origins_gives_the_normal_form(text: str, form: str | None) -> None:
    checked = reference._check_text(text, "text")
    normalized, origins = reference._normalize_with_origins(checked, reference._surrogate_origins(text), form)
    assert normalized == reference._normalize(checked, form)
    assert len(origins) == len(normalized)
    assert all(0 <= start < end <= len(text) for start, end in origins)
    lowered, lowered_origins = reference._lower_with_origins(normalized, origins)
    assert lowered == reference._lower(normalized)
    assert len(lowered_origins) == len(lowered)


def test_normalisation_never_reaches_across_a_candidates_edges() -> None:
    # Canonical reordering moves only non-starters, and all of them are marks
    # (class M), which stay in the candidate of the letter before them under
    # every rule; composition joins a starter with a mark or with a character
    # of its own class (Hangul jamo, ...). So what a candidate's span becomes
    # never depends on characters outside it, but for the final sigma.
    def class_of(char: str) -> str | None:
        for name, ranges in reference._CLASS_RANGES.items():
            if any(start <= ord(char) <= end for start, end in ranges):
                return name
        return None

    assert {class_of(char) for char, value in reference._CCC.items() if value != 0} == {"M"}
    assert all(class_of(second) in ("M", class_of(first)) for first, second in reference._COMPOSE)


def test_no_character_lower_cases_to_nothing() -> None:
    # The fast path of the offsets counts on it: a lower-cased text as long as
    # the text maps each character to one.
    assert all(reference._LOWER_TABLE.values())


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", OPTION_SETS)
def test_invariants_hold_on_the_naughty_strings(implementation: str, name: str, blns: list[str]) -> None:
    for text in blns:
        check_tokens(implementation, name, text)
        check_spans(implementation, name, text)
        check_span_texts(implementation, name, text)
        check_explanation(implementation, name, text)


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
@pytest.mark.parametrize("name", ["default", "uax29"])
def test_invariants_hold_on_part_of_the_corpus(implementation: str, name: str, corpus_texts: list[str]) -> None:
    for text in corpus_texts[::200]:
        check_tokens(implementation, name, text)
        check_spans(implementation, name, text)
        check_span_texts(implementation, name, text)
        check_explanation(implementation, name, text)
