"""Arrow input from a buggy or hostile producer: a clean exception, or a result made only of the column's own
bytes, never a crash or a read outside the column.

Each case runs in a subprocess of its own, so that a crash fails the test rather than the run. Malformed
columns come from pyarrow's `Array.from_buffers` where it lets them through, or from producers made by hand
with ctypes (tests/hostile_arrow.py), whose every field can be wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

TESTS = Path(__file__).resolve().parent
PREAMBLE = f"""
import json, struct, sys
sys.path.insert(0, {str(TESTS)!r})
import pyarrow as pa
import wordsift
from hostile_arrow import Exported, handmade, methods, outcome, report, strings, view
tokenizer = wordsift.Tokenizer(stopwords=None)
"""


def run_case(code: str, timeout: float = 120) -> object:
    """What `code` reported (its last line, JSON), run in a fresh interpreter; a crash fails the test."""
    result = subprocess.run(
        [sys.executable, "-c", PREAMBLE + textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"the process died ({result.returncode}): {result.stderr[-2000:]}"
    return json.loads(result.stdout.strip().splitlines()[-1])


def assert_refused(found: object, raised: str = "WordsiftError", message: str = "malformed Arrow data") -> None:
    assert isinstance(found, dict), found
    assert found.get("raised") == raised, found
    assert message in str(found.get("message")), found


# 1. Offsets checked across every slot.


def test_offsets_past_the_last_one_are_refused_not_read() -> None:
    # The case: a 5-byte data buffer sliced from a longer one, a valid first slot whose offsets reach 19.
    found = run_case(
        """
        data = pa.py_buffer(b"hello SECRET TOKENS").slice(0, 5)
        offsets = pa.py_buffer(struct.pack("<3i", 0, 19, 5))
        column = pa.Array.from_buffers(pa.string(), 2, [pa.py_buffer(b"\\x01"), offsets, data], null_count=1)
        report(outcome(lambda: tokenizer.tokenize_batch(column)))
        """
    )
    assert_refused(found, message="string offset")


@pytest.mark.parametrize(
    ("format_", "offsets", "validity"),
    [
        ("U", "struct.pack('<4q', 0, 2**62, 2**62 + 1, 5)", 0b010),
        ("u", "struct.pack('<3i', 0, 2**31 - 1, 5)", 0b01),
        ("u", "struct.pack('<3I', 0, 2**31 + 10, 5)", 0b11),
        ("U", "struct.pack('<3q', 0, 3, 2)", 0b11),
        ("u", "struct.pack('<3i', -4, 0, 5)", 0b11),
    ],
    ids=["2**62 in a null", "past the last", "negative as i32", "going back", "negative first"],
)
def test_offsets_out_of_order_or_range_are_refused(format_: str, offsets: str, validity: int) -> None:
    width = 8 if format_ == "U" else 4
    found = run_case(
        f"""
        offsets = {offsets}
        buffers = [bytes([{validity}]), offsets, b"hello"]
        report(methods(tokenizer, lambda: handmade(b"{format_}", len(offsets) // {width} - 1, buffers, null_count=1)))
        """
    )
    assert isinstance(found, list)
    for each in found:
        assert_refused(each)


# 2. Released structs and capsules handed out twice.


def test_a_released_array_is_refused() -> None:
    found = run_case(
        """
        producer = handmade(b"u", 2, strings(["oil rose", "gold fell"]), released=True)
        report(outcome(lambda: tokenizer.tokenize_batch(producer)))
        """
    )
    assert_refused(found, message="already released")


def test_a_capsule_handed_out_twice_is_refused_the_second_time() -> None:
    found = run_case(
        """
        producer = Exported(*pa.array(["oil rose", "gold fell"]).__arrow_c_array__())
        first = outcome(lambda: tokenizer.tokenize_batch(producer))
        second = outcome(lambda: tokenizer.tokenize_batch(producer))

        class Stream:
            def __init__(self):
                self.capsule = pa.chunked_array([["oil rose"], ["gold"]]).__arrow_c_stream__()

            def __arrow_c_stream__(self, requested_schema=None):
                return self.capsule

        stream = Stream()
        third = outcome(lambda: tokenizer.tokenize_batch(stream))
        fourth = outcome(lambda: tokenizer.count(stream))
        report([first, second, third, fourth])
        """
    )
    assert isinstance(found, list)
    first, second, third, fourth = found
    assert first == {"returned": [["oil", "rose"], ["gold", "fell"]]}
    assert third == {"returned": [["oil", "rose"], ["gold"]]}
    for later in (second, fourth):
        assert_refused(later, message="already released")


# 3. Sizes from the producer bounded before use.


@pytest.mark.parametrize(
    ("fields", "raised"),
    [
        ({"length": 2**40}, "MemoryError"),
        ({"length": 2**62}, "WordsiftError"),
        ({"offset": 2**40}, "WordsiftError"),
        ({"offset": 2**62}, "WordsiftError"),
        ({"length": -1}, "WordsiftError"),
        ({"offset": -3}, "WordsiftError"),
        ({"n_buffers": 1}, "WordsiftError"),
        ({"n_children": 2}, "WordsiftError"),
        ({"null_count": -5}, "WordsiftError"),
    ],
)
def test_lengths_offsets_and_buffer_counts_are_bounded(fields: dict[str, int], raised: str) -> None:
    found = run_case(
        f"""
        fields = {fields!r}
        length = fields.pop("length", 3)
        report(methods(tokenizer, lambda: handmade(b"u", length, strings(["oil rose", None, "gold"]), **fields)))
        """
    )
    assert isinstance(found, list)
    for each in found:
        assert_refused(each, raised, message="")


def test_a_length_beyond_the_offsets_buffer_never_crashes() -> None:
    # 10,000 values over an offsets buffer of 4 entries: what lies past it is unmapped (refused), or mapped
    # memory read as offsets, which must then never decrease nor pass the last one to be used at all.
    found = run_case(
        """
        buffers = [None, *strings(["oil", "gold", "tin"])[1:]]
        results = methods(tokenizer, lambda: handmade(b"u", 10_000, buffers))
        report([result.get("raised", "returned") for result in results])
        """
    )
    assert isinstance(found, list)
    assert all(result in ("WordsiftError", "returned") for result in found), found


def test_string_views_are_checked_against_their_buffers() -> None:
    found = run_case(
        """
        data = b"the market rose sharply today"
        sizes = struct.pack("<q", len(data))
        cases = {
            "past its buffer": view(20, b"mark", 0, 20),
            "unknown buffer": view(20, b"the ", 3, 0),
            "negative length": view(-1, b"abcd", 0, 0),
            "wrong prefix": view(16, b"zzzz", 0, 0),
        }
        results = {name: outcome(lambda bad=bad: tokenizer.tokenize_batch(
            handmade(b"vu", 2, [None, view(13, b"the ", 0, 0) + bad, data, sizes], null_count=0)))
            for name, bad in cases.items()}
        results["good"] = outcome(lambda: tokenizer.tokenize_batch(
            handmade(b"vu", 1, [None, view(16, b"the ", 0, 0), data, sizes], null_count=0)))
        results["sizes past the buffer"] = outcome(lambda: tokenizer.tokenize_batch(
            handmade(b"vu", 1, [None, view(16, b"the ", 0, 0), data, struct.pack("<q", 2**50)], null_count=0)))
        report(results)
        """
    )
    assert isinstance(found, dict)
    assert found.pop("good") == {"returned": [["the", "market", "rose"]]}
    for name, result in found.items():
        assert result.get("raised") == "WordsiftError", (name, result)


# 4. Buffers changed by another thread during a call.


def test_a_buffer_changed_during_a_call_gives_tokens_not_a_crash() -> None:
    # A Python thread scribbles invalid UTF-8 over the column's buffer (a bytearray, no copy) while the calls
    # run; it starts a few milliseconds into each call, so that the bytes mostly change after they were checked,
    # while they are scanned. A call returns (tokens of whatever it copied) or, when the change came before the
    # check, refuses bytes that are not UTF-8; it never crashes.
    found = run_case(
        """
        import random, threading, time
        text = bytearray(("caf\u00e9 market \u0395\u039b\u039b\u0391\u0394\u0391 rose " * 400_000).encode())
        pristine = bytes(text)
        count = 20_000
        step = len(text) // count
        offsets = pa.py_buffer(struct.pack(f"<{count + 1}i", *(index * step for index in range(count + 1))))
        # Over the bytearray itself, no copy: what the writer changes, the column holds.
        column = pa.Array.from_buffers(pa.string(), count, [None, offsets, pa.py_buffer(text)])
        go, stop = threading.Event(), threading.Event()
        writes = [0]

        def scribble():
            spoil = random.Random(7)
            while not stop.is_set():
                if not go.wait(0.01):
                    continue
                time.sleep(0.005)
                while go.is_set():
                    for _ in range(100):
                        text[spoil.randrange(len(text))] = spoil.choice([0xFF, 0xE2, 0x80, 0xC3, 0xCE, 0x20, 0x41])
                    writes[0] += 100

        writer = threading.Thread(target=scribble)
        writer.start()
        results = []
        try:
            for _ in range(4):
                for name in ("tokenize_batch", "tokenize_arrow", "count"):
                    text[:] = pristine
                    before = writes[0]
                    go.set()
                    result = outcome(lambda: getattr(tokenizer, name)(column, threads=2))
                    # Right after the call, before the writer can run again: the writes made during it.
                    during = writes[0] - before
                    go.clear()
                    results.append([result.get("message", "returned"), during])
        finally:
            go.clear()
            stop.set()
            writer.join()
        report(results)
        """,
        timeout=300,
    )
    assert isinstance(found, list)
    outcomes = {message for message, _ in found}
    assert outcomes <= {"returned", "an Arrow string that is not UTF-8"}, found
    assert any(message == "returned" and during > 0 for message, during in found), (
        f"no call ran while the buffer changed: {found}"
    )


# The well-formed edge cases stay read as they are.


def test_all_null_and_empty_columns_of_every_string_type() -> None:
    found = run_case(
        """
        out = {}
        for kind in ("string", "large_string", "string_view"):
            for name, values in (("nulls", [None, None, None]), ("empty", []), ("blank", ["", None, ""])):
                column = pa.array(values, getattr(pa, kind)())
                out[f"{kind} {name}"] = [
                    tokenizer.tokenize_batch(column),
                    pa.array(tokenizer.tokenize_arrow(column)).to_pylist(),
                    tokenizer.count(column).documents,
                ]
        report(out)
        """
    )
    assert isinstance(found, dict)
    for kind in ("string", "large_string", "string_view"):
        assert found[f"{kind} nulls"] == [[None, None, None], [None, None, None], 0]
        assert found[f"{kind} empty"] == [[], [], 0]
        assert found[f"{kind} blank"] == [[[], None, []], [[], None, []], 2]


def test_a_polars_series_of_several_chunks() -> None:
    pl = pytest.importorskip("polars")
    import wordsift
    import wordsift.reference

    values = ["the Market rose", None, "caf\u00e9 prices", "", "\u0395\u039b\u039b\u0391\u0394\u0391 fell"]
    series = pl.concat([pl.Series(values[:2]), pl.Series([], dtype=pl.String), pl.Series(values[2:])], rechunk=False)
    assert series.n_chunks() > 1  # polars may drop the empty chunk
    reference = wordsift.reference.Tokenizer()
    expected = [None if value is None else reference.tokenize(value) for value in values]
    tokenizer = wordsift.Tokenizer()
    assert tokenizer.tokenize_batch(series) == expected
    assert tokenizer.tokenize_arrow(series).to_pylist() == expected


def test_large_string_offsets_past_two_gigabytes() -> None:
    # A large_string column whose data buffer is over 2 GiB (a zeroed bytearray: its pages are not touched) and
    # whose second slot lies past 2**31: only that slot's bytes are read.
    found = run_case(
        """
        start = 2**31 + 5
        data = bytearray(start + 16)
        data[start : start + 15] = b"hello big world"
        offsets = pa.py_buffer(struct.pack("<3q", 0, start, start + 15))
        column = pa.Array.from_buffers(pa.large_string(), 2, [None, offsets, pa.py_buffer(data)])[1:]
        report([tokenizer.tokenize_batch(column), tokenizer.tokenize_arrow(column).to_pylist()])
        """
    )
    assert found == [[["hello", "big", "world"]], [["hello", "big", "world"]]]
