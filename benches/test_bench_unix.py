"""A yardstick outside Python: classic Unix pipelines over the corpus written to a file, and wordsift's CLI.

`tr -cs A-Za-z '\\n' | tr A-Z a-z | grep -vxFf stopwords.txt` is the
textbook word-list pipeline (ASCII letters only, in the C locale); `wc -w`
only counts whitespace-separated words, about the least any tool can do per
byte. Both run through a shell in a subprocess, so process start-up is
included (milliseconds against a corpus pass). Their output is one stream
for the whole corpus, not one list per document: only the token-level
agreement with the reference is reported (the bag of all tokens).

`wordsift-cli-jsonl` is the `wordsift` command on the same documents as a
JSON Lines file, writing JSON Lines to stdout, timed (like every row) with
stdout on /dev/null: the corpus issue's yardstick, start-up of the
interpreter included. `wordsift-cli-jsonl-file` writes the same output to a
file instead, flushed to disk and renamed into place, as `-o` does.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ReferenceTokens
from implementations import STOPWORDS, agreement

GROUP = "reuters: unix pipelines"
TOOLS = ["sh", "tr", "grep", "wc"]

# The `wordsift` command as users run it: the console script installed beside
# this interpreter (python -m wordsift where there is none).
_SCRIPT = shutil.which("wordsift", path=os.path.dirname(sys.executable))
WORDSIFT = shlex.quote(_SCRIPT) if _SCRIPT else f"{shlex.quote(sys.executable)} -m wordsift"

PIPELINES = {
    "unix-tr-tr-grep": "tr -cs A-Za-z '\\n' < corpus.txt | tr A-Z a-z | grep -vxFf stopwords.txt",
    "unix-wc-w": "wc -w < corpus.txt",
    "wordsift-cli-jsonl": f"{WORDSIFT} corpus.jsonl --quiet",
    "wordsift-cli-jsonl-file": f"{WORDSIFT} corpus.jsonl -o out.jsonl --quiet",
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> Iterator[Path]:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"not on PATH: {', '.join(missing)}")
    directory = tmp_path_factory.mktemp("unix")
    (directory / "corpus.txt").write_text("\n".join(corpus) + "\n", encoding="utf-8")
    (directory / "stopwords.txt").write_text("\n".join(sorted(STOPWORDS)) + "\n", encoding="utf-8")
    records = (json.dumps({"id": index, "text": text}) + "\n" for index, text in enumerate(corpus))
    (directory / "corpus.jsonl").write_text("".join(records), encoding="utf-8")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _run(command: str, directory: Path, output: int | None) -> subprocess.CompletedProcess[bytes]:
    # grep exits 1 when it selects nothing, which a real corpus never causes: check=True.
    return subprocess.run(
        ["sh", "-c", command],
        cwd=directory,
        env={**os.environ, "LC_ALL": "C"},
        stdout=output,
        check=True,
    )


@pytest.mark.parametrize("name", list(PIPELINES))
def test_unix_pipeline(
    benchmark: Any, name: str, workdir: Path, corpus: list[str], reference_tokens: ReferenceTokens
) -> None:
    command = PIPELINES[name]
    benchmark.group = GROUP
    info = benchmark.extra_info
    info["implementation"] = name
    info["corpus"] = "reuters"
    info["output"] = "stream"
    info["exact"] = False
    info["command"] = command
    info["bytes"] = sum(len(text.encode("utf-8")) for text in corpus)
    info["documents"] = len(corpus)

    # Untimed: read the output once and compare it with the reference's tokens.
    stdout = _run(command, workdir, subprocess.PIPE).stdout.decode("utf-8")
    if name == "unix-wc-w":
        info["tokens"] = int(stdout.split()[0])
    elif name.startswith("wordsift-cli-jsonl"):
        output = (workdir / "out.jsonl").read_text(encoding="utf-8") if name.endswith("-file") else stdout
        documents = [json.loads(line)["tokens"] for line in output.splitlines()]
        expected_documents = reference_tokens("reuters")
        assert documents == expected_documents, "the CLI disagrees with the reference"
        info["tokens"] = sum(map(len, documents))
        info["reference_tokens"] = info["tokens"]
        info["agreement_tokens"] = 1.0
    else:
        tokens = [line for line in stdout.split("\n") if line]
        expected = [token for document in reference_tokens("reuters") for token in document]
        info["tokens"] = len(tokens)
        info["reference_tokens"] = len(expected)
        info["agreement_tokens"] = agreement([tokens], [expected])[1]

    # Timed: the same command writing to /dev/null, as a shell user would.
    benchmark(_run, command, workdir, subprocess.DEVNULL)
