"""The pure-Python reference implementation: wordsift's rules as plain code.

This module is the executable specification of wordsift. It has the same
public names and signatures as the fast path (`tokenize`, `Tokenizer`,
`stopwords`, `stopword_lists`, `UNICODE_VERSION`, `RULES_VERSION`) and gives
identical output for identical options, but it is built only on the standard
library and the package's data files (the pinned Unicode tables, the stopword
lists and the token rules' version, which the Rust core embeds too). It
never calls the Rust core; the test suite compares the two token for token.

It is written to be read, not to be fast. The rules, in order:

0. Join each high surrogate followed by a low one into the character they
   encode; any other surrogate raises UnicodeEncodeError
   (`errors="strict"`) or becomes U+FFFD (`errors="replace"`).
0b. With `html=True`, the text is read as HTML, by the grammar of the
    README's "Web text" section (`_read_html` and the functions it calls).
    Markup is a tag (`<` and an ASCII letter, or `</` and one, through the
    next `>` outside a quoted value: a `"` or `'` after an `=`, spaces
    between allowed, runs to the next of the same quote); a comment (`<!--`
    through the first `-->` after it); or `<!`, `<?`, or `</` and anything
    but an ASCII letter, through the next `>`. Markup without its end runs
    to the end of the text; any other `<` is text. After a start tag named
    `script`, `style` or `template` (ASCII letters in any case), everything
    up to the next end tag of that name (`</`, the name, then a space, `/`,
    `>` or the end of the text) is dropped with it. (A space is any of
    HTML's space characters: space, tab, LF, FF and CR.) Each stretch of
    markup and dropped content becomes one space. In the rest, each
    character reference is decoded as `html.unescape` decodes it, by the
    table of html_references.txt: `&#` and decimal digits or `&#x` and
    hexadecimal ones, then an optional `;`, is the table's character for
    the number, or U+FFFD for a surrogate or a number past U+10FFFF, or
    nothing for a number the table removes, or the number's character; `&`
    and one to 32 characters but tab, LF, FF, space, `<`, `&`, `#` and `;`,
    then an optional `;`, is the characters of the name if that is one,
    else of its longest prefix (of two characters or more) that is a name,
    the rest staying text. Any other `&` is text. Stopwords are not read as
    HTML.
1. Normalise to NFC (or NFKC, or not at all) with the pinned tables.
1a. With `strip_accents="unicode"`, each letter of the Latin, Greek or
    Cyrillic script (the tables' `accented` letters) becomes the first
    character of its full canonical decomposition, and the characters of
    non-zero canonical combining class right after it are removed; the text
    is then normalised again as in rule 1. Other scripts' marks stay. With
    `strip_accents="ascii"`, the text is decomposed by NFKD and every
    character beyond ASCII is removed (scikit-learn's "ascii").
1b. With `urls=`, `emails=`, `mentions=`, `hashtags=` or `emoji=` set, the
    text is scanned from its start for spans of those kinds, by the grammar
    of the README's "Web text" section (each kind's function below, over the
    tables' classes: a word character is a letter, mark, digit, joiner,
    format character or `_`). Where a span starts, it is taken whole and
    scanning goes on after it; where two kinds' spans start at one
    character, the first in the order URL, e-mail address, mention,
    hashtag, emoji is taken. Each stretch between spans (a piece) goes
    through rules 2 to 5 as a text of its own. A span with "keep" is one
    token: its text lower-cased as a text of its own (rule 2, unless
    `lowercase=False`), format characters removed but from emoji; rule 4
    applies to it, rule 5 does not, and it is never a number. A span with
    "drop" makes no token.
2. Lower-case the whole text (each piece, with rule 1b) with full case
   mapping, as `str.lower()` does, final sigma included (skipped when
   `lowercase=False`).
3. A word is a letter followed by any letters, combining marks and format
   characters; ZWNJ and ZWJ stay in the word, other format characters (soft
   hyphen, bidi marks, ...) are removed from it but do not split it. A number
   is a run of decimal digits; it becomes a token only with
   `keep_numbers=True`, and it always ends a word. Every other character
   separates tokens and is dropped. With `cjk="chars"`, each Han ideograph
   or kana letter in a word (class I of the tables) is a token of its own,
   with the marks and joiners that follow it; the letters around it form
   words of their own. With `cjk="bigrams"`, each two neighbouring ones of
   a run of them (in one word, with no other letter between) make a token,
   overlapping, and one alone in its run is a token by itself.
   With `segment="uax29"`, the text is cut instead at the word boundaries
   of Unicode Standard Annex #29 (rules WB1 to WB999, untailored); a piece
   holding a letter is a word, one holding a decimal digit and no letter a
   number, and other pieces are dropped. Format characters other than ZWNJ
   and ZWJ are removed from the tokens, as above.
4. A token is kept when its length in code points lies in
   [`min_len`, `max_len`] and it is not a stopword. Stopword matching is exact
   against lower-cased stopwords; with `lowercase=False` the token is
   lower-cased for the comparison only, unless `case_sensitive=True`.
   Stopwords are prepared as text is: normalised (rule 1), accents stripped
   (rule 1a), lower-cased unless `case_sensitive=True`.
5. With `stem=` a language, each kept token is replaced by its stem, by that
   language's Snowball stemmer (the snowballstemmer package, version 2.0.0,
   whose algorithms the Rust core's stemmers follow); where the stemmer
   leaves nothing of a token (Greek does, of some short words), it stays as
   it was.

Offsets and explanations. `tokenize_with_offsets` gives each token with its
span (start, end): Python str indices into the text as given, before
surrogates are joined, HTML is read, normalisation, accent stripping and
lower-casing. Each character of each intermediate text has an origin, the
span of the original text it came from: a joined surrogate pair comes from
both its code units; the space of a stretch of markup (rule 0b) from the
whole stretch, and each character of a decoded reference from the whole
reference (a reference decoded to nothing vanishes); each part of a
decomposition from the character decomposed; a composite from both
characters composed (the lesser start to the greater end); a letter's base
left by accent stripping from the letter (removed characters vanish); each
character of a lower-case mapping from the character mapped. A candidate
of rule 3 is a range of a lower-cased piece (a whole word or number match;
a piece under `cjk="chars"`; two neighbouring pieces under `cjk="bigrams"`;
a piece of the UAX #29 cut), and a span of rule 1b one too, a range of the
text before lower-casing; a candidate's span runs from the least start to
the greatest end of its characters' origins, format characters removed from
the token included. Spans are in token order and do not overlap, except
that under `cjk="bigrams"` neighbouring pairs share a character, and that
two tokens made from one original character (or reference) share it: NFKC
makes "¼" a 1, a fraction slash and a 4, so with `keep_numbers=True` "¼"
gives "1" and "4", both spanning it, and "1¼" gives "11" over both
characters and "4" over the second.

`Tokenizer.explain` gives every span of the text, in order, with what became
of it: each candidate of rule 3 (numbers included, whatever `keep_numbers`
is) as "kept", or dropped as a "number", too "short" or "long", or a
"stopword", in the order the rules test them; each span of rule 1b kept as
"kept", "short", "long" or "stopword" alike, or dropped by its option as a
"url", "email", "mention" or "hashtag" (with the token it would have made);
and each stretch that no candidate covers as a "separator". Its kept entries
are `tokenize_with_offsets`'s tokens.
"""

from __future__ import annotations

import bisect
import itertools
import re
import string
import warnings
from collections import Counter
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from wordsift.counts import TokenCounts
from wordsift.errors import StopwordWarning, WordsiftError
from wordsift.explanation import Explanation, explanation

__all__ = [
    "RULES_VERSION",
    "UNICODE_VERSION",
    "Tokenizer",
    "stopword_lists",
    "stopwords",
    "tokenize",
    "tokenize_with_offsets",
]

_DATA_DIR = Path(__file__).resolve().parent / "data"
_DEFAULT_LIST = "english"
_CAPITAL_SIGMA = "\u03a3"

# Hangul syllable arithmetic (The Unicode Standard, section 3.12).
_S_BASE, _L_BASE, _V_BASE, _T_BASE = 0xAC00, 0x1100, 0x1161, 0x11A7
_L_COUNT, _V_COUNT, _T_COUNT = 19, 21, 28
_N_COUNT = _V_COUNT * _T_COUNT
_S_COUNT = _L_COUNT * _N_COUNT


def _chars(fields: list[str]) -> str:
    return "".join(chr(int(field, 16)) for field in fields)


def _expand(start: str, end: str) -> range:
    return range(int(start, 16), int(end, 16) + 1)


def _load_unicode_tables() -> dict[str, object]:
    version = ""
    class_ranges: dict[str, list[tuple[int, int]]] = {"L": [], "I": [], "M": [], "N": [], "J": [], "F": []}
    lower: dict[int, str] = {}
    casing: dict[str, str] = {}
    ccc: dict[str, int] = {}
    nfd: dict[str, str] = {}
    nfkd_only: dict[str, str] = {}
    compose: dict[tuple[str, str], str] = {}
    word_break: dict[str, str] = {}
    pictographic: set[str] = set()
    emoji: dict[str, str] = {}
    accented: set[str] = set()
    text = (_DATA_DIR / "unicode_tables.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = line.split()
        if kind == "version":
            version = fields[0]
        elif kind == "class":
            class_ranges[fields[2]].append((int(fields[0], 16), int(fields[1], 16)))
        elif kind == "lower":
            lower[int(fields[0], 16)] = _chars(fields[1:])
        elif kind == "casing":
            for cp in _expand(fields[0], fields[1]):
                casing[chr(cp)] = fields[2]
        elif kind == "ccc":
            for cp in _expand(fields[0], fields[1]):
                ccc[chr(cp)] = int(fields[2])
        elif kind == "nfd":
            nfd[chr(int(fields[0], 16))] = _chars(fields[1:])
        elif kind == "nfkd":
            nfkd_only[chr(int(fields[0], 16))] = _chars(fields[1:])
        elif kind == "compose":
            compose[(chr(int(fields[0], 16)), chr(int(fields[1], 16)))] = chr(int(fields[2], 16))
        elif kind == "wb":
            for cp in _expand(fields[0], fields[1]):
                word_break[chr(cp)] = fields[2]
        elif kind == "extpict":
            pictographic.update(map(chr, _expand(fields[0], fields[1])))
        elif kind == "emoji":
            for cp in _expand(fields[0], fields[1]):
                emoji[chr(cp)] = fields[2]
        elif kind == "accented":
            accented.update(map(chr, _expand(fields[0], fields[1])))
        # nfc_qc and nfkc_qc only speed up the Rust core; the reference does
        # not need them.
    return {
        "version": version,
        "class_ranges": class_ranges,
        "lower": lower,
        "casing": casing,
        "ccc": ccc,
        "nfd": nfd,
        "nfkd": {**nfd, **nfkd_only},
        "compose": compose,
        "word_break": word_break,
        "pictographic": frozenset(pictographic),
        # Every character listed has the Emoji property; M (Emoji_Modifier)
        # and B (Emoji_Modifier_Base) say more.
        "emoji": frozenset(emoji),
        "emoji_modifier": frozenset(ch for ch, value in emoji.items() if value == "M"),
        "emoji_modifier_base": frozenset(ch for ch, value in emoji.items() if value == "B"),
        "accented": frozenset(accented),
    }


_TABLES = _load_unicode_tables()

#: The Unicode version of the character classes, case mappings and normalisation.
UNICODE_VERSION: str = _TABLES["version"]  # type: ignore[assignment]


def _read_rules_version() -> str:
    for line in (_DATA_DIR / "token_rules.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("rules "):
            return line.removeprefix("rules ")
    raise RuntimeError("token_rules.txt has no rules line")


#: The version of the token rules this reference specifies (token_rules.txt):
#: it goes up with any change of the tokens that any options give.
RULES_VERSION: str = _read_rules_version()

_CLASS_RANGES: dict[str, list[tuple[int, int]]] = _TABLES["class_ranges"]  # type: ignore[assignment]
_LOWER_TABLE: dict[int, str] = _TABLES["lower"]  # type: ignore[assignment]
_CASING: dict[str, str] = _TABLES["casing"]  # type: ignore[assignment]
_CCC: dict[str, int] = _TABLES["ccc"]  # type: ignore[assignment]
_DECOMPOSITIONS: dict[str, dict[str, str]] = {
    "NFC": _TABLES["nfd"],  # type: ignore[dict-item]
    "NFKC": _TABLES["nfkd"],  # type: ignore[dict-item]
}
_COMPOSE: dict[tuple[str, str], str] = _TABLES["compose"]  # type: ignore[assignment]
_WORD_BREAK: dict[str, str] = _TABLES["word_break"]  # type: ignore[assignment]
_PICTOGRAPHIC: frozenset[str] = _TABLES["pictographic"]  # type: ignore[assignment]
_EMOJI: frozenset[str] = _TABLES["emoji"]  # type: ignore[assignment]
_EMOJI_MODIFIER: frozenset[str] = _TABLES["emoji_modifier"]  # type: ignore[assignment]
_EMOJI_MODIFIER_BASE: frozenset[str] = _TABLES["emoji_modifier_base"]  # type: ignore[assignment]
_REGIONAL_INDICATOR = frozenset(ch for ch, value in _WORD_BREAK.items() if value == "Regional_Indicator")
# The letters of the Latin, Greek and Cyrillic scripts, whose marks strip_accents="unicode" removes.
_ACCENTED: frozenset[str] = _TABLES["accented"]  # type: ignore[assignment]


# The languages with a Snowball stemmer, by name, with their ISO 639-1 codes.
# (Danish, Dutch, Finnish and French are left out: the Rust core's stemmers
# for them predate Snowball 2.0 and stem some words otherwise.)
_STEM_LANGUAGES = {
    "arabic": "ar", "english": "en", "german": "de", "greek": "el", "hungarian": "hu", "italian": "it",
    "norwegian": "no", "portuguese": "pt", "romanian": "ro", "russian": "ru", "spanish": "es", "swedish": "sv",
    "tamil": "ta", "turkish": "tr",
}  # fmt: skip


def _stemmer(stem: object) -> tuple[str, Any] | None:
    """The language named by the `stem` option (a name or code) and its snowballstemmer stemmer, or None."""
    if stem is None:
        return None
    codes = {code: name for name, code in _STEM_LANGUAGES.items()}
    name = (stem if stem in _STEM_LANGUAGES else codes.get(stem)) if isinstance(stem, str) else None
    if name is None:
        raise WordsiftError(
            f"stem must be None or a language with a Snowball stemmer ({', '.join(_STEM_LANGUAGES)}, "
            f"or its ISO 639-1 code), got {stem!r}"
        )
    try:
        import snowballstemmer  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError as error:
        raise ImportError("wordsift.reference needs the snowballstemmer package (2.0.0) for stem=") from error
    return name, snowballstemmer.stemmer(name)


def _bigrams(pieces: list[str]) -> list[str]:
    """Each run of ideograph pieces as its overlapping pairs (a piece alone in its run stays as it is)."""
    out: list[str] = []
    run: list[str] = []
    for piece in pieces:
        if _IDEOGRAPH.match(piece):
            run.append(piece)
            continue
        out.extend(_pairs(run))
        run = []
        out.append(piece)
    out.extend(_pairs(run))
    return out


def _pairs(run: list[str]) -> list[str]:
    return run if len(run) == 1 else [first + second for first, second in itertools.pairwise(run)]


def _bigram_ranges(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`_bigrams` with positions: the range [s, e) in `text` of each of its outputs, from the pieces' ranges."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int]] = []
    for start, end in pieces:
        if _IDEOGRAPH.match(text[start:end]):
            run.append((start, end))
            continue
        out.extend(_pair_ranges(run))
        run = []
        out.append((start, end))
    out.extend(_pair_ranges(run))
    return out


def _pair_ranges(run: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return run if len(run) == 1 else [(first[0], second[1]) for first, second in itertools.pairwise(run)]


def _regex_class(*classes: str) -> str:
    parts = []
    for cls in classes:
        for start, end in _CLASS_RANGES[cls]:
            parts.append(f"\\U{start:08X}-\\U{end:08X}")
    return "[" + "".join(parts) + "]"


# Rule 3 as a regular expression over explicit code point ranges from the
# pinned tables (never \w or str.isalpha, which follow Python's own Unicode).
_TOKEN_PATTERN = re.compile(
    "(" + _regex_class("L", "I") + _regex_class("L", "I", "M", "J", "F") + "*)|(" + _regex_class("N") + "+)"
)
# A word's pieces under cjk="chars": an ideograph or kana letter with the
# marks, joiners and format characters after it, or other letters with theirs.
_IDEOGRAPH = re.compile(_regex_class("I"))
_CJK_PIECES = re.compile(
    _regex_class("I") + _regex_class("M", "J", "F") + "*|" + _regex_class("L") + _regex_class("L", "M", "J", "F") + "*"
)
# A piece of a text cut at UAX #29 word boundaries is a word if it has a
# letter, a number if it has a decimal digit and no letter.
_LETTER = re.compile(_regex_class("L", "I"))
_DIGIT = re.compile(_regex_class("N"))
_DROP_FORMAT = {cp: None for start, end in _CLASS_RANGES["F"] for cp in range(start, end + 1)}

# A text without any of these characters is already in normal form: nothing
# decomposes, nothing needs reordering, nothing can compose with a predecessor.
_COMPOSE_SECONDS = {second for _, second in _COMPOSE}
_HANGUL_JAMO_SECONDS = {chr(cp) for cp in range(_V_BASE, _V_BASE + _V_COUNT)} | {
    chr(cp) for cp in range(_T_BASE + 1, _T_BASE + _T_COUNT)
}
_HANGUL_SYLLABLES = {chr(cp) for cp in range(_S_BASE, _S_BASE + _S_COUNT)}
_MAY_CHANGE = {
    form: frozenset(decompositions) | frozenset(_CCC) | _COMPOSE_SECONDS | _HANGUL_JAMO_SECONDS | _HANGUL_SYLLABLES
    for form, decompositions in _DECOMPOSITIONS.items()
}


def _decompose_hangul(syllable: str) -> str:
    index = ord(syllable) - _S_BASE
    lead = chr(_L_BASE + index // _N_COUNT)
    vowel = chr(_V_BASE + (index % _N_COUNT) // _T_COUNT)
    trail_index = index % _T_COUNT
    return lead + vowel + (chr(_T_BASE + trail_index) if trail_index else "")


def _compose_pair(first: str, second: str) -> str | None:
    first_cp, second_cp = ord(first), ord(second)
    if _L_BASE <= first_cp < _L_BASE + _L_COUNT and _V_BASE <= second_cp < _V_BASE + _V_COUNT:
        lv_index = (first_cp - _L_BASE) * _N_COUNT + (second_cp - _V_BASE) * _T_COUNT
        return chr(_S_BASE + lv_index)
    if (
        _S_BASE <= first_cp < _S_BASE + _S_COUNT
        and (first_cp - _S_BASE) % _T_COUNT == 0
        and _T_BASE < second_cp < _T_BASE + _T_COUNT
    ):
        return chr(first_cp + second_cp - _T_BASE)
    return _COMPOSE.get((first, second))


def _normalize(text: str, form: str | None) -> str:
    """Unicode normalisation (UAX #15) to NFC or NFKC with the pinned tables."""
    if form is None or _MAY_CHANGE[form].isdisjoint(text):
        return text
    decompositions = _DECOMPOSITIONS[form]
    # 1. Full decomposition.
    chars: list[str] = []
    for ch in text:
        if ch in _HANGUL_SYLLABLES:
            chars.extend(_decompose_hangul(ch))
        else:
            chars.extend(decompositions.get(ch, ch))
    # 2. Canonical ordering: each run of non-starters sorted (stably) by class.
    start = 0
    while start < len(chars):
        if _CCC.get(chars[start], 0) == 0:
            start += 1
            continue
        end = start
        while end < len(chars) and _CCC.get(chars[end], 0) != 0:
            end += 1
        chars[start:end] = sorted(chars[start:end], key=lambda ch: _CCC[ch])
        start = end
    # 3. Canonical composition: each character joins the last starter unless a
    # character between them blocks it (has a class of 0 or not below its own).
    composed: list[str] = []
    starter_index: int | None = None
    for ch in chars:
        ch_class = _CCC.get(ch, 0)
        if starter_index is not None:
            adjacent = starter_index == len(composed) - 1
            if adjacent or _CCC.get(composed[-1], 0) < ch_class:
                composite = _compose_pair(composed[starter_index], ch)
                if composite is not None:
                    composed[starter_index] = composite
                    continue
        if ch_class == 0:
            starter_index = len(composed)
        composed.append(ch)
    return "".join(composed)


def _is_final_sigma(text: str, index: int) -> bool:
    """CPython's Final_Sigma test: a cased letter before, none after.

    Case-ignorable characters are skipped in both directions.
    """
    before = index - 1
    while before >= 0 and _CASING.get(text[before]) == "I":
        before -= 1
    if before < 0 or _CASING.get(text[before]) != "C":
        return False
    after = index + 1
    while after < len(text) and _CASING.get(text[after]) == "I":
        after += 1
    return after == len(text) or _CASING.get(text[after]) != "C"


def _lower(text: str) -> str:
    """Full lower-case mapping of a whole string, as str.lower() does it."""
    if _CAPITAL_SIGMA in text:
        text = "".join(
            ("\u03c2" if _is_final_sigma(text, i) else "\u03c3") if ch == _CAPITAL_SIGMA else ch
            for i, ch in enumerate(text)
        )
    return text.translate(_LOWER_TABLE)


# Offsets: each character of an intermediate text carries its origin, the
# span [start, end) of the original text it came from.
_Origin = tuple[int, int]


def _surrogate_origins(text: str) -> list[_Origin]:
    """Rule 0 with origins: the origin of each character of `_check_text(text)`, as its loop walks `text`."""
    origins = []
    at = 0
    while at < len(text):
        if _is_high_surrogate(text[at]) and at + 1 < len(text) and _is_low_surrogate(text[at + 1]):
            origins.append((at, at + 2))
            at += 2
        else:
            origins.append((at, at + 1))
            at += 1
    return origins


# HTML (rule 0b): markup and character references, by the grammar of the
# README's "Web text" section, over the text as given (surrogates joined).


def _load_html_references() -> tuple[dict[str, str], dict[int, str], frozenset[int]]:
    """html_references.txt: each named reference (its name as written after the `&`, with its `;` where the
    table has it) to its characters, each number that the table maps to a character to that character, and
    the numbers whose references are removed."""
    names: dict[str, str] = {}
    numbers: dict[int, str] = {}
    removed: set[int] = set()
    for line in (_DATA_DIR / "html_references.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = line.split()
        if kind == "name":
            names[fields[0]] = _chars(fields[1:])
        elif kind == "number":
            numbers[int(fields[0], 16)] = _chars(fields[1:])
        elif kind == "removed":
            removed.update(_expand(fields[0], fields[1]))
    return names, numbers, frozenset(removed)


_HTML_NAMES, _HTML_NUMBERS, _HTML_REMOVED = _load_html_references()

_ASCII_LETTERS = frozenset(string.ascii_letters)
# The elements whose content is dropped with them, by their names in lower case.
_DROPPED_ELEMENTS = ("script", "style", "template")
# HTML's space characters: space, tab, LF, FF and CR (the README's "a space" and "spaces").
_HTML_SPACES = frozenset(" \t\n\f\r")
# What ends an element's name in a tag: a space, `/`, `>` or the end of the text ("").
_AFTER_ELEMENT_NAME = _HTML_SPACES | {"/", ">", ""}
_QUOTES = frozenset({'"', "'"})
_MARKUP_OR_REFERENCE = re.compile("[<&]")
# A numeric reference: `&#` and decimal digits, or `&#x` (or `&#X`) and hexadecimal ones, then an
# optional `;`. After any other `&`, the text `html.unescape` looks at for a name: one to 32
# characters but tab, LF, FF, space, `<`, `&`, `#` and `;`, then an optional `;`.
_NUMERIC_REFERENCE = re.compile("&#(?:([0-9]+)|[xX]([0-9a-fA-F]+));?")
_NAME_CANDIDATE = re.compile("&([^\t\n\f <&#;]{1,32};?)")


def _is_ascii_letter(ch: str) -> bool:
    return ch in _ASCII_LETTERS


def _names_element(text: str, at: int, name: str) -> bool:
    """Whether `text` at `at` holds the element name `name` (ASCII letters in any case), then a space, `/`,
    `>` or the end of the text."""
    end = at + len(name)
    return text[at:end].translate(_ASCII_LOWER) == name and text[end : end + 1] in _AFTER_ELEMENT_NAME


def _tag_end(text: str, at: int) -> int:
    """The end of the tag starting at `at` (its `<`): just after the next `>` outside a quoted value, or
    the end of the text. A quoted value is a `"` or `'` after an `=` (HTML's spaces between allowed), and
    runs to the next of the same quote (or to the end of the text)."""
    after_equals = False
    index = at + 1
    while index < len(text):
        ch = text[index]
        if ch == ">":
            return index + 1
        if ch in _QUOTES and after_equals:
            close = text.find(ch, index + 1)
            if close < 0:
                return len(text)
            index = close + 1
            after_equals = False
            continue
        if ch == "=":
            after_equals = True
        elif ch not in _HTML_SPACES:
            after_equals = False
        index += 1
    return len(text)


def _dropped_end(text: str, at: int, name: str) -> int:
    """The end of the content of an element named `name` that starts at `at` (just after its start tag),
    dropped with its end tag: the end of the next end tag of that name (`</`, the name, then a space,
    `/`, `>` or the end of the text; elements inside are not counted), or the end of the text."""
    close = text.find("</", at)
    while close >= 0 and not _names_element(text, close + 2, name):
        close = text.find("</", close + 2)
    return len(text) if close < 0 else _tag_end(text, close)


def _markup_end(text: str, at: int) -> int | None:
    """The end of the markup starting at `at` (a `<`), with the content a start tag drops, or None where
    the `<` is text. Markup without its end runs to the end of the text."""
    after = text[at + 1 : at + 2]
    if _is_ascii_letter(after) or (after == "/" and _is_ascii_letter(text[at + 2 : at + 3])):
        # A tag; a start tag named script, style or template drops the element's content with it.
        end = _tag_end(text, at)
        if after == "/":
            return end
        for name in _DROPPED_ELEMENTS:
            if _names_element(text, at + 1, name):
                return _dropped_end(text, end, name)
        return end
    if text.startswith("<!--", at):
        # A comment: through the first `-->` after the `<!--`.
        close = text.find("-->", at + 4)
        return len(text) if close < 0 else close + 3
    if after in ("!", "?", "/"):
        # A DOCTYPE, CDATA section, processing instruction, or `</` and no letter: through the next `>`.
        close = text.find(">", at + 2)
        return len(text) if close < 0 else close + 1
    return None


def _number_reference(digits: str, base: int) -> str:
    """What the number of a numeric reference decodes to, as `html.unescape` decodes it: the table's
    character where it maps the number to one; U+FFFD for a surrogate or a number past U+10FFFF; nothing
    for a number the table removes; otherwise the number's own character."""
    significant = digits.lstrip("0")
    # More than 8 significant digits, in either base, is past U+10FFFF (and
    # is not converted, however many there are).
    number = int(significant or "0", base) if len(significant) <= 8 else 0x110000
    if number in _HTML_NUMBERS:
        return _HTML_NUMBERS[number]
    if 0xD800 <= number <= 0xDFFF or number > 0x10FFFF:
        return "\ufffd"
    if number in _HTML_REMOVED:
        return ""
    return chr(number)


def _reference_at(text: str, at: int) -> tuple[int, str] | None:
    """The end and the characters of the character reference starting at `at` (an `&`), or None where the
    `&` is text."""
    numeric = _NUMERIC_REFERENCE.match(text, at)
    if numeric is not None:
        decimal, hexadecimal = numeric.groups()
        decoded = _number_reference(decimal, 10) if decimal is not None else _number_reference(hexadecimal, 16)
        return numeric.end(), decoded
    named = _NAME_CANDIDATE.match(text, at)
    if named is None:
        return None
    # The whole candidate where it is a name, else its longest prefix (of
    # two characters or more) that is one; the rest of it stays text.
    candidate = named.group(1)
    for length in range(len(candidate), 1, -1):
        name = candidate[:length]
        if name in _HTML_NAMES:
            return at + 1 + length, _HTML_NAMES[name]
    return None


def _read_html(text: str) -> tuple[str, list[_Origin]]:
    """Rule 0b: the text that `text` (surrogates joined) shows when read as HTML, with the origin of each of
    its characters, a span of `text`.

    Each stretch of markup and dropped content becomes one space, which comes
    from the whole stretch; each character of a decoded reference comes from
    the whole reference (a reference decoded to nothing vanishes); every
    other character comes from itself.
    """
    chars: list[str] = []
    origins: list[_Origin] = []
    # Where the last stretch of markup ended, while nothing has been read after it.
    stretch_end = -1
    at = 0
    while at < len(text):
        if text[at] == "<":
            end = _markup_end(text, at)
            if end is not None:
                if at == stretch_end:
                    origins[-1] = (origins[-1][0], end)
                else:
                    chars.append(" ")
                    origins.append((at, end))
                at = stretch_end = end
                continue
        elif text[at] == "&":
            reference = _reference_at(text, at)
            if reference is not None:
                end, decoded = reference
                chars.append(decoded)
                origins.extend([(at, end)] * len(decoded))
                at = end
                continue
        # Text, up to the next `<` or `&` (this one included, being text).
        following = _MARKUP_OR_REFERENCE.search(text, at + 1)
        end = len(text) if following is None else following.start()
        chars.append(text[at:end])
        origins.extend((index, index + 1) for index in range(at, end))
        at = end
    return "".join(chars), origins


def _normalize_with_origins(text: str, origins: list[_Origin], form: str | None) -> tuple[str, list[_Origin]]:
    """`_normalize(text, form)`, step by step as there, with the origin of each character carried along."""
    if form is None or _MAY_CHANGE[form].isdisjoint(text):
        return text, origins
    decompositions = _DECOMPOSITIONS[form]
    # 1. Full decomposition: each part comes from the character decomposed.
    chars: list[tuple[str, _Origin]] = []
    for ch, origin in zip(text, origins, strict=True):
        parts = _decompose_hangul(ch) if ch in _HANGUL_SYLLABLES else decompositions.get(ch, ch)
        chars.extend((part, origin) for part in parts)
    # 2. Canonical ordering: characters move with their origins.
    start = 0
    while start < len(chars):
        if _CCC.get(chars[start][0], 0) == 0:
            start += 1
            continue
        end = start
        while end < len(chars) and _CCC.get(chars[end][0], 0) != 0:
            end += 1
        chars[start:end] = sorted(chars[start:end], key=lambda pair: _CCC[pair[0]])
        start = end
    # 3. Canonical composition: a composite comes from both characters.
    composed: list[tuple[str, _Origin]] = []
    starter_index: int | None = None
    for ch, origin in chars:
        ch_class = _CCC.get(ch, 0)
        if starter_index is not None:
            adjacent = starter_index == len(composed) - 1
            if adjacent or _CCC.get(composed[-1][0], 0) < ch_class:
                starter, (starter_start, starter_end) = composed[starter_index]
                composite = _compose_pair(starter, ch)
                if composite is not None:
                    composed[starter_index] = (composite, (min(starter_start, origin[0]), max(starter_end, origin[1])))
                    continue
        if ch_class == 0:
            starter_index = len(composed)
        composed.append((ch, origin))
    return "".join(ch for ch, _ in composed), [origin for _, origin in composed]


def _lower_with_origins(text: str, origins: list[_Origin]) -> tuple[str, list[_Origin]]:
    """`_lower(text)`, character by character, each character of a mapping coming from the one mapped."""
    lowered: list[str] = []
    lowered_origins: list[_Origin] = []
    for index, (ch, origin) in enumerate(zip(text, origins, strict=True)):
        if ch == _CAPITAL_SIGMA:
            ch = "\u03c2" if _is_final_sigma(text, index) else "\u03c3"
        mapping = ch.translate(_LOWER_TABLE)
        lowered.append(mapping)
        lowered_origins.extend([origin] * len(mapping))
    return "".join(lowered), lowered_origins


# Accents (rule 1a). A Latin, Greek or Cyrillic letter becomes the first
# character of its canonical decomposition (the table is full: "ǖ" gives "u").
_CANONICAL_DECOMPOSITIONS = _DECOMPOSITIONS["NFC"]


def _nfkd_parts(ch: str) -> str:
    """The full compatibility decomposition (NFKD's first step) of one character."""
    return _decompose_hangul(ch) if ch in _HANGUL_SYLLABLES else _DECOMPOSITIONS["NFKC"].get(ch, ch)


def _strip_accents(text: str, how: str | None, form: str | None) -> str:
    """Rule 1a: `text` (normalised by `form`) with its accents stripped as `how` says, or as it is for None.

    "unicode": each letter of `_ACCENTED` becomes the first character of its
    canonical decomposition, and the characters of non-zero canonical
    combining class right after it are removed; the text is then normalised
    again by `form`. "ascii": NFKD, then every character beyond ASCII
    removed (canonical reordering moves only characters of non-zero class,
    none of them ASCII, so decomposing each character and keeping the ASCII
    parts in order is exactly that).
    """
    if how is None:
        return text
    if how == "ascii":
        return "".join(part for ch in text for part in _nfkd_parts(ch) if part < "\x80")
    stripped: list[str] = []
    after_letter = False
    for ch in text:
        if after_letter and _CCC.get(ch, 0) != 0:
            continue  # a mark on a Latin, Greek or Cyrillic letter
        after_letter = ch in _ACCENTED
        stripped.append(_CANONICAL_DECOMPOSITIONS.get(ch, ch)[0] if after_letter else ch)
    return _normalize("".join(stripped), form)


def _strip_accents_with_origins(
    text: str, origins: list[_Origin], how: str | None, form: str | None
) -> tuple[str, list[_Origin]]:
    """`_strip_accents(text, how, form)`, step by step as there, with the origin of each character carried
    along: a kept character keeps its origin, a letter's base and each part of a decomposition take the
    origin of the character they come from, and removed characters vanish."""
    if how is None:
        return text, origins
    chars: list[tuple[str, _Origin]] = []
    if how == "ascii":
        for ch, origin in zip(text, origins, strict=True):
            chars.extend((part, origin) for part in _nfkd_parts(ch) if part < "\x80")
        return "".join(ch for ch, _ in chars), [origin for _, origin in chars]
    after_letter = False
    for ch, origin in zip(text, origins, strict=True):
        if after_letter and _CCC.get(ch, 0) != 0:
            continue
        after_letter = ch in _ACCENTED
        chars.append((_CANONICAL_DECOMPOSITIONS.get(ch, ch)[0] if after_letter else ch, origin))
    stripped = "".join(ch for ch, _ in chars)
    return _normalize_with_origins(stripped, [origin for _, origin in chars], form)


# Spans (rule 1b): URLs, e-mail addresses, mentions, hashtags and emoji, by
# the grammar of the README's "Web text" section, over the prepared text
# (normalised, accents stripped, not lower-cased).
_CLASS_TABLE = sorted((start, end, cls) for cls, ranges in _CLASS_RANGES.items() for start, end in ranges)
_CLASS_STARTS = [start for start, _, _ in _CLASS_TABLE]


def _class_of(ch: str) -> str | None:
    """The tables' class of a character (L, I, M, N, J or F), or None for a separator."""
    index = bisect.bisect_right(_CLASS_STARTS, ord(ch)) - 1
    if index >= 0 and ord(ch) <= _CLASS_TABLE[index][1]:
        return _CLASS_TABLE[index][2]
    return None


class _Scan:
    """A prepared text with the class of each of its characters, read by the span grammar.

    Each test of a position outside the text is False (and `char` there is
    ""): "the character before is not a word character (or there is none)".
    """

    __slots__ = ("classes", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.classes = [_class_of(ch) for ch in text]

    def char(self, index: int) -> str:
        return self.text[index] if 0 <= index < len(self.text) else ""

    def _class(self, index: int) -> str | None:
        return self.classes[index] if 0 <= index < len(self.text) else None

    def is_letter(self, index: int) -> bool:
        return self._class(index) in ("L", "I")

    def is_mark(self, index: int) -> bool:
        return self._class(index) == "M"

    def is_digit(self, index: int) -> bool:
        return self._class(index) == "N"

    def is_word(self, index: int) -> bool:
        """A word character: a letter, mark, digit, joiner or format character, or `_`."""
        return self._class(index) is not None or self.char(index) == "_"

    def is_letter_mark_digit(self, index: int) -> bool:
        return self.is_letter(index) or self.is_mark(index) or self.is_digit(index)


_URL_STARTS = ("http://", "https://", "ftp://", "www.")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_URL_EXCLUDED_ASCII = frozenset(' "<>\\^`{|}')
_URL_TRAILING = frozenset(".,:;!?'*")


def _is_url_char(scan: _Scan, index: int) -> bool:
    """An ASCII character but a control character, space, `"<>\\^`{|}`; or a word character beyond ASCII."""
    ch = scan.char(index)
    if ch == "":
        return False
    if ch < "\x80":
        return "\x20" < ch < "\x7f" and ch not in _URL_EXCLUDED_ASCII
    return scan.is_word(index)


def _url_end(scan: _Scan, at: int, floor: int) -> int | None:
    """The end of the URL starting at `at`, or None."""
    text = scan.text
    if scan.is_word(at - 1):
        return None
    for start in _URL_STARTS:
        after = at + len(start)
        if text[at:after].translate(_ASCII_LOWER) == start and (scan.is_letter(after) or scan.is_digit(after)):
            break
    else:
        return None
    if start == "www." and scan.char(at - 1) in _LOCAL_PUNCTUATION:
        return None  # `_` is a word character already: the others of an address's local part
    end = after
    while _is_url_char(scan, end):
        end += 1
    # Trailing punctuation left out, and a closing bracket the URL does not open.
    parentheses = text.count(")", at, end) - text.count("(", at, end)
    brackets = text.count("]", at, end) - text.count("[", at, end)
    while True:
        last = text[end - 1]
        if last == ")" and parentheses > 0:
            parentheses -= 1
        elif last == "]" and brackets > 0:
            brackets -= 1
        elif last not in _URL_TRAILING:
            return end
        end -= 1


_LOCAL_PUNCTUATION = frozenset("_%+-.")


def _is_local_char(scan: _Scan, index: int) -> bool:
    return scan.is_letter(index) or scan.is_digit(index) or scan.char(index) in _LOCAL_PUNCTUATION


def _is_label_char(scan: _Scan, index: int) -> bool:
    return scan.is_letter_mark_digit(index) or scan.char(index) == "-"


def _email_end(scan: _Scan, at: int, floor: int) -> int | None:
    """The end of the e-mail address starting at `at`, or None.

    An address starts where its local part does: at the first character but
    `.` of a longest run of local-part characters within the text from
    `floor` (the end of the last span taken), a run that ends at an `@`.
    """
    text = scan.text
    if not _is_local_char(scan, at) or text[at] == ".":
        return None
    before = at - 1
    while before >= floor and scan.char(before) == ".":
        before -= 1
    if before >= floor and _is_local_char(scan, before):
        return None  # `at` is inside a run, not at its start
    at_sign = at
    while _is_local_char(scan, at_sign):
        at_sign += 1
    local = text[at:at_sign]
    if scan.char(at_sign) != "@" or local.endswith(".") or ".." in local:
        return None
    # The labels after the @, while single dots join them.
    labels: list[tuple[int, int]] = []
    label_start = at_sign + 1
    while True:
        label_end = label_start
        while _is_label_char(scan, label_end):
            label_end += 1
        if label_end == label_start:
            break
        labels.append((label_start, label_end))
        if scan.char(label_end) != ".":
            break
        label_start = label_end + 1
    # The longest sequence of two or more of them whose last label is two or
    # more letters and marks.
    for start, end in reversed(labels[1:]):
        if end - start >= 2 and all(scan.is_letter(k) or scan.is_mark(k) for k in range(start, end)):
            return end
    return None


def _mention_end(scan: _Scan, at: int, floor: int) -> int | None:
    """The end of the mention starting at `at`, or None."""
    if scan.char(at) != "@" or scan.is_word(at - 1):
        return None
    end = at + 1
    while scan.is_letter_mark_digit(end) or scan.char(end) == "_":
        end += 1
    return end if end > at + 1 else None


def _hashtag_end(scan: _Scan, at: int, floor: int) -> int | None:
    """The end of the hashtag starting at `at`, or None."""
    if scan.char(at) != "#" or scan.is_word(at - 1) or scan.char(at - 1) == "&":
        return None
    end = at + 1
    while scan.is_word(end):
        end += 1
    return end if any(scan.is_letter(k) for k in range(at + 1, end)) else None


_ZWJ = "\u200d"
_VS15, _VS16 = "\ufe0e", "\ufe0f"
_KEYCAP = "\u20e3"
_KEYCAP_BASES = frozenset("0123456789#*")
_TAGS = frozenset(map(chr, range(0xE0020, 0xE0080)))


def _emoji_element_end(scan: _Scan, at: int) -> int | None:
    """The end of the emoji element starting at `at`, or None; the kinds are tried in the README's order."""
    ch = scan.char(at)
    if ch in _REGIONAL_INDICATOR and scan.char(at + 1) in _REGIONAL_INDICATOR:
        return at + 2
    if ch in _KEYCAP_BASES and not scan.is_word(at - 1):
        end = at + 2 if scan.char(at + 1) == _VS16 else at + 1
        if scan.char(end) == _KEYCAP:
            return end + 1
    if ch in _EMOJI and ch >= "\x80" and scan.classes[at] is None:
        end = at + 1
        if scan.char(end) in (_VS16, _VS15):
            end += 1
        if ch in _EMOJI_MODIFIER_BASE and scan.char(end) in _EMOJI_MODIFIER:
            end += 1
        while scan.char(end) in _TAGS:
            end += 1
        return end
    return None


def _emoji_end(scan: _Scan, at: int, floor: int) -> int | None:
    """The end of the emoji starting at `at` (an element and every further one joined by a ZWJ), or None."""
    end = _emoji_element_end(scan, at)
    while end is not None and scan.char(end) == _ZWJ:
        joined = _emoji_element_end(scan, end + 1)
        if joined is None:
            break
        end = joined
    return end


# The kinds of span, in the order that breaks a tie (two starting at one character).
_SPAN_FINDERS = {
    "url": _url_end,
    "email": _email_end,
    "mention": _mention_end,
    "hashtag": _hashtag_end,
    "emoji": _emoji_end,
}


def _span_at(scan: _Scan, at: int, floor: int, kinds: Collection[str]) -> tuple[int, str] | None:
    """The end and kind of the span starting at `at` (`floor` being where the last span taken ended): of the
    first kind of `kinds`, in `_SPAN_FINDERS`' order, that has one there; or None."""
    for kind, finder in _SPAN_FINDERS.items():
        if kind in kinds:
            end = finder(scan, at, floor)
            if end is not None:
                return end, kind
    return None


def _web_parts(text: str, kinds: Collection[str]) -> list[tuple[int, int, str | None]]:
    """Rule 1b: `text` cut into spans and the pieces between them, in order, as (start, end, kind), where
    kind is that of a span ("url", "email", "mention", "hashtag", "emoji") or None for a piece.

    Only the spans of `kinds` are looked for. The text is scanned from its
    start; at each character, the first kind (in `_SPAN_FINDERS`' order) with
    a span starting there takes it whole, and scanning goes on after it.
    Every character is in exactly one part; pieces are never empty.
    """
    if not any(kind in kinds for kind in _SPAN_FINDERS):
        return [(0, len(text), None)] if text else []
    scan = _Scan(text)
    parts: list[tuple[int, int, str | None]] = []
    piece_start = at = 0
    while at < len(text):
        span = _span_at(scan, at, piece_start, kinds)
        if span is None:
            at += 1
            continue
        end, kind = span
        if piece_start < at:
            parts.append((piece_start, at, None))
        parts.append((at, end, kind))
        at = piece_start = end
    if piece_start < len(text):
        parts.append((piece_start, len(text), None))
    return parts


# UAX #29 word boundaries (Unicode 14.0.0, revision 39), by Word_Break value.
_LINE_BREAKS = frozenset({"CR", "LF", "Newline"})
_IGNORED = frozenset({"Extend", "Format", "ZWJ"})
_AHLETTER = frozenset({"ALetter", "Hebrew_Letter"})
_MID_LETTER = frozenset({"MidLetter", "MidNumLet", "Single_Quote"})
_MID_NUMBER = frozenset({"MidNum", "MidNumLet", "Single_Quote"})


def _word_segments(text: str) -> list[str]:
    """`text` cut at its UAX #29 word boundaries: every character in exactly one piece."""
    props = [_WORD_BREAK.get(ch, "Other") for ch in text]
    # WB4: an Extend, Format or ZWJ character belongs to the character before
    # it, unless that is a line break (or there is none), and rules WB5 on
    # see only the character it belongs to. `owner[k]` is the character that
    # the rules see at index k.
    owner: list[int] = []
    for k, prop in enumerate(props):
        owner.append(owner[k - 1] if prop in _IGNORED and k > 0 and props[k - 1] not in _LINE_BREAKS else k)

    def seen_before(k: int) -> int | None:
        """The character the rules see just before index k (None at the start)."""
        return owner[k - 1] if k > 0 else None

    # WB15, WB16: how many regional indicators the rules see in a row,
    # ending at each character they see.
    indicators = [0] * len(text)
    for k, prop in enumerate(props):
        if owner[k] == k and prop == "Regional_Indicator":
            previous = seen_before(k)
            indicators[k] = 1 + (0 if previous is None else indicators[previous])

    def prop_at(k: int | None) -> str | None:
        return None if k is None else props[k]

    def breaks_before(i: int) -> bool:
        raw_before, after = props[i - 1], props[i]
        if raw_before == "CR" and after == "LF":  # WB3
            return False
        if raw_before in _LINE_BREAKS or after in _LINE_BREAKS:  # WB3a, WB3b
            return True
        if raw_before == "ZWJ" and text[i] in _PICTOGRAPHIC:  # WB3c
            return False
        if raw_before == "WSegSpace" and after == "WSegSpace":  # WB3d
            return False
        if after in _IGNORED:  # WB4
            return False
        previous = seen_before(i)
        before = prop_at(previous)
        before2 = prop_at(None if previous is None else seen_before(previous))
        following = i + 1
        while following < len(text) and props[following] in _IGNORED:
            following += 1
        after2 = props[following] if following < len(text) else None
        if before in _AHLETTER and after in _AHLETTER:  # WB5
            return False
        if before in _AHLETTER and after in _MID_LETTER and after2 in _AHLETTER:  # WB6
            return False
        if before2 in _AHLETTER and before in _MID_LETTER and after in _AHLETTER:  # WB7
            return False
        if before == "Hebrew_Letter" and after == "Single_Quote":  # WB7a
            return False
        if before == "Hebrew_Letter" and after == "Double_Quote" and after2 == "Hebrew_Letter":  # WB7b
            return False
        if before2 == "Hebrew_Letter" and before == "Double_Quote" and after == "Hebrew_Letter":  # WB7c
            return False
        if before in ("Numeric", *_AHLETTER) and after == "Numeric":  # WB8, WB9
            return False
        if before == "Numeric" and after in _AHLETTER:  # WB10
            return False
        if before2 == "Numeric" and before in _MID_NUMBER and after == "Numeric":  # WB11
            return False
        if before == "Numeric" and after in _MID_NUMBER and after2 == "Numeric":  # WB12
            return False
        if before == "Katakana" and after == "Katakana":  # WB13
            return False
        if before in ("Numeric", "Katakana", "ExtendNumLet", *_AHLETTER) and after == "ExtendNumLet":  # WB13a
            return False
        if before == "ExtendNumLet" and after in ("Numeric", "Katakana", *_AHLETTER):  # WB13b
            return False
        if before == "Regional_Indicator" and after == "Regional_Indicator":  # WB15, WB16
            # No break inside a pair: an odd number of indicators before joins.
            assert previous is not None
            return indicators[previous] % 2 == 0
        return True  # WB999

    pieces = []
    start = 0
    for i in range(1, len(text)):
        if breaks_before(i):
            pieces.append(text[start:i])
            start = i
    if text:
        pieces.append(text[start:])
    return pieces


def _read_stopword_list(name: str) -> list[str]:
    text = (_DATA_DIR / "stopwords" / f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def stopword_lists() -> list[str]:
    """The names of the bundled stopword lists, "default" included."""
    bundled = sorted(path.stem for path in (_DATA_DIR / "stopwords").glob("*.txt"))
    return sorted(["default", *bundled])


def _list_codes() -> dict[str, str]:
    """Each bundled list's ISO 639-1 codes (its file's "#@ codes:" line), to the list's name."""
    codes = {}
    for path in (_DATA_DIR / "stopwords").glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            if line.startswith("#@ codes:"):
                codes.update(dict.fromkeys(line.removeprefix("#@ codes:").split(), path.stem))
    return codes


def _resolve_list_name(name: str) -> str:
    if name == "default":
        return _DEFAULT_LIST
    if name in stopword_lists():
        return name
    codes = _list_codes()
    if name in codes:
        return codes[name]
    raise WordsiftError(
        f"unknown stopword list '{name}'; valid names: {', '.join(stopword_lists())}, "
        f"or a language's ISO 639-1 code ({', '.join(sorted(codes))})"
    )


def stopwords(*names: str) -> frozenset[str]:
    """The words of bundled stopword lists, by name or ISO 639-1 code; several give their union."""
    words: set[str] = set()
    for name in names or ("default",):
        if not isinstance(name, str):
            raise TypeError(f"name must be str, not {type(name).__name__}")
        words.update(_read_stopword_list(_resolve_list_name(name)))
    return frozenset(words)


def _is_high_surrogate(char: str) -> bool:
    return "\ud800" <= char <= "\udbff"


def _is_low_surrogate(char: str) -> bool:
    return "\udc00" <= char <= "\udfff"


def _check_text(text: object, label: str, errors: str = "strict") -> str:
    """`text`, checked to be a str, with surrogates dealt with.

    A high surrogate followed by a low one (two code points, as text decoded
    from UTF-16 with "surrogatepass" holds) is joined into the character they
    encode. Any other surrogate is lone: with errors="strict" it raises
    UnicodeEncodeError over the run of lone surrogates it starts, as
    `str.encode` reports it; with errors="replace" each becomes U+FFFD.
    """
    if not isinstance(text, str):
        raise TypeError(f"{label} must be str, not {type(text).__name__}")
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    repaired = []
    at = 0
    while at < len(text):
        char = text[at]
        if _is_high_surrogate(char) and at + 1 < len(text) and _is_low_surrogate(text[at + 1]):
            pair = (ord(char) - 0xD800) << 10 | (ord(text[at + 1]) - 0xDC00)
            repaired.append(chr(0x10000 + pair))
            at += 2
        elif _is_high_surrogate(char) or _is_low_surrogate(char):
            if errors == "strict":
                end = at + 1
                # The run goes on over lone surrogates (a high one followed
                # by a low one is a pair, and ends it).
                while end < len(text) and (_is_low_surrogate(text[end]) or _is_high_surrogate(text[end])):
                    if _is_high_surrogate(text[end]) and end + 1 < len(text) and _is_low_surrogate(text[end + 1]):
                        break
                    end += 1
                reason = "surrogates not allowed" if label == "text" else f"surrogates not allowed in {label}"
                raise UnicodeEncodeError("utf-8", text, at, end, reason)
            repaired.append("\ufffd")
            at += 1
        else:
            repaired.append(char)
            at += 1
    return "".join(repaired)


def _check_bool(value: object, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be bool, not {type(value).__name__}")
    return value


def _check_span_action(value: str | None, name: str) -> str | None:
    if value not in ("keep", "drop", None):
        raise WordsiftError(f"{name} must be 'keep', 'drop' or None, got {value!r}")
    return value


def _origin_span(origins: list[_Origin] | None, start: int, end: int, offset: int) -> _Origin:
    """The span of the original text that the characters [start, end) came from: the least start to the
    greatest end of their origins (None: each character at index i came from (offset + i, offset + i + 1))."""
    if origins is None:
        return offset + start, offset + end
    chars = origins[start:end]
    return min(origin_start for origin_start, _ in chars), max(origin_end for _, origin_end in chars)


def _check_length(value: object, name: str) -> int:
    if not isinstance(value, int):
        raise TypeError(f"{name} must be int, not {type(value).__name__}")
    if value < 0:
        raise WordsiftError(f"{name} must be >= 0, got {value}")
    return value


class Tokenizer:
    """Splits text into lower-cased word tokens and drops stopwords.

    Immutable once built. See the module docstring for the rules.
    """

    __slots__ = (
        "_case_sensitive",
        "_cjk",
        "_emails",
        "_emoji",
        "_errors",
        "_hashtags",
        "_html",
        "_keep_numbers",
        "_lowercase",
        "_max_len",
        "_mentions",
        "_min_len",
        "_normalize",
        "_segment",
        "_stemmer",
        "_stopword_entries",
        "_stopword_list",
        "_stopwords",
        "_strip_accents",
        "_urls",
    )

    def __init__(
        self,
        *,
        stopwords: str | Iterable[str] | None = "default",
        lowercase: bool = True,
        case_sensitive: bool = False,
        keep_numbers: bool = False,
        min_len: int = 1,
        max_len: int | None = None,
        normalize: str | None = "NFC",
        errors: str = "strict",
        cjk: str | None = None,
        stem: str | None = None,
        segment: str | None = None,
        strip_accents: str | None = None,
        urls: str | None = None,
        emails: str | None = None,
        mentions: str | None = None,
        hashtags: str | None = None,
        emoji: str | None = None,
        html: bool = False,
    ) -> None:
        self._lowercase = _check_bool(lowercase, "lowercase")
        self._case_sensitive = _check_bool(case_sensitive, "case_sensitive")
        self._keep_numbers = _check_bool(keep_numbers, "keep_numbers")
        self._min_len = _check_length(min_len, "min_len")
        self._max_len = None if max_len is None else _check_length(max_len, "max_len")
        if self._max_len is not None and self._min_len > self._max_len:
            raise WordsiftError(f"min_len ({self._min_len}) must not exceed max_len ({self._max_len})")
        if normalize not in ("NFC", "NFKC", None):
            raise WordsiftError(f"normalize must be 'NFC', 'NFKC' or None, got {normalize!r}")
        self._normalize = normalize
        if errors not in ("strict", "replace"):
            raise WordsiftError(f"errors must be 'strict' or 'replace', got {errors!r}")
        self._errors = errors
        if cjk not in ("chars", "bigrams", None):
            raise WordsiftError(f"cjk must be 'chars', 'bigrams' or None, got {cjk!r}")
        self._cjk = cjk
        if segment not in ("uax29", None):
            raise WordsiftError(f"segment must be 'uax29' or None, got {segment!r}")
        self._segment = segment
        self._stemmer = _stemmer(stem)
        if self._stemmer is not None and not self._lowercase:
            raise WordsiftError("stem needs lowercase=True: the Snowball stemmers are defined on lower-case words")
        if segment is not None and cjk is not None:
            raise WordsiftError(
                "cjk applies to the default rule only: with segment='uax29' each Han ideograph "
                "and hiragana letter is a word of its own already"
            )
        if strip_accents not in ("unicode", "ascii", None):
            raise WordsiftError(f"strip_accents must be 'unicode', 'ascii' or None, got {strip_accents!r}")
        self._strip_accents = strip_accents
        self._urls = _check_span_action(urls, "urls")
        self._emails = _check_span_action(emails, "emails")
        self._mentions = _check_span_action(mentions, "mentions")
        self._hashtags = _check_span_action(hashtags, "hashtags")
        if emoji not in ("keep", None):
            raise WordsiftError(f"emoji must be 'keep' or None, got {emoji!r}")
        self._emoji = emoji
        self._html = _check_bool(html, "html")
        self._stopword_entries: frozenset[str] = frozenset()
        # The bundled list the stopwords came from, to name it in explanations
        # (None for stopwords given as words, or none).
        self._stopword_list: str | None = None
        self._stopwords = self._build_stopword_set(stopwords)
        unmatchable = self.unmatchable_stopwords
        if unmatchable:
            shown = ", ".join(map(repr, unmatchable[:5])) + (", ..." if len(unmatchable) > 5 else "")
            count, verb = ("1 stopword", "is") if len(unmatchable) == 1 else (f"{len(unmatchable)} stopwords", "are")
            warnings.warn(
                f"{count} can never match a token under these options and {verb} ignored: {shown}; "
                "see Tokenizer.unmatchable_stopwords",
                StopwordWarning,
                stacklevel=2,
            )

    # Read-only views: a Tokenizer is immutable once built.
    @property
    def lowercase(self) -> bool:
        """Whether the text is lower-cased before splitting."""
        return self._lowercase

    @property
    def case_sensitive(self) -> bool:
        """Whether stopwords match exactly, case included."""
        return self._case_sensitive

    @property
    def keep_numbers(self) -> bool:
        """Whether runs of decimal digits are tokens."""
        return self._keep_numbers

    @property
    def min_len(self) -> int:
        """The shortest token kept, in code points."""
        return self._min_len

    @property
    def max_len(self) -> int | None:
        """The longest token kept, in code points, or None."""
        return self._max_len

    @property
    def normalize(self) -> str | None:
        """The normalisation form applied first ("NFC", "NFKC") or None."""
        return self._normalize

    @property
    def errors(self) -> str:
        """What a lone surrogate in a text does: "strict" raises, "replace" makes it U+FFFD."""
        return self._errors

    @property
    def stem(self) -> str | None:
        """The language whose Snowball stemmer each kept token goes through, or None."""
        return None if self._stemmer is None else self._stemmer[0]

    @property
    def cjk(self) -> str | None:
        """What a run of Han ideographs and kana makes: None (a word), "chars" (a token per character)
        or "bigrams" (a token per two neighbouring characters)."""
        return self._cjk

    @property
    def segment(self) -> str | None:
        """Where words are cut: None (the default rule) or "uax29" (Unicode word boundaries)."""
        return self._segment

    @property
    def strip_accents(self) -> str | None:
        """How accents are stripped before the spans and words are found: None (they are not), "unicode"
        (the marks of Latin, Greek and Cyrillic letters removed) or "ascii" (NFKD, then only ASCII kept)."""
        return self._strip_accents

    @property
    def urls(self) -> str | None:
        """What a URL makes: None (it is not looked for), "keep" (one token) or "drop" (none)."""
        return self._urls

    @property
    def emails(self) -> str | None:
        """What an e-mail address makes: None (it is not looked for), "keep" (one token) or "drop" (none)."""
        return self._emails

    @property
    def mentions(self) -> str | None:
        """What a mention (@name) makes: None (it is not looked for), "keep" (one token) or "drop" (none)."""
        return self._mentions

    @property
    def hashtags(self) -> str | None:
        """What a hashtag (#tag) makes: None (it is not looked for), "keep" (one token) or "drop" (none)."""
        return self._hashtags

    @property
    def emoji(self) -> str | None:
        """What an emoji makes: None (it is not looked for) or "keep" (one token)."""
        return self._emoji

    @property
    def html(self) -> bool:
        """Whether the text is read as HTML: markup separates words, script/style/template content is dropped,
        character references are decoded."""
        return self._html

    def _span_actions(self) -> dict[str, str]:
        """The kinds of span looked for (rule 1b), each to what it makes, "keep" or "drop"."""
        options = {
            "url": self.urls,
            "email": self.emails,
            "mention": self.mentions,
            "hashtag": self.hashtags,
            "emoji": self.emoji,
        }
        return {kind: action for kind, action in options.items() if action is not None}

    def _prepare(self, text: str) -> str:
        """Rules 1 and 1a: `text` (surrogates dealt with) normalised and its accents stripped."""
        return _strip_accents(_normalize(text, self.normalize), self.strip_accents, self.normalize)

    def _build_stopword_set(self, stopwords: object) -> frozenset[str] | None:
        if stopwords is None:
            return None
        if isinstance(stopwords, str):
            self._stopword_list = _resolve_list_name(stopwords)
            words: Iterable[object] = _read_stopword_list(self._stopword_list)
        elif isinstance(stopwords, Iterable) and not isinstance(stopwords, (bytes, bytearray)):
            words = stopwords
        else:
            raise TypeError(
                f"stopwords must be a list name, an iterable of str or None, not {type(stopwords).__name__}"
            )
        given = set()
        entries = set()
        for word in words:
            if not isinstance(word, str):
                raise TypeError(f"stopwords entries must be str, not {type(word).__name__}")
            checked = _check_text(word, "stopwords entry", self.errors)
            given.add(checked)
            entry = self._prepare(checked)
            entries.add(entry if self.case_sensitive else _lower(entry))
        self._stopword_entries = frozenset(given)
        return frozenset(entries)

    @property
    def unmatchable_stopwords(self) -> list[str]:
        """The stopwords (as given, sorted) that no token can equal under these options.

        An entry can match only if, tokenised by these rules without stopwords
        or length limits, it is one token whose matching form is the entry's:
        not so for entries with punctuation, spaces or digits (numbers
        dropped), or with capitals when tokens are lower-cased and matching is
        case-sensitive.
        """
        if not self._stopword_entries:
            return []
        plain = Tokenizer(
            stopwords=None,
            lowercase=self.lowercase,
            case_sensitive=self.case_sensitive,
            keep_numbers=self.keep_numbers,
            normalize=self.normalize,
            cjk=self.cjk,
            segment=self.segment,
            strip_accents=self.strip_accents,
            urls=self.urls,
            emails=self.emails,
            mentions=self.mentions,
            hashtags=self.hashtags,
            emoji=self.emoji,
            html=self.html,
        )
        unmatchable = []
        for word in sorted(self._stopword_entries):
            entry = self._prepare(word)
            entry = entry if self.case_sensitive else _lower(entry)
            tokens = plain._tokenize(word)
            if len(tokens) != 1:
                unmatchable.append(word)
                continue
            key = tokens[0] if self.lowercase or self.case_sensitive else _lower(tokens[0])
            if key != entry:
                unmatchable.append(word)
        return unmatchable

    @property
    def stopwords(self) -> frozenset[str] | None:
        """The stopwords as matched (normalised, lower-cased unless case-sensitive), or None."""
        return self._stopwords

    def __repr__(self) -> str:
        count = "None" if self._stopwords is None else f"<{len(self._stopwords)} words>"
        return (
            f"Tokenizer(stopwords={count}, lowercase={self.lowercase}, case_sensitive={self.case_sensitive}, "
            f"keep_numbers={self.keep_numbers}, min_len={self.min_len}, max_len={self.max_len}, "
            f"normalize={self.normalize!r}, errors={self.errors!r}, cjk={self.cjk!r}, stem={self.stem!r}, "
            f"segment={self.segment!r}, strip_accents={self.strip_accents!r}, urls={self.urls!r}, "
            f"emails={self.emails!r}, mentions={self.mentions!r}, hashtags={self.hashtags!r}, emoji={self.emoji!r}, "
            f"html={self.html})"
        )

    def _keeps(self, token: str) -> bool:
        if len(token) < self.min_len or (self.max_len is not None and len(token) > self.max_len):
            return False
        if self._stopwords is None:
            return True
        key = token if self.lowercase or self.case_sensitive else _lower(token)
        return key not in self._stopwords

    def _words_by_rule(self, text: str) -> list[str]:
        """Rule 3: the words (and, with keep_numbers, numbers) of a text."""
        candidates = []
        for match in _TOKEN_PATTERN.finditer(text):
            word, number = match.groups()
            if word is not None and self.cjk == "chars":
                candidates.extend(_CJK_PIECES.findall(word))
            elif word is not None and self.cjk == "bigrams":
                candidates.extend(_bigrams(_CJK_PIECES.findall(word)))
            elif word is not None:
                candidates.append(word)
            elif self.keep_numbers:
                candidates.append(number)
        return candidates

    def _words_by_uax29(self, text: str) -> list[str]:
        """Rule 3 with segment="uax29": the pieces between word boundaries that hold a letter (or a digit)."""
        return [
            piece
            for piece in _word_segments(text)
            if _LETTER.search(piece) or (self.keep_numbers and _DIGIT.search(piece))
        ]

    def _tokenize(self, text: str) -> list[str]:
        if self.html:
            text = _read_html(text)[0]
        text = self._prepare(text)
        actions = self._span_actions()
        tokens = []
        for start, end, kind in _web_parts(text, actions):
            if kind is None:
                tokens.extend(self._piece_tokens(text[start:end]))
            elif actions[kind] == "keep":
                token = self._span_token(text[start:end], kind)
                if self._keeps(token):
                    tokens.append(token)
        return tokens

    def _piece_tokens(self, piece: str) -> list[str]:
        """Rules 2 to 5 of a piece of the prepared text (the whole text when no span is looked for)."""
        if self.lowercase:
            piece = _lower(piece)
        candidates = self._words_by_rule(piece) if self.segment is None else self._words_by_uax29(piece)
        tokens = []
        for candidate in candidates:
            token = candidate.translate(_DROP_FORMAT)
            if self._keeps(token):
                tokens.append(token if self._stemmer is None else self._stem(token))
        return tokens

    def _span_token(self, span: str, kind: str) -> str:
        """The token of a span (rule 1b): lower-cased as a text of its own, format characters removed
        (but from emoji). Rule 4 applies to it as to any token; rule 5 does not."""
        token = _lower(span) if self.lowercase else span
        return token if kind == "emoji" else token.translate(_DROP_FORMAT)

    def _prepared_with_origins(self, original: str) -> tuple[str, list[_Origin] | None]:
        """Rules 0 to 1a of `original` with the origin of each character, or None where each is (i, i + 1)."""
        text = _check_text(original, "text", self.errors)
        if self.html:
            # Rule 0b: the origins of the text read as HTML are spans of the
            # text with surrogates joined, each mapped back to `original`.
            text, html_origins = _read_html(text)
            joined = _surrogate_origins(original)
            origins = [(joined[start][0], joined[end - 1][1]) for start, end in html_origins]
            text, origins = _normalize_with_origins(text, origins, self.normalize)
            return _strip_accents_with_origins(text, origins, self.strip_accents, self.normalize)
        # The origins need not be tracked when each character comes from the
        # one at its index: no surrogate pair was joined (the length is the
        # same; a lone surrogate made U+FFFD stays where it was), the text
        # was in normal form already (the shortcut of `_normalize`), and no
        # accents are stripped.
        if (
            len(text) == len(original)
            and (self.normalize is None or _MAY_CHANGE[self.normalize].isdisjoint(text))
            and self.strip_accents is None
        ):
            return text, None
        text, origins = _normalize_with_origins(text, _surrogate_origins(original), self.normalize)
        return _strip_accents_with_origins(text, origins, self.strip_accents, self.normalize)

    def _lowered_with_origins(
        self, piece: str, origins: list[_Origin] | None, offset: int
    ) -> tuple[str, list[_Origin] | None]:
        """Rule 2 of a piece with the origin of each character, or None where each is (offset + i, offset + i + 1)
        (`origins` is None where each character of `piece` is so)."""
        if not self.lowercase:
            return piece, origins
        lowered = _lower(piece)
        # Lower-casing that keeps the length mapped each character to one (no
        # character maps to nothing).
        if origins is None and len(lowered) == len(piece):
            return lowered, None
        if origins is None:
            origins = [(offset + index, offset + index + 1) for index in range(len(piece))]
        return _lower_with_origins(piece, origins)

    def _candidate_ranges(self, text: str) -> list[tuple[int, int, bool]]:
        """Rule 3 with positions: each candidate's range [s, e) in `text` and whether it is a number.

        Numbers are candidates here whatever `keep_numbers` says; otherwise
        the candidates are those of `_words_by_rule` or `_words_by_uax29`.
        """
        ranges: list[tuple[int, int, bool]] = []
        if self.segment == "uax29":
            start = 0
            for piece in _word_segments(text):
                if _LETTER.search(piece):
                    ranges.append((start, start + len(piece), False))
                elif _DIGIT.search(piece):
                    ranges.append((start, start + len(piece), True))
                start += len(piece)
            return ranges
        for match in _TOKEN_PATTERN.finditer(text):
            word, _ = match.groups()
            if word is None:
                ranges.append((match.start(), match.end(), True))
            elif self.cjk is None:
                ranges.append((match.start(), match.end(), False))
            else:
                pieces = [(match.start() + p.start(), match.start() + p.end()) for p in _CJK_PIECES.finditer(word)]
                if self.cjk == "bigrams":
                    pieces = _bigram_ranges(text, pieces)
                ranges.extend((start, end, False) for start, end in pieces)
        return ranges

    def _reason(self, token: str, is_number: bool) -> str:
        """What rule 4 makes of a candidate (format characters removed): "kept" or why it is dropped."""
        if is_number and not self.keep_numbers:
            return "number"
        if len(token) < self.min_len:
            return "short"
        if self.max_len is not None and len(token) > self.max_len:
            return "long"
        # Within the length limits, only a stopword is not kept.
        return "kept" if self._keeps(token) else "stopword"

    def _candidate_spans(self, original: str) -> list[tuple[int, int, str, str, str | None]]:
        """Each candidate of `original`, in order, as (start, end, reason, token, stem): the spans of
        rule 1b and the candidates of rule 3 in each piece between them.

        (start, end) spans the origins of all the candidate's characters;
        the stem is set for kept tokens when stemming (never for spans).
        """
        text, origins = self._prepared_with_origins(original)
        actions = self._span_actions()
        spans: list[tuple[int, int, str, str, str | None]] = []
        for part_start, part_end, kind in _web_parts(text, actions):
            if kind is None:
                piece_origins = None if origins is None else origins[part_start:part_end]
                spans.extend(self._piece_candidate_spans(text[part_start:part_end], piece_origins, part_start))
                continue
            start, end = _origin_span(origins, part_start, part_end, 0)
            token = self._span_token(text[part_start:part_end], kind)
            reason = self._reason(token, is_number=False) if actions[kind] == "keep" else kind
            spans.append((start, end, reason, token, None))
        return spans

    def _piece_candidate_spans(
        self, piece: str, origins: list[_Origin] | None, offset: int
    ) -> list[tuple[int, int, str, str, str | None]]:
        """`_candidate_spans` of one piece of the prepared text, which starts at `offset` in it."""
        text, origins = self._lowered_with_origins(piece, origins, offset)
        spans: list[tuple[int, int, str, str, str | None]] = []
        for s, e, is_number in self._candidate_ranges(text):
            start, end = _origin_span(origins, s, e, offset)
            token = text[s:e].translate(_DROP_FORMAT)
            reason = self._reason(token, is_number)
            stem = self._stem(token) if reason == "kept" and self._stemmer is not None else None
            spans.append((start, end, reason, token, stem))
        return spans

    def tokenize_with_offsets(self, text: str, /) -> list[tuple[str, int, int]]:
        """The tokens of one text, as `tokenize` gives them, each with its span (start, end) in `text`."""
        return [
            (token if stem is None else stem, start, end)
            for start, end, reason, token, stem in self._candidate_spans(text)
            if reason == "kept"
        ]

    def explain(self, text: str, /) -> Explanation:
        """Every span of `text`, in order, with what became of it (see the module docstring)."""
        candidates = self._candidate_spans(text)
        covered = [False] * len(text)
        for start, end, *_ in candidates:
            covered[start:end] = [True] * (end - start)
        separators: list[tuple[int, int, str, str | None, str | None]] = []
        for index, is_covered in enumerate(covered):
            if is_covered:
                continue
            if separators and separators[-1][1] == index:
                separators[-1] = (separators[-1][0], index + 1, "separator", None, None)
            else:
                separators.append((index, index + 1, "separator", None, None))
        # Sorting is stable: candidates with one start keep their order, and
        # no separator starts where another entry does.
        spans = sorted([*candidates, *separators], key=lambda span: span[0])
        return explanation(text, spans, stopword_list=self._stopword_list, min_len=self.min_len, max_len=self.max_len)

    def _stem(self, token: str) -> str:
        """Rule 5: the token's stem, or the token where Snowball leaves nothing of it."""
        assert self._stemmer is not None
        return self._stemmer[1].stemWord(token) or token

    def __call__(self, text: str, /) -> list[str]:
        """`tokenize(text)`: a callable from text to tokens (scikit-learn's `analyzer=`)."""
        return self.tokenize(text)

    def tokenize(self, text: str, /) -> list[str]:
        """The tokens of one text."""
        return self._tokenize(_check_text(text, "text", self.errors))

    def tokenize_batch(self, texts: Iterable[str], /, *, threads: int | None = None) -> list[list[str]]:
        """The tokens of each text, in order. `threads` is validated and otherwise ignored here."""
        return [self._tokenize(text) for text in _check_batch(texts, threads, self.errors)]

    def count(
        self, texts: Iterable[str], /, *, threads: int | None = None, ngram_range: tuple[int, int] = (1, 1)
    ) -> TokenCounts:
        """Term and document frequencies of the kept tokens of the texts, or of their word n-grams."""
        term_frequencies: Counter[str] = Counter()
        document_frequencies: Counter[str] = Counter()
        checked = _check_batch(texts, threads, self.errors)
        for text in checked:
            tokens = word_ngrams(self._tokenize(text), ngram_range)
            term_frequencies.update(tokens)
            document_frequencies.update(set(tokens))
        return TokenCounts(term_frequencies, document_frequencies, len(checked))


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """The word n-grams of one document's tokens for every n in `ngram_range`, shortest first, each
    joined with one space (scikit-learn's convention): no n-gram runs from one document into the next."""
    low, high = ngram_range
    if low < 1 or low > high:
        raise WordsiftError(
            f"Invalid value for ngram_range=({low}, {high}): lower boundary larger than the upper boundary, or below 1"
        )
    grams: list[str] = []
    for n in range(low, high + 1):
        for start in range(len(tokens) - n + 1):
            grams.append(" ".join(tokens[start : start + n]))
    return grams


def _check_batch(texts: Iterable[str], threads: int | None, errors: str) -> list[str]:
    """The texts of a batch, checked, and `threads` validated."""
    if threads is not None:
        if not isinstance(threads, int):
            raise TypeError(f"threads must be int or None, not {type(threads).__name__}")
        if threads < 1:
            raise WordsiftError(f"threads must be >= 1, got {threads}")
    if isinstance(texts, str):
        raise TypeError("texts must be an iterable of str, not a single str")
    if not isinstance(texts, Iterable):
        raise TypeError(f"texts must be an iterable of str, not {type(texts).__name__}")
    return [_check_text(text, f"texts[{index}]", errors) for index, text in enumerate(texts)]


def tokenize(text: str, /, **options: object) -> list[str]:
    """The tokens of `text` under the given options (see `Tokenizer`)."""
    return Tokenizer(**options).tokenize(text)  # type: ignore[arg-type]


def tokenize_with_offsets(text: str, /, **options: object) -> list[tuple[str, int, int]]:
    """The tokens of `text` under the given options, each with its span (start, end) in `text` (see `Tokenizer`)."""
    return Tokenizer(**options).tokenize_with_offsets(text)  # type: ignore[arg-type]
