"""Bounded memory: corpora on disk are streamed, so a run's memory does not grow with the corpus.

A JSON Lines corpus of 365 MB (the shared corpus twenty times over, written
a copy at a time) goes through `write_corpus`, `count_files` and an
iteration of `tokenize_files`, each in a fresh interpreter whose peak
resident set (the kernel's VmHWM, which starts anew at exec) must stay far
below the corpus: measured at 29 to 47 MB on two threads, the interpreter's
13 MB included. The bound is for two threads: each thread keeps a fixed
number of chunks in flight (on eight threads the peaks measured 47 to 128
MB). A child that holds the corpus must fail the same bound.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

COPIES = 20
PEAK_BOUND = 100_000_000  # bytes, against a corpus of 365 MB

PEAK_RSS = "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM:')))\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="the peak is read from /proc (Linux)")


class BigCorpus(NamedTuple):
    path: Path
    documents: int


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory, corpus: list[tuple[int, str]]) -> Iterator[BigCorpus]:
    """The shared corpus COPIES times over as one JSON Lines file, removed after this module's tests."""
    directory = tmp_path_factory.mktemp("bounded-memory")
    path = directory / "big.jsonl"
    block = "".join(json.dumps({"id": str(id), "title": "", "text": text}) + "\n" for id, text in corpus).encode()
    with path.open("wb") as out:
        for _ in range(COPIES):
            out.write(block)
    assert path.stat().st_size > 300_000_000
    yield BigCorpus(path, len(corpus) * COPIES)
    shutil.rmtree(directory)


def _run_child(code: str, *args: str) -> tuple[str, int]:
    """Runs `code` in a fresh interpreter with `args` in sys.argv[1:]; returns its last line of output before the
    peak, and its peak resident set in bytes."""
    result = subprocess.run(
        [sys.executable, "-c", code + PEAK_RSS, *args], capture_output=True, text=True, check=True, timeout=300
    )
    lines = result.stdout.strip().splitlines()
    return lines[-2], int(lines[-1]) * 1024


def _lines(path: Path) -> int:
    """The number of lines of a file, read a megabyte at a time."""
    count = 0
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            count += block.count(b"\n")
    return count


def test_write_corpus_streams_a_corpus_larger_than_its_memory(big_corpus: BigCorpus, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    try:
        printed, peak = _run_child(
            "import sys, wordsift.corpus\n"
            "print(wordsift.corpus.write_corpus([sys.argv[1]], sys.argv[2], threads=2).documents)\n",
            str(big_corpus.path),
            str(output),
        )
        assert int(printed) == big_corpus.documents
        assert _lines(output) == big_corpus.documents
    finally:
        output.unlink(missing_ok=True)
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"


def test_count_files_streams_a_corpus_larger_than_its_memory(big_corpus: BigCorpus) -> None:
    printed, peak = _run_child(
        "import json, sys, wordsift.corpus\n"
        "counts, summary = wordsift.corpus.count_files([sys.argv[1]], threads=2)\n"
        "print(json.dumps([counts.documents, summary.documents]))\n",
        str(big_corpus.path),
    )
    assert json.loads(printed) == [big_corpus.documents] * 2
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"


def test_iterating_tokenize_files_streams_a_corpus_larger_than_its_memory(big_corpus: BigCorpus) -> None:
    printed, peak = _run_child(
        "import sys, wordsift.corpus\n"
        "print(sum(1 for _ in wordsift.corpus.tokenize_files([sys.argv[1]], threads=2)))\n",
        str(big_corpus.path),
    )
    assert int(printed) == big_corpus.documents
    assert peak < PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"


def test_the_peak_measurement_fails_a_child_that_holds_the_corpus(big_corpus: BigCorpus) -> None:
    # The control: reading the whole file at once, as a run that did not
    # stream would, is over the bound.
    printed, peak = _run_child(
        "import sys\nprint(len(open(sys.argv[1], 'rb').read()))\n",
        str(big_corpus.path),
    )
    assert int(printed) == big_corpus.path.stat().st_size
    assert peak > PEAK_BOUND, f"peak {peak / 1e6:.0f} MB"
