//! Corpora on disk: reading documents from files, tokenising them in
//! parallel and in order, and writing the results.

mod json;
pub mod pipeline;
pub mod read;
pub mod write;

/// Helpers shared by the corpus modules' tests.
#[cfg(test)]
mod test_support {
    /// A message with the directory of the file it names cut off, so that
    /// tests can compare it whatever temporary directory the file is in.
    pub(crate) fn without_dir(message: &str) -> String {
        let head = message.find([',', ':']).unwrap_or(message.len());
        let start = message[..head].rfind('/').map_or(0, |slash| slash + 1);
        message[start..].to_owned()
    }
}
