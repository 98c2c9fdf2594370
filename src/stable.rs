//! Texts copied out of memory that another party could change while they
//! are tokenised (an Arrow producer's buffers, read in place), so that the
//! scan, which relies on UTF-8 validity, only reads bytes that stay as
//! they were checked: a buffer changed during a call gives wrong tokens at
//! worst, never a read outside the text.

/// A reusable copy of a slice of texts.
#[derive(Debug, Default)]
pub struct StableTexts {
    bytes: String,
    ends: Vec<usize>,
}

impl StableTexts {
    /// Copies `texts` and returns the copies, each valid UTF-8 whatever the
    /// originals hold by now (a text changed since it was checked comes out
    /// with U+FFFD for the bytes that are no longer UTF-8).
    pub fn copy<'s>(&'s mut self, texts: &[&str]) -> Vec<&'s str> {
        let mut bytes = std::mem::take(&mut self.bytes).into_bytes();
        bytes.clear();
        self.ends.clear();
        for text in texts {
            // One copy of what the text holds now; only the copy is checked
            // and scanned.
            bytes.extend_from_slice(text.as_bytes());
            self.ends.push(bytes.len());
        }
        self.bytes = match String::from_utf8(bytes) {
            Ok(copied) => copied,
            Err(error) => self.repaired(&error.into_bytes()),
        };
        split_at_ends(&self.bytes, &self.ends)
    }

    /// The texts of `copied` (whose ends are `self.ends`), each made UTF-8
    /// on its own; the ends moved to match.
    fn repaired(&mut self, copied: &[u8]) -> String {
        let mut repaired = String::with_capacity(copied.len());
        let mut start = 0;
        for end in &mut self.ends {
            repaired.push_str(&String::from_utf8_lossy(copied.get(start..*end).unwrap_or_default()));
            start = *end;
            *end = repaired.len();
        }
        repaired
    }
}

/// The texts held back to back in `bytes`, each ending where `ends` says.
pub(crate) fn split_at_ends<'a>(bytes: &'a str, ends: &[usize]) -> Vec<&'a str> {
    let mut start = 0;
    ends.iter()
        .map(|&end| {
            let text = bytes.get(start..end).unwrap_or_default();
            start = end;
            text
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_are_the_texts() {
        let mut stable = StableTexts::default();
        let texts = ["Oil rose", "", "caf\u{e9} \u{1f600}", "x"];
        assert_eq!(stable.copy(&texts), texts);
        // Reused, with fewer texts.
        assert_eq!(stable.copy(&texts[2..3]), &texts[2..3]);
        assert!(stable.copy(&[]).is_empty());
    }

    #[test]
    fn bytes_no_longer_utf8_are_replaced_text_by_text() {
        let mut stable = StableTexts::default();
        let copied = b"ok\xe2\x82ab".to_vec();
        stable.ends = vec![2, 4, 6];
        let repaired = stable.repaired(&copied);
        assert_eq!(repaired, "ok\u{fffd}ab");
        assert_eq!(stable.ends, [2, 5, 7]);
    }
}
