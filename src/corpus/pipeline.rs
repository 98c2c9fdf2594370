//! Tokenising whole corpora: one thread reads, several parse and tokenise,
//! the calling thread takes the results in input order, with a bounded
//! number of chunks in flight so that memory does not grow with the corpus.

use std::num::NonZeroUsize;
use std::sync::Arc;

use crate::corpus::chunk::{Chunk, ChunkKind, SplitSettings};
use crate::corpus::input::{ReadError, ReadSettings, Skipped, Source};
use crate::corpus::made::{make_chunk, Made, TokenizedChunk};
use crate::corpus::split::split_source;
use crate::parallel::stream_in_order;
use crate::tokenize::Tokenizer;

/// A small document read whole is handed to a tokenising thread with others
/// like it, up to about a chunk's bytes or this many: one hand-over (and one
/// wake-up of each thread) per document would cost more than its tokens.
const BATCH_DOCUMENTS: usize = 256;

/// What a tokenising thread takes: a chunk, or a batch of small documents
/// read whole, each with its source's index; or the error that ended the
/// reading, passed on in its place in the input order.
enum Work {
    Chunks(Vec<(usize, Chunk)>),
    Failed(ReadError),
}

/// How a corpus is read and tokenised.
#[derive(Clone, Debug)]
pub struct CorpusSettings {
    pub read: ReadSettings,
    pub threads: NonZeroUsize,
    /// About how many bytes of input each chunk holds.
    pub chunk_bytes: usize,
    pub made: Made,
}

/// What a whole run read and made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusSummary {
    pub documents: u64,
    pub tokens: u64,
    pub input_bytes: u64,
    /// Bytes read from the files themselves (compressed ones for gzip).
    pub position: u64,
    pub skipped: Vec<Skipped>,
}

/// Why a run stopped early.
#[derive(Debug)]
pub enum CorpusError<E> {
    /// Reading or parsing the input failed.
    Read(ReadError),
    /// The consumer of the results failed.
    Consumer(E),
}

/// Reads `sources` in order, tokenises their documents on
/// `settings.threads` threads, and hands each chunk's results to `consume`
/// on the calling thread, in input order. The calling thread's waits go
/// through `block` (the binding releases the GIL there).
pub fn tokenize_sources<E>(
    tokenizer: &Tokenizer,
    sources: &[Source],
    settings: &CorpusSettings,
    mut consume: impl FnMut(TokenizedChunk) -> Result<(), E>,
    block: impl Fn(&mut (dyn FnMut() + Send)),
) -> Result<CorpusSummary, CorpusError<E>> {
    let threads = settings.threads;
    // Chunks read but not yet consumed: enough to keep every thread busy,
    // few enough that memory stays bounded whatever the corpus size.
    let in_flight = 2 * threads.get() + 2;
    let labels: Vec<Arc<str>> = sources.iter().map(|source| Arc::from(source.label())).collect();
    let split = SplitSettings {
        chunk_bytes: settings.chunk_bytes,
        // Markup can hold a line break anywhere, where pieces would be cut:
        // a document read as HTML is held whole.
        pieces: settings.made.takes_pieces() && !tokenizer.options().html,
    };
    let mut summary = CorpusSummary::default();
    let mut streamed = StreamedDocument::default();
    stream_in_order(
        threads,
        in_flight,
        |hand_out| read_chunks(sources, settings, split, hand_out),
        |work| match work {
            Work::Chunks(items) => make_chunk(
                tokenizer,
                sources,
                &labels,
                &settings.read,
                split,
                &settings.made,
                items,
            ),
            Work::Failed(error) => Err(error),
        },
        |outcome| {
            let mut chunk = outcome.map_err(CorpusError::Read)?;
            let (passed, taken_back) = streamed.settle(&mut chunk);
            summary.documents += chunk.document_count;
            summary.tokens = (summary.tokens + chunk.token_count).saturating_sub(taken_back);
            summary.input_bytes += chunk.input_bytes;
            summary.position = summary.position.max(chunk.position);
            summary.skipped.extend(chunk.skipped.iter().cloned());
            if passed {
                consume(chunk).map_err(CorpusError::Consumer)?;
            }
            Ok(())
        },
        block,
    )?;
    Ok(summary)
}

/// Splits `sources` into chunks, in order, and hands them out (small
/// documents read whole in batches); an error ends the reading, handed out
/// after the documents before it.
fn read_chunks(
    sources: &[Source],
    settings: &CorpusSettings,
    split: SplitSettings,
    hand_out: &mut dyn FnMut(Work) -> bool,
) {
    let mut position = 0;
    let mut batch: Vec<(usize, Chunk)> = Vec::new();
    let mut batch_bytes = 0;
    // Hands out the batch (if any); false when the run is over.
    let mut hand_out_batch =
        |batch: &mut Vec<(usize, Chunk)>| batch.is_empty() || hand_out(Work::Chunks(std::mem::take(batch)));
    for (source_index, source) in sources.iter().enumerate() {
        let outcome = split_source(source, &settings.read, split, position, &mut |chunk| {
            let small = chunk.kind == ChunkKind::Documents && chunk.format.is_one_document();
            if !small && !hand_out_batch(&mut batch) {
                return false;
            }
            batch_bytes = if small { batch_bytes + chunk.bytes.len() } else { 0 };
            batch.push((source_index, chunk));
            if !small || batch_bytes >= settings.chunk_bytes || batch.len() >= BATCH_DOCUMENTS {
                batch_bytes = 0;
                return hand_out_batch(&mut batch);
            }
            true
        });
        match outcome {
            Ok(read) => position = read,
            Err(error) => {
                // The documents before the error first.
                if hand_out_batch(&mut batch) {
                    hand_out(Work::Failed(error));
                }
                return;
            }
        }
    }
    hand_out_batch(&mut batch);
}

/// Whether a document that comes in pieces is open, and the tokens counted
/// of it so far: pieces after it was left out are dropped, and so are its
/// tokens from the summary.
#[derive(Default)]
struct StreamedDocument {
    open: bool,
    tokens: u64,
}

impl StreamedDocument {
    /// Settles a chunk in input order: a piece left out by its parser (bad
    /// bytes under `BadInput::Skip`) becomes `Abandoned`, a last piece
    /// counts its document. Returns whether the consumer gets the chunk (not
    /// the pieces of a document already left out), and the tokens to take
    /// back from the summary.
    fn settle(&mut self, chunk: &mut TokenizedChunk) -> (bool, u64) {
        match chunk.kind {
            ChunkKind::Documents => (true, 0),
            ChunkKind::Piece { first, last } => {
                if first {
                    *self = StreamedDocument { open: true, tokens: 0 };
                }
                if !self.open {
                    return (false, chunk.token_count);
                }
                if !chunk.skipped.is_empty() {
                    chunk.kind = ChunkKind::Abandoned;
                    return (true, std::mem::take(self).tokens + chunk.token_count);
                }
                self.tokens += chunk.token_count;
                if last {
                    chunk.document_count = 1;
                    self.open = false;
                }
                (true, 0)
            }
            ChunkKind::Abandoned => {
                let was = std::mem::take(self);
                (was.open, was.tokens)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    use crate::corpus::input::{InputFormat, SourcePath};
    use crate::corpus::test_support::{read_source, without_dir};
    use crate::options::TokenizerOptions;
    use crate::output::counts::TokenCounts;
    use crate::stopwords::bundled_list;
    use crate::vectorize::NgramRange;

    fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Source {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        Source {
            path: SourcePath::File(path),
            name: name.to_owned(),
            format: Some(InputFormat::Lines),
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wordsift-pipeline-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn settings(threads: usize, chunk_bytes: usize) -> CorpusSettings {
        CorpusSettings {
            read: ReadSettings::default(),
            threads: NonZeroUsize::new(threads).unwrap(),
            chunk_bytes,
            made: Made::Columns { offsets: false },
        }
    }

    #[test]
    fn results_come_in_input_order_whatever_the_threads() {
        let dir = temp_dir("order");
        let sources: Vec<Source> = (0..5)
            .map(|file| {
                let lines: String = (0..300)
                    .map(|line| format!("file {file} line {line} word{}\n", line % 7))
                    .collect();
                write_file(&dir, &format!("f{file}.txt"), lines.as_bytes())
            })
            .collect();
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap();
        let mut expected = Vec::new();
        for source in &sources {
            read_source(
                source,
                &ReadSettings::default(),
                &mut |document| {
                    expected.push((document.id, tokenizer.tokenize(&document.body)));
                },
                &mut |_| {},
            )
            .unwrap();
        }
        for (threads, chunk_bytes) in [(1, 1 << 20), (2, 100), (4, 1000), (3, 1)] {
            let mut got = Vec::new();
            let summary = tokenize_sources(
                &tokenizer,
                &sources,
                &settings(threads, chunk_bytes),
                |chunk| {
                    for (index, document) in chunk.documents.iter().enumerate() {
                        got.push((
                            document.id.clone(),
                            chunk.tokens.doc(index).map(str::to_owned).collect(),
                        ));
                    }
                    Ok::<(), ()>(())
                },
                |wait| wait(),
            )
            .unwrap();
            assert_eq!(got, expected, "threads={threads} chunk_bytes={chunk_bytes}");
            assert_eq!(summary.documents, 1500);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn counting_chunks_equals_counting_the_documents() {
        let dir = temp_dir("count");
        let lines: String = (0..2000)
            .map(|line| format!("the market {} share {}\n", line % 13, line % 3))
            .collect();
        let source = write_file(&dir, "lines.txt", lines.as_bytes());
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), Some(bundled_list("default").unwrap())).unwrap();
        let texts: Vec<&str> = lines.lines().collect();
        let expected = tokenizer.count_batch(&texts, NonZeroUsize::MIN);
        let sorted = |counts: &TokenCounts| {
            let mut rows: Vec<(String, u64, u64)> = counts.iter().map(|(t, tf, df)| (t.to_owned(), tf, df)).collect();
            rows.sort();
            rows
        };
        let mut total = TokenCounts::default();
        let mut settings = settings(2, 500);
        settings.made = Made::Counts {
            titles: false,
            ngrams: NgramRange::UNIGRAMS,
        };
        tokenize_sources(
            &tokenizer,
            &[source],
            &settings,
            |chunk| {
                assert_eq!(chunk.tokens.token_count(), 0);
                total.merge(chunk.counts.unwrap_or_default());
                Ok::<(), ()>(())
            },
            |wait| wait(),
        )
        .unwrap();
        assert_eq!(sorted(&total), sorted(&expected));
        assert_eq!(total.documents(), 2000);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_first_error_in_input_order_stops_the_run() {
        let dir = temp_dir("errors");
        let good = write_file(&dir, "good.txt", "word\n".repeat(2000).as_bytes());
        let bad = write_file(&dir, "bad.txt", b"fine\n\xffnot utf-8\n");
        let missing = Source {
            path: SourcePath::File(dir.join("missing.txt")),
            name: "missing.txt".to_owned(),
            format: Some(InputFormat::Lines),
        };
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).unwrap();
        for threads in [1, 3] {
            let sources = [good.clone(), bad.clone(), missing.clone()];
            let mut consumed = 0;
            let outcome = tokenize_sources(
                &tokenizer,
                &sources,
                &settings(threads, 64),
                |chunk| {
                    consumed += chunk.documents.len();
                    Ok::<(), ()>(())
                },
                |wait| wait(),
            );
            match outcome {
                Err(CorpusError::Read(error)) => {
                    assert_eq!(
                        without_dir(&error.to_string()),
                        "bad.txt, line 2: not valid UTF-8 at byte offset 5"
                    );
                }
                other => panic!("{other:?}"),
            }
            assert_eq!(consumed, 2000, "every document before the error, threads={threads}");
            let sources = [good.clone(), missing.clone()];
            let outcome = tokenize_sources(
                &tokenizer,
                &sources,
                &settings(threads, 64),
                |_| Ok::<(), ()>(()),
                |wait| wait(),
            );
            assert!(matches!(outcome, Err(CorpusError::Read(ReadError::Io { .. }))));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_failing_consumer_stops_the_run() {
        let dir = temp_dir("consumer");
        let source = write_file(&dir, "many.txt", "word\n".repeat(100_000).as_bytes());
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).unwrap();
        let mut calls = 0;
        let outcome = tokenize_sources(
            &tokenizer,
            &[source],
            &settings(2, 100),
            |_| {
                calls += 1;
                if calls == 3 {
                    Err("disk full")
                } else {
                    Ok(())
                }
            },
            |wait| wait(),
        );
        assert!(matches!(outcome, Err(CorpusError::Consumer("disk full"))));
        assert_eq!(calls, 3);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
