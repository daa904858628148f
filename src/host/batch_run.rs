//! Batch triage on worker threads: the core inspects (it starts no thread);
//! this runner spreads the payloads over `settings.jobs` workers and writes
//! the rows in input order.
//!
//! A reader thread numbers groups of payloads into a bounded queue; `jobs`
//! workers take a group at a time (no barrier between groups: a slow
//! payload holds up no one); the caller's thread puts the rows back in order
//! and hands them to `sink`. At most `GROUP × GROUPS_IN_FLIGHT_PER_JOB ×
//! jobs` payloads are held, queued or waiting for an earlier one, whatever
//! the size of the input.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::batch::{Done, Payload, Row, Settings, Summary, Tally, emit, inspect_payload};
use crate::options::Options;

/// Payloads handed to a worker at once: enough to make the hand-over cost
/// nothing beside the inspections, few enough to keep both workers busy.
const GROUP: usize = 16;
/// Groups queued or finished out of order per worker: no worker waits for
/// work, and memory stays small whatever the size of the input.
const GROUPS_IN_FLIGHT_PER_JOB: usize = 4;

/// Inspect every payload, calling `sink` with each row in input order as it
/// is ready; returns the summary. `opts.cache` is filled in when empty. One
/// job inspects in this thread (the core's `run_serial`).
pub fn run<I>(
    payloads: I,
    opts: &Options,
    settings: &Settings<'_>,
    mut sink: impl FnMut(Done),
) -> Summary
where
    I: Iterator<Item = Payload> + Send,
{
    let jobs = settings.jobs.max(1);
    if jobs == 1 {
        return crate::batch::run_serial(payloads, opts, settings, sink);
    }
    let opts = crate::batch::prepare(opts);
    let mut tally = Tally::default();
    run_parallel(payloads, &opts, settings, jobs, &mut tally, &mut sink);
    if settings.cancelled() {
        tally.cancelled();
    }
    tally.summary()
}

/// A group of payloads, numbered in input order, and its rows.
type Group = Vec<Payload>;
type Rows = Vec<(Option<Row>, Payload)>;

/// `run` with `jobs` workers, a reader thread and this thread writing rows
/// in order (see `run`).
fn run_parallel<I>(
    payloads: I,
    opts: &Options,
    settings: &Settings<'_>,
    jobs: usize,
    tally: &mut Tally,
    sink: &mut impl FnMut(Done),
) where
    I: Iterator<Item = Payload> + Send,
{
    use std::sync::Mutex;
    use std::sync::mpsc::{Receiver, sync_channel};

    let window = GROUPS_IN_FLIGHT_PER_JOB * jobs;
    let stop = AtomicBool::new(false);
    let stop_ref = &stop;
    // The reader may run at most `window` groups ahead of the writer: it
    // spends a credit per group, and each group written returns one.
    let (work_tx, work_rx) = sync_channel::<(u64, Group)>(jobs);
    let (done_tx, done_rx) = sync_channel::<(u64, Rows)>(window);
    let (credit_tx, credit_rx) = sync_channel::<()>(window);
    for _ in 0..window {
        let _ = credit_tx.try_send(());
    }
    let work_rx: Mutex<Receiver<(u64, Group)>> = Mutex::new(work_rx);
    let work_rx = &work_rx;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut payloads = payloads;
            for seq in 0u64.. {
                if stop_ref.load(Ordering::Relaxed) || credit_rx.recv().is_err() {
                    break;
                }
                let group: Group = payloads.by_ref().take(GROUP).collect();
                if group.is_empty() || work_tx.send((seq, group)).is_err() {
                    break;
                }
            }
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            scope.spawn(move || work(work_rx, done_tx, opts, settings, stop_ref));
        }
        drop(done_tx);
        let mut next = 0u64;
        let mut waiting: BTreeMap<u64, Rows> = BTreeMap::new();
        'rows: for (seq, rows) in done_rx.iter() {
            waiting.insert(seq, rows);
            while let Some(rows) = waiting.remove(&next) {
                next += 1;
                let _ = credit_tx.try_send(());
                for (row, payload) in rows {
                    if settings.cancelled() {
                        stop.store(true, Ordering::Relaxed);
                        break 'rows;
                    }
                    emit(row, payload, tally, sink);
                }
            }
        }
        stop.store(true, Ordering::Relaxed);
        // Unblock the reader and the workers so the scope can end.
        drop(credit_tx);
        drop(done_rx);
    });
}

/// One worker: takes a group at a time, inspects it, sends its rows back.
fn work(
    work_rx: &std::sync::Mutex<std::sync::mpsc::Receiver<(u64, Group)>>,
    done_tx: std::sync::mpsc::SyncSender<(u64, Rows)>,
    opts: &Options,
    settings: &Settings<'_>,
    stop: &AtomicBool,
) {
    loop {
        let next = match work_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => break,
        };
        let Ok((seq, group)) = next else { break };
        let rows: Rows = group
            .into_iter()
            .map(|p| {
                let row = if settings.cancelled() || stop.load(Ordering::Relaxed) {
                    None
                } else {
                    inspect_payload(&p, opts, settings)
                };
                (row, p)
            })
            .collect();
        // After a cancel nobody reads the rows, but the queue is still
        // drained so the reader can see the stop and end.
        let _ = done_tx.send((seq, rows));
    }
}
