//! A fitted vocabulary: features (n-grams) in column order, each held as
//! the ids of its tokens, so that a document's n-grams find their columns
//! without their text being made.

use std::sync::OnceLock;

use super::grams::{join_into, GramIndex, GramTable, Tuples};
use crate::error::Error;
use crate::vocabulary::Vocabulary;

/// The token id of an empty part of a name ("a  b", " a", ""): no token is
/// empty, so such a feature never matches, but it still has its column.
const EMPTY_PART: u32 = u32::MAX - 1;

/// Features in column order (column = position), with an index from a
/// feature to its column.
#[derive(Clone, Debug, Default)]
pub struct Features {
    /// The tokens the features are made of (and possibly others).
    tokens: Vocabulary,
    /// Column `c` is n-gram `c`.
    columns: Tuples,
    /// Built when first needed: a fit's caller may only want the names.
    index: OnceLock<GramIndex>,
}

impl Features {
    /// The features `names`, in column order, each split at its spaces into
    /// tokens; a name given twice is an error that names it.
    pub fn new<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Result<Self, Error> {
        let mut tokens = Vocabulary::new();
        let mut columns = GramTable::default();
        let mut ids = Vec::new();
        for name in names {
            let name = name.as_ref();
            ids.clear();
            for part in name.split(' ') {
                ids.push(if part.is_empty() {
                    EMPTY_PART
                } else {
                    tokens.intern(part)
                });
            }
            if !columns.intern(&ids).1 {
                return Err(Error::InvalidOption(format!("Duplicate term in vocabulary: {name:?}")));
            }
        }
        let (columns, index) = columns.into_parts();
        Ok(Features {
            tokens,
            columns,
            index: OnceLock::from(index),
        })
    }

    /// Features already known to be distinct, in column order.
    pub(crate) fn from_parts(tokens: Vocabulary, columns: Tuples) -> Self {
        Features {
            tokens,
            columns,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &GramIndex {
        self.index.get_or_init(|| self.columns.index())
    }

    /// The column of `name`, if it is a feature.
    pub fn column(&self, name: &str) -> Option<u32> {
        let ids: Option<Vec<u32>> = name
            .split(' ')
            .map(|part| {
                if part.is_empty() {
                    Some(EMPTY_PART)
                } else {
                    self.tokens.find(part)
                }
            })
            .collect();
        self.index().find(&self.columns, &ids?)
    }

    /// The id of `token` among the features' tokens.
    #[inline]
    pub(crate) fn token(&self, token: &str) -> Option<u32> {
        self.tokens.find(token)
    }

    /// The column of the n-gram of the features' token ids `ids`.
    #[inline]
    pub(crate) fn column_of_tokens(&self, ids: &[u32]) -> Option<u32> {
        self.index().find(&self.columns, ids)
    }

    /// The feature of column `column` (below `len`), into `out`.
    pub fn name_into(&self, column: u32, out: &mut String) {
        let text_of = |token| {
            if token == EMPTY_PART {
                ""
            } else {
                self.tokens.get(token)
            }
        };
        join_into(self.columns.get(column), text_of, out);
    }

    pub fn len(&self) -> usize {
        self.columns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.columns.is_empty()
    }

    /// The features, in column order.
    pub fn names(&self) -> impl ExactSizeIterator<Item = String> + '_ {
        (0..self.len() as u32).map(|column| {
            let mut name = String::new();
            self.name_into(column, &mut name);
            name
        })
    }
}

impl PartialEq for Features {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.names().eq(other.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_positions_and_duplicates_are_refused() {
        let names = [
            "oil",
            "crude oil",
            "a much longer feature than sixteen bytes",
            "",
            " oil",
            "oil  gas",
        ];
        let features = Features::new(names).unwrap();
        assert_eq!(features.column("crude oil"), Some(1));
        assert_eq!(features.column("a much longer feature than sixteen bytes"), Some(2));
        assert_eq!(features.column("gas"), None);
        assert_eq!(features.column("oil crude"), None);
        assert_eq!(features.column(""), Some(3));
        assert_eq!(features.column("oil  gas"), Some(5));
        assert!(features.names().eq(names.iter().map(|name| name.to_string())));
        let error = Features::new(["oil", "gas", "oil"]).unwrap_err();
        assert_eq!(error.to_string(), "Duplicate term in vocabulary: \"oil\"");
    }
}
