//! Reading datasets: files or standard input, JSON or JSON Lines, bounded, with
//! progress.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::Args;
use indicatif::ProgressBar;
use investigation_outcomes::{
    DEFAULT_MAX_RECORD_BYTES, Dataset, LineChunk, Operation, OperationLines,
};

use crate::Failure;
use crate::pipeline;
use crate::progress;

/// The datasets a subcommand reads.
#[derive(Args, Debug)]
pub struct Inputs {
    /// Datasets: JSON, or JSON Lines (.jsonl, .ndjson); - reads standard input.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Refuse a JSON document or JSON Lines line longer than this many bytes.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_RECORD_BYTES)]
    pub max_record_bytes: usize,
    /// Threads that parse and process the inputs (by default, one per core); the
    /// output is the same for any number.
    #[arg(long, value_name = "N")]
    pub threads: Option<NonZeroUsize>,
}

/// About how many bytes of JSON Lines one thread parses at a time: small enough
/// that a chunk and the records parsed from it stay in a core's own cache (with
/// 1 MiB, `summary` of a million cases took 4% longer on one thread and on two).
const CHUNK_BYTES: usize = 256 << 10;

/// About how many operations of a document one thread takes at a time.
const CHUNK_OPERATIONS: usize = 16;

/// Consecutive operations of the inputs, and where they stand among all of them.
pub struct Batch {
    /// The index among all operations read of the first of these.
    pub first_operation: usize,
    /// The operations, in input order.
    pub operations: Vec<Operation>,
}

/// A piece of the inputs to parse and process on a worker thread.
enum Job {
    /// Lines of JSON Lines, with what to put before an error message.
    Lines {
        chunk: LineChunk,
        first_operation: usize,
        name: &'static str,
    },
    /// Operations of a document read whole.
    Parsed(Batch),
}

impl Job {
    fn into_batch(self) -> Result<Batch, Failure> {
        match self {
            Job::Parsed(batch) => Ok(batch),
            Job::Lines {
                chunk,
                first_operation,
                name,
            } => {
                let operations = chunk
                    .operations()
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| Failure::Data(format!("{name}{e}")))?;
                Ok(Batch {
                    first_operation,
                    operations,
                })
            }
        }
    }
}

/// How one input is laid out.
enum Layout {
    /// One operation per line, read in chunks of lines.
    JsonLines,
    /// One dataset document, read whole.
    Document,
}

fn layout_of_name(path: &std::path::Path) -> Layout {
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl" | "ndjson") => Layout::JsonLines,
        _ => Layout::Document,
    }
}

/// Whether the first non-blank line is a whole object with an `id`: JSON Lines of
/// operations (a dataset document starts with its version instead).
fn looks_like_json_lines(first_line: &str) -> bool {
    let first = first_line.trim_start_matches('\u{feff}').trim();
    first.starts_with('{')
        && first.ends_with('}')
        && serde_json::from_str::<serde_json::Value>(first).is_ok_and(|v| v.get("id").is_some())
}

impl Inputs {
    /// How many threads to use: `--threads`, or one per core.
    pub fn threads(&self) -> NonZeroUsize {
        self.threads
            .unwrap_or_else(|| std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN))
    }

    /// Reads every input in batches of consecutive operations, has `work` process
    /// each batch on one of `--threads` threads, and gives the results to `fold` in
    /// input order. JSON Lines (by file name, or detected on standard input) is read
    /// in chunks of lines, parsed by the workers, and never held whole; a dataset
    /// document is read whole. Nothing longer than the record limit is read into
    /// memory. Progress is shown in bytes read.
    ///
    /// Results and errors are those of one thread doing the batches in order, for
    /// any number of threads.
    pub fn fold_batches<R: Send>(
        &self,
        work: impl Fn(Batch) -> Result<R, Failure> + Sync,
        fold: impl FnMut(R) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let workers = pipeline::Workers {
            threads: self.threads(),
            start: || (),
            end: |()| (),
        };
        self.fold_batches_per_thread(&workers, |(), batch| work(batch), fold)
            .map(drop)
    }

    /// As [`fold_batches`](Self::fold_batches), each thread keeping state of its
    /// own across the batches it does (made by the workers' `start`); gives what
    /// their `end` made of each thread's state, in no particular order.
    pub fn fold_batches_per_thread<S, T: Send, R: Send>(
        &self,
        workers: &pipeline::Workers<impl Fn() -> S + Sync, impl Fn(S) -> T + Sync>,
        work: impl Fn(&mut S, Batch) -> Result<R, Failure> + Sync,
        fold: impl FnMut(R) -> Result<(), Failure>,
    ) -> Result<Vec<T>, Failure> {
        let total = self
            .files
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .sum::<u64>();
        let bar = progress::bytes(total);
        let jobs = Jobs {
            files: self.files.iter(),
            limit: self.max_record_bytes,
            bar: &bar,
            open: Open::Nothing,
            operations: 0,
        };
        let result = workers.ordered(jobs, |state, job: Job| work(state, job.into_batch()?), fold);
        bar.finish_and_clear();
        result
    }

    /// Calls `add` with every operation of every input in turn, parsed on
    /// `--threads` threads.
    pub fn for_each_operation(
        &self,
        mut add: impl FnMut(Operation) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        self.fold_batches(Ok, |batch| {
            batch.operations.into_iter().try_for_each(&mut add)
        })
    }

    /// Every operation of every input, held in one dataset.
    pub fn read_dataset(&self) -> Result<Dataset, Failure> {
        let mut operations = Vec::new();
        self.for_each_operation(|operation| {
            operations.push(operation);
            Ok(())
        })?;
        Ok(Dataset::new(operations))
    }
}

/// The jobs of all the inputs, in input order: each call reads the next chunk of
/// lines, or hands on the next batch of a document's operations (reading the whole
/// document first).
struct Jobs<'a> {
    files: std::slice::Iter<'a, PathBuf>,
    limit: usize,
    bar: &'a ProgressBar,
    open: Open,
    // Operations in the jobs made so far.
    operations: usize,
}

/// The input being read.
enum Open {
    /// None: the next one is opened.
    Nothing,
    /// JSON Lines, with what to put before an error message.
    Lines {
        lines: OperationLines<Box<dyn BufRead + Send>>,
        name: &'static str,
    },
    /// The operations of a document not yet handed on.
    Document(std::vec::IntoIter<Operation>),
}

impl Iterator for Jobs<'_> {
    type Item = Result<Job, Failure>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            match &mut self.open {
                Open::Nothing => {
                    let path = self.files.next()?;
                    match open(path, self.limit, self.bar) {
                        Ok(open) => self.open = open,
                        Err(error) => return Some(Err(error)),
                    }
                }
                Open::Lines { lines, name } => match lines.next_chunk(CHUNK_BYTES) {
                    None => self.open = Open::Nothing,
                    Some(Err(e)) => return Some(Err(Failure::Data(format!("{name}{e}")))),
                    Some(Ok(chunk)) => {
                        let first_operation = self.operations;
                        self.operations += chunk.operation_count();
                        return Some(Ok(Job::Lines {
                            chunk,
                            first_operation,
                            name,
                        }));
                    }
                },
                Open::Document(rest) => {
                    let operations: Vec<Operation> = rest.take(CHUNK_OPERATIONS).collect();
                    if operations.is_empty() {
                        self.open = Open::Nothing;
                        continue;
                    }
                    let first_operation = self.operations;
                    self.operations += operations.len();
                    return Some(Ok(Job::Parsed(Batch {
                        first_operation,
                        operations,
                    })));
                }
            }
        }
    }
}

/// Opens an input: JSON Lines to read in chunks, or a document read whole.
fn open(path: &std::path::Path, limit: usize, bar: &ProgressBar) -> Result<Open, Failure> {
    if path.as_os_str() == "-" {
        let (head, rest) = first_line(bar.wrap_read(std::io::stdin()), limit)?;
        let reader = std::io::Cursor::new(head.clone()).chain(rest);
        return if looks_like_json_lines(&String::from_utf8_lossy(&head)) {
            Ok(Open::Lines {
                lines: OperationLines::new(Box::new(BufReader::new(reader)) as Box<_>)
                    .max_line_bytes(limit),
                name: "<stdin>: ",
            })
        } else {
            Dataset::from_reader_with_limit(reader, limit)
                .map(|dataset| Open::Document(dataset.operations.into_iter()))
                .map_err(|e| Failure::Data(format!("<stdin>: {e}")))
        };
    }
    let file = File::open(path).map_err(|e| Failure::Data(format!("{}: {e}", path.display())))?;
    let reader = bar.wrap_read(file);
    match layout_of_name(path) {
        Layout::JsonLines => Ok(Open::Lines {
            lines: OperationLines::new(
                Box::new(BufReader::with_capacity(READ_BUFFER, reader)) as Box<_>
            )
            .named(path)
            .max_line_bytes(limit),
            name: "",
        }),
        Layout::Document => Dataset::from_reader_with_limit(reader, limit)
            .map(|dataset| Open::Document(dataset.operations.into_iter()))
            .map_err(|e| Failure::Data(format!("{}: {e}", path.display()))),
    }
}

/// How much of an input is read at a time: enough for few system calls and progress
/// updates, little enough that what the kernel copies in is still in the cache when
/// it is copied into a chunk of lines. Reads
/// of 256 KiB took twice the system time of 64 KiB ones on a 646 MB file (0.4 s
/// against 0.2 s), and the summary of it 10% longer.
const READ_BUFFER: usize = 64 << 10;

/// Reads up to and including the first non-blank line (at most `limit` bytes), to
/// tell JSON Lines from one document; gives it back with the rest of the stream.
fn first_line<R: Read>(reader: R, limit: usize) -> Result<(Vec<u8>, BufReader<R>), Failure> {
    let mut reader = BufReader::with_capacity(READ_BUFFER, reader);
    let mut head = Vec::new();
    while head.iter().all(u8::is_ascii_whitespace) {
        let before = head.len();
        let room = (limit + 1).saturating_sub(head.len()) as u64;
        let read = (&mut reader)
            .take(room)
            .read_until(b'\n', &mut head)
            .map_err(|e| Failure::Data(format!("<stdin>: {e}")))?;
        if read == 0 || head.len() > limit || head.len() == before {
            break;
        }
    }
    if head.len() > limit {
        return Err(Failure::Data(format!(
            "<stdin>: line 1 is longer than the limit of {limit} bytes"
        )));
    }
    Ok((head, reader))
}
