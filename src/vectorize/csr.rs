//! Rows to a CSR matrix in SciPy's layout: canonical (columns sorted within
//! each row, no duplicates), 32-bit indices while the non-zeros fit them,
//! 64-bit beyond (scikit-learn's rule; #6183 and #8895 overflowed there).

use super::rows::Rows;

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

    /// The matrix of `parts`, canonical rows of columns, one after another;
    /// each part is freed once copied. 64-bit indices when the non-zeros
    /// pass `max_32_bit_nnz` (`MAX_32_BIT_NNZ`; lower in tests).
    pub(crate) fn from_rows(parts: Vec<Rows>, columns: usize, data_type: DataType, max_32_bit_nnz: usize) -> CsrMatrix {
        let nnz: usize = parts.iter().map(Rows::nnz).sum();
        let rows: usize = parts.iter().map(|part| part.ends.len()).sum();
        let wide = nnz > max_32_bit_nnz;
        let mut indptr: Vec<i64> = Vec::new();
        let mut indptr_32: Vec<i32> = Vec::new();
        let mut indices: Vec<i64> = Vec::new();
        let mut indices_32: Vec<i32> = Vec::new();
        if wide {
            indptr.reserve_exact(rows + 1);
            indices.reserve_exact(nnz);
            indptr.push(0);
        } else {
            indptr_32.reserve_exact(rows + 1);
            indices_32.reserve_exact(nnz);
            indptr_32.push(0);
        }
        let mut data = match data_type {
            DataType::I32 => DataArray::I32(Vec::with_capacity(nnz)),
            DataType::I64 => DataArray::I64(Vec::with_capacity(nnz)),
            DataType::F32 => DataArray::F32(Vec::with_capacity(nnz)),
            DataType::F64 => DataArray::F64(Vec::with_capacity(nnz)),
        };
        let mut offset = 0;
        for part in parts {
            // Columns are below `columns`, which a u32 holds, and so does
            // an i32 (features and hash columns are at most i32::MAX).
            if wide {
                indices.extend(part.features.iter().map(|&column| i64::from(column)));
                indptr.extend(part.ends.iter().map(|&end| (offset + end) as i64));
            } else {
                indices_32.extend(part.features.iter().map(|&column| column as i32));
                indptr_32.extend(part.ends.iter().map(|&end| (offset + end) as i32));
            }
            match &mut data {
                DataArray::I32(data) => data.extend_from_slice(&part.values),
                DataArray::I64(data) => data.extend(part.values.iter().map(|&value| i64::from(value))),
                DataArray::F32(data) => data.extend(part.values.iter().map(|&value| value as f32)),
                DataArray::F64(data) => data.extend(part.values.iter().map(|&value| f64::from(value))),
            }
            offset += part.nnz();
        }
        let index = if wide {
            IndexArrays::I64 { indptr, indices }
        } else {
            IndexArrays::I32 {
                indptr: indptr_32,
                indices: indices_32,
            }
        };
        CsrMatrix {
            rows,
            columns,
            index,
            data,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts() -> Vec<Rows> {
        vec![
            Rows {
                features: vec![0, 3, 1],
                values: vec![2, 1, 5],
                ends: vec![2, 2, 3],
            },
            Rows {
                features: vec![2],
                values: vec![-1],
                ends: vec![0, 1],
            },
        ]
    }

    #[test]
    fn rows_become_one_matrix() {
        let matrix = CsrMatrix::from_rows(parts(), 4, DataType::I64, MAX_32_BIT_NNZ);
        assert_eq!((matrix.rows, matrix.columns, matrix.nnz()), (5, 4, 4));
        assert_eq!(
            matrix.index,
            IndexArrays::I32 {
                indptr: vec![0, 2, 2, 3, 3, 4],
                indices: vec![0, 3, 1, 2]
            }
        );
        assert_eq!(matrix.data, DataArray::I64(vec![2, 1, 5, -1]));
        let floats = CsrMatrix::from_rows(parts(), 4, DataType::F32, MAX_32_BIT_NNZ);
        assert_eq!(floats.data, DataArray::F32(vec![2.0, 1.0, 5.0, -1.0]));
    }

    /// The switch to 64-bit indices, at a threshold lowered from 2^31 - 1
    /// to 3 non-zeros: 3 stay 32-bit, 4 are 64-bit, both arrays.
    #[test]
    fn indices_turn_64_bit_past_the_threshold() {
        let narrow = CsrMatrix::from_rows(parts(), 4, DataType::I32, 4);
        assert!(matches!(narrow.index, IndexArrays::I32 { .. }));
        let wide = CsrMatrix::from_rows(parts(), 4, DataType::I32, 3);
        assert_eq!(
            wide.index,
            IndexArrays::I64 {
                indptr: vec![0, 2, 2, 3, 3, 4],
                indices: vec![0, 3, 1, 2]
            }
        );
        assert_eq!(wide.data, DataArray::I32(vec![2, 1, 5, -1]));
    }
}
