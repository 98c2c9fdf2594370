"""The matrix of a corpus on disk (`wordsift.corpus.Files`): its rows made in Rust, a run of files at a time, and
Parquet's record batches, which pyarrow reads, a batch at a time; the parts stacked in input order."""

from __future__ import annotations

from typing import Any

import numpy as np

from wordsift import _core
from wordsift.corpus import Summary, _groups, _Report, _Run, _summary, _Tally

Arrays = tuple[Any, Any, Any]  # indptr, indices, data


def matrix_of_run(run: _Run, report: _Report | None, **columns: Any) -> tuple[Arrays, Summary]:
    """The rows of the run's documents, (indptr, indices, data), and the run's summary. `columns`: the keyword
    arguments of `_core.corpus_matrix` (features, or n_features and alternate_sign; ngram_range; dtype)."""
    if not run.parquet():
        *arrays, summary = _core.corpus_matrix(
            run.tokenizer, run.sources, run.options, threads=run.threads, progress=report, **columns
        )
        indptr, indices, data = (np.asarray(array) for array in arrays)
        return (indptr, indices, data), _summary(summary)
    from wordsift import _parquet

    parts: list[Arrays] = []
    tally = _Tally(report)
    for parquet, group, before in _groups(run.sources):
        if not parquet:
            *arrays, summary = _core.corpus_matrix(run.tokenizer, group, run.options, threads=run.threads, **columns)
            indptr, indices, data = (np.asarray(array) for array in arrays)
            parts.append((indptr, indices, data))
            tally.add_run(summary, before)
            continue
        for batch in _parquet.read_batches(group, run.options, position=before):
            parts.append(_batch_matrix(run, batch.texts, **columns))
            tokens = run.tokenizer.tokenize_arrow(batch.texts, threads=run.threads).token_count
            tally.add_batch(batch, len(parts[-1][0]) - 1, tokens)
    return _stacked(parts, np.dtype(columns["dtype"])), tally.summary()


def _batch_matrix(
    run: _Run,
    texts: Any,
    *,
    ngram_range: tuple[int, int],
    dtype: str,
    features: _core.FeatureIndex | None = None,
    n_features: int | None = None,
    alternate_sign: bool = True,
) -> Arrays:
    """The rows of a batch of texts in memory, as `_core.corpus_matrix` makes those of files."""
    if features is not None:
        arrays = _core.count_matrix(
            run.tokenizer, texts, features, ngram_range=ngram_range, dtype=dtype, threads=run.threads
        )
    else:
        assert n_features is not None
        arrays = _core.hash_matrix(
            run.tokenizer,
            texts,
            ngram_range=ngram_range,
            n_features=n_features,
            alternate_sign=alternate_sign,
            dtype=dtype,
            threads=run.threads,
        )
    indptr, indices, data = (np.asarray(array) for array in arrays)
    return indptr, indices, data


def _stacked(parts: list[Arrays], dtype: np.dtype[Any]) -> Arrays:
    """The parts' rows, one after the other: 32-bit indices while the non-zeros fit them, as the core's."""
    rows = sum(len(indptr) - 1 for indptr, _, _ in parts)
    nnz = sum(len(indices) for _, indices, _ in parts)
    index = np.int64 if nnz > np.iinfo(np.int32).max else np.int32
    indptr = np.zeros(rows + 1, dtype=index)
    row = offset = 0
    for part_indptr, part_indices, _ in parts:
        count = len(part_indptr) - 1
        indptr[row + 1 : row + count + 1] = part_indptr[1:].astype(index) + offset
        row += count
        offset += len(part_indices)
    indices = np.concatenate([part[1] for part in parts] or [np.empty(0, dtype=index)]).astype(index, copy=False)
    data = np.concatenate([part[2] for part in parts] or [np.empty(0, dtype=dtype)])
    return indptr, indices, data


def write_npz(path: str, arrays: Arrays, shape: tuple[int, int]) -> None:
    """The CSR matrix (indptr, indices, data) of `shape` in SciPy's .npz layout (what `scipy.sparse.save_npz`
    writes, uncompressed) into the file `path` (the caller's temporary file, moved into place once complete)."""
    import zipfile

    from numpy.lib import format as npy

    indptr, indices, data = arrays
    members = {
        "indices": indices,
        "indptr": indptr,
        "format": np.array(b"csr"),
        "shape": np.array(shape, dtype=np.int64),
        "data": data,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in members.items():
            # force_zip64: the member's size is not known before it is written.
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                npy.write_array(member, np.asarray(array), allow_pickle=False)
