//! `outcomes summary`: counts grouped by the dimensions named, the funnel from
//! identified to sentenced to custody, sentence statistics and time to outcome; as a
//! table, CSV or JSON; with audited disclosure control; and an SVG chart.

mod chart;
mod pivot;

use std::path::PathBuf;

use clap::ValueEnum;
use investigation_outcomes::aggregate::{
    FirstListed, GroupBy, HeaviestSentence, MergeError, PrincipalOffenceRule, RunSummary,
    RunSummaryBuilder, SummaryMerger,
};
use investigation_outcomes::disclosure::{Protection, Rounding};
use investigation_outcomes::report::{RunMetadata, StatisticsRule, SummaryReport};

use crate::input::Inputs;
use crate::output::{self, Format};
use crate::pipeline;
use crate::{Done, Failure};

/// The principal-offence rule that counts people.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Rule {
    /// The heaviest sentence, then the highest statutory maximum.
    Heaviest,
    /// The first charge listed.
    First,
}

/// Random rounding of published counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Round {
    /// Random rounding to base 3 (Stats NZ).
    Rr3,
    /// Graduated random rounding.
    Grr,
}

/// Counts, funnel, sentence statistics and time to outcome of datasets.
///
/// CSV and JSON are long tables: section, unit, by (the grouping of a grouped
/// table), group, measure, value, suppressed. A withheld value is empty (CSV) or
/// null (JSON) with suppressed = true. CSV holds the header row and data rows only:
/// the run's metadata (inputs, rule, groupings, disclosure control and its audit) is
/// in the JSON output, or in the file named by --metadata.
///
/// Exits 0 when done, 1 on unreadable input or when protection cannot be achieved
/// (nothing is printed then), 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Group counts by any of: operation, jurisdiction, country, offence,
    /// iccs[:section|division|group|class], year[:arrest|charge|verdict|sentence]
    /// (comma-separated; by default one group). Repeat it for a table by each
    /// grouping (`--by country --by country,offence`), all protected as one problem;
    /// per-group statistics are then those of the first. The funnel is always by
    /// country (with an `all` row), so that stages compare within one legal system.
    #[arg(long, value_name = "LIST", value_parser = parse_group_by, action = clap::ArgAction::Append)]
    by: Vec<GroupBy>,
    /// The principal-offence rule for counting people.
    #[arg(long, value_enum, default_value_t = Rule::Heaviest)]
    rule: Rule,
    /// Write the summary as a partial summary (one line of versioned JSON) for
    /// `outcomes merge`, instead of publishing it: for datasets summarised in parts,
    /// split by operation.
    #[arg(long, conflicts_with_all = ["format", "suppress_below", "round", "chart", "metadata", "min_people", "extremes"])]
    partial: bool,
    #[command(flatten)]
    publish: Publish,
}

/// How a summary is published: the options `summary` and `merge` share.
#[derive(clap::Args, Debug)]
pub struct Publish {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Withhold counts below N, and complements until an audit of all the run
    /// publishes finds that none of them can be narrowed below N. Every count is a
    /// sum of the records' inner cells, so the audit knows every relation between
    /// the figures of this run; separate runs are not protected against each other
    /// (publish several groupings from one run, with --by repeated).
    #[arg(long, value_name = "N")]
    suppress_below: Option<u64>,
    /// Publish a median, mean or 90th percentile only over at least N people (default
    /// 10 once any disclosure control is on; never fewer than --suppress-below).
    /// Statistics are whole months or days.
    #[arg(long, value_name = "N")]
    min_people: Option<u64>,
    /// Also publish the shortest and longest custodial terms: each is one person's
    /// sentence.
    #[arg(long)]
    extremes: bool,
    /// Random rounding of the published counts.
    #[arg(long, value_enum)]
    round: Option<Round>,
    /// Seed of the random rounding.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
    /// Also draw the funnel and the sentence-length distribution as SVG.
    #[arg(long, value_name = "FILE.svg")]
    chart: Option<PathBuf>,
    /// Also write the run's metadata (inputs, rule, disclosure control, audit) as JSON.
    #[arg(long, value_name = "FILE.json")]
    metadata: Option<PathBuf>,
}

pub(crate) fn parse_group_by(text: &str) -> Result<GroupBy, String> {
    text.parse()
        .map_err(|e: investigation_outcomes::CodeError| e.to_string())
}

fn write_file(path: &PathBuf, contents: &str) -> Result<(), Failure> {
    std::fs::write(path, contents).map_err(|e| Failure::Data(format!("{}: {e}", path.display())))
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let heaviest = HeaviestSentence::default();
    let rule: &(dyn PrincipalOffenceRule + Sync) = match args.rule {
        Rule::Heaviest => &heaviest,
        Rule::First => &FirstListed,
    };
    let summary = summarise(&args.inputs, &args.by, rule)?;
    if args.partial {
        output::emit(summary.to_partial_json())?;
        return Ok(Done::Success);
    }
    publish(&summary, &args.publish)
}

/// Summarises the operations as they are read, each thread into a builder of its
/// own, and merges the threads' summaries exactly: JSON Lines is never held whole.
/// Merging is associative and commutative, so which thread summarised which
/// operations does not change the result.
fn summarise(
    inputs: &Inputs,
    by: &[GroupBy],
    rule: &(dyn PrincipalOffenceRule + Sync),
) -> Result<RunSummary, Failure> {
    let cannot_add = |e: MergeError| Failure::Data(format!("cannot add up the summary: {e}"));
    let workers = pipeline::Workers {
        threads: inputs.threads(),
        start: || RunSummaryBuilder::new(by, rule),
        end: RunSummaryBuilder::finish,
    };
    let parts = inputs.fold_batches_per_thread(
        &workers,
        |builder, batch| {
            for operation in &batch.operations {
                builder.add_operation(operation);
            }
            Ok(())
        },
        Ok,
    )?;
    let mut merger = SummaryMerger::default();
    for part in parts {
        merger.push(part).map_err(cannot_add)?;
    }
    match merger.finish().map_err(cannot_add)? {
        Some(summary) => Ok(summary),
        // No thread: the summary of nothing.
        None => Ok(RunSummaryBuilder::new(by, rule).finish()),
    }
}

/// The protection the tool's options ask for: `summary`'s, `merge`'s and `report`'s.
pub(crate) fn protection(
    suppress_below: Option<u64>,
    round: Option<Round>,
    seed: u64,
) -> Protection {
    Protection {
        suppress_below,
        rounding: match round {
            None => Rounding::None,
            Some(Round::Rr3) => Rounding::Rr3,
            Some(Round::Grr) => Rounding::Graduated,
        },
        seed,
        ..Protection::default()
    }
}

/// Protects and publishes a summary: the table, CSV or JSON, the chart and the
/// metadata.
pub fn publish(run: &RunSummary, args: &Publish) -> Result<Done, Failure> {
    let protection = protection(args.suppress_below, args.round, args.seed);
    let rule = StatisticsRule {
        min_people: args.min_people,
        extremes: args.extremes,
    };
    let report = SummaryReport::of_run(run, &protection, &rule)
        .map_err(|e| Failure::Data(format!("refusing to publish: {e}")))?;
    let summary = run.first();
    let metadata = RunMetadata::new(summary, &protection, &report);
    let audit_statement = metadata.audit_statement.as_str();
    let SummaryReport {
        rows,
        funnel,
        histogram,
        ..
    } = report;
    let inputs = format!(
        "{}, {}; people counted under the principal-offence rule \"{}\"",
        output::count(summary.operations() as usize, "operation"),
        output::count(summary.cases() as usize, "case"),
        summary.counts().rule(),
    );
    let disclosure = format!("disclosure control: {protection}");
    if let Some(path) = &args.chart {
        let footer = [inputs.as_str(), disclosure.as_str(), audit_statement];
        write_file(path, &chart::chart(&funnel, &histogram, footer))?;
    }
    if let Some(path) = &args.metadata {
        let json =
            serde_json::to_string_pretty(&metadata).map_err(|e| Failure::Data(e.to_string()))?;
        write_file(path, &json)?;
    }

    match args.format {
        Format::Json => output::emit_json(&metadata.with_rows(&rows))?,
        Format::Csv => output::emit(investigation_outcomes::report::csv(&rows).trim_end())?,
        Format::Table => {
            output::emit(format!("# {inputs}; {disclosure}; {audit_statement}"))?;
            for block in pivot::pivot(&rows) {
                output::emit(block)?;
            }
        }
    }
    Ok(Done::Success)
}
