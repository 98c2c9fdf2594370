//! Web text, as the README's "Web text" defines it: the text an HTML
//! document shows (`html.rs`), and the spans that are tokens of their own,
//! or none: URLs, e-mail addresses, mentions, hashtags and emoji.
//!
//! One pass from the start of a text: it stops only at the characters a
//! span can be found from (its anchor: the `:` of a scheme, the `.` of
//! `www.`, `@`, `#`, a character beyond ASCII), and each kind reads
//! forward from there, never back more than a few bytes, save an address's
//! local part, which stops at the last span's end. No kind can start inside
//! an address's local part before its own anchor, so taking the spans in
//! the order of their anchors takes the leftmost, as the rules say.

mod address;
mod chars;
mod emoji;
pub(crate) mod html;
mod url;

use crate::options::SpanOptions;

/// What kind of span a text holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SpanKind {
    Url,
    Email,
    Mention,
    Hashtag,
    Emoji,
}

/// Bytes `start..end` of a text, a span of `kind`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: SpanKind,
}

/// Calls `each` with every span of `text` of the kinds `options` asks for,
/// in order.
pub(crate) fn for_each_span(text: &str, options: &SpanOptions, mut each: impl FnMut(Span)) {
    let anchors = Anchors::of(options);
    let bytes = text.as_bytes();
    // Where the last span ended: no span starts before it.
    let mut floor = 0;
    let mut at = 0;
    while let Some(anchor) = anchors.next(bytes, at) {
        at = anchor + 1;
        let found = match bytes.get(anchor) {
            Some(b':') => url::after_scheme(text, anchor, floor),
            Some(b'.') => url::after_www(text, anchor, floor),
            Some(b'@') => options
                .emails
                .and_then(|_| address::email(text, anchor, floor))
                .or_else(|| options.mentions.and_then(|_| address::mention(text, anchor))),
            Some(b'#') => address::hashtag(text, anchor),
            _ => emoji::at(text, anchor, floor),
        };
        if let Some(span) = found {
            each(span);
            floor = span.end;
            at = span.end;
        }
    }
}

/// The bytes a span of the asked kinds can be found from.
struct Anchors {
    table: [bool; 256],
}

impl Anchors {
    fn of(options: &SpanOptions) -> Self {
        let mut table = [false; 256];
        let mut set = |bytes: &[u8]| {
            for &byte in bytes {
                if let Some(slot) = table.get_mut(usize::from(byte)) {
                    *slot = true;
                }
            }
        };
        if options.urls.is_some() {
            set(b":.");
        }
        if options.emails.is_some() || options.mentions.is_some() {
            set(b"@");
        }
        if options.hashtags.is_some() {
            set(b"#");
        }
        if options.emoji {
            // The lead bytes of characters beyond ASCII.
            let leads: Vec<u8> = (0xC2..=0xF4).collect();
            set(&leads);
        }
        Anchors { table }
    }

    /// The first anchor at or after `at`.
    #[inline]
    fn next(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let rest = bytes.get(at..)?;
        rest.iter()
            .position(|&byte| self.table.get(usize::from(byte)).copied().unwrap_or(false))
            .map(|offset| at + offset)
    }
}

#[cfg(test)]
mod tests;
