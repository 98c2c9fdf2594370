//! The matrix in SciPy's CSR layout, built in place: rows are appended in
//! input order straight into the arrays that become the matrix (a fit's
//! with its threads' feature numbers, mapped to columns in place at the
//! end), so that no second copy of the entries is ever held. Canonical
//! (columns sorted within each row, no duplicates), 32-bit indices while the
//! non-zeros fit them, 64-bit beyond (scikit-learn's rule; its #6183 and
//! #8895 overflowed there).

use std::num::NonZeroUsize;

use super::rows::{Rows, NONE};
use crate::parallel::join_all;

/// The largest number of non-zeros that 32-bit indices can address.
pub(crate) const MAX_32_BIT_NNZ: usize = i32::MAX as usize;

/// The index arrays of a matrix: both 32-bit or both 64-bit.
#[derive(Clone, Debug, PartialEq)]
pub enum IndexArrays {
    I32 { indptr: Vec<i32>, indices: Vec<i32> },
    I64 { indptr: Vec<i64>, indices: Vec<i64> },
}

/// The type of a matrix's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataType {
    I32,
    I64,
    F32,
    F64,
}

impl DataType {
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "int32" => DataType::I32,
            "int64" => DataType::I64,
            "float32" => DataType::F32,
            "float64" => DataType::F64,
            _ => return None,
        })
    }
}

/// A matrix's values.
#[derive(Clone, Debug, PartialEq)]
pub enum DataArray {
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
}

/// A sparse matrix in compressed sparse row form.
#[derive(Clone, Debug, PartialEq)]
pub struct CsrMatrix {
    pub rows: usize,
    pub columns: usize,
    pub index: IndexArrays,
    pub data: DataArray,
}

impl CsrMatrix {
    /// The non-zeros (entries) of the matrix.
    pub fn nnz(&self) -> usize {
        match &self.data {
            DataArray::I32(data) => data.len(),
            DataArray::I64(data) => data.len(),
            DataArray::F32(data) => data.len(),
            DataArray::F64(data) => data.len(),
        }
    }
}

/// A matrix's rows as they are appended: the entries' columns (or, for a
/// fit, the features of the thread that made them), values in the matrix's
/// type, and where each row ends.
pub(crate) struct MatrixBuilder {
    columns: Vec<u32>,
    data: DataArray,
    row_ends: Vec<usize>,
    /// Per part appended: the thread that made it and its first row.
    parts: Vec<(usize, usize)>,
}

impl MatrixBuilder {
    pub fn new(data_type: DataType) -> Self {
        let data = match data_type {
            DataType::I32 => DataArray::I32(Vec::new()),
            DataType::I64 => DataArray::I64(Vec::new()),
            DataType::F32 => DataArray::F32(Vec::new()),
            DataType::F64 => DataArray::F64(Vec::new()),
        };
        MatrixBuilder {
            columns: Vec::new(),
            data,
            row_ends: Vec::new(),
            parts: Vec::new(),
        }
    }

    /// The rows appended.
    pub fn rows(&self) -> usize {
        self.row_ends.len()
    }

    /// Appends the rows of `part`, made by `thread`.
    pub fn append(&mut self, thread: usize, part: &Rows) {
        let offset = self.columns.len();
        self.parts.push((thread, self.row_ends.len()));
        self.columns.extend_from_slice(&part.features);
        let values = &part.values;
        match &mut self.data {
            DataArray::I32(data) => data.extend_from_slice(values),
            DataArray::I64(data) => data.extend(values.iter().map(|&value| i64::from(value))),
            DataArray::F32(data) => data.extend(values.iter().map(|&value| value as f32)),
            DataArray::F64(data) => data.extend(values.iter().map(|&value| f64::from(value))),
        }
        self.row_ends.extend(part.ends.iter().map(|&end| offset + end));
    }

    /// Maps each entry's feature to its column (`column_of[thread][feature]`,
    /// `NONE` to drop the entry) and sorts each row by column, in place, the
    /// parts shared out among `threads`. The features of one thread map to
    /// distinct columns, so no two entries of a row meet.
    pub fn map_to_columns(&mut self, column_of: &[Vec<u32>], threads: NonZeroUsize) {
        match &mut self.data {
            DataArray::I32(data) => map_parts(
                &mut self.columns,
                data,
                &mut self.row_ends,
                &self.parts,
                column_of,
                threads,
            ),
            DataArray::I64(data) => map_parts(
                &mut self.columns,
                data,
                &mut self.row_ends,
                &self.parts,
                column_of,
                threads,
            ),
            DataArray::F32(data) => map_parts(
                &mut self.columns,
                data,
                &mut self.row_ends,
                &self.parts,
                column_of,
                threads,
            ),
            DataArray::F64(data) => map_parts(
                &mut self.columns,
                data,
                &mut self.row_ends,
                &self.parts,
                column_of,
                threads,
            ),
        }
    }

    /// Every value 1 (scikit-learn's `binary`).
    pub fn set_ones(&mut self) {
        match &mut self.data {
            DataArray::I32(data) => data.fill(1),
            DataArray::I64(data) => data.fill(1),
            DataArray::F32(data) => data.fill(1.0),
            DataArray::F64(data) => data.fill(1.0),
        }
    }

    /// The matrix, with `columns` columns; 64-bit indices when the
    /// non-zeros pass `max_32_bit_nnz` (`MAX_32_BIT_NNZ`; lower in tests).
    pub fn finish(self, columns: usize, max_32_bit_nnz: usize) -> CsrMatrix {
        let rows = self.row_ends.len();
        let starts = std::iter::once(0).chain(self.row_ends.iter().copied());
        // Columns are below `columns`, at most i32::MAX: they fit an i32,
        // and the conversion reuses the u32 array's memory.
        let index = if self.columns.len() > max_32_bit_nnz {
            IndexArrays::I64 {
                indptr: starts.map(|end| end as i64).collect(),
                indices: self.columns.into_iter().map(i64::from).collect(),
            }
        } else {
            IndexArrays::I32 {
                indptr: starts.map(|end| end as i32).collect(),
                indices: self.columns.into_iter().map(|column| column as i32).collect(),
            }
        };
        CsrMatrix {
            rows,
            columns,
            index,
            data: self.data,
        }
    }
}

/// `MatrixBuilder::map_to_columns` for values of type `T`: groups of
/// consecutive parts, one per thread, each mapped and compacted where it
/// lies; then the groups are moved together.
fn map_parts<T: Copy + Send>(
    columns: &mut Vec<u32>,
    data: &mut Vec<T>,
    row_ends: &mut [usize],
    parts: &[(usize, usize)],
    column_of: &[Vec<u32>],
    threads: NonZeroUsize,
) {
    // Each part's thread and rows.
    let total_rows = row_ends.len();
    let part_rows: Vec<(usize, std::ops::Range<usize>)> = parts
        .iter()
        .enumerate()
        .map(|(index, &(thread, first))| {
            let end = parts.get(index + 1).map_or(total_rows, |&(_, next)| next);
            (thread, first..end)
        })
        .collect();
    let per_group = part_rows.len().div_ceil(threads.get()).max(1);
    let mut jobs = Vec::new();
    let mut groups = Vec::new();
    let (mut columns_left, mut data_left, mut ends_left) = (&mut columns[..], &mut data[..], &mut row_ends[..]);
    let mut entry_start = 0;
    for group in part_rows.chunks(per_group) {
        let first_row = group.first().map_or(0, |(_, rows)| rows.start);
        let rows = group.last().map_or(first_row, |(_, rows)| rows.end) - first_row;
        let Some((ends, rest)) = std::mem::take(&mut ends_left).split_at_mut_checked(rows) else {
            break;
        };
        ends_left = rest;
        let entry_end = ends.last().copied().unwrap_or(entry_start);
        let entries = entry_end - entry_start;
        let (Some((group_columns, rest_columns)), Some((group_data, rest_data))) = (
            std::mem::take(&mut columns_left).split_at_mut_checked(entries),
            std::mem::take(&mut data_left).split_at_mut_checked(entries),
        ) else {
            break;
        };
        columns_left = rest_columns;
        data_left = rest_data;
        groups.push((entry_start, first_row, rows));
        let start = entry_start;
        jobs.push(move || map_group(group, first_row, start, group_columns, group_data, ends, column_of));
        entry_start = entry_end;
    }
    let kept = join_all(jobs);
    // Each group's entries now start where the group did, its row ends
    // counted from there: move them after the previous group's.
    let mut write = 0;
    for (&(start, first_row, rows), &kept) in groups.iter().zip(&kept) {
        columns.copy_within(start..start + kept, write);
        data.copy_within(start..start + kept, write);
        for end in row_ends.iter_mut().skip(first_row).take(rows) {
            *end += write;
        }
        write += kept;
    }
    columns.truncate(write);
    data.truncate(write);
}

/// Maps and sorts the rows of one group of parts (`group`, rows numbered
/// from `first_row`, entries from `start`), writing each row where the
/// previous one ended: a row never grows, so nothing is written over an
/// entry not yet read. `ends` become counted from the group's start.
/// Returns the entries kept.
fn map_group<T: Copy>(
    group: &[(usize, std::ops::Range<usize>)],
    first_row: usize,
    start: usize,
    columns: &mut [u32],
    data: &mut [T],
    ends: &mut [usize],
    column_of: &[Vec<u32>],
) -> usize {
    let mut keys: Vec<u64> = Vec::new();
    let mut values: Vec<T> = Vec::new();
    let (mut read, mut write) = (0, 0);
    for (thread, rows) in group {
        let own = column_of.get(*thread).map(Vec::as_slice).unwrap_or_default();
        for row in rows.clone() {
            let Some(end) = ends.get_mut(row - first_row) else {
                continue;
            };
            let row_end = *end - start;
            keys.clear();
            values.clear();
            for entry in read..row_end {
                let (Some(&feature), Some(&value)) = (columns.get(entry), data.get(entry)) else {
                    continue;
                };
                let column = own.get(feature as usize).copied().unwrap_or(NONE);
                if column != NONE {
                    // The column in the high half sorts by column; the low
                    // half says where the value is.
                    keys.push(u64::from(column) << 32 | values.len() as u64);
                    values.push(value);
                }
            }
            keys.sort_unstable();
            for &key in &keys {
                let value = values.get(key as u32 as usize).copied();
                if let (Some(to_column), Some(to_value), Some(value)) =
                    (columns.get_mut(write), data.get_mut(write), value)
                {
                    *to_column = (key >> 32) as u32;
                    *to_value = value;
                    write += 1;
                }
            }
            *end = write;
            read = row_end;
        }
    }
    write
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(features: &[u32], values: &[i32], ends: &[usize]) -> Rows {
        Rows {
            features: features.to_vec(),
            values: values.to_vec(),
            ends: ends.to_vec(),
        }
    }

    fn parts() -> Vec<Rows> {
        vec![part(&[0, 3, 1], &[2, 1, 5], &[2, 2, 3]), part(&[2], &[-1], &[0, 1])]
    }

    fn built(data_type: DataType) -> MatrixBuilder {
        let mut builder = MatrixBuilder::new(data_type);
        for rows in parts() {
            builder.append(0, &rows);
        }
        builder
    }

    #[test]
    fn rows_become_one_matrix() {
        let matrix = built(DataType::I64).finish(4, MAX_32_BIT_NNZ);
        assert_eq!((matrix.rows, matrix.columns, matrix.nnz()), (5, 4, 4));
        assert_eq!(
            matrix.index,
            IndexArrays::I32 {
                indptr: vec![0, 2, 2, 3, 3, 4],
                indices: vec![0, 3, 1, 2]
            }
        );
        assert_eq!(matrix.data, DataArray::I64(vec![2, 1, 5, -1]));
        let floats = built(DataType::F32).finish(4, MAX_32_BIT_NNZ);
        assert_eq!(floats.data, DataArray::F32(vec![2.0, 1.0, 5.0, -1.0]));
    }

    /// The switch to 64-bit indices, at a threshold lowered from 2^31 - 1
    /// to 3 non-zeros: 3 stay 32-bit, 4 are 64-bit, both arrays.
    #[test]
    fn indices_turn_64_bit_past_the_threshold() {
        let narrow = built(DataType::I32).finish(4, 4);
        assert!(matches!(narrow.index, IndexArrays::I32 { .. }));
        let wide = built(DataType::I32).finish(4, 3);
        assert_eq!(
            wide.index,
            IndexArrays::I64 {
                indptr: vec![0, 2, 2, 3, 3, 4],
                indices: vec![0, 3, 1, 2]
            }
        );
        assert_eq!(wide.data, DataArray::I32(vec![2, 1, 5, -1]));
    }

    /// Features of two threads mapped to columns in place, some dropped,
    /// rows sorted, on 1 to 3 threads.
    #[test]
    fn features_map_to_sorted_columns_in_place() {
        let column_of = vec![vec![5, NONE, 1, 0], vec![2, 4]];
        for threads in 1..=3 {
            let mut builder = MatrixBuilder::new(DataType::I64);
            builder.append(0, &part(&[0, 1, 2, 3], &[10, 11, 12, 13], &[3, 3, 4]));
            builder.append(1, &part(&[1, 0], &[20, 21], &[2]));
            builder.append(0, &part(&[1], &[30], &[1]));
            builder.map_to_columns(&column_of, NonZeroUsize::new(threads).unwrap());
            let matrix = builder.finish(6, MAX_32_BIT_NNZ);
            assert_eq!(
                matrix.index,
                IndexArrays::I32 {
                    indptr: vec![0, 2, 2, 3, 5, 5],
                    indices: vec![1, 5, 0, 2, 4]
                },
                "{threads} threads"
            );
            assert_eq!(matrix.data, DataArray::I64(vec![12, 10, 13, 21, 20]));
        }
    }
}
