"""The `cjk` option: Han ideographs and kana one per token; other unspaced scripts as they behave.

The sentences are written for these tests; the expected tokens follow the
rules in wordsift.reference's docstring.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import wordsift
import wordsift.reference

JAPANESE = "東京タワーは、きょう333メートル。"
CHINESE = "我们在北京见面"


def test_by_default_a_run_of_ideographs_and_kana_is_one_word(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None)
    assert tokenizer.tokenize(JAPANESE) == ["東京タワーは", "きょう", "メートル"]
    assert tokenizer.tokenize(CHINESE) == [CHINESE]
    assert tokenizer.cjk is None


def test_chars_makes_each_ideograph_and_kana_letter_a_token(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, cjk="chars")
    assert tokenizer.cjk == "chars"
    assert tokenizer.tokenize(JAPANESE) == list("東京タワーはきょうメートル")
    assert tokenizer.tokenize(CHINESE) == ["我", "们", "在", "北", "京", "见", "面"]
    # Letters of other scripts around them stay words; digits stay numbers.
    assert tokenizer.tokenize("iPhone用のUSBケーブル2本") == ["iphone", "用", "の", "usb", "ケ", "ー", "ブ", "ル", "本"]
    assert impl.Tokenizer(stopwords=None, cjk="chars", keep_numbers=True).tokenize("2本") == ["2", "本"]
    # A combining mark stays with the character before it.
    assert impl.Tokenizer(stopwords=None, cjk="chars", normalize=None).tokenize("か\u3099き") == ["か\u3099", "き"]


def test_bigrams_pair_each_two_neighbours_of_a_run(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, cjk="bigrams")
    assert tokenizer.cjk == "bigrams"
    assert tokenizer.tokenize(CHINESE) == ["我们", "们在", "在北", "北京", "京见", "见面"]
    assert tokenizer.tokenize(JAPANESE) == [
        "東京", "京タ", "タワ", "ワー", "ーは", "きょ", "ょう", "メー", "ート", "トル",
    ]  # fmt: skip
    # A character alone in its run is a token by itself; other letters end a run.
    assert tokenizer.tokenize("iPhone用のUSBケーブル 本") == ["iphone", "用の", "usb", "ケー", "ーブ", "ブル", "本"]
    assert tokenizer.tokenize("a東b") == ["a", "東", "b"]
    # Stopwords and length limits apply to the pairs.
    assert impl.Tokenizer(stopwords=["北京"], cjk="bigrams").tokenize("在北京") == ["在北"]
    assert impl.Tokenizer(stopwords=None, cjk="bigrams", max_len=1).tokenize("北 京都") == ["北"]


def test_split_characters_are_filtered_one_by_one(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=["は", "の"], cjk="chars", min_len=1)
    assert tokenizer.tokenize("東京は雨の日") == ["東", "京", "雨", "日"]
    # Without the option the stopwords never match inside the run.
    assert impl.Tokenizer(stopwords=["は", "の"]).tokenize("東京は雨の日") == ["東京は雨の日"]


def test_other_unspaced_scripts_and_hangul_are_not_split(impl: ModuleType) -> None:
    tokenizer = impl.Tokenizer(stopwords=None, cjk="chars")
    # Thai, Lao, Khmer and Myanmar: a run between spaces or punctuation is one token.
    assert tokenizer.tokenize("ภาษาไทยง่าย มาก") == ["ภาษาไทยง่าย", "มาก"]
    assert tokenizer.tokenize("ພາສາລາວ") == ["ພາສາລາວ"]
    assert tokenizer.tokenize("ភាសាខ្មែរ") == ["ភាសាខ្មែរ"]
    assert tokenizer.tokenize("မြန်မာစာ") == ["မြန်မာစာ"]
    # Korean is written with spaces: Hangul stays whole.
    assert tokenizer.tokenize("한국어 문장") == ["한국어", "문장"]


@pytest.mark.parametrize("cjk", ["chars", "bigrams"])
@pytest.mark.parametrize("threads", [1, 2])
def test_every_entry_point_agrees(threads: int, cjk: str) -> None:
    texts = [JAPANESE, CHINESE, "", "mixed 東京 text", JAPANESE * 50]
    expected = wordsift.reference.Tokenizer(cjk=cjk).tokenize_batch(texts)
    tokenizer = wordsift.Tokenizer(cjk=cjk)
    assert tokenizer.tokenize_batch(texts, threads=threads) == expected
    assert tokenizer.tokenize_arrow(texts, threads=threads).to_pylist() == expected
    assert tokenizer.count(texts, threads=threads) == wordsift.reference.Tokenizer(cjk=cjk).count(texts)
    assert [tokenizer.tokenize(text) for text in texts] == expected


def test_the_option_survives_pickling_and_shows_in_repr() -> None:
    import pickle

    for module in (wordsift, wordsift.reference):
        tokenizer = module.Tokenizer(cjk="bigrams")
        assert "cjk='bigrams', stem=None, segment=None, strip_accents=None," in repr(tokenizer)
        assert pickle.loads(pickle.dumps(tokenizer)).tokenize(CHINESE) == tokenizer.tokenize(CHINESE)
    assert repr(wordsift.Tokenizer()) == repr(wordsift.reference.Tokenizer())


def test_the_cli_splits_with_cjk_chars(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("見出し\n我们在北京\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "--cjk", "chars", "--stopwords", "none", str(path)],
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode("utf-8") == "見出し\n\n我\n们\n在\n北\n京\n"
    result = subprocess.run(
        [sys.executable, "-m", "wordsift", "--cjk", "bigrams", "--stopwords", "none", str(path)],
        capture_output=True,
        check=True,
    )
    assert result.stdout.decode("utf-8") == "見出し\n\n我们\n们在\n在北\n北京\n"
