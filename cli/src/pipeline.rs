//! An ordered parallel map and fold: each thread of a pool takes the next job from
//! a shared source and works on it, and the results are folded on the calling
//! thread in the order the jobs were taken. What it folds, and the first error it
//! meets, are those of doing the jobs one by one.
//!
//! A thread makes the job it works on (for the tool, it reads the next chunk of an
//! input), so the bytes it parses are in its own core's cache, and no thread only
//! reads while the others parse.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::{Condvar, Mutex, MutexGuard, mpsc};

use crate::Failure;

/// Jobs taken but not yet folded, per worker: enough to keep every worker busy
/// while the result of a slow job waits, few enough to bound memory.
const IN_FLIGHT_PER_THREAD: usize = 2;

/// A pool of `threads` threads, each with state of its own: made by `start` on the
/// thread, passed to every job the thread does, and given to `end` when the jobs
/// run out. The state never leaves its thread, so it need not be `Send`.
pub struct Workers<Start, End> {
    pub threads: NonZeroUsize,
    pub start: Start,
    pub end: End,
}

/// The jobs, shared by the workers: one at a time takes the next.
struct Source<I> {
    jobs: I,
    // Jobs taken so far; the next one taken gets this index.
    taken: usize,
    // Results folded so far, so jobs taken minus this is what is in flight.
    folded: usize,
    // No job is to be taken any more: the source ran out or failed, or a fold failed.
    ended: bool,
}

impl<S, T, Start, End> Workers<Start, End>
where
    Start: Fn() -> S + Sync,
    End: Fn(S) -> T + Sync,
    T: Send,
{
    /// Takes `jobs` one at a time on the pool's threads; `work` does each with that
    /// thread's state; `fold` takes the results in the order the jobs came. Gives
    /// what `end` made of each thread's state, one per thread, in no particular
    /// order.
    ///
    /// Stops at the first error, in job order: an error of `jobs` is returned after
    /// the results of the jobs before it are folded, and no job after it is taken.
    pub fn ordered<J, R>(
        &self,
        mut jobs: impl Iterator<Item = Result<J, Failure>> + Send,
        work: impl Fn(&mut S, J) -> Result<R, Failure> + Sync,
        mut fold: impl FnMut(R) -> Result<(), Failure>,
    ) -> Result<Vec<T>, Failure>
    where
        R: Send,
    {
        if self.threads.get() == 1 {
            let mut state = (self.start)();
            jobs.try_for_each(|job| fold(work(&mut state, job?)?))?;
            return Ok(vec![(self.end)(state)]);
        }
        let threads = self.threads.get();
        let in_flight = threads * IN_FLIGHT_PER_THREAD;
        let source = Mutex::new(Source {
            jobs,
            taken: 0,
            folded: 0,
            ended: false,
        });
        // Signalled when room is made for another job in flight, or the jobs end.
        let room = Condvar::new();
        let (result_sender, results) = mpsc::channel::<(usize, Result<R, Failure>)>();
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let result_sender = result_sender.clone();
                    let (source, room, work) = (&source, &room, &work);
                    scope.spawn(move || {
                        let mut state = (self.start)();
                        while let Some((index, job)) = take(source, room, in_flight) {
                            let result = job.and_then(|job| work(&mut state, job));
                            if result_sender.send((index, result)).is_err() {
                                break;
                            }
                        }
                        (self.end)(state)
                    })
                })
                .collect();
            drop(result_sender);

            let outcome = fold_in_order(&results, &mut fold, |folded| {
                if let Ok(mut source) = source.lock() {
                    source.folded = folded;
                    room.notify_all();
                }
            });
            if outcome.is_err() {
                end(&source, &room);
            }
            let mut ends = Vec::with_capacity(threads);
            let mut panicked = false;
            for worker in workers {
                match worker.join() {
                    Ok(end) => ends.push(end),
                    Err(_) => panicked = true,
                }
            }
            outcome?;
            let all_folded = source.lock().is_ok_and(|s| s.folded == s.taken);
            if panicked || !all_folded {
                return Err(stopped());
            }
            Ok(ends)
        })
    }
}

fn stopped() -> Failure {
    Failure::Data("a worker thread stopped".to_owned())
}

/// Takes the next job and its index once fewer than `in_flight` are in flight;
/// `None` once the jobs have ended. A failed job ends them.
fn take<J, I: Iterator<Item = Result<J, Failure>>>(
    source: &Mutex<Source<I>>,
    room: &Condvar,
    in_flight: usize,
) -> Option<(usize, Result<J, Failure>)> {
    let mut source = source.lock().ok()?;
    while !source.ended && source.taken - source.folded >= in_flight {
        source = room.wait(source).ok()?;
    }
    if source.ended {
        return None;
    }
    let next = source.jobs.next();
    if next.as_ref().is_none_or(Result::is_err) {
        end_locked(&mut source, room);
    }
    let job = next?;
    let index = source.taken;
    source.taken += 1;
    Some((index, job))
}

/// Takes no more jobs, and wakes the workers waiting for one.
fn end<I>(source: &Mutex<Source<I>>, room: &Condvar) {
    if let Ok(mut source) = source.lock() {
        end_locked(&mut source, room);
    }
}

fn end_locked<I>(source: &mut MutexGuard<'_, Source<I>>, room: &Condvar) {
    source.ended = true;
    room.notify_all();
}

/// Folds results as they arrive, each once those before it are folded, until the
/// workers are done or a result or fold fails; tells `progress` how many are
/// folded after each arrival.
fn fold_in_order<R>(
    results: &mpsc::Receiver<(usize, Result<R, Failure>)>,
    fold: &mut impl FnMut(R) -> Result<(), Failure>,
    mut progress: impl FnMut(usize),
) -> Result<(), Failure> {
    let mut waiting = BTreeMap::new();
    let mut next = 0;
    // Ends when every worker has stopped and dropped its sender.
    while let Ok((index, result)) = results.recv() {
        waiting.insert(index, result);
        while let Some(result) = waiting.remove(&next) {
            next += 1;
            fold(result?)?;
        }
        progress(next);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(threads: usize, jobs: &[u64], fail_at: Option<u64>) -> (Vec<u64>, Option<String>) {
        let mut folded = Vec::new();
        let workers = Workers {
            threads: NonZeroUsize::new(threads).unwrap_or(NonZeroUsize::MIN),
            start: || (),
            end: |()| (),
        };
        let result = workers.ordered(
            jobs.iter().map(|&job| Ok(job)),
            |(), job| {
                // Later jobs finish sooner, so results arrive out of order.
                std::thread::sleep(std::time::Duration::from_micros(50 * (20 - job % 20)));
                match fail_at {
                    Some(bad) if job >= bad => Err(Failure::Data(format!("job {job} failed"))),
                    _ => Ok(job * 10),
                }
            },
            |result| {
                folded.push(result);
                Ok(())
            },
        );
        (folded, result.err().map(|e| format!("{e:?}")))
    }

    #[test]
    fn each_thread_keeps_its_state_and_every_job_is_in_one() {
        let jobs: Vec<u64> = (1..=200).collect();
        for threads in [1, 2, 3, 8] {
            let workers = Workers {
                threads: NonZeroUsize::new(threads).unwrap_or(NonZeroUsize::MIN),
                // Not `Send`: the state must stay on its thread.
                start: || std::rc::Rc::new(std::cell::Cell::new(Vec::new())),
                end: |state: std::rc::Rc<std::cell::Cell<Vec<u64>>>| state.take(),
            };
            let mut folded = Vec::new();
            let ends = workers.ordered(
                jobs.iter().map(|&job| Ok(job)),
                |state, job| {
                    let mut done = state.take();
                    done.push(job);
                    state.set(done);
                    Ok(job)
                },
                |job| {
                    folded.push(job);
                    Ok(())
                },
            );
            let ends = ends.unwrap_or_default();
            assert_eq!(ends.len(), threads);
            let mut seen: Vec<u64> = ends.into_iter().flatten().collect();
            seen.sort_unstable();
            assert_eq!(seen, jobs, "{threads} threads");
            assert_eq!(folded, jobs, "{threads} threads");
        }
    }

    #[test]
    fn results_fold_in_job_order_on_any_number_of_threads() {
        let jobs: Vec<u64> = (0..60).collect();
        let expected: Vec<u64> = jobs.iter().map(|j| j * 10).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(run(threads, &jobs, None), (expected.clone(), None));
        }
    }

    #[test]
    fn the_first_error_in_job_order_wins() {
        let jobs: Vec<u64> = (0..60).collect();
        let single = run(1, &jobs, Some(25));
        assert_eq!(single.0, (0..25).map(|j| j * 10).collect::<Vec<_>>());
        assert!(single.1.as_deref().is_some_and(|e| e.contains("job 25")));
        for threads in [2, 3, 8] {
            assert_eq!(run(threads, &jobs, Some(25)), single);
        }
    }

    /// Runs 100 jobs whose source counts what it hands out, failing at job
    /// `source_fails_at` and the fold failing at job `fold_fails_at`; gives what was
    /// folded, the error, how many jobs were taken, and the most ever in flight.
    fn counted(
        threads: usize,
        source_fails_at: Option<usize>,
        fold_fails_at: Option<usize>,
    ) -> (Vec<usize>, Option<String>, usize, usize) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (taken, folded_count, most) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        let jobs = (0..100).map(|job| {
            taken.fetch_add(1, Ordering::SeqCst);
            most.fetch_max(
                job + 1 - folded_count.load(Ordering::SeqCst),
                Ordering::SeqCst,
            );
            match source_fails_at {
                Some(bad) if job == bad => Err(Failure::Data(format!("source failed at {job}"))),
                _ => Ok(job),
            }
        });
        let workers = Workers {
            threads: NonZeroUsize::new(threads).unwrap_or(NonZeroUsize::MIN),
            start: || (),
            end: |()| (),
        };
        let mut folded = Vec::new();
        let result = workers.ordered(
            jobs,
            |(), job| {
                std::thread::sleep(std::time::Duration::from_micros(30 * (job % 7) as u64));
                Ok(job)
            },
            |job| {
                if fold_fails_at == Some(job) {
                    return Err(Failure::Data(format!("fold failed at {job}")));
                }
                folded.push(job);
                folded_count.fetch_add(1, Ordering::SeqCst);
                Ok(())
            },
        );
        (
            folded,
            result.err().map(|e| format!("{e:?}")),
            taken.into_inner(),
            most.into_inner(),
        )
    }

    #[test]
    fn no_more_jobs_are_in_flight_than_the_bound() {
        for threads in [2, 3, 8] {
            let (folded, error, taken, most) = counted(threads, None, None);
            assert_eq!(folded, (0..100).collect::<Vec<_>>());
            assert_eq!((error, taken), (None, 100));
            assert!(
                most <= threads * IN_FLIGHT_PER_THREAD,
                "{threads} threads had {most} jobs in flight"
            );
        }
    }

    #[test]
    fn a_failing_source_is_not_asked_again_and_what_came_before_is_folded() {
        for threads in [1, 2, 3, 8] {
            let (folded, error, taken, _) = counted(threads, Some(40), None);
            assert_eq!(folded, (0..40).collect::<Vec<_>>(), "{threads} threads");
            assert!(error.is_some_and(|e| e.contains("source failed at 40")));
            assert_eq!(taken, 41, "{threads} threads");
        }
    }

    #[test]
    fn a_failing_fold_stops_the_workers_taking_jobs() {
        for threads in [1, 2, 3, 8] {
            let (folded, error, taken, _) = counted(threads, None, Some(30));
            assert_eq!(folded, (0..30).collect::<Vec<_>>(), "{threads} threads");
            assert!(error.is_some_and(|e| e.contains("fold failed at 30")));
            assert!(
                taken <= 31 + threads * IN_FLIGHT_PER_THREAD,
                "{threads} threads took {taken} jobs"
            );
        }
    }
}
