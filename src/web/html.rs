//! The `html` option: the text an HTML document shows, as the README's
//! "Web text" defines it. Markup (tags, comments, declarations, and the
//! content of `script`, `style` and `template`) becomes one space each;
//! character references are decoded as HTML5 (and Python's
//! `html.unescape`) decode them in text. One pass, stopping only at `<` and
//! `&`; each stretch read once.

use std::borrow::Cow;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use crate::unicode::normalize::Origin;

/// What the text read as HTML is made of, in order.
enum Part<'t> {
    /// Text as written: bytes `start..end`.
    Text(usize, usize),
    /// Markup (bytes `start..end`): one space.
    Markup(usize, usize),
    /// A character reference (bytes `start..end`) and what it decodes to.
    Reference(usize, usize, Decoded<'t>),
}

enum Decoded<'t> {
    Char(Option<char>),
    /// A named reference's characters.
    Named(&'t str),
}

/// `text` read as HTML; borrowed when it holds neither `<` nor `&`.
pub(crate) fn html_text(text: &str) -> Cow<'_, str> {
    if memchr::memchr2(b'<', b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    read(text, |part| match part {
        Part::Text(start, end) => out.push_str(text.get(start..end).unwrap_or_default()),
        Part::Markup(..) => out.push(' '),
        Part::Reference(_, _, Decoded::Char(ch)) => out.extend(ch),
        Part::Reference(_, _, Decoded::Named(chars)) => out.push_str(chars),
    });
    Cow::Owned(out)
}

/// `text` read as HTML, each character with its origin in `text` (a
/// space for markup and a reference's characters come from all of it);
/// None when it holds neither `<` nor `&`.
pub(crate) fn html_text_with_origins(text: &str) -> Option<(String, Vec<Origin>)> {
    memchr::memchr2(b'<', b'&', text.as_bytes())?;
    let mut out = String::with_capacity(text.len());
    let mut origins = Vec::with_capacity(text.len());
    read(text, |part| {
        let mut push = |ch: char, start: usize, end: usize| {
            out.push(ch);
            origins.push(Origin { start, end });
        };
        match part {
            Part::Text(start, end) => {
                for (at, ch) in text.get(start..end).unwrap_or_default().char_indices() {
                    push(ch, start + at, start + at + ch.len_utf8());
                }
            }
            Part::Markup(start, end) => push(' ', start, end),
            Part::Reference(start, end, Decoded::Char(ch)) => ch.into_iter().for_each(|ch| push(ch, start, end)),
            Part::Reference(start, end, Decoded::Named(chars)) => chars.chars().for_each(|ch| push(ch, start, end)),
        }
    });
    Some((out, origins))
}

/// Calls `each` with the parts of `text`, in order.
fn read<'t>(text: &'t str, mut each: impl FnMut(Part<'t>)) {
    let bytes = text.as_bytes();
    // The text not yet handed on starts at `copied`; the next `<` or `&` is
    // looked for from `at`.
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memchr2(b'<', b'&', rest)) {
        let start = at + found;
        let part = if bytes.get(start) == Some(&b'<') {
            markup_end(text, start).map(|end| (end, Part::Markup(start, end)))
        } else {
            reference(text, start).map(|(end, decoded)| (end, Part::Reference(start, end, decoded)))
        };
        match part {
            Some((end, part)) => {
                if copied < start {
                    each(Part::Text(copied, start));
                }
                each(part);
                copied = end;
                at = end;
            }
            None => at = start + 1,
        }
    }
    if copied < text.len() {
        each(Part::Text(copied, text.len()));
    }
}

fn is_html_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The end of the markup that starts with the `<` at byte `start`, if
/// markup starts there.
fn markup_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let after = |offset: usize| bytes.get(start + offset).copied();
    let through_gt = |from: usize| {
        memchr::memchr(b'>', bytes.get(from..).unwrap_or_default()).map_or(bytes.len(), |gt| from + gt + 1)
    };
    match after(1)? {
        b'!' if bytes.get(start..start + 4) == Some(b"<!--") => {
            let from = start + 4;
            let rest = bytes.get(from..).unwrap_or_default();
            Some(memchr::memmem::find(rest, b"-->").map_or(bytes.len(), |end| from + end + 3))
        }
        b'!' | b'?' => Some(through_gt(start + 2)),
        b'/' if after(2).is_some_and(|byte| byte.is_ascii_alphabetic()) => Some(tag_end(bytes, start + 2)),
        b'/' => Some(through_gt(start + 2)),
        letter if letter.is_ascii_alphabetic() => {
            let end = tag_end(bytes, start + 1);
            let name_end = bytes
                .get(start + 1..)
                .unwrap_or_default()
                .iter()
                .position(|&byte| is_html_space(byte) || byte == b'/' || byte == b'>')
                .map_or(bytes.len(), |offset| start + 1 + offset);
            let name = bytes.get(start + 1..name_end).unwrap_or_default();
            let dropped = [b"script".as_slice(), b"style", b"template"]
                .into_iter()
                .any(|element| name.eq_ignore_ascii_case(element));
            Some(if dropped { end_of_element(bytes, end, name) } else { end })
        }
        _ => None,
    }
}

/// The end of a tag whose name starts at byte `from`: the first `>` outside
/// a quoted value (a quote after an `=` and any spaces), or the text's end.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut at = from;
    let mut after_equals = false;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'>' => return at + 1,
            b'=' => after_equals = true,
            b'"' | b'\'' if after_equals => {
                let rest = bytes.get(at + 1..).unwrap_or_default();
                match memchr::memchr(byte, rest) {
                    Some(quote) => at += quote + 1,
                    None => return bytes.len(),
                }
                after_equals = false;
            }
            _ if is_html_space(byte) => {}
            _ => after_equals = false,
        }
        at += 1;
    }
    bytes.len()
}

/// The end of the end tag named `name` that ends the element whose start
/// tag ends at byte `from` (its content dropped with it), or the text's end.
fn end_of_element(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(found) = bytes.get(at..).and_then(|rest| memchr::memmem::find(rest, b"</")) {
        let name_start = at + found + 2;
        let name_end = name_start + name.len();
        let same = bytes
            .get(name_start..name_end)
            .is_some_and(|written| written.eq_ignore_ascii_case(name));
        let ended = bytes
            .get(name_end)
            .is_none_or(|&byte| is_html_space(byte) || byte == b'/' || byte == b'>');
        if same && ended {
            return tag_end(bytes, name_start);
        }
        at = name_start;
    }
    bytes.len()
}

/// The end of the character reference whose `&` is at byte `start`, and
/// what it decodes to, if one starts there.
fn reference(text: &str, start: usize) -> Option<(usize, Decoded<'static>)> {
    let bytes = text.as_bytes();
    if bytes.get(start + 1) == Some(&b'#') {
        return numeric(bytes, start + 2);
    }
    named(text, start + 1)
}

/// A numeric reference whose digits (after `&#`) start at byte `from`.
fn numeric(bytes: &[u8], from: usize) -> Option<(usize, Decoded<'static>)> {
    let hex = matches!(bytes.get(from), Some(b'x' | b'X')) && bytes.get(from + 1).is_some_and(u8::is_ascii_hexdigit);
    let (digits_start, radix) = if hex { (from + 1, 16) } else { (from, 10) };
    let digits = bytes
        .get(digits_start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&byte| {
            if hex {
                byte.is_ascii_hexdigit()
            } else {
                byte.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    // Past U+10FFFF, the value is only "too large": it stops growing there.
    let value = bytes
        .get(digits_start..digits_start + digits)
        .unwrap_or_default()
        .iter()
        .fold(0_u32, |value, &byte| {
            let digit = char::from(byte).to_digit(radix).unwrap_or(0);
            value.saturating_mul(radix).saturating_add(digit).min(0x11_0000)
        });
    let mut end = digits_start + digits;
    if bytes.get(end) == Some(&b';') {
        end += 1;
    }
    let references = references();
    let decoded = if let Some(&ch) = references.numbers.get(&value) {
        Some(ch)
    } else if (0xD800..=0xDFFF).contains(&value) || value > 0x10_FFFF {
        Some('\u{FFFD}')
    } else if references
        .removed
        .iter()
        .any(|&(first, last)| (first..=last).contains(&value))
    {
        None
    } else {
        char::from_u32(value)
    };
    Some((end, Decoded::Char(decoded)))
}

/// A named reference whose name starts at byte `from` (after the `&`): the
/// longest name of the table that the next 32 characters (not tab, line
/// feed, form feed, space, `<`, `&`, `#` or `;`, then an optional `;`)
/// start with, as `html.unescape` finds it.
fn named(text: &str, from: usize) -> Option<(usize, Decoded<'static>)> {
    const MOST: usize = 32;
    let rest = text.get(from..)?;
    let mut ends: Vec<usize> = rest
        .char_indices()
        .take_while(|&(_, ch)| !matches!(ch, '\t' | '\n' | '\x0c' | ' ' | '<' | '&' | '#' | ';'))
        .take(MOST)
        .map(|(at, ch)| at + ch.len_utf8())
        .collect();
    let &last = ends.last()?;
    if rest.as_bytes().get(last) == Some(&b';') {
        ends.push(last + 1);
    }
    let names = &references().names;
    // The whole run, then each shorter one down to two characters (no name
    // of the table is shorter).
    let whole = ends.len();
    ends.iter()
        .enumerate()
        .rev()
        .filter(|&(count, _)| count + 1 == whole || count + 1 >= 2)
        .find_map(|(_, &end)| {
            let name = rest.get(..end)?;
            names.get(name).map(|chars| (from + end, Decoded::Named(chars)))
        })
}

/// The table of references, from `python/wordsift/data/html_references.txt`.
struct References {
    names: FxHashMap<Box<str>, Box<str>>,
    numbers: FxHashMap<u32, char>,
    removed: Vec<(u32, u32)>,
}

fn references() -> &'static References {
    static REFERENCES: OnceLock<References> = OnceLock::new();
    REFERENCES.get_or_init(|| parse(include_str!("../../python/wordsift/data/html_references.txt")))
}

// The data file is part of the crate, generated and checked in CI: a
// malformed line is a build defect, which the unit tests find.
#[allow(clippy::expect_used)]
fn parse(data: &str) -> References {
    let hex = |field: &str| u32::from_str_radix(field, 16).expect("hexadecimal in html_references.txt");
    let character = |field: &str| char::from_u32(hex(field)).expect("a character in html_references.txt");
    let mut references = References {
        names: FxHashMap::default(),
        numbers: FxHashMap::default(),
        removed: Vec::new(),
    };
    for line in data.lines().filter(|line| !line.is_empty() && !line.starts_with('#')) {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields.as_slice() {
            ["name", name, chars @ ..] => {
                let chars: String = chars.iter().map(|field| character(field)).collect();
                references.names.insert((*name).into(), chars.into_boxed_str());
            }
            ["number", number, ch] => {
                references.numbers.insert(hex(number), character(ch));
            }
            ["removed", first, last] => references.removed.push((hex(first), hex(last))),
            _ => panic!("unknown line {line:?} in html_references.txt"),
        }
    }
    references
}
