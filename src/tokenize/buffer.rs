//! `TokenBuffer`: the tokens of one text in one string, with where each
//! ends.

/// The tokens of one text, stored in one buffer: no allocation per token.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenBuffer {
    text: String,
    ends: Vec<usize>,
}

impl TokenBuffer {
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty buffer with room for `tokens` tokens of `bytes` in all.
    pub fn with_capacity(bytes: usize, tokens: usize) -> Self {
        TokenBuffer {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(tokens),
        }
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn push(&mut self, token: &str) {
        self.text.push_str(token);
        self.ends.push(self.text.len());
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        spans(&self.ends).map(|span| &self.text[span])
    }
}

/// The ranges that consecutive end offsets delimit, the first starting at 0.
pub(crate) fn spans(ends: &[usize]) -> impl ExactSizeIterator<Item = std::ops::Range<usize>> + '_ {
    (0..ends.len()).map(|index| {
        let start = index
            .checked_sub(1)
            .and_then(|before| ends.get(before))
            .copied()
            .unwrap_or(0);
        start..ends.get(index).copied().unwrap_or(start)
    })
}
