//! Seed files: one file per document, named by its id, under a directory
//! that is complete or absent.
//!
//! The files are written into a staging directory: beside the target when
//! the target does not exist yet (it is renamed into place at the end), or
//! inside it when it does (each file is moved into it at the end, after a
//! check that none would replace an input or a directory). Either way a
//! failure or Ctrl-C before the end leaves the target as it was, and no file
//! is flushed to disk on its own: the staging directory's file system is
//! synced once before the move.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::output::{refusal, refuse_input, write_error, ProtectedFiles, WriteError};
use super::pending::sync_directory;

/// What to do with a document whose id another document already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DuplicateIds {
    /// Stop, naming both documents.
    Error,
    /// Write the later one as `id~2` (then `~3`, ...: the first name free).
    Number,
}

impl DuplicateIds {
    pub const NAMES: [(&'static str, DuplicateIds); 2] =
        [("error", DuplicateIds::Error), ("number", DuplicateIds::Number)];

    pub fn from_name(name: &str) -> Option<DuplicateIds> {
        Self::NAMES
            .iter()
            .find(|(known, _)| *known == name)
            .map(|&(_, value)| value)
    }
}

/// What a duplicate id's message goes on to say.
const DUPLICATES: &str = "their seed files would overwrite each other (give documents distinct ids, or number the \
                          later ones with duplicate_ids=\"number\", --duplicate-ids number)";

/// Where a document came from, for messages: its source and line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub source: Arc<str>,
    pub line: Option<u64>,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}", self.source),
            None => write!(f, "{}", self.source),
        }
    }
}

/// The staging directory of a seed directory, where its files are written
/// before they are put in place: shared with the tokenising threads, which
/// write the files of whole documents themselves (the writer then checks,
/// in input order, that no two documents had one id).
#[derive(Debug)]
pub struct Staging {
    path: PathBuf,
    target: PathBuf,
}

impl Staging {
    /// Writes the file of document `id`, its directories made as needed. An
    /// id that names no file, or whose file another document wrote, is left
    /// for `SeedDirectory::record_staged` to report in input order.
    pub fn write_new(&self, id: &str, contents: &[u8]) -> Result<(), WriteError> {
        let Some(relative) = file_name_of(id) else {
            return Ok(());
        };
        match self.create(&relative) {
            Ok(mut file) => file.write_all(contents).map_err(|error| self.error(&relative, error)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
            Err(error) => Err(self.error(&relative, error)),
        }
    }

    /// A new file at `relative`; its directories are made when missing (so
    /// that the usual flat directory costs no more than the files).
    fn create(&self, relative: &Path) -> io::Result<File> {
        let path = self.path.join(relative);
        let open = || File::options().write(true).create_new(true).open(&path);
        match open() {
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                open()
            }
            other => other,
        }
    }

    /// The error of writing `relative`, named by its place in the target.
    fn error(&self, relative: &Path, error: io::Error) -> WriteError {
        write_error(&self.target.join(relative), error)
    }
}

/// The path, relative to the output directory, of the file that document
/// `id` is written to: None when it names no file inside it (empty,
/// absolute, or with `.` or `..`).
fn file_name_of(id: &str) -> Option<PathBuf> {
    let parts: Option<PathBuf> = Path::new(id)
        .components()
        .map(|part| match part {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    parts.filter(|relative| !relative.as_os_str().is_empty())
}

/// A directory of seed files being written.
pub struct SeedDirectory {
    target: PathBuf,
    staging: Arc<Staging>,
    /// The target existed: its files are moved into it one by one.
    merge: bool,
    duplicates: DuplicateIds,
    protected: ProtectedFiles,
    /// The files written, relative to the staging directory, and whose
    /// documents they hold.
    written: HashMap<PathBuf, Origin>,
    /// The file of the document being streamed in pieces.
    streaming: Option<(PathBuf, File)>,
    finished: bool,
}

impl SeedDirectory {
    /// Starts writing into `target`. `names` are the ids that documents
    /// are known to have before reading (those of one-document inputs):
    /// any that would replace an input is refused now rather than at the
    /// end.
    pub fn create(
        target: &Path,
        duplicates: DuplicateIds,
        protected: ProtectedFiles,
        names: &[&str],
    ) -> Result<SeedDirectory, WriteError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let unique = format!("{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let merge = match fs::metadata(target) {
            Ok(metadata) if metadata.is_dir() => true,
            Ok(_) => {
                return Err(refusal(
                    target,
                    io::ErrorKind::NotADirectory,
                    "exists and is not a directory (seed files go to a directory)".to_owned(),
                ))
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => false,
            Err(error) => return Err(write_error(target, error)),
        };
        let staging = if merge {
            for name in names {
                refuse_input(&protected, &target.join(name))?;
            }
            target.join(format!(".wordsift-{unique}.tmp"))
        } else {
            let parent = match target.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            fs::create_dir_all(parent).map_err(|error| write_error(target, error))?;
            let name = target
                .file_name()
                .map_or_else(|| "output".into(), |name| name.to_string_lossy());
            parent.join(format!(".{name}.wordsift-{unique}.tmp"))
        };
        fs::create_dir(&staging).map_err(|error| write_error(target, error))?;
        Ok(SeedDirectory {
            target: target.to_owned(),
            staging: Arc::new(Staging {
                path: staging,
                target: target.to_owned(),
            }),
            merge,
            duplicates,
            protected,
            written: HashMap::new(),
            streaming: None,
            finished: false,
        })
    }

    /// The staging directory, for tokenising threads to write documents'
    /// files into: only when duplicate ids are errors (numbering them needs
    /// the input order, which only this writer sees).
    pub fn shared_staging(&self) -> Option<Arc<Staging>> {
        (self.duplicates == DuplicateIds::Error).then(|| Arc::clone(&self.staging))
    }

    /// Writes a document's file.
    pub fn write_file(&mut self, id: &str, origin: &Origin, contents: &[u8]) -> Result<(), WriteError> {
        let relative = self.reserve(id, origin)?;
        let mut file = self.create_file(&relative, id, origin)?;
        file.write_all(contents).map_err(|error| self.error(&relative, error))
    }

    /// Takes note, in input order, of a document whose file a tokenising
    /// thread wrote (`Staging::write_new`): an error for an id that names no
    /// file or that an earlier document had. Of two documents with one id,
    /// the later in input order is the duplicate, whichever thread wrote
    /// first (and the run stops there).
    pub fn record_staged(&mut self, id: &str, origin: &Origin) -> Result<(), WriteError> {
        self.reserve(id, origin).map(drop)
    }

    /// Starts the file of a document that comes in pieces (`append`, then
    /// `end_file` or `discard_file`).
    pub fn begin_file(&mut self, id: &str, origin: &Origin) -> Result<(), WriteError> {
        self.discard_file();
        let relative = self.reserve(id, origin)?;
        let file = self.create_file(&relative, id, origin)?;
        self.streaming = Some((relative, file));
        Ok(())
    }

    pub fn append(&mut self, bytes: &[u8]) -> Result<(), WriteError> {
        let Some((relative, file)) = &mut self.streaming else {
            return Ok(());
        };
        file.write_all(bytes)
            .map_err(|error| write_error(&self.target.join(&*relative), error))
    }

    pub fn end_file(&mut self) {
        self.streaming = None;
    }

    /// Drops the file of the document being streamed (it was left out).
    pub fn discard_file(&mut self) {
        if let Some((relative, file)) = self.streaming.take() {
            drop(file);
            let _ = fs::remove_file(self.staging.path.join(&relative));
            self.written.remove(&relative);
        }
    }

    fn error(&self, relative: &Path, error: io::Error) -> WriteError {
        self.staging.error(relative, error)
    }

    /// The relative path of the file for `id`, made free for it (or an error
    /// for an id that names no file inside the directory, or another
    /// document's file), its directories made.
    fn reserve(&mut self, id: &str, origin: &Origin) -> Result<PathBuf, WriteError> {
        let Some(relative) = file_name_of(id) else {
            return Err(refusal(
                &self.target.join(id),
                io::ErrorKind::InvalidInput,
                format!("document id {id:?} ({origin}) does not name a file inside the output directory"),
            ));
        };
        let relative = match self.written.get(&relative) {
            None => relative,
            Some(earlier) if self.duplicates == DuplicateIds::Error => {
                return Err(refusal(
                    &self.target.join(&relative),
                    io::ErrorKind::AlreadyExists,
                    format!("document id {id:?} of {origin} is also the id of {earlier}: {DUPLICATES}"),
                ))
            }
            Some(_) => {
                let mut number = 2u64;
                loop {
                    let mut name = relative.clone().into_os_string();
                    name.push(format!("~{number}"));
                    let candidate = PathBuf::from(name);
                    if !self.written.contains_key(&candidate) {
                        break candidate;
                    }
                    number += 1;
                }
            }
        };
        self.written.insert(relative.clone(), origin.clone());
        Ok(relative)
    }

    fn create_file(&self, relative: &Path, id: &str, origin: &Origin) -> Result<File, WriteError> {
        self.staging.create(relative).map_err(|error| {
            if error.kind() == io::ErrorKind::AlreadyExists {
                // Written by a tokenising thread for a later document.
                return refusal(
                    &self.target.join(relative),
                    io::ErrorKind::AlreadyExists,
                    format!("document id {id:?} of {origin} is also the id of a later document: {DUPLICATES}"),
                );
            }
            self.error(relative, error)
        })
    }

    /// Flushes every file to disk and puts them in place.
    pub fn finish(mut self) -> Result<(), WriteError> {
        self.streaming = None;
        let staging = &self.staging.path;
        sync_files(staging, self.written.keys()).map_err(|error| write_error(&self.target, error))?;
        if self.merge {
            self.move_files_into_target()?;
            let _ = fs::remove_dir_all(staging);
        } else {
            fs::rename(staging, &self.target).map_err(|error| write_error(&self.target, error))?;
            if let Some(parent) = self.target.parent() {
                sync_directory(if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                });
            }
        }
        self.finished = true;
        Ok(())
    }

    /// Moves each file from the staging directory into the existing target,
    /// after checking that none would replace an input or a directory.
    fn move_files_into_target(&self) -> Result<(), WriteError> {
        let made: HashSet<&Path> = self
            .written
            .keys()
            .flat_map(|file| file.ancestors().skip(1))
            .filter(|directory| !directory.as_os_str().is_empty())
            .collect();
        let mut directories: Vec<&Path> = made.into_iter().collect();
        // Parents before children.
        directories.sort_by_key(|directory| directory.components().count());
        for directory in &directories {
            let destination = self.target.join(directory);
            match fs::metadata(&destination) {
                Ok(metadata) if !metadata.is_dir() => {
                    return Err(refusal(
                        &destination,
                        io::ErrorKind::AlreadyExists,
                        "exists and is not a directory".to_owned(),
                    ))
                }
                _ => {}
            }
        }
        for relative in self.written.keys() {
            let destination = self.target.join(relative);
            if fs::symlink_metadata(&destination).is_ok_and(|metadata| metadata.is_dir()) {
                return Err(refusal(
                    &destination,
                    io::ErrorKind::AlreadyExists,
                    "is a directory; a document's file cannot replace it".to_owned(),
                ));
            }
            refuse_input(&self.protected, &destination)?;
        }
        for directory in &directories {
            let destination = self.target.join(directory);
            match fs::create_dir(&destination) {
                Err(error) if error.kind() != io::ErrorKind::AlreadyExists => {
                    return Err(write_error(&destination, error))
                }
                _ => {}
            }
        }
        for relative in self.written.keys() {
            fs::rename(self.staging.path.join(relative), self.target.join(relative))
                .map_err(|error| self.error(relative, error))?;
        }
        sync_directory(&self.target);
        for directory in directories {
            sync_directory(&self.target.join(directory));
        }
        Ok(())
    }
}

impl Drop for SeedDirectory {
    fn drop(&mut self) {
        if !self.finished {
            self.streaming = None;
            let _ = fs::remove_dir_all(&self.staging.path);
        }
    }
}

/// Flushes the files under `staging` to disk: one sync of its file system
/// where Linux offers it, else each file's own.
fn sync_files<'a>(staging: &Path, files: impl Iterator<Item = &'a PathBuf>) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        let _ = files;
        let directory = File::open(staging)?;
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs takes a file descriptor and touches no memory of
        // ours; `directory` keeps the descriptor open for the call.
        let result = unsafe { libc::syncfs(directory.as_raw_fd()) };
        if result != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for file in files {
            File::open(staging.join(file))?.sync_all()?;
        }
        sync_directory(staging);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::test_support::listing;

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wordsift-directory-{tag}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn origin(line: u64) -> Origin {
        Origin {
            source: Arc::from("news.jsonl"),
            line: Some(line),
        }
    }

    #[test]
    fn a_new_directory_appears_whole_at_the_end() {
        let parent = temp_dir("new");
        let target = parent.join("out");
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("a.txt", &origin(1), b"A\n\none\n").unwrap();
        directory.write_file("sub/b.txt", &origin(2), b"B\n\n").unwrap();
        assert!(!target.exists(), "nothing at the target before the end");
        directory.finish().unwrap();
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "A\n\none\n");
        assert_eq!(fs::read_to_string(target.join("sub/b.txt")).unwrap(), "B\n\n");
        assert_eq!(listing(&parent), ["out"], "no staging directory left");
        let _ = fs::remove_dir_all(&parent);
    }

    #[test]
    fn an_unfinished_directory_leaves_the_target_as_it_was() {
        let parent = temp_dir("unfinished");
        let target = parent.join("out");
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("a.txt", &origin(1), b"A\n\n").unwrap();
        drop(directory);
        assert!(listing(&parent).is_empty());
        fs::create_dir(&target).unwrap();
        fs::write(target.join("old.txt"), "old").unwrap();
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("old.txt", &origin(1), b"new").unwrap();
        directory.begin_file("big.txt", &origin(2)).unwrap();
        directory.append(b"part").unwrap();
        drop(directory);
        assert_eq!(listing(&target), ["old.txt"]);
        assert_eq!(fs::read_to_string(target.join("old.txt")).unwrap(), "old");
        let _ = fs::remove_dir_all(&parent);
    }

    #[test]
    fn an_existing_directory_gets_the_new_files_and_keeps_the_others() {
        let target = temp_dir("merge");
        fs::write(target.join("keep.txt"), "kept").unwrap();
        fs::write(target.join("a.txt"), "old").unwrap();
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("a.txt", &origin(1), b"new").unwrap();
        directory.begin_file("deep/er/c.txt", &origin(2)).unwrap();
        directory.append(b"C\n\n").unwrap();
        directory.append(b"x\n").unwrap();
        directory.end_file();
        directory.begin_file("gone.txt", &origin(3)).unwrap();
        directory.discard_file();
        directory.finish().unwrap();
        assert_eq!(listing(&target), ["a.txt", "deep", "keep.txt"]);
        assert_eq!(fs::read_to_string(target.join("a.txt")).unwrap(), "new");
        assert_eq!(fs::read_to_string(target.join("deep/er/c.txt")).unwrap(), "C\n\nx\n");
        let _ = fs::remove_dir_all(&target);
    }

    #[test]
    fn duplicate_ids_are_an_error_naming_both_or_numbered() {
        let parent = temp_dir("duplicates");
        let target = parent.join("out");
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("7", &origin(1), b"one").unwrap();
        let error = directory.write_file("7", &origin(9), b"two").unwrap_err().to_string();
        assert!(
            error.contains("\"7\" of news.jsonl, line 9 is also the id of news.jsonl, line 1"),
            "{error}"
        );
        drop(directory);
        assert!(!target.exists());
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Number, ProtectedFiles::default(), &[]).unwrap();
        for (line, id) in [(1, "7"), (2, "7"), (3, "7~2"), (4, "7")] {
            directory
                .write_file(id, &origin(line), line.to_string().as_bytes())
                .unwrap();
        }
        directory.finish().unwrap();
        let contents: Vec<String> = ["7", "7~2", "7~2~2", "7~3"]
            .iter()
            .map(|name| fs::read_to_string(target.join(name)).unwrap())
            .collect();
        assert_eq!(contents, ["1", "2", "3", "4"]);
        let _ = fs::remove_dir_all(&parent);
    }

    #[test]
    fn ids_outside_the_directory_are_refused() {
        let parent = temp_dir("escape");
        let mut directory =
            SeedDirectory::create(&parent.join("out"), DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        for id in ["../escape.txt", "/abs.txt", "", ".", "a/../../b"] {
            let error = directory.write_file(id, &origin(1), b"").unwrap_err();
            assert!(error.to_string().contains("does not name a file inside"), "{error}");
        }
        drop(directory);
        assert!(listing(&parent).is_empty());
        let _ = fs::remove_dir_all(&parent);
    }

    #[test]
    fn inputs_and_directories_are_never_replaced() {
        let target = temp_dir("inputs");
        fs::write(target.join("input.txt"), "input").unwrap();
        fs::create_dir(target.join("sub")).unwrap();
        let protected = ProtectedFiles::of([target.join("input.txt").as_path()]);
        let error = SeedDirectory::create(&target, DuplicateIds::Error, protected.clone(), &["input.txt"])
            .err()
            .unwrap();
        assert!(error.to_string().contains("refusing to overwrite an input"), "{error}");
        let mut directory = SeedDirectory::create(&target, DuplicateIds::Error, protected, &[]).unwrap();
        directory.write_file("other.txt", &origin(1), b"x").unwrap();
        directory.write_file("input.txt", &origin(2), b"x").unwrap();
        let error = directory.finish().unwrap_err();
        assert!(error.to_string().contains("refusing to overwrite an input"), "{error}");
        assert_eq!(listing(&target), ["input.txt", "sub"], "nothing moved");
        let mut directory =
            SeedDirectory::create(&target, DuplicateIds::Error, ProtectedFiles::default(), &[]).unwrap();
        directory.write_file("sub", &origin(1), b"x").unwrap();
        assert!(directory.finish().is_err());
        assert_eq!(listing(&target), ["input.txt", "sub"]);
        let _ = fs::remove_dir_all(&target);
    }
}
