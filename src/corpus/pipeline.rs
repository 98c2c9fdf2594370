//! Tokenising whole corpora: one thread reads, several parse and tokenise,
//! the calling thread takes the results in input order, with a bounded
//! number of chunks in flight so that memory does not grow with the corpus.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};

use crate::arrow::TokenColumns;
use crate::corpus::read::{parse_chunk, split_source, BadInput, Chunk, InputFormat, ReadError, Skipped, Source};
use crate::corpus::write::{render_tokenized, OutputFormat};
use crate::counts::TokenCounts;
use crate::tokenizer::Tokenizer;

/// How a corpus is read and tokenised.
#[derive(Clone, Debug)]
pub struct CorpusSettings {
    pub format: InputFormat,
    pub bad_input: BadInput,
    pub threads: NonZeroUsize,
    /// About how many bytes of input each chunk holds (line formats).
    pub chunk_bytes: usize,
    /// An output format to render each chunk in on the tokenising threads
    /// (JSON Lines and plain, see `write::render_tokenized`), so that the
    /// thread that writes only copies bytes.
    pub render: Option<OutputFormat>,
    /// Count term and document frequencies (`TokenizedChunk::counts`)
    /// instead of keeping the tokens.
    pub count: bool,
}

/// A document's id and title, as read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentInfo {
    pub id: String,
    pub title: String,
}

/// The documents of one chunk of input, tokenised: `tokens.doc(i)` are the
/// tokens of `documents[i]`.
#[derive(Debug, Default)]
pub struct TokenizedChunk {
    /// The chunk's documents, unless it was rendered as it was tokenised
    /// (`rendered` in a one-stream format).
    pub documents: Vec<DocumentInfo>,
    pub tokens: TokenColumns,
    /// How many documents and kept tokens the chunk holds, however it holds
    /// them.
    pub document_count: u64,
    pub token_count: u64,
    /// The bytes of input the chunk came from.
    pub input_bytes: u64,
    /// Documents of the chunk left out under `BadInput::Skip`.
    pub skipped: Vec<Skipped>,
    /// The chunk rendered in an output format, when the settings ask.
    pub rendered: Option<(OutputFormat, Vec<u8>)>,
    /// The chunk's term and document frequencies, when the settings ask
    /// (and then `tokens` is empty).
    pub counts: Option<TokenCounts>,
}

/// What a whole run read and made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusSummary {
    pub documents: u64,
    pub tokens: u64,
    pub input_bytes: u64,
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

enum Message {
    /// Boxed: a chunk's results are far larger than the other message.
    Chunk(usize, Box<Result<TokenizedChunk, ReadError>>),
    /// The reader is done: the number of chunks it sent.
    End(usize),
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
    let threads = settings.threads.get();
    // Chunks read but not yet consumed: enough to keep every thread busy,
    // few enough that memory stays bounded whatever the corpus size.
    let in_flight = 2 * threads + 2;
    let (permit_sender, permit_receiver) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = permit_sender.send(());
    }
    let (work_sender, work_receiver) = mpsc::sync_channel::<(usize, usize, Chunk)>(threads);
    // Shared by the workers alone: when the last one stops, the receiver is
    // dropped and the reader's next send fails instead of waiting forever.
    let work_receiver = Arc::new(Mutex::new(work_receiver));
    let (result_sender, result_receiver) = mpsc::channel::<Message>();
    std::thread::scope(|scope| {
        let reader_results = result_sender.clone();
        scope.spawn(move || read_chunks(sources, settings, &permit_receiver, &work_sender, &reader_results));
        for _ in 0..threads {
            let results = result_sender.clone();
            let work = Arc::clone(&work_receiver);
            scope.spawn(move || tokenize_chunks(tokenizer, sources, settings, &work, &results));
        }
        drop(work_receiver);
        drop(result_sender);
        let mut result_receiver = result_receiver;
        let outcome = consume_in_order(&mut result_receiver, &permit_sender, &mut consume, &block);
        // Dropping the receiving ends stops the other threads at their next
        // send or wait.
        drop(result_receiver);
        drop(permit_sender);
        outcome
    })
}

fn read_chunks(
    sources: &[Source],
    settings: &CorpusSettings,
    permits: &Receiver<()>,
    work: &SyncSender<(usize, usize, Chunk)>,
    results: &mpsc::Sender<Message>,
) {
    let mut index = 0;
    for (source_index, source) in sources.iter().enumerate() {
        let outcome = split_source(source, &settings.format, settings.chunk_bytes, &mut |chunk| {
            if permits.recv().is_err() || work.send((index, source_index, chunk)).is_err() {
                return false;
            }
            index += 1;
            true
        });
        if let Err(error) = outcome {
            let _ = results.send(Message::Chunk(index, Box::new(Err(error))));
            let _ = results.send(Message::End(index + 1));
            return;
        }
    }
    let _ = results.send(Message::End(index));
}

fn tokenize_chunks(
    tokenizer: &Tokenizer,
    sources: &[Source],
    settings: &CorpusSettings,
    work: &Mutex<Receiver<(usize, usize, Chunk)>>,
    results: &mpsc::Sender<Message>,
) {
    loop {
        // The lock is held only while taking one chunk.
        let next = match work.lock() {
            Ok(receiver) => receiver.recv(),
            Err(poisoned) => poisoned.into_inner().recv(),
        };
        let Ok((index, source_index, chunk)) = next else {
            return;
        };
        let Some(source) = sources.get(source_index) else {
            return;
        };
        let outcome = tokenize_chunk(tokenizer, source, settings, chunk);
        if results.send(Message::Chunk(index, Box::new(outcome))).is_err() {
            return;
        }
    }
}

fn tokenize_chunk(
    tokenizer: &Tokenizer,
    source: &Source,
    settings: &CorpusSettings,
    chunk: Chunk,
) -> Result<TokenizedChunk, ReadError> {
    let input_bytes = chunk.bytes.len() as u64;
    let mut made = match settings.render {
        _ if settings.count => Made::Counts(TokenCounts::default()),
        Some(format @ (OutputFormat::JsonLines | OutputFormat::Plain)) => {
            Made::Rendered(format, Vec::with_capacity(chunk.bytes.len() + chunk.bytes.len() / 4))
        }
        _ => {
            // Tokens rarely add up to more bytes than their texts: room for
            // that many spares the copies of growing buffers.
            let mut tokens = TokenColumns::default();
            tokens.reserve(chunk.bytes.len(), 0);
            Made::Columns(Vec::new(), tokens)
        }
    };
    let (mut document_count, mut rendered_tokens) = (0, 0);
    let mut skipped = Vec::new();
    // Each document is tokenised as soon as it is parsed, while its text is
    // still in the cache, straight from the parser's reused buffers.
    parse_chunk(
        source,
        &settings.format,
        settings.bad_input,
        chunk,
        &mut |document| {
            document_count += 1;
            match &mut made {
                Made::Rendered(format, bytes) => {
                    rendered_tokens += render_tokenized(*format, tokenizer, document, bytes) as u64;
                }
                Made::Counts(counts) => tokenizer.count_into(&[document.body], counts),
                Made::Columns(documents, tokens) => {
                    tokenizer.extend_columns(&[document.body], tokens);
                    documents.push(DocumentInfo {
                        id: document.id.to_owned(),
                        title: document.title.to_owned(),
                    });
                }
            }
        },
        &mut |skip| skipped.push(skip),
    )?;
    let chunk = TokenizedChunk {
        document_count,
        input_bytes,
        skipped,
        ..TokenizedChunk::default()
    };
    Ok(match made {
        Made::Rendered(format, bytes) => TokenizedChunk {
            token_count: rendered_tokens,
            rendered: Some((format, bytes)),
            ..chunk
        },
        Made::Counts(counts) => TokenizedChunk {
            token_count: counts.tokens(),
            counts: Some(counts),
            ..chunk
        },
        Made::Columns(documents, tokens) => TokenizedChunk {
            token_count: tokens.token_count() as u64,
            documents,
            tokens,
            ..chunk
        },
    })
}

/// What a chunk's documents are made into, as the settings ask.
enum Made {
    /// Rendered in a one-stream output format.
    Rendered(OutputFormat, Vec<u8>),
    /// Term and document frequencies.
    Counts(TokenCounts),
    /// The documents' ids and titles, and their tokens.
    Columns(Vec<DocumentInfo>, TokenColumns),
}

fn consume_in_order<E>(
    // `&mut`: a shared reference to a receiver cannot cross into `block`.
    results: &mut Receiver<Message>,
    permits: &SyncSender<()>,
    consume: &mut impl FnMut(TokenizedChunk) -> Result<(), E>,
    block: &impl Fn(&mut (dyn FnMut() + Send)),
) -> Result<CorpusSummary, CorpusError<E>> {
    let mut summary = CorpusSummary::default();
    let mut ready: BTreeMap<usize, Box<Result<TokenizedChunk, ReadError>>> = BTreeMap::new();
    let mut total = None;
    let mut next = 0;
    while total != Some(next) {
        if let Some(outcome) = ready.remove(&next) {
            let chunk = (*outcome).map_err(CorpusError::Read)?;
            summary.documents += chunk.document_count;
            summary.tokens += chunk.token_count;
            summary.input_bytes += chunk.input_bytes;
            summary.skipped.extend(chunk.skipped.iter().cloned());
            consume(chunk).map_err(CorpusError::Consumer)?;
            next += 1;
            let _ = permits.send(());
            continue;
        }
        let mut message = None;
        block(&mut || message = receive(results));
        match message {
            Some(Message::Chunk(index, outcome)) => {
                ready.insert(index, outcome);
            }
            Some(Message::End(count)) => total = Some(count),
            // Every sender is gone without an end: a thread panicked, which
            // the scope reports when it joins.
            None => break,
        }
    }
    Ok(summary)
}

/// The next message; a function taking `&mut` so that the closure that calls
/// it captures the receiver uniquely, which lets the closure be `Send`.
fn receive(results: &mut Receiver<Message>) -> Option<Message> {
    results.recv().ok()
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    use crate::corpus::read::{read_source, SourcePath};
    use crate::corpus::test_support::without_dir;
    use crate::stopwords::bundled_list;
    use crate::tokenizer::TokenizerOptions;

    fn write_file(dir: &std::path::Path, name: &str, bytes: &[u8]) -> Source {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        Source {
            path: SourcePath::File(path),
            name: name.to_owned(),
        }
    }

    fn temp_dir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("wordsift-pipeline-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn settings(format: InputFormat, threads: usize, chunk_bytes: usize) -> CorpusSettings {
        CorpusSettings {
            format,
            bad_input: BadInput::Strict,
            threads: NonZeroUsize::new(threads).unwrap(),
            chunk_bytes,
            render: None,
            count: false,
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
                &InputFormat::Lines,
                BadInput::Strict,
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
                &settings(InputFormat::Lines, threads, chunk_bytes),
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
        let mut settings = settings(InputFormat::Lines, 2, 500);
        settings.count = true;
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
        };
        let tokenizer = Tokenizer::new(TokenizerOptions::default(), None::<Vec<&str>>).unwrap();
        for threads in [1, 3] {
            let sources = [good.clone(), bad.clone(), missing.clone()];
            let mut consumed = 0;
            let outcome = tokenize_sources(
                &tokenizer,
                &sources,
                &settings(InputFormat::Lines, threads, 64),
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
                &settings(InputFormat::Lines, threads, 64),
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
            &settings(InputFormat::Lines, 2, 100),
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
