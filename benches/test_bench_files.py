"""Many files: the `wordsift` command writing one seed file per document, from a directory of one file per document
and from one JSON Lines file.

The shared corpus as 21,578 seed files (`articles/`: a title line, then the
document, so that each file's body is the corpus's `title + "\\n" + text`)
and as JSON Lines (the same documents in `text`). Each row runs the
installed console script, as users do, writing a new output directory
(`-o out/`: staged, synced once, renamed into place): the corpus-trust
issue's target is 15,000 documents/s for both on 2 cores. Every round
writes a directory of its own, all removed after timing: ext4 makes new
files slow to create for some seconds after many were deleted nearby,
which would charge one round for the cleanup of the one before.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import ReferenceTokens
from test_bench_unix import WORDSIFT

GROUP = "reuters: one file per document"
ROUNDS = 5

INPUTS = {
    "wordsift-cli-seed-files-to-seed-files": "articles/",
    "wordsift-cli-jsonl-to-seed-files": "corpus.jsonl",
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory, corpus: list[str]) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("files")
    articles = directory / "articles"
    articles.mkdir()
    for index, text in enumerate(corpus):
        (articles / f"{index:05}.txt").write_text(f"Document {index}\n{text}", encoding="utf-8")
    records = (
        json.dumps({"id": f"{index:05}.txt", "title": f"Document {index}", "text": text})
        for index, text in enumerate(corpus)
    )
    (directory / "corpus.jsonl").write_text("".join(record + "\n" for record in records), encoding="utf-8")
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


def _run(command: str, directory: Path) -> None:
    subprocess.run(["sh", "-c", command], cwd=directory, check=True, stdout=subprocess.DEVNULL)


def _tokens_of(output: Path, count: int) -> list[list[str]]:
    documents = []
    for index in range(count):
        lines = (output / f"{index:05}.txt").read_text(encoding="utf-8").split("\n")
        assert lines[:2] == [f"Document {index}", ""], index
        documents.append(lines[2:-1])
    return documents


@pytest.mark.parametrize("name", list(INPUTS))
def test_one_file_per_document(
    benchmark: Any, name: str, workdir: Path, corpus: list[str], reference_tokens: ReferenceTokens
) -> None:
    benchmark.group = GROUP
    info = benchmark.extra_info
    info["implementation"] = name
    info["corpus"] = "reuters"
    info["output"] = "seed files"
    info["exact"] = True
    info["bytes"] = sum(len(text.encode("utf-8")) for text in corpus)
    info["documents"] = len(corpus)
    command = f"{WORDSIFT} {INPUTS[name]} -o {{output}}/ --quiet"
    info["command"] = command.format(output="out")

    # Untimed: one run, every document's file against the reference's tokens.
    checked = workdir / f"{name}-checked"
    _run(command.format(output=checked.name), workdir)
    documents = _tokens_of(checked, len(corpus))
    assert len(os.listdir(checked)) == len(corpus)
    assert documents == reference_tokens("reuters"), "the seed files disagree with the reference"
    info["tokens"] = sum(map(len, documents))
    info["reference_tokens"] = info["tokens"]
    info["agreement_documents"] = 1.0
    info["agreement_tokens"] = 1.0

    # Timed: each round into a new directory; all removed afterwards.
    rounds = itertools.count()
    outputs: list[Path] = [checked]

    def setup() -> tuple[tuple[str, Path], dict[str, Any]]:
        output = workdir / f"{name}-{next(rounds)}"
        outputs.append(output)
        return (command.format(output=output.name), workdir), {}

    try:
        benchmark.pedantic(_run, setup=setup, rounds=ROUNDS, iterations=1)
    finally:
        for output in outputs:
            shutil.rmtree(output, ignore_errors=True)
