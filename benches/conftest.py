"""Benchmark session setup: refuse to time a debug build, load the corpora once, describe the machine.

The corpora are the shared Reuters-21578 corpus (`title + "\\n" + text` per
document), the same corpus's titles alone (many short texts, where the cost
of each call counts more than the cost of each byte) and the bodies of the
two seed articles (everything after their first line). A smoke run
(`--benchmark-disable`, `make bench-smoke`) uses every fourth document.
"""

from __future__ import annotations

import json
import os
import platform
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import wordsift
import wordsift._core
import wordsift.reference

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_PATH = Path(os.environ.get("WORDSIFT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl")
SEED_PATHS = sorted((REPO_ROOT / "seeds").glob("00[01]_*.txt"))

# The distributions of the `bench` extra whose versions the report shows.
PEER_DISTRIBUTIONS = ["scikit-learn", "blingfire", "gensim", "nltk", "tokenizers", "spacy", "polars", "pyarrow"]


def _times_anything(config: pytest.Config) -> bool:
    disabled = config.getoption("benchmark_disable") and not config.getoption("benchmark_enable")
    return not (disabled or config.getoption("benchmark_skip"))


def pytest_sessionstart(session: pytest.Session) -> None:
    # A smoke run with --benchmark-disable times nothing and may use a debug build.
    if wordsift._core.DEBUG_BUILD and _times_anything(session.config):
        pytest.exit(
            "wordsift._core is a debug build: its timings mean nothing. Rebuild in release mode "
            "(pip install -e . or maturin develop --release) and run the benchmarks again.",
            returncode=1,
        )


def _first_value(path: str, key: str) -> str | None:
    """The value of the first `key: value` (or `key=value`) line of a /proc or /etc file."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        name, separator, value = line.partition(":" if ":" in line else "=")
        if separator and name.strip() == key:
            return value.strip().strip('"')
    return None


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def pytest_benchmark_update_machine_info(config: pytest.Config, machine_info: dict[str, Any]) -> None:
    """What benches/report.py prints about the run: recorded here, where the timings were taken."""
    memory_kib = _first_value("/proc/meminfo", "MemTotal")
    machine_info["wordsift_run"] = {
        "cpu_model": _first_value("/proc/cpuinfo", "model name") or platform.processor() or None,
        "logical_cpus": os.cpu_count(),
        "usable_cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(int(memory_kib.split()[0]) / 2**20, 1) if memory_kib else None,
        "os": _first_value("/etc/os-release", "PRETTY_NAME") or platform.platform(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "wordsift_version": wordsift.__version__,
        "wordsift_release_build": not wordsift._core.DEBUG_BUILD,
        "wordsift_has_tokenize_arrow": hasattr(wordsift.Tokenizer, "tokenize_arrow"),
        "peers": {name: _version(name) for name in PEER_DISTRIBUTIONS},
        "pytest_args": list(config.invocation_params.args),
    }


#: A smoke run (nothing timed) proves each row works on every fourth document: a quarter of the time, and
#: every row still checked against the reference on thousands of documents.
SMOKE_SAMPLE = 4


@pytest.fixture(scope="session")
def corpus(pytestconfig: pytest.Config) -> list[str]:
    """title + "\\n" + text for each Reuters-21578 document, as the corpus README defines the benchmark text."""
    if not CORPUS_PATH.is_file():
        pytest.fail(f"benchmark corpus not found at {CORPUS_PATH}; set WORDSIFT_CORPUS to its path", pytrace=False)
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        documents = [record["title"] + "\n" + record["text"] for record in map(json.loads, lines)]
    return documents if _times_anything(pytestconfig) else documents[::SMOKE_SAMPLE]


@pytest.fixture(scope="session")
def titles(corpus: list[str]) -> list[str]:
    """Each document's first line: many short texts, where per-call overhead dominates."""
    return [text.partition("\n")[0] for text in corpus]


@pytest.fixture(scope="session")
def seed_bodies() -> list[str]:
    """The bodies of seeds 000 and 001 (all after the title line), timed as they are."""
    if len(SEED_PATHS) != 2:
        pytest.fail(f"expected seeds/000_*.txt and seeds/001_*.txt, found {SEED_PATHS}", pytrace=False)
    return [path.read_text(encoding="utf-8").partition("\n")[2] for path in SEED_PATHS]


@pytest.fixture(scope="session")
def corpora(corpus: list[str], titles: list[str], seed_bodies: list[str]) -> dict[str, list[str]]:
    return {"reuters": corpus, "reuters-titles": titles, "seeds": seed_bodies}


class ReferenceTokens:
    """The reference's tokens for each corpus by name, computed on first use (seconds for the whole corpus).

    The time that first call took is kept: the reference's own benchmark row
    sizes its rounds from it instead of running the reference once more.
    """

    def __init__(self, corpora: dict[str, list[str]]) -> None:
        self._corpora = corpora
        self._tokens: dict[str, list[list[str]]] = {}
        self._seconds: dict[str, float] = {}

    def __call__(self, corpus_name: str) -> list[list[str]]:
        if corpus_name not in self._tokens:
            started = time.perf_counter()
            self._tokens[corpus_name] = wordsift.reference.Tokenizer().tokenize_batch(self._corpora[corpus_name])
            self._seconds[corpus_name] = time.perf_counter() - started
        return self._tokens[corpus_name]

    def seconds(self, corpus_name: str) -> float:
        self(corpus_name)
        return self._seconds[corpus_name]


@pytest.fixture(scope="session")
def reference_tokens(corpora: dict[str, list[str]]) -> ReferenceTokens:
    return ReferenceTokens(corpora)
