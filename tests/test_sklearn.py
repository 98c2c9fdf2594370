"""scikit-learn: a Tokenizer as CountVectorizer's analyzer, saved with joblib and run by GridSearchCV in processes."""

from __future__ import annotations

from pathlib import Path

import joblib
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import GridSearchCV
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline

import wordsift
import wordsift.reference


@pytest.fixture(scope="module")
def texts(corpus_texts: list[str]) -> list[str]:
    return corpus_texts[:600]


def test_a_tokenizer_is_count_vectorizers_analyzer(texts: list[str]) -> None:
    ours = CountVectorizer(analyzer=wordsift.Tokenizer())
    reference = CountVectorizer(analyzer=wordsift.reference.Tokenizer())
    matrix = ours.fit_transform(texts)
    assert ours.vocabulary_ == reference.fit(texts).vocabulary_
    assert (matrix != reference.transform(texts)).nnz == 0
    assert wordsift.Tokenizer()(texts[0]) == wordsift.Tokenizer().tokenize(texts[0])


def test_a_fitted_vectorizer_survives_joblib(texts: list[str], tmp_path: Path) -> None:
    vectorizer = CountVectorizer(analyzer=wordsift.Tokenizer(min_len=3)).fit(texts)
    joblib.dump(vectorizer, tmp_path / "vectorizer.joblib")
    loaded = joblib.load(tmp_path / "vectorizer.joblib")
    assert loaded.vocabulary_ == vectorizer.vocabulary_
    assert (loaded.transform(texts) != vectorizer.transform(texts)).nnz == 0


def test_grid_search_runs_the_analyzer_in_worker_processes(texts: list[str]) -> None:
    # A label the tokens can predict: whether the text mentions oil.
    labels = [int("oil" in wordsift.reference.Tokenizer().tokenize(text)) for text in texts]
    pipeline = Pipeline([("words", CountVectorizer(analyzer=wordsift.Tokenizer())), ("model", MultinomialNB())])
    search = GridSearchCV(pipeline, {"model__alpha": [0.1, 1.0]}, cv=2, n_jobs=2).fit(texts, labels)
    serial = GridSearchCV(pipeline, {"model__alpha": [0.1, 1.0]}, cv=2, n_jobs=1).fit(texts, labels)
    assert search.best_params_ == serial.best_params_
    assert search.cv_results_["mean_test_score"].tolist() == serial.cv_results_["mean_test_score"].tolist()
    assert search.score(texts, labels) > 0.9
