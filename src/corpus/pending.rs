//! An output file written under a temporary name beside its target and
//! renamed into place once complete and flushed to disk, so that a failure
//! never leaves a partial file where a complete one is expected.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::thread::JoinHandle;

use super::output::{write_error, WriteError};

/// A file being written under a temporary name beside its target; removed
/// unless `commit` moves it into place.
pub(super) struct PendingFile {
    temporary: PathBuf,
    pub(super) target: PathBuf,
    file: Option<File>,
    /// The thread that flushes the file to disk as it grows, if any
    /// (`synced_in_background`): its first failure.
    syncer: Option<JoinHandle<io::Result<()>>>,
}

/// A streamed output file is flushed to disk in the background each time
/// this many more bytes are written, so that the `sync_all` before its
/// rename waits for the last part alone (left to itself, the kernel starts
/// writing a file out only after 30 s or gigabytes of it).
const BACKGROUND_SYNC_BYTES: u64 = 4 << 20;

/// The writing end of a `PendingFile` flushed to disk in the background.
pub(super) struct BackgroundSyncedFile {
    file: File,
    unsynced: u64,
    requests: SyncSender<()>,
}

impl Write for BackgroundSyncedFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.file.write(bytes)?;
        self.unsynced += written as u64;
        if self.unsynced >= BACKGROUND_SYNC_BYTES {
            self.unsynced = 0;
            // A request still waiting covers this one too; a syncer that has
            // stopped on a failure reports it at the commit.
            let _ = self.requests.try_send(());
        }
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl PendingFile {
    pub(super) fn create(target: &Path) -> Result<PendingFile, WriteError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |name| name.to_string_lossy());
        let temporary = target.with_file_name(format!(
            ".{name}.{}.{}.tmp",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let file = File::options()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|error| write_error(target, error))?;
        Ok(PendingFile {
            temporary,
            target: target.to_owned(),
            file: Some(file),
            syncer: None,
        })
    }

    /// The open file, to write through, flushed to disk by a thread of its
    /// own as it grows. The writer must be dropped before `commit`, which
    /// waits for that thread.
    pub(super) fn synced_in_background(&mut self) -> io::Result<BackgroundSyncedFile> {
        let file = self.handle()?;
        let syncing = self.handle()?;
        let (requests, received) = mpsc::sync_channel::<()>(1);
        let syncer = std::thread::Builder::new()
            .name("wordsift-sync".to_owned())
            .spawn(move || {
                // Until the writer (and with it the sender) is dropped.
                for () in received {
                    syncing.sync_data()?;
                }
                Ok(())
            })?;
        self.syncer = Some(syncer);
        Ok(BackgroundSyncedFile {
            file,
            unsynced: 0,
            requests,
        })
    }

    /// The open file, to write through.
    pub(super) fn handle(&self) -> io::Result<File> {
        match &self.file {
            Some(file) => file.try_clone(),
            None => Err(io::Error::other("the file is closed")),
        }
    }

    /// Makes the written data durable and renames the file into place.
    pub(super) fn commit(mut self) -> Result<(), WriteError> {
        if let Some(syncer) = self.syncer.take() {
            // A failure to flush in the background is this file's failure:
            // the kernel reports a write-back error once, to the first
            // caller that syncs.
            let outcome = syncer
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the thread syncing the file panicked")));
            outcome.map_err(|error| write_error(&self.target, error))?;
        }
        if let Some(file) = self.file.take() {
            file.sync_all().map_err(|error| write_error(&self.target, error))?;
        }
        fs::rename(&self.temporary, &self.target).map_err(|error| write_error(&self.target, error))?;
        // Renamed: nothing left for `drop` to clean up.
        self.temporary = PathBuf::new();
        // And the rename itself made durable.
        if let Some(parent) = self.target.parent() {
            sync_directory(if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            });
        }
        Ok(())
    }
}

impl Drop for PendingFile {
    fn drop(&mut self) {
        // Its writer is gone by now (a writer drops the file after the
        // handle it writes through), so the syncing thread has stopped or
        // is finishing its last sync: none outlives the output.
        if let Some(syncer) = self.syncer.take() {
            let _ = syncer.join();
        }
        if !self.temporary.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

/// Makes renames in `dir` durable where the platform allows; best effort.
pub(super) fn sync_directory(dir: &Path) {
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}
