//! Summarise a dataset in shards, each in its own process, and merge the partial
//! summaries: what a job on a cluster does with more data than one machine holds.
//!
//! The dataset is split by operation (a summary's parts must be whole operations).
//! Each shard goes to a child process, which writes its partial summary (versioned
//! JSON, the stable format of `Summary::to_partial_json`). The parent merges the
//! partials and checks the result against the summary of the whole in one process.
//!
//! ```text
//! cargo run --example sharded_summary            # 4 shards of a generated dataset
//! cargo run --example sharded_summary -- 8       # 8 shards
//! ```

// Examples print what they show.
#![allow(clippy::print_stdout)]

use std::io::Write;
use std::process::{Command, Stdio};

use investigation_outcomes::Dataset;
use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary, SummaryMerger};
use investigation_outcomes::synthetic::SyntheticConfig;

/// The argument that makes this program a shard's worker.
const WORKER: &str = "--summarise-shard";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let group_by = GroupBy::country_and_offence();
    let rule = HeaviestSentence::default();

    if args.first().map(String::as_str) == Some(WORKER) {
        // A worker: JSON Lines of its shard's operations in, a partial summary out.
        let dataset = Dataset::from_json_lines(std::io::stdin().lock())?;
        let partial = Summary::of(&dataset, group_by, &rule);
        println!("{}", partial.to_partial_json());
        return Ok(());
    }
    if args.first().is_some_and(|a| a == "--help" || a == "-h") {
        println!("usage: sharded_summary [SHARDS]");
        return Ok(());
    }
    let shards: usize = match args.first() {
        Some(n) => n.parse()?,
        None => 4,
    };

    let dataset = SyntheticConfig {
        seed: 3,
        operations: 24,
        cases: 6_000,
    }
    .dataset();

    // Each shard in its own process; the partial summaries come back as text.
    let per_shard = dataset.operations.len().div_ceil(shards.max(1));
    let mut partials = Vec::new();
    for operations in dataset.operations.chunks(per_shard.max(1)) {
        let mut child = Command::new(std::env::current_exe()?)
            .arg(WORKER)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let mut input = child.stdin.take().ok_or("no pipe to the shard's process")?;
        Dataset::new(operations.to_vec()).to_json_lines(&mut input)?;
        input.flush()?;
        drop(input);
        let output = child.wait_with_output()?;
        if !output.status.success() {
            return Err("a shard's process failed".into());
        }
        partials.push(String::from_utf8(output.stdout)?);
    }

    // The final step: read every partial and merge them.
    let mut merger = SummaryMerger::default();
    for text in &partials {
        merger.push(Summary::from_partial_json(text.trim_end())?)?;
    }
    let merged = merger.finish()?.ok_or("no shards")?;

    let whole = Summary::of(&dataset, group_by, &rule);
    println!(
        "{} shards, {} operations, {} cases; merged partials equal the summary of the whole: {}",
        partials.len(),
        merged.operations(),
        merged.cases(),
        merged == whole
    );
    if merged != whole {
        return Err("the merged summary differs from the whole".into());
    }
    Ok(())
}
