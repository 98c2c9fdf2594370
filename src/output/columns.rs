//! A batch's tokens as one Arrow `large_list<large_string>` column: three
//! flat buffers (token bytes, token offsets, document offsets) and no object
//! per token, and when asked where each token came from (two more buffers,
//! of starts and ends). `arrow.rs` exports them through the Arrow C data
//! interface; here they are filled (a `TokenSink`) and read.

use crate::tokenize::{spans_to_code_points, TokenSink, Tokenizer};
use crate::unicode::ascii::{extend_with_padded, PADDED_TOKEN_BYTES};

/// A batch's tokens as Arrow `large_list<large_string>` buffers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenColumns {
    /// The UTF-8 bytes of all tokens, back to back.
    pub values: Vec<u8>,
    /// `token_offsets[i]..token_offsets[i + 1]` is token i in `values`.
    pub token_offsets: Vec<i64>,
    /// `doc_offsets[d]..doc_offsets[d + 1]` are document d's tokens.
    pub doc_offsets: Vec<i64>,
    /// Which documents are null (their texts were), as an Arrow validity
    /// bitmap (bit d set: document d is valid) and the count of nulls;
    /// None when none is.
    pub nulls: Option<(Vec<u8>, usize)>,
    /// Where each token came from in its text, if asked.
    pub spans: Option<TokenSpans>,
}

/// Where each token of the columns came from: `starts[i]..ends[i]` of its
/// text, counted in `unit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSpans {
    pub unit: OffsetUnit,
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
}

/// What a span's offsets count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Bytes of the text's UTF-8 (what Arrow and Rust index strings by).
    Bytes,
    /// Code points (what a Python str is indexed by).
    CodePoints,
}

impl OffsetUnit {
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::Bytes => "bytes",
            OffsetUnit::CodePoints => "chars",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        [OffsetUnit::Bytes, OffsetUnit::CodePoints]
            .into_iter()
            .find(|unit| unit.name() == name)
    }
}

impl Default for TokenColumns {
    fn default() -> Self {
        TokenColumns {
            values: Vec::new(),
            token_offsets: vec![0],
            doc_offsets: vec![0],
            nulls: None,
            spans: None,
        }
    }
}

impl TokenColumns {
    /// Empty columns that keep each token's span, counted in `unit`.
    pub fn with_spans(unit: OffsetUnit) -> Self {
        TokenColumns {
            spans: Some(TokenSpans {
                unit,
                starts: Vec::new(),
                ends: Vec::new(),
            }),
            ..TokenColumns::default()
        }
    }

    /// Makes room for `value_bytes` more bytes of tokens and `docs` more
    /// documents (and a guess at the number of tokens that implies).
    pub fn reserve(&mut self, value_bytes: usize, docs: usize) {
        self.values.reserve(value_bytes);
        self.token_offsets.reserve(value_bytes / 6);
        self.doc_offsets.reserve(docs);
        if let Some(spans) = &mut self.spans {
            spans.starts.reserve(value_bytes / 6);
            spans.ends.reserve(value_bytes / 6);
            advise_huge_pages(&spans.starts);
            advise_huge_pages(&spans.ends);
        }
        advise_huge_pages(&self.values);
        advise_huge_pages(&self.token_offsets);
    }

    pub fn doc_count(&self) -> usize {
        self.doc_offsets.len() - 1
    }

    pub fn token_count(&self) -> usize {
        self.token_offsets.len() - 1
    }

    /// Appends a token to the current document.
    #[inline]
    pub fn push_token(&mut self, token: &str) {
        self.values.extend_from_slice(token.as_bytes());
        self.token_offsets.push(offset(self.values.len()));
    }

    /// Appends a token that `padded` starts with (see
    /// `ascii::extend_with_padded`).
    #[inline]
    pub(crate) fn push_padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        extend_with_padded(&mut self.values, token.as_bytes(), padded);
        self.token_offsets.push(offset(self.values.len()));
    }

    /// Ends the current document.
    #[inline]
    pub fn end_doc(&mut self) {
        self.doc_offsets.push(offset(self.token_count()));
    }

    /// Removes every document, keeping the buffers' room.
    pub fn clear(&mut self) {
        self.values.clear();
        self.token_offsets.truncate(1);
        self.doc_offsets.truncate(1);
        self.nulls = None;
        if let Some(spans) = &mut self.spans {
            spans.starts.clear();
            spans.ends.clear();
        }
    }

    /// Appends the documents of `other` (whose nulls are not kept).
    pub fn append(&mut self, other: &TokenColumns) {
        let value_shift = offset(self.values.len());
        let token_shift = offset(self.token_count());
        self.values.extend_from_slice(&other.values);
        let other_tokens = other.token_offsets.get(1..).unwrap_or_default();
        self.token_offsets
            .extend(other_tokens.iter().map(|&end| end + value_shift));
        let other_docs = other.doc_offsets.get(1..).unwrap_or_default();
        self.doc_offsets.extend(other_docs.iter().map(|&end| end + token_shift));
        if let (Some(spans), Some(other)) = (&mut self.spans, &other.spans) {
            spans.starts.extend_from_slice(&other.starts);
            spans.ends.extend_from_slice(&other.ends);
        }
    }

    /// Document `doc`'s token spans (none without spans).
    pub fn doc_spans(&self, doc: usize) -> impl ExactSizeIterator<Item = (i64, i64)> + '_ {
        let offset_at = |at: usize| self.doc_offsets.get(at).map_or(0, |&offset| offset as usize);
        let tokens = offset_at(doc)..offset_at(doc + 1);
        let (starts, ends) = match &self.spans {
            Some(spans) => (
                spans.starts.get(tokens.clone()).unwrap_or_default(),
                spans.ends.get(tokens).unwrap_or_default(),
            ),
            None => (&[][..], &[][..]),
        };
        starts.iter().copied().zip(ends.iter().copied())
    }

    /// Appends a token with its span to the current document (of columns
    /// that keep spans).
    pub fn push_token_with_span(&mut self, token: &str, start: usize, end: usize) {
        self.push_token(token);
        if let Some(spans) = &mut self.spans {
            spans.starts.push(offset(start));
            spans.ends.push(offset(end));
        }
    }

    /// Document `doc`'s tokens.
    pub fn doc(&self, doc: usize) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.doc_bytes(doc).map(|bytes| {
            // Every token was pushed as a whole &str, so its bytes are UTF-8.
            std::str::from_utf8(bytes).unwrap_or_default()
        })
    }
}

impl TokenColumns {
    /// Marks the documents for which `is_null` is true as null (they should
    /// have no tokens): the list entries of null texts.
    pub fn set_nulls(&mut self, is_null: &[bool]) {
        let null_count = is_null.iter().filter(|&&null| null).count();
        if null_count == 0 {
            self.nulls = None;
            return;
        }
        let mut bitmap = vec![0u8; is_null.len().div_ceil(8)];
        for (doc, _) in is_null.iter().enumerate().filter(|(_, &null)| !null) {
            if let Some(byte) = bitmap.get_mut(doc / 8) {
                *byte |= 1 << (doc % 8);
            }
        }
        self.nulls = Some((bitmap, null_count));
    }

    /// Whether document `doc` is null.
    pub fn is_null(&self, doc: usize) -> bool {
        self.nulls
            .as_ref()
            .is_some_and(|(bitmap, _)| bitmap.get(doc / 8).is_some_and(|byte| byte >> (doc % 8) & 1 == 0))
    }

    /// The tokens of document `doc` as bytes, unchecked: for writers that
    /// copy them out.
    pub fn doc_bytes(&self, doc: usize) -> impl ExactSizeIterator<Item = &[u8]> + '_ {
        let ends = self.doc_token_ends(doc);
        (1..ends.len()).map(move |token| {
            let bounds = ends.get(token - 1).zip(ends.get(token));
            let (start, end) = bounds.map_or((0, 0), |(&start, &end)| (start as usize, end as usize));
            self.values.get(start..end).unwrap_or_default()
        })
    }

    /// The offsets in `values` where document `doc`'s tokens start, then
    /// where its last one ends: one more than its tokens (none for a
    /// document that is not there).
    pub fn doc_token_ends(&self, doc: usize) -> &[i64] {
        let offset_at = |at: usize| self.doc_offsets.get(at).map_or(0, |&offset| offset as usize);
        self.token_offsets
            .get(offset_at(doc)..=offset_at(doc + 1))
            .unwrap_or_default()
    }
}

/// Asks Linux to back a large buffer's room with huge pages: a column of
/// tens of megabytes, written once, otherwise takes a page fault (and a
/// page cleared) every 4 KiB, and glibc gives the memory back between calls.
fn advise_huge_pages<T>(buffer: &Vec<T>) {
    const HUGE_PAGE: usize = 2 << 20;
    let bytes = buffer.capacity() * std::mem::size_of::<T>();
    if !cfg!(target_os = "linux") || bytes < 4 * HUGE_PAGE {
        return;
    }
    #[cfg(target_os = "linux")]
    {
        // The huge pages that lie wholly within the buffer's room.
        let start = (buffer.as_ptr() as usize).next_multiple_of(HUGE_PAGE);
        let end = (buffer.as_ptr() as usize + bytes) / HUGE_PAGE * HUGE_PAGE;
        if end > start {
            // SAFETY: the range lies within memory this Vec owns; the advice
            // changes only how the kernel backs it, never its contents, and
            // a failure (an old kernel, huge pages off) leaves it as it was.
            unsafe { libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE) };
        }
    }
}

/// Arrow offsets are i64: a Vec's length always fits.
#[inline]
pub(crate) fn offset(len: usize) -> i64 {
    len as i64
}

impl TokenSink for &mut TokenColumns {
    #[inline]
    fn token(&mut self, token: &str) {
        self.push_token(token);
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        self.push_padded_token(token, padded);
    }
}

/// Columns that keep spans, as a sink: the token's bytes, and its span.
struct SpannedColumns<'c> {
    columns: &'c mut TokenColumns,
    starts: &'c mut Vec<i64>,
    ends: &'c mut Vec<i64>,
}

impl TokenSink for SpannedColumns<'_> {
    const SPANS: bool = true;

    #[inline]
    fn span(&mut self, start: usize, end: usize) {
        self.starts.push(offset(start));
        self.ends.push(offset(end));
    }

    #[inline]
    fn token(&mut self, token: &str) {
        self.columns.push_token(token);
    }

    #[inline]
    fn padded_token(&mut self, token: &str, padded: &[u8; PADDED_TOKEN_BYTES]) {
        self.columns.push_padded_token(token, padded);
    }
}

impl Tokenizer {
    /// Appends the tokens of each text, as documents, to `columns` (with
    /// their spans, if the columns keep them).
    pub fn extend_columns<T: AsRef<str>>(&self, texts: &[T], columns: &mut TokenColumns) {
        // Tokens rarely add up to more bytes than their texts: reserving that
        // much spares the copies of growing buffers.
        let text_bytes: usize = texts.iter().map(|text| text.as_ref().len()).sum();
        columns.reserve(text_bytes, texts.len());
        let Some(mut spans) = columns.spans.take() else {
            for text in texts {
                self.scan_kept(text.as_ref(), &mut *columns);
                columns.end_doc();
            }
            return;
        };
        for text in texts {
            let text = text.as_ref();
            let first = spans.starts.len();
            let sink = SpannedColumns {
                columns: &mut *columns,
                starts: &mut spans.starts,
                ends: &mut spans.ends,
            };
            self.scan_kept(text, sink);
            columns.end_doc();
            if spans.unit == OffsetUnit::CodePoints {
                let starts = spans.starts.get_mut(first..).unwrap_or_default();
                let ends = spans.ends.get_mut(first..).unwrap_or_default();
                spans_to_code_points(text, starts, ends);
            }
        }
        columns.spans = Some(spans);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Three documents: two tokens, none, and one non-ASCII token (for the
    /// tests of the export too).
    pub(crate) fn columns() -> TokenColumns {
        let mut columns = TokenColumns::default();
        for doc in [&["a", "bc"][..], &[], &["d\u{e9}f"]] {
            for token in doc {
                columns.push_token(token);
            }
            columns.end_doc();
        }
        columns
    }

    #[test]
    fn columns_hold_documents_and_tokens() {
        let columns = columns();
        assert_eq!(columns.doc_count(), 3);
        assert_eq!(columns.doc(0).collect::<Vec<_>>(), ["a", "bc"]);
        assert_eq!(columns.doc(1).count(), 0);
        assert_eq!(columns.doc(2).collect::<Vec<_>>(), ["d\u{e9}f"]);
    }

    #[test]
    fn appending_shifts_the_offsets() {
        let one = columns();
        let mut appended = TokenColumns::default();
        appended.append(&one);
        let mut part = one.clone();
        part.clear();
        assert_eq!(part, TokenColumns::default());
        part.push_token("xyz");
        part.end_doc();
        appended.append(&part);
        appended.append(&TokenColumns::default());
        appended.append(&one);
        let docs: Vec<Vec<&str>> = (0..appended.doc_count())
            .map(|doc| appended.doc(doc).collect())
            .collect();
        let expected: Vec<Vec<&str>> = vec![
            vec!["a", "bc"],
            vec![],
            vec!["d\u{e9}f"],
            vec!["xyz"],
            vec!["a", "bc"],
            vec![],
            vec!["d\u{e9}f"],
        ];
        assert_eq!(docs, expected);
        assert_eq!(appended.token_count(), 7);
    }
}
