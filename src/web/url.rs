//! URLs: a scheme (`http://`, `https://`, `ftp://`) or `www.`, then the
//! URL characters that follow, less trailing punctuation.

use super::chars::{char_at, char_before, is_letter_or_digit, is_word, run_end, starts_free};
use super::{Span, SpanKind};

const SCHEMES: [&[u8]; 3] = [b"http", b"https", b"ftp"];

/// The URL whose scheme ends at the `:` at byte `colon`, if one does.
pub(super) fn after_scheme(text: &str, colon: usize, floor: usize) -> Option<Span> {
    let bytes = text.as_bytes();
    if bytes.get(colon..colon + 3) != Some(b"://") {
        return None;
    }
    // Schemes are ASCII: the bytes before the colon are the characters.
    let start = SCHEMES.iter().find_map(|scheme| {
        let start = colon.checked_sub(scheme.len())?;
        let written = bytes.get(start..colon)?;
        written.eq_ignore_ascii_case(scheme).then_some(start)
    })?;
    (start >= floor && starts_free(text, start)).then_some(())?;
    url_from(text, start, colon + 3)
}

/// The URL whose `www` ends at the `.` at byte `dot`, if one does.
pub(super) fn after_www(text: &str, dot: usize, floor: usize) -> Option<Span> {
    let start = dot.checked_sub(3)?;
    let written = text.as_bytes().get(start..dot)?;
    if start < floor || !written.eq_ignore_ascii_case(b"www") {
        return None;
    }
    // Nor after a character of an address's local part: an address can
    // then never hold a URL that starts after its own start.
    let free = char_before(text, start).is_none_or(|ch| !is_word(ch) && !matches!(ch, '.' | '%' | '+' | '-'));
    free.then_some(())?;
    url_from(text, start, dot + 1)
}

/// The URL that starts at `start`, its prefix (scheme or `www.`) ending at
/// `host`, if a letter or digit follows the prefix.
fn url_from(text: &str, start: usize, host: usize) -> Option<Span> {
    char_at(text, host).filter(|&ch| is_letter_or_digit(ch))?;
    let end = run_end(text, host, is_url_char);
    let end = trimmed_end(text.as_bytes().get(start..end)?) + start;
    Some(Span {
        start,
        end,
        kind: SpanKind::Url,
    })
}

/// A character a URL runs on over: ASCII but controls, space and
/// `"<>\^`{|}`, or a word character beyond ASCII.
fn is_url_char(ch: char) -> bool {
    if ch.is_ascii() {
        !ch.is_ascii_control() && !matches!(ch, ' ' | '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    } else {
        is_word(ch)
    }
}

/// The length of `url` without its trailing punctuation: while it ends
/// with one of `.,:;!?'*`, or with a `)` or `]` and holds more of those
/// than of its opening bracket, that last byte goes.
fn trimmed_end(url: &[u8]) -> usize {
    let count = |byte: u8| url.iter().filter(|&&b| b == byte).count();
    let (opening_parens, opening_brackets) = (count(b'('), count(b'['));
    // What the URL holds as it shrinks (only closing brackets go).
    let (mut closing_parens, mut closing_brackets) = (count(b')'), count(b']'));
    let mut end = url.len();
    while let Some(&last) = end.checked_sub(1).and_then(|at| url.get(at)) {
        match last {
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'*' => {}
            b')' if closing_parens > opening_parens => closing_parens -= 1,
            b']' if closing_brackets > opening_brackets => closing_brackets -= 1,
            _ => break,
        }
        end -= 1;
    }
    end
}
