//! Word boundaries of Unicode Standard Annex #29 (the `segment="uax29"`
//! option), rules WB1 to WB999, untailored, over the Word_Break and
//! Extended_Pictographic properties of the pinned tables.
//!
//! The rules are followed in one pass from the start of the text: what a
//! rule looks at before a position is carried along (the character before,
//! the two before once WB4 has folded extending characters into their
//! base, the run of regional indicators), and what it looks at after is
//! found when a rule needs it. The reference (`_word_segments` in
//! python/wordsift/reference.py) states the same rules position by position.

use crate::unicode::unicode_data::{tables, WordBreak};

/// The rules' groupings of the property values (UAX #29 writes them
/// AHLetter, MidNumLetQ and so on).
impl WordBreak {
    fn is_line_break(self) -> bool {
        matches!(self, WordBreak::CR | WordBreak::LF | WordBreak::Newline)
    }

    /// Extend, Format and ZWJ: WB4 folds them into the character before.
    fn is_ignored(self) -> bool {
        matches!(self, WordBreak::Extend | WordBreak::Format | WordBreak::Zwj)
    }

    /// AHLetter.
    fn is_letter(self) -> bool {
        matches!(self, WordBreak::ALetter | WordBreak::HebrewLetter)
    }

    /// (MidLetter | MidNumLetQ): may join two letters.
    fn is_mid_letter(self) -> bool {
        matches!(
            self,
            WordBreak::MidLetter | WordBreak::MidNumLet | WordBreak::SingleQuote
        )
    }

    /// (MidNum | MidNumLetQ): may join two numbers.
    fn is_mid_number(self) -> bool {
        matches!(self, WordBreak::MidNum | WordBreak::MidNumLet | WordBreak::SingleQuote)
    }
}

/// What the rules see before a position.
struct Before {
    /// The character just before, as it is (WB3 to WB4 look at it).
    raw: WordBreak,
    /// The character before once WB4 has folded Extend, Format and ZWJ into
    /// the character they follow, and the one before that (None: the start).
    seen: WordBreak,
    seen_2: Option<WordBreak>,
    /// How many regional indicators the rules see in a row, ending at `seen`.
    indicators: usize,
}

/// Calls `piece` with each piece of `text` between two word boundaries (and
/// the byte offset where it starts), in order; together they are the whole
/// text.
pub(crate) fn for_each_word_piece<'t>(text: &'t str, mut piece: impl FnMut(usize, &'t str)) {
    let t = tables();
    let mut chars = text.char_indices();
    let Some((_, first)) = chars.next() else {
        return;
    };
    let first = t.word_break(first);
    let mut before = Before {
        raw: first,
        seen: first,
        seen_2: None,
        indicators: usize::from(first == WordBreak::RegionalIndicator),
    };
    let mut start = 0;
    for (at, ch) in chars {
        let after = t.word_break(ch);
        // What the rules see after the character (WB4 skips the extending
        // ones): looked for only when a rule asks.
        let after_2 = || {
            let rest = text.get(at + ch.len_utf8()..).unwrap_or_default();
            rest.chars()
                .map(|next| t.word_break(next))
                .find(|next| !next.is_ignored())
        };
        if breaks_between(&before, after, || t.is_pictographic(ch), after_2) {
            if let Some(done) = text.get(start..at) {
                piece(start, done);
            }
            start = at;
        }
        // WB4 folds an extending character into the one before, unless
        // that is a line break; anything else is what the rules see next.
        let folded = after.is_ignored() && !before.raw.is_line_break();
        if !folded {
            before.seen_2 = Some(before.seen);
            before.seen = after;
            before.indicators = if after == WordBreak::RegionalIndicator {
                before.indicators + 1
            } else {
                0
            };
        }
        before.raw = after;
    }
    if let Some(last) = text.get(start..) {
        piece(start, last);
    }
}

/// The same rules for a text all of ASCII, where they come down to this:
/// letters, digits and underscores join; `:` joins two letters, `,` and `;`
/// two digits, `.` and `'` either. Calls `word` with each piece that holds
/// a letter or digit (the pieces of punctuation and spaces, which make no
/// token, are skipped), with the byte offset where it starts, in order.
pub(crate) fn for_each_ascii_word<'t>(text: &'t str, mut word: impl FnMut(usize, &'t str)) {
    let bytes = text.as_bytes();
    let joins = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_';
    let mut at = 0;
    while at < bytes.len() {
        let Some(start) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&byte| joins(byte)))
        else {
            return;
        };
        let start = at + start;
        let mut end = start;
        loop {
            end += bytes
                .get(end..)
                .map_or(0, |rest| rest.iter().take_while(|&&byte| joins(byte)).count());
            // A middle character joins only a letter to a letter (WB6, WB7)
            // or a digit to a digit (WB11, WB12).
            let (Some(&last), Some(&middle), Some(&next)) = (bytes.get(end - 1), bytes.get(end), bytes.get(end + 1))
            else {
                break;
            };
            let letters =
                last.is_ascii_alphabetic() && next.is_ascii_alphabetic() && matches!(middle, b':' | b'.' | b'\'');
            let digits = last.is_ascii_digit() && next.is_ascii_digit() && matches!(middle, b',' | b';' | b'.' | b'\'');
            if !(letters || digits) {
                break;
            }
            end += 1;
        }
        if bytes
            .get(start..end)
            .is_some_and(|piece| piece.iter().any(u8::is_ascii_alphanumeric))
        {
            if let Some(piece) = text.get(start..end) {
                word(start, piece);
            }
        }
        at = end;
    }
}

/// Whether there is a word boundary between what `before` describes and a
/// character of value `after`.
fn breaks_between(
    before: &Before,
    after: WordBreak,
    after_is_pictographic: impl FnOnce() -> bool,
    after_2: impl Fn() -> Option<WordBreak>,
) -> bool {
    use WordBreak::*;
    // WB5 first, for speed: most positions are inside a word, and no rule
    // before it breaks two letters apart.
    if before.seen.is_letter() && after.is_letter() {
        return false;
    }
    let raw = before.raw;
    if raw == CR && after == LF {
        return false; // WB3
    }
    if raw.is_line_break() || after.is_line_break() {
        return true; // WB3a, WB3b
    }
    if raw == Zwj && after_is_pictographic() {
        return false; // WB3c
    }
    if raw == WSegSpace && after == WSegSpace {
        return false; // WB3d
    }
    if after.is_ignored() {
        return false; // WB4
    }
    // Any rule that joins the two wins: the reference tries them in turn.
    let (seen, seen_2) = (before.seen, before.seen_2);
    let joins = (seen.is_letter() && after.is_letter()) // WB5
        || (seen.is_letter() && after.is_mid_letter() && after_2().is_some_and(WordBreak::is_letter)) // WB6
        || (seen_2.is_some_and(WordBreak::is_letter) && seen.is_mid_letter() && after.is_letter()) // WB7
        || (seen == HebrewLetter && after == SingleQuote) // WB7a
        || (seen == HebrewLetter && after == DoubleQuote && after_2() == Some(HebrewLetter)) // WB7b
        || (seen_2 == Some(HebrewLetter) && seen == DoubleQuote && after == HebrewLetter) // WB7c
        || ((seen == Numeric || seen.is_letter()) && after == Numeric) // WB8, WB9
        || (seen == Numeric && after.is_letter()) // WB10
        || (seen_2 == Some(Numeric) && seen.is_mid_number() && after == Numeric) // WB11
        || (seen == Numeric && after.is_mid_number() && after_2() == Some(Numeric)) // WB12
        || (seen == Katakana && after == Katakana) // WB13
        || ((seen.is_letter() || matches!(seen, Numeric | Katakana | ExtendNumLet)) && after == ExtendNumLet) // WB13a
        || (seen == ExtendNumLet && (after.is_letter() || matches!(after, Numeric | Katakana))) // WB13b
        // WB15, WB16: regional indicators pair up from the start of their run.
        || (seen == RegionalIndicator && after == RegionalIndicator && before.indicators % 2 == 1);
    !joins // WB999 otherwise
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        for_each_word_piece(text, |_, piece| out.push(piece));
        out
    }

    /// The ASCII path's words are the general path's pieces that hold a
    /// letter or digit: on chosen texts and on 20,000 random ones made of
    /// the characters the ASCII rules name.
    #[test]
    fn ascii_words_are_the_word_pieces() {
        let same = |text: &str| {
            let mut words = Vec::new();
            for_each_ascii_word(text, |start, word| words.push((start, word)));
            let mut expected = Vec::new();
            for_each_word_piece(text, |start, piece| {
                if piece.bytes().any(|byte| byte.is_ascii_alphanumeric()) {
                    expected.push((start, piece));
                }
            });
            assert_eq!(words, expected, "{text:?}");
        };
        same("Maduro's side: exclusive-U.S. can't 2,000 generals at 3.5% on 1.1.2020");
        same("a:b a:1 1:2 1;2 a;b 1'2 a'b _ __a_1_ x.y.z. .5 a.. 'a' \"q\" r\u{0}s\nt\r\nu\t");
        same("snake_case_ a_.b 1_,2 end.");
        let alphabet = b"aZ09_:;.,'\" -\r\n\t\x0b\x7f";
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 13) {
                // xorshift64: a fixed, reproducible sequence.
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(char::from(alphabet[(state % alphabet.len() as u64) as usize]));
            }
            same(&text);
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
        }
    }

    #[test]
    fn pieces_cover_the_text() {
        assert_eq!(pieces(""), Vec::<&str>::new());
        assert_eq!(pieces("can't stop"), ["can't", " ", "stop"]);
        assert_eq!(pieces("U.S. 2,000."), ["U.S", ".", " ", "2,000", "."]);
        assert_eq!(pieces("\r\n\n"), ["\r\n", "\n"]);
        assert_eq!(
            pieces("\u{1f1e6}\u{1f1e8}\u{1f1e6}"),
            ["\u{1f1e6}\u{1f1e8}", "\u{1f1e6}"]
        );
        assert_eq!(pieces("a\u{200d}\u{2764}b"), ["a\u{200d}\u{2764}", "b"]);
    }

    /// Every line of Unicode's WordBreakTest.txt (UCD 14.0.0).
    #[test]
    fn pieces_follow_every_line_of_word_break_test() {
        let file = include_str!("../../tests/data/unicode/WordBreakTest.txt");
        assert!(file.starts_with("# WordBreakTest-14.0.0.txt"));
        let mut lines = 0;
        for line in file.lines() {
            let marks = line.split('#').next().unwrap_or_default();
            if marks.trim().is_empty() {
                continue;
            }
            lines += 1;
            let (mut text, mut expected, mut piece) = (String::new(), Vec::new(), String::new());
            for mark in marks.split_whitespace() {
                match mark {
                    "\u{f7}" if !piece.is_empty() => expected.push(std::mem::take(&mut piece)),
                    "\u{f7}" | "\u{d7}" => {}
                    code => {
                        let ch = char::from_u32(u32::from_str_radix(code, 16).unwrap()).unwrap();
                        text.push(ch);
                        piece.push(ch);
                    }
                }
            }
            assert_eq!(pieces(&text), expected, "{line}");
        }
        assert_eq!(lines, 1823);
    }
}
