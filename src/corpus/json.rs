//! The usual JSON Lines record, parsed without serde: one flat object of
//! strings, numbers, booleans and nulls. It answers only what the serde path
//! (`serde_record.rs`) would answer and gives up on anything else (nested values,
//! escapes in keys, lone surrogates, any malformed input), which serde_json
//! then parses, or reports as it always does.
//!
//! Why: serde_json looks at a string a byte at a time and copies one with
//! escapes twice (into its scratch buffer, then the visitor out of it);
//! here the plain runs between escapes are found eight bytes at a time and
//! copied once, straight into the record's buffer. On the shared corpus, whose
//! texts are full of `\n`, the command's work on one thread went from 49 to
//! 40 ms.

use super::input::RecordFields;
use super::json_fields::{FieldValue, FoundFields, JsonFields, RecordBuffers, Wanted};
use super::serde_record::parse_record_with_serde;

/// The fields of the object on `line` put into `record`, or None where
/// serde_json must decide.
pub(super) fn parse_flat_record(
    line: &str,
    fields: &JsonFields<'_>,
    record: &mut RecordBuffers,
) -> Option<FoundFields> {
    let mut cursor = Cursor { line, at: 0 };
    let mut found = FoundFields::default();
    cursor.skip_whitespace();
    cursor.eat(b'{')?;
    cursor.skip_whitespace();
    if cursor.eat(b'}').is_none() {
        loop {
            cursor.eat(b'"')?;
            let key = cursor.plain_key()?;
            cursor.skip_whitespace();
            cursor.eat(b':')?;
            cursor.skip_whitespace();
            match found.slot(Wanted::named(key, fields), record) {
                // A field given twice counts as its last value.
                Some((slot, buffer)) => *slot = Some(cursor.value(Some(buffer))?),
                None => {
                    cursor.value(None)?;
                }
            }
            cursor.skip_whitespace();
            if cursor.eat(b',').is_some() {
                cursor.skip_whitespace();
                continue;
            }
            cursor.eat(b'}')?;
            break;
        }
    }
    cursor.skip_whitespace();
    (cursor.at == line.len()).then_some(found)
}

struct Cursor<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.line.as_bytes().get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.at += 1)
    }

    fn eat_word(&mut self, word: &str) -> Option<()> {
        let rest = self.line.get(self.at..)?;
        rest.starts_with(word).then(|| self.at += word.len())
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The rest of a key after its opening quote; None if it holds an escape
    /// or a control character, or does not end.
    fn plain_key(&mut self) -> Option<&'a str> {
        let rest = self.line.get(self.at..)?;
        let end = plain_run(rest.as_bytes());
        if rest.as_bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.at += end + 1;
        rest.get(..end)
    }

    /// One value: a string or integer written into `buffer` when the field
    /// is wanted (Some), anything else by its kind.
    fn value(&mut self, buffer: Option<&mut String>) -> Option<FieldValue> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                match buffer {
                    Some(buffer) => {
                        buffer.clear();
                        self.string(Some(buffer))?;
                    }
                    None => self.string(None)?,
                }
                Some(FieldValue::Text)
            }
            b'-' | b'0'..=b'9' => {
                let number = self.number()?;
                if let Some(buffer) = buffer {
                    // As written: an id keeps every digit, however many.
                    buffer.clear();
                    buffer.push_str(number);
                }
                Some(FieldValue::Number)
            }
            b't' => self.eat_word("true").map(|()| FieldValue::Other("a boolean")),
            b'f' => self.eat_word("false").map(|()| FieldValue::Other("a boolean")),
            b'n' => self.eat_word("null").map(|()| FieldValue::Null),
            // Arrays, objects and anything malformed.
            _ => None,
        }
    }

    /// The rest of a string after its opening quote, decoded into `out`
    /// when given.
    fn string(&mut self, mut out: Option<&mut String>) -> Option<()> {
        loop {
            let rest = self.line.get(self.at..)?;
            let stop = plain_run(rest.as_bytes());
            // Cut before an ASCII byte (or at the end): on a character
            // boundary.
            let plain = rest.get(..stop)?;
            if let Some(out) = out.as_deref_mut() {
                out.push_str(plain);
            }
            self.at += stop + 1;
            match rest.as_bytes().get(stop) {
                Some(b'"') => return Some(()),
                Some(b'\\') => {}
                // A control character, which JSON strings may not hold, or
                // the end of the line.
                _ => return None,
            }
            let decoded = self.escape()?;
            if let Some(out) = out.as_deref_mut() {
                out.push(decoded);
            }
        }
    }

    /// The character of the escape after a backslash.
    fn escape(&mut self) -> Option<char> {
        let letter = self.peek()?;
        self.at += 1;
        Some(match letter {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                match unit {
                    0xD800..=0xDBFF => {
                        // A surrogate pair, or serde_json's error.
                        self.eat(b'\\')?;
                        self.eat(b'u')?;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))?
                    }
                    _ => char::from_u32(unit)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.line.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number as written: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, of
    /// any length (serde_json, which also reads numbers so, is asked only
    /// for their text).
    fn number(&mut self) -> Option<&'a str> {
        let start = self.at;
        let _ = self.eat(b'-');
        let digits = self.digits();
        let first = self.line.as_bytes().get(self.at - digits).copied();
        if digits == 0 || (first == Some(b'0') && digits > 1) {
            return None;
        }
        if self.eat(b'.').is_some() && self.digits() == 0 {
            return None;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if self.digits() == 0 {
                return None;
            }
        }
        self.line.get(start..self.at)
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }
}

/// The length of the plain run that `bytes` (inside a JSON string) start
/// with: up to the first quote, backslash or control character, or all of
/// them.
///
/// Eight bytes at a time, as one u64: `(v - 0x01..) & !v & 0x80..` flags the
/// bytes of `v` that are zero (with `v` the word xor a repeated quote or
/// backslash), and `(x - 0x20..) & !x & 0x80..` those of `x` below 0x20. A borrow can flag a byte above a flagged one, never below, so
/// the lowest flag is exact, and it is the only one used.
fn plain_run(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |value: u64| value.wrapping_sub(ONES) & !value;
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let Ok(word) = <[u8; 8]>::try_from(word) else {
            break;
        };
        let x = u64::from_le_bytes(word);
        let flags = (zero_bytes(x ^ (ONES * u64::from(b'"')))
            | zero_bytes(x ^ (ONES * u64::from(b'\\')))
            | (x.wrapping_sub(ONES * 0x20) & !x))
            & HIGH_BITS;
        if flags != 0 {
            return at + (flags.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let ends_run = |&byte: &u8| byte == b'"' || byte == b'\\' || byte < 0x20;
    at + words
        .remainder()
        .iter()
        .position(ends_run)
        .unwrap_or(words.remainder().len())
}

/// Whether the fast path takes `line` (Ok(false): it gives up), and if it
/// does, that it finds what serde_json finds in every wanted field (of the
/// default names); Err says how they differ. For the unit tests and the fuzz
/// target (`corpus::json_fast_path_agrees`).
pub(super) fn compare_with_serde(line: &str) -> Result<bool, String> {
    let defaults = RecordFields::default();
    let fields = JsonFields::new(&defaults);
    let mut fast_record = RecordBuffers::default();
    let Some(fast) = parse_flat_record(line, &fields, &mut fast_record) else {
        return Ok(false);
    };
    let mut serde_record = RecordBuffers::default();
    let serde = parse_record_with_serde(line, &fields, &mut serde_record)
        .map_err(|error| format!("the fast path took a line serde_json refuses: {line:?}: {error}"))?;
    let (fast, serde) = (outcome(&fast, &fast_record), outcome(&serde, &serde_record));
    if fast != serde {
        return Err(format!("{line:?}: the fast path found {fast:?}, serde_json {serde:?}"));
    }
    Ok(true)
}

/// What a parse left: the kinds found and the buffers they point to.
fn outcome(found: &FoundFields, record: &RecordBuffers) -> [Option<(&'static str, String)>; 3] {
    let show = |value: &Option<FieldValue>, buffer: &String| {
        value.as_ref().map(|value| {
            let text = if matches!(value, FieldValue::Text | FieldValue::Number) {
                buffer.clone()
            } else {
                String::new()
            };
            (value.kind(), text)
        })
    };
    [
        show(&found.text, &record.text),
        show(&found.title, &record.title),
        show(&found.id, &record.id),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path either gives up or agrees with serde_json.
    fn check(line: &str) -> bool {
        compare_with_serde(line).unwrap_or_else(|problem| panic!("{problem}"))
    }

    #[test]
    fn usual_records_take_the_fast_path() {
        for line in [
            r#"{"id": 1, "title": "BAHIA COCOA REVIEW", "text": "Showers\ncontinued \"here\" \\ \/ \b\f\r\t"}"#,
            r#"{"text":"caf\u00e9 \ud83d\ude00 \u0041","id":"x-1","title":null,"extra":[1,2]}"#,
            r#"  { "text" : "" , "id" : -42 , "score": 0.5, "flag": true, "none": null, "f": false }  "#,
            r#"{}"#,
            r#"{"text": "a", "text": "b", "id": 123456789012345678}"#,
            r#"{"text": "a", "id": 1.5}"#,
            r#"{"text": "a", "id": -0}"#,
            r#"{"text": "a", "id": 1e5}"#,
            r#"{"text": "a", "n": 1e400, "id": -2.5E-3}"#,
            r#"{"text": "a", "id": 18446744073709551617}"#,
            r#"{"text": "a", "id": -9223372036854775809}"#,
            r#"{"title": 7, "text": "x", "id": 0}"#,
            r#"{"text": "ünïcödé ✓ 日本語", "id": true}"#,
        ] {
            // The one with an array gives up, as it must; the others agree.
            let taken = check(line);
            assert_eq!(taken, !line.contains('['), "{line}");
        }
    }

    #[test]
    fn anything_unusual_is_left_to_serde() {
        for line in [
            r#"{"text": "a", "id": 007}"#,
            r#"{"text": "a", "id": 1e}"#,
            r#"{"text": "a", "id": 1.e3}"#,
            r#"{"te\u0078t": "a"}"#,
            r#"{"text": "\ud800"}"#,
            r#"{"text": "\udc00"}"#,
            r#"{"text": "\ud800\u0041"}"#,
            r#"{"text": "\x"}"#,
            r#"{"text": "\u12g4"}"#,
            "{\"text\": \"tab\there\"}",
            r#"{"text": "a",}"#,
            r#"{"text": "a"} x"#,
            r#"{"text": "a""#,
            r#"{"text" "a"}"#,
            r#"{"text": "a", "o": {"b": 1}}"#,
            r#"{"text": tru}"#,
            r#"[1]"#,
            r#""text""#,
            r#"{"text": -}"#,
            r#"{"text": 1.}"#,
        ] {
            assert!(!check(line), "the fast path took {line:?}");
        }
    }

    #[test]
    fn plain_runs_end_at_the_first_special_byte() {
        let specials = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        let others = [b'a', b' ', 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xe2, 0xff, 0x20];
        for len in 0..40 {
            for stop in 0..=len {
                for &special in &specials {
                    // Plain bytes, a special at `stop` (unless it is the
                    // end), then specials and plain bytes after it.
                    let mut bytes: Vec<u8> = (0..len).map(|index| others[index % others.len()]).collect();
                    if let Some(byte) = bytes.get_mut(stop) {
                        *byte = special;
                    }
                    for index in (stop + 1..len).step_by(3) {
                        bytes[index] = specials[index % specials.len()];
                    }
                    assert_eq!(plain_run(&bytes), stop, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn random_lines_agree_with_serde() {
        // Records put together from keys and values of every kind, now and
        // then with a token replaced by junk: the fast path must give up or
        // agree, whatever the mix.
        let keys = ["\"text\"", "\"title\"", "\"id\"", "\"other\"", "\"te\\u0078t\"", "\"\""];
        let values = [
            "\"a b\"",
            "\"\\n\\t\\\"\\\\\\/\"",
            "\"\\u00e9\\u0000\"",
            "\"\\ud83d\\ude00\"",
            "\"\\ud83d\"",
            "\"é ✓\"",
            "\"\"",
            "12",
            "-3",
            "0",
            "-0",
            "1.25",
            "1e3",
            "007",
            "123456789012345678901",
            "true",
            "false",
            "null",
            "[]",
            "[1, {\"a\": 2}]",
            "{}",
            "\"x",
        ];
        let junk = ["", ",", ":", "}", "{", "\\", "\"", "tru", "\u{1}", "\"\t\""];
        let spaces = ["", " ", "  ", "\t", "\r\n"];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let (mut taken, mut left) = (0, 0);
        for _ in 0..50_000 {
            let mut tokens: Vec<&str> = vec![spaces[next(spaces.len())], "{"];
            for member in 0..next(5) {
                if member > 0 {
                    tokens.push(",");
                }
                tokens.extend([spaces[next(5)], keys[next(keys.len())], spaces[next(5)], ":"]);
                tokens.extend([spaces[next(5)], values[next(values.len())], spaces[next(5)]]);
            }
            tokens.extend(["}", spaces[next(spaces.len())]]);
            if next(4) == 0 {
                let at = next(tokens.len());
                tokens[at] = junk[next(junk.len())];
            }
            if check(&tokens.concat()) {
                taken += 1;
            } else {
                left += 1;
            }
        }
        assert!(taken > 5_000 && left > 5_000, "taken {taken}, left to serde {left}");
    }
}
