//! Work spread over scoped threads.
//!
//! Threads live only for one call: no global pool, so nothing can deadlock
//! after a fork, and nothing outlives the data it borrows.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use crate::error::Error;

/// The environment variable that sets the default thread count.
pub const THREADS_VARIABLE: &str = "WORDSIFT_NUM_THREADS";

/// The thread count used when a call names none: `$WORDSIFT_NUM_THREADS` if
/// set, else the CPUs this process may run on (on Linux its CPU affinity
/// and cgroup quota, as `std::thread::available_parallelism` reads them).
pub fn default_threads() -> Result<NonZeroUsize, Error> {
    match std::env::var(THREADS_VARIABLE) {
        Ok(value) if !value.trim().is_empty() => value.trim().parse::<NonZeroUsize>().map_err(|_| {
            Error::InvalidOption(format!("{THREADS_VARIABLE} must be a whole number >= 1, got {value:?}"))
        }),
        _ => Ok(std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN)),
    }
}

/// Runs `work` on each item on `threads` threads, the calling thread one of
/// them, and hands each result to `consume`, on the calling thread, in item
/// order, as soon as it and all before it are ready: the calling thread
/// consumes early results while the others compute later ones, and computes
/// items itself while nothing is ready, so that `threads` threads are busy,
/// not `threads + 1`.
///
/// Each thread works in a state of its own, made by `new_state` with the
/// thread's number (0 for the calling thread) and kept from item to item; one
/// thread's items are consumed in the order it worked on them. Every state
/// is made on the calling thread, so what it allocates up front comes from
/// that thread's allocator (glibc grows a block in the arena it came from,
/// and keeps freed memory in a worker thread's arena after the thread ends).
///
/// `consume` is also given the calling thread's state, which it may add to
/// (the binding keeps the call's one string per distinct token there).
///
/// The calling thread's own work and its waits for the others go through
/// `block` (the binding releases the GIL there). Returns every thread's
/// state, by thread number. When `consume` fails, the threads stop after
/// their current item and the error is returned.
pub fn map_in_order<T, S, R, E>(
    items: &[T],
    threads: NonZeroUsize,
    new_state: impl Fn(usize) -> S,
    work: impl Fn(&mut S, &T) -> R + Sync,
    mut consume: impl FnMut(&mut S, R) -> Result<(), E>,
    block: impl Fn(&mut (dyn FnMut() + Send)),
) -> Result<Vec<S>, E>
where
    T: Sync,
    S: Send,
    R: Send,
{
    let next_item = AtomicUsize::new(0);
    let cancelled = AtomicBool::new(false);
    let (sender, mut receiver) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (1..threads.get().min(items.len()))
            .map(|thread| {
                let sender = sender.clone();
                let (next_item, cancelled, work) = (&next_item, &cancelled, &work);
                let mut state = new_state(thread);
                scope.spawn(move || {
                    while !cancelled.load(Ordering::Relaxed) {
                        let index = next_item.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        if sender.send((index, work(&mut state, item))).is_err() {
                            break;
                        }
                    }
                    state
                })
            })
            .collect();
        drop(sender);
        let mut own_state = new_state(0);
        let mut ready = BTreeMap::new();
        let consumed = 'consume: {
            for wanted in 0..items.len() {
                while !ready.contains_key(&wanted) {
                    if let Ok((index, result)) = receiver.try_recv() {
                        ready.insert(index, result);
                        continue;
                    }
                    // Nothing has arrived: take the next item, if any is left.
                    let index = next_item.fetch_add(1, Ordering::Relaxed);
                    if let Some(item) = items.get(index) {
                        let mut result = None;
                        block(&mut || result = Some(work(&mut own_state, item)));
                        if let Some(result) = result {
                            ready.insert(index, result);
                        }
                        continue;
                    }
                    let mut received = None;
                    block(&mut || received = receiver_recv(&mut receiver));
                    match received {
                        Some((index, result)) => {
                            ready.insert(index, result);
                        }
                        // Every other thread is gone without sending
                        // `wanted`: one of them panicked, and joining it
                        // below re-raises the panic.
                        None => break 'consume Ok(()),
                    }
                }
                if let Some(result) = ready.remove(&wanted) {
                    if let Err(error) = consume(&mut own_state, result) {
                        cancelled.store(true, Ordering::Relaxed);
                        break 'consume Err(error);
                    }
                }
            }
            Ok(())
        };
        let mut states = Vec::with_capacity(workers.len() + 1);
        states.push(own_state);
        for worker in workers {
            match worker.join() {
                Ok(state) => states.push(state),
                // A panic in a worker is a bug; carry it to the caller
                // (pyo3 turns it into an exception).
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        consumed.map(|()| states)
    })
}

/// Runs `produce` on a thread of its own, handing out work items through
/// the function it is given (which returns false once the run is over:
/// `produce` should then return), `work` on each item on `threads` other
/// threads, and `consume` on each result, on the calling thread, in the
/// order the items were handed out. At most `in_flight` items are handed
/// out and not yet consumed, so that memory does not grow with the input.
///
/// The calling thread's waits go through `block` (the binding releases the
/// GIL there). When `consume` fails, the other threads stop at their next
/// hand-over and the error is returned; a panic on another thread is
/// resumed on the calling thread.
pub(crate) fn stream_in_order<W, R, E>(
    threads: NonZeroUsize,
    in_flight: usize,
    produce: impl FnOnce(&mut dyn FnMut(W) -> bool) + Send,
    work: impl Fn(W) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
    block: impl Fn(&mut (dyn FnMut() + Send)),
) -> Result<(), E>
where
    W: Send,
    R: Send,
{
    let in_flight = in_flight.max(1);
    // A permit for each item that may be handed out and not yet consumed.
    let (permit_sender, permit_receiver) = mpsc::sync_channel::<()>(in_flight);
    for _ in 0..in_flight {
        let _ = permit_sender.send(());
    }
    let (work_sender, work_receiver) = mpsc::sync_channel::<(usize, W)>(threads.get());
    // Shared by the workers alone: when the last one stops, the receiver is
    // dropped and the producer's next hand-over fails instead of waiting
    // forever.
    let work_receiver = std::sync::Arc::new(std::sync::Mutex::new(work_receiver));
    let (result_sender, result_receiver) = mpsc::channel::<Streamed<R>>();
    let (outcome, panicked) = std::thread::scope(|scope| {
        let ends = result_sender.clone();
        scope.spawn(move || {
            let mut handed_out = 0;
            let mut hand_out = |item: W| {
                if permit_receiver.recv().is_err() || work_sender.send((handed_out, item)).is_err() {
                    return false;
                }
                handed_out += 1;
                true
            };
            // A panic is passed to the calling thread, which stops the run:
            // waiting for the items it would have handed out would hang.
            let end = match catch_unwind(AssertUnwindSafe(|| produce(&mut hand_out))) {
                Ok(()) => Streamed::End(handed_out),
                Err(payload) => Streamed::Panicked(payload),
            };
            let _ = ends.send(end);
        });
        for _ in 0..threads.get() {
            let (results, items, work) = (result_sender.clone(), std::sync::Arc::clone(&work_receiver), &work);
            scope.spawn(move || loop {
                // The lock is held only while taking one item.
                let next = match items.lock() {
                    Ok(receiver) => receiver.recv(),
                    Err(poisoned) => poisoned.into_inner().recv(),
                };
                let Ok((index, item)) = next else { return };
                let result = match catch_unwind(AssertUnwindSafe(|| work(item))) {
                    Ok(result) => Streamed::Result(index, result),
                    // As for the producer: the item's result would never come.
                    Err(payload) => Streamed::Panicked(payload),
                };
                if results.send(result).is_err() {
                    return;
                }
            });
        }
        drop(work_receiver);
        drop(result_sender);
        let mut results = result_receiver;
        let mut ready = BTreeMap::new();
        let mut total = None;
        let mut next = 0;
        let mut panicked = None;
        let outcome = loop {
            if total == Some(next) {
                break Ok(());
            }
            if let Some(result) = ready.remove(&next) {
                if let Err(error) = consume(result) {
                    break Err(error);
                }
                next += 1;
                let _ = permit_sender.send(());
                continue;
            }
            let mut message = None;
            block(&mut || message = receiver_recv(&mut results));
            match message {
                Some(Streamed::Result(index, result)) => {
                    ready.insert(index, result);
                }
                Some(Streamed::End(count)) => total = Some(count),
                Some(Streamed::Panicked(payload)) => {
                    panicked = Some(payload);
                    break Ok(());
                }
                // Every sender is gone without an end (cannot happen: each
                // thread sends its end or its panic).
                None => break Ok(()),
            }
        };
        // Dropping the receiving ends stops the other threads at their next
        // hand-over or wait.
        drop(results);
        drop(permit_sender);
        (outcome, panicked)
    });
    match panicked {
        Some(payload) => std::panic::resume_unwind(payload),
        None => outcome,
    }
}

/// What the threads of `stream_in_order` send the calling thread.
enum Streamed<R> {
    Result(usize, R),
    /// The producer is done: the number of items it handed out.
    End(usize),
    /// The producer or a worker panicked with this payload.
    Panicked(Box<dyn std::any::Any + Send>),
}

/// Runs each job on a scoped thread of its own and returns their results,
/// in order; a panic in a job is resumed on the calling thread.
pub(crate) fn join_all<R: Send>(jobs: Vec<impl FnOnce() -> R + Send>) -> Vec<R> {
    std::thread::scope(|scope| {
        let running: Vec<_> = jobs.into_iter().map(|job| scope.spawn(job)).collect();
        running
            .into_iter()
            .map(|job| match job.join() {
                Ok(result) => result,
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

/// Runs `job` on a thread that outlives the call (the corpus iterator's
/// reader, which works ahead of its Python consumer); the handle gives its
/// result. The only unscoped thread of the crate: `job` owns all it uses.
// Used by the binding only: a Rust-only build has no use for it.
#[cfg_attr(not(feature = "python"), allow(dead_code))]
pub(crate) fn spawn_background<R: Send + 'static>(
    job: impl FnOnce() -> R + Send + 'static,
) -> std::thread::JoinHandle<R> {
    std::thread::spawn(job)
}

fn receiver_recv<R>(receiver: &mut mpsc::Receiver<R>) -> Option<R> {
    receiver.recv().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn threads(count: usize) -> NonZeroUsize {
        NonZeroUsize::new(count).unwrap()
    }

    #[test]
    fn results_are_consumed_in_order() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        let outcome: Result<Vec<(usize, usize)>, ()> = map_in_order(
            &items,
            threads(4),
            |thread| (thread, 0usize),
            |(thread, calls), &item| {
                *calls += 1;
                (item * 2, *thread, *calls)
            },
            |_, result| {
                seen.push(result);
                Ok(())
            },
            |wait| wait(),
        );
        let states = outcome.unwrap();
        assert_eq!(
            states.iter().map(|&(thread, _)| thread).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
        // Each state counted the calls of its thread.
        let calls: usize = states.iter().map(|&(_, calls)| calls).sum();
        assert_eq!(calls, items.len());
        let doubled: Vec<u64> = seen.iter().map(|&(doubled, _, _)| doubled).collect();
        assert_eq!(doubled, items.iter().map(|item| item * 2).collect::<Vec<_>>());
        // Each thread's state lives on: its items come back with its calls
        // counted 1, 2, 3, ...
        for thread in 0..4 {
            let calls: Vec<usize> = seen.iter().filter(|s| s.1 == thread).map(|s| s.2).collect();
            assert_eq!(calls, (1..=calls.len()).collect::<Vec<_>>(), "thread {thread}");
        }
    }

    #[test]
    fn a_failing_consumer_stops_the_work() {
        let items: Vec<u64> = (0..10_000).collect();
        let done = AtomicUsize::new(0);
        let outcome = map_in_order(
            &items,
            threads(2),
            |_| (),
            |(), &item| {
                // Slow enough that the workers cannot finish everything
                // before the consumer fails on item 10.
                std::thread::sleep(std::time::Duration::from_micros(50));
                done.fetch_add(1, Ordering::Relaxed);
                item
            },
            |(), result| if result == 10 { Err("stop") } else { Ok(()) },
            |wait| wait(),
        );
        assert_eq!(outcome, Err("stop"));
        assert!(done.load(Ordering::Relaxed) < items.len());
    }

    #[test]
    fn streamed_results_are_consumed_in_order_with_bounded_work_ahead() {
        let handed = AtomicUsize::new(0);
        let consumed = AtomicUsize::new(0);
        let most_ahead = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let outcome: Result<(), ()> = stream_in_order(
            threads(3),
            4,
            |hand_out| {
                for item in 0..2_000u64 {
                    let ahead = handed.load(Ordering::SeqCst) - consumed.load(Ordering::SeqCst);
                    most_ahead.fetch_max(ahead, Ordering::SeqCst);
                    if !hand_out(item) {
                        return;
                    }
                    handed.fetch_add(1, Ordering::SeqCst);
                }
            },
            |item| {
                if item % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(100));
                }
                item * 3
            },
            |result| {
                seen.push(result);
                consumed.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
            |wait| wait(),
        );
        assert_eq!(outcome, Ok(()));
        assert_eq!(seen, (0..2_000u64).map(|item| item * 3).collect::<Vec<_>>());
        assert!(
            most_ahead.load(Ordering::SeqCst) <= 4,
            "{} ahead",
            most_ahead.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn a_failing_stream_consumer_stops_the_producer() {
        let produced = AtomicUsize::new(0);
        let outcome = stream_in_order(
            threads(2),
            3,
            |hand_out| {
                for item in 0..1_000_000u64 {
                    if !hand_out(item) {
                        return;
                    }
                    produced.fetch_add(1, Ordering::Relaxed);
                }
            },
            |item| item,
            |result| if result == 10 { Err("stop") } else { Ok(()) },
            |wait| wait(),
        );
        assert_eq!(outcome, Err("stop"));
        assert!(produced.load(Ordering::Relaxed) < 20);
    }

    #[test]
    fn an_empty_stream_ends() {
        let outcome: Result<(), ()> = stream_in_order(
            threads(2),
            2,
            |_| {},
            |item: u8| item,
            |_| panic!("nothing to consume"),
            |wait| wait(),
        );
        assert_eq!(outcome, Ok(()));
    }

    #[test]
    #[should_panic(expected = "worker failed")]
    fn a_panic_on_a_worker_reaches_the_caller() {
        let _: Result<(), ()> = stream_in_order(
            threads(2),
            2,
            |hand_out| {
                for item in 0..10u8 {
                    if !hand_out(item) {
                        return;
                    }
                }
            },
            |item| if item == 5 { panic!("worker failed") } else { item },
            |_| Ok(()),
            |wait| wait(),
        );
    }

    #[test]
    #[should_panic(expected = "producer failed")]
    fn a_panic_of_the_producer_reaches_the_caller() {
        let _: Result<(), ()> = stream_in_order(
            threads(2),
            1,
            |hand_out| {
                hand_out(1u8);
                panic!("producer failed");
            },
            |item| item,
            |_| Ok(()),
            |wait| wait(),
        );
    }

    #[test]
    fn jobs_are_joined_in_order() {
        let jobs: Vec<_> = (0..5u32).map(|job| move || job * job).collect();
        assert_eq!(join_all(jobs), [0, 1, 4, 9, 16]);
    }
}
