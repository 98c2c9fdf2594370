"""The token rules under version control: the reference's tokens of the fixed
inputs (the shared corpus, the naughty strings) under each option set of the
parity tests must have the digests recorded in
python/wordsift/data/token_rules.txt next to the rules version.

A change of tokens fails here until it is made a new version of the rules:
raise the `rules` line, say what changed in CHANGELOG.md ("## Token rules
N"), then run `python scripts/token_digests.py --write`. The digests come from
the reference, the specification; the parity tests hold the Rust core to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

import wordsift
import wordsift.reference
from fixed_inputs import BLNS_OPTION_SETS, INPUTS, OPTION_SETS, changelog_versions, digest, read_rules

HOW_TO_CHANGE = (
    "the reference's tokens changed. If that is meant, it is a new version of the token rules: raise the "
    "`rules` line of python/wordsift/data/token_rules.txt, add a '## Token rules N' entry to CHANGELOG.md saying "
    "what changed, and run `python scripts/token_digests.py --write`."
)


def recorded(source: str, name: str) -> str:
    _, digests = read_rules()
    assert (source, name) in digests, f"token_rules.txt has no digest for {source} {name}: {HOW_TO_CHANGE}"
    return digests[source, name][1]


@pytest.mark.parametrize("name", list(OPTION_SETS))
def test_the_corpus_tokens_have_the_recorded_digest(
    name: str, reference_corpus_tokens: Callable[[str, dict[str, Any]], list[list[str]]]
) -> None:
    assert digest(reference_corpus_tokens(name, OPTION_SETS[name])) == recorded("corpus", name), (
        f"corpus, option set {name!r}: {HOW_TO_CHANGE}"
    )


@pytest.mark.parametrize("name", list(BLNS_OPTION_SETS))
def test_the_naughty_strings_tokens_have_the_recorded_digest(name: str, blns: list[str]) -> None:
    reference = wordsift.reference.Tokenizer(**BLNS_OPTION_SETS[name])
    assert digest(reference.tokenize(text) for text in blns) == recorded("naughty", name), (
        f"naughty strings, option set {name!r}: {HOW_TO_CHANGE}"
    )


def test_the_digest_is_of_the_tokens_line_by_line() -> None:
    # Two texts' tokens never hash like one text's, nor like each other in
    # another order.
    assert digest([["a", "b"]]) != digest([["a"], ["b"]])
    assert digest([["a"], ["b"]]) != digest([["b"], ["a"]])
    assert digest([[]]) != digest([])
    # The line of a text is its tokens as a JSON array, UTF-8, not escaped.
    assert digest([["caf\u00e9", "x"]]) == hashlib.sha256(b'["caf\xc3\xa9", "x"]\n').hexdigest()


def test_every_option_set_has_a_digest_and_no_other() -> None:
    _, digests = read_rules()
    assert set(digests) == {(source, name) for source, option_sets in INPUTS.items() for name in option_sets}


def test_the_rules_version_is_the_same_everywhere_and_in_the_changelog() -> None:
    version, digests = read_rules()
    assert wordsift.RULES_VERSION == wordsift.reference.RULES_VERSION == str(version)
    assert version in changelog_versions(), f'CHANGELOG.md has no "## Token rules {version}" entry'
    # A digest is written under the rules of its time, never a later one.
    assert all(written_under <= version for written_under, _ in digests.values())


def test_the_rules_version_is_public() -> None:
    assert "RULES_VERSION" in wordsift.__all__
    assert "RULES_VERSION" in wordsift.reference.__all__
