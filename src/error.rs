//! The core's error type.

use std::fmt;

/// What can go wrong when building a tokeniser. Texts never fail: every
/// string has a tokenisation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// A stopword list name that is not bundled.
    UnknownStopwordList { name: String, valid: String },
    /// An option value out of its range, or input data that cannot be used.
    InvalidOption(String),
    /// An allocation that a size taken from the input asked for failed.
    OutOfMemory(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnknownStopwordList { name, valid } => {
                write!(f, "unknown stopword list '{name}'; valid names: {valid}")
            }
            Error::InvalidOption(message) | Error::OutOfMemory(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
