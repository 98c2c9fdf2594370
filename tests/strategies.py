"""Hypothesis strategies for texts and Tokenizer options that stress the tokenisation rules."""

from __future__ import annotations

import unicodedata
from typing import Any

from hypothesis import strategies as st

# Any code point of any plane except the surrogates (a str holding one cannot
# be encoded; those get their own tests).
any_character = st.characters(codec="utf-8")

# Pieces of text where the rules have corners: marks, joiners and format
# characters, digits of other scripts, letters whose case mapping changes
# length or depends on context, compatibility characters, Hangul.
TRICKY_PIECES = [
    "\u200c",  # ZWNJ: kept inside words
    "\u200d",  # ZWJ: kept inside words
    "\u00ad",  # soft hyphen: removed, no split
    "\u200b",  # ZWSP: splits
    "\u200e",  # left-to-right mark: removed, no split
    "\u2060",  # word joiner: format character
    "\ufeff",  # byte order mark: format character
    "\u0130",  # İ: lower-cases to two code points
    "\u0130stanbul",
    "\u00df",  # ß
    "STRASSE",
    "\u1e9e",  # capital sharp s
    "\u03a3",  # capital sigma: final or not by context
    "\u039f\u0394\u039f\u03a3",
    "\u039f\u0394\u039f\u03a3's",
    "\u039f\u0394\u039f\u03a3.",
    "\u03a3'\u03a3",
    "\u03a3\u0301",
    "'",
    "\u2019",
    ".",
    "-",
    " ",
    "\n",
    "\ufb01",  # ﬁ ligature
    "\ufb03",  # ﬃ
    "\u2126",  # OHM SIGN: canonical singleton
    "\u212b",  # ANGSTROM SIGN
    "\u1e9b\u0323",  # long s with dot above + dot below: NFKC edge case
    "\u0344",  # combining Greek dialytika tonos: decomposes to two marks
    "\u0f73",  # Tibetan vowel sign: composition exclusion
    "\u00b2",  # superscript two: No, not Nd
    "\u00bd",
    "\u2460",  # circled digit one
    "\uff21\uff42",  # fullwidth letters
    "\u3000",
    "e\u0301",
    "\u00e9",
    "A\u030a",
    "\u1100\u1161\u11a8",  # Hangul jamo L V T
    "\ud55c\uad6d\uc5b4",  # Hangul syllables
    "\uac00\u11a8",  # LV syllable + T jamo: composes
    "\u6771\u4eac",  # CJK
    "\u6771\u0301\u4eac",  # CJK with a mark after the first ideograph
    "\u304b\u3099",  # hiragana KA + combining voiced mark: composes
    "\u30bf\u30ef\u30fc",  # katakana with the prolonged sound mark (Lm)
    "\uff80\uff9e",  # halfwidth katakana + halfwidth voiced mark (Lm)
    "\u3005",  # ideographic iteration mark (Lm)
    "\U00020000",  # CJK extension B
    "\U0001d400\U0001d401",  # mathematical bold capitals: letters, no lower case
    "\U0001f44b\U0001f3fd",  # emoji with skin tone
    "\U0001f469\u200d\U0001f4bb",  # ZWJ emoji sequence
    "\u0928\u093f",  # Devanagari letter + vowel sign
    "\u0939\u093f\u0928\u094d\u0926\u0940",
    "\u0915\u093c",  # Devanagari KA + nukta: composition exclusion
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian with ZWNJ
    "The",
    "the",
    "THE",
    "of",
    "s",
    "Maduro's",
    "u.s.",
    "2,000",
    "abc123def",
    "\u0e01\u0e34",  # Thai letter + mark
    "\u10a0",  # Georgian capital
    "\u1f88",  # Greek capital with prosgegrammeni: titlecase/lowercase corner
    "\u0345",  # combining ypogegrammeni: cased and case-ignorable
    "\u02b0",  # modifier letter small h: Lm
    # UAX #29 corners: quotes and stops between letters or digits, Hebrew
    # quotes, the connector underscore, regional indicators, line breaks.
    "can't",
    "a.b",
    "1,5",
    '\u05d0"\u05d1',
    "\u05d0'",
    "a_1",
    "\U0001f1e6\U0001f1e8\U0001f1e6",
    "\r\n",
    "\u2028",
    "\u0085",
]

combining_mark = st.characters(min_codepoint=0x0300, max_codepoint=0x036F)
devanagari = st.characters(min_codepoint=0x0900, max_codepoint=0x097F)
other_digits = st.sampled_from(
    [chr(cp) for start in (0x0660, 0x06F0, 0x0966, 0x09E6, 0x0E50, 0xFF10, 0x1D7CE) for cp in range(start, start + 10)]
)
hangul = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),
    st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
    st.characters(min_codepoint=0x3131, max_codepoint=0x318E),
)
cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
ascii_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=12)

# Web text: URLs, addresses, mentions, hashtags and emoji sequences, whole
# and in the pieces the grammar turns on (README, "Web text").
WEB_PIECES = [
    "http://",
    "HTTPS://",
    "ftp://",
    "www.",
    "WwW.",
    "https://www.reuters.com/markets/us",
    "http://a.org/Python_(language)",
    "(see http://a.org/x).",
    "[ftp://b.net/y]]",
    "http://b\u00fccher.de/stra\u00dfe?q=1&r=2#top",
    "\u201chttps://x.io/\u201d",
    "john.doe@example.com",
    "x@mail.b\u00fccher.de.",
    "a..b@c.org",
    "@nasa",
    "@@x",
    "#COVID19",
    "#1",
    "&#39;",
    "#\u039f\u0394\u039f\u03a3",
    "@",
    "#",
    ":",
    "/",
    ".",
    "..",
    "(",
    ")",
    "[",
    "]",
    "?",
    "!",
    ",",
    "'",
    '"',
    "<",
    ">",
    "-",
    "_",
    "%",
    "+",
    "*",
    "\U0001f680",
    "\U0001f44d\U0001f3fd",
    "\U0001f3fd",
    "\U0001f469\u200d\U0001f4bb",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1eb\U0001f1f7",
    "\U0001f1e9",
    "1\ufe0f\u20e3",
    "#\ufe0f\u20e3",
    "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
    "\u2764\ufe0f",
    "\u2764\ufe0e",
    "\u00a9",
    "\u2139",
    "\u200d",
    "\ufe0f",
    "\u20e3",
    "caf\u00e9",
    "cafe\u0301",
    "\u0395\u03bb\u03bb\u03ac\u03b4\u03b1",
    "\u0451\u0436",
    "\u30ac",
    "\u2014",
]
web_piece = st.sampled_from(WEB_PIECES)

piece = st.one_of(
    web_piece,
    st.text(any_character, max_size=6),
    st.sampled_from(TRICKY_PIECES),
    combining_mark,
    devanagari,
    other_digits,
    hangul,
    cjk,
    ascii_text,
)

#: Web text: its pieces, with ASCII and the other pieces between them.
web_texts = st.lists(st.one_of(web_piece, web_piece, ascii_text, st.sampled_from([" ", "\n", ". "])), max_size=20).map(
    "".join
)

#: Arbitrary Unicode text, biased toward the rules' corners, sometimes decomposed.
texts = st.one_of(
    st.lists(piece, max_size=24).map("".join),
    st.lists(piece, max_size=24).map("".join).map(lambda text: unicodedata.normalize("NFD", text)),
    st.text(any_character, max_size=40),
)


#: The ranges of the scripts issue 22's fast paths serve (by UTF-8 length: two bytes up to U+07FF, three up
#: to U+FFFF, four above), each with its letters, marks, digits and punctuation.
SCRIPT_RANGES = {
    "latin": [(0x00C0, 0x024F), (0x1E00, 0x1EFF)],
    "greek": [(0x0370, 0x03FF), (0x1F00, 0x1FFF)],
    "cyrillic": [(0x0400, 0x052F)],
    "armenian": [(0x0531, 0x058F)],
    "hebrew": [(0x0591, 0x05F4)],
    "arabic": [(0x0600, 0x06FF), (0x0750, 0x077F)],
    "devanagari": [(0x0900, 0x097F)],
    "bengali": [(0x0980, 0x09FF)],
    "thai": [(0x0E01, 0x0E5B)],
    "kana": [(0x3040, 0x30FF), (0xFF61, 0xFF9F)],
    "han": [(0x4E00, 0x9FFF), (0x3400, 0x4DBF)],
    "hangul": [(0xAC00, 0xD7A3), (0x1100, 0x11FF)],
}

#: The edges of the UTF-8 lengths and of the blocks above: the first and last code point of each, and the
#: characters whose case mapping changes length or depends on context.
SCRIPT_EDGES = sorted(
    {chr(cp) for ranges in SCRIPT_RANGES.values() for start, end in ranges for cp in (start, end)}
    | {chr(cp) for cp in (0x80, 0xFF, 0x100, 0x7FF, 0x800, 0xFFFD, 0xFFFF, 0x10000)}
    | {"\u0130", "\u03a3", "\u1e9e", "\u023a", "\u2c65", "\u1f88", "\u0345", "\u00b5", "\u212a", "\u2126"}
    | {"\u00ab", "\u00bb", "\u2014", "\u2019", "\u201c", "\u00a0", "\u00ad", "\u200c", "\u200d", "\u0301"}
)


def script_word(ranges: list[tuple[int, int]]) -> st.SearchStrategy[str]:
    """A word of one script: its characters, now and then an edge, a mark or the other case."""
    letters = st.one_of(*(st.characters(min_codepoint=start, max_codepoint=end) for start, end in ranges))
    return st.lists(
        st.one_of(letters, letters, letters.map(str.upper), st.sampled_from(SCRIPT_EDGES), combining_mark),
        min_size=1,
        max_size=10,
    ).map("".join)


#: Text in one script, words apart as prose has them (spaces, punctuation, the odd ASCII word or number).
script_texts = st.sampled_from(sorted(SCRIPT_RANGES)).flatmap(
    lambda script: st.lists(
        st.one_of(
            script_word(SCRIPT_RANGES[script]),
            script_word(SCRIPT_RANGES[script]),
            st.sampled_from([" ", " ", ", ", ". ", "\n", "-", "\u00a0", "\u3001", "\u3002", "\u060c", "\u0964"]),
            ascii_text,
        ),
        max_size=16,
    ).map("".join)
)


def as_surrogate_pairs(text: str) -> str:
    """`text` with each character beyond the BMP written as two surrogate code points (as text decoded from
    UTF-16 with "surrogatepass" holds them): a str's indices then count such a character twice."""
    return "".join(
        chr(0xD800 + ((ord(char) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(char) - 0x10000) & 0x3FF))
        if ord(char) > 0xFFFF
        else char
        for char in text
    )


#: Characters whose normal form is more than one token, or a token and more (a fraction, parenthesised
#: and squared forms), a capital sigma, soft hyphens inside and after a word: the corners of offsets.
OFFSET_PIECES = ["\u00bc", "1\u00bc", "\u321c", "\u337b", "\u33c2", "\u2474", "\u03a3", "co\u00adop", "a\u00ad"]

#: Texts for offsets: the texts above, some with their characters beyond the BMP as surrogate pairs.
offset_texts = st.lists(
    st.one_of(texts, texts.map(as_surrogate_pairs), st.sampled_from(OFFSET_PIECES)), max_size=3
).map("".join)

STOPWORD_CANDIDATES = [
    "the",
    "The",
    "THE",
    "of",
    "s",
    "cat",
    "Caf\u00e9",
    "cafe\u0301",  # NFD entry
    "CAFE\u0301",
    "stra\u00dfe",
    "STRASSE",
    "\u039f\u0394\u039f\u03a3",
    "\u03bf\u03b4\u03bf\u03c2",
    "\u03bf\u03b4\u03bf\u03c3",
    "\u0130stanbul",
    "i\u0307stanbul",
    "\ufb01ne",
    "fine",
    "\uff54\uff48\uff45",
    "\ud55c\uad6d",
    "\u1112\u1161\u11ab",  # NFD Hangul
    "\u0939\u093f\u0928\u094d\u0926\u0940",
    "a\u200db",
    "co\u00adoperate",
    "",
    "two words",
    "123",
]

stopword_option = st.one_of(
    st.none(),
    st.sampled_from(["default", "english"]),
    st.lists(st.sampled_from(STOPWORD_CANDIDATES), max_size=6),
    st.lists(st.text(any_character, max_size=5), max_size=4).map(tuple),
    st.frozensets(st.sampled_from(STOPWORD_CANDIDATES), max_size=4),
)


@st.composite
def options(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword options for Tokenizer: each one either left at its default or drawn."""
    chosen: dict[str, Any] = {}
    if draw(st.booleans()):
        chosen["stopwords"] = draw(stopword_option)
    for flag in ("lowercase", "case_sensitive", "keep_numbers"):
        if draw(st.booleans()):
            chosen[flag] = draw(st.booleans())
    min_len = 1  # the default
    if draw(st.booleans()):
        min_len = chosen["min_len"] = draw(st.integers(0, 4))
    if draw(st.booleans()):
        chosen["max_len"] = draw(st.none() | st.integers(min_len, 12))
    if draw(st.booleans()):
        chosen["normalize"] = draw(st.sampled_from(["NFC", "NFKC", None]))
    if draw(st.booleans()):
        chosen["cjk"] = draw(st.sampled_from(["chars", "bigrams", None]))
    # The cjk options apply to the default rule only.
    if chosen.get("cjk") is None and draw(st.booleans()):
        chosen["segment"] = draw(st.sampled_from(["uax29", None]))
    # The web text options, in about half the draws: the other half keeps
    # the rules before them as often as it did.
    if draw(st.booleans()):
        if draw(st.booleans()):
            chosen["strip_accents"] = draw(st.sampled_from(["unicode", "ascii", None]))
        for span in ("urls", "emails", "mentions", "hashtags"):
            if draw(st.booleans()):
                chosen[span] = draw(st.sampled_from(["keep", "drop", None]))
        if draw(st.booleans()):
            chosen["emoji"] = draw(st.sampled_from(["keep", None]))
        if draw(st.booleans()):
            chosen["html"] = draw(st.booleans())
    # Stemming needs lower-cased tokens.
    if chosen.get("lowercase", True) and draw(st.booleans()):
        chosen["stem"] = draw(st.sampled_from([None, "english", "russian", "greek", "turkish", "arabic", "german"]))
    return chosen
