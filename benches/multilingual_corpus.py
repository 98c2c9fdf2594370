"""Generated prose in nine languages, for benches/multilingual.py and benches/rust/.

    python benches/multilingual_corpus.py [--out .benchmarks/multilingual] [--megabytes 3]

Each language's documents are written to OUT/<language>.jsonl, one
`{"title": ..., "text": ...}` object a line, as the shared corpus is. The
text is made by Faker (the version pinned in the `bench` extra) from its
lorem word lists, with a fixed seed: the same files on every machine. Those
lists are words of the language (German, French, Polish, Russian, Greek,
Arabic, Japanese, Chinese), so words, their lengths, accents and case are the
language's own, though the sentences mean nothing. Faker has no Hindi lorem
list: Hindi sentences are drawn from the Hindi words of its `hi_IN` names,
places, months and days, and from wordsift's bundled Hindi stopwords (as
frequent in the text as function words are in prose).

The files are made once and reused: a file is rewritten only when missing
or when the generator's parameters (recorded in OUT/manifest.json) change.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

# language: Faker locale.
LOCALES = {
    "german": "de_DE",
    "french": "fr_FR",
    "polish": "pl_PL",
    "russian": "ru_RU",
    "greek": "el_GR",
    "arabic": "ar_AA",
    "hindi": "hi_IN",
    "japanese": "ja_JP",
    "chinese": "zh_CN",
}
SEED = 21578
DEFAULT_OUT = Path(__file__).resolve().parent.parent / ".benchmarks" / "multilingual"
DEFAULT_MEGABYTES = 3.0


def hindi_words(fake: object) -> list[str]:
    """The Devanagari words of Faker's hi_IN data, and the bundled stopwords."""
    import wordsift

    pool: list[str] = []
    for provider in fake.providers:  # type: ignore[attr-defined]
        for name in ("first_names", "last_names", "cities", "states", "MONTH_NAMES", "DAY_NAMES"):
            values = getattr(provider, name, None)
            if isinstance(values, dict):
                values = list(values.values())
            if isinstance(values, (list, tuple)):
                for value in values:
                    if isinstance(value, str):
                        pool.extend(value.split())
    devanagari = sorted({word for word in pool if any("\u0900" <= ch <= "\u097f" for ch in word)})
    stopwords = sorted(wordsift.stopwords("hindi"))
    # As many stopwords as content words: function words are that frequent.
    return devanagari + stopwords * max(1, len(devanagari) // len(stopwords))


def documents(language: str, megabytes: float) -> list[dict[str, str]]:
    from faker import Faker

    fake = Faker(LOCALES[language])
    fake.seed_instance(SEED)
    shape = random.Random(SEED)
    words = hindi_words(fake) if language == "hindi" else None
    docs: list[dict[str, str]] = []
    size = 0
    while size < megabytes * 1e6:
        title = fake.sentence(nb_words=shape.randint(4, 10), ext_word_list=words).rstrip(".")
        paragraphs = [
            fake.paragraph(nb_sentences=shape.randint(2, 8), ext_word_list=words) for _ in range(shape.randint(1, 6))
        ]
        text = "\n\n".join(paragraphs)
        docs.append({"title": title, "text": text})
        size += len(title.encode()) + 1 + len(text.encode())
    return docs


def ensure(out: Path = DEFAULT_OUT, megabytes: float = DEFAULT_MEGABYTES) -> dict[str, Path]:
    """The corpus file of each language, made if missing or stale."""
    from faker import VERSION

    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.json"
    wanted = {"faker": VERSION, "seed": SEED, "megabytes": megabytes}
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError):
        manifest = {}
    paths = {}
    for language in LOCALES:
        path = out / f"{language}.jsonl"
        paths[language] = path
        if path.exists() and manifest.get(language) == wanted:
            continue
        # Written beside and renamed: a file is complete or absent.
        partial = path.with_suffix(".jsonl.partial")
        with partial.open("w", encoding="utf-8") as file:
            for doc in documents(language, megabytes):
                file.write(json.dumps(doc, ensure_ascii=False) + "\n")
        partial.replace(path)
        manifest[language] = wanted
        manifest_path.write_text(json.dumps(manifest, indent=1) + "\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--megabytes", type=float, default=DEFAULT_MEGABYTES)
    args = parser.parse_args()
    for language, path in ensure(args.out, args.megabytes).items():
        lines = path.read_text(encoding="utf-8").splitlines()
        print(f"{language:10} {len(lines):6} documents {path.stat().st_size / 1e6:6.2f} MB  {path}")


if __name__ == "__main__":
    main()
