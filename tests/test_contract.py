"""The contract of wordsift's Python objects: pickling, copies, threads, fork and the default thread count.

What cluster engines and process pools need: every public object survives
pickle (byte-identical across calls and processes), one Tokenizer serves
many threads at once with the GIL released, a forked child can still run
parallel batches and gets the parent's results, the default thread count
follows the variable, the CPU affinity and the cgroup quota, and counts of
parts merge into the counts of the whole. Where a check could pass
vacuously, a "test of the test" next to it shows it fails on a broken
stand-in.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import multiprocessing
import operator
import os
import pickle
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cloudpickle
import pyarrow
import pytest

import wordsift
import wordsift.corpus
import wordsift.reference
from wordsift.corpus import Document, Skipped, Summary

TOKENIZER_OPTIONS: list[dict[str, Any]] = [
    {},
    {"stopwords": "english"},
    {"stopwords": None},
    {"stopwords": ["zeta", "Alpha", "alpha", "café"], "lowercase": False, "case_sensitive": True},
    {"keep_numbers": True, "min_len": 2, "max_len": 12, "normalize": "NFKC"},
    {"normalize": None, "lowercase": False},
    {"errors": "replace", "stopwords": ["x\ud800y"]},
]

SAMPLE_TEXTS = [
    "The Market rose 2.5% on Tuesday; traders said Café prices fell.",
    "\ufb01nancial \uff26\uff35\uff2c\uff2c naïve résumé ΑΘΗΝΑ 1990s zeta Alpha alpha",
    "",
]


def _pickle_in_a_new_process(options: dict[str, Any]) -> bytes:
    code = (
        "import pickle, sys, wordsift; sys.stdout.buffer.write(pickle.dumps(wordsift.Tokenizer(**eval(sys.argv[1]))))"
    )
    return subprocess.run([sys.executable, "-c", code, repr(options)], capture_output=True, check=True).stdout


@pytest.mark.parametrize("options", TOKENIZER_OPTIONS)
def test_tokenizers_pickle_copy_and_cloudpickle(options: dict[str, Any], corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer(**options)
    texts = SAMPLE_TEXTS + corpus_texts[:200]
    expected = [wordsift.reference.Tokenizer(**options).tokenize(text) for text in texts]
    for restored in (
        pickle.loads(pickle.dumps(tokenizer)),
        pickle.loads(pickle.dumps(tokenizer, protocol=2)),
        cloudpickle.loads(cloudpickle.dumps(tokenizer)),
        copy.deepcopy(tokenizer),
        copy.copy(tokenizer),
    ):
        assert repr(restored) == repr(tokenizer)
        assert restored.stopwords == tokenizer.stopwords
        assert restored.tokenize_batch(texts) == expected
    dumped = pickle.dumps(tokenizer)
    assert pickle.dumps(pickle.loads(dumped)) == dumped
    assert pickle.dumps(wordsift.Tokenizer(**options)) == dumped
    assert _pickle_in_a_new_process(options) == dumped


def test_equal_stopword_lists_pickle_the_same_whatever_their_order() -> None:
    one = wordsift.Tokenizer(stopwords=["b", "a", "c", "a"])
    other = wordsift.Tokenizer(stopwords=iter(["c", "b", "a"]))
    assert pickle.dumps(one) == pickle.dumps(other)


def test_bundled_lists_pickle_by_name() -> None:
    # The list's 300-odd words are not in the pickle, only its name.
    assert len(pickle.dumps(wordsift.Tokenizer(stopwords="english"))) < 300


def test_token_arrays_and_results_pickle(corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    texts = SAMPLE_TEXTS + corpus_texts[:50]
    array = tokenizer.tokenize_arrow(texts)
    restored = pickle.loads(pickle.dumps(array))
    assert restored.to_pylist() == array.to_pylist() == tokenizer.tokenize_batch(texts)
    assert (len(restored), restored.token_count) == (len(array), array.token_count)
    assert pickle.dumps(restored) == pickle.dumps(array)
    assert cloudpickle.loads(cloudpickle.dumps(array)).to_pylist() == array.to_pylist()
    counts = tokenizer.count(texts)
    assert pickle.loads(pickle.dumps(counts)) == counts
    for value in (
        Document("a:1", "Title", ["market"]),
        Skipped("file.jsonl", 3, "not JSON"),
        Summary(1, 2, 3, [Skipped("f", None, "why")]),
        wordsift.WordsiftError("bad option"),
    ):
        assert repr(pickle.loads(pickle.dumps(value))) == repr(value)


def test_token_arrays_are_built_from_lists_of_str() -> None:
    lists = [["market", "café"], [], ["\U0001d400"]]
    assert wordsift.TokenArray.from_pylist(lists).to_pylist() == lists
    with pytest.raises(TypeError, match="tokens must be str, not int"):
        wordsift.TokenArray.from_pylist([["a", 1]])
    with pytest.raises(TypeError, match="not a str"):
        wordsift.TokenArray.from_pylist(["abc"])


@pytest.mark.parametrize("options", TOKENIZER_OPTIONS)
def test_a_tokenizer_is_its_own_copy(options: dict[str, Any]) -> None:
    tokenizer = wordsift.Tokenizer(**options)
    assert copy.copy(tokenizer) is tokenizer
    assert copy.deepcopy(tokenizer) is tokenizer
    nested = copy.deepcopy({"steps": [tokenizer, ("analyzer", tokenizer)]})
    assert nested["steps"][0] is tokenizer
    assert nested["steps"][1][1] is tokenizer
    # The test of the test: without its own __copy__, copy.copy would
    # rebuild it from __reduce_ex__, an equal tokenizer but another object.
    rebuilt = copy._reconstruct(tokenizer, None, *tokenizer.__reduce_ex__(4))  # type: ignore[attr-defined]
    assert rebuilt is not tokenizer
    assert repr(rebuilt) == repr(tokenizer)


def test_a_token_array_deep_copy_holds_the_same_lists(corpus_texts: list[str]) -> None:
    # The documentation (Threads, processes, clusters) promises deepcopy (through __reduce__), not the same object:
    # a TokenArray never changes, so either would do.
    texts = [
        "Oil prices rose",
        None,
        "",
        "the of and",
        "Caf\u00e9 na\u00efve \U0001d400bc \u6771\u4eac",
        *corpus_texts[:300],
    ]
    array = wordsift.Tokenizer().tokenize_arrow(pyarrow.array(texts, pyarrow.large_string()))
    lists = array.to_pylist()
    assert lists[1:4] == [None, [], []]
    copied = copy.deepcopy(array)
    assert type(copied) is wordsift.TokenArray
    assert copied.to_pylist() == lists
    assert (len(copied), copied.token_count) == (len(array), array.token_count)
    assert pyarrow.array(copied).equals(pyarrow.array(array))
    assert copy.deepcopy([array, array])[1].to_pylist() == lists
    # The test of the test: a copy that made a null text's list empty would
    # not pass the comparisons above.
    emptied = wordsift.TokenArray.from_pylist([[] if tokens is None else tokens for tokens in lists])
    assert emptied.to_pylist() != lists
    assert not pyarrow.array(emptied).equals(pyarrow.array(array))


def test_one_tokenizer_serves_eight_threads_at_once(corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    texts = corpus_texts[:2000]
    expected_lists = tokenizer.tokenize_batch(texts, threads=1)
    expected_counts = tokenizer.count(texts, threads=1)
    barrier = threading.Barrier(8)
    failures: list[str] = []

    def work(worker: int) -> None:
        barrier.wait()
        for round_number in range(3):
            calls = {
                "tokenize": lambda: [tokenizer.tokenize(text) for text in texts[worker::8]],
                "tokenize_batch": lambda: tokenizer.tokenize_batch(texts, threads=2),
                "tokenize_arrow": lambda: tokenizer.tokenize_arrow(texts, threads=2).to_pylist(),
                "count": lambda: tokenizer.count(texts, threads=2),
            }
            name = list(calls)[(worker + round_number) % len(calls)]
            got = calls[name]()
            want = {"tokenize": expected_lists[worker::8], "count": expected_counts}.get(name, expected_lists)
            if got != want:
                failures.append(f"thread {worker}, {name}")

    threads = [threading.Thread(target=work, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# The GIL is released while Rust works.


SWITCH_INTERVAL = 10.0


def other_thread_turns(call: Callable[[], object]) -> list[float]:
    """When another Python thread ran while `call` ran on a thread of its own, as fractions of the call.

    The switch interval is raised to 10 s meanwhile, so the interpreter does
    not take the GIL from the call's thread: only a voluntary release (what
    the binding does around its Rust work, or a blocking system call) lets
    this thread run. It notes its turns, sleeping between them (which
    releases the GIL, so the call's thread can take it back): 0 is the
    call's start, 1 its end.
    """
    started = threading.Event()
    done = threading.Event()
    span: list[float] = []
    failure: list[BaseException] = []

    def work() -> None:
        started.set()
        span.append(time.perf_counter())
        try:
            call()
        except BaseException as error:
            failure.append(error)
        finally:
            span.append(time.perf_counter())
            done.set()

    interval = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        worker = threading.Thread(target=work)
        worker.start()
        started.wait()
        turns: list[float] = []
        while not done.is_set():
            turns.append(time.perf_counter())
            time.sleep(0.0005)
        worker.join()
    finally:
        sys.setswitchinterval(interval)
    if failure:
        raise failure[0]
    start, end = span
    # Past the interval, the interpreter would have made the call's thread
    # give up the GIL, and the turns would say nothing about the call.
    assert end - start < SWITCH_INTERVAL / 2, f"the call took {end - start:.1f} s: too long to tell"
    return [(turn - start) / (end - start) for turn in turns]


def lets_other_threads_run(call: Callable[[], object], attempts: int = 3) -> bool:
    """Whether another Python thread ran in the middle of `call` (see `other_thread_turns`), in one of a few tries.

    Turns in the first and last tenths of the call do not count:
    Python-level I/O around a core that held the GIL (a stat, an open)
    would release it briefly there. (Whole quarters would be too much: a
    call may rightly hold the GIL for a good part of its end, building
    Python objects.) A call that holds the GIL gives no turn, every time;
    one that releases it may, rarely, give none when this machine is
    busy elsewhere: hence the tries.
    """
    return any(any(0.1 <= turn <= 0.9 for turn in other_thread_turns(call)) for _ in range(attempts))


@dataclass(frozen=True)
class _GilInputs:
    """Inputs that keep each entry point busy for a few hundred milliseconds."""

    texts: list[str]
    arrow_texts: Any
    long_text: str
    corpus_file: Path
    output: Path


@pytest.fixture(scope="module")
def gil_inputs(corpus: list[tuple[int, str]], tmp_path_factory: pytest.TempPathFactory) -> _GilInputs:
    texts = [text for _, text in corpus]
    folder = tmp_path_factory.mktemp("gil")
    corpus_file = folder / "corpus.jsonl"
    with corpus_file.open("w", encoding="utf-8") as output:
        for copy_number in range(2):
            for doc_id, text in corpus:
                title, _, body = text.partition("\n")
                output.write(json.dumps({"id": f"{copy_number}-{doc_id}", "title": title, "text": body}) + "\n")
    assert 20_000_000 < corpus_file.stat().st_size < 60_000_000
    return _GilInputs(
        texts=texts * 3,
        arrow_texts=pyarrow.array(texts * 3, pyarrow.large_string()),
        long_text=" ".join(texts),
        corpus_file=corpus_file,
        output=folder / "tokens.jsonl",
    )


_TOKENIZER = wordsift.Tokenizer()
_STEMMER = wordsift.Tokenizer(stem="english")

# Each entry point that the documentation (Guarantees) says releases the GIL, on its inputs.
GIL_RELEASING_CALLS: dict[str, Callable[[_GilInputs], object]] = {
    "tokenize_batch, threads=1": lambda inputs: _TOKENIZER.tokenize_batch(inputs.texts, threads=1),
    "tokenize_batch, threads=2": lambda inputs: _TOKENIZER.tokenize_batch(inputs.texts, threads=2),
    "tokenize_batch of an Arrow array": lambda inputs: _TOKENIZER.tokenize_batch(inputs.arrow_texts, threads=2),
    "tokenize_arrow": lambda inputs: _TOKENIZER.tokenize_arrow(inputs.texts, threads=2),
    "count": lambda inputs: _TOKENIZER.count(inputs.texts, threads=2),
    "tokenize of one long text": lambda inputs: _TOKENIZER.tokenize(inputs.long_text),
    **{
        f"corpus.write_corpus, threads={threads}": lambda inputs, threads=threads: wordsift.corpus.write_corpus(
            [inputs.corpus_file], inputs.output, threads=threads
        )
        for threads in (1, 2)
    },
    **{
        f"corpus.count_files, threads={threads}": lambda inputs, threads=threads: wordsift.corpus.count_files(
            [inputs.corpus_file], threads=threads
        )
        for threads in (1, 2)
    },
    # Stemming slows the Rust side enough that the loop waits on it all
    # along: with the default rules it can run ahead and finish early,
    # leaving the rest of the call to the loop's Python, which holds the GIL.
    **{
        f"iterating corpus.tokenize_files, threads={threads}": lambda inputs, threads=threads: sum(
            1 for _ in wordsift.corpus.tokenize_files([inputs.corpus_file], tokenizer=_STEMMER, threads=threads)
        )
        for threads in (1, 2)
    },
}


@pytest.mark.serial
@pytest.mark.parametrize("name", list(GIL_RELEASING_CALLS))
def test_python_threads_run_while_rust_works(name: str, gil_inputs: _GilInputs) -> None:
    assert lets_other_threads_run(lambda: GIL_RELEASING_CALLS[name](gil_inputs))


@pytest.mark.serial
def test_the_gil_check_sees_a_call_that_holds_the_gil(corpus_texts: list[str], tmp_path: Path) -> None:
    # The test of the tests above: a call that holds the GIL throughout (the
    # pure-Python reference is the API doing so), or releases it only in
    # I/O at its ends, is caught; one that waits without it is not.
    def holds_the_gil_between_two_system_calls() -> None:
        os.stat(tmp_path)
        sum(range(10**7))
        time.sleep(0.001)

    assert not lets_other_threads_run(lambda: sum(range(10**7)))
    assert not lets_other_threads_run(lambda: wordsift.reference.Tokenizer().count(corpus_texts[:300]))
    assert not lets_other_threads_run(holds_the_gil_between_two_system_calls)
    assert lets_other_threads_run(lambda: time.sleep(0.3))


# Fork.


def _results_of(tokenizer: wordsift.Tokenizer, texts: list[str]) -> dict[str, Any]:
    """Everything the parallel calls give for `texts`, as plain Python values."""
    counts = tokenizer.count(texts, threads=2)
    return {
        "tokenize_batch": tokenizer.tokenize_batch(texts, threads=2),
        "tokenize_arrow": tokenizer.tokenize_arrow(texts, threads=2).to_pylist(),
        "term_frequencies": dict(counts.term_frequencies),
        "document_frequencies": dict(counts.document_frequencies),
        "documents": counts.documents,
    }


def result_mismatches(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """What differs between two `_results_of`, a line per result (naming the first text that differs)."""
    problems = [f"{key}: missing" for key in want if key not in got]
    problems += [f"{key}: not expected" for key in got if key not in want]
    for key in want.keys() & got.keys():
        if got[key] == want[key]:
            continue
        if isinstance(want[key], list) and isinstance(got[key], list):
            index = next(
                (i for i, (one, other) in enumerate(zip(got[key], want[key], strict=False)) if one != other),
                min(len(got[key]), len(want[key])),
            )
            problems.append(f"{key}: {len(got[key])} texts against {len(want[key])}, first differing at {index}")
        elif isinstance(want[key], dict) and isinstance(got[key], dict):
            tokens = sorted(
                token for token in want[key].keys() | got[key].keys() if got[key].get(token) != want[key].get(token)
            )
            problems.append(f"{key}: {len(tokens)} tokens differ, such as {tokens[:5]}")
        else:
            problems.append(f"{key}: {got[key]!r} against {want[key]!r}")
    return sorted(problems)


def _results_in_child(tokenizer: wordsift.Tokenizer, texts: list[str], path: str) -> None:
    # The tokenizer made by the parent, and a new one. A file rather than a
    # queue, whose pipe a result of megabytes would fill before the join.
    results = {"inherited": _results_of(tokenizer, texts), "new": _results_of(wordsift.Tokenizer(), texts)}
    with open(path, "wb") as output:
        pickle.dump(results, output)


FORK_TEXTS = 4000  # about 3 MB: dozens of chunks over both threads


@pytest.mark.skipif(sys.platform != "linux", reason="fork is a POSIX start method")
def test_a_forked_child_runs_parallel_batches(corpus_texts: list[str], tmp_path: Path) -> None:
    tokenizer = wordsift.Tokenizer()
    texts = corpus_texts[:FORK_TEXTS]
    # Parallel calls before the fork: threads that outlived them (a pool)
    # would be missing in the child, their locks perhaps held.
    want = _results_of(tokenizer, texts)
    reference = wordsift.reference.Tokenizer()
    for index in (0, 1, FORK_TEXTS // 2, FORK_TEXTS - 2, FORK_TEXTS - 1):
        assert want["tokenize_batch"][index] == reference.tokenize(texts[index])
    assert want["tokenize_arrow"] == want["tokenize_batch"]
    assert want["documents"] == FORK_TEXTS
    assert sum(want["term_frequencies"].values()) == sum(map(len, want["tokenize_batch"])) > 100_000

    path = tmp_path / "child.pickle"
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_results_in_child, args=(tokenizer, texts, str(path)))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked child did not finish within 60 s: a deadlock")
    assert child.exitcode == 0
    with path.open("rb") as results:
        got = pickle.load(results)
    assert result_mismatches(got["inherited"], want) == []
    assert result_mismatches(got["new"], want) == []


def test_the_fork_comparison_sees_one_changed_token(corpus_texts: list[str]) -> None:
    # The test of the test above: a child's result that differs in one
    # token of a late chunk, in one count or by a missing text is a mismatch.
    texts = corpus_texts[:FORK_TEXTS]
    want = _results_of(wordsift.Tokenizer(), texts)
    assert result_mismatches(_results_of(wordsift.Tokenizer(), texts), want) == []
    late = FORK_TEXTS - 3
    tokens = list(want["tokenize_arrow"][late])
    assert len(tokens) > 1
    tokens[-1] += "x"
    changed = [*want["tokenize_arrow"][:late], tokens, *want["tokenize_arrow"][late + 1 :]]
    assert result_mismatches(want | {"tokenize_arrow": changed}, want) == [
        f"tokenize_arrow: {FORK_TEXTS} texts against {FORK_TEXTS}, first differing at {late}"
    ]
    token = tokens[0]
    frequencies = want["document_frequencies"] | {token: want["document_frequencies"][token] + 1}
    assert result_mismatches(want | {"document_frequencies": frequencies}, want) == [
        f"document_frequencies: 1 tokens differ, such as [{token!r}]"
    ]
    assert result_mismatches(want | {"tokenize_batch": want["tokenize_batch"][:-1]}, want) == [
        f"tokenize_batch: {FORK_TEXTS - 1} texts against {FORK_TEXTS}, first differing at {FORK_TEXTS - 1}"
    ]


def _default_threads_in(env: dict[str, str], affinity: set[int] | None = None) -> subprocess.CompletedProcess[str]:
    code = "import os, sys, wordsift\n"
    if affinity is not None:
        code += f"os.sched_setaffinity(0, {affinity!r})\n"
    code += "print(wordsift.default_threads()); print(wordsift.Tokenizer().count(['a b c d'] * 50).documents)"
    environment = {key: value for key, value in os.environ.items() if key != "WORDSIFT_NUM_THREADS"} | env
    return subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True, text=True)


def test_default_threads_follow_the_variable_then_the_affinity() -> None:
    assert _default_threads_in({"WORDSIFT_NUM_THREADS": "3"}).stdout.split() == ["3", "50"]
    assert _default_threads_in({"WORDSIFT_NUM_THREADS": " 1 "}).stdout.split() == ["1", "50"]
    if hasattr(os, "sched_setaffinity"):
        assert _default_threads_in({}, affinity={0}).stdout.split() == ["1", "50"]
    assert _default_threads_in({}).stdout.split()[0] == str(len(os.sched_getaffinity(0)))


@pytest.mark.parametrize("value", ["0", "-2", "many", "1.5"])
def test_a_bad_thread_variable_is_an_error_naming_it(value: str) -> None:
    result = _default_threads_in({"WORDSIFT_NUM_THREADS": value})
    assert result.returncode == 1
    assert f"WORDSIFT_NUM_THREADS must be a whole number >= 1, got {value!r}".replace("'", '"') in result.stderr


# The cgroup CPU quota.


def _cgroup_paths(proc_cgroup: str) -> dict[str, str]:
    """Each controller's cgroup, from the text of /proc/<pid>/cgroup."""
    paths: dict[str, str] = {}
    for line in proc_cgroup.splitlines():
        _, controllers, path = line.split(":", 2)
        paths.update(dict.fromkeys(controllers.split(","), path))
    return paths


def _cpu_cgroup_v1() -> tuple[Path | None, str]:
    """This process's cgroup in the cgroup v1 hierarchy of the cpu controller, or why there is none."""
    if sys.platform != "linux":
        return None, "cgroups are Linux's"
    own = _cgroup_paths(Path("/proc/self/cgroup").read_text())
    if "cpu" not in own:
        return None, "no cgroup v1 hierarchy holds the cpu controller (see /proc/self/cgroup)"
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        fields = line.split()
        after = fields.index("-")
        if fields[after + 1] == "cgroup" and "cpu" in fields[after + 3].split(","):
            relative = os.path.relpath(own["cpu"], fields[3])
            if relative.startswith(".."):
                return None, f"this process's cpu cgroup {own['cpu']} lies outside the mount {fields[4]}"
            return Path(fields[4]) / relative, ""
    return None, "the cpu controller's cgroup v1 hierarchy is not mounted"


@pytest.fixture
def cpu_cgroup() -> Iterator[Path]:
    """A new cgroup of the cpu controller (cgroup v1), under this process's, removed afterwards."""
    parent, why = _cpu_cgroup_v1()
    if parent is None:
        pytest.skip(f"no cgroup to set a CPU quota in: {why}")
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("the CPU affinity allows one CPU: a quota of one would change nothing")
    if (parent / "cpu.cfs_quota_us").read_text().strip() != "-1":
        pytest.skip(f"{parent} has a CPU quota of its own, which would limit the new cgroup's")
    cgroup = parent / f"wordsift-test-{os.getpid()}"
    try:
        cgroup.mkdir()
    except OSError as error:
        pytest.skip(f"cannot make a cgroup (it takes root and a writable {parent}): {error}")
    try:
        yield cgroup
    finally:
        # The children have exited; anything still there goes back up.
        for pid in (cgroup / "cgroup.procs").read_text().split():
            (parent / "cgroup.procs").write_text(pid)
        cgroup.rmdir()


def _default_threads_under_quota(cgroup: Path, quota_us: int, period_us: int = 100_000) -> list[str]:
    """default_threads() and a count's documents, from a new process in `cgroup` with the quota given."""
    (cgroup / "cpu.cfs_period_us").write_text(f"{period_us}\n")
    (cgroup / "cpu.cfs_quota_us").write_text(f"{quota_us}\n")
    code = (
        "import wordsift\n"
        "print(wordsift.default_threads(), wordsift.Tokenizer().count(['a b c d'] * 50).documents)\n"
        "print(open('/proc/self/cgroup').read())"
    )
    environment = {key: value for key, value in os.environ.items() if key != "WORDSIFT_NUM_THREADS"}
    # The shell moves itself into the cgroup, then becomes Python.
    command = ["sh", "-c", 'echo $$ > "$1" && exec "$0" -c "$2"', sys.executable, str(cgroup / "cgroup.procs"), code]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    first, rest = result.stdout.split("\n", 1)
    assert _cgroup_paths(rest.strip())["cpu"].endswith(f"/{cgroup.name}"), rest
    return first.split()


@pytest.mark.parametrize(
    ("quota_us", "period_us", "threads"),
    [(100_000, 100_000, 1), (200_000, 100_000, 2), (400_000, 400_000, 1), (50_000, 100_000, 1)],
)
def test_default_threads_follow_the_cgroup_cpu_quota(
    quota_us: int, period_us: int, threads: int, cpu_cgroup: Path
) -> None:
    # Half a CPU still gets one thread.
    expected = [str(min(threads, len(os.sched_getaffinity(0)))), "50"]
    assert _default_threads_under_quota(cpu_cgroup, quota_us, period_us) == expected


def test_default_threads_without_a_cgroup_quota_are_the_affinity(cpu_cgroup: Path) -> None:
    # The test of the test above: the same process in the same cgroup,
    # without a quota, runs on every CPU it may (two or more), so the one
    # thread above comes from the quota.
    cpus = len(os.sched_getaffinity(0))
    assert cpus >= 2
    assert _default_threads_under_quota(cpu_cgroup, -1) == [str(cpus), "50"]


def test_counts_survive_threads_unchanged(corpus_texts: list[str]) -> None:
    reference = wordsift.reference.Tokenizer()
    texts = corpus_texts[:500]
    expected = Counter(token for text in texts for token in reference.tokenize(text))
    for threads in (1, 2, 5):
        assert wordsift.Tokenizer().count(texts, threads=threads).term_frequencies == expected


# merge_counts outside Dask.


def counts_mismatches(got: wordsift.TokenCounts, want: wordsift.TokenCounts) -> list[str]:
    """What differs between two TokenCounts: each field, its keys exactly (no zero entries)."""
    problems = []
    for field in ("term_frequencies", "document_frequencies"):
        one, other = getattr(got, field), getattr(want, field)
        if not isinstance(one, Counter):
            problems.append(f"{field} is a {type(one).__name__}, not a Counter")
        if dict(one) != dict(other):
            tokens = sorted(token for token in one.keys() | other.keys() if one.get(token) != other.get(token))
            problems.append(f"{field}: {len(tokens)} tokens differ, such as {tokens[:5]}")
    if got.documents != want.documents:
        problems.append(f"documents: {got.documents} against {want.documents}")
    return problems


MERGE_TEXTS = 3000
# Parts of uneven sizes: one empty, two of a single document, one of
# documents without tokens, and a last one that repeats the first text.
MERGE_BOUNDS = [0, 1, 1, 700, 2500, 2501, MERGE_TEXTS, MERGE_TEXTS + 2, MERGE_TEXTS + 3]


@pytest.fixture(scope="module")
def counted_parts(corpus_texts: list[str]) -> tuple[list[wordsift.TokenCounts], wordsift.TokenCounts]:
    """Counts of parts of a corpus (each made on its own thread count), and the reference's count of the whole."""
    # An empty text and one of stopwords only are documents, without tokens.
    texts = [*corpus_texts[:MERGE_TEXTS], "", "the of and", corpus_texts[0]]
    tokenizer = wordsift.Tokenizer()
    parts = [
        tokenizer.count(texts[start:end], threads=1 + number % 2)
        for number, (start, end) in enumerate(itertools.pairwise(MERGE_BOUNDS))
    ]
    return parts, wordsift.reference.Tokenizer().count(texts)


def test_merged_counts_of_parts_are_the_counts_of_the_whole(
    counted_parts: tuple[list[wordsift.TokenCounts], wordsift.TokenCounts],
) -> None:
    parts, whole = counted_parts
    before = copy.deepcopy(parts)
    merged = wordsift.merge_counts(parts)
    # The parts are left as they were.
    assert [counts_mismatches(part, old) for part, old in zip(parts, before, strict=True)] == [[]] * len(parts)
    assert counts_mismatches(merged, whole) == []
    assert counts_mismatches(wordsift.merge_counts(iter(parts)), whole) == []
    assert counts_mismatches(wordsift.merge_counts(reversed(parts)), whole) == []
    # Merged in two rounds, as a tree reduction does.
    halves = [wordsift.merge_counts(parts[:3]), wordsift.merge_counts(parts[3:])]
    assert counts_mismatches(wordsift.merge_counts(halves), whole) == []
    assert whole.documents == MERGE_TEXTS + 3
    # Tokens in several parts: their document frequencies add up.
    assert sum(whole.document_frequencies[token] > 700 for token in whole.document_frequencies) > 10


def test_merging_no_counts_or_one(counted_parts: tuple[list[wordsift.TokenCounts], wordsift.TokenCounts]) -> None:
    parts, _ = counted_parts
    empty = wordsift.TokenCounts(Counter(), Counter(), 0)
    assert counts_mismatches(wordsift.merge_counts([]), empty) == []
    assert counts_mismatches(wordsift.merge_counts(iter(())), empty) == []
    assert wordsift.merge_counts([]).term_frequencies.most_common(1) == []
    for part in parts:
        assert counts_mismatches(wordsift.merge_counts([part]), part) == []
    assert counts_mismatches(wordsift.merge_counts([parts[1]]), empty) == []


def test_the_merge_check_sees_wrong_merges(
    counted_parts: tuple[list[wordsift.TokenCounts], wordsift.TokenCounts],
) -> None:
    # The test of the tests above: merges that go wrong in ways a merge
    # could (the largest document frequency rather than the sum, documents
    # not added up, a part left out, a zero entry kept, plain dicts) fail.
    parts, whole = counted_parts

    def merged(
        terms: Callable[[Counter[str], Counter[str]], Counter[str]] = operator.add,
        documents_with: Callable[[Counter[str], Counter[str]], Counter[str]] = operator.add,
        documents: Callable[[int, int], int] = operator.add,
        skip: int | None = None,
    ) -> wordsift.TokenCounts:
        kept = [part for number, part in enumerate(parts) if number != skip]
        return wordsift.TokenCounts(
            functools.reduce(terms, (part.term_frequencies for part in kept), Counter()),
            functools.reduce(documents_with, (part.document_frequencies for part in kept), Counter()),
            functools.reduce(documents, (part.documents for part in kept), 0),
        )

    assert counts_mismatches(merged(), whole) == []
    assert counts_mismatches(merged(documents_with=operator.or_), whole) != []
    assert counts_mismatches(merged(terms=operator.or_), whole) != []
    assert counts_mismatches(merged(documents=max), whole) != []
    assert counts_mismatches(merged(skip=0), whole) != []  # a single document
    # The documents without tokens:
    assert counts_mismatches(merged(skip=6), whole) == [f"documents: {MERGE_TEXTS + 1} against {MERGE_TEXTS + 3}"]
    with_zero = merged()
    with_zero.term_frequencies["nowhere"] = 0
    assert with_zero == whole  # Counter's == ignores zeros: hence the dicts
    assert counts_mismatches(with_zero, whole) != []
    plain: Any = dict(whole.term_frequencies)
    assert counts_mismatches(wordsift.TokenCounts(plain, whole.document_frequencies, whole.documents), whole) != []
