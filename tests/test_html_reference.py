"""The `html` option of the reference, one clause of the README's "Web text" section ("**HTML**") each.

The README defines markup, the content dropped with `script`, `style` and
`template` elements, and the character references, once;
`wordsift.reference` is that text as code. The expected tokens here were
worked out by hand from the README, not recorded from a run. Python's
`html.unescape` is the oracle of the character references (the README says
they are decoded as it decodes them), and `html.parser.HTMLParser` that of
simple well-formed pages.
"""

from __future__ import annotations

import html
import html.entities
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import wordsift
import wordsift.reference as reference
from wordsift.errors import StopwordWarning

REPLACEMENT = "\ufffd"
ROCKET = "\U0001f680"


def tokens(text: str, **options: Any) -> list[str]:
    """The reference's tokens of `text` read as HTML, without stopwords unless asked for."""
    options.setdefault("stopwords", None)
    options.setdefault("html", True)
    return reference.tokenize(text, **options)


def offsets(text: str, **options: Any) -> list[tuple[str, int, int]]:
    options.setdefault("stopwords", None)
    options.setdefault("html", True)
    return reference.tokenize_with_offsets(text, **options)


def entries(text: str, **options: Any) -> list[tuple[int, int, str, str | None]]:
    options.setdefault("stopwords", None)
    options.setdefault("html", True)
    explained = reference.Tokenizer(**options).explain(text)
    return [(entry.start, entry.end, entry.reason, entry.token) for entry in explained]


# The option itself.


def test_html_is_off_by_default_and_off_changes_nothing() -> None:
    assert reference.Tokenizer().html is False
    for text in ["caf<b>é</b>", "AT&amp;T", "<script>x</script>y", "&#65;", "<!-- a -->b"]:
        before = reference.Tokenizer(stopwords=None)
        after = reference.Tokenizer(stopwords=None, html=False)
        assert after.tokenize(text) == before.tokenize(text)
        assert after.tokenize_with_offsets(text) == before.tokenize_with_offsets(text)
        assert after.explain(text) == before.explain(text)
    assert reference.tokenize("caf<b>é</b> AT&amp;T", stopwords=None) == ["caf", "b", "é", "b", "at", "amp", "t"]


@pytest.mark.parametrize(
    "text",
    ["plain words, no markup", "Café naïve 日本 #tag @ann http://a.org/x", "a > b; c # d", "", "\ud83d\ude80 x"],
)
def test_html_changes_nothing_without_markup_or_references(text: str) -> None:
    for options in ({}, {"keep_numbers": True, "urls": "keep", "hashtags": "keep", "mentions": "keep"}):
        plain = reference.Tokenizer(stopwords=None, **options)
        read = reference.Tokenizer(stopwords=None, html=True, **options)
        assert read.tokenize(text) == plain.tokenize(text)
        assert read.tokenize_with_offsets(text) == plain.tokenize_with_offsets(text)
        assert read.explain(text) == plain.explain(text)


@pytest.mark.parametrize(("value", "kind"), [("yes", "str"), (1, "int"), (None, "NoneType"), (0.0, "float")])
def test_html_must_be_a_bool(value: object, kind: str) -> None:
    with pytest.raises(TypeError) as raised:
        reference.Tokenizer(html=value)  # type: ignore[arg-type]
    assert str(raised.value) == f"html must be bool, not {kind}"


def test_html_is_a_read_only_property_shown_last_in_repr() -> None:
    tok = reference.Tokenizer(html=True, emoji="keep")
    assert tok.html is True
    assert repr(tok).endswith("hashtags=None, emoji='keep', html=True)")
    assert repr(reference.Tokenizer()).endswith("emoji=None, html=False)")
    with pytest.raises(AttributeError):
        tok.html = False  # type: ignore[misc]


def test_html_is_keyword_only() -> None:
    with pytest.raises(TypeError):
        reference.Tokenizer(None, True)  # type: ignore[misc]


# Tags.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>Hello</p><p>world</p>", ["hello", "world"]),
        ("one<br>two<BR/>three", ["one", "two", "three"]),
        ("<b>bold</b>text", ["bold", "text"]),
        ('<a href="http://x.org/a b" class=link>Link</a>', ["link"]),
        ("<h1 id=top>Title</h1 >", ["title"]),
        ("a<x-y z>b</x-y>c", ["a", "b", "c"]),
    ],
)
def test_a_tag_is_markup(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A > inside a quoted value does not end the tag.
        ('<a title="x > y">link</a>', ["link"]),
        ("<a title='x > y'>link</a>", ["link"]),
        ('<a title="it\'s > that">link</a>', ["link"]),
        # Spaces between the = and the quote are allowed.
        ('<a title =  "x>y">z</a>', ["z"]),
        # A quoted value in an end tag too.
        ('a</b c="d>e">f', ["a", "f"]),
        # Another = inside an unquoted value still starts one.
        ('<a href=x=">">y', ["y"]),
        # A quoted value without its closing quote runs to the end.
        ('before<a title="x>y after', ["before"]),
    ],
)
def test_a_quoted_value_runs_to_the_next_of_the_same_quote(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A quote not after an = is not a quoted value: the next > ends the tag.
        ('x<a "b>c">d', ["x", "c", "d"]),
        ("<a b='c' 'd>e'>f", ["e", "f"]),
        ('<a b"c>d"e', ["d", "e"]),
        # A word between the = and the quote.
        ('<a b=c "d>e">f', ["e", "f"]),
        # A quoted value that ended is no = before the next quote.
        ('<a b="c" "d>e">f', ["e", "f"]),
    ],
)
def test_a_quote_not_after_an_equals_sign_is_not_a_quoted_value(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_a_tag_without_its_end_runs_to_the_end_of_the_text() -> None:
    assert tokens("word <b class=x more words") == ["word"]
    assert tokens("word </b more words") == ["word"]
    assert offsets("ab<i") == [("ab", 0, 2)]
    assert entries("ab<i x") == [(0, 2, "kept", "ab"), (2, 6, "separator", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a < b", ["a", "b"]),
        ("a<3", ["a"]),
        ("x <= y", ["x", "y"]),
        ("<é>x", ["é", "x"]),
        ("<1>", []),
        ("a<", ["a"]),
        ("a <<b>c", ["a", "c"]),
    ],
)
def test_any_other_less_than_sign_is_text(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_a_less_than_sign_that_is_text_is_a_number_separator() -> None:
    assert tokens("1<2", keep_numbers=True) == ["1", "2"]
    assert entries("1<2", keep_numbers=True) == [(0, 1, "kept", "1"), (1, 2, "separator", None), (2, 3, "kept", "2")]


# Comments, declarations, processing instructions.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<!-- b -->c", ["a", "c"]),
        ("a<!--b--c-->d", ["a", "d"]),
        ("<!-- <p>b</p> -->c", ["c"]),
        ("a<!-- b -> c > d -->e", ["a", "e"]),
        # Through the first --> after the <!--: the one of `<!-->` is not after it.
        ("<!-->b-->c", ["c"]),
        ("a<!--->b-->c", ["a", "c"]),
        ("a<!---->b", ["a", "b"]),
        ("a<!-- b --> c -->d", ["a", "c", "d"]),
        # A comment without its end runs to the end.
        ("a<!-- b c", ["a"]),
        ("a<!-->", ["a"]),
    ],
)
def test_a_comment_runs_through_the_first_end_after_it(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html>text", ["text"]),
        ("<!doctype html><html><body>x</body></html>", ["x"]),
        ("<![CDATA[x]]>y", ["y"]),
        # Through the next >, whatever is in it.
        ("<![CDATA[a>b]]>c", ["b", "c"]),
        ('<!ENTITY a "b>c">d', ["c", "d"]),
        ("<!- x>y", ["y"]),
        ('<?xml version="1.0"?>doc', ["doc"]),
        ("<?php echo 1 ?>x", ["x"]),
        ("a<?b>c", ["a", "c"]),
        ("a</ 3>b", ["a", "b"]),
        ("a</>b", ["a", "b"]),
        ("a</3 b>c", ["a", "c"]),
        ("a</é>b", ["a", "b"]),
        # Without the >, to the end.
        ("a<!DOCTYPE html b", ["a"]),
        ("a<?b c", ["a"]),
        ("a</ 3 b", ["a"]),
        ("a<!", ["a"]),
        ("a</", ["a"]),
    ],
)
def test_declarations_and_processing_instructions_run_through_the_next_greater_than_sign(
    text: str, expected: list[str]
) -> None:
    assert tokens(text) == expected


# script, style and template.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>var x = 1;</script>after", ["after"]),
        ("<style>p { color: red }</style>x", ["x"]),
        ("<template><p>hidden</p></template>shown", ["shown"]),
        ("before<script src='a.js'></script>after", ["before", "after"]),
        # ASCII letters in any case, in both tags.
        ("<SCRIPT>x</script>y", ["y"]),
        ("<Style>x</STYLE>y", ["y"]),
        ("<tEmPlAtE>x</TeMpLaTe>y", ["y"]),
        # The end tag: `</`, the name, then a space, `/`, `>` or the end of the text.
        ("<script>a</script >b", ["b"]),
        ("<script>a</script/>b", ["b"]),
        ('<script>a</script x=">">b', ["b"]),
        ("<script>a</scripts>b</script>c", ["c"]),
        ("<script>a</scriptx>b", []),
        ("x<script>a</script", ["x"]),
        # A start tag with attributes, quoted > included, or closed by `/>`.
        ("x<script type='a>b'>c</script>d", ["x", "d"]),
        ("<script/>x</script>y", ["y"]),
        ("<script async>x</script>y", ["y"]),
        # Elements inside are not counted; nor are comments or other end tags.
        ("<script><script>a</script>b</script>c", ["b", "c"]),
        ("<script><!-- </script> -->x", ["x"]),
        ("<style>a</script>b</style>c", ["c"]),
        ("<template><template>a</template>b</template>c", ["b", "c"]),
        # An end tag without its start tag is a tag.
        ("a</script>b", ["a", "b"]),
        # Other names drop nothing.
        ("<scripts>x</scripts>", ["x"]),
        ("<scriptx>x</scriptx>", ["x"]),
        ("<noscript>x</noscript>", ["x"]),
        ("<textarea>x</textarea>", ["x"]),
    ],
)
def test_script_style_and_template_content_is_dropped(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_dropped_content_without_its_end_tag_runs_to_the_end() -> None:
    assert tokens("a<script>b c d") == ["a"]
    assert tokens("a<style>b</styl") == ["a"]
    assert tokens("a<script b c") == ["a"]
    assert entries("a<script>b c") == [(0, 1, "kept", "a"), (1, 12, "separator", None)]


@pytest.mark.parametrize("space", [" ", "\t", "\n", "\f", "\r"])
def test_a_space_is_any_of_htmls_space_characters(space: str) -> None:
    # The README's "a space" (after an element's name) and "spaces" (between
    # an = and a quote) are HTML's space characters: space, tab, LF, FF, CR.
    assert tokens(f"<script{space}src=x>a</script{space}>b") == ["b"]
    assert tokens(f"<a title={space}{space}'x>y'>z") == ["z"]
    # Others are not.
    assert tokens("<script\v>a</script>b") == ["a", "b"]
    assert tokens("<script>a</script\u00a0>b") == []
    assert tokens("<a title=\u00a0'x>y'>z") == ["y", "z"]


def test_a_decoded_reference_is_not_markup() -> None:
    assert tokens("&lt;script&gt;x&lt;/script&gt;y") == ["script", "x", "script", "y"]
    assert tokens("&lt;b&gt;bold") == ["b", "bold"]


# A stretch of markup is one space.


def test_markup_separates_words() -> None:
    assert tokens("caf<b>é</b>") == ["caf", "é"]
    assert offsets("caf<b>é</b>") == [("caf", 0, 3), ("é", 6, 7)]
    assert tokens("e<b>\u0301</b>x") == ["e", "x"]
    assert tokens("a<!-- x -->b<?p?>c") == ["a", "b", "c"]


def test_a_stretch_of_markup_and_dropped_content_is_one_separator() -> None:
    text = "a<b><i><script>x</script><!-- y -->c"
    assert entries(text) == [(0, 1, "kept", "a"), (1, 35, "separator", None), (35, 36, "kept", "c")]


def test_markup_is_not_inside_a_span() -> None:
    text = '<a href="http://x.org">http://x.org/a</a>.'
    assert tokens(text, urls="keep") == ["http://x.org/a"]
    assert offsets(text, urls="keep") == [("http://x.org/a", 23, 37)]
    assert tokens("#tag<b>x</b>", hashtags="keep") == ["#tag", "x"]
    assert tokens("bob@x.org<br>", emails="keep") == ["bob@x.org"]


# Character references.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Decimal and hexadecimal, with and without the ;.
        ("&#233;t&#xE9;", ["été"]),
        ("&#X41;&#66", ["ab"]),
        ("&#0065;&#x0000043;", ["ac"]),
        ("&#65x", ["ax"]),
        ("&#x41g", ["ag"]),
        # Decimal digits are read first: `&#0x41` is 0 (U+FFFD), then text.
        ("a&#0x41", ["a", "x"]),
        # Named, with the ; where the table has it.
        ("caf&eacute;", ["café"]),
        ("caf&eacute", ["café"]),
        ("AT&amp;T", ["at", "t"]),
        ("AT&AMP;T AT&AMP T", ["at", "t", "at", "t"]),
        ("&Eacute;T&Eacute;", ["été"]),
        ("na&iuml;ve", ["naïve"]),
        ("&fjlig;ord", ["fjord"]),
        ("a&nbsp;b", ["a", "b"]),
        ("&CounterClockwiseContourIntegral;x", ["x"]),
    ],
)
def test_a_character_reference_is_decoded(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The longest name the text after the & starts with; the rest is text.
        ("&ampx", ["x"]),
        ("x&amp;y", ["x", "y"]),
        ("caf&eacutex", ["caféx"]),
        ("&notit;", ["it"]),
        ("&notin;", []),
        ("&notin", ["in"]),
        ("&notinx;", ["inx"]),
        # A name the table has only with its ; is text without it.
        ("&hellip;", []),
        ("&hellip", ["hellip"]),
        ("&eacutex;", ["éx"]),
        # Names are case-sensitive.
        ("&Amp;", ["amp"]),
        ("&EACUTE;", ["eacute"]),
        # Looking at most 32 characters ahead.
        ("&amp" + "x" * 40, ["x" * 40]),
        ("&" + "x" * 40 + ";", ["x" * 40]),
        # The name ends at a space or `<`.
        ("&amp x", ["x"]),
        ("&eacute<b>x", ["é", "x"]),
    ],
)
def test_a_named_reference_is_the_longest_name(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 0, a surrogate, a number past U+10FFFF: U+FFFD (a separator).
        ("a&#0;b", ["a", "b"]),
        ("a&#x0;b", ["a", "b"]),
        ("a&#xD800;b", ["a", "b"]),
        ("a&#57343;b", ["a", "b"]),
        ("a&#x110000;b", ["a", "b"]),
        ("a&#1114112;b", ["a", "b"]),
        ("a&#99999999999999999999999;b", ["a", "b"]),
        ("a&#x" + "f" * 100 + ";b", ["a", "b"]),
        # The highest character is a character.
        ("a&#x10FFFD;b", ["a", "b"]),
        # 0x80 to 0x9F: windows-1252's characters, where it has one.
        ("a&#x80;b", ["a", "b"]),
        ("a&#x8A;b", ["ašb"]),
        ("a&#138;b", ["ašb"]),
        ("a&#x9F;b", ["aÿb"]),
        ("&#x93;q&#x94;", ["q"]),
        ("a&#x81;b", ["a", "b"]),
        # Removed: controls and noncharacters; the letters around join.
        ("a&#1;b", ["ab"]),
        ("a&#x7F;b", ["ab"]),
        ("a&#xB;b", ["ab"]),
        ("a&#xFDD0;b", ["ab"]),
        ("a&#xFFFE;b", ["ab"]),
        ("a&#x10FFFF;b", ["ab"]),
        ("a&#x1FFFE;b", ["ab"]),
        # Not removed: tab, LF, FF, CR, and U+FFFD itself.
        ("a&#9;b&#10;c&#12;d&#13;e", ["a", "b", "c", "d", "e"]),
    ],
)
def test_a_numeric_reference_decodes_as_html_unescape_does(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected
    assert tokens(text) == reference.tokenize(html.unescape(text), stopwords=None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a & b", ["a", "b"]),
        ("a&b", ["a", "b"]),
        ("&", []),
        ("a&", ["a"]),
        ("&&amp;&", []),
        ("&#x;", ["x"]),
        ("&#;", []),
        ("&#", []),
        ("&#xg", ["xg"]),
        ("&#a", ["a"]),
        ("&;", []),
        ("&q;", ["q"]),
        ("&zz;x", ["zz", "x"]),
    ],
)
def test_any_other_ampersand_is_text(text: str, expected: list[str]) -> None:
    assert tokens(text) == expected


def test_references_are_not_decoded_in_markup() -> None:
    assert tokens('<a title="&amp;&#62;">x</a>') == ["x"]
    assert tokens("<!-- &gt; -->x") == ["x"]
    assert tokens("<script>&lt;/script&gt;y</script>z") == ["z"]


def test_decoded_characters_are_normalised_and_lower_cased() -> None:
    assert tokens("e&#x301;") == ["é"]
    assert offsets("e&#x301;t&#xC9;") == [("été", 0, 15)]
    assert tokens("&#xFB01;x", normalize="NFKC") == ["fix"]
    assert tokens("&Sigma;&Sigma;", lowercase=False) == ["ΣΣ"]
    assert tokens("&Sigma;&Sigma;") == ["σς"]


# Offsets and explain point into the markup.


def test_offsets_point_into_the_markup() -> None:
    assert offsets("<p>caf&eacute; au lait</p>") == [("café", 3, 14), ("au", 15, 17), ("lait", 18, 22)]
    assert offsets("a&#1;b") == [("ab", 0, 6)]
    assert offsets("&#1;ab&#1;") == [("ab", 4, 6)]
    assert offsets("&notit;") == [("it", 4, 6)]
    assert offsets("AT&amp;T") == [("at", 0, 2), ("t", 7, 8)]
    assert offsets("x&#65;&#x42;y") == [("xaby", 0, 13)]
    # Surrogates in the text as given.
    assert offsets("\ud83d\ude80<b>caf&eacute;") == [("café", 5, 16)]


def test_explain_gives_markup_and_references_as_they_are_in_the_text() -> None:
    assert entries("<p>caf&eacute;</p>") == [
        (0, 3, "separator", None),
        (3, 14, "kept", "café"),
        (14, 18, "separator", None),
    ]
    explained = reference.Tokenizer(stopwords=None, html=True).explain("a&amp;<b>b</b>")
    assert [(entry.text, entry.reason, entry.token) for entry in explained] == [
        ("a", "kept", "a"),
        ("&amp;<b>", "separator", None),
        ("b", "kept", "b"),
        ("</b>", "separator", None),
    ]
    assert entries("&#35;tag", hashtags="drop") == [(0, 8, "hashtag", "#tag")]
    assert entries("<b>12</b>") == [(0, 3, "separator", None), (3, 5, "number", "12"), (5, 9, "separator", None)]


# With the other options.


def test_a_decoded_number_sign_starts_a_hashtag() -> None:
    assert tokens("&#35;tag", hashtags="keep") == ["#tag"]
    assert offsets("x &num;Tag", hashtags="keep") == [("x", 0, 1), ("#tag", 2, 10)]
    # Not after a `&`, decoded or not.
    assert tokens("a&#tag", hashtags="keep") == ["a", "tag"]
    assert tokens("&amp;#tag", hashtags="keep") == ["tag"]


def test_references_in_spans() -> None:
    assert tokens("&#64;NASA", mentions="keep") == ["@nasa"]
    assert tokens("bob&#64;x.org", emails="keep") == ["bob@x.org"]
    assert offsets("http://x.org/?a=1&amp;b=2", urls="keep") == [("http://x.org/?a=1&b=2", 0, 25)]
    assert tokens(f"&#x1F680;{ROCKET}", emoji="keep") == [ROCKET, ROCKET]
    assert tokens("caf&eacute; &Eacute;t&eacute;", strip_accents="unicode") == ["cafe", "ete"]
    assert tokens("a&mdash;b", strip_accents="ascii") == ["ab"]


def test_stopwords_are_not_read_as_html() -> None:
    tok = reference.Tokenizer(stopwords=["café", "the"], html=True)
    assert tok.tokenize("caf&eacute; <b>the</b> x") == ["x"]
    with pytest.warns(StopwordWarning):
        escaped = reference.Tokenizer(stopwords=["caf&eacute;"], html=True)
    assert escaped.stopwords == frozenset({"caf&eacute;"})
    assert escaped.unmatchable_stopwords == ["caf&eacute;"]
    assert escaped.tokenize("caf&eacute;") == ["café"]


# The oracles.

REFERENCE_PIECES = [
    *"&&&#x;;;0129afFAgqZé \t\n\r",
    "&#",
    "&#x",
    "&#X",
    "amp",
    "AMP",
    "eacute",
    "Eacute",
    "notin",
    "not",
    "lt",
    "gt",
    "hellip",
    "nbsp",
    "fjlig",
    "CounterClockwiseContourIntegral",
    "128",
    "159",
    "55296",
    "1114111",
    "1114112",
    "d800",
    "10ffff",
    "fffe",
    "00000",
    "word",
    "Café",
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(REFERENCE_PIECES), max_size=16).map("".join))
def test_references_are_decoded_as_html_unescape_decodes_them(text: str) -> None:
    try:
        expected = html.unescape(text)
    except ValueError:
        return  # html.unescape cannot read a number this long
    assert reference._read_html(text)[0] == expected
    for options in ({}, {"keep_numbers": True, "lowercase": False}, {"hashtags": "keep", "urls": "keep"}):
        assert tokens(text, **options) == reference.tokenize(expected, stopwords=None, **options)


@pytest.mark.parametrize("number", [*range(0, 0x200), 0xD7FF, 0xD800, 0xDFFF, 0xE000, 0xFDCF, 0xFDD0, 0xFDEF])
def test_each_number_decodes_as_html_unescape_decodes_it(number: int) -> None:
    for text in (f"&#{number};", f"&#{number}", f"&#x{number:x};", f"&#X{number:X}", f"&#{number:012d};"):
        assert reference._read_html(text)[0] == html.unescape(text)


def test_each_named_reference_decodes_as_html_unescape_decodes_it() -> None:
    for name in html.entities.html5:
        for text in (f"&{name}", f"&{name}x", f"&{name};", f"&{name}x;", f"a&{name} b"):
            assert reference._read_html(text)[0] == html.unescape(text), text


class _DataCollector(HTMLParser):
    """The text of a page as Python's HTML parser gives it: each run of character data, references decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []

    def handle_data(self, data: str) -> None:
        self.data.append(data)


PAGE_PIECES = [
    # Text.
    "word",
    "Café",
    " ",
    "\n",
    ", ",
    "2024",
    "caf&eacute;",
    "&amp;",
    "AT&amp;T",
    "&lt;",
    "&gt;",
    "&#233;",
    "&#x41;",
    "&nbsp;",
    "&notit;",
    "&hellip;",
    "x",
    # Markup.
    "<p>",
    "</p>",
    "<br/>",
    "<BR>",
    '<a href="http://x.org/?a=1&amp;b=2">',
    "</a>",
    "<img src='a.png' alt=\"x > y\">",
    "<div class=x id = 'y'>",
    "</div>",
    "<!-- note <b> -->",
    "<!DOCTYPE html>",
    "<b>",
    "</b>",
    '<h1 title="a">',
    "</h1>",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(PAGE_PIECES), max_size=20).map("".join))
def test_a_simple_page_gives_the_words_of_its_text(page: str) -> None:
    parser = _DataCollector()
    parser.feed(page)
    parser.close()
    shown = " ".join(parser.data)
    for options in ({}, {"keep_numbers": True, "lowercase": False}):
        assert tokens(page, **options) == reference.tokenize(shown, stopwords=None, **options)


# Every path reads the same HTML.

HOSTILE_PIECES = [
    *"<>/!?-=\"' &#;x1aAé\n",
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "</SCRIPT ",
    "<style x='>'>",
    "</style>",
    "<template>",
    "</template",
    "<b>",
    "</b>",
    "&amp",
    "&amp;",
    "&eacute;",
    "&#x",
    "&#35;",
    "&#64;",
    "&#1;",
    "&#x301;",
    "e",
    "#",
    "@",
    "http://",
    "\u00ad",
    "\ud83d\ude80",
    "\u03a3",
]
HTML_OPTION_SETS: list[dict[str, Any]] = [
    {},
    {"urls": "keep", "emails": "drop", "mentions": "keep", "hashtags": "keep", "emoji": "keep"},
    {"strip_accents": "unicode", "stem": "english", "keep_numbers": True},
    {"strip_accents": "ascii", "min_len": 2, "normalize": "NFKC"},
    {"lowercase": False, "cjk": "bigrams", "hashtags": "drop"},
    {"segment": "uax29", "normalize": None, "stopwords": "default", "errors": "replace"},
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), max_size=16).map("".join), st.sampled_from(HTML_OPTION_SETS))
def test_every_path_agrees_on_arbitrary_html(text: str, options: dict[str, Any]) -> None:
    tok = reference.Tokenizer(**{"stopwords": None, **options, "html": True})
    with_offsets = tok.tokenize_with_offsets(text)
    assert [token for token, _, _ in with_offsets] == tok.tokenize(text) == tok.tokenize_batch([text])[0]
    explained = tok.explain(text)
    assert explained.kept_tokens() == with_offsets
    assert [(entry.start, entry.end) for entry in explained] == sorted((e.start, e.end) for e in explained)
    assert {index for entry in explained for index in range(entry.start, entry.end)} == set(range(len(text)))
    counts = tok.count([text])
    assert sum(counts.term_frequencies.values()) == len(with_offsets)


# Hostile input: a megabyte of what the rules turn on gives the core's tokens (the time it takes, linear in
# the length, is benches/web_linear.py's to show).


@pytest.mark.parametrize(
    "hostile",
    [
        "<a" * 500_000,
        "<a x=" * 200_000,
        "<a x='" * 160_000,
        "<!--" * 250_000,
        "<!" * 500_000,
        "</ " * 330_000,
        "< " * 500_000,
        "<script>" * 125_000,
        "<script>" + "</scrip" * 140_000,
        "&" * 1_000_000,
        "&#" + "1" * 1_000_000,
        "&#x" + "f" * 1_000_000,
        "&#" * 500_000,
        "&amp" * 250_000,
        "&" + "a" * 1_000_000,
        "a&b<" * 250_000,
        "<p>x" * 250_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_a_megabyte_of_hostile_html_gives_the_cores_tokens(hostile: str) -> None:
    options: dict[str, Any] = {"stopwords": None, "html": True, "keep_numbers": True}
    assert reference.Tokenizer(**options).tokenize(hostile) == wordsift.Tokenizer(**options).tokenize(hostile)


def test_offsets_of_long_html() -> None:
    tok = reference.Tokenizer(stopwords=None, html=True, hashtags="keep")
    text = "<p class='x'>caf&eacute; &#35;tag</p><!-- c --><script>var a;</script>" * 2_000
    assert len(tok.tokenize_with_offsets(text)) == 4_000
    # The first tag, then a word, a space, a hashtag and the markup up to the next word, each time.
    assert len(tok.explain(text)) == 1 + 4 * 2_000
