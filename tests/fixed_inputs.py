"""The fixed inputs every tokenising behaviour is checked on: the shared corpus
and the naughty strings, the option sets under which the reference and the
Rust core are compared on them whole (tests/test_parity.py), and the digests
that pin the reference's tokens of them to a version of the token rules
(python/wordsift/data/token_rules.txt, tests/test_token_rules.py,
scripts/token_digests.py).

The data sets live outside the repository, in the workspace's shared folder
(`../shared/` next to the repository root); WORDSIFT_CORPUS and WORDSIFT_BLNS
point elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
CORPUS_PATH = Path(os.environ.get("WORDSIFT_CORPUS") or SHARED_DIR / "corpus" / "reuters21578.jsonl")
BLNS_PATH = Path(os.environ.get("WORDSIFT_BLNS") or SHARED_DIR / "testdata" / "blns.json")
RULES_FILE = REPO_ROOT / "python" / "wordsift" / "data" / "token_rules.txt"
CHANGELOG = REPO_ROOT / "CHANGELOG.md"


def read_corpus(path: Path = CORPUS_PATH) -> list[tuple[int, str]]:
    """(id, title + "\\n" + text) for every Reuters-21578 document, in file order."""
    documents = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            documents.append((record["id"], record["title"] + "\n" + record["text"]))
    if len(documents) <= 20_000:
        raise ValueError(f"{path} looks truncated: {len(documents)} documents")
    return documents


def read_blns(path: Path = BLNS_PATH) -> list[str]:
    """The Big List of Naughty Strings."""
    strings = json.loads(path.read_text(encoding="utf-8"))
    if not (isinstance(strings, list) and all(isinstance(string, str) for string in strings)):
        raise ValueError(f"{path} is not a JSON list of strings")
    if len(strings) <= 500:
        raise ValueError(f"{path} looks truncated: {len(strings)} strings")
    return strings


# The shared corpus, every document.
OPTION_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "keep-numbers": {"keep_numbers": True},
    "no-lowercase": {"lowercase": False},
    "no-stopwords-3-to-12": {"stopwords": None, "min_len": 3, "max_len": 12},
    "nfkc-case-sensitive-custom-list": {
        "normalize": "NFKC",
        "case_sensitive": True,
        "lowercase": False,
        "stopwords": ("The", "said", "Mln", "DLRS", "cafe\u0301", "\ufb01ne", "pct"),
    },
    "english-unnormalised-numbers-min-2": {
        "stopwords": "english",
        "normalize": None,
        "keep_numbers": True,
        "min_len": 2,
    },
    "uax29-numbers": {"segment": "uax29", "keep_numbers": True},
    "web-html-spans-unicode-accents": {
        "html": True,
        "urls": "keep",
        "emails": "drop",
        "mentions": "keep",
        "hashtags": "keep",
        "emoji": "keep",
        "strip_accents": "unicode",
    },
}

# The Big List of Naughty Strings, every string: scripts, emoji and oddities
# the corpus lacks, under the options (cjk, stem) that only they exercise.
BLNS_OPTION_SETS: dict[str, dict[str, Any]] = {
    "defaults": {},
    "numbers-no-stopwords-min-0": {"keep_numbers": True, "stopwords": None, "min_len": 0},
    "nfkc-cased-max-6": {"lowercase": False, "normalize": "NFKC", "max_len": 6},
    "case-sensitive-unnormalised-list": {
        "case_sensitive": True,
        "normalize": None,
        "stopwords": ["the", "\u0130", "\U0001f600"],
    },
    "uax29-nfkc-english-stems": {"segment": "uax29", "keep_numbers": True, "normalize": "NFKC", "stem": "english"},
    "cjk-bigrams-arabic-stems-min-2": {"cjk": "bigrams", "stem": "arabic", "min_len": 2},
    "web-html-spans-kept-unicode-accents": {
        "html": True,
        "urls": "keep",
        "emails": "keep",
        "mentions": "keep",
        "hashtags": "keep",
        "emoji": "keep",
        "strip_accents": "unicode",
        "lowercase": False,
    },
    "web-spans-dropped-ascii-uax29": {
        "urls": "drop",
        "emails": "drop",
        "mentions": "drop",
        "hashtags": "drop",
        "strip_accents": "ascii",
        "segment": "uax29",
        "stem": "english",
    },
}

INPUTS = {"corpus": OPTION_SETS, "naughty": BLNS_OPTION_SETS}


def digest(token_lists: Iterable[list[str]]) -> str:
    """The SHA-256 of token lists, one line per text: its tokens as a JSON array, UTF-8."""
    sha = hashlib.sha256()
    for tokens in token_lists:
        sha.update(json.dumps(tokens, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n")
    return sha.hexdigest()


def read_rules() -> tuple[int, dict[tuple[str, str], tuple[int, str]]]:
    """The rules version, and per (input, option set) the version its digest was written under and the digest."""
    version = 0
    digests: dict[tuple[str, str], tuple[int, str]] = {}
    for line in RULES_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *fields = line.split()
        if kind == "rules":
            version = int(fields[0])
        elif kind == "sha256":
            source, name, written_under, hex_digest = fields
            digests[source, name] = (int(written_under), hex_digest)
        else:
            raise ValueError(f"{RULES_FILE}: unknown line {line!r}")
    return version, digests


def changelog_versions() -> set[int]:
    """The rules versions CHANGELOG.md has an entry for ("## Token rules N")."""
    prefix = "## Token rules "
    return {
        int(line.removeprefix(prefix).split()[0])
        for line in CHANGELOG.read_text(encoding="utf-8").splitlines()
        if line.startswith(prefix)
    }
