"""Builds the bundled stopword lists of languages other than English from their upstream releases.

    python scripts/build_stopword_lists.py SPARK_MLLIB_JAR STOPWORDS_ISO_JSON [--out DIR]

SPARK_MLLIB_JAR is `spark-mllib_2.12-3.5.9.jar`, installed with pyspark 3.5.9
(PyPI) under `pyspark/jars/`. Its `org/apache/spark/ml/feature/stopwords/`
holds the Snowball project's stop word lists as PostgreSQL ships them (its
README says so). STOPWORDS_ISO_JSON is `stopwords-iso.json`, installed with
stopwordsiso 0.7.1 (PyPI) under `stopwordsiso/`. Both packages are in the
`test` extra, and tests/test_stopword_lists.py rebuilds every list from them
and compares.

Each list becomes `python/wordsift/data/stopwords/<language>.txt`: `#@ key:
value` fields that say where it came from (read by the Rust core for the
language codes and by `wordsift.stopword_info`), then the words in upstream
order, lower-cased and NFC-normalised, each once. An upstream entry that no
token can equal under the default rules (it holds punctuation or digits, or
is several words) is left out and named in a comment of the header: a
tokeniser could never match it, and keeping it would only hide that.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import unicodedata
import zipfile
from pathlib import Path

from wordsift.reference import Tokenizer

STOPWORDS_DIR = Path(__file__).resolve().parent.parent / "python" / "wordsift" / "data" / "stopwords"

SPARK_VERSION = "3.5.9"
SPARK_MEMBER = "org/apache/spark/ml/feature/stopwords/{name}.txt"
STOPWORDSISO_VERSION = "0.7.1"

# Language name (the list's name) -> ISO 639-1 codes that also select it.
SNOWBALL_LISTS = {
    "danish": ["da"],
    "dutch": ["nl"],
    "finnish": ["fi"],
    "french": ["fr"],
    "german": ["de"],
    "hungarian": ["hu"],
    "italian": ["it"],
    "norwegian": ["no", "nb"],
    "portuguese": ["pt"],
    "russian": ["ru"],
    "spanish": ["es"],
    "swedish": ["sv"],
    "turkish": ["tr"],
}
STOPWORDSISO_LISTS = {
    "arabic": ["ar"],
    "bulgarian": ["bg"],
    "catalan": ["ca"],
    "croatian": ["hr"],
    "czech": ["cs"],
    "greek": ["el"],
    "hindi": ["hi"],
    "indonesian": ["id"],
    "polish": ["pl"],
    "romanian": ["ro"],
    "slovak": ["sk"],
    "ukrainian": ["uk"],
}

SNOWBALL_SOURCE = (
    f"the Snowball project's stop word list, as Apache Spark {SPARK_VERSION} ships it "
    f"(spark-mllib_2.12-{SPARK_VERSION}.jar, {SPARK_MEMBER}; Spark's README there: "
    '"obtained from http://anoncvs.postgresql.org/cvsweb.cgi/pgsql/src/backend/snowball/stopwords/")'
)
SNOWBALL_LICENCE = "BSD-3-Clause (the Snowball project's licence; see LICENSES/snowball.txt)"
STOPWORDSISO_SOURCE = (
    f"Stopwords ISO (https://github.com/stopwords-iso), key {{code}} of stopwords-iso.json in the "
    f"stopwordsiso {STOPWORDSISO_VERSION} package on PyPI"
)
STOPWORDSISO_LICENCE = "MIT (Stopwords ISO; see LICENSES/stopwords-iso.txt)"


def one_token(tokenizer: Tokenizer, entry: str) -> str | None:
    """The entry as the one token it would be, or None if the default rules never make it one."""
    expected = unicodedata.normalize("NFC", entry).lower()
    tokens = tokenizer.tokenize(entry)
    return expected if tokens == [expected] else None


def write_list(out: Path, name: str, codes: list[str], fields: dict[str, str], entries: list[str]) -> None:
    tokenizer = Tokenizer(stopwords=None)
    words: list[str] = []
    left_out: list[str] = []
    for entry in map(str.strip, entries):
        if not entry:
            continue
        word = one_token(tokenizer, entry)
        if word is None:
            left_out.append(entry)
        elif word not in words:
            words.append(word)
    lines = [
        f"# Stopwords of {name.capitalize()}, built by scripts/build_stopword_lists.py; do not edit by hand.",
        "#",
        f"#@ language: {name}",
        f"#@ codes: {' '.join(codes)}",
        *(f"#@ {key}: {value}" for key, value in fields.items()),
        "#",
        "# The upstream words in upstream order, lower-cased and NFC-normalised, each once.",
    ]
    if left_out:
        lines.append(
            f"# Left out, since no token equals them under the default rules ({len(left_out)}): "
            + " ".join(json.dumps(entry, ensure_ascii=False) for entry in left_out)
        )
    lines.append("")
    lines.extend(words)
    (out / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spark_mllib_jar", type=Path)
    parser.add_argument("stopwords_iso_json", type=Path)
    parser.add_argument("--out", type=Path, default=STOPWORDS_DIR, help="where to write the lists")
    args = parser.parse_args()
    build(args.spark_mllib_jar, args.stopwords_iso_json, args.out)


def build(spark_mllib_jar: Path, stopwords_iso_json: Path, out: Path) -> None:
    """Writes every list into `out`."""

    with zipfile.ZipFile(spark_mllib_jar) as jar:
        for name, codes in SNOWBALL_LISTS.items():
            data = jar.read(SPARK_MEMBER.format(name=name))
            fields = {
                "source": SNOWBALL_SOURCE.format(name=name),
                "upstream-version": f"Apache Spark {SPARK_VERSION}",
                "licence": SNOWBALL_LICENCE,
                "upstream-sha256": hashlib.sha256(data).hexdigest(),
            }
            write_list(out, name, codes, fields, data.decode("utf-8").splitlines())

    data = stopwords_iso_json.read_bytes()
    lists = json.loads(data)
    for name, codes in STOPWORDSISO_LISTS.items():
        fields = {
            "source": STOPWORDSISO_SOURCE.format(code=codes[0]),
            "upstream-version": f"stopwordsiso {STOPWORDSISO_VERSION}",
            "licence": STOPWORDSISO_LICENCE,
            "upstream-sha256": f"{hashlib.sha256(data).hexdigest()} (all of stopwords-iso.json)",
        }
        write_list(out, name, codes, fields, lists[codes[0]])


if __name__ == "__main__":
    main()
