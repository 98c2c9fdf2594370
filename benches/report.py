"""Write docs/benchmarks.md and docs/benchmarks.png from one pytest-benchmark JSON file.

    python benches/report.py .benchmarks/report.json

`make bench-report` runs the benchmarks with `--benchmark-json` and then this
script. Every figure comes from that one run: throughput is the original
corpus's UTF-8 bytes over the median time of a row (medians, not means: the
machines these run on are shared and noisy), and each ratio compares two
medians of the same run. The machine description is the one conftest.py
recorded while the timings were taken, not the machine running this script.
"""

from __future__ import annotations

import argparse
import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = REPO_ROOT / ".benchmarks" / "report.json"
DEFAULT_OUT_DIR = REPO_ROOT / "docs"

CORPUS_ORDER = ["reuters", "reuters titles", "seeds"]
# The bag-of-words groups (benches/test_bench_vectorize.py): one per vectorizer, rows are CSR matrices.
BAG_OF_WORDS_KINDS = [
    "CountVectorizer().fit_transform",
    "TfidfVectorizer(ngram_range=(1, 2)).fit_transform",
    "HashingVectorizer().transform",
]
KIND_ORDER = ["tokens as lists", "columnar", "unix pipelines", "one file per document", *BAG_OF_WORDS_KINDS]
# Groups whose rows also report documents per second (a file per document).
PER_DOCUMENT = "one file per document"
# The charts: file name -> the groups it shows, top to bottom.
CHARTS = {
    "benchmarks.png": ["reuters: tokens as lists", "reuters: columnar"],
    "benchmarks-vectorize.png": [f"reuters: {kind}" for kind in BAG_OF_WORDS_KINDS],
}
FLOOR = "split-floor"
# The order of the speed-up columns, whatever the speed order of the rows.
WORDSIFT_ORDER = ["wordsift-tokenize-loop", "wordsift-batch-threads-1", "wordsift-batch-threads-2"]
TIMES = "\u00d7"
REFERENCE = "reference"


@dataclass(frozen=True)
class Row:
    group: str
    name: str
    median: float
    rounds: int
    bytes: int
    tokens: int | None
    agreement_documents: float | None
    agreement_tokens: float | None
    exact: bool
    documents: int | None = None
    # Why no agreement is shown: the row is the reference, or made from its tokens.
    not_compared: str | None = None
    # Bag-of-words rows: the matrix's columns and non-zeros, and whether it equals scikit-learn's
    # vectorizer given wordsift's tokens (asserted for wordsift's rows).
    features: int | None = None
    nonzeros: int | None = None
    equal_to_oracle: bool | None = None

    @property
    def megabytes_per_second(self) -> float:
        return self.bytes / self.median / 1e6

    @property
    def documents_per_second(self) -> float | None:
        return None if self.documents is None else self.documents / self.median

    @property
    def is_wordsift(self) -> bool:
        return self.name.startswith("wordsift-")

    @property
    def is_peer(self) -> bool:
        return not self.is_wordsift and self.name not in (FLOOR, REFERENCE)


def load_rows(benchmarks: list[dict[str, Any]]) -> list[Row]:
    rows = []
    for benchmark in benchmarks:
        info = benchmark["extra_info"]
        rows.append(
            Row(
                group=benchmark["group"],
                name=info.get("implementation", benchmark["name"]),
                median=benchmark["stats"]["median"],
                rounds=benchmark["stats"]["rounds"],
                bytes=info["bytes"],
                tokens=info.get("tokens"),
                agreement_documents=info.get("agreement_documents"),
                agreement_tokens=info.get("agreement_tokens"),
                exact=bool(info.get("exact")),
                documents=info.get("documents"),
                not_compared=info.get("not_compared"),
                features=info.get("features"),
                nonzeros=info.get("nonzeros"),
                equal_to_oracle=info.get("equal_to_oracle"),
            )
        )
    return rows


def _group_key(group: str) -> tuple[int, int, str]:
    corpus, _, kind = group.partition(": ")
    corpus_rank = CORPUS_ORDER.index(corpus) if corpus in CORPUS_ORDER else len(CORPUS_ORDER)
    kind_rank = KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
    return corpus_rank, kind_rank, group


def by_group(rows: list[Row]) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.group, []).append(row)
    return {
        group: sorted(groups[group], key=lambda row: row.median / row.bytes) for group in sorted(groups, key=_group_key)
    }


def _seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.1f} ms"
    return f"{value * 1e6:.1f} µs"


def _percent(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value == 1:
        return "100 %"
    # Never round a disagreement up to 100 %.
    return f"{min(value * 100, 99.99):.2f} %"


def _times(value: float) -> str:
    return f"{value:.2f}{TIMES}" if value < 10 else f"{value:.1f}{TIMES}"


def _short(name: str) -> str:
    return name.removeprefix("wordsift-")


def _wordsift_rank(row: Row) -> tuple[int, str]:
    return (WORDSIFT_ORDER.index(row.name) if row.name in WORDSIFT_ORDER else len(WORDSIFT_ORDER), row.name)


def baselines_for(group: str, groups: dict[str, list[Row]]) -> tuple[list[Row], str]:
    """The wordsift rows a group's ratios are taken against, and where they come from.

    A group without wordsift rows (the Unix pipelines) borrows them from the
    list-output group of the same corpus: same bytes, same run.
    """
    own = sorted((row for row in groups[group] if row.is_wordsift), key=_wordsift_rank)
    if own:
        return own, ""
    corpus = group.partition(": ")[0]
    lists_group = f"{corpus}: tokens as lists"
    borrowed = sorted(
        (row for row in groups.get(lists_group, []) if row.is_wordsift and row.name != "wordsift-tokenize-loop"),
        key=_wordsift_rank,
    )
    return borrowed, lists_group if borrowed else ""


def is_bag_of_words(group: str) -> bool:
    return group.partition(": ")[2] in BAG_OF_WORDS_KINDS


def bag_of_words_table(group: str, groups: dict[str, list[Row]], source: str | None = None) -> list[str]:
    baselines, _ = baselines_for(group, groups)
    header = ["implementation", "MB/s", "median", "rounds", "features", "non-zeros"]
    header += ["equal to scikit-learn on wordsift's tokens"]
    header += [f"{_short(baseline.name)} speed-up" for baseline in baselines]
    lines = [f"### {group}", "", *([source, ""] if source else [])]
    lines += ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    for row in groups[group]:
        equal = "n/a" if row.equal_to_oracle is None else "yes" if row.equal_to_oracle else "no"
        if row.exact and row.equal_to_oracle:
            equal += " (asserted)"
        cells = [
            f"**{row.name}**" if row.is_wordsift else row.name,
            f"{row.megabytes_per_second:.1f}",
            _seconds(row.median),
            str(row.rounds),
            "n/a" if row.features is None else f"{row.features:,}",
            "n/a" if row.nonzeros is None else f"{row.nonzeros:,}",
            equal,
        ]
        cells += [_times(row.median / baseline.median) for baseline in baselines]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def group_table(group: str, groups: dict[str, list[Row]], source: str | None = None) -> list[str]:
    if is_bag_of_words(group):
        return bag_of_words_table(group, groups, source)
    baselines, borrowed_from = baselines_for(group, groups)
    per_document = group.endswith(PER_DOCUMENT)
    header = ["implementation", "MB/s", *(["documents/s"] if per_document else []), "median", "rounds"]
    header += ["documents identical", "token agreement"]
    header += [f"{_short(baseline.name)} speed-up" for baseline in baselines]
    lines = [f"### {group}", "", *([source, ""] if source else [])]
    if borrowed_from:
        lines += [f"Speed-ups against the wordsift rows of *{borrowed_from}* (same corpus, same run).", ""]
    lines += ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    for row in groups[group]:
        name = f"**{row.name}**" if row.is_wordsift else row.name
        documents = _percent(row.agreement_documents)
        tokens = _percent(row.agreement_tokens)
        if row.exact and row.agreement_documents == 1:
            documents += " (asserted)"
        if row.not_compared is not None:
            documents = tokens = f"n/a: {row.not_compared}"
        documents_per_second = row.documents_per_second
        cells = [
            name,
            f"{row.megabytes_per_second:.1f}",
            *([f"{documents_per_second:,.0f}" if documents_per_second else "n/a"] if per_document else []),
            _seconds(row.median),
            str(row.rounds),
            documents,
            tokens,
        ]
        cells += [_times(row.median / baseline.median) for baseline in baselines]
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def summary_table(groups: dict[str, list[Row]], sources: dict[str, str] | None = None) -> list[str]:
    lines = [
        "| group | fastest wordsift path | MB/s | vs split floor | vs reference | vs fastest peer | vs slowest peer |",
        "| --- | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for group, rows in groups.items():
        wordsift_rows = [row for row in rows if row.is_wordsift]
        if not wordsift_rows:
            continue
        best = wordsift_rows[0]  # rows are sorted fastest first
        named = {row.name: row for row in rows}
        peers = [row for row in rows if row.is_peer]

        def versus(other: Row | None, best: Row = best) -> str:
            return "n/a" if other is None else _times(other.median / best.median)

        fastest_peer = f"{versus(peers[0])} ({peers[0].name})" if peers else "n/a"
        slowest_peer = f"{versus(peers[-1])} ({peers[-1].name})" if peers else "n/a"
        lines.append(
            f"| {group}{' (separate run)' if group in (sources or {}) else ''} | {best.name} | "
            f"{best.megabytes_per_second:.1f} | {versus(named.get(FLOOR))} | "
            f"{versus(named.get(REFERENCE))} | {fastest_peer} | {slowest_peer} |"
        )
    return [*lines, ""]


def machine_lines(data: dict[str, Any]) -> list[str]:
    machine = data.get("machine_info", {})
    run = machine.get("wordsift_run", {})
    commit = data.get("commit_info", {})
    cpu = run.get("cpu_model") or machine.get("cpu", {}).get("brand_raw") or "unknown"
    build = "release" if run.get("wordsift_release_build") else "DEBUG (timings meaningless)"
    peers = ", ".join(f"{name} {version}" for name, version in run.get("peers", {}).items() if version)
    missing = ", ".join(name for name, version in run.get("peers", {}).items() if not version)
    revision = commit.get("id", "unknown")
    if commit.get("dirty"):
        revision += " with uncommitted changes"
    lines = [
        f"- CPU: {cpu}; {run.get('logical_cpus', '?')} logical CPUs, {run.get('usable_cpus', '?')} usable by the run",
        f"- memory: {run.get('memory_gib', '?')} GiB",
        f"- OS: {run.get('os', machine.get('system', '?'))}, kernel {run.get('kernel', machine.get('release', '?'))}",
        f"- Python {run.get('python', machine.get('python_version', '?'))} "
        f"({machine.get('python_implementation', '?')})",
        f"- wordsift {run.get('wordsift_version', '?')}, {build} build; "
        f"`tokenize_arrow` {'present' if run.get('wordsift_has_tokenize_arrow') else 'absent (its row is skipped)'}",
        f"- peers: {peers or 'none'}" + (f"; not installed: {missing}" if missing else ""),
        f"- source: commit {revision}; run started {data.get('datetime', '?')}",
    ]
    return [*lines, ""]


def reproduce_lines(
    data: dict[str, Any],
    json_path: Path,
    ratios: dict[str, Any] | None = None,
    ratios_path: Path | None = None,
    added: dict[Path, dict[str, Any]] | None = None,
) -> list[str]:
    args = data.get("machine_info", {}).get("wordsift_run", {}).get("pytest_args")
    lines = [
        "From the repository root, after `make test-python` (a release wheel with the `bench` extra in",
        "`.venv-test`; `BENCH_PYTHON=path/to/python` picks another release install):",
        "",
        "```sh",
        "make bench-report",
        "```",
        "",
    ]
    if args is not None:
        lines += [
            "which ran exactly:",
            "",
            "```sh",
            "python -m pytest " + shlex.join(args),
            *(
                "python -m pytest " + shlex.join(other["machine_info"]["wordsift_run"]["pytest_args"])
                for other in (added or {}).values()
                if "pytest_args" in other.get("machine_info", {}).get("wordsift_run", {})
            ),
            *([shlex.join(ratios["run"]["command"])] if ratios and "command" in ratios["run"] else []),
            f"python benches/report.py {shlex.quote(_relative(json_path))}"
            + (f" --vectorize-json {shlex.quote(_relative(ratios_path))}" if ratios_path else "")
            + "".join(f" --add-json {shlex.quote(_relative(path))}" for path in added or {}),
            "```",
            "",
        ]
    return lines


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)


def draw_chart(groups: dict[str, list[Row]], path: Path, chart_groups: list[str]) -> bool:
    """A bar chart of MB/s per implementation for chart_groups; False when there is nothing to draw."""
    shown = [group for group in chart_groups if groups.get(group)]
    if not shown:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    heights = [len(groups[group]) for group in shown]
    figure, axes = plt.subplots(
        len(shown),
        1,
        figsize=(9, 1.2 + 0.32 * sum(heights) + 0.9 * len(shown)),
        gridspec_kw={"height_ratios": heights},
        squeeze=False,
    )
    for axis, group in zip(axes[:, 0], shown, strict=True):
        rows = list(reversed(groups[group]))  # fastest at the top
        speeds = [row.megabytes_per_second for row in rows]
        colours = [
            "#1f6fb4" if row.is_wordsift else "#8c8c8c" if row.name in (FLOOR, REFERENCE) else "#e0892b" for row in rows
        ]
        bars = axis.barh([row.name for row in rows], speeds, color=colours)
        axis.bar_label(bars, labels=[f"{speed:.1f}" for speed in speeds], padding=3, fontsize=8)
        axis.set_title(f"{group} (median MB/s, higher is better)", fontsize=10, loc="left")
        axis.set_xlim(0, max(speeds) * 1.15)
        axis.tick_params(axis="y", labelsize=8)
        axis.tick_params(axis="x", labelsize=8)
        axis.spines[["top", "right"]].set_visible(False)
    axes[-1, 0].set_xlabel("MB/s of original corpus text (UTF-8 bytes / median time)", fontsize=9)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(figure)
    return True


def cores_lines(ratios: dict[str, Any]) -> list[str]:
    """How many cores the wordsift rows on more than one thread kept busy (CPU time / wall time)."""
    cpu, wall = ratios.get("cpu_medians", {}), ratios["medians"]
    by_threads: dict[int, list[float]] = {}
    for row, seconds in cpu.items():
        threads = row.partition(", threads=")[2]
        if threads.isdigit() and int(threads) > 1 and row in wall:
            by_threads.setdefault(int(threads), []).append(seconds / wall[row])
    return [
        f"On {threads} threads the wordsift rows kept {min(used):.2f} to {max(used):.2f} cores busy (CPU time over "
        f"wall time; below {threads} where the row's work is serial, or where another process held a core)."
        for threads, used in sorted(by_threads.items())
    ]


def ratio_lines(ratios: dict[str, Any] | None, groups: dict[str, list[Row]]) -> list[str]:
    """The bag-of-words section: benches/vectorize.py's ratios against issue 20's targets, when given."""
    if ratios is None and not any(is_bag_of_words(group) for group in groups):
        return []
    lines = [
        "## Bag of words",
        "",
        "`wordsift.sklearn`'s vectorizers against scikit-learn's as users write it today: given wordsift's",
        "stopword list (`stop_words=LIST`), or given a `wordsift.Tokenizer` as its analyzer (scikit-learn runs on",
        "one thread). Every wordsift row equals scikit-learn's own vectorizer given wordsift's tokens (asserted",
        "before timing); the features of the `stop_words` rows differ (scikit-learn's token pattern keeps",
        "numbers and drops one-letter words).",
        "",
    ]
    if ratios is not None:
        run = ratios["run"]
        versions = ", ".join(f"{name} {version}" for name, version in run["versions"].items() if version)
        lines += [
            f"Ratios from `benches/vectorize.py`, medians of {run['rounds']} rounds ({versions}; {run['cpus']} CPUs;",
            f"{run['documents']:,} documents, {run['megabytes']:.1f} MB): each round calls every row once, in turn;",
            "a ratio is the median of the row against over the wordsift row's (above 1: wordsift is faster).",
            *cores_lines(ratios),
            "",
            "| wordsift | against | wordsift median | against median | ratio | target | met |",
            "| --- | --- | ---: | ---: | ---: | ---: | --- |",
        ]
        for comparison in ratios["comparisons"]:
            target = comparison["target"]
            met = "" if comparison["met"] is None else "yes" if comparison["met"] else "**no**"
            lines.append(
                f"| {comparison['wordsift']} | {comparison['against']} | {_seconds(comparison['wordsift_seconds'])} | "
                f"{_seconds(comparison['against_seconds'])} | {_times(comparison['ratio'])} | "
                f"{'' if target is None else f'≥ {target:g}{TIMES}'} | {met} |"
            )
        lines.append("")
    return lines


def separate_run_note(other: dict[str, Any], path: Path) -> str:
    """Where a table from another run (--add-json) comes from: its time, commit and machine."""
    run = other.get("machine_info", {}).get("wordsift_run", {})
    commit = other.get("commit_info", {})
    revision = commit.get("id", "unknown")[:12] + (" with uncommitted changes" if commit.get("dirty") else "")
    return (
        f"*From a separate run* (`{_relative(path)}`): started {other.get('datetime', '?')}, commit {revision}, "
        f"{run.get('cpu_model') or '?'} with {run.get('usable_cpus', '?')} usable CPUs, "
        f"wordsift {run.get('wordsift_version', '?')}; compare its rows with each other only."
    )


LANGUAGE_KINDS = ("tokenize_arrow", "tokenize_batch", "count")


def language_lines(languages: dict[str, Any] | None, path: Path | None) -> list[str]:
    """The per-language table of benches/multilingual.py's JSON (a run of its own)."""
    if languages is None or path is None:
        return []
    speed = languages["mb_per_s"]
    english = speed["english tokenize_arrow"]
    lines = [
        "## Per language",
        "",
        f"From a separate run of `python benches/multilingual.py --json {_relative(path)}` "
        f"({languages['started']}, {languages['rounds']} rounds, one thread, medians; MB/s of UTF-8 input):",
        "English is the Reuters corpus, `english+` the same with curly quotes and one accented word per",
        "document, the others Faker's word lists of each language with a fixed seed",
        "(benches/multilingual_corpus.py). `tokenize_arrow` runs without stopwords; `tokenize_batch` and",
        "`count` with the language's bundled list (none for Japanese and Chinese). The last column is",
        "`tokenize_arrow`'s MB/s as a share of English's, in the same run (issue 22's target: 60 %).",
        "",
        "| language | MB | " + " | ".join(f"`{kind}` MB/s" for kind in LANGUAGE_KINDS) + " | share of English |",
        "| --- | ---: | " + " | ".join("---:" for _ in LANGUAGE_KINDS) + " | ---: |",
    ]
    for language, megabytes in languages["megabytes"].items():
        cells = " | ".join(f"{speed[f'{language} {kind}']:.0f}" for kind in LANGUAGE_KINDS)
        share = speed[f"{language} tokenize_arrow"] / english
        lines.append(f"| {language} | {megabytes:.1f} | {cells} | {share * 100:.0f} % |")
    return [*lines, ""]


def render(
    data: dict[str, Any],
    json_path: Path,
    charts: list[str],
    ratios: dict[str, Any] | None = None,
    ratios_path: Path | None = None,
    added: dict[Path, dict[str, Any]] | None = None,
    languages: dict[str, Any] | None = None,
    languages_path: Path | None = None,
) -> str:
    """The report; `added` holds other runs (by path) whose groups join this run's, each table saying which run."""
    sources: dict[str, str] = {}
    benchmarks = list(data["benchmarks"])
    for path, other in (added or {}).items():
        note = separate_run_note(other, path)
        sources.update((benchmark["group"], note) for benchmark in other["benchmarks"])
        benchmarks += other["benchmarks"]
    groups = by_group(load_rows(benchmarks))
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench-report` (benches/report.py) from one pytest-benchmark run; do not edit by hand.",
        "See benches/README.md for what each row does. Throughput is the original corpus's UTF-8 bytes divided",
        "by the median time of a row; every ratio compares two medians of this same run. The split floor's",
        "input is already clean (its MB/s still counts the original bytes): it is the cost of building the",
        "lists with `str.split`, one new `str` per token. A path that shares one `str` per distinct word and",
        "pauses the garbage collector while it builds the lists can beat it.",
        "",
        "*Documents identical*: the fraction of documents whose token list equals the reference's exactly",
        "(asserted to be 100 % for wordsift's paths). *Token agreement*: the tokens shared with the",
        "reference, document by document, as twice the shared tokens / (tokens + reference tokens).",
        "Peers follow their own rules; their agreement is shown, not corrected for. *X speed-up*: how many",
        "times longer the row took than the wordsift path X (above 1: wordsift is faster; below 1: the row",
        "is faster).",
        "",
        *(
            ["Tables marked *from a separate run* come from another run (`--add-json`), named above each.", ""]
            if sources
            else []
        ),
        "## Machine",
        "",
        *machine_lines(data),
        "## Reproduce",
        "",
        *reproduce_lines(data, json_path, ratios, ratios_path, added),
        "## Summary",
        "",
        *summary_table(groups, sources),
    ]
    if "benchmarks.png" in charts:
        lines += ["![MB/s per implementation](benchmarks.png)", ""]
    lines += ratio_lines(ratios, groups)
    if "benchmarks-vectorize.png" in charts:
        lines += ["![MB/s per vectorizer](benchmarks-vectorize.png)", ""]
    lines += language_lines(languages, languages_path)
    lines += ["## Results by group", ""]
    for group in groups:
        lines += group_table(group, groups, sources.get(group))
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("json", nargs="?", type=Path, default=DEFAULT_JSON, help="pytest-benchmark --benchmark-json")
    parser.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR, help="where benchmarks.md and .png go")
    parser.add_argument("--vectorize-json", type=Path, help="benches/vectorize.py --json: the bag-of-words ratios")
    parser.add_argument("--multilingual-json", type=Path, help="benches/multilingual.py --json: MB/s per language")
    parser.add_argument(
        "--add-json",
        type=Path,
        action="append",
        default=[],
        help="another run's pytest-benchmark JSON whose groups this run lacks (each table names its run)",
    )
    options = parser.parse_args(argv)
    data = json.loads(options.json.read_text(encoding="utf-8"))
    if not data.get("benchmarks"):
        parser.error(f"{options.json} holds no timed benchmarks (was it run with --benchmark-disable?)")
    added = {path: json.loads(path.read_text(encoding="utf-8")) for path in options.add_json}
    own_groups = {benchmark["group"] for benchmark in data["benchmarks"]}
    for path, other in added.items():
        shared = own_groups & {benchmark["group"] for benchmark in other["benchmarks"]}
        if shared:
            parser.error(f"{path} has groups of the main run too: {sorted(shared)}")
    every = data["benchmarks"] + [benchmark for other in added.values() for benchmark in other["benchmarks"]]
    groups = by_group(load_rows(every))
    drawn = [name for name, shown in CHARTS.items() if draw_chart(groups, options.out_dir / name, shown)]
    ratios = None
    if options.vectorize_json is not None:
        ratios = json.loads(options.vectorize_json.read_text(encoding="utf-8"))
    languages = None
    if options.multilingual_json is not None:
        languages = json.loads(options.multilingual_json.read_text(encoding="utf-8"))
    markdown = options.out_dir / "benchmarks.md"
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(
        render(data, options.json, drawn, ratios, options.vectorize_json, added, languages, options.multilingual_json),
        encoding="utf-8",
    )
    print(f"wrote {_relative(markdown)}" + "".join(f" and {_relative(options.out_dir / name)}" for name in drawn))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
