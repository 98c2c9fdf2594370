//! The tokeniser's options, each defined once: the defaults, the names the
//! Python API gives their values, and the rules between them.
//!
//! The binding and any command line map their arguments onto these
//! definitions rather than spelling names or rules of their own. The names
//! of the stemming languages are data of the stemmers (`stem.rs`), with the
//! same `from_name`, `name` and `names`.

use crate::error::Error;
use crate::stem::StemLanguage;
use crate::unicode::accents::StripAccents;
use crate::unicode::normalize::NormalizationForm;

/// Everything that decides a tokenisation besides the stopwords.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenizerOptions {
    /// Lower-case the text before splitting.
    pub lowercase: bool,
    /// Match stopwords exactly; otherwise tokens are lower-cased for the match.
    pub case_sensitive: bool,
    /// Emit runs of decimal digits as tokens (they always end a word).
    pub keep_numbers: bool,
    /// Shortest token kept, in code points.
    pub min_len: usize,
    /// Longest token kept, in code points.
    pub max_len: Option<usize>,
    /// Normalisation applied before anything else.
    pub normalize: Option<NormalizationForm>,
    /// What a run of Han ideographs and kana makes.
    pub cjk: CjkTokens,
    /// The Snowball stemmer each kept token goes through, if any (after
    /// the stopwords and length limits, which see the word as written).
    pub stem: Option<StemLanguage>,
    /// Where words are cut.
    pub segment: Segmentation,
    /// Which accents are removed, after normalisation and before anything
    /// else.
    pub strip_accents: Option<StripAccents>,
    /// The spans of web text that are tokens of their own, or none.
    pub spans: SpanOptions,
    /// Read the text as HTML first: markup separates words, the content of
    /// `script`, `style` and `template` goes, references are decoded.
    pub html: bool,
}

/// What a URL, an e-mail address, a mention or a hashtag makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SpanFate {
    /// One token, as written.
    Keep,
    /// No token.
    Drop,
}

/// The kinds of span found in web text, each off (`None`: split by the
/// word rules, as any text) unless asked for. The README's "Web text"
/// defines each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SpanOptions {
    pub urls: Option<SpanFate>,
    pub emails: Option<SpanFate>,
    pub mentions: Option<SpanFate>,
    pub hashtags: Option<SpanFate>,
    /// Each emoji (with its modifiers, joined sequences and flags) one token.
    pub emoji: bool,
}

impl SpanOptions {
    /// Whether any kind of span is looked for.
    pub fn any(&self) -> bool {
        *self != SpanOptions::default()
    }
}

/// Where a text is cut into words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Segmentation {
    /// wordsift's rule: a word is a letter followed by letters, marks and
    /// format characters; anything else separates words.
    #[default]
    Letters,
    /// The word boundaries of Unicode Standard Annex #29 (untailored): a
    /// piece between two boundaries is a word if it holds a letter, a
    /// number if it holds a decimal digit and no letter. Keeps `can't`,
    /// `u.s`, `a_b`, `covid19` and `2,000` whole.
    Uax29,
}

/// What a run of Han ideographs and kana (Chinese and Japanese, written
/// without spaces between words) makes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum CjkTokens {
    /// Part of a word like any other letters: a sentence is one token.
    #[default]
    Words,
    /// One token per character (with the marks that follow it).
    Chars,
    /// Each two neighbouring characters of a run as one token, overlapping
    /// (the way search engines index Chinese and Japanese); a character
    /// alone in its run is a token by itself.
    Bigrams,
}

impl TokenizerOptions {
    /// Refuses option values that contradict each other, with the
    /// reference's message for the first rule broken, in its order.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(max_len) = self.max_len {
            if self.min_len > max_len {
                return Err(Error::InvalidOption(format!(
                    "min_len ({}) must not exceed max_len ({max_len})",
                    self.min_len
                )));
            }
        }
        if self.stem.is_some() && !self.lowercase {
            // Snowball's algorithms use upper-case letters as markers (French
            // deletes an H), so other input stems differently in each port.
            return Err(Error::InvalidOption(
                "stem needs lowercase=True: the Snowball stemmers are defined on lower-case words".to_owned(),
            ));
        }
        if self.segment == Segmentation::Uax29 && self.cjk != CjkTokens::Words {
            return Err(Error::InvalidOption(
                "cjk applies to the default rule only: with segment='uax29' each Han ideograph \
                 and hiragana letter is a word of its own already"
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

impl Default for TokenizerOptions {
    fn default() -> Self {
        TokenizerOptions {
            lowercase: true,
            case_sensitive: false,
            keep_numbers: false,
            min_len: 1,
            max_len: None,
            normalize: Some(NormalizationForm::Nfc),
            cjk: CjkTokens::Words,
            stem: None,
            segment: Segmentation::Letters,
            strip_accents: None,
            spans: SpanOptions::default(),
            html: false,
        }
    }
}

// The names below are the Python API's, matched exactly (case included),
// as the reference compares them. The value an option's None stands for
// has no name: `name` gives None for it and `from_name` never gives it.

impl Segmentation {
    const ALL: [Segmentation; 2] = [Segmentation::Letters, Segmentation::Uax29];

    /// The value's name, or None for `Letters` (Python's None).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Segmentation::Letters => None,
            Segmentation::Uax29 => Some("uax29"),
        }
    }

    /// The value named `name` ("uax29").
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|value| value.name() == Some(name))
    }

    /// Every name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().filter_map(Self::name)
    }
}

impl CjkTokens {
    const ALL: [CjkTokens; 3] = [CjkTokens::Words, CjkTokens::Chars, CjkTokens::Bigrams];

    /// The value's name, or None for `Words` (Python's None).
    pub fn name(self) -> Option<&'static str> {
        match self {
            CjkTokens::Words => None,
            CjkTokens::Chars => Some("chars"),
            CjkTokens::Bigrams => Some("bigrams"),
        }
    }

    /// The value named `name` ("chars", "bigrams").
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|value| value.name() == Some(name))
    }

    /// Every name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().filter_map(Self::name)
    }
}

impl StripAccents {
    const ALL: [StripAccents; 2] = [StripAccents::Unicode, StripAccents::Ascii];

    pub fn name(self) -> &'static str {
        match self {
            StripAccents::Unicode => "unicode",
            StripAccents::Ascii => "ascii",
        }
    }

    /// The value named `name` ("unicode", "ascii").
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|value| value.name() == name)
    }

    /// Every name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().map(Self::name)
    }
}

impl SpanFate {
    const ALL: [SpanFate; 2] = [SpanFate::Keep, SpanFate::Drop];

    pub fn name(self) -> &'static str {
        match self {
            SpanFate::Keep => "keep",
            SpanFate::Drop => "drop",
        }
    }

    /// The value named `name` ("keep", "drop").
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|value| value.name() == name)
    }

    /// Every name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().map(Self::name)
    }
}

impl NormalizationForm {
    const ALL: [NormalizationForm; 2] = [NormalizationForm::Nfc, NormalizationForm::Nfkc];

    /// The form's name (no normalisation is `Option::None`, Python's None).
    pub fn name(self) -> &'static str {
        match self {
            NormalizationForm::Nfc => "NFC",
            NormalizationForm::Nfkc => "NFKC",
        }
    }

    /// The form named `name` ("NFC", "NFKC"; "nfc" is no name).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|form| form.name() == name)
    }

    /// Every name, in order.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.into_iter().map(Self::name)
    }
}

/// The one name `emoji` takes (None leaves emoji separators).
const EMOJI_KEPT: &str = "keep";

/// How an option's value is given in the API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// True or False.
    Flag,
    /// A whole number >= 0.
    Count,
    /// A whole number >= 0, or None for no limit.
    Limit,
    /// One of the option's names, or None.
    Name,
}

/// An option's value in the API's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionValue<'a> {
    Flag(bool),
    Count(usize),
    Limit(Option<usize>),
    Name(Option<&'a str>),
}

/// Every option of `TokenizerOptions` by its API name, with its kind, in
/// the order the reference checks them (a call with several bad values
/// reports the first of them).
pub const OPTIONS: [(&str, OptionKind); 16] = [
    ("lowercase", OptionKind::Flag),
    ("case_sensitive", OptionKind::Flag),
    ("keep_numbers", OptionKind::Flag),
    ("min_len", OptionKind::Count),
    ("max_len", OptionKind::Limit),
    ("normalize", OptionKind::Name),
    ("cjk", OptionKind::Name),
    ("segment", OptionKind::Name),
    ("stem", OptionKind::Name),
    ("strip_accents", OptionKind::Name),
    ("urls", OptionKind::Name),
    ("emails", OptionKind::Name),
    ("mentions", OptionKind::Name),
    ("hashtags", OptionKind::Name),
    ("emoji", OptionKind::Name),
    ("html", OptionKind::Flag),
];

/// The same options in the order the API lists them: the keywords of
/// `Tokenizer(...)`, its repr and what its pickles hold.
// Used by the binding only: a Rust-only build has no use for it.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub const LISTED_ORDER: [&str; 16] = [
    "lowercase",
    "case_sensitive",
    "keep_numbers",
    "min_len",
    "max_len",
    "normalize",
    "cjk",
    "stem",
    "segment",
    "strip_accents",
    "urls",
    "emails",
    "mentions",
    "hashtags",
    "emoji",
    "html",
];

impl TokenizerOptions {
    /// The value of the option the API calls `name` (None: no such option).
    pub fn get(&self, name: &str) -> Option<OptionValue<'static>> {
        Some(match name {
            "lowercase" => OptionValue::Flag(self.lowercase),
            "case_sensitive" => OptionValue::Flag(self.case_sensitive),
            "keep_numbers" => OptionValue::Flag(self.keep_numbers),
            "html" => OptionValue::Flag(self.html),
            "min_len" => OptionValue::Count(self.min_len),
            "max_len" => OptionValue::Limit(self.max_len),
            "normalize" => OptionValue::Name(self.normalize.map(NormalizationForm::name)),
            "cjk" => OptionValue::Name(self.cjk.name()),
            "stem" => OptionValue::Name(self.stem.map(StemLanguage::name)),
            "segment" => OptionValue::Name(self.segment.name()),
            "strip_accents" => OptionValue::Name(self.strip_accents.map(StripAccents::name)),
            "urls" => OptionValue::Name(self.spans.urls.map(SpanFate::name)),
            "emails" => OptionValue::Name(self.spans.emails.map(SpanFate::name)),
            "mentions" => OptionValue::Name(self.spans.mentions.map(SpanFate::name)),
            "hashtags" => OptionValue::Name(self.spans.hashtags.map(SpanFate::name)),
            "emoji" => OptionValue::Name(self.spans.emoji.then_some(EMOJI_KEPT)),
            _ => return None,
        })
    }

    /// Sets the option the API calls `name`. Err holds what the option
    /// takes (as `expected` says) when `value` is not one of them.
    pub fn set(&mut self, name: &str, value: OptionValue<'_>) -> Result<(), String> {
        let unnamed = || Self::expected(name);
        match (name, value) {
            ("lowercase", OptionValue::Flag(flag)) => self.lowercase = flag,
            ("case_sensitive", OptionValue::Flag(flag)) => self.case_sensitive = flag,
            ("keep_numbers", OptionValue::Flag(flag)) => self.keep_numbers = flag,
            ("html", OptionValue::Flag(flag)) => self.html = flag,
            ("min_len", OptionValue::Count(count)) => self.min_len = count,
            ("max_len", OptionValue::Limit(limit)) => self.max_len = limit,
            ("normalize", OptionValue::Name(form)) => {
                self.normalize = form
                    .map(|form| NormalizationForm::from_name(form).ok_or_else(unnamed))
                    .transpose()?;
            }
            ("cjk", OptionValue::Name(cjk)) => {
                self.cjk = cjk.map_or(Ok(CjkTokens::default()), |cjk| {
                    CjkTokens::from_name(cjk).ok_or_else(unnamed)
                })?;
            }
            ("stem", OptionValue::Name(language)) => {
                self.stem = language
                    .map(|language| StemLanguage::from_name(language).ok_or_else(unnamed))
                    .transpose()?;
            }
            ("segment", OptionValue::Name(segment)) => {
                self.segment = segment.map_or(Ok(Segmentation::default()), |segment| {
                    Segmentation::from_name(segment).ok_or_else(unnamed)
                })?;
            }
            ("strip_accents", OptionValue::Name(strip)) => {
                self.strip_accents = strip
                    .map(|strip| StripAccents::from_name(strip).ok_or_else(unnamed))
                    .transpose()?;
            }
            ("urls" | "emails" | "mentions" | "hashtags", OptionValue::Name(fate)) => {
                let fate = fate
                    .map(|fate| SpanFate::from_name(fate).ok_or_else(unnamed))
                    .transpose()?;
                let spans = &mut self.spans;
                *match name {
                    "urls" => &mut spans.urls,
                    "emails" => &mut spans.emails,
                    "mentions" => &mut spans.mentions,
                    _ => &mut spans.hashtags,
                } = fate;
            }
            ("emoji", OptionValue::Name(kept)) => {
                self.spans.emoji = match kept {
                    None => false,
                    Some(EMOJI_KEPT) => true,
                    Some(_) => return Err(unnamed()),
                };
            }
            _ => return Err(unnamed()),
        }
        Ok(())
    }

    /// What the option the API calls `name` takes, as messages say it
    /// ("normalize must be {expected}, got ...").
    pub fn expected(name: &str) -> String {
        let one_of = |names: Vec<&str>| {
            let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
            format!("{} or None", quoted.join(", "))
        };
        match OPTIONS
            .iter()
            .find(|(option, _)| *option == name)
            .map(|&(_, kind)| kind)
        {
            Some(OptionKind::Flag) => "bool".to_owned(),
            Some(OptionKind::Count) => "an int >= 0".to_owned(),
            Some(OptionKind::Limit) => "an int >= 0 or None".to_owned(),
            Some(OptionKind::Name) => match name {
                "normalize" => one_of(NormalizationForm::names().collect()),
                "cjk" => one_of(CjkTokens::names().collect()),
                "segment" => one_of(Segmentation::names().collect()),
                "strip_accents" => one_of(StripAccents::names().collect()),
                "urls" | "emails" | "mentions" | "hashtags" => one_of(SpanFate::names().collect()),
                "emoji" => one_of(vec![EMOJI_KEPT]),
                "stem" => {
                    let names: Vec<&str> = StemLanguage::names().collect();
                    format!(
                        "None or a language with a Snowball stemmer ({}, or its ISO 639-1 code)",
                        names.join(", ")
                    )
                }
                _ => "a name".to_owned(),
            },
            None => "no option".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_python_apis() {
        assert_eq!(Segmentation::names().collect::<Vec<_>>(), ["uax29"]);
        assert_eq!(CjkTokens::names().collect::<Vec<_>>(), ["chars", "bigrams"]);
        assert_eq!(NormalizationForm::names().collect::<Vec<_>>(), ["NFC", "NFKC"]);
        assert_eq!(Segmentation::from_name("uax29"), Some(Segmentation::Uax29));
        assert_eq!(CjkTokens::from_name("chars"), Some(CjkTokens::Chars));
        assert_eq!(CjkTokens::from_name("bigrams"), Some(CjkTokens::Bigrams));
        assert_eq!(NormalizationForm::from_name("NFC"), Some(NormalizationForm::Nfc));
        assert_eq!(NormalizationForm::from_name("NFKC"), Some(NormalizationForm::Nfkc));
        assert_eq!(Segmentation::Letters.name(), None);
        assert_eq!(CjkTokens::Words.name(), None);
    }

    #[test]
    fn every_value_round_trips_through_its_name() {
        for value in Segmentation::ALL {
            match value.name() {
                Some(name) => assert_eq!(Segmentation::from_name(name), Some(value)),
                None => assert_eq!(value, Segmentation::default()),
            }
        }
        for value in CjkTokens::ALL {
            match value.name() {
                Some(name) => assert_eq!(CjkTokens::from_name(name), Some(value)),
                None => assert_eq!(value, CjkTokens::default()),
            }
        }
        for form in NormalizationForm::ALL {
            assert_eq!(NormalizationForm::from_name(form.name()), Some(form));
        }
        for name in StemLanguage::names() {
            assert_eq!(StemLanguage::from_name(name).map(StemLanguage::name), Some(name));
        }
    }

    #[test]
    fn names_match_exactly() {
        for name in ["", "None", "none", "Uax29", "UAX29", "uax29 ", "letters", "words"] {
            assert_eq!(Segmentation::from_name(name), None, "{name:?}");
            assert_eq!(CjkTokens::from_name(name), None, "{name:?}");
        }
        for name in ["Chars", "CHARS", "char", "bigram"] {
            assert_eq!(CjkTokens::from_name(name), None, "{name:?}");
        }
        for name in ["nfc", "Nfc", "nfkc", "NFD", "NFKD", "NFC ", ""] {
            assert_eq!(NormalizationForm::from_name(name), None, "{name:?}");
        }
    }

    fn refusal(options: TokenizerOptions) -> Option<String> {
        options.validate().err().map(|error| error.to_string())
    }

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(refusal(TokenizerOptions::default()), None);
    }

    #[test]
    fn contradicting_options_are_refused_with_the_references_messages() {
        let defaults = TokenizerOptions::default();
        let lengths = TokenizerOptions {
            min_len: 4,
            max_len: Some(3),
            ..defaults.clone()
        };
        let lengths_message = "min_len (4) must not exceed max_len (3)";
        assert_eq!(refusal(lengths.clone()).as_deref(), Some(lengths_message));
        let equal = TokenizerOptions {
            max_len: Some(4),
            ..lengths.clone()
        };
        assert_eq!(refusal(equal), None);
        let no_maximum = TokenizerOptions {
            max_len: None,
            ..lengths.clone()
        };
        assert_eq!(refusal(no_maximum), None);

        let english = StemLanguage::from_name("english");
        let stem_as_written = TokenizerOptions {
            stem: english,
            lowercase: false,
            ..defaults.clone()
        };
        let stem_message = "stem needs lowercase=True: the Snowball stemmers are defined on lower-case words";
        assert_eq!(refusal(stem_as_written.clone()).as_deref(), Some(stem_message));
        let stem_lowered = TokenizerOptions {
            stem: english,
            ..defaults.clone()
        };
        assert_eq!(refusal(stem_lowered), None);
        let as_written = TokenizerOptions {
            lowercase: false,
            ..defaults.clone()
        };
        assert_eq!(refusal(as_written), None);

        let cjk_message = "cjk applies to the default rule only: with segment='uax29' each Han ideograph \
                           and hiragana letter is a word of its own already";
        for cjk in [CjkTokens::Chars, CjkTokens::Bigrams] {
            let uax29 = TokenizerOptions {
                segment: Segmentation::Uax29,
                cjk,
                ..defaults.clone()
            };
            assert_eq!(refusal(uax29).as_deref(), Some(cjk_message), "{cjk:?}");
            let letters = TokenizerOptions {
                cjk,
                ..defaults.clone()
            };
            assert_eq!(refusal(letters), None, "{cjk:?}");
        }
        let uax29 = TokenizerOptions {
            segment: Segmentation::Uax29,
            ..defaults.clone()
        };
        assert_eq!(refusal(uax29), None);

        // Several rules broken: the reference's order decides the message.
        let all = TokenizerOptions {
            segment: Segmentation::Uax29,
            cjk: CjkTokens::Chars,
            ..stem_as_written.clone()
        };
        assert_eq!(refusal(all.clone()).as_deref(), Some(stem_message));
        let all = TokenizerOptions {
            min_len: 4,
            max_len: Some(3),
            ..all
        };
        assert_eq!(refusal(all).as_deref(), Some(lengths_message));
    }

    #[test]
    fn every_option_reads_back_what_is_set() {
        let defaults = TokenizerOptions::default();
        let mut sorted: Vec<&str> = OPTIONS.iter().map(|&(name, _)| name).collect();
        let mut listed = LISTED_ORDER.to_vec();
        sorted.sort_unstable();
        listed.sort_unstable();
        assert_eq!(sorted, listed, "the two orders hold the same options");
        for (name, kind) in OPTIONS {
            let value = defaults.get(name).unwrap();
            let mut options = defaults.clone();
            options.set(name, value).unwrap();
            assert_eq!(options, defaults, "{name}");
            let other = match (kind, value) {
                (OptionKind::Flag, OptionValue::Flag(flag)) => OptionValue::Flag(!flag),
                (OptionKind::Count, _) => OptionValue::Count(3),
                (OptionKind::Limit, _) => OptionValue::Limit(Some(7)),
                (OptionKind::Name, _) => OptionValue::Name(match name {
                    "normalize" => Some("NFKC"),
                    "cjk" => Some("bigrams"),
                    "segment" => Some("uax29"),
                    "stem" => Some("german"),
                    "strip_accents" => Some("ascii"),
                    "urls" | "emails" | "mentions" | "hashtags" => Some("drop"),
                    "emoji" => Some("keep"),
                    _ => unreachable!("{name}"),
                }),
                _ => unreachable!("{name}: a default of another kind"),
            };
            options.set(name, other).unwrap();
            assert_ne!(options, defaults, "{name}");
            assert_eq!(options.get(name), Some(other), "{name}");
        }
        let mut options = defaults.clone();
        options.set("normalize", OptionValue::Name(None)).unwrap();
        assert_eq!(options.normalize, None);
        options.set("cjk", OptionValue::Name(None)).unwrap();
        assert_eq!(options.cjk, CjkTokens::Words);
        assert_eq!(options.get("no_such_option"), None);
    }

    #[test]
    fn unknown_names_and_kinds_say_what_the_option_takes() {
        let mut options = TokenizerOptions::default();
        assert_eq!(
            options.set("normalize", OptionValue::Name(Some("nfc"))),
            Err("'NFC', 'NFKC' or None".to_owned())
        );
        assert_eq!(
            options.set("cjk", OptionValue::Name(Some("words"))),
            Err("'chars', 'bigrams' or None".to_owned())
        );
        assert_eq!(
            options.set("segment", OptionValue::Name(Some("x"))),
            Err("'uax29' or None".to_owned())
        );
        assert!(options
            .set("stem", OptionValue::Name(Some("klingon")))
            .unwrap_err()
            .contains("english"));
        assert_eq!(
            options.set("strip_accents", OptionValue::Name(Some("NFD"))),
            Err("'unicode', 'ascii' or None".to_owned())
        );
        for name in ["urls", "emails", "mentions", "hashtags"] {
            assert_eq!(
                options.set(name, OptionValue::Name(Some("Keep"))),
                Err("'keep', 'drop' or None".to_owned())
            );
        }
        assert_eq!(
            options.set("emoji", OptionValue::Name(Some("drop"))),
            Err("'keep' or None".to_owned())
        );
        assert!(options.set("lowercase", OptionValue::Count(1)).is_err());
        assert_eq!(options, TokenizerOptions::default());
    }
}
