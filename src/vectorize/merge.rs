//! The features of every thread of a fit under one numbering: merged by
//! their tokens, in hash shares on threads of their own, with their counts
//! added up.

use std::num::NonZeroUsize;

use super::grams::{hash_of, GramTable, Tuples};
use super::rows::{FeatureMaker, NONE};
use crate::parallel::join_all;
use crate::Vocabulary;

/// What a thread counted, without what it needed only while counting
/// (its index of features, its per-document marks): what a merge reads.
#[derive(Default)]
pub(super) struct Counted {
    pub tokens: Vocabulary,
    pub features: Tuples,
    pub frequencies: Vec<Frequencies>,
}

impl Counted {
    pub fn of(maker: FeatureMaker, frequencies: Vec<Frequencies>) -> Self {
        let (tokens, features) = maker.into_parts();
        Counted {
            tokens,
            features,
            frequencies,
        }
    }
}

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Frequencies {
    pub document: u64,
    pub term: u64,
}

/// The features of every thread under one numbering, with their corpus
/// counts.
pub(super) struct Merged {
    /// Every thread's tokens.
    pub tokens: Vocabulary,
    /// Every thread's features, as ids of `tokens`.
    pub features: Tuples,
    pub frequencies: Vec<Frequencies>,
    /// Per thread, the merged number of each of its features.
    pub by_thread: Vec<Vec<u32>>,
    /// The longest feature, in tokens.
    pub longest: usize,
}

/// Features with their frequencies added up: what a merge makes of the
/// threads' counts, or a fit of counts made elsewhere.
#[derive(Default)]
pub(super) struct FeatureTotals {
    pub features: GramTable,
    pub frequencies: Vec<Frequencies>,
}

impl FeatureTotals {
    /// Adds `counted` to the feature of the token ids `ids`; its number.
    pub fn add(&mut self, ids: &[u32], counted: Frequencies) -> u32 {
        self.add_hashed(hash_of(ids), ids, counted)
    }

    /// `add` of a feature these totals do not hold (one of the first
    /// thread's, which are distinct): no lookup.
    fn add_new(&mut self, hash: u64, ids: &[u32], counted: Frequencies) -> u32 {
        self.frequencies.push(counted);
        self.features.insert_new(hash, ids)
    }

    /// `add`, with the hash of `ids` (`hash_of`) already made.
    fn add_hashed(&mut self, hash: u64, ids: &[u32], counted: Frequencies) -> u32 {
        let (id, new) = self.features.intern_hashed(hash, ids);
        if new {
            self.frequencies.push(Frequencies::default());
        }
        if let Some(total) = self.frequencies.get_mut(id as usize) {
            total.document += counted.document;
            total.term += counted.term;
        }
        id
    }
}

/// What one share of a merge makes: the features whose hash falls in its
/// share, and for each thread the share's number of each of them, in the
/// thread's order.
struct Share {
    totals: FeatureTotals,
    by_thread: Vec<Vec<u32>>,
}

/// Merges the threads' features by their tokens: a thread's token ids
/// become the merged ones, and its features are found by those (a few
/// integers hashed, not the n-gram's text). The features are shared out
/// among `threads` by hash, each share merged on a thread of its own: one
/// thread merging every other's features took as long as the counting.
pub(super) fn merge(mut states: Vec<Counted>, threads: NonZeroUsize) -> Merged {
    let longest = states
        .iter()
        .flat_map(|state| (0..state.features.len() as u32).map(|feature| state.features.get(feature).len()))
        .max()
        .unwrap_or(0);
    if states.len() == 1 {
        if let Some(state) = states.pop() {
            // One thread's features need no merging.
            let by_thread = vec![(0..state.features.len() as u32).collect()];
            return Merged {
                tokens: state.tokens,
                features: state.features,
                frequencies: state.frequencies,
                by_thread,
                longest,
            };
        }
    }
    let mut tokens = Vocabulary::new();
    let token_of: Vec<Vec<u32>> = states
        .iter()
        .map(|state| state.tokens.iter().map(|token| tokens.intern(token)).collect())
        .collect();
    let shares = threads.get();
    let share_of = |hash: u64| ((hash >> 40) % shares as u64) as usize;
    // A thread's feature in merged token ids, into `ids`.
    let merged_ids = |thread: usize, feature: u32, ids: &mut Vec<u32>| {
        let own = token_of.get(thread).map(Vec::as_slice).unwrap_or_default();
        ids.clear();
        ids.extend(
            states
                .get(thread)
                .map(|state| state.features.get(feature))
                .unwrap_or_default()
                .iter()
                .map(|&token| own.get(token as usize).copied().unwrap_or(NONE)),
        );
    };
    // Each feature's hash in merged ids, made once, each thread's on a
    // thread: the shares and the renumbering below only read it.
    let hashes: Vec<Vec<u64>> = join_all(
        (0..states.len())
            .map(|thread| {
                let (states, merged_ids) = (&states, &merged_ids);
                move || {
                    let mut ids = Vec::new();
                    let features = states.get(thread).map_or(0, |state| state.frequencies.len());
                    (0..features as u32)
                        .map(|feature| {
                            merged_ids(thread, feature, &mut ids);
                            hash_of(&ids)
                        })
                        .collect()
                }
            })
            .collect(),
    );
    let jobs: Vec<_> = (0..shares)
        .map(|share| {
            let (states, merged_ids, hashes) = (&states, &merged_ids, &hashes);
            move || {
                // Room for the share's part of the largest thread's features,
                // which it holds at least: less growing of the table.
                let largest = states.iter().map(|state| state.features.len()).max().unwrap_or(0);
                let tokens = states.iter().map(|state| state.features.tokens()).max().unwrap_or(0);
                let mut made = Share {
                    totals: FeatureTotals {
                        features: GramTable::with_capacity(largest / shares, tokens / shares),
                        frequencies: Vec::with_capacity(largest / shares),
                    },
                    by_thread: Vec::with_capacity(states.len()),
                };
                let mut ids = Vec::new();
                for (thread, (state, hashes)) in states.iter().zip(hashes).enumerate() {
                    let mut own = Vec::new();
                    for (feature, (counted, &hash)) in state.frequencies.iter().zip(hashes).enumerate() {
                        if share_of(hash) != share {
                            continue;
                        }
                        merged_ids(thread, feature as u32, &mut ids);
                        // A thread's features are distinct: the first
                        // thread's need no lookup.
                        own.push(if thread == 0 {
                            made.totals.add_new(hash, &ids, *counted)
                        } else {
                            made.totals.add_hashed(hash, &ids, *counted)
                        });
                    }
                    made.by_thread.push(own);
                }
                made
            }
        })
        .collect();
    let made = join_all(jobs);
    // The threads' own features are read no more: their memory goes back
    // before the merged features are gathered.
    drop(states);
    // The shares' features one after another, each share's table freed once
    // copied; a thread's feature finds its share again by its hash, and its
    // number there in the share's list.
    let mut features = Tuples::with_capacity(
        made.iter().map(|share| share.totals.features.len()).sum(),
        made.iter().map(|share| share.totals.features.tuples().tokens()).sum(),
    );
    let mut frequencies = Vec::with_capacity(features.len());
    let mut offsets = Vec::with_capacity(made.len());
    let mut made_by_thread = Vec::with_capacity(made.len());
    for share in made {
        offsets.push(features.len() as u32);
        features.append(share.totals.features.tuples());
        frequencies.extend_from_slice(&share.totals.frequencies);
        made_by_thread.push(share.by_thread);
    }
    let made = made_by_thread;
    let by_thread = join_all(
        hashes
            .iter()
            .enumerate()
            .map(|(thread, hashes)| {
                let (made, offsets) = (&made, &offsets);
                move || {
                    let mut next = vec![0usize; made.len()];
                    hashes
                        .iter()
                        .map(|&hash| {
                            let share = share_of(hash);
                            let at = next.get(share).copied().unwrap_or(0);
                            if let Some(slot) = next.get_mut(share) {
                                *slot += 1;
                            }
                            let own = made
                                .get(share)
                                .and_then(|by_thread| by_thread.get(thread))
                                .and_then(|own| own.get(at))
                                .copied()
                                .unwrap_or(NONE);
                            offsets.get(share).copied().unwrap_or(0) + own
                        })
                        .collect::<Vec<u32>>()
                }
            })
            .collect(),
    );
    Merged {
        tokens,
        features,
        frequencies,
        by_thread,
        longest,
    }
}
