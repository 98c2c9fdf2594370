"""The README's and the documentation's examples run as written: every code block marked `runnable` (```python
runnable, ```sh runnable) is run on small files named as the examples name them, in a temporary directory.

Python blocks run in one namespace each; where a line ends in a comment that is a Python literal (`# ['maduro',
'side', 'generals']`), the line's value must equal it. Shell lines run one by one with the installed `wordsift`
command first on PATH, and must exit 0 without an error message.
"""

from __future__ import annotations

import ast
import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fixed_inputs import CORPUS_PATH, REPO_ROOT

README = REPO_ROOT / "README.md"
DOCS = REPO_ROOT / "docs"
# The README, then the site's pages in the order of its navigation.
PAGES = [README] + [
    DOCS / name
    for name in (
        "index.md",
        "getting-started.md",
        "corpora.md",
        "engines.md",
        "bag-of-words.md",
        "rules.md",
        "languages.md",
        "api.md",
        "speed.md",
        "benchmarks.md",
        "performance.md",
        "guarantees.md",
        "development.md",
        "architecture.md",
    )
]
BLOCK = re.compile(r"^```(\w+) runnable\n(.*?)^```", re.MULTILINE | re.DOTALL)
SEED_000 = REPO_ROOT / "seeds" / "000_36ba6cd82e780804.txt"


def runnable_blocks(language: str, pages: list[Path] = PAGES) -> list[tuple[str, str]]:
    """(where, body) of each runnable block in `language`, page by page."""
    blocks = []
    for page in pages:
        found = [body for kind, body in BLOCK.findall(page.read_text(encoding="utf-8")) if kind == language]
        blocks += [
            (f"{page.relative_to(REPO_ROOT)} {language} block {index}", body) for index, body in enumerate(found)
        ]
    return blocks


def test_every_markdown_page_of_the_site_is_checked_here() -> None:
    assert sorted(DOCS.glob("*.md")) == sorted([*PAGES[1:], DOCS / "changelog.md"])


def test_the_readme_and_the_home_page_have_runnable_examples_of_both_kinds() -> None:
    for page in (README, DOCS / "index.md"):
        assert len(runnable_blocks("python", [page])) >= 1, page
        assert len(runnable_blocks("sh", [page])) >= 1, page
    assert len(runnable_blocks("python")) >= 6


@pytest.fixture
def example_files(tmp_path: Path) -> Iterator[Path]:
    """The files the examples name: a few hundred news records as JSON Lines (plain, gzipped, and named .json),
    a directory of seed articles, seed documents, a Parquet file with a `body` column and a file of lines."""
    lines = CORPUS_PATH.read_text(encoding="utf-8").splitlines(keepends=True)[:300]
    (tmp_path / "news.jsonl").write_text("".join(lines), encoding="utf-8")
    (tmp_path / "news.json").write_text("".join(lines), encoding="utf-8")
    (tmp_path / "news.jsonl.gz").write_bytes(gzip.compress("".join(lines).encode()))
    (tmp_path / "test.jsonl").write_text("".join(lines[:20]), encoding="utf-8")
    records = [json.loads(line) for line in lines]
    articles = tmp_path / "articles"
    articles.mkdir()
    for record in records[:50]:
        title = record["title"].replace("\n", " ")
        (articles / f"{record['id']}.txt").write_text(f"{title}\n{record['text']}", encoding="utf-8")
    shutil.copy(SEED_000, tmp_path / "doc.txt")
    shutil.copy(SEED_000, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_text("Gold falls\nGold fell in Tokyo trading.\n", encoding="utf-8")
    (tmp_path / "docs.txt").write_text("Oil prices rose\nGold fell\n", encoding="utf-8")
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"id": [str(r["id"]) for r in records], "body": [r["text"] for r in records]})
    pq.write_table(table, tmp_path / "news.parquet")
    previous = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(previous)


def _literal(comment: str) -> tuple[bool, object]:
    """Whether a line's comment is a Python literal (the value the line shows), and that value."""
    if "..." in comment:
        return False, None
    with contextlib.suppress(ValueError, SyntaxError):
        return True, ast.literal_eval(comment)
    return False, None


PYTHON_BLOCKS = runnable_blocks("python")


@pytest.mark.parametrize("index", range(len(PYTHON_BLOCKS)), ids=[where for where, _ in PYTHON_BLOCKS])
def test_python_examples_run(example_files: Path, index: int) -> None:
    where, block = PYTHON_BLOCKS[index]
    namespace: dict[str, object] = {"__name__": "docs"}
    exec(compile(block, where, "exec"), namespace)
    checked = 0
    for line in block.splitlines():
        code, hash_mark, comment = line.partition("  #")
        if not hash_mark or not code.strip() or "=" in code.split("(")[0]:
            continue
        is_literal, expected = _literal(comment.strip())
        if is_literal:
            assert eval(code, namespace) == expected, line
            checked += 1
    if where.endswith("python block 0") and where.startswith(("README.md", "docs/index.md", "docs/getting-started.md")):
        assert checked >= 2, "the results the first block of a page shows are checked"


def test_shell_examples_run(example_files: Path) -> None:
    bin_directory = Path(sys.executable).parent
    environment = {**os.environ, "PATH": f"{bin_directory}{os.pathsep}{os.environ['PATH']}"}
    assert shutil.which("wordsift", path=environment["PATH"]) is not None
    commands = [
        line.split("  #")[0].strip()
        for _, block in runnable_blocks("sh")
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert len(commands) >= 8
    for command in commands:
        result = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, env=environment, timeout=300, check=False
        )
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert "error" not in result.stderr.lower(), f"{command}: {result.stderr}"
    assert sorted(os.listdir(example_files / "out")) == ["a.txt", "b.txt"]
    assert len(os.listdir(example_files / "seeds")) == 50
    assert gzip.decompress((example_files / "tokens.txt.gz").read_bytes()).count(b"\n") == 300
    import scipy.sparse as sp

    names = (example_files / "bow.features.txt").read_text(encoding="utf-8").splitlines()
    assert sp.load_npz(example_files / "bow.npz").shape == (300, len(names))
    assert sp.load_npz(example_files / "test.npz").shape == (20, len(names))
    assert sp.load_npz(example_files / "hashed.npz").shape == (300, 2**20)


# The documentation's table of the default stopword list is the list.

NUMBER_WORDS = {"five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def default_list_section(readme: str) -> str:
    start = readme.index("\n## The default stopword list\n")
    return readme[start : readme.index("\n## ", start + 1)]


def default_list_table(section: str) -> list[tuple[str, list[str]]]:
    """(class, words) for each row of the section's table."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    assert [cell.strip() for cell in rows[0].strip("|").split("|")] == ["class", "words"]
    assert set(rows[1]) <= set("|- ")
    table = []
    for row in rows[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert len(cells) == 2, row
        table.append((cells[0], cells[1].split()))
    return table


def data_file_classes(path: Path) -> list[list[str]]:
    """The words of each commented group of a stopword data file, in order (the header has none)."""
    groups = [block.splitlines() for block in path.read_text(encoding="utf-8").split("\n\n")]
    words = [[line.strip() for line in group if line.strip() and not line.startswith("#")] for group in groups]
    return [group for group in words if group]


def test_the_documented_table_of_the_default_list_is_the_data_file() -> None:
    import wordsift
    import wordsift.reference

    section = default_list_section((DOCS / "languages.md").read_text(encoding="utf-8"))
    stated = re.search(
        r"`(python/wordsift/data/stopwords/[\w.]+)`,\s+(\d+) function words in (\w+)\s+closed classes", section
    )
    assert stated is not None, "the section names the data file, the number of words and of classes"
    path, count, classes = REPO_ROOT / stated.group(1), int(stated.group(2)), NUMBER_WORDS[stated.group(3)]
    table = default_list_table(section)
    words = [word for _, row in table for word in row]
    assert len(table) == classes
    assert len(words) == len(set(words)) == count, "each word once, as many as the text says"
    assert [row for _, row in table] == data_file_classes(path), "the table's rows are the file's classes"
    assert set(words) == wordsift.stopwords("default") == wordsift.reference.stopwords("default")
    assert count == 108


# The API reference documents every public name, each with a docstring.

CONSTANTS = {"RULES_VERSION", "UNICODE_VERSION", "__version__"}


def test_the_api_page_documents_every_public_name() -> None:
    import inspect

    import wordsift
    import wordsift.corpus
    import wordsift.explanation
    import wordsift.sklearn

    api = (DOCS / "api.md").read_text(encoding="utf-8")
    entries = set(re.findall(r"^::: ([\w.]+)$", api, re.MULTILINE))
    for name in wordsift.__all__:
        if name in CONSTANTS:
            assert f"`wordsift.{name}`" in api, name
            continue
        assert f"wordsift.{name}" in entries, f"wordsift.{name} has no entry on the API page"
        assert inspect.getdoc(getattr(wordsift, name)), f"wordsift.{name} has no docstring"
    for module in (wordsift.corpus, wordsift.sklearn, wordsift.explanation):
        listed = re.search(
            rf"^::: {re.escape(module.__name__)}\n(?:    .*\n)*?      members: \[(.*)\]$", api, re.MULTILINE
        )
        assert listed is not None, f"{module.__name__} has no entry listing its members"
        assert [member.strip() for member in listed.group(1).split(",")] == list(module.__all__), module.__name__
        for name in module.__all__:
            member = getattr(module, name)
            if inspect.isclass(member) or inspect.isroutine(member):
                assert inspect.getdoc(member), f"{module.__name__}.{name} has no docstring"


def test_the_tokenizer_docstring_describes_every_option() -> None:
    import inspect

    import wordsift

    options = list(inspect.signature(wordsift.Tokenizer).parameters)
    assert len(options) >= 11
    assert {"errors", "cjk", "stem", "segment"} <= set(options)
    doc = inspect.getdoc(wordsift.Tokenizer) or ""
    described = re.findall(r"^- (\w+(?:, \w+)*):", doc, re.MULTILINE)
    names = {name for names in described for name in names.split(", ")}
    assert sorted(set(options) - names) == [], "options the Tokenizer docstring does not describe"
