"""The command line on corpora on disk: speed against a Unix pipeline, and peak memory on a large corpus.

    python benches/corpus_cli.py speed [--corpus PATH] [--repeat N]
    python benches/corpus_cli.py memory [--corpus PATH] [--size-gb G] [--keep]

`speed` times, side by side and alternating, `wordsift CORPUS.jsonl >
/dev/null` (JSON Lines in and out, all cores, the output discarded as the
pipeline's is), `wordsift CORPUS.jsonl -o OUT.jsonl` (the same output
written to a file, flushed to disk and renamed into place) and the pipeline
`tr -cs A-Za-z '\\n' < CORPUS | tr A-Z a-z | grep -vxFf STOPWORDS > /dev/null`
over the shared corpus, and prints the medians and their ratios; then
`wordsift --version` alone, the start-up that every run pays.

`memory` writes a JSON Lines corpus of about G GB (the shared corpus,
repeated with fresh ids) to a temporary directory, runs the same command
on it, and reports the child's peak RSS (ru_maxrss) next to the corpus
size: memory must stay bounded whatever the corpus size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import wordsift

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "reuters21578.jsonl"


def wordsift_command() -> list[str]:
    """The `wordsift` command as users run it: the console script beside this interpreter, else python -m."""
    script = shutil.which("wordsift", path=os.path.dirname(sys.executable))
    return [script] if script else [sys.executable, "-m", "wordsift"]


def run_timed(command: list[str] | str, *, shell: bool = False) -> float:
    started = time.perf_counter()
    subprocess.run(command, shell=shell, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def speed(corpus: Path, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        stopwords = Path(temp) / "stopwords.txt"
        stopwords.write_text("".join(word + "\n" for word in sorted(wordsift.stopwords())), encoding="utf-8")
        output = Path(temp) / "out.jsonl"
        command = wordsift_command()
        commands: dict[str, list[str] | str] = {
            "wordsift CLI, JSON Lines to stdout (/dev/null)": [*command, str(corpus), "--quiet"],
            "wordsift CLI, JSON Lines to a file (-o)": [*command, str(corpus), "-o", str(output), "--quiet"],
            "wordsift --version (start-up alone)": [*command, "--version"],
            "tr | tr | grep -vxFf (/dev/null)": f"tr -cs A-Za-z '\\n' < {corpus} | tr A-Z a-z | grep -vxFf {stopwords}",
        }
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeat):
            for name, line in commands.items():
                seconds[name].append(run_timed(line, shell=isinstance(line, str)))
    megabytes = corpus.stat().st_size / 1e6
    medians = {name: statistics.median(times) for name, times in seconds.items()}
    pipeline = medians["tr | tr | grep -vxFf (/dev/null)"]
    print(f"corpus: {corpus} ({megabytes:.1f} MB), {os.cpu_count()} CPUs, medians of {repeat} alternating runs")
    for name, median in medians.items():
        # Start-up alone reads no corpus: no MB/s.
        rate = "" if "--version" in name else f"{megabytes / median:5.0f} MB/s"
        print(f"{name:48} {median * 1000:6.1f} ms  {rate:10}  pipeline time / this: {pipeline / median:.2f}x")


def memory(corpus: Path, size_gb: float, keep: bool) -> None:
    directory = Path(tempfile.mkdtemp(prefix="wordsift-memory-"))
    big = directory / "big.jsonl"
    records = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    wanted = int(size_gb * 1e9)
    written = 0
    copy = 0
    with big.open("w", encoding="utf-8") as out:
        while written < wanted:
            for record in records:
                line = json.dumps({**record, "id": f"{copy}-{record['id']}"}) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
            copy += 1
    try:
        command = [*wordsift_command(), str(big), "-o", str(directory / "out.jsonl"), "--quiet"]
        started = time.perf_counter()
        subprocess.run(command, check=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        print(f"corpus: {written / 1e9:.2f} GB ({copy} copies of {corpus.name}), {os.cpu_count()} CPUs")
        print(f"wordsift CLI, JSON Lines in and out: {seconds:.1f} s, {written / 1e6 / seconds:.0f} MB/s")
        print(f"peak RSS of the command: {peak / 1e6:.0f} MB")
    finally:
        if not keep:
            for path in directory.iterdir():
                path.unlink()
            directory.rmdir()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["speed", "memory"])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("WORDSIFT_CORPUS") or DEFAULT_CORPUS))
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--size-gb", type=float, default=2.0)
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus and output")
    args = parser.parse_args()
    if args.what == "speed":
        speed(args.corpus, args.repeat)
    else:
        memory(args.corpus, args.size_gb, args.keep)


if __name__ == "__main__":
    main()
