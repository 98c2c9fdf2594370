"""scikit-learn's text vectorizers with the token-to-column loop in wordsift's Rust core.

    >>> from wordsift.sklearn import TfidfVectorizer
    >>> matrix = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)

`CountVectorizer`, `TfidfVectorizer` and `HashingVectorizer` are estimators
with scikit-learn's parameters, defaults and results, except that the
text-to-token options (`lowercase`, `stop_words`, `token_pattern`,
`analyzer`, ...) are one `tokenizer`, a `wordsift.Tokenizer` (None means
`Tokenizer()`), and that `threads` says how many threads count (None:
`wordsift.default_threads()`). Word n-grams are made from the kept tokens of
one document and joined with one space, as scikit-learn makes them.

Documents are any iterable of str, an Arrow string column (what
`Tokenizer.tokenize_batch` takes), or a corpus on disk,
`wordsift.corpus.Files`, read and counted in Rust (a fit then holds the
vocabulary's counts, never the texts). The matrices are SciPy CSR with sorted
indices and no duplicates, their arrays filled in Rust and not copied;
`csr_array` where scikit-learn's `sparse_interface` setting asks for it.

Where the choice is open, wordsift decides:
- `max_features` keeps the features with the highest total count; ties go
  to the feature first in code-point order (scikit-learn breaks them
  arbitrarily).
- `HashingVectorizer` hashes as scikit-learn does (signed 32-bit
  MurmurHash3, seed 0, of the UTF-8 bytes), so a token lands in the same
  column; an empty input raises ValueError("Cannot vectorize empty
  sequence.") where scikit-learn lets a StopIteration escape.
- A `vocabulary` holds str only (scikit-learn accepts terms that can never
  match).

Needs the `sklearn` extra: pip install 'wordsift[sklearn]'.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from numbers import Integral
from typing import Any, ClassVar, NamedTuple

try:
    import numpy as np
    import scipy.sparse as sp
    from sklearn import get_config
    from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
    from sklearn.exceptions import NotFittedError
    from sklearn.preprocessing import normalize
    from sklearn.utils import metadata_routing
    from sklearn.utils._param_validation import HasMethods, Interval, RealNotInt, StrOptions
    from sklearn.utils.validation import check_array, check_is_fitted
except ImportError as missing:
    raise ImportError(
        f"wordsift.sklearn needs scikit-learn, SciPy and NumPy ({missing}): pip install 'wordsift[sklearn]'"
    ) from missing

from wordsift._core import (
    FeatureIndex,
    OwnedArray,
    Tokenizer,
    count_matrix,
    fit_counted,
    fit_counts,
    fit_features,
    hash_matrix,
)
from wordsift.corpus import Files
from wordsift.counts import TokenCounts

__all__ = ["CountVectorizer", "HashingVectorizer", "TfidfVectorizer"]

# scipy and scikit-learn ship no type information.
Matrix = Any

_DEFAULT_TOKENIZER = Tokenizer()  # immutable and safe to share between threads

# The data types the core fills; others are filled in 64 bits and converted,
# as scikit-learn converts its int counts to `dtype`.
_CORE_DTYPES = frozenset({"int32", "int64", "float32", "float64"})

_NOT_ITERABLE = "Iterable over raw text documents expected, string object received."

_COMMON_CONSTRAINTS: dict[str, Any] = {
    "tokenizer": [Tokenizer, None],
    "threads": [Interval(Integral, 1, None, closed="left"), None],
    "ngram_range": [tuple],
    "binary": ["boolean"],
    "dtype": "no_validation",  # numpy decides, as in scikit-learn
}
_DOCUMENT_SHARE_OR_COUNT = [
    Interval(RealNotInt, 0, 1, closed="both"),
    Interval(Integral, 1, None, closed="left"),
]
_NORM = [StrOptions({"l1", "l2"}), None]


def _refuse_str(documents: object) -> None:
    # A str is an iterable of one-character documents: surely a mistake.
    if isinstance(documents, str):
        raise ValueError(_NOT_ITERABLE)


def _core_dtype(dtype: Any) -> tuple[str, np.dtype[Any]]:
    """The data type to ask the core for, and the one to return."""
    wanted = np.dtype(dtype)
    if wanted.isnative and wanted.name in _CORE_DTYPES:
        return wanted.name, wanted
    return ("float64" if wanted.kind in "fc" else "int64"), wanted


def _sparse_container() -> Any:
    # scikit-learn 1.8+ can ask for SciPy's sparse arrays; older ones know matrices only.
    return sp.csr_array if get_config().get("sparse_interface") == "sparray" else sp.csr_matrix


def _csr(arrays: tuple[OwnedArray, OwnedArray, OwnedArray], n_columns: int, dtype: np.dtype[Any]) -> Matrix:
    """A CSR matrix over the core's arrays, not copied (the data converted if `dtype` asks)."""
    indptr, indices, data = (np.asarray(array) for array in arrays)
    if data.dtype != dtype:
        data = data.astype(dtype)
    # copy=False and index arrays of the type scipy would choose: it keeps them as they are.
    return _sparse_container()((data, indices, indptr), shape=(len(indptr) - 1, n_columns), copy=False)


def _aligned(matrix: Matrix) -> Matrix:
    """`matrix` in the sparse interface scikit-learn's settings ask for (no copy)."""
    container = _sparse_container()
    return matrix if isinstance(matrix, container) else container(matrix)


def _names_by_index(vocabulary: Mapping[Any, Any]) -> list[Any]:
    """A term -> column mapping's terms in column order, checked as scikit-learn checks it."""
    indices = set(vocabulary.values())
    if len(indices) != len(vocabulary):
        raise ValueError("Vocabulary contains repeated indices.")
    if not indices.issuperset(range(len(vocabulary))):
        missing = next(i for i in range(len(vocabulary)) if i not in indices)
        raise ValueError(f"Vocabulary of size {len(vocabulary)} doesn't contain index {missing}.")
    return sorted(vocabulary, key=vocabulary.__getitem__)


def _features_of(vocabulary: Mapping[Any, Any] | Iterable[Any]) -> FeatureIndex:
    """The FeatureIndex of a `vocabulary` parameter, by scikit-learn's rules and messages."""
    if isinstance(vocabulary, set):
        vocabulary = sorted(vocabulary)
    if isinstance(vocabulary, Mapping):
        names = _names_by_index(vocabulary)
    else:
        names = list(vocabulary)
        if len(set(names)) != len(names):
            seen: set[Any] = set()
            for name in names:
                if name in seen:
                    raise ValueError(f"Duplicate term in vocabulary: {name!r}")
                seen.add(name)
    if not names:
        raise ValueError("empty vocabulary passed to fit")
    return FeatureIndex(names)


def _count_or_share(value: Any) -> int | float:
    # The core tells a count from a share by type: NumPy's scalars become Python's.
    return int(value) if isinstance(value, Integral) else float(value)


def _tokenizer_or_default(tokenizer: Tokenizer | None) -> Tokenizer:
    return _DEFAULT_TOKENIZER if tokenizer is None else tokenizer


def _checked_ngram_range(ngram_range: Any) -> tuple[int, int]:
    min_n, max_n = ngram_range
    if min_n > max_n:
        raise ValueError(f"Invalid value for ngram_range={ngram_range} lower boundary larger than the upper boundary.")
    return min_n, max_n


def _idf(document_frequencies: Any, n_documents: int, dtype: np.dtype[Any], smooth_idf: bool) -> Any:
    """Inverse document frequencies, step by step as TfidfTransformer.fit computes them."""
    frequencies = np.asarray(document_frequencies).astype(dtype)
    frequencies += float(smooth_idf)  # as if one more document held every term
    idf = np.full_like(frequencies, fill_value=n_documents + int(smooth_idf), dtype=dtype)
    idf /= frequencies
    np.log(idf, out=idf)
    idf += 1.0  # a term in every document keeps a weight
    return idf


class CountVectorizer(BaseEstimator):  # type: ignore[misc]
    """Documents to a matrix of token (and n-gram) counts; scikit-learn's CountVectorizer.

    Parameters (keyword-only), as scikit-learn's unless said:
    tokenizer: a wordsift.Tokenizer; None means Tokenizer().
    ngram_range: (min_n, max_n), the lengths of the word n-grams counted.
    max_df, min_df: features in more than max_df / fewer than min_df documents
        are left out (int: a count; float in [0, 1]: a share of the documents).
    max_features: keep this many, highest total count first; ties go to the
        feature first in code-point order.
    vocabulary: a mapping term -> column or an iterable of terms: count these
        only (min_df, max_df and max_features are then not used).
    binary: 1 for every non-zero count.
    dtype: the matrix's data type.
    threads: threads to count on; None: wordsift.default_threads().

    Attributes: vocabulary_ (term -> column, built on first use),
    fixed_vocabulary_ (whether `vocabulary` was given).
    """

    # The first parameter of fit and transform is the data, not metadata to route.
    __metadata_request__fit: ClassVar[dict[str, Any]] = {"raw_documents": metadata_routing.UNUSED}
    __metadata_request__transform: ClassVar[dict[str, Any]] = {"raw_documents": metadata_routing.UNUSED}

    _parameter_constraints: ClassVar[dict[str, Any]] = {
        **_COMMON_CONSTRAINTS,
        "max_df": _DOCUMENT_SHARE_OR_COUNT,
        "min_df": _DOCUMENT_SHARE_OR_COUNT,
        "max_features": [Interval(Integral, 1, None, closed="left"), None],
        "vocabulary": [Mapping, HasMethods("__iter__"), None],
    }

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        max_df: float = 1.0,
        min_df: float = 1,
        max_features: int | None = None,
        vocabulary: Mapping[str, int] | Iterable[str] | None = None,
        binary: bool = False,
        dtype: Any = np.int64,
        threads: int | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.ngram_range = ngram_range
        self.max_df = max_df
        self.min_df = min_df
        self.max_features = max_features
        self.vocabulary = vocabulary
        self.binary = binary
        self.dtype = dtype
        self.threads = threads

    # The fitted state is the FeatureIndex (it pickles as its names); the
    # term -> column dict is made from it when first asked for, so a fit
    # of a million n-grams pays for no dict that nobody reads.

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Term -> column of the fitted (or given) vocabulary."""
        features = self.__dict__.get("_features")
        if features is None:
            # NotFittedError is an AttributeError: hasattr() says False.
            raise NotFittedError(f"This {type(self).__name__} instance has no vocabulary yet: call fit first.")
        vocabulary: dict[str, int] | None = self.__dict__.get("_vocabulary")
        if vocabulary is None:
            vocabulary = self.__dict__["_vocabulary"] = dict(zip(features.names(), range(len(features)), strict=True))
        return vocabulary

    @vocabulary_.setter
    def vocabulary_(self, vocabulary: Mapping[str, int]) -> None:
        self._features = FeatureIndex(_names_by_index(vocabulary))
        self.__dict__.pop("_vocabulary", None)

    def __sklearn_is_fitted__(self) -> bool:
        return "_features" in self.__dict__

    def __getstate__(self) -> dict[str, Any]:
        # BaseEstimator hands out the instance's own __dict__: copy before leaving the dict out.
        state = dict(super().__getstate__())
        state.pop("_vocabulary", None)
        return state

    def _set_features(self, features: FeatureIndex, *, fixed: bool) -> None:
        self._features = features
        self.fixed_vocabulary_ = fixed
        self.__dict__.pop("_vocabulary", None)

    def _check_vocabulary(self) -> FeatureIndex:
        """The vocabulary to transform with: fitted, or the `vocabulary` parameter."""
        features: FeatureIndex | None = self.__dict__.get("_features")
        if features is None:
            if self.vocabulary is None:
                raise NotFittedError("Vocabulary not fitted or provided")
            features = _features_of(self.vocabulary)
            self._set_features(features, fixed=True)
        if len(features) == 0:
            raise ValueError("Vocabulary is empty")
        return features

    def _warn_upper_case(self, features: FeatureIndex) -> None:
        if _tokenizer_or_default(self.tokenizer).lowercase:
            # One pass in C over all the terms; a per-term isupper() loop costs
            # seconds on a large vocabulary.
            joined = "".join(features.names())
            if joined.lower() != joined:
                warnings.warn(
                    "Upper case characters found in vocabulary while the tokenizer lower-cases."
                    " These entries will not be matched with any documents",
                    UserWarning,
                    stacklevel=4,
                )

    def _pruning(self) -> dict[str, Any]:
        """The core's pruning arguments, from min_df, max_df, max_features and binary."""
        return {
            "min_df": _count_or_share(self.min_df),
            "max_df": _count_or_share(self.max_df),
            "max_features": None if self.max_features is None else int(self.max_features),
            # Also how max_features ranks: scikit-learn ranks the counts after
            # binary made them 1, that is by document frequency.
            "binary": bool(self.binary),
        }

    def _fit_counts(self, raw_documents: Any) -> tuple[Matrix, Any]:
        """Learn the vocabulary: the count matrix and each feature's document frequency."""
        _refuse_str(raw_documents)
        ngram_range = _checked_ngram_range(self.ngram_range)
        core_dtype, dtype = _core_dtype(self.dtype)
        if self.vocabulary is None and isinstance(raw_documents, Files):
            # A fit on the files' counts, then a second pass for the rows.
            document_frequencies, _ = self._fit_counted(self._count_files(raw_documents))
            features = self._features
            matrix = self._counts(raw_documents, features)
            if self.binary:
                matrix.data.fill(1)
        elif self.vocabulary is None:
            features, indptr, indices, data, frequencies = fit_counts(
                _tokenizer_or_default(self.tokenizer),
                raw_documents,
                ngram_range=ngram_range,
                dtype=core_dtype,
                threads=self.threads,
                **self._pruning(),
            )
            matrix = _csr((indptr, indices, data), len(features), dtype)
            document_frequencies = np.asarray(frequencies)
        else:
            features = _features_of(self.vocabulary)
            self._warn_upper_case(features)
            matrix = self._counts(raw_documents, features)
            if self.binary:
                matrix.data.fill(1)
            document_frequencies = np.bincount(matrix.indices, minlength=len(features))
        self._set_features(features, fixed=self.vocabulary is not None)
        return matrix, document_frequencies

    def _count_files(self, files: Files) -> TokenCounts:
        return files._count(_tokenizer_or_default(self.tokenizer), self.threads, _checked_ngram_range(self.ngram_range))

    def _counts(self, raw_documents: Any, features: FeatureIndex) -> Matrix:
        """The count matrix of `features` (binary not applied)."""
        core_dtype, dtype = _core_dtype(self.dtype)
        if isinstance(raw_documents, Files):
            arrays = raw_documents._matrix(
                _tokenizer_or_default(self.tokenizer),
                self.threads,
                features=features,
                ngram_range=_checked_ngram_range(self.ngram_range),
                dtype=core_dtype,
            )
            return _csr(arrays, len(features), dtype)
        arrays = count_matrix(
            _tokenizer_or_default(self.tokenizer),
            raw_documents,
            features,
            ngram_range=_checked_ngram_range(self.ngram_range),
            dtype=core_dtype,
            threads=self.threads,
        )
        return _csr(arrays, len(features), dtype)

    def _fit_vocabulary(self, raw_documents: Any) -> tuple[Any, int]:
        """Learn the vocabulary without keeping the matrix: each feature's document frequency, and the documents."""
        if self.vocabulary is not None:
            # A given vocabulary's document frequencies are counted in the matrix.
            matrix, document_frequencies = self._fit_counts(raw_documents)
            return document_frequencies, matrix.shape[0]
        if isinstance(raw_documents, Files):
            return self._fit_counted(self._count_files(raw_documents))
        _refuse_str(raw_documents)
        features, frequencies, documents = fit_features(
            _tokenizer_or_default(self.tokenizer),
            raw_documents,
            ngram_range=_checked_ngram_range(self.ngram_range),
            threads=self.threads,
            **self._pruning(),
        )
        self._set_features(features, fixed=False)
        return np.asarray(frequencies), documents

    def _fit_counted(self, counts: TokenCounts) -> tuple[Any, int]:
        """Learn the vocabulary from counts: each feature's document frequency, and the documents."""
        if not isinstance(counts, TokenCounts):
            raise TypeError(f"counts must be a wordsift.TokenCounts, not {type(counts).__name__}")
        if self.vocabulary is not None:
            features = _features_of(self.vocabulary)
            frequencies: Any = np.array([counts.document_frequencies.get(name, 0) for name in features.names()])
        else:
            features, frequencies = fit_counted(
                counts.term_frequencies,
                counts.document_frequencies,
                counts.documents,
                **self._pruning(),
            )
        self._set_features(features, fixed=self.vocabulary is not None)
        return np.asarray(frequencies), counts.documents

    def fit_from_counts(self, counts: TokenCounts) -> CountVectorizer:
        """Learn the vocabulary from the counts of a corpus, as `fit` would from the corpus itself.

        For a corpus spread over processes or machines: count each part with
        `tokenizer.count(part, ngram_range=<this ngram_range>)`, add the parts
        up with `wordsift.merge_counts`, and fit on the sum; min_df, max_df
        and max_features are applied to the exact totals. The counts must come
        from this vectorizer's tokenizer and ngram_range.
        """
        self._validate_params()
        self._fit_counted(counts)
        return self

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def fit(self, raw_documents: Any, y: object = None) -> CountVectorizer:
        """Learn the vocabulary of `raw_documents` (an iterable of str, an Arrow string column or `Files`)."""
        self._fit_vocabulary(raw_documents)
        return self

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def fit_transform(self, raw_documents: Any, y: object = None) -> Matrix:
        """Learn the vocabulary and return the document-term count matrix."""
        matrix, _ = self._fit_counts(raw_documents)
        return _aligned(matrix)

    def transform(self, raw_documents: Any) -> Matrix:
        """The document-term count matrix over the fitted (or given) vocabulary."""
        _refuse_str(raw_documents)
        matrix = self._counts(raw_documents, self._check_vocabulary())
        if self.binary:
            matrix.data.fill(1)
        return _aligned(matrix)

    def inverse_transform(self, X: Any) -> list[Any]:
        """For each row of X, the terms of its non-zero columns (arrays of str)."""
        features = self._check_vocabulary()
        X = check_array(X, accept_sparse="csr")
        if X.shape[0] == 0:
            return []
        terms = np.array(features.names())
        rows, columns = X.nonzero()  # row by row, in stored order within a row
        ends = np.bincount(rows, minlength=X.shape[0]).cumsum()[:-1]
        rows_terms: list[Any] = np.split(terms[columns], ends)
        return rows_terms

    def get_feature_names_out(self, input_features: object = None) -> Any:
        """The features' names in column order (an object array of str)."""
        return np.array(self._check_vocabulary().names(), dtype=object)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags


class _Weighting(NamedTuple):
    """The TF-IDF weighting of a fit: as in scikit-learn, transform uses the fit's options."""

    norm: str | None
    sublinear_tf: bool
    idf: Any  # ndarray, None with use_idf=False


class TfidfVectorizer(CountVectorizer):
    """Documents to a matrix of TF-IDF features; scikit-learn's TfidfVectorizer.

    CountVectorizer's parameters (dtype defaults to float64), and as
    scikit-learn's: norm ("l2", "l1" or None: each row scaled to unit norm),
    use_idf, smooth_idf (as if one more document held every term),
    sublinear_tf (1 + log(tf)).

    Attributes: vocabulary_, fixed_vocabulary_, idf_ (with use_idf).
    """

    _parameter_constraints: ClassVar[dict[str, Any]] = {
        **CountVectorizer._parameter_constraints,
        "norm": _NORM,
        "use_idf": ["boolean"],
        "smooth_idf": ["boolean"],
        "sublinear_tf": ["boolean"],
    }

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        max_df: float = 1.0,
        min_df: float = 1,
        max_features: int | None = None,
        vocabulary: Mapping[str, int] | Iterable[str] | None = None,
        binary: bool = False,
        dtype: Any = np.float64,
        norm: str | None = "l2",
        use_idf: bool = True,
        smooth_idf: bool = True,
        sublinear_tf: bool = False,
        threads: int | None = None,
    ) -> None:
        super().__init__(
            tokenizer=tokenizer,
            ngram_range=ngram_range,
            max_df=max_df,
            min_df=min_df,
            max_features=max_features,
            vocabulary=vocabulary,
            binary=binary,
            dtype=dtype,
            threads=threads,
        )
        self.norm = norm
        self.use_idf = use_idf
        self.smooth_idf = smooth_idf
        self.sublinear_tf = sublinear_tf

    @property
    def idf_(self) -> Any:
        """The inverse document frequency of each feature (with use_idf=True)."""
        weighting = self.__dict__.get("_weighting")
        if weighting is None:
            raise NotFittedError(
                f"{type(self).__name__} is not fitted yet. Call 'fit' with appropriate arguments before using "
                "this attribute."
            )
        if weighting.idf is None:
            raise AttributeError("idf_ exists only when fitted with use_idf=True")
        return weighting.idf

    @idf_.setter
    def idf_(self, value: Any) -> None:
        # As scikit-learn's: lets a fitted idf_ be moved onto another vectorizer.
        if not self.use_idf:
            raise ValueError("`idf_` cannot be set when `use_idf=False`.")
        weighting = self.__dict__.get("_weighting") or _Weighting(self.norm, self.sublinear_tf, None)
        features = self.__dict__.get("_features")
        if features is None and self.vocabulary is not None:
            features = _features_of(self.vocabulary)
            self._set_features(features, fixed=True)
        if features is not None and len(features) != len(value):
            raise ValueError(f"idf length = {len(value)} must be equal to vocabulary size = {len(features)}")
        self._weighting = weighting._replace(idf=np.asarray(value))

    def __sklearn_is_fitted__(self) -> bool:
        return "_features" in self.__dict__ and "_weighting" in self.__dict__

    def _warn_non_float_dtype(self) -> None:
        if np.dtype(self.dtype).kind != "f":
            warnings.warn(
                f"Only float 'dtype' should be used. {self.dtype} 'dtype' will be converted to np.float64.",
                UserWarning,
                stacklevel=3,
            )

    def _fit_weighting(self, raw_documents: Any) -> Matrix:
        """Fit the vocabulary and idf_; the count matrix, as floats, to weight."""
        self._warn_non_float_dtype()
        matrix, document_frequencies = self._fit_counts(raw_documents)
        matrix = self._as_float(matrix)
        idf = None
        if self.use_idf:
            idf = _idf(document_frequencies, matrix.shape[0], matrix.dtype, self.smooth_idf)
        self._weighting = _Weighting(self.norm, self.sublinear_tf, idf)
        return matrix

    @staticmethod
    def _as_float(matrix: Matrix) -> Matrix:
        # TfidfTransformer works in float32 or float64, other types become float64.
        return matrix if matrix.dtype in (np.float32, np.float64) else matrix.astype(np.float64)

    def _weighted(self, matrix: Matrix) -> Matrix:
        """Weight the float count matrix in place, as TfidfTransformer.transform does."""
        weighting: _Weighting = self._weighting
        data = matrix.data
        if weighting.sublinear_tf:
            np.log(data, out=data)
            data += 1.0
        if weighting.idf is not None:
            data *= weighting.idf[matrix.indices]
        if weighting.norm is not None:
            matrix = normalize(matrix, norm=weighting.norm, copy=False)
        return _aligned(matrix)

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def fit(self, raw_documents: Any, y: object = None) -> TfidfVectorizer:
        """Learn the vocabulary and idf_ of `raw_documents` (their matrix is not made)."""
        self._warn_non_float_dtype()
        self._fit_idf(*self._fit_vocabulary(raw_documents))
        return self

    def fit_from_counts(self, counts: TokenCounts) -> TfidfVectorizer:
        """Learn the vocabulary and idf_ from the counts of a corpus (see CountVectorizer.fit_from_counts)."""
        self._validate_params()
        self._warn_non_float_dtype()
        self._fit_idf(*self._fit_counted(counts))
        return self

    def _fit_idf(self, document_frequencies: Any, documents: int) -> None:
        idf = None
        if self.use_idf:
            wanted = np.dtype(self.dtype)
            dtype = wanted if wanted in (np.float32, np.float64) else np.dtype(np.float64)
            idf = _idf(document_frequencies, documents, dtype, self.smooth_idf)
        self._weighting = _Weighting(self.norm, self.sublinear_tf, idf)

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def fit_transform(self, raw_documents: Any, y: object = None) -> Matrix:
        """Learn the vocabulary and idf_ and return the TF-IDF matrix (weighted in place, not copied)."""
        return self._weighted(self._fit_weighting(raw_documents))

    def transform(self, raw_documents: Any) -> Matrix:
        """The TF-IDF matrix of `raw_documents` over the fitted vocabulary and idf_."""
        check_is_fitted(self, msg="The TF-IDF vectorizer is not fitted")
        return self._weighted(self._as_float(super().transform(raw_documents)))


class HashingVectorizer(TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):  # type: ignore[misc, call-arg]
    """Documents to a matrix of hashed token (and n-gram) counts; scikit-learn's HashingVectorizer.

    Stateless: fit learns nothing. A feature's column is |h| mod n_features,
    h scikit-learn's signed 32-bit MurmurHash3 (seed 0) of its UTF-8 bytes,
    so columns are those scikit-learn gives; with alternate_sign a feature
    whose h < 0 counts -1.

    Parameters (keyword-only), as scikit-learn's: tokenizer (None means
    Tokenizer()), ngram_range, n_features (1 to 2**31 - 1), binary, norm
    ("l2", "l1" or None), alternate_sign, dtype, and threads.
    """

    _parameter_constraints: ClassVar[dict[str, Any]] = {
        **_COMMON_CONSTRAINTS,
        "n_features": [Interval(Integral, 1, np.iinfo(np.int32).max, closed="left")],
        "norm": _NORM,
        "alternate_sign": ["boolean"],
    }

    def __init__(
        self,
        *,
        tokenizer: Tokenizer | None = None,
        ngram_range: tuple[int, int] = (1, 1),
        n_features: int = 2**20,
        binary: bool = False,
        norm: str | None = "l2",
        alternate_sign: bool = True,
        dtype: Any = np.float64,
        threads: int | None = None,
    ) -> None:
        self.tokenizer = tokenizer
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.binary = binary
        self.norm = norm
        self.alternate_sign = alternate_sign
        self.dtype = dtype
        self.threads = threads

    def __sklearn_is_fitted__(self) -> bool:
        return True  # nothing to learn

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def partial_fit(self, X: Any, y: object = None) -> HashingVectorizer:
        """Check the parameters; there is nothing to learn."""
        return self

    @_fit_context(prefer_skip_nested_validation=True)  # type: ignore[untyped-decorator]
    def fit(self, X: Any, y: object = None) -> HashingVectorizer:
        """Check the parameters; there is nothing to learn."""
        _refuse_str(X)
        _checked_ngram_range(self.ngram_range)
        return self

    def transform(self, X: Any) -> Matrix:
        """The hashed document-term matrix of `X` (an iterable of str, an Arrow string column or `Files`)."""
        _refuse_str(X)
        core_dtype, dtype = _core_dtype(self.dtype)
        hashing: dict[str, Any] = {
            "ngram_range": _checked_ngram_range(self.ngram_range),
            "n_features": int(self.n_features),
            "alternate_sign": self.alternate_sign,
            "dtype": core_dtype,
        }
        if isinstance(X, Files):
            arrays = X._matrix(_tokenizer_or_default(self.tokenizer), self.threads, **hashing)
        else:
            arrays = hash_matrix(_tokenizer_or_default(self.tokenizer), X, threads=self.threads, **hashing)
        if len(arrays[0]) <= 1:
            raise ValueError("Cannot vectorize empty sequence.")
        matrix = _csr(arrays, self.n_features, dtype)
        if self.binary:
            matrix.data.fill(1)
        if self.norm is not None:
            matrix = normalize(matrix, norm=self.norm, copy=False)
        return _aligned(matrix)

    def fit_transform(self, X: Any, y: object = None) -> Matrix:
        """The hashed document-term matrix of `X` (fit learns nothing)."""
        return self.fit(X, y).transform(X)

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        tags.requires_fit = False
        return tags
