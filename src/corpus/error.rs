//! A failure of the corpus layer as one type, reading or writing, and the
//! kind of each: whose it is to fix and, for the system's, what the system
//! said. The kind is decided here, where the errors are made, so that a
//! caller (the binding picks a Python exception by it) need not know how a
//! refusal of ours is told from an error of the system. `ReadError`
//! (input.rs) and `WriteError` (output.rs) stay what the modules return;
//! `Error` holds either and says what it says.

use std::fmt;
use std::io;

use super::input::ReadError;
use super::output::WriteError;

/// Why a corpus run, or a part of one, failed.
#[derive(Debug)]
pub enum Error {
    /// Reading or parsing the input.
    Read(ReadError),
    /// Writing the output.
    Write(WriteError),
}

/// What kind of failure an `Error` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input, an option or the output cannot be used as given: bytes
    /// that are not UTF-8, a record without its text, a format that cannot
    /// be read, an input file as the output, a duplicate id. The user's to
    /// fix, not the system's.
    Invalid,
    /// A file or directory that does not exist.
    NotFound,
    /// The system denied access.
    PermissionDenied,
    /// Whoever read the output went away (`| head`): a command stops
    /// quietly.
    BrokenPipe,
    /// Any other failure, the system's (or ours, worded as the system's: an
    /// output that exists and is not a directory).
    Io,
}

impl Error {
    /// Whose the failure is, and what the system said (see `ErrorKind`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Read(ReadError::Io { error, .. }) => io_kind(error),
            Error::Read(ReadError::InvalidUtf8 { .. } | ReadError::BadDocument { .. } | ReadError::Format { .. }) => {
                ErrorKind::Invalid
            }
            Error::Write(WriteError { error, .. }) if is_refusal(error) => ErrorKind::Invalid,
            Error::Write(WriteError { error, .. }) => io_kind(error),
        }
    }
}

fn io_kind(error: &io::Error) -> ErrorKind {
    match error.kind() {
        io::ErrorKind::NotFound => ErrorKind::NotFound,
        io::ErrorKind::PermissionDenied => ErrorKind::PermissionDenied,
        io::ErrorKind::BrokenPipe => ErrorKind::BrokenPipe,
        _ => ErrorKind::Io,
    }
}

/// Whether a write error is a refusal of ours (`output::refusal`: an input
/// as the output, a duplicate id, an id that would leave the directory, a
/// format written to the wrong kind of target): made with a message of our
/// own, which the system's errors of the same kinds do not carry.
fn is_refusal(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::InvalidInput | io::ErrorKind::AlreadyExists) && error.get_ref().is_some()
}

impl From<ReadError> for Error {
    fn from(error: ReadError) -> Error {
        Error::Read(error)
    }
}

impl From<WriteError> for Error {
    fn from(error: WriteError) -> Error {
        Error::Write(error)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Read(error) => fmt::Display::fmt(error, f),
            Error::Write(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_io(kind: io::ErrorKind) -> ReadError {
        ReadError::Io {
            source: "in.txt".to_owned(),
            error: io::Error::from(kind),
        }
    }

    fn write(error: io::Error) -> WriteError {
        WriteError {
            path: "out.jsonl".to_owned(),
            error,
        }
    }

    #[test]
    fn the_message_is_the_one_of_the_error_held() {
        let errors: Vec<(Error, String)> = vec![
            {
                let error = read_io(io::ErrorKind::NotFound);
                let message = error.to_string();
                (error.into(), message)
            },
            {
                let error = ReadError::BadDocument {
                    source: "in.jsonl".to_owned(),
                    line: Some(3),
                    reason: "no field \"text\"".to_owned(),
                };
                (error.into(), "in.jsonl, line 3: no field \"text\"".to_owned())
            },
            {
                let error = write(io::Error::new(io::ErrorKind::AlreadyExists, "refusing to overwrite"));
                (error.into(), "cannot write out.jsonl: refusing to overwrite".to_owned())
            },
        ];
        for (error, message) in errors {
            assert_eq!(error.to_string(), message);
        }
    }

    #[test]
    fn reading_fails_on_the_input_or_as_the_system_said() {
        let cases = [
            (read_io(io::ErrorKind::NotFound), ErrorKind::NotFound),
            (read_io(io::ErrorKind::PermissionDenied), ErrorKind::PermissionDenied),
            (read_io(io::ErrorKind::BrokenPipe), ErrorKind::BrokenPipe),
            (read_io(io::ErrorKind::InvalidData), ErrorKind::Io),
            (read_io(io::ErrorKind::InvalidInput), ErrorKind::Io),
            (
                ReadError::InvalidUtf8 {
                    source: "in.txt".to_owned(),
                    line: None,
                    offset: 4,
                },
                ErrorKind::Invalid,
            ),
            (
                ReadError::BadDocument {
                    source: "in.txt".to_owned(),
                    line: Some(1),
                    reason: "too large".to_owned(),
                },
                ErrorKind::Invalid,
            ),
            (
                ReadError::Format {
                    source: "in.txt".to_owned(),
                    reason: "not JSON Lines".to_owned(),
                },
                ErrorKind::Invalid,
            ),
        ];
        for (error, kind) in cases {
            let shown = format!("{error:?}");
            assert_eq!(Error::from(error).kind(), kind, "{shown}");
        }
    }

    #[test]
    fn only_our_refusals_of_two_kinds_are_the_users_to_fix() {
        let ours = |kind| write(io::Error::new(kind, "a message of our own"));
        let system = |kind| write(io::Error::from(kind));
        let cases = [
            (ours(io::ErrorKind::AlreadyExists), ErrorKind::Invalid),
            (ours(io::ErrorKind::InvalidInput), ErrorKind::Invalid),
            (system(io::ErrorKind::AlreadyExists), ErrorKind::Io),
            (system(io::ErrorKind::InvalidInput), ErrorKind::Io),
            (ours(io::ErrorKind::NotADirectory), ErrorKind::Io),
            (write(io::Error::other("stdout cannot take it back")), ErrorKind::Io),
            (system(io::ErrorKind::NotFound), ErrorKind::NotFound),
            (ours(io::ErrorKind::PermissionDenied), ErrorKind::PermissionDenied),
            (system(io::ErrorKind::BrokenPipe), ErrorKind::BrokenPipe),
            (system(io::ErrorKind::StorageFull), ErrorKind::Io),
        ];
        for (error, kind) in cases {
            let shown = format!("{error:?}");
            assert_eq!(Error::from(error).kind(), kind, "{shown}");
        }
    }
}
