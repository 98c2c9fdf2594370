"""The contract of wordsift's Python objects: pickling, copies, threads, fork and the default thread count.

What cluster engines and process pools need: every public object survives
pickle (byte-identical across calls and processes), one Tokenizer serves
many threads at once with the GIL released, and a forked child can still
run parallel batches.
"""

from __future__ import annotations

import copy
import multiprocessing
import os
import pickle
import subprocess
import sys
import threading
from collections import Counter
from typing import Any

import cloudpickle
import pytest

import wordsift
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


def test_python_threads_run_while_a_batch_is_tokenised(corpus_texts: list[str]) -> None:
    # With the GIL held for the whole call, the loop below could not run
    # until the call returned; released, it runs all along.
    tokenizer = wordsift.Tokenizer()
    texts = corpus_texts * 4
    done = threading.Event()
    worker = threading.Thread(target=lambda: (tokenizer.count(texts, threads=1), done.set()))
    spins = 0
    worker.start()
    while not done.is_set():
        spins += 1
    worker.join()
    assert spins > 10_000


def _batch_in_child(queue: Any) -> None:
    tokenizer = wordsift.Tokenizer()
    texts = [f"The market rose {i} points as Café prices fell" for i in range(5000)]
    result = tokenizer.tokenize_batch(texts, threads=2)
    counts = tokenizer.count(texts, threads=2)
    queue.put((len(result), result[0], counts.term_frequencies["market"]))


@pytest.mark.skipif(sys.platform != "linux", reason="fork is a POSIX start method")
def test_a_forked_child_runs_parallel_batches(corpus_texts: list[str]) -> None:
    tokenizer = wordsift.Tokenizer()
    tokenizer.tokenize_batch(corpus_texts[:3000], threads=2)
    tokenizer.count(corpus_texts[:3000], threads=2)
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_batch_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    if child.is_alive():
        child.kill()
        pytest.fail("the forked child did not finish within 60 s: a deadlock")
    assert child.exitcode == 0
    first = wordsift.reference.Tokenizer().tokenize("The market rose 0 points as Café prices fell")
    assert queue.get(timeout=5) == (5000, first, 5000)


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


def test_counts_survive_threads_unchanged(corpus_texts: list[str]) -> None:
    reference = wordsift.reference.Tokenizer()
    texts = corpus_texts[:500]
    expected = Counter(token for text in texts for token in reference.tokenize(text))
    for threads in (1, 2, 5):
        assert wordsift.Tokenizer().count(texts, threads=threads).term_frequencies == expected
