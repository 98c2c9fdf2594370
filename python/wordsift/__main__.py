"""`python -m wordsift`: the same as the `wordsift` command."""

from wordsift.cli import run

run()
