"""Checks, or writes, the digests of the reference's tokens that pin the token rules.

    python scripts/token_digests.py          # compare with python/wordsift/data/token_rules.txt
    python scripts/token_digests.py --write  # after a deliberate change of tokens

The digests are made by the reference (the specification), never by the Rust
core: for each fixed input (the shared corpus, the naughty strings) and each
of its option sets (tests/fixed_inputs.py), the SHA-256 of the tokens, one
line per text. tests/test_token_rules.py fails while they differ.

A change of tokens is a new version of the rules. `--write` refuses to record
a changed digest until the `rules` line of token_rules.txt has been raised
above the version the old digest was written under, and CHANGELOG.md has a
"## Token rules N" entry saying what changed; so the digests, the version and
the changelog change together.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import wordsift.reference
from fixed_inputs import INPUTS, RULES_FILE, changelog_versions, digest, read_blns, read_corpus, read_rules
from wordsift.errors import StopwordWarning


def current_digests() -> dict[tuple[str, str], str]:
    # One option set lists stopwords that no token can equal, on purpose.
    warnings.simplefilter("ignore", StopwordWarning)
    texts = {"corpus": [text for _, text in read_corpus()], "naughty": read_blns()}
    digests = {}
    for source, option_sets in INPUTS.items():
        for name, options in option_sets.items():
            tokenizer = wordsift.reference.Tokenizer(**options)
            digests[source, name] = digest(tokenizer.tokenize(text) for text in texts[source])
            print(f"{source} {name}: {digests[source, name]}", file=sys.stderr)
    return digests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="record the digests (see above for when it refuses)")
    args = parser.parse_args()
    version, stored = read_rules()
    digests = current_digests()
    changed = sorted(key for key, value in digests.items() if stored.get(key, (0, ""))[1] != value)
    gone = sorted(set(stored) - set(digests))
    if not changed and not gone:
        print(f"token rules {version}: every digest matches")
        return 0
    for source, name in changed:
        print(f"changed: {source} {name}")
    for source, name in gone:
        print(f"no longer an option set: {source} {name}")
    if not args.write:
        return 1
    stale = [key for key in changed if key in stored and stored[key][0] >= version]
    if stale:
        print(
            f"refused: tokens changed under rules {version}; raise the `rules` line of {RULES_FILE} first",
            file=sys.stderr,
        )
        return 1
    if version not in changelog_versions():
        print(f'refused: CHANGELOG.md has no "## Token rules {version}" entry', file=sys.stderr)
        return 1
    lines = [line for line in RULES_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("sha256 ")]
    for source, name in sorted(
        digests, key=lambda key: (list(INPUTS).index(key[0]), list(INPUTS[key[0]]).index(key[1]))
    ):
        written_under = version if (source, name) in changed else stored[source, name][0]
        lines.append(f"sha256 {source} {name} {written_under} {digests[source, name]}")
    RULES_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"written: {RULES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
