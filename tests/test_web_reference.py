"""The web-text options of the reference, one clause of the README's "Web text" section each.

`strip_accents`, `urls`, `emails`, `mentions`, `hashtags` and `emoji` are
defined in the README, once; `wordsift.reference` is that text as code. The
expected tokens here were worked out by hand from the README's grammar, not
recorded from a run. scikit-learn's accent strippers are the oracle where
the README says the options agree with them.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import strip_accents_ascii, strip_accents_unicode

import wordsift
import wordsift.reference as reference
from wordsift.errors import WordsiftError
from wordsift.explanation import REASONS

ZWJ = "\u200d"
VS15 = "\ufe0e"
VS16 = "\ufe0f"
KEYCAP = "\u20e3"
SOFT_HYPHEN = "\u00ad"
FINAL_SIGMA = "\u03c2"
SMALL_SIGMA = "\u03c3"

ROCKET = "\U0001f680"
THUMBS_UP = "\U0001f44d"  # an Emoji_Modifier_Base
MEDIUM_SKIN = "\U0001f3fd"  # an Emoji_Modifier
LIGHT_SKIN = "\U0001f3fb"
WOMAN = "\U0001f469"
MAN = "\U0001f468"
GIRL = "\U0001f467"
LAPTOP = "\U0001f4bb"
HEART = "\u2764"
FLAG_U = "\U0001f1fa"  # REGIONAL INDICATOR SYMBOL LETTER U
FLAG_S = "\U0001f1f8"
FLAG_F = "\U0001f1eb"
FLAG_R = "\U0001f1f7"
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
CIRCLED_CAPITAL_A = "\u24b6"  # a cased symbol: not a word character

ALL_KEEP: dict[str, Any] = {"urls": "keep", "emails": "keep", "mentions": "keep", "hashtags": "keep", "emoji": "keep"}


def tokens(text: str, **options: Any) -> list[str]:
    """The reference's tokens, without stopwords unless asked for."""
    options.setdefault("stopwords", None)
    return reference.tokenize(text, **options)


def offsets(text: str, **options: Any) -> list[tuple[str, int, int]]:
    options.setdefault("stopwords", None)
    return reference.tokenize_with_offsets(text, **options)


def entries(text: str, **options: Any) -> list[tuple[int, int, str, str | None]]:
    options.setdefault("stopwords", None)
    explained = reference.Tokenizer(**options).explain(text)
    return [(entry.start, entry.end, entry.reason, entry.token) for entry in explained]


# The README's example.


def test_the_readme_example() -> None:
    tok = reference.Tokenizer(urls="keep", emails="drop", mentions="keep", hashtags="keep", emoji="keep")
    text = f"@NASA: see https://nasa.gov/moon (or mail us@nasa.gov) #Artemis2 {ROCKET}{THUMBS_UP}{MEDIUM_SKIN}"
    assert tok.tokenize(text) == [
        "@nasa",
        "see",
        "https://nasa.gov/moon",
        "mail",
        "#artemis2",
        ROCKET,
        THUMBS_UP + MEDIUM_SKIN,
    ]
    assert reference.tokenize("Café, naïve", strip_accents="unicode") == ["cafe", "naive"]


# Off by default: today's tokens.


WEB_TEXTS = [
    "see http://a.org/x #tag @bob bob@x.org",
    f"{ROCKET} {THUMBS_UP}{MEDIUM_SKIN} {FLAG_U}{FLAG_S} 1{VS16}{KEYCAP}",
    "Café naïve Ελλάδα ёж",
    "www.Example.com/Path?q=1 (http://a.org/f(x)).",
]


def test_every_option_none_gives_todays_tokens() -> None:
    assert tokens(WEB_TEXTS[0]) == ["see", "http", "a", "org", "x", "tag", "bob", "bob", "x", "org"]
    assert tokens(WEB_TEXTS[2]) == ["café", "naïve", "ελλάδα", "ёж"]
    none: dict[str, Any] = {
        "strip_accents": None,
        "urls": None,
        "emails": None,
        "mentions": None,
        "hashtags": None,
        "emoji": None,
    }
    for text in WEB_TEXTS:
        for options in ({}, {"keep_numbers": True}, {"lowercase": False}, {"segment": "uax29"}):
            before = reference.Tokenizer(**options)
            after = reference.Tokenizer(**options, **none)
            assert after.tokenize(text) == before.tokenize(text)
            assert after.tokenize_with_offsets(text) == before.tokenize_with_offsets(text)
            assert after.explain(text) == before.explain(text)


# Validation, properties and repr.


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"strip_accents": "latin"}, "strip_accents must be 'unicode', 'ascii' or None, got 'latin'"),
        ({"strip_accents": True}, "strip_accents must be 'unicode', 'ascii' or None, got True"),
        ({"urls": "remove"}, "urls must be 'keep', 'drop' or None, got 'remove'"),
        ({"emails": "Keep"}, "emails must be 'keep', 'drop' or None, got 'Keep'"),
        ({"mentions": 1}, "mentions must be 'keep', 'drop' or None, got 1"),
        ({"hashtags": ""}, "hashtags must be 'keep', 'drop' or None, got ''"),
        ({"emoji": "drop"}, "emoji must be 'keep' or None, got 'drop'"),
        # In the order of the arguments.
        ({"strip_accents": "x", "urls": "y"}, "strip_accents must be"),
        ({"urls": "y", "emails": "z"}, "urls must be"),
        ({"hashtags": "y", "emoji": "z"}, "hashtags must be"),
    ],
)
def test_bad_option_values_raise(options: dict[str, Any], message: str) -> None:
    with pytest.raises(WordsiftError) as raised:
        reference.Tokenizer(**options)
    assert str(raised.value).startswith(message)


def test_the_options_are_read_only_properties_shown_in_repr() -> None:
    tok = reference.Tokenizer(strip_accents="unicode", urls="keep", emails="drop", emoji="keep")
    assert (tok.strip_accents, tok.urls, tok.emails, tok.mentions, tok.hashtags, tok.emoji) == (
        "unicode",
        "keep",
        "drop",
        None,
        None,
        "keep",
    )
    assert repr(tok).endswith(
        "segment=None, strip_accents='unicode', urls='keep', emails='drop', mentions=None, hashtags=None, "
        "emoji='keep', html=False)"
    )
    with pytest.raises(AttributeError):
        tok.urls = "drop"  # type: ignore[misc]


# URLs.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit HTTP://Example.com/A now", ["visit", "http://example.com/a", "now"]),
        ("HtTpS://x.io", ["https://x.io"]),
        ("FTP://Files.org/f", ["ftp://files.org/f"]),
        ("go to WwW.Python.org today", ["go", "to", "www.python.org", "today"]),
        ("www.1.com", ["www.1.com"]),
        ("https://éa.fr", ["https://éa.fr"]),
    ],
)
def test_a_url_starts_with_a_scheme_or_www_in_any_case(text: str, expected: list[str]) -> None:
    assert tokens(text, urls="keep") == expected


def test_a_url_keeps_its_case_without_lowercase() -> None:
    assert tokens("HTTP://Example.com/A", urls="keep", lowercase=False) == ["HTTP://Example.com/A"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("xhttp://a.org", ["xhttp", "a", "org"]),  # after a letter
        ("awww.b.com", ["awww", "b", "com"]),
        ("1www.a.org", ["www", "a", "org"]),  # after a digit
        ("_www.a.org", ["www", "a", "org"]),  # after _
        ("http:// x", ["http", "x"]),  # not a letter or digit after the start
        ("http://", ["http"]),
        ("www..com", ["www", "com"]),
        ("http://-a.org", ["http", "a", "org"]),
        ("http:/a.org", ["http", "a", "org"]),
        ("mailto:a", ["mailto", "a"]),
    ],
)
def test_no_url_after_a_word_character_or_without_a_letter_or_digit_after_the_start(
    text: str, expected: list[str]
) -> None:
    assert tokens(text, urls="keep") == expected


def test_a_url_after_a_separator_is_one() -> None:
    assert tokens("(www.a.org)", urls="keep") == ["www.a.org"]
    assert tokens("x:http://a.org", urls="keep") == ["x", "http://a.org"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('http://a.org/x"y', ["http://a.org/x", "y"]),
        ("http://a.org/x<b>", ["http://a.org/x", "b"]),
        ("http://a.org/a|b", ["http://a.org/a", "b"]),
        ("http://a.org/a\\b", ["http://a.org/a", "b"]),
        ("http://a.org/a^b", ["http://a.org/a", "b"]),
        ("http://a.org/a`b", ["http://a.org/a", "b"]),
        ("http://a.org/a{b}", ["http://a.org/a", "b"]),
        ("http://a.org/x\ty", ["http://a.org/x", "y"]),  # a control character
        ("http://a.org/x\x7fy", ["http://a.org/x", "y"]),
        ("http://a.org/x y", ["http://a.org/x", "y"]),
        # Every other ASCII character stays in.
        ("http://a.org/p?q=1&r=2#top;x=@~$", ["http://a.org/p?q=1&r=2#top;x=@~$"]),
        ("http://user:pw@a.org:8080/a-b_c/%20+!", ["http://user:pw@a.org:8080/a-b_c/%20+"]),
    ],
)
def test_a_url_runs_over_the_ascii_url_characters(text: str, expected: list[str]) -> None:
    assert tokens(text, urls="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://a.org/x\u2192y", ["http://a.org/x", "y"]),  # a symbol (an arrow)
        ("http://a.org/x\u2014y", ["http://a.org/x", "y"]),  # punctuation (em dash)
        ("http://a.org/x\u00a0y", ["http://a.org/x", "y"]),  # a space (no-break space)
        (f"http://a.org/x{ROCKET}", ["http://a.org/x"]),  # an emoji
        ("http://a.org/x\u00bby", ["http://a.org/x", "y"]),  # a guillemet
        # Word characters beyond ASCII stay in: letters, marks, digits, format characters.
        ("http://a.org/日本", ["http://a.org/日本"]),
        ("http://a.org/x٣", ["http://a.org/x٣"]),
        (f"http://a.org/x{SOFT_HYPHEN}y", ["http://a.org/xy"]),  # format characters leave the token
    ],
)
def test_a_url_ends_at_a_character_beyond_ascii_that_is_not_a_word_character(text: str, expected: list[str]) -> None:
    assert tokens(text, urls="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(see http://a.org/x).", ["see", "http://a.org/x"]),
        ("http://a.org/x!?", ["http://a.org/x"]),
        ("Go to http://a.org/x...", ["go", "to", "http://a.org/x"]),
        ("http://a.org/x*':;,", ["http://a.org/x"]),
        ("http://a.org/", ["http://a.org/"]),
        ("http://a.org/x.y", ["http://a.org/x.y"]),
    ],
)
def test_trailing_punctuation_is_left_out_of_a_url(text: str, expected: list[str]) -> None:
    assert tokens(text, urls="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://a.org/Python_(language)", ["http://a.org/python_(language)"]),
        ("(http://a.org/Python_(language))", ["http://a.org/python_(language)"]),
        ("http://a.org/x)", ["http://a.org/x"]),
        ("http://a.org/x)).", ["http://a.org/x"]),
        ("http://a.org/f(x).", ["http://a.org/f(x)"]),
        ("http://a.org/x.)", ["http://a.org/x"]),
        ("http://a.org/a)b", ["http://a.org/a)b"]),
        ("[http://a.org/x]", ["http://a.org/x"]),
        ("http://a.org/[x]", ["http://a.org/[x]"]),
        ("http://a.org/x])", ["http://a.org/x"]),
        ("http://a.org/x)]", ["http://a.org/x"]),
    ],
)
def test_a_closing_bracket_the_url_does_not_open_is_left_out(text: str, expected: list[str]) -> None:
    assert tokens(text, urls="keep") == expected


def test_a_url_may_have_an_international_host_and_path() -> None:
    assert tokens("http://bücher.de/straße", urls="keep") == ["http://bücher.de/straße"]
    assert tokens("HTTP://BÜCHER.de/Straße", urls="keep") == ["http://bücher.de/straße"]
    assert tokens("www.пример.рф", urls="keep") == ["www.пример.рф"]


def test_a_dropped_url_makes_no_token() -> None:
    assert tokens("see http://a.org/x now", urls="drop") == ["see", "now"]


# E-mail addresses.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail Bob.Smith+news@Example.co.uk today", ["mail", "bob.smith+news@example.co.uk", "today"]),
        ("a_b%c-d@x.org", ["a_b%c-d@x.org"]),
        ("<bob@x.org>", ["bob@x.org"]),
        ("...bob@x.org", ["bob@x.org"]),  # leading dots are left out
        ("x ..b.o@x.org", ["x", "b.o@x.org"]),
        ("a-b@x-y.org", ["a-b@x-y.org"]),
        ("1@2.com", ["1@2.com"]),  # digits stay, whatever keep_numbers says
        ("Write to bob@x.org.", ["write", "to", "bob@x.org"]),  # a sentence's last dot
        ("anna@bücher.de", ["anna@bücher.de"]),
        ("иван@почта.рф", ["иван@почта.рф"]),
    ],
)
def test_an_email_address(text: str, expected: list[str]) -> None:
    assert tokens(text, emails="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bob.@x.org", ["bob", "x", "org"]),  # the local part ends with a dot
        ("a..b@x.org", ["a", "b", "x", "org"]),  # it holds ..
        (".@x.org", ["x", "org"]),  # it is empty once its dots are left out
        ("@x.org", ["x", "org"]),
        ("bob@localhost", ["bob", "localhost"]),  # one label
        ("bob@x.c", ["bob", "x", "c"]),  # the last label is one letter
        ("bob@x.com2", ["bob", "x", "com"]),  # ... not only letters (and a number ends a word)
        ("bob@x.c-d", ["bob", "x", "c", "d"]),
        ("bob@1.2.3.4", ["bob"]),
        ("bob@x..org", ["bob", "x", "org"]),  # labels are joined by single dots
        ("bob@.x.org", ["bob", "x", "org"]),
        ("bob@", ["bob"]),
        ("bob@_x.org", ["bob", "x", "org"]),  # _ is not a label character
    ],
)
def test_no_email_address_without_both_parts(text: str, expected: list[str]) -> None:
    assert tokens(text, emails="keep") == expected


def test_the_domain_is_the_longest_sequence_ending_in_a_letter_label() -> None:
    assert tokens("bob@x.co.42", emails="keep", keep_numbers=True) == ["bob@x.co", "42"]
    assert tokens("bob@x.co.uk.", emails="keep") == ["bob@x.co.uk"]
    assert tokens("bob@x.org-y", emails="keep") == ["bob", "x", "org", "y"]


def test_a_dropped_email_address_makes_no_token() -> None:
    assert tokens("mail bob@x.org now", emails="drop") == ["mail", "now"]
    assert tokens("bob@x.org @bob", emails="drop", mentions="keep") == ["@bob"]


# Mentions.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("@nasa", ["@nasa"]),
        ("Hi @NASA_gov!", ["hi", "@nasa_gov"]),
        ("a@b", ["a", "b"]),  # after a word character
        ("x_@y", ["x", "y"]),
        ("@@x", ["@x"]),
        ("@a@b", ["@a", "b"]),
        ("@", []),
        ("@_", ["@_"]),
        ("@user's", ["@user", "s"]),
        ("@42", ["@42"]),
        (f"@a{SOFT_HYPHEN}b", ["@a", "b"]),  # a format character ends it
        ("(@Zoë)", ["@zoë"]),
    ],
)
def test_a_mention(text: str, expected: list[str]) -> None:
    assert tokens(text, mentions="keep") == expected


def test_a_mention_starts_at_its_at_sign() -> None:
    assert offsets("@@x", mentions="keep") == [("@x", 1, 3)]


def test_a_dropped_mention_makes_no_token() -> None:
    assert tokens("@bob said", mentions="drop") == ["said"]


# Hashtags.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("#COVID19", ["#covid19"]),
        ("#2024goals", ["#2024goals"]),  # digits stay, whatever keep_numbers says
        ("#1", []),  # no letter
        ("a#b", ["a", "b"]),  # after a word character
        ("&#39;", []),  # after &
        ("#_a", ["#_a"]),
        ("#tag!", ["#tag"]),
        ("##tag", ["#tag"]),
        ("#a#b", ["#a", "b"]),
        (f"#a{SOFT_HYPHEN}b", ["#ab"]),  # a format character is a word character, and leaves the token
        (f"#a{ZWJ}b", [f"#a{ZWJ}b"]),
        ("#日本", ["#日本"]),
    ],
)
def test_a_hashtag(text: str, expected: list[str]) -> None:
    assert tokens(text, hashtags="keep") == expected


def test_a_hashtag_that_is_not_one_leaves_its_digits_to_the_word_rules() -> None:
    assert tokens("#1 &#39;", hashtags="keep", keep_numbers=True) == ["1", "39"]


def test_a_hashtag_keeps_its_case_without_lowercase() -> None:
    assert tokens("#COVID19", hashtags="keep", lowercase=False) == ["#COVID19"]


def test_a_span_is_lower_cased_as_a_text_of_its_own() -> None:
    # A capital sigma at the end of the hashtag is final there, though a
    # cased character (a circled capital A, not a word character) follows in
    # the text.
    assert tokens(f"#ΟΔΟΣ{CIRCLED_CAPITAL_A}", hashtags="keep") == ["#οδο" + FINAL_SIGMA]
    assert tokens(f"ΟΔΟΣ{CIRCLED_CAPITAL_A}") == ["οδο" + SMALL_SIGMA]
    assert tokens("#ΟΔΟΣ", hashtags="keep") == ["#οδο" + FINAL_SIGMA]


def test_a_piece_between_spans_is_lower_cased_as_a_text_of_its_own() -> None:
    # The skin tone is case-ignorable: lower-cased whole, the sigma would
    # have a cased letter after it.
    assert tokens(f"ΟΔΟΣ{LIGHT_SKIN}Δ", emoji="keep") == ["οδο" + FINAL_SIGMA, LIGHT_SKIN, "δ"]
    assert tokens(f"ΟΔΟΣ{LIGHT_SKIN}Δ") == ["οδο" + SMALL_SIGMA, "δ"]


def test_a_dropped_hashtag_makes_no_token() -> None:
    assert tokens("#tag it", hashtags="drop") == ["it"]


# Emoji.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ROCKET, [ROCKET]),
        (f"go{ROCKET}now", ["go", ROCKET, "now"]),
        (f"{HEART}{VS16}", [HEART + VS16]),
        (f"{HEART}{VS15}", [HEART + VS15]),
        (f"{THUMBS_UP}{MEDIUM_SKIN}", [THUMBS_UP + MEDIUM_SKIN]),  # a skin tone on a modifier base
        (f"{THUMBS_UP}{VS16}{MEDIUM_SKIN}", [THUMBS_UP + VS16 + MEDIUM_SKIN]),
        (f"{ROCKET}{MEDIUM_SKIN}", [ROCKET, MEDIUM_SKIN]),  # not a modifier base
        (MEDIUM_SKIN, [MEDIUM_SKIN]),
        (f"{THUMBS_UP}{MEDIUM_SKIN}{LIGHT_SKIN}", [THUMBS_UP + MEDIUM_SKIN, LIGHT_SKIN]),
        (f"{WOMAN}{ZWJ}{LAPTOP}", [WOMAN + ZWJ + LAPTOP]),
        (f"{MAN}{ZWJ}{WOMAN}{ZWJ}{GIRL}", [MAN + ZWJ + WOMAN + ZWJ + GIRL]),  # a family
        (f"{WOMAN}{MEDIUM_SKIN}{ZWJ}{LAPTOP}", [WOMAN + MEDIUM_SKIN + ZWJ + LAPTOP]),
        (f"{ROCKET}{ZWJ}", [ROCKET]),  # a joiner with no element after it
        (f"{ROCKET}{ZWJ}x", [ROCKET, "x"]),
        (f"{ROCKET}{ROCKET}", [ROCKET, ROCKET]),
        ("©", ["©"]),
        ("™", ["™"]),
        ("\u2139", ["\u2139"]),  # a letter: a word
        ("#*", []),  # ASCII
    ],
)
def test_an_emoji(text: str, expected: list[str]) -> None:
    assert tokens(text, emoji="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FLAG_U + FLAG_S, [FLAG_U + FLAG_S]),
        (FLAG_U + FLAG_S + FLAG_F + FLAG_R, [FLAG_U + FLAG_S, FLAG_F + FLAG_R]),  # two flags: two tokens
        (FLAG_U, [FLAG_U]),  # a lone regional indicator has the Emoji property
        (FLAG_U + FLAG_S + FLAG_F, [FLAG_U + FLAG_S, FLAG_F]),
        (f"x{FLAG_U}{FLAG_S}", ["x", FLAG_U + FLAG_S]),
        (ENGLAND, [ENGLAND]),  # tag characters stay in an emoji
        (f"{FLAG_U}{FLAG_S}{ZWJ}{ROCKET}", [FLAG_U + FLAG_S + ZWJ + ROCKET]),
    ],
)
def test_flags(text: str, expected: list[str]) -> None:
    assert tokens(text, emoji="keep") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"1{VS16}{KEYCAP}", [f"1{VS16}{KEYCAP}"]),
        (f"#{VS16}{KEYCAP}", [f"#{VS16}{KEYCAP}"]),
        (f"*{KEYCAP}", [f"*{KEYCAP}"]),  # U+FE0F is optional
        (f"go 7{VS16}{KEYCAP}!", ["go", f"7{VS16}{KEYCAP}"]),
        (f"a1{VS16}{KEYCAP}", ["a"]),  # after a word character
        (f"a#{VS16}{KEYCAP}", ["a"]),
        (f"1{VS16}", []),  # no keycap
        (f"12{KEYCAP}", []),
        # Only an ASCII digit makes a keycap.
        (f"\u0663{KEYCAP}", []),
    ],
)
def test_keycaps(text: str, expected: list[str]) -> None:
    assert tokens(text, emoji="keep") == expected


def test_emoji_are_not_looked_for_without_the_option() -> None:
    assert tokens(f"{ROCKET} © {FLAG_U}{FLAG_S} 1{VS16}{KEYCAP}") == []
    assert tokens(f"{ROCKET} ©", emoji="keep", lowercase=False) == [ROCKET, "©"]


# Ties and scanning.


def test_a_tie_goes_to_the_url_then_the_email_address() -> None:
    # A URL and an address both start at the first character.
    assert tokens("www.a.org@b.com", urls="drop", emails="keep") == []
    assert tokens("www.a.org@b.com", emails="keep") == ["www.a.org@b.com"]
    assert entries("www.a.org@b.com", urls="keep", emails="drop") == [(0, 15, "kept", "www.a.org@b.com")]
    # A keycap's marks are no local-part characters: no address holds one.
    assert tokens(f"1{VS16}{KEYCAP}@x.com", emails="keep", emoji="keep") == [f"1{VS16}{KEYCAP}", "x", "com"]
    # ... the hashtag before the emoji.
    assert tokens(f"#{VS16}{KEYCAP}a", hashtags="keep", emoji="keep") == [f"#{VS16}{KEYCAP}a"]
    assert tokens(f"#{VS16}{KEYCAP}", hashtags="keep", emoji="keep") == [f"#{VS16}{KEYCAP}"]


def test_the_leftmost_span_is_taken_and_scanning_goes_on_after_it() -> None:
    assert tokens("http://user@x.org", urls="keep", emails="keep") == ["http://user@x.org"]
    assert tokens("bob@www.x.org", urls="keep", emails="keep") == ["bob@www.x.org"]
    # The local part starts no earlier than the end of the hashtag.
    assert tokens("#ab.c@d.ef", hashtags="keep", emails="keep") == ["#ab", "c@d.ef"]
    assert tokens(f"#go{ROCKET}#now", hashtags="keep", emoji="keep") == ["#go", ROCKET, "#now"]


def test_all_kinds_together() -> None:
    text = f"@Ann: read www.X.org/a_(b)! Mail ann@x.org #Tag {THUMBS_UP}{MEDIUM_SKIN}."
    expected = ["@ann", "read", "www.x.org/a_(b)", "mail", "ann@x.org", "#tag", THUMBS_UP + MEDIUM_SKIN]
    assert tokens(text, **ALL_KEEP) == expected
    assert tokens(text, segment="uax29", **ALL_KEEP) == expected


# A span's token: limits, stopwords, no stemming, offsets, explanations.


def test_the_length_limits_apply_to_a_span() -> None:
    assert tokens("#ab #abcd", hashtags="keep", min_len=4) == ["#abcd"]
    assert tokens("#ab #abcd", hashtags="keep", max_len=3) == ["#ab"]
    assert tokens(f"{FLAG_U}{FLAG_S} {ROCKET}", emoji="keep", min_len=2) == [FLAG_U + FLAG_S]
    # Format characters are not counted (they are removed) but from emoji.
    assert tokens(f"#a{SOFT_HYPHEN}b", hashtags="keep", max_len=3) == ["#ab"]
    assert tokens(ENGLAND, emoji="keep", max_len=6) == []
    assert entries("#ab #abcd", hashtags="keep", min_len=4) == [
        (0, 3, "short", "#ab"),
        (3, 4, "separator", None),
        (4, 9, "kept", "#abcd"),
    ]
    assert entries("#abcd", hashtags="keep", max_len=3) == [(0, 5, "long", "#abcd")]


def test_stopwords_apply_to_a_span() -> None:
    tok = reference.Tokenizer(stopwords=["#tag", "@Bob"], hashtags="keep", mentions="keep")
    assert tok.unmatchable_stopwords == []
    assert tok.tokenize("#TAG @bob #other") == ["#other"]
    assert [(entry.reason, entry.token) for entry in tok.explain("#TAG")] == [("stopword", "#tag")]
    plain = reference.Tokenizer(stopwords=["#tag"], hashtags=None)
    assert plain.unmatchable_stopwords == ["#tag"]
    dropped = reference.Tokenizer(stopwords=["#tag"], hashtags="drop")
    assert dropped.unmatchable_stopwords == ["#tag"]


def test_a_span_is_never_stemmed_nor_a_number() -> None:
    tok = reference.Tokenizer(stopwords=None, stem="english", hashtags="keep", urls="keep")
    assert tok.tokenize("#running running www.2024.com") == ["#running", "run", "www.2024.com"]
    explained = tok.explain("#running")
    assert [(entry.reason, entry.token, entry.stem) for entry in explained] == [("kept", "#running", None)]
    assert tokens("www.2024.com 1@2.com", urls="keep", emails="keep", keep_numbers=False) == [
        "www.2024.com",
        "1@2.com",
    ]


def test_offsets_of_spans() -> None:
    assert offsets("See HTTP://A.org/x.", urls="keep") == [("see", 0, 3), ("http://a.org/x", 4, 18)]
    # A composite spans both characters it came from.
    assert offsets("#cafe\u0301 x", hashtags="keep") == [("#café", 0, 6), ("x", 7, 8)]
    # A surrogate pair spans both code units.
    assert offsets("a \ud83d\ude80 b", emoji="keep") == [("a", 0, 1), ("\U0001f680", 2, 4), ("b", 5, 6)]
    assert offsets("@bob Äpfel", mentions="keep") == [("@bob", 0, 4), ("äpfel", 5, 10)]
    assert offsets("@bob A\u0308pfel", mentions="keep") == [("@bob", 0, 4), ("äpfel", 5, 11)]
    # A piece whose lower-casing changes its length, after a span.
    assert offsets("@bob \u0130x", mentions="keep") == [("@bob", 0, 4), ("i\u0307x", 5, 7)]


def test_explain_gives_the_reason_of_a_dropped_span() -> None:
    text = "@bob see http://a.org or bob@x.org #tag"
    options: dict[str, Any] = {"urls": "drop", "emails": "drop", "mentions": "drop", "hashtags": "drop"}
    assert entries(text, **options) == [
        (0, 4, "mention", "@bob"),
        (4, 5, "separator", None),
        (5, 8, "kept", "see"),
        (8, 9, "separator", None),
        (9, 21, "url", "http://a.org"),
        (21, 22, "separator", None),
        (22, 24, "kept", "or"),
        (24, 25, "separator", None),
        (25, 34, "email", "bob@x.org"),
        (34, 35, "separator", None),
        (35, 39, "hashtag", "#tag"),
    ]
    details = {entry.reason: entry.detail for entry in reference.Tokenizer(stopwords=None, **options).explain(text)}
    assert details["url"] == "a URL (urls='drop')"
    assert details["email"] == "an e-mail address (emails='drop')"
    assert details["mention"] == "a mention (mentions='drop')"
    assert details["hashtag"] == "a hashtag (hashtags='drop')"
    assert REASONS.index("long") < REASONS.index("url") < REASONS.index("hashtag") < REASONS.index("separator")
    # A dropped span's token is the one it would have made.
    assert entries("#TAG", hashtags="drop") == [(0, 4, "hashtag", "#tag")]
    assert entries(f"HTTP://A.org/x{SOFT_HYPHEN}y", urls="drop") == [(0, 16, "url", "http://a.org/xy")]


# Accents.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café, naïve", ["cafe", "naive"]),
        ("Ελλάδα", ["ελλαδα"]),
        ("ёж Йошкар", ["еж", "иошкар"]),
        ("Việt Dvořák Ångström", ["viet", "dvorak", "angstrom"]),  # ệ: the first of e, U+0323, U+0302
        ("Øresund łódź Straße", ["øresund", "łodz", "straße"]),  # no decomposition: they stay
        ("ﬁne", ["ﬁne"]),  # compatibility decompositions are not canonical ones
    ],
)
def test_strip_accents_unicode(text: str, expected: list[str]) -> None:
    assert tokens(text, strip_accents="unicode") == expected


@pytest.mark.parametrize("text", ["नमस्ते", "ガギグ", "カ\u3099", "שָׁלוֹם", "مُحَمَّد", "한국어"])
def test_strip_accents_unicode_leaves_other_scripts_alone(text: str) -> None:
    assert tokens(text, strip_accents="unicode") == tokens(text)


def test_strip_accents_unicode_on_decomposed_text() -> None:
    for normalize in ("NFC", "NFKC", None):
        assert tokens("cafe\u0301 e\u0301te\u0301", strip_accents="unicode", normalize=normalize) == ["cafe", "ete"]
        assert tokens("café", strip_accents="unicode", normalize=normalize) == ["cafe"]
    # Every mark of non-zero class right after the letter, in any order.
    assert tokens("a\u0323\u0301\u0308b", strip_accents="unicode", normalize=None) == ["ab"]
    # A mark of any script, after a Latin letter.
    assert tokens("a\u05b8", strip_accents="unicode") == ["a"]
    # A mark of class 0 (the combining grapheme joiner) ends the run.
    assert tokens("a\u034f\u0301", strip_accents="unicode") == ["a\u034f\u0301"]


def test_strip_accents_ascii() -> None:
    assert tokens("Café naïve", strip_accents="ascii") == ["cafe", "naive"]
    assert tokens("Привет, мир", strip_accents="ascii") == []
    assert tokens("a\u2014b", strip_accents="ascii") == ["ab"]
    assert tokens("ﬁne", strip_accents="ascii") == ["fine"]
    assert tokens("Straße Øre łódź", strip_accents="ascii") == ["strae", "re", "odz"]


ASCII_TEXTS = [
    "Café naïve",
    "Привет, мир",
    "a\u2014b c\u2013d",
    "ﬁne ﬂour",
    "Straße Øre łódź",
    "x² ½ ㎏ Ⅻ",
    "日本語 text",
    "Ελλάδα Việt",
    "e\u0301te\u0301 A\u030a",
    "한국어 ok",
]


@pytest.mark.parametrize("text", ASCII_TEXTS)
def test_strip_accents_ascii_is_scikit_learns(text: str) -> None:
    for options in ({}, {"keep_numbers": True}, {"normalize": None}, {"normalize": "NFKC"}):
        assert tokens(text, strip_accents="ascii", **options) == tokens(strip_accents_ascii(text), **options)


LATIN_GREEK_CYRILLIC_TEXTS = [
    "Crème brûlée à la mode, garçon!",
    "Ελλάδα Αθήνα ΐ ῷ ᾅ Ἀθῆναι",
    "ёж Йошкар-Ола Ўзбек",
    "Việt Nam Ångström Dvořák Ǖ ǘ",
    "Øresund łódź Straße",
    "e\u0301te\u0301 cafe\u0301 a\u0323\u0301",
]


@pytest.mark.parametrize("text", LATIN_GREEK_CYRILLIC_TEXTS)
def test_strip_accents_unicode_agrees_with_scikit_learn_on_latin_greek_and_cyrillic(text: str) -> None:
    oracle = unicodedata.normalize("NFC", strip_accents_unicode(text))
    assert tokens(text, strip_accents="unicode") == tokens(oracle)


def test_strip_accents_offsets() -> None:
    assert offsets("Café naïve", strip_accents="unicode") == [("cafe", 0, 4), ("naive", 5, 10)]
    assert offsets("Cafe\u0301 x", strip_accents="unicode") == [("cafe", 0, 5), ("x", 6, 7)]
    # Without normalisation the accent is a character of its own, and a removed character vanishes.
    assert offsets("Cafe\u0301 x", strip_accents="unicode", normalize=None) == [("cafe", 0, 4), ("x", 6, 7)]
    assert offsets("a\u2014b", strip_accents="ascii") == [("ab", 0, 3)]
    assert offsets("ﬁne", strip_accents="ascii") == [("fine", 0, 3)]
    assert offsets("Привет x", strip_accents="ascii") == [("x", 7, 8)]
    assert entries("é!", strip_accents="ascii") == [(0, 1, "kept", "e"), (1, 2, "separator", None)]


def test_stopwords_are_prepared_as_text_is() -> None:
    tok = reference.Tokenizer(stopwords=["Café", "naive"], strip_accents="unicode")
    assert tok.stopwords == frozenset({"cafe", "naive"})
    assert tok.unmatchable_stopwords == []
    assert tok.tokenize("cafe CAFÉ Cafe\u0301 naïve bar") == ["bar"]
    ascii_tok = reference.Tokenizer(stopwords=["Straße"], strip_accents="ascii")
    assert ascii_tok.stopwords == frozenset({"strae"})
    assert ascii_tok.tokenize("straße strasse") == ["strasse"]


def test_accents_are_stripped_before_the_spans() -> None:
    assert tokens("#Café www.Bücher.de", strip_accents="unicode", hashtags="keep", urls="keep") == [
        "#cafe",
        "www.bucher.de",
    ]
    # With "ascii", the em dash is gone before the URL is looked for.
    assert tokens("www.a.org\u2014x", strip_accents="ascii", urls="keep") == ["www.a.orgx"]


# Every path goes through the same spans.

CONSISTENCY_TEXTS = [
    *WEB_TEXTS,
    f"@Ann: read www.X.org/a_(b)! Mail ann@x.org #Tag {THUMBS_UP}{MEDIUM_SKIN}. ΟΔΟΣ{LIGHT_SKIN}Δ",
    "\u0130stanbul #\u0130Z @\u0130z i\u0307@x.org",
    "Café 1⃣ ﬁ #ﬁx http://ﬁ.org",
    "",
]
OPTION_SETS: list[dict[str, Any]] = [
    ALL_KEEP,
    {"urls": "drop", "emails": "drop", "mentions": "drop", "hashtags": "drop", "emoji": "keep"},
    {**ALL_KEEP, "strip_accents": "unicode", "stem": "english"},
    {**ALL_KEEP, "strip_accents": "ascii", "keep_numbers": True, "min_len": 2},
    {**ALL_KEEP, "lowercase": False, "normalize": "NFKC", "cjk": "bigrams"},
    {**ALL_KEEP, "segment": "uax29", "normalize": None, "stopwords": "default"},
]


@pytest.mark.parametrize("options", OPTION_SETS)
def test_every_path_gives_the_same_tokens(options: dict[str, Any]) -> None:
    tok = reference.Tokenizer(**{"stopwords": None, **options})
    expected = [tok.tokenize(text) for text in CONSISTENCY_TEXTS]
    assert tok.tokenize_batch(CONSISTENCY_TEXTS) == expected
    assert [[token for token, _, _ in tok.tokenize_with_offsets(text)] for text in CONSISTENCY_TEXTS] == expected
    for text in CONSISTENCY_TEXTS:
        explained = tok.explain(text)
        assert explained.kept_tokens() == tok.tokenize_with_offsets(text)
        # The entries cover the text, in order, without gaps or overlaps.
        assert [(entry.start, entry.end) for entry in explained] == sorted((e.start, e.end) for e in explained)
        covered = [index for entry in explained for index in range(entry.start, entry.end)]
        assert covered == list(range(len(text)))
    counts = tok.count(CONSISTENCY_TEXTS)
    assert sum(counts.term_frequencies.values()) == sum(map(len, expected))


# Pieces of web text, and of text whose offsets are hard to follow.
WEB_PIECES = [
    *"ahwtp:/.@#&_-()[]!?,'* 19",
    "www.",
    "http://",
    "HTTPS://",
    SOFT_HYPHEN,
    ZWJ,
    VS16,
    KEYCAP,
    ROCKET,
    THUMBS_UP,
    MEDIUM_SKIN,
    FLAG_U,
    FLAG_S,
    "\U000e0067",
    "é",
    "e\u0301",
    "\u0323",
    "Σ",
    "\u0130",
    "ﬁ",
    "¼",
    "日",
    "\u0663",
    "\ud83d\ude80",
    "©",
    "\u2139",
    CIRCLED_CAPITAL_A,
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(WEB_PIECES), max_size=14).map("".join), st.sampled_from(OPTION_SETS))
def test_every_path_agrees_on_arbitrary_web_text(text: str, options: dict[str, Any]) -> None:
    tok = reference.Tokenizer(**{"stopwords": None, **options})
    with_offsets = tok.tokenize_with_offsets(text)
    assert [token for token, _, _ in with_offsets] == tok.tokenize(text) == tok.tokenize_batch([text])[0]
    explained = tok.explain(text)
    assert explained.kept_tokens() == with_offsets
    assert all(0 <= entry.start < entry.end <= len(text) for entry in explained)
    assert {index for entry in explained for index in range(entry.start, entry.end)} == set(range(len(text)))


def test_long_and_hostile_texts() -> None:
    tok = reference.Tokenizer(stopwords=None, **ALL_KEEP)
    unit = f"Mail bob@x.org, see http://a.org/p_(q)! #Tag @ann {THUMBS_UP}{MEDIUM_SKIN} {FLAG_U}{FLAG_S} café. "
    text = unit * (100_000 // len(unit))
    assert len(tok.tokenize(text)) == 9 * (100_000 // len(unit))
    assert len(tok.explain(text)) > 0
    # Texts that would be quadratic if each position looked far back or ahead.
    for hostile in [
        "." * 100_000 + "a@b.co",
        "a" * 100_000,
        "a." * 50_000 + "@x.org",
        "#" * 100_000,
        "#1" * 50_000,
        "@" * 100_000,
        "a@" * 50_000,
        "http://a.org/" + ")" * 100_000,
        "a@b." * 25_000,
        ZWJ.join([ROCKET] * 50_000),
        FLAG_U * 100_000,
    ]:
        # The core's tokens; the time is benches/web_linear.py's to show.
        assert tok.tokenize(hostile) == wordsift.Tokenizer(stopwords=None, **ALL_KEEP).tokenize(hostile)
