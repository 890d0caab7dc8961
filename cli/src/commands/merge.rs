//! `outcomes merge`: partial summaries, written by `outcomes summary --partial` in
//! separate processes (or by any job that writes the format), merged and published.

use std::path::PathBuf;

use investigation_outcomes::aggregate::{RunSummary, SummaryMerger};

use super::summary::{self, Publish};
use crate::{Done, Failure};

/// Merge partial summaries and publish the result, as `summary` would publish the
/// summary of all their inputs.
///
/// Each file holds one partial summary (`outcomes summary --partial`); all must be
/// grouped alike and made under the same principal-offence rule. Summarise parts split
/// by operation: people are identified within one.
///
/// Exits 0 when done, 1 on an unreadable or unmergeable partial, or when protection
/// cannot be achieved, 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Partial summaries.
    #[arg(value_name = "PARTIAL", required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    publish: Publish,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    // Merged in a balanced tree: 10,000 partials cost about as much as a few
    // merges of the whole.
    let mut merger = SummaryMerger::default();
    for path in &args.partials {
        let failure = |e: &dyn std::fmt::Display| Failure::Data(format!("{}: {e}", path.display()));
        let text = std::fs::read_to_string(path).map_err(|e| failure(&e))?;
        let part = RunSummary::from_partial_json(text.trim_end()).map_err(|e| failure(&e))?;
        merger.push(part).map_err(|e| failure(&e))?;
    }
    let merged = merger
        .finish()
        .map_err(|e| Failure::Data(format!("cannot add up the partial summaries: {e}")))?;
    match merged {
        Some(summary) => summary::publish(&summary, &args.publish),
        None => Err(Failure::Usage("no partial summaries given".to_owned())),
    }
}
