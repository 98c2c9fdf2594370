//! What every tokenisation must satisfy, whatever the input: checked by the
//! fuzz target on generated inputs and by `cargo test` (fuzz/replay.rs) on
//! the corpus the fuzzer kept, so that every input it found stays a test.
//!
//! An input is a few bytes of options, then text: documents separated by
//! U+001E (record separator), decoded from UTF-8 with U+FFFD for bad bytes.

use std::num::NonZeroUsize;

use wordsift::{
    bundled_list, char_roles, CjkTokens, NormalizationForm, Segmentation, StemLanguage, Tokenizer, TokenizerOptions,
};

/// Tokenises the documents `data` encodes every way the core can and
/// panics on the first broken invariant.
pub fn check(data: &[u8]) {
    let (options, stopwords, documents) = decode(data);
    let Ok(tokenizer) = Tokenizer::new(options.clone(), stopwords.clone()) else {
        // Only contradicting options are refused, and decode makes none.
        panic!("options refused: {options:?}");
    };
    let each: Vec<Vec<String>> = documents.iter().map(|doc| tokenizer.tokenize(doc)).collect();
    for tokens in &each {
        for token in tokens {
            check_token(&tokenizer, token, stopwords.as_deref());
        }
    }
    for threads in [1, 3] {
        let threads = NonZeroUsize::new(threads).expect("non-zero");
        let batch: Vec<Vec<String>> = tokenizer
            .tokenize_batch(&documents, threads)
            .iter()
            .map(|buffer| buffer.iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(batch, each, "tokenize_batch on {threads} threads");
        let columns = tokenizer.tokenize_batch_columns(&documents, threads);
        for (doc, tokens) in each.iter().enumerate() {
            assert!(
                columns.doc(doc).eq(tokens.iter().map(String::as_str)),
                "columns of document {doc}"
            );
        }
        let counts = tokenizer.count_batch(&documents, threads);
        let total: usize = each.iter().map(Vec::len).sum();
        assert_eq!(counts.tokens(), total as u64, "count_batch on {threads} threads");
        assert_eq!(counts.documents(), documents.len());
    }
}

/// The rules a kept token obeys. Case and stopwords are checked with Rust's
/// own `str::to_lowercase`, not the core's: a check made with the function
/// under test could not catch that function's mistakes.
fn check_token(tokenizer: &Tokenizer, token: &str, stopwords: Option<&[String]>) {
    let options = tokenizer.options();
    let mut chars = token.chars();
    let first = chars.next().expect("no empty token");
    if options.stem.is_some() {
        // A stem is what Snowball makes of the kept word: its shape, length
        // and case are the stemmer's, and it may equal a stopword. That it
        // is not empty, and that every path gives it alike, still holds.
        return;
    }
    let (is_word, is_number) = match options.segment {
        Segmentation::Letters => (
            char_roles(first).starts_word && chars.clone().all(|ch| char_roles(ch).in_word),
            token.chars().all(|ch| char_roles(ch).digit),
        ),
        // A piece between word boundaries, which may hold punctuation
        // ("can't", "2,000"): a word holds a letter, a number a digit.
        Segmentation::Uax29 => (
            token.chars().any(|ch| char_roles(ch).starts_word),
            token.chars().any(|ch| char_roles(ch).digit),
        ),
    };
    assert!(
        is_word || (options.keep_numbers && is_number),
        "{token:?} is neither a word nor a kept number"
    );
    if options.cjk != CjkTokens::Words && token.chars().any(|ch| char_roles(ch).ideograph) {
        // Split out: one ideograph (two with bigrams), with marks and
        // joiners, and no other letters.
        let ideographs = token.chars().filter(|&ch| char_roles(ch).ideograph).count();
        let most = if options.cjk == CjkTokens::Bigrams { 2 } else { 1 };
        assert!(
            char_roles(first).ideograph
                && ideographs <= most
                && token
                    .chars()
                    .all(|ch| char_roles(ch).ideograph || !char_roles(ch).starts_word),
            "{token:?} holds too many ideographs or other letters"
        );
    }
    let length = token.chars().count();
    assert!(length >= options.min_len.max(1), "{token:?} shorter than min_len");
    assert!(
        options.max_len.is_none_or(|max| length <= max),
        "{token:?} longer than max_len"
    );
    if options.lowercase {
        assert_eq!(token.to_lowercase(), token, "{token:?} not lower-cased");
    }
    // A stopword as written (lower-cased unless matching is case-sensitive,
    // which leaves capitals unmatchable when tokens are lower-cased) is
    // never a token. (Entries that only normalisation makes equal are the
    // parity tests' to check.)
    let exact = options.case_sensitive;
    let key = |word: &str| if exact { word.to_owned() } else { word.to_lowercase() };
    let token_key = key(token);
    if let Some(word) = stopwords.unwrap_or_default().iter().find(|word| key(word) == token_key) {
        panic!("{token:?} is the stopword {word:?}");
    }
}

type Decoded = (TokenizerOptions, Option<Vec<String>>, Vec<String>);

fn decode(data: &[u8]) -> Decoded {
    let byte = |at: usize| data.get(at).copied().unwrap_or(0);
    let (flags, min, span) = (byte(0), usize::from(byte(1) % 4), usize::from(byte(2) % 16));
    let text = String::from_utf8_lossy(data.get(3..).unwrap_or_default()).into_owned();
    let documents: Vec<String> = text.split('\u{1e}').map(str::to_owned).collect();
    let cjk = match byte(1) >> 2 & 3 {
        1 => CjkTokens::Chars,
        2 => CjkTokens::Bigrams,
        _ => CjkTokens::Words,
    };
    let options = TokenizerOptions {
        lowercase: flags & 1 != 0,
        case_sensitive: flags & 2 != 0,
        keep_numbers: flags & 4 != 0,
        normalize: match flags >> 3 & 3 {
            0 => None,
            2 => Some(NormalizationForm::Nfkc),
            _ => Some(NormalizationForm::Nfc),
        },
        min_len: min,
        max_len: (flags & 0x80 != 0).then_some(min + span),
        cjk,
        // The cjk options apply to the default rule only.
        segment: if cjk == CjkTokens::Words && byte(1) & 0x10 != 0 {
            Segmentation::Uax29
        } else {
            Segmentation::Letters
        },
        // The stemmers take lower-case words only (validate refuses the rest).
        stem: match byte(1) >> 5 {
            _ if flags & 1 == 0 => None,
            0 => None,
            language => {
                let names = ["english", "greek", "arabic", "russian", "tamil", "turkish", "german"];
                StemLanguage::from_name(names[usize::from(language - 1)])
            }
        },
        // The web text options (strip_accents, spans) are the parity
        // tests' to check: their tokens are not words.
        ..TokenizerOptions::default()
    };
    let stopwords = match flags >> 5 & 3 {
        0 => None,
        // The first document's words: stopwords that do occur.
        2 => Some(documents[0].split_whitespace().map(str::to_owned).collect()),
        _ => Some(
            bundled_list("default")
                .expect("bundled")
                .into_iter()
                .map(str::to_owned)
                .collect(),
        ),
    };
    (options, stopwords, documents)
}
