//! An ordered parallel map and fold: jobs made on this thread, worked on by a pool
//! of threads, their results folded here in the order the jobs were made. What it
//! folds, and the first error it meets, are those of doing the jobs one by one.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::{Mutex, mpsc};

use crate::Failure;

/// Jobs handed out but not yet folded, per worker: enough to keep every worker
/// busy while the results of a slow job wait, few enough to bound memory.
const IN_FLIGHT_PER_THREAD: usize = 2;

/// A pool of `threads` threads, each with state of its own: made by `start` on the
/// thread, passed to every job the thread does, and given to `end` when the jobs
/// run out. The state never leaves its thread, so it need not be `Send`.
pub struct Workers<Start, End> {
    pub threads: NonZeroUsize,
    pub start: Start,
    pub end: End,
}

impl<S, T, Start, End> Workers<Start, End>
where
    Start: Fn() -> S + Sync,
    End: Fn(S) -> T + Sync,
    T: Send,
{
    /// Calls `produce` with a sink for jobs; `work` does each job on one of the
    /// threads, with that thread's state; `fold` takes the results in the order the
    /// jobs were made. Gives what `end` made of each thread's state, one per
    /// thread, in no particular order.
    ///
    /// Stops at the first error, in job order: an error of `produce` is returned
    /// after the results of the jobs made before it are folded.
    pub fn ordered<J, R>(
        &self,
        produce: impl FnOnce(&mut dyn FnMut(J) -> Result<(), Failure>) -> Result<(), Failure>,
        work: impl Fn(&mut S, J) -> Result<R, Failure> + Sync,
        mut fold: impl FnMut(R) -> Result<(), Failure>,
    ) -> Result<Vec<T>, Failure>
    where
        J: Send,
        R: Send,
    {
        if self.threads.get() == 1 {
            let mut state = (self.start)();
            produce(&mut |job| fold(work(&mut state, job)?))?;
            return Ok(vec![(self.end)(state)]);
        }
        let threads = self.threads.get();
        let (job_sender, jobs) = mpsc::sync_channel::<(usize, J)>(threads);
        let jobs = Mutex::new(jobs);
        let (result_sender, results) = mpsc::channel::<(usize, Result<R, Failure>)>();
        let stopped = || Failure::Data("a worker thread stopped".to_owned());
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let result_sender = result_sender.clone();
                    let (jobs, work) = (&jobs, &work);
                    scope.spawn(move || {
                        let mut state = (self.start)();
                        loop {
                            // The lock is held only to take a job, not while working on it.
                            let next = match jobs.lock() {
                                Ok(jobs) => jobs.recv(),
                                Err(_) => break,
                            };
                            let Ok((index, job)) = next else { break };
                            let result = work(&mut state, job);
                            if result_sender.send((index, result)).is_err() {
                                break;
                            }
                        }
                        (self.end)(state)
                    })
                })
                .collect();
            drop(result_sender);

            let mut folder = InOrder {
                waiting: BTreeMap::new(),
                next: 0,
                failed: false,
                fold: &mut fold,
            };
            let mut made = 0usize;
            let produced = produce(&mut |job| {
                while made - folder.next >= threads * IN_FLIGHT_PER_THREAD {
                    folder.receive(&results)?;
                }
                job_sender.send((made, job)).map_err(|_| stopped())?;
                made += 1;
                Ok(())
            });
            // Workers stop once the jobs run out.
            drop(job_sender);
            let outcome = if folder.failed {
                // The first error, passed back through `produce`.
                produced
            } else {
                let mut outcome = Ok(());
                while outcome.is_ok() && folder.next < made {
                    outcome = folder.receive(&results);
                }
                outcome.and(produced)
            };
            let mut ends = Vec::with_capacity(threads);
            let mut panicked = false;
            for worker in workers {
                match worker.join() {
                    Ok(end) => ends.push(end),
                    Err(_) => panicked = true,
                }
            }
            outcome?;
            if panicked {
                return Err(stopped());
            }
            Ok(ends)
        })
    }
}

/// Results that came early, held until those before them are folded.
struct InOrder<'f, R> {
    waiting: BTreeMap<usize, Result<R, Failure>>,
    next: usize,
    // Set at the first error: nothing more is folded.
    failed: bool,
    fold: &'f mut dyn FnMut(R) -> Result<(), Failure>,
}

impl<R> InOrder<'_, R> {
    /// Waits for one result, then folds every result now in order.
    fn receive(
        &mut self,
        results: &mpsc::Receiver<(usize, Result<R, Failure>)>,
    ) -> Result<(), Failure> {
        let outcome = self.fold_next(results);
        self.failed = outcome.is_err();
        outcome
    }

    fn fold_next(
        &mut self,
        results: &mpsc::Receiver<(usize, Result<R, Failure>)>,
    ) -> Result<(), Failure> {
        let (index, result) = results
            .recv()
            .map_err(|_| Failure::Data("a worker thread stopped".to_owned()))?;
        self.waiting.insert(index, result);
        while let Some(result) = self.waiting.remove(&self.next) {
            self.next += 1;
            (self.fold)(result?)?;
        }
        Ok(())
    }
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
            |sink| jobs.iter().try_for_each(|&job| sink(job)),
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
                |sink| jobs.iter().try_for_each(|&job| sink(job)),
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
}
