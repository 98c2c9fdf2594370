//! What the tokenising threads make of a chunk of input (`split::Chunk`), or
//! of a batch of small documents read whole: token columns, bytes rendered
//! in an output format (seed files written straight into their staging
//! directory), term and document frequencies, or the rows of a matrix.

use std::sync::Arc;

use crate::corpus::chunk::{Chunk, ChunkKind, SplitSettings};
use crate::corpus::directory::Staging;
use crate::corpus::input::{DocumentRef, ReadError, ReadSettings, Skipped, Source};
use crate::corpus::offsets::DocumentSpans;
use crate::corpus::output::{gzip_member, WriteError};
use crate::corpus::parse::parse_chunk;
use crate::corpus::render::{render_tokenized, OutputFormat, Part};
use crate::output::columns::{OffsetUnit, TokenColumns};
use crate::output::counts::TokenCounts;
use crate::stable::split_at_ends;
use crate::tokenize::Tokenizer;
use crate::vectorize::{chunk_counts, chunk_rows, ChunkRows, Columns, Edges, NgramRange};

/// What the tokenising threads make of each chunk.
#[derive(Clone, Debug)]
pub enum Made {
    /// Token columns, with each document's id and title (and with `offsets`
    /// each token's span, in code points of its document's body).
    Columns { offsets: bool },
    /// The documents rendered in an output format, so that the thread that
    /// writes only copies bytes (gzip members of them when `compress`, for
    /// the one-stream formats). Seed files of whole documents are written by
    /// the tokenising threads themselves into `staging`, when given: the
    /// writer then only checks their ids in input order
    /// (`SeedDirectory::record_staged`). With `offsets`, JSON Lines records
    /// say where each token came from (`render::render_tokenized`).
    Rendered {
        format: OutputFormat,
        compress: bool,
        staging: Option<Arc<Staging>>,
        offsets: bool,
    },
    /// Term and document frequencies of the word n-grams in `ngrams`
    /// (`titles`: of the titles' tokens too).
    Counts { titles: bool, ngrams: NgramRange },
    /// Rows of a matrix: each document's n-grams mapped to `columns`.
    Rows { columns: Arc<Columns>, ngrams: NgramRange },
}

impl Made {
    /// Whether a document too large for a chunk may come in pieces: the
    /// writers and the counts can take it so; columns hold whole documents,
    /// and so does a writer of offsets, which follow all of a document's
    /// tokens. A document held whole is refused over `max_document_bytes`.
    pub fn takes_pieces(&self) -> bool {
        !matches!(self, Made::Columns { .. } | Made::Rendered { offsets: true, .. })
    }
}

/// A document's id and title, as read, and where it was read: its source's
/// label and its line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    pub id: String,
    pub title: String,
    pub source: Arc<str>,
    pub line: Option<u64>,
}

/// The documents of one chunk of input, tokenised.
#[derive(Debug, Default)]
pub struct TokenizedChunk {
    /// Whole documents, or a piece of one (`split::ChunkKind`).
    pub kind: ChunkKind,
    /// The chunk's documents: with `Made::Columns` (then `tokens.doc(i)` are
    /// the tokens of `documents[i]`), and for seed files, whose file names
    /// they give (their titles are then in the rendered bytes, not here).
    pub documents: Vec<DocumentInfo>,
    pub tokens: TokenColumns,
    /// How many documents and kept tokens the chunk holds, however it holds
    /// them (a document in pieces counts at its last piece).
    pub document_count: u64,
    pub token_count: u64,
    /// The bytes of input the chunk came from.
    pub input_bytes: u64,
    /// Bytes read from the run's files when the chunk was cut (compressed
    /// ones for gzip), for progress against the files' sizes.
    pub position: u64,
    /// Documents of the chunk left out under `BadInput::Skip`.
    pub skipped: Vec<Skipped>,
    /// With `Made::Rendered`.
    pub rendered: Option<RenderedChunk>,
    /// With `Made::Counts` (and then `tokens` is empty).
    pub counts: Option<TokenCounts>,
    /// With `Made::Counts` of n-grams: the first and last tokens of a piece,
    /// for the n-grams that span its cuts.
    pub edges: Edges,
    /// With `Made::Rows`.
    pub rows: Option<ChunkRows>,
}

/// The chunk's documents rendered in an output format.
#[derive(Debug, Default)]
pub struct RenderedChunk {
    pub bytes: Vec<u8>,
    /// `bytes` is a gzip member.
    pub compressed: bool,
    /// Seed files: where each document's file contents end in `bytes`
    /// (empty when the tokenising threads wrote the files: `staged`).
    pub ends: Vec<usize>,
    /// Seed files written by the tokenising threads into the staging
    /// directory: these of the chunk's documents (all, or those before the
    /// write that failed, `staging_error`).
    pub staged: usize,
    pub staging_error: Option<WriteError>,
    /// The kept tokens rendered (for a piece: whether a separator goes
    /// before it).
    pub tokens: usize,
}

/// What a chunk's documents are being made into.
enum Making<'a> {
    Rendered {
        format: OutputFormat,
        rendered: RenderedChunk,
        documents: Vec<DocumentInfo>,
        staging: Option<&'a Staging>,
        /// With offsets: the spans of the document being rendered.
        spans: Option<DocumentSpans>,
    },
    Counts(TokenCounts, bool),
    Columns(Vec<DocumentInfo>, TokenColumns),
    /// The documents' texts, kept for n-gram counts or rows, which are made
    /// of a chunk's documents together.
    Texts(DocumentTexts),
}

/// The texts of a chunk's documents, back to back.
#[derive(Default)]
struct DocumentTexts {
    titles: bool,
    bytes: String,
    ends: Vec<usize>,
}

impl DocumentTexts {
    fn push(&mut self, document: DocumentRef<'_>, first_part: bool) {
        if self.titles && first_part {
            // As Tokenizer.count counts title + "\n" + body: n-grams run on
            // from the title into the body.
            self.bytes.push_str(document.title);
            self.bytes.push('\n');
        }
        self.bytes.push_str(document.body);
        self.ends.push(self.bytes.len());
    }

    fn texts(&self) -> Vec<&str> {
        split_at_ends(&self.bytes, &self.ends)
    }
}

impl Making<'_> {
    /// Tokenises one document (or piece, `part`) into what is being made.
    fn take(&mut self, tokenizer: &Tokenizer, document: DocumentRef<'_>, source: &Arc<str>, part: Part, whole: bool) {
        let info = |title: &str| DocumentInfo {
            id: document.id.to_owned(),
            title: title.to_owned(),
            source: Arc::clone(source),
            line: document.line,
        };
        match self {
            Making::Rendered {
                format,
                rendered,
                documents,
                staging,
                spans,
            } => {
                let start = rendered.bytes.len();
                let spans = spans.as_mut();
                rendered.tokens += render_tokenized(*format, tokenizer, document, part, spans, &mut rendered.bytes);
                if *format != OutputFormat::SeedFiles || !part.first {
                    return;
                }
                // The file's name; its title is in the bytes.
                documents.push(info(""));
                match staging.filter(|_| whole) {
                    Some(staging) => {
                        if rendered.staging_error.is_none() {
                            let contents = rendered.bytes.get(start..).unwrap_or_default();
                            match staging.write_new(document.id, contents) {
                                Ok(()) => rendered.staged += 1,
                                Err(error) => rendered.staging_error = Some(error),
                            }
                        }
                        rendered.bytes.truncate(start);
                    }
                    None => rendered.ends.push(rendered.bytes.len()),
                }
            }
            Making::Counts(counts, titles) => {
                let title = if *titles && part.first { document.title } else { "" };
                tokenizer.count_document_into(&[title, document.body], counts);
            }
            Making::Columns(documents, tokens) => {
                tokenizer.extend_columns(&[document.body], tokens);
                documents.push(info(document.title));
            }
            Making::Texts(texts) => texts.push(document, part.first),
        }
    }
}

/// Tokenises the chunks of `items` (one chunk, or a batch of whole small
/// documents: `(source index, chunk)` each) into one `TokenizedChunk`.
pub fn make_chunk(
    tokenizer: &Tokenizer,
    sources: &[Source],
    labels: &[Arc<str>],
    read: &ReadSettings,
    split: SplitSettings,
    made: &Made,
    items: Vec<(usize, Chunk)>,
) -> Result<TokenizedChunk, ReadError> {
    let input_bytes: usize = items.iter().map(|(_, chunk)| chunk.bytes.len()).sum();
    let mut making = match made {
        &Made::Counts { titles, ngrams } if ngrams == NgramRange::UNIGRAMS => {
            Making::Counts(TokenCounts::default(), titles)
        }
        &Made::Counts { titles, .. } => Making::Texts(DocumentTexts {
            titles,
            bytes: String::with_capacity(input_bytes),
            ends: Vec::new(),
        }),
        Made::Rows { .. } => Making::Texts(DocumentTexts {
            titles: false,
            bytes: String::with_capacity(input_bytes),
            ends: Vec::new(),
        }),
        Made::Rendered {
            format,
            staging,
            offsets,
            ..
        } => Making::Rendered {
            format: *format,
            rendered: RenderedChunk {
                bytes: Vec::with_capacity(input_bytes + input_bytes / 4),
                ..RenderedChunk::default()
            },
            documents: Vec::new(),
            staging: staging.as_deref(),
            spans: offsets.then(DocumentSpans::default),
        },
        &Made::Columns { offsets } => {
            // Tokens rarely add up to more bytes than their texts: room for
            // that many spares the copies of growing buffers.
            let mut tokens = if offsets {
                TokenColumns::with_spans(OffsetUnit::CodePoints)
            } else {
                TokenColumns::default()
            };
            tokens.reserve(input_bytes, 0);
            Making::Columns(Vec::new(), tokens)
        }
    };
    let mut chunk = TokenizedChunk {
        input_bytes: input_bytes as u64,
        ..TokenizedChunk::default()
    };
    for (source_index, item) in items {
        let (Some(source), Some(label)) = (sources.get(source_index), labels.get(source_index)) else {
            continue;
        };
        chunk.kind = item.kind;
        chunk.position = item.position;
        let part = match item.kind {
            ChunkKind::Piece { first, last } => Part { first, last },
            _ => Part::WHOLE,
        };
        let whole = item.kind == ChunkKind::Documents;
        let mut documents = 0;
        // Each document is tokenised as soon as it is parsed, while its
        // text is still in the cache, straight from the parser's reused
        // buffers.
        parse_chunk(
            source,
            read,
            split,
            item,
            &mut |document| {
                documents += 1;
                making.take(tokenizer, document, label, part, whole);
            },
            &mut |skip| chunk.skipped.push(skip),
        )?;
        // A piece is counted as a document at the end of the document.
        if whole {
            chunk.document_count += documents;
        }
    }
    match making {
        Making::Rendered {
            format,
            mut rendered,
            documents,
            ..
        } => {
            chunk.token_count = rendered.tokens as u64;
            chunk.documents = documents;
            if let Made::Rendered { compress: true, .. } = made {
                if format != OutputFormat::SeedFiles && !rendered.bytes.is_empty() {
                    rendered.bytes = gzip_member(&rendered.bytes);
                    rendered.compressed = true;
                }
            }
            chunk.rendered = Some(rendered);
        }
        Making::Counts(counts, _) => {
            chunk.token_count = counts.tokens();
            chunk.counts = Some(counts);
        }
        Making::Columns(documents, tokens) => {
            chunk.token_count = tokens.token_count() as u64;
            chunk.documents = documents;
            chunk.tokens = tokens;
        }
        Making::Texts(texts) => match made {
            Made::Rows { columns, ngrams } => {
                let rows = chunk_rows(tokenizer, &texts.texts(), *ngrams, columns);
                chunk.token_count = rows.tokens as u64;
                chunk.rows = Some(rows);
            }
            &Made::Counts { ngrams, .. } => {
                let (counts, edges, tokens) = chunk_counts(tokenizer, &texts.texts(), ngrams);
                chunk.token_count = tokens as u64;
                chunk.counts = Some(counts);
                chunk.edges = edges;
            }
            _ => {}
        },
    }
    Ok(chunk)
}
