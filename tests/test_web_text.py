"""The web text options (README, "Web text"): the Rust core against the reference on web and forum text, with
hypothesis, and scikit-learn as the oracle of `strip_accents`.

The shared corpus and the naughty strings are compared whole under the web option sets of
`tests/fixed_inputs.py` (tests/test_parity.py, tests/test_offsets.py); the hypothesis tests there draw the web
options too. Here: the files of `tests/data/web/` under each option alone and all together, text made of the
grammar's pieces, and what each rule promises.
"""

from __future__ import annotations

import html
import html.parser
import subprocess
import sys
import unicodedata
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import strip_accents_ascii, strip_accents_unicode

import wordsift
import wordsift.reference
from strategies import options, script_texts, web_texts
from test_offsets import explained
from test_parity import outcome

WEB_DIR = Path(__file__).resolve().parent / "data" / "web"
WEB_DOCUMENTS = [
    line for path in sorted(WEB_DIR.glob("*.txt")) for line in path.read_text(encoding="utf-8").splitlines()
]
HTML_DOCUMENTS = [path.read_text(encoding="utf-8") for path in sorted((WEB_DIR / "html").glob("*.html"))]
SPAN_OPTIONS = ("urls", "emails", "mentions", "hashtags")
#: Markup and text in the shapes the HTML rules turn on.
HTML_PIECES = [
    "<p>",
    "</p>",
    "<b>",
    "</B>",
    "<a href='x > y'>",
    '<a title="q">',
    "<a b=x'y>",
    "<br/>",
    "<!-- c -->",
    "<!-->",
    "-->",
    "<!DOCTYPE html>",
    "<?xml v?>",
    "</ 3>",
    "</>",
    "<",
    ">",
    "<3",
    "a < b",
    "<script>",
    "</script>",
    "</script >",
    "</scripts>",
    "<STYLE>",
    "</style>",
    "<template>",
    "</template>",
    "caf",
    "\u00e9",
    "word",
    " ",
    "\n",
    "&eacute;",
    "&amp",
    "&ampx",
    "&#35;",
    "&#x41;",
    "&#128;",
    "&#0;",
    "&lt;b&gt;",
    "&",
    "#tag",
    "@user",
    "http://a.org/x",
    "\U0001f600",
    "&#x1F600;",
    "&notit;",
    "=",
    "'",
    '"',
]

#: Each option alone, then together, and with the options they meet: case kept, UAX #29, stems, limits, lists.
WEB_OPTION_SETS: dict[str, dict[str, Any]] = {
    **{f"{name}-{fate}": {name: fate} for name in SPAN_OPTIONS for fate in ("keep", "drop")},
    "emoji": {"emoji": "keep"},
    "accents-unicode": {"strip_accents": "unicode"},
    "accents-ascii": {"strip_accents": "ascii"},
    "all-kept": {**dict.fromkeys(SPAN_OPTIONS, "keep"), "emoji": "keep", "strip_accents": "unicode"},
    "all-dropped": {**dict.fromkeys(SPAN_OPTIONS, "drop"), "emoji": "keep", "strip_accents": "ascii"},
    "all-kept-cased-uax29": {
        **dict.fromkeys(SPAN_OPTIONS, "keep"),
        "emoji": "keep",
        "lowercase": False,
        "segment": "uax29",
    },
    "all-kept-stems-limits": {
        **dict.fromkeys(SPAN_OPTIONS, "keep"),
        "emoji": "keep",
        "stem": "english",
        "min_len": 2,
        "max_len": 20,
        "stopwords": ["#friday", "@nasa", "\U0001f602", "cafe", "https://example.com/meme.png"],
    },
    "all-kept-nfkc-cjk": {**dict.fromkeys(SPAN_OPTIONS, "keep"), "emoji": "keep", "normalize": "NFKC", "cjk": "chars"},
    "html": {"html": True},
    "html-all-kept": {**dict.fromkeys(SPAN_OPTIONS, "keep"), "emoji": "keep", "strip_accents": "unicode", "html": True},
    "html-unnormalised-ascii": {"html": True, "normalize": None, "strip_accents": "ascii", "keep_numbers": True},
}


def test_the_web_files_hold_every_kind_of_span() -> None:
    tok = wordsift.reference.Tokenizer(stopwords=None, **WEB_OPTION_SETS["all-kept"])
    tokens = [token for text in WEB_DOCUMENTS for token in tok.tokenize(text)]
    assert len(WEB_DOCUMENTS) >= 20
    assert any(token.startswith("https://") for token in tokens)
    assert any(token.startswith("www.") for token in tokens)
    assert any("@" in token[1:] for token in tokens)
    assert any(token.startswith("@") for token in tokens)
    assert any(token.startswith("#") for token in tokens)
    assert "\U0001f44d\U0001f3fd" in tokens


@pytest.mark.parametrize("name", list(WEB_OPTION_SETS))
def test_web_files_match_reference(name: str) -> None:
    options_ = WEB_OPTION_SETS[name]
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    documents = WEB_DOCUMENTS + HTML_DOCUMENTS
    assert rust.tokenize_batch(documents) == reference.tokenize_batch(documents)
    for text in documents:
        assert rust.tokenize_with_offsets(text) == reference.tokenize_with_offsets(text), text
        assert explained(rust, text) == explained(reference, text), text
    assert rust.count(documents).term_frequencies == reference.count(documents).term_frequencies


def test_the_options_change_what_they_say_and_nothing_else() -> None:
    text = "See https://a.org/x, mail jo@b.org, ask @nasa about #Artemis2 \U0001f680 caf\u00e9"
    plain = wordsift.tokenize(text, stopwords=None)
    words = ["see", "https", "a", "org", "x", "mail", "jo", "b", "org", "ask", "nasa", "about", "artemis", "caf\u00e9"]
    assert plain == words
    kept = wordsift.tokenize(text, stopwords=None, urls="keep", emails="keep", mentions="keep", hashtags="keep")
    assert kept == ["see", "https://a.org/x", "mail", "jo@b.org", "ask", "@nasa", "about", "#artemis2", "caf\u00e9"]
    dropped = wordsift.tokenize(text, stopwords=None, urls="drop", emails="drop", mentions="drop", hashtags="drop")
    assert dropped == ["see", "mail", "ask", "about", "caf\u00e9"]
    assert wordsift.tokenize("\U0001f680 caf\u00e9", emoji="keep", strip_accents="unicode") == ["\U0001f680", "cafe"]


# Hypothesis: text made of the grammar's pieces, and any options.


@settings(max_examples=600, deadline=None)
@given(text=web_texts, options_=options())
def test_web_texts_match_reference(text: str, options_: dict[str, Any]) -> None:
    assert_same_outcomes(text, options_)


def assert_same_outcomes(text: str, options_: dict[str, Any]) -> None:
    """The core and the reference refuse the options alike, or give the same tokens, offsets and explanation."""
    expected = outcome(lambda: wordsift.reference.Tokenizer(**options_))
    if expected[0] == "raised":
        assert outcome(lambda: wordsift.Tokenizer(**options_)) == expected
        return
    rust = wordsift.Tokenizer(**options_)
    reference = wordsift.reference.Tokenizer(**options_)
    assert outcome(partial(rust.tokenize, text)) == outcome(partial(reference.tokenize, text))
    assert outcome(partial(rust.tokenize_with_offsets, text)) == outcome(partial(reference.tokenize_with_offsets, text))
    assert outcome(partial(explained, rust, text)) == outcome(partial(explained, reference, text))


@settings(max_examples=300, deadline=None)
@given(
    text=web_texts,
    kinds=st.fixed_dictionaries({name: st.sampled_from(["keep", "drop"]) for name in SPAN_OPTIONS}),
)
def test_explain_accounts_for_every_span(text: str, kinds: dict[str, str]) -> None:
    """Kept spans are the tokens, dropped ones carry their kind as the reason, and together with the separators
    the entries cover the text once."""
    tok = wordsift.Tokenizer(stopwords=None, emoji="keep", **kinds)
    entries = tok.explain(text)
    assert [(e.output, e.start, e.end) for e in entries if e.kept] == tok.tokenize_with_offsets(text)
    assert "".join(e.text for e in entries) == text
    option_of = {"url": "urls", "email": "emails", "mention": "mentions", "hashtag": "hashtags"}
    for entry in entries:
        if entry.reason in option_of:
            assert kinds[option_of[entry.reason]] == "drop"
            assert entry.token is not None
            assert entry.output is None


# HTML: Python's html.unescape is the oracle of character references.

REFERENCE_PIECES = [
    "&",
    "#",
    "x",
    "X",
    ";",
    "0",
    "9",
    "12",
    "65",
    "x41",
    "1F600",
    "D800",
    "110000",
    "128",
    "amp",
    "eacute",
    "notin",
    "not",
    "it",
    "lt",
    "AMP",
    "nbsp",
    " ",
    "\n",
    "a",
    "\u00e9",
    "<",
]


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from(REFERENCE_PIECES), max_size=24).map("".join))
def test_references_decode_as_html_unescape_does(text: str) -> None:
    markup_free = text.replace("<", " ")
    try:
        decoded = html.unescape(markup_free)
    except ValueError:  # a number of more digits than Python converts
        return
    options_ = {"stopwords": None, "keep_numbers": True, "normalize": None}
    assert wordsift.tokenize(markup_free, html=True, **options_) == wordsift.tokenize(decoded, **options_)
    rust = wordsift.Tokenizer(html=True, **options_)
    reference = wordsift.reference.Tokenizer(html=True, **options_)
    assert rust.tokenize_with_offsets(text) == reference.tokenize_with_offsets(text)
    assert explained(rust, text) == explained(reference, text)


def shown_text(page: str) -> str:
    """What Python's HTML parser hands on as text, each stretch apart, script and style content left out."""

    class Collector(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.skipping = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skipping += tag in ("script", "style", "template")

        def handle_endtag(self, tag: str) -> None:
            self.skipping -= tag in ("script", "style", "template")

        def handle_data(self, data: str) -> None:
            if not self.skipping:
                self.parts.append(data)

    collector = Collector()
    collector.feed(page)
    collector.close()
    return " ".join(collector.parts)


def test_a_well_formed_page_shows_what_pythons_html_parser_finds() -> None:
    page = HTML_DOCUMENTS[0]
    assert "article" in page
    tok = wordsift.Tokenizer(stopwords=None, keep_numbers=True, html=True)
    assert tok.tokenize(page) == wordsift.tokenize(shown_text(page), stopwords=None, keep_numbers=True)
    for word in ("template", "tracking", "ignored", "helvetica", "pageview", "href", "header", "starts"):
        assert word not in tok.tokenize(page), word


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(HTML_PIECES), max_size=30).map("".join), options_=options())
def test_markup_matches_reference(text: str, options_: dict[str, Any]) -> None:
    assert_same_outcomes(text, {**options_, "html": True})


# scikit-learn defines strip_accents: its functions are the oracle.


def test_ascii_accents_are_scikit_learns_on_the_naughty_strings_and_the_corpus_sample(
    blns: list[str], corpus_texts: list[str]
) -> None:
    tok = wordsift.Tokenizer(stopwords=None, strip_accents="ascii", keep_numbers=True)
    plain = wordsift.Tokenizer(stopwords=None, keep_numbers=True)
    texts = [*blns, *corpus_texts[::50], *WEB_DOCUMENTS]
    assert tok.tokenize_batch(texts) == plain.tokenize_batch([strip_accents_ascii(text) for text in texts])


def only_accents_of_three_scripts(text: str) -> bool:
    """Whether every combining mark of `text` (decomposed) follows a Latin, Greek or Cyrillic letter, and no
    character has a compatibility decomposition: where scikit-learn's rule and ours agree."""
    if unicodedata.normalize("NFKD", text) != unicodedata.normalize("NFD", text):
        return False
    base = ""
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char):
            if not base:
                return False
            name = unicodedata.name(base, "")
            if not (unicodedata.category(base).startswith("L") and name.startswith(("LATIN", "GREEK", "CYRILLIC"))):
                return False
        else:
            base = char
    return True


@settings(max_examples=400, deadline=None)
@given(text=script_texts)
def test_unicode_accents_are_scikit_learns_on_latin_greek_and_cyrillic(text: str) -> None:
    if not only_accents_of_three_scripts(text):
        return
    tok = wordsift.Tokenizer(stopwords=None, strip_accents="unicode", keep_numbers=True)
    plain = wordsift.Tokenizer(stopwords=None, keep_numbers=True)
    oracle = unicodedata.normalize("NFC", strip_accents_unicode(text))
    assert tok.tokenize(text) == plain.tokenize(oracle)


def test_unicode_accents_leave_other_scripts_alone() -> None:
    hindi = "\u0915\u094d\u0937\u0947\u0924\u094d\u0930"  # क्षेत्र: virama, vowel sign
    japanese = "\u30ac\u30c3\u30b3\u30a6"  # ガッコウ: a voiced kana
    arabic = "\u0643\u064e\u062a\u064e\u0628\u064e"  # كَتَبَ: vowel points
    for text in (hindi, japanese, arabic):
        assert wordsift.tokenize(text, strip_accents="unicode") == wordsift.tokenize(text)
        assert strip_accents_unicode(text) != text  # where scikit-learn's wider rule strips them


# The command line.


def test_the_command_takes_the_web_options(tmp_path: Path) -> None:
    article = tmp_path / "post.txt"
    article.write_text("A post\nRead https://a.org/x (or mail me@b.org) #Fun \U0001f44d\U0001f3fd caf\u00e9\n", "utf-8")
    command = [sys.executable, "-m", "wordsift", str(article), "--urls", "keep", "--emails", "drop"]
    command += ["--hashtags", "keep", "--emoji", "keep", "--strip-accents", "unicode"]
    result = subprocess.run(command, capture_output=True, text=True, check=True, encoding="utf-8")
    assert result.stdout.splitlines() == [
        "A post",
        "",
        "read",
        "https://a.org/x",
        "mail",
        "#fun",
        "\U0001f44d\U0001f3fd",
        "cafe",
    ]
    refused = subprocess.run([*command[:3], "--urls", "maybe"], capture_output=True, text=True, encoding="utf-8")
    assert refused.returncode != 0
    assert "--urls" in refused.stderr
