//! What every output shares: where it goes, how its failures are named, the
//! input files it must never replace, and gzip compression.

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

/// Where the output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    Stdout,
    /// One file (JSON Lines, plain).
    File(PathBuf),
    /// A directory (seed files): complete or absent, `directory.rs`.
    Directory(PathBuf),
}

impl OutputTarget {
    /// How messages name it: the user's path.
    pub fn name(&self) -> String {
        match self {
            OutputTarget::Stdout => "stdout".to_owned(),
            OutputTarget::File(path) | OutputTarget::Directory(path) => path.display().to_string(),
        }
    }
}

/// Why the output could not be written; `path` is the user's, never a
/// temporary one.
#[derive(Debug)]
pub struct WriteError {
    pub path: String,
    pub error: io::Error,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {}: {}", self.path, self.error)
    }
}

impl std::error::Error for WriteError {}

pub(super) fn write_error(path: &Path, error: io::Error) -> WriteError {
    WriteError {
        path: path.display().to_string(),
        error,
    }
}

/// A `WriteError` of a kind of our own (not from the system).
pub(super) fn refusal(path: &Path, kind: io::ErrorKind, message: String) -> WriteError {
    write_error(path, io::Error::new(kind, message))
}

/// The input files of a run, which no output may replace: known by device
/// and inode, so that another path to the same file (a link, `./`, a
/// symbolic link) is known too, in one lookup per output.
#[derive(Clone, Debug, Default)]
pub struct ProtectedFiles(HashSet<(u64, u64)>);

impl ProtectedFiles {
    /// The files at `paths` (those that cannot be read are left out: they
    /// cannot be overwritten by mistake either).
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a Path>) -> ProtectedFiles {
        ProtectedFiles(paths.into_iter().filter_map(file_key).collect())
    }

    /// Whether `path` is one of them.
    pub fn holds(&self, path: &Path) -> bool {
        !self.0.is_empty() && file_key(path).is_some_and(|key| self.0.contains(&key))
    }
}

#[cfg(unix)]
fn file_key(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.dev(), metadata.ino()))
}

#[cfg(not(unix))]
fn file_key(path: &Path) -> Option<(u64, u64)> {
    use std::hash::{Hash, Hasher};
    // No inodes: the canonical path stands for the file.
    let canonical = std::fs::canonicalize(path).ok()?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut hasher);
    Some((0, hasher.finish()))
}

/// Refuses `target` when it is one of the inputs.
pub(super) fn refuse_input(protected: &ProtectedFiles, target: &Path) -> Result<(), WriteError> {
    if protected.holds(target) {
        return Err(refusal(
            target,
            io::ErrorKind::AlreadyExists,
            "refusing to overwrite an input file; choose another output".to_owned(),
        ));
    }
    Ok(())
}

/// The gzip level of compressed outputs: zlib's default, a good size at a
/// speed the tokenising threads keep up with (each compresses its chunks).
const GZIP_LEVEL: u32 = 6;

/// `bytes` as one gzip member; members one after another make a gzip file
/// that every reader decompresses whole.
pub fn gzip_member(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3 + 64), Compression::new(GZIP_LEVEL));
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
