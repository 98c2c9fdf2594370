"""wordsift.sklearn's vectorizers against scikit-learn's own, given wordsift's tokens.

The oracle is scikit-learn's vectorizer with the same options whose
tokenizer is the same wordsift.Tokenizer (`CountVectorizer(tokenizer=...,
lowercase=False, token_pattern=None, preprocessor=<identity>)`): equal means
the same features, vocabulary_ and matrices (shape, dtype, index arrays and
data; TF-IDF values within 1e-12 relative). scikit-learn is slow on the
whole corpus (seconds per fit, 17 s for trigrams), so each oracle is fitted
once and shared.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import pyarrow as pa
import pytest
import scipy.sparse as sp
import sklearn
from hypothesis import event, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction import text as sk
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import check_is_fitted

import strategies
import wordsift
import wordsift._core
from wordsift.sklearn import CountVectorizer, HashingVectorizer, TfidfVectorizer

Matrix = Any
TOKENIZER = wordsift.Tokenizer()


def identity(text: str) -> str:
    return text


def oracle_options(tokenize: Callable[[str], list[str]]) -> dict[str, Any]:
    """What makes a scikit-learn vectorizer use wordsift's tokens and nothing else."""
    return {"tokenizer": tokenize, "lowercase": False, "token_pattern": None, "preprocessor": identity}


def assert_same_matrix(ours: Matrix, expected: Matrix, *, rtol: float | None = None) -> None:
    """Equal matrices, ours canonical.

    scikit-learn's CountVectorizer (and so TfidfVectorizer) leaves the
    indices of a row unsorted: it renumbers the columns in code-point order
    after sorting them. Ours are sorted, so `expected` is compared sorted.
    """
    assert type(ours) is type(expected)
    expected = expected.copy()
    expected.has_sorted_indices = False  # scipy's flag may be stale: make it sort
    expected.sort_indices()
    assert ours.format == "csr"
    assert ours.shape == expected.shape
    assert ours.dtype == expected.dtype
    assert ours.indptr.dtype == expected.indptr.dtype
    assert ours.indices.dtype == expected.indices.dtype
    np.testing.assert_array_equal(ours.indptr, expected.indptr)
    np.testing.assert_array_equal(ours.indices, expected.indices)
    if rtol is None:
        np.testing.assert_array_equal(ours.data, expected.data)
    else:
        np.testing.assert_allclose(ours.data, expected.data, rtol=rtol, atol=0)
    # A fresh matrix over the same arrays: scipy checks the arrays, not a flag set by whoever built ours.
    assert sp.csr_matrix((ours.data, ours.indices, ours.indptr), shape=ours.shape).has_canonical_format


def assert_same_features(ours: Any, oracle: Any) -> None:
    names = ours.get_feature_names_out()
    assert names.dtype == object
    np.testing.assert_array_equal(names, oracle.get_feature_names_out())
    assert ours.vocabulary_ == oracle.vocabulary_


def with_max_features(oracle: Any, matrix: Matrix, limit: int) -> tuple[list[str], Matrix]:
    """The features and matrix max_features=limit gives by wordsift's documented tie rule.

    `oracle` and `matrix` are scikit-learn's fit with the same options but no
    max_features: keep the `limit` features of highest total count, ties to
    the feature first in code-point order (scikit-learn's columns are in that
    order), in column order.
    """
    names = oracle.get_feature_names_out()
    if len(names) <= limit:
        return list(names), matrix
    totals = np.asarray(matrix.sum(axis=0)).ravel()
    kept = np.sort(np.argsort(-totals, kind="stable")[:limit])
    kept_matrix = matrix[:, kept]
    kept_matrix.sort_indices()
    return list(names[kept]), kept_matrix


def owner(array: np.ndarray[Any, Any]) -> object:
    """The object at the end of an array's chain of bases."""
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    return base


@pytest.fixture(scope="module")
def corpus_tokens(corpus_texts: list[str]) -> Callable[[str], list[str]]:
    """wordsift's tokens of each corpus text, looked up (scikit-learn calls its tokenizer once per text)."""
    tokens = dict(zip(corpus_texts, TOKENIZER.tokenize_batch(corpus_texts), strict=True))
    return tokens.__getitem__


@pytest.fixture(scope="module")
def oracle(corpus_texts: list[str], corpus_tokens: Callable[[str], list[str]]) -> Iterator[Callable[..., Any]]:
    """scikit-learn's fitted vectorizer and matrix on the whole corpus, per class and options, fitted once."""
    fitted: dict[str, tuple[Any, Matrix]] = {}

    def fit(kind: type, **options: Any) -> tuple[Any, Matrix]:
        key = f"{kind.__name__} {sorted(options.items())!r}"
        if key not in fitted:
            vectorizer = kind(**oracle_options(corpus_tokens), **options)
            fitted[key] = (vectorizer, vectorizer.fit_transform(corpus_texts))
        return fitted[key]

    yield fit
    fitted.clear()


# On the whole corpus.


@pytest.mark.parametrize(
    "options",
    [{}, {"ngram_range": (1, 2)}, {"ngram_range": (2, 3)}, {"min_df": 2, "max_df": 0.5}, {"binary": True}],
    ids=["unigrams", "ngrams-1-2", "ngrams-2-3", "min-df-2-max-df-half", "binary"],
)
def test_counts_equal_scikit_learns_on_the_corpus(
    corpus_texts: list[str], oracle: Callable[..., Any], options: dict[str, Any]
) -> None:
    expected_vectorizer, expected = oracle(sk.CountVectorizer, **options)
    ours = CountVectorizer(**options)
    assert_same_matrix(ours.fit_transform(corpus_texts), expected)
    assert_same_features(ours, expected_vectorizer)
    assert ours.fixed_vocabulary_ is False
    # transform counts the fitted features again, by another road in the core.
    assert_same_matrix(ours.transform(corpus_texts), expected)
    # fit learns the same features without making the matrix.
    assert_same_features(CountVectorizer(**options).fit(corpus_texts), expected_vectorizer)


def test_max_features_keeps_the_most_frequent_with_ties_to_the_earlier_feature(
    corpus_texts: list[str], oracle: Callable[..., Any]
) -> None:
    full_vectorizer, full = oracle(sk.CountVectorizer)
    names, expected = with_max_features(full_vectorizer, full, 5000)
    ours = CountVectorizer(max_features=5000)
    assert_same_matrix(ours.fit_transform(corpus_texts), expected)
    assert list(ours.get_feature_names_out()) == names
    assert ours.vocabulary_ == {name: column for column, name in enumerate(names)}
    # scikit-learn's own cut agrees wherever it has no tie to break.
    limited_vectorizer, _ = oracle(sk.CountVectorizer, max_features=5000)
    totals = dict(zip(full_vectorizer.get_feature_names_out(), np.asarray(full.sum(axis=0)).ravel(), strict=True))
    cut = min(totals[name] for name in names)
    theirs = set(limited_vectorizer.get_feature_names_out())
    assert {name for name in names if totals[name] > cut} == {name for name in theirs if totals[name] > cut}
    assert len(theirs) == len(names)


def test_max_features_ties_go_to_the_earlier_feature() -> None:
    # Every feature occurs once: the three first in code-point order are kept.
    vectorizer = CountVectorizer(max_features=3)
    matrix = vectorizer.fit_transform(["zinc gold", "copper oil", "\u00e9t\u00e9 barley"])
    assert list(vectorizer.get_feature_names_out()) == ["barley", "copper", "gold"]
    assert matrix.toarray().tolist() == [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
    # With binary=True scikit-learn ranks by document frequency ("oil" twice in one document counts once).
    vectorizer = CountVectorizer(max_features=1, binary=True)
    matrix = vectorizer.fit_transform(["oil oil oil", "gold", "gold"])
    assert list(vectorizer.get_feature_names_out()) == ["gold"]
    assert matrix.toarray().tolist() == [[0], [1], [1]]


def test_a_fixed_vocabulary_counts_those_terms_only(corpus_texts: list[str], oracle: Callable[..., Any]) -> None:
    seen = list(oracle(sk.CountVectorizer)[0].get_feature_names_out())
    terms = [*seen[::-7], "zzz-never-a-token", "two words"]
    as_mapping = {term: column for column, term in enumerate(terms)}
    expected_vectorizer, expected = oracle(sk.CountVectorizer, vocabulary=as_mapping)
    for vocabulary in (as_mapping, terms):
        ours = CountVectorizer(vocabulary=vocabulary)
        # A given vocabulary needs no fit.
        assert_same_matrix(ours.transform(corpus_texts), expected)
        assert_same_matrix(ours.fit_transform(corpus_texts), expected)
        assert_same_features(ours, expected_vectorizer)
        assert ours.fixed_vocabulary_ is True


TFIDF_OPTIONS = [
    {},
    {"norm": "l1"},
    {"norm": None},
    {"sublinear_tf": True},
    {"smooth_idf": False},
    {"use_idf": False},
    {"ngram_range": (1, 2)},
]
TFIDF_ONLY = ("norm", "use_idf", "smooth_idf", "sublinear_tf")


@pytest.mark.parametrize("options", TFIDF_OPTIONS, ids=lambda options: repr(options) if options else "defaults")
def test_tfidf_equals_scikit_learns_on_the_corpus(
    corpus_texts: list[str], oracle: Callable[..., Any], options: dict[str, Any]
) -> None:
    # scikit-learn's TfidfVectorizer is its CountVectorizer and then its
    # TfidfTransformer: made so here, on the shared count oracles (a refit
    # costs seconds each). The hypothesis test uses TfidfVectorizer itself.
    counting = {name: value for name, value in options.items() if name not in TFIDF_ONLY}
    expected_vectorizer, counts = oracle(sk.CountVectorizer, **counting)
    transformer = sk.TfidfTransformer(**{name: value for name, value in options.items() if name in TFIDF_ONLY})
    expected = transformer.fit_transform(counts.astype(np.float64))
    ours = TfidfVectorizer(**options)
    assert_same_matrix(ours.fit_transform(corpus_texts), expected, rtol=1e-12)
    assert_same_features(ours, expected_vectorizer)
    if ours.use_idf:
        assert ours.idf_.dtype == transformer.idf_.dtype
        np.testing.assert_allclose(ours.idf_, transformer.idf_, rtol=1e-12, atol=0)
    else:
        assert not hasattr(ours, "idf_")
    assert_same_matrix(ours.transform(corpus_texts), expected, rtol=1e-12)
    # fit learns what fit_transform learns.
    refitted = TfidfVectorizer(**options).fit(corpus_texts)
    assert_same_matrix(refitted.transform(corpus_texts), expected, rtol=1e-12)


HASHING_OPTIONS = [
    {},
    {"alternate_sign": False},
    {"norm": None},
    {"norm": None, "alternate_sign": False, "binary": True},
    {"ngram_range": (1, 2), "norm": None},
]


@pytest.mark.parametrize("options", HASHING_OPTIONS, ids=lambda options: repr(options) if options else "defaults")
def test_hashing_equals_scikit_learns_on_the_corpus(
    corpus_texts: list[str], corpus_tokens: Callable[[str], list[str]], options: dict[str, Any]
) -> None:
    expected = sk.HashingVectorizer(**oracle_options(corpus_tokens), **options).transform(corpus_texts)
    ours = HashingVectorizer(**options)
    assert ours.n_features == 2**20
    rtol = None if ours.norm is None else 1e-12
    assert_same_matrix(ours.transform(corpus_texts), expected, rtol=rtol)
    assert_same_matrix(ours.fit_transform(corpus_texts), expected, rtol=rtol)


def test_every_thread_count_gives_the_same_result(corpus_texts: list[str]) -> None:
    results = []
    for threads in (1, 2, None):
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, threads=threads)
        hashed = HashingVectorizer(ngram_range=(1, 2), threads=threads).transform(corpus_texts)
        results.append((vectorizer.fit_transform(corpus_texts), vectorizer.get_feature_names_out(), hashed))
    for matrix, names, hashed in results[1:]:
        assert_same_matrix(matrix, results[0][0])
        np.testing.assert_array_equal(names, results[0][1])
        assert_same_matrix(hashed, results[0][2])


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        (CountVectorizer, {"ngram_range": (1, 2), "min_df": 2, "max_df": 0.5, "max_features": 20_000}),
        (CountVectorizer, {"binary": True, "max_features": 3000}),
        (TfidfVectorizer, {"ngram_range": (1, 2), "min_df": 3, "sublinear_tf": True}),
        (TfidfVectorizer, {"vocabulary": ["oil", "crude oil", "gold", "not a word here"]}),
    ],
)
def test_a_fit_on_counts_of_parts_equals_a_fit_on_the_whole(
    corpus_texts: list[str], kind: type, options: dict[str, Any]
) -> None:
    tokenizer = wordsift.Tokenizer(min_len=2)
    ngram_range = options.get("ngram_range", (1, 1))
    parts = [corpus_texts[start::5] for start in range(5)]
    counts = wordsift.merge_counts(tokenizer.count(part, ngram_range=ngram_range) for part in parts)
    documents = [text for part in parts for text in part]
    whole = kind(tokenizer=tokenizer, **options).fit(documents)
    from_counts = kind(tokenizer=tokenizer, **options).fit_from_counts(counts)
    assert list(from_counts.get_feature_names_out()) == list(whole.get_feature_names_out())
    assert_same_matrix(from_counts.transform(documents), whole.transform(documents), rtol=1e-15)
    if kind is TfidfVectorizer:
        np.testing.assert_array_equal(from_counts.idf_, whole.idf_)


def test_a_fit_on_counts_checks_what_it_is_given() -> None:
    with pytest.raises(TypeError, match="TokenCounts"):
        CountVectorizer().fit_from_counts({"oil": 1})  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError):
        CountVectorizer(min_df=-1).fit_from_counts(TOKENIZER.count(["oil"]))
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountVectorizer().fit_from_counts(TOKENIZER.count(["the", ""]))


def test_an_arrow_column_equals_a_list(corpus_texts: list[str]) -> None:
    column = pa.array(corpus_texts, type=pa.large_string())
    for vectorizer in (CountVectorizer(ngram_range=(1, 2)), TfidfVectorizer(), HashingVectorizer()):
        from_list = clone(vectorizer).fit_transform(corpus_texts)
        assert_same_matrix(vectorizer.fit_transform(column), from_list)
        assert_same_matrix(vectorizer.transform(column), from_list)


# Hypothesis: small corpora with empty documents, documents with no kept token, non-ASCII text.

# Words that repeat across documents (so that min_df, max_df and n-grams have work), stopwords among them.
WORDS = [
    "oil",
    "Oil",
    "gold",
    "prices",
    "the",
    "of",
    "and",
    "caf\u00e9",
    "Caf\u00e9",
    "\u6771\u4eac",
    "\u03c3\u03bf\u03c2",
    "2,000",
]
documents = st.lists(
    st.one_of(
        strategies.texts,
        st.lists(st.sampled_from(WORDS), max_size=10).map(" ".join),
        st.sampled_from(["", "the of and"]),
    ),
    max_size=8,
)
ngram_ranges = st.sampled_from([(1, 1), (1, 2), (2, 2), (1, 3), (3, 3)])


def outcome(call: Callable[..., Matrix], *args: Any) -> Matrix | str:
    """What call(*args) returns, or the message of the ValueError it raises (scikit-learn's edges)."""
    try:
        return call(*args)
    except ValueError as error:
        return f"ValueError: {error}"


@settings(max_examples=300)
@given(
    texts=documents,
    options=strategies.options(),
    ngram_range=ngram_ranges,
    min_df=st.sampled_from([1, 2, 0.0, 0.3, 0.5, 1.0]),
    max_df=st.sampled_from([1.0, 0.5, 0.8, 1, 2, 3]),
    max_features=st.sampled_from([None, 1, 2, 5]),
    binary=st.booleans(),
    dtype=st.sampled_from([np.int64, np.int32, np.float32, np.float64, np.int16]),
)
def test_counts_equal_scikit_learns_on_small_corpora(
    texts: list[str],
    options: dict[str, Any],
    ngram_range: tuple[int, int],
    min_df: float,
    max_df: float,
    max_features: int | None,
    binary: bool,
    dtype: type,
) -> None:
    tokenizer = wordsift.Tokenizer(**options)
    shared = {"ngram_range": ngram_range, "min_df": min_df, "max_df": max_df, "binary": binary, "dtype": dtype}
    expected_vectorizer = sk.CountVectorizer(**oracle_options(tokenizer.tokenize), **shared)
    expected = outcome(expected_vectorizer.fit_transform, texts)
    ours = CountVectorizer(tokenizer=tokenizer, max_features=max_features, **shared)
    matrix = outcome(ours.fit_transform, texts)
    event(expected if isinstance(expected, str) else "a matrix")
    if isinstance(expected, str):
        assert matrix == expected
        return
    names = list(expected_vectorizer.get_feature_names_out())
    if max_features is not None:
        names, expected = with_max_features(expected_vectorizer, expected, max_features)
    assert_same_matrix(matrix, expected)
    assert list(ours.get_feature_names_out()) == names
    assert ours.vocabulary_ == {name: column for column, name in enumerate(names)}
    # Documents counted over the fitted vocabulary, as scikit-learn's transform counts them.
    expected_vectorizer = sk.CountVectorizer(**oracle_options(tokenizer.tokenize), vocabulary=names, **shared)
    assert_same_matrix(ours.transform(texts), expected_vectorizer.transform(texts))


@settings(max_examples=200)
@given(
    texts=documents,
    options=strategies.options(),
    ngram_range=ngram_ranges,
    min_df=st.sampled_from([1, 2, 0.3]),
    norm=st.sampled_from(["l2", "l1", None]),
    use_idf=st.booleans(),
    smooth_idf=st.booleans(),
    sublinear_tf=st.booleans(),
    binary=st.booleans(),
    dtype=st.sampled_from([np.float64, np.float32]),
)
def test_tfidf_equals_scikit_learns_on_small_corpora(
    texts: list[str], options: dict[str, Any], ngram_range: tuple[int, int], **shared: Any
) -> None:
    tokenizer = wordsift.Tokenizer(**options)
    expected_vectorizer = sk.TfidfVectorizer(**oracle_options(tokenizer.tokenize), ngram_range=ngram_range, **shared)
    expected = outcome(expected_vectorizer.fit_transform, texts)
    ours = TfidfVectorizer(tokenizer=tokenizer, ngram_range=ngram_range, **shared)
    matrix = outcome(ours.fit_transform, texts)
    event(expected if isinstance(expected, str) else "a matrix")
    if isinstance(expected, str):
        assert matrix == expected
        return
    rtol = 1e-12 if shared["dtype"] is np.float64 else 1e-6
    assert_same_matrix(matrix, expected, rtol=rtol)
    assert_same_features(ours, expected_vectorizer)
    if shared["use_idf"]:
        assert ours.idf_.dtype == expected_vectorizer.idf_.dtype
        np.testing.assert_allclose(ours.idf_, expected_vectorizer.idf_, rtol=rtol, atol=0)
    assert_same_matrix(ours.transform(texts), expected_vectorizer.transform(texts), rtol=rtol)


@settings(max_examples=200)
@given(
    texts=documents.filter(bool),
    options=strategies.options(),
    ngram_range=ngram_ranges,
    n_features=st.sampled_from([1, 7, 16, 2**20, 2**31 - 1]),
    alternate_sign=st.booleans(),
    norm=st.sampled_from(["l2", "l1", None]),
    binary=st.booleans(),
    dtype=st.sampled_from([np.float64, np.float32, np.int64]),
)
def test_hashing_equals_scikit_learns_on_small_corpora(
    texts: list[str], options: dict[str, Any], **shared: Any
) -> None:
    tokenizer = wordsift.Tokenizer(**options)
    expected = sk.HashingVectorizer(**oracle_options(tokenizer.tokenize), **shared).transform(texts)
    rtol = None if shared["norm"] is None else 1e-12 if expected.dtype == np.float64 else 1e-6
    assert_same_matrix(HashingVectorizer(tokenizer=tokenizer, **shared).transform(texts), expected, rtol=rtol)


# Matrices: zero-copy, and the container scikit-learn's settings ask for.


def test_the_matrices_are_the_cores_arrays_not_copies(corpus_texts: list[str]) -> None:
    texts = corpus_texts[:2000]
    count = CountVectorizer()
    tfidf = TfidfVectorizer(sublinear_tf=True)
    matrices = [
        count.fit_transform(texts),
        count.transform(texts),
        tfidf.fit_transform(texts),
        tfidf.transform(texts),
        HashingVectorizer().transform(texts),
        HashingVectorizer(norm=None, dtype=np.int32).transform(texts),
    ]
    for matrix in matrices:
        for array in (matrix.data, matrix.indices, matrix.indptr):
            assert isinstance(owner(array), wordsift._core.OwnedArray)
            assert array.flags.writeable


def test_a_dtype_the_core_does_not_fill_is_converted(corpus_texts: list[str], oracle: Callable[..., Any]) -> None:
    _, expected = oracle(sk.CountVectorizer)
    matrix = CountVectorizer(dtype=np.int16).fit_transform(corpus_texts)
    assert_same_matrix(matrix, expected.astype(np.int16))


def test_the_sparse_interface_follows_scikit_learns_setting() -> None:
    texts = ["oil prices rose", "gold fell"]
    assert type(CountVectorizer().fit_transform(texts)) is sp.csr_matrix
    if "sparse_interface" not in sklearn.get_config():
        pytest.skip(f"scikit-learn {sklearn.__version__} has no sparse_interface setting")
    with sklearn.config_context(sparse_interface="sparray"):
        for vectorizer, theirs in (
            (CountVectorizer(), sk.CountVectorizer()),
            (TfidfVectorizer(), sk.TfidfVectorizer()),
            (HashingVectorizer(), sk.HashingVectorizer()),
        ):
            matrix = vectorizer.fit_transform(texts)
            assert type(matrix) is type(theirs.fit_transform(texts)) is sp.csr_array
            assert type(vectorizer.transform(texts)) is sp.csr_array


# Fitted state: attributes, inverse_transform, idf_, pickles.


def test_inverse_transform_equals_scikit_learns() -> None:
    texts = ["oil prices rose", "", "gold gold fell", "the of"]
    ours = CountVectorizer(ngram_range=(1, 2))
    theirs = sk.CountVectorizer(**oracle_options(TOKENIZER.tokenize), ngram_range=(1, 2))
    matrix = ours.fit_transform(texts)
    theirs.fit(texts)
    for given_matrix in (matrix, matrix.toarray(), sp.csc_matrix(matrix)):
        got, expected = ours.inverse_transform(given_matrix), theirs.inverse_transform(given_matrix)
        assert len(got) == len(expected) == len(texts)
        for row, expected_row in zip(got, expected, strict=True):
            assert row.dtype == expected_row.dtype
            np.testing.assert_array_equal(row, expected_row)


def test_idf_can_be_set_as_in_scikit_learn() -> None:
    texts = ["oil prices rose", "gold fell", "oil oil"]
    fitted = TfidfVectorizer().fit(texts)
    terms = list(fitted.get_feature_names_out())
    ours = TfidfVectorizer(vocabulary=terms)
    theirs = sk.TfidfVectorizer(**oracle_options(TOKENIZER.tokenize), vocabulary=terms)
    ours.idf_ = theirs.idf_ = fitted.idf_
    assert_same_matrix(ours.transform(texts), theirs.transform(texts), rtol=1e-12)
    with pytest.raises(ValueError, match=f"idf length = 2 must be equal to vocabulary size = {len(terms)}"):
        ours.idf_ = [1.0, 2.0]
    with pytest.raises(ValueError, match="use_idf=False"):
        TfidfVectorizer(use_idf=False).idf_ = fitted.idf_


def test_vocabulary_is_built_when_asked_for_and_not_pickled(corpus_texts: list[str]) -> None:
    vectorizer = TfidfVectorizer().fit(corpus_texts)
    names = vectorizer.get_feature_names_out()
    blob = pickle.dumps(vectorizer)
    # The state is the feature names, an idf per feature and the parameters: not the corpus.
    assert len(blob) < sum(len(name.encode()) + 16 for name in names) + 4096
    assert len(blob) < sum(len(text.encode()) for text in corpus_texts) / 20
    assert vectorizer.vocabulary_ == {name: column for column, name in enumerate(names)}
    assert pickle.dumps(vectorizer) == blob  # the dict it made is not in the pickle
    loaded = pickle.loads(blob)
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    np.testing.assert_array_equal(loaded.idf_, vectorizer.idf_)
    assert_same_matrix(loaded.transform(corpus_texts[:500]), vectorizer.transform(corpus_texts[:500]))


@pytest.mark.parametrize(
    "vectorizer",
    [
        CountVectorizer(tokenizer=wordsift.Tokenizer(min_len=3), ngram_range=(1, 2), max_features=300),
        TfidfVectorizer(norm="l1", sublinear_tf=True, threads=1),
        HashingVectorizer(n_features=2**10, alternate_sign=False),
    ],
    ids=lambda vectorizer: type(vectorizer).__name__,
)
def test_pickle_and_joblib_round_trips_give_equal_matrices(
    corpus_texts: list[str], tmp_path: Path, vectorizer: Any
) -> None:
    texts = corpus_texts[:800]
    fitted = clone(vectorizer).fit(texts)
    expected = fitted.transform(texts)
    joblib.dump(fitted, tmp_path / "vectorizer.joblib")
    for loaded in (pickle.loads(pickle.dumps(fitted)), joblib.load(tmp_path / "vectorizer.joblib")):
        assert loaded.get_params().keys() == fitted.get_params().keys()
        assert_same_matrix(loaded.transform(texts), expected)
        if hasattr(fitted, "vocabulary_"):
            assert loaded.vocabulary_ == fitted.vocabulary_


def test_clone_and_set_params_work_as_for_any_estimator() -> None:
    tokenizer = wordsift.Tokenizer(min_len=3)
    vectorizer = TfidfVectorizer(tokenizer=tokenizer, ngram_range=(1, 2), threads=2)
    params = vectorizer.get_params()
    assert params["tokenizer"] is tokenizer
    assert params["ngram_range"] == (1, 2)
    assert params["threads"] == 2
    assert params["dtype"] is np.float64
    assert CountVectorizer().get_params()["tokenizer"] is None  # Tokenizer() at fit time
    copy = clone(vectorizer)
    assert copy.get_params()["ngram_range"] == (1, 2)
    copy.set_params(ngram_range=(1, 1), tokenizer=None).fit(["Oil prices rose", "Gold fell"])
    assert list(copy.get_feature_names_out()) == ["fell", "gold", "oil", "prices", "rose"]
    assert not hasattr(vectorizer, "vocabulary_")


def test_pipeline_in_grid_search_runs_in_worker_processes(corpus_texts: list[str]) -> None:
    texts = corpus_texts[:600]
    labels = [int("oil" in tokens) for tokens in TOKENIZER.tokenize_batch(texts)]
    pipeline = Pipeline([("vec", TfidfVectorizer()), ("clf", LogisticRegression(max_iter=1000))])
    grid = {"vec__ngram_range": [(1, 1), (1, 2)], "vec__min_df": [1, 2]}
    search = GridSearchCV(pipeline, grid, cv=2, n_jobs=2).fit(texts, labels)
    serial = GridSearchCV(pipeline, grid, cv=2, n_jobs=1).fit(texts, labels)
    assert search.best_params_ == serial.best_params_
    assert search.cv_results_["mean_test_score"].tolist() == serial.cv_results_["mean_test_score"].tolist()
    assert search.score(texts, labels) > 0.9


# The edges, as scikit-learn has them.


def test_the_edges_of_fitting_raise_scikit_learns_errors() -> None:
    cases: list[tuple[dict[str, Any], list[str]]] = [
        ({}, []),
        ({}, ["the of", "", "and"]),  # stopwords only: empty vocabulary
        ({"min_df": 3}, ["oil gold", "gold tin"]),  # none left after pruning
        ({"max_df": 0.1}, ["oil gold", "gold tin"]),
        ({"min_df": 3, "max_df": 2}, ["oil gold", "gold tin", "tin"]),  # inconsistent
        ({"min_df": 0.9, "max_df": 1}, ["oil gold", "gold tin", "tin"]),
        ({"ngram_range": (2, 1)}, ["oil gold"]),
        ({"ngram_range": (3, 3)}, ["oil gold", "tin"]),  # no document has a trigram
    ]
    for options, texts in cases:
        for ours, theirs in ((CountVectorizer, sk.CountVectorizer), (TfidfVectorizer, sk.TfidfVectorizer)):
            expected = outcome(theirs(**oracle_options(TOKENIZER.tokenize), **options).fit_transform, texts)
            assert isinstance(expected, str), options
            assert outcome(ours(**options).fit_transform, texts) == expected, options


def test_bad_parameters_raise_as_in_scikit_learn() -> None:
    texts = ["oil gold"]
    bad: list[tuple[type, dict[str, Any]]] = [
        (CountVectorizer, {"min_df": -1}),
        (CountVectorizer, {"max_df": 1.5}),
        (CountVectorizer, {"max_features": 0}),
        (CountVectorizer, {"ngram_range": [1, 2]}),
        (CountVectorizer, {"vocabulary": 3}),
        (CountVectorizer, {"binary": "yes"}),
        (CountVectorizer, {"tokenizer": str.split}),
        (CountVectorizer, {"threads": 0}),
        (TfidfVectorizer, {"norm": "l3"}),
        (TfidfVectorizer, {"sublinear_tf": 1}),
        (HashingVectorizer, {"n_features": 0}),
        (HashingVectorizer, {"n_features": 2**31}),
        (HashingVectorizer, {"alternate_sign": None}),
    ]
    for kind, options in bad:
        with pytest.raises(InvalidParameterError, match=next(iter(options))):
            kind(**options).fit(texts)


def test_a_fixed_vocabulary_is_checked_as_in_scikit_learn() -> None:
    vocabularies: list[Any] = [
        ["oil", "gold", "oil"],
        {"oil": 0, "gold": 0},
        {"oil": 0, "gold": 2},
        [],
        {},
    ]
    for vocabulary in vocabularies:
        expected = outcome(sk.CountVectorizer(vocabulary=vocabulary).fit, ["oil"])
        assert isinstance(expected, str), vocabulary
        assert outcome(CountVectorizer(vocabulary=vocabulary).fit, ["oil"]) == expected
    # A set is taken in sorted order.
    vectorizer = CountVectorizer(vocabulary={"oil", "gold"})
    assert list(vectorizer.get_feature_names_out()) == ["gold", "oil"]


def test_upper_case_terms_in_a_fixed_vocabulary_warn_as_in_scikit_learn() -> None:
    with pytest.warns(UserWarning, match="Upper case characters found in vocabulary"):
        CountVectorizer(vocabulary=["Oil", "gold"]).fit(["Oil gold"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CountVectorizer(vocabulary=["Oil", "gold"], tokenizer=wordsift.Tokenizer(lowercase=False)).fit(["Oil"])


def test_a_tfidf_dtype_that_is_not_float_warns_and_gives_float64() -> None:
    with pytest.warns(UserWarning, match="converted to np.float64"):
        matrix = TfidfVectorizer(dtype=np.int32).fit_transform(["oil gold", "oil"])
    assert matrix.dtype == np.float64


def test_use_before_fit_raises_not_fitted_error() -> None:
    for vectorizer in (CountVectorizer(), TfidfVectorizer()):
        with pytest.raises(NotFittedError):
            vectorizer.transform(["oil"])
        with pytest.raises(NotFittedError):
            vectorizer.get_feature_names_out()
        with pytest.raises(NotFittedError):
            vectorizer.inverse_transform(sp.csr_matrix((1, 1)))
        with pytest.raises(NotFittedError):
            check_is_fitted(vectorizer)
        assert not hasattr(vectorizer, "vocabulary_")
        vectorizer.fit(["oil gold"])
        check_is_fitted(vectorizer)
    with pytest.raises(NotFittedError):
        _ = TfidfVectorizer().idf_
    with pytest.raises(NotFittedError, match="The TF-IDF vectorizer is not fitted"):
        TfidfVectorizer(vocabulary=["oil"]).transform(["oil"])
    # A given vocabulary needs no fit for counting; hashing has nothing to fit.
    assert CountVectorizer(vocabulary=["oil"]).transform(["oil oil"]).toarray().tolist() == [[2]]
    check_is_fitted(HashingVectorizer())


def test_a_str_instead_of_documents_raises_value_error() -> None:
    message = "Iterable over raw text documents expected, string object received."
    fitted = CountVectorizer().fit(["oil"])
    tfidf = TfidfVectorizer().fit(["oil"])
    calls = [
        CountVectorizer().fit,
        CountVectorizer().fit_transform,
        fitted.transform,
        TfidfVectorizer().fit,
        TfidfVectorizer().fit_transform,
        tfidf.transform,
        HashingVectorizer().fit,
        HashingVectorizer().transform,
        HashingVectorizer().fit_transform,
    ]
    for call in calls:
        with pytest.raises(ValueError, match=message):
            call("oil prices rose")


def test_a_document_that_is_not_a_str_is_named_by_its_index() -> None:
    fitted = CountVectorizer().fit(["oil"])
    for call in (CountVectorizer().fit, fitted.transform, TfidfVectorizer().fit, HashingVectorizer().transform):
        with pytest.raises(TypeError, match=r"\[2\]"):
            call(["oil", "gold", b"tin"])
    with pytest.raises(ValueError, match=r"\[1\]"):
        CountVectorizer().fit(pa.array(["oil", None], type=pa.large_string()))


def test_a_lone_surrogate_follows_the_tokenizers_errors_option() -> None:
    texts = ["oil prices", "gold\ud800tin fell"]
    strict = wordsift.Tokenizer()
    with pytest.raises(UnicodeEncodeError) as expected:
        strict.tokenize_batch(texts)
    for vectorizer in (CountVectorizer(), TfidfVectorizer(), HashingVectorizer()):
        with pytest.raises(UnicodeEncodeError) as got:
            vectorizer.fit_transform(texts)
        assert str(got.value) == str(expected.value)
    replacing = wordsift.Tokenizer(errors="replace")
    ours = CountVectorizer(tokenizer=replacing)
    theirs = sk.CountVectorizer(**oracle_options(replacing.tokenize))
    assert_same_matrix(ours.fit_transform(texts), theirs.fit_transform(texts))
    assert_same_features(ours, theirs)


def test_hashing_nothing_raises_value_error() -> None:
    # scikit-learn lets a StopIteration escape here; its hasher's message is kept.
    for call in (HashingVectorizer().transform, HashingVectorizer().fit_transform):
        with pytest.raises(ValueError, match="Cannot vectorize empty sequence"):
            call([])


def test_scikit_learn_is_imported_by_the_vectorizers_only() -> None:
    import subprocess
    import sys

    probe = "import sys, wordsift; wordsift.Tokenizer().count(['a']); print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_without_scikit_learn_the_import_says_which_extra_to_install() -> None:
    hide = "import sys; sys.modules['sklearn'] = None; import wordsift.sklearn"
    run = subprocess.run([sys.executable, "-c", hide], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "pip install 'wordsift[sklearn]'" in run.stderr
