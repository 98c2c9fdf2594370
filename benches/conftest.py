"""Benchmark session setup: refuse to time a debug build; load the shared corpus once."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import wordsift._core

REPO_ROOT = Path(__file__).resolve().parent.parent
CORPUS_PATH = Path(os.environ.get("WORDSIFT_CORPUS") or REPO_ROOT.parent / "shared" / "corpus" / "reuters21578.jsonl")


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


@pytest.fixture(scope="session")
def corpus() -> list[str]:
    """title + "\\n" + text for each Reuters-21578 document, as the corpus README defines the benchmark text."""
    if not CORPUS_PATH.is_file():
        pytest.fail(f"benchmark corpus not found at {CORPUS_PATH}; set WORDSIFT_CORPUS to its path", pytrace=False)
    with CORPUS_PATH.open(encoding="utf-8") as lines:
        return [record["title"] + "\n" + record["text"] for record in map(json.loads, lines)]
