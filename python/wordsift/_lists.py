"""Where each bundled stopword list came from: the `#@` fields of its data file."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from wordsift.errors import WordsiftError

_LISTS_DIR = Path(__file__).resolve().parent / "data" / "stopwords"
_DEFAULT_LIST = "english"
_FIELD = re.compile(r"#@ ([a-z0-9-]+): (.*)")
_LEFT_OUT = re.compile(r"# Left out, .*\(\d+\): (.*)")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class StopwordListInfo:
    """A bundled stopword list's provenance, as `wordsift.stopword_info` gives it."""

    name: str
    """The list's name: its language in English, lower-case ("german")."""
    language: str
    codes: tuple[str, ...]
    """The ISO 639-1 codes that also select it ("de")."""
    source: str
    """Where the words came from."""
    upstream_version: str
    licence: str
    upstream_sha256: str | None
    """The SHA-256 of the upstream file the words were taken from (None for wordsift's own list)."""
    sha256: str
    """The SHA-256 of the bundled data file, as installed."""
    words: int
    """How many words the list has."""
    left_out: tuple[str, ...]
    """Upstream entries left out because no token can equal them (punctuation, digits, several words)."""


def _list_path(name: str) -> Path:
    if not isinstance(name, str):
        raise TypeError(f"name must be str, not {type(name).__name__}")
    wanted = _DEFAULT_LIST if name == "default" else name
    for path in sorted(_LISTS_DIR.glob("*.txt")):
        if path.stem == wanted or wanted in _header(path.read_text(encoding="utf-8")).get("codes", "").split():
            return path
    # The core's message names every valid name and code.
    from wordsift._core import stopword_list

    stopword_list(name)
    raise WordsiftError(f"unknown stopword list '{name}'")


def _header(text: str) -> dict[str, str]:
    """The `#@` fields (and the left-out line) of a list file's header."""
    fields = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if match := _FIELD.fullmatch(line):
            fields[match[1]] = match[2]
        elif match := _LEFT_OUT.fullmatch(line):
            fields["left-out"] = match[1]
    return fields


def stopword_info(name: str) -> StopwordListInfo:
    """Where the bundled list `name` (a name, an ISO 639-1 code or "default") came from."""
    path = _list_path(name)
    data = path.read_bytes()
    text = data.decode("utf-8")
    fields = _header(text)
    words = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return StopwordListInfo(
        name=path.stem,
        language=fields["language"],
        codes=tuple(fields["codes"].split()),
        source=fields["source"],
        upstream_version=fields["upstream-version"],
        licence=fields["licence"],
        upstream_sha256=fields.get("upstream-sha256"),
        sha256=hashlib.sha256(data).hexdigest(),
        words=len(words),
        left_out=tuple(json.loads(entry) for entry in _JSON_STRING.findall(fields.get("left-out", ""))),
    )
