"""Generate wordsift's pinned Unicode tables.

Both the Rust core and the pure-Python reference read the file this script
writes (python/wordsift/data/unicode_tables.txt), so the two can never disagree
about what a letter is, how a character lower-cases or how text normalises,
whatever Unicode version the Python or Rust toolchain happens to ship.

The data comes from the `unicodedata` module and `str.lower()` of the Python
that runs this script; it refuses to run unless that Python's Unicode version
is the pinned one (Python 3.11 ships Unicode 14.0.0). Two properties that
`unicodedata` lacks, Word_Break and Extended_Pictographic (for the UAX #29
word-segmentation mode), come from the Unicode Character Database's own files
for the same version, kept in scripts/ucd-14.0.0/ (see its README). To move
to a newer Unicode version, change PINNED_VERSION, put that version's files
in a folder of their own, run this script under a Python that ships it, and
review the diff of the data file.

    python scripts/generate_unicode_tables.py            # rewrite the file
    python scripts/generate_unicode_tables.py --check    # fail if it is stale
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

PINNED_VERSION = "14.0.0"
OUTPUT = Path(__file__).resolve().parent.parent / "python" / "wordsift" / "data" / "unicode_tables.txt"
UCD_DIR = Path(__file__).resolve().parent / f"ucd-{PINNED_VERSION}"

MAX_CODE_POINT = 0x10FFFF
SURROGATES = range(0xD800, 0xE000)
# Hangul syllables decompose and compose algorithmically (Unicode 3.12); both
# implementations compute them instead of reading them from the file.
HANGUL_SYLLABLES = range(0xAC00, 0xD7A4)
HANGUL_V = range(0x1161, 0x1176)
HANGUL_T = range(0x11A8, 0x11C3)

ZERO_WIDTH_SPACE = 0x200B
JOINERS = (0x200C, 0x200D)  # ZWNJ and ZWJ: part of Persian and Indic spelling
CAPITAL_SIGMA = "\u03a3"
FINAL_SIGMA = "\u03c2"


def code_points() -> Iterator[int]:
    for cp in range(MAX_CODE_POINT + 1):
        if cp not in SURROGATES:
            yield cp


# Letters written without spaces between words in Chinese and Japanese: Han
# ideographs and kana, told apart by their character names (unicodedata has
# no Script property). The `cjk` option splits them one per token.
IDEOGRAPH_NAME_PREFIXES = (
    "CJK UNIFIED IDEOGRAPH-",
    "CJK COMPATIBILITY IDEOGRAPH-",
    "IDEOGRAPHIC ",
    "HIRAGANA ",
    "KATAKANA ",
    "KATAKANA-HIRAGANA ",
    "HALFWIDTH KATAKANA",
    "HENTAIGANA ",
)


def word_class(cp: int) -> str | None:
    """The tokeniser's class of a character (None: it separates tokens)."""
    category = unicodedata.category(chr(cp))
    if category[0] == "L":
        return "I" if unicodedata.name(chr(cp), "").startswith(IDEOGRAPH_NAME_PREFIXES) else "L"
    if category[0] == "M":
        return "M"
    if category == "Nd":
        return "N"
    if cp in JOINERS:
        return "J"
    if category == "Cf" and cp != ZERO_WIDTH_SPACE:
        return "F"
    return None


def sigma_is_final(text: str, sigma_index: int) -> bool:
    return text.lower()[sigma_index] == FINAL_SIGMA


def casing_class(cp: int) -> str | None:
    """Probe str.lower()'s final-sigma rule to recover the two properties it uses.

    CPython lower-cases U+03A3 to a final sigma when it follows a Cased
    character and is not followed by one, skipping Case_Ignorable characters
    in both directions. unicodedata exposes neither property, but str.lower()
    does, through three probes. I: case-ignorable (skipped); C: cased and not
    case-ignorable; None: neither (it ends the search).
    """
    ch = chr(cp)
    lowered_len = len(ch.lower())
    cased_alone = sigma_is_final(ch + CAPITAL_SIGMA, lowered_len)
    skipped_before = sigma_is_final("A" + ch + CAPITAL_SIGMA, 1 + lowered_len)
    skipped_after = sigma_is_final("A" + CAPITAL_SIGMA + ch, 1)
    if skipped_before and skipped_after:
        return "I"
    if cased_alone:
        return "C"
    return None


def ranges(value_of: Callable[[int], object]) -> Iterator[tuple[int, int, object]]:
    """Runs of consecutive code points with the same non-None value."""
    start = previous = -2
    current: object = None
    for cp in code_points():
        value = value_of(cp)
        if value is not None and value == current and cp == previous + 1:
            previous = cp
            continue
        if current is not None:
            yield start, previous, current
        start = previous = cp
        current = value
    if current is not None:
        yield start, previous, current


def ucd_entries(file_name: str, first_line: str) -> Iterator[tuple[range, str]]:
    """The `START..END ; Value # ...` lines of a UCD property file, as (code points, value).

    `first_line` is the file's own header, which names its version: a file
    of another version is refused.
    """
    text = (UCD_DIR / file_name).read_text(encoding="utf-8")
    header = text.splitlines()[0]
    if header != first_line:
        raise SystemExit(f"{UCD_DIR / file_name} starts {header!r}, not {first_line!r}")
    for line in text.splitlines():
        data = line.split("#", 1)[0].strip()
        if data:
            code_points, value = (field.strip() for field in data.split(";"))
            start, _, end = code_points.partition("..")
            yield range(int(start, 16), int(end or start, 16) + 1), value


def hex_seq(text: str) -> str:
    return " ".join(f"{ord(c):04X}" for c in text)


def composition_pairs() -> dict[tuple[int, int], int]:
    """Primary composites: canonical pairs that NFC recomposes (Hangul excluded)."""
    pairs = {}
    for cp in code_points():
        if cp in HANGUL_SYLLABLES:
            continue
        ch = chr(cp)
        fields = unicodedata.decomposition(ch).split()
        if len(fields) != 2 or fields[0].startswith("<"):
            continue
        first, second = (int(f, 16) for f in fields)
        if unicodedata.combining(chr(first)) != 0:
            continue  # non-starter decompositions are excluded from composition
        if unicodedata.normalize("NFC", ch) != ch:
            continue  # composition exclusion or singleton
        pairs[(first, second)] = cp
    return pairs


ACCENTED_SCRIPTS = ("LATIN ", "GREEK ", "CYRILLIC ")


def is_accented_script_letter(ch: str) -> bool:
    """A letter of the Latin, Greek or Cyrillic script, told by its name (unicodedata has no Script).

    Each one's canonical decomposition is one character and marks of
    non-zero combining class (checked in `main`), so strip_accents="unicode"
    can keep the first and drop the rest.
    """
    return unicodedata.category(ch)[0] == "L" and unicodedata.name(ch, "").startswith(ACCENTED_SCRIPTS)


def generate() -> str:
    lines = [
        "# wordsift Unicode tables: generated by scripts/generate_unicode_tables.py; do not edit.",
        "# Read by the Rust core (src/unicode/unicode_data.rs) and the reference (python/wordsift/reference.py).",
        "# Code points are hexadecimal; START END ranges are inclusive.",
        "# class START END C     tokeniser class: L letter (Lu Ll Lt Lm Lo), I a letter that is a Han",
        "#                       ideograph or kana (by its name; the cjk option splits them),",
        "#                       M mark (Mn Mc Me),",
        "#                       N decimal digit (Nd), J joiner kept in words (ZWNJ, ZWJ),",
        "#                       F format character dropped from words (Cf but ZWSP); others separate",
        "# lower CP SEQ...       full lower-case mapping, where it differs from the character",
        "# casing START END C    for the final-sigma rule: I case-ignorable, C cased",
        "# ccc START END N       canonical combining class, where not 0",
        "# nfd CP SEQ...         full canonical decomposition (Hangul syllables are algorithmic)",
        "# nfkd CP SEQ...        full compatibility decomposition, where it differs from nfd",
        "# compose A B CP        primary composite of the pair A B (Hangul is algorithmic)",
        "# nfc_qc START END Q    NFC quick check, where not Yes: N no, M maybe",
        "# nfkc_qc START END Q   NFKC quick check, where not Yes: N no, M maybe",
        "# wb START END V        Word_Break property value (UAX #29), where not Other",
        "# extpict START END     Extended_Pictographic (UTS #51)",
        "# emoji START END P     emoji property (UTS #51) where Yes: E Emoji, M Emoji_Modifier,",
        "#                       B Emoji_Modifier_Base (every M and B is an E too)",
        "# accented START END    letters of the Latin, Greek and Cyrillic scripts (by their names), whose",
        '#                       combining marks strip_accents="unicode" removes',
        f"version {unicodedata.unidata_version}",
    ]
    for start, end, cls in ranges(word_class):
        lines.append(f"class {start:04X} {end:04X} {cls}")
    for cp in code_points():
        ch = chr(cp)
        if ch.lower() != ch:
            lines.append(f"lower {cp:04X} {hex_seq(ch.lower())}")
    for start, end, cls in ranges(casing_class):
        lines.append(f"casing {start:04X} {end:04X} {cls}")
    for start, end, ccc in ranges(lambda cp: unicodedata.combining(chr(cp)) or None):
        lines.append(f"ccc {start:04X} {end:04X} {ccc}")
    for cp in code_points():
        if cp in HANGUL_SYLLABLES:
            continue
        ch = chr(cp)
        nfd = unicodedata.normalize("NFD", ch)
        nfkd = unicodedata.normalize("NFKD", ch)
        if nfd != ch:
            lines.append(f"nfd {cp:04X} {hex_seq(nfd)}")
        if nfkd != nfd:
            lines.append(f"nfkd {cp:04X} {hex_seq(nfkd)}")
    pairs = composition_pairs()
    for (first, second), cp in sorted(pairs.items()):
        lines.append(f"compose {first:04X} {second:04X} {cp:04X}")
    maybe = {second for _, second in pairs} | set(HANGUL_V) | set(HANGUL_T)
    for form, label in (("NFC", "nfc_qc"), ("NFKC", "nfkc_qc")):

        def quick_check(cp: int, form: str = form) -> str | None:
            ch = chr(cp)
            if unicodedata.normalize(form, ch) != ch:
                return "N"
            return "M" if cp in maybe else None

        for start, end, qc in ranges(quick_check):
            lines.append(f"{label} {start:04X} {end:04X} {qc}")
    word_break = {}
    for cps, value in ucd_entries("WordBreakProperty.txt", f"# WordBreakProperty-{PINNED_VERSION}.txt"):
        word_break.update(dict.fromkeys(cps, value))
    for start, end, value in ranges(word_break.get):
        lines.append(f"wb {start:04X} {end:04X} {value}")
    pictographic = set()
    for cps, value in ucd_entries("emoji-data.txt", f"# emoji-data-{PINNED_VERSION}.txt"):
        if value == "Extended_Pictographic":
            pictographic.update(cps)
    for start, end, _ in ranges(lambda cp: cp in pictographic or None):
        lines.append(f"extpict {start:04X} {end:04X}")
    emoji: dict[int, str] = {}
    # A base or a modifier is an emoji too; the letter says the most it is.
    for name, letter in (("Emoji", "E"), ("Emoji_Modifier", "M"), ("Emoji_Modifier_Base", "B")):
        for cps, value in ucd_entries("emoji-data.txt", f"# emoji-data-{PINNED_VERSION}.txt"):
            if value == name:
                emoji.update(dict.fromkeys(cps, letter))
    for start, end, letter in ranges(emoji.get):
        lines.append(f"emoji {start:04X} {end:04X} {letter}")
    for start, end, _ in ranges(lambda cp: is_accented_script_letter(chr(cp)) or None):
        lines.append(f"accented {start:04X} {end:04X}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file is stale")
    args = parser.parse_args()
    if unicodedata.unidata_version != PINNED_VERSION:
        print(
            f"this Python ships Unicode {unicodedata.unidata_version}; "
            f"the pinned version is {PINNED_VERSION}: run the script under a Python that ships it",
            file=sys.stderr,
        )
        return 2
    for cp in code_points():
        decomposed = unicodedata.normalize("NFD", chr(cp))
        if is_accented_script_letter(chr(cp)) and any(unicodedata.combining(ch) == 0 for ch in decomposed[1:]):
            print(f"U+{cp:04X} decomposes to more than a character and marks", file=sys.stderr)
            return 1
    text = generate()
    if args.check:
        if OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT} is stale: rerun {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
