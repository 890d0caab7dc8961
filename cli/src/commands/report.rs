//! `outcomes report`: one self-contained HTML page of a dataset's findings.

use investigation_outcomes::aggregate::GroupBy;
use investigation_outcomes::html::{PageOptions, page};
use investigation_outcomes::report::StatisticsRule;
use investigation_outcomes::{Dataset, OperationId};

use crate::commands::summary::{Round, parse_group_by, protection};
use crate::input::Inputs;
use crate::output;
use crate::{Done, Failure};

/// Write one HTML page a person reads: the findings first (validation, conflicts and
/// revisions, breakdowns, case records against the figures), the yearly series as
/// charts, the case records' funnel and custodial terms under the same disclosure
/// control as `summary`, and every operation with every figure, its source and its
/// quote.
///
/// The page is self-contained: no script, font or image is fetched, it works opened
/// from disk, and it prints. With more than 50 operations, each is a row of an index:
/// make a page of one with --operation.
///
/// Exits 0 when done, 1 on unreadable input or when the case records' figures cannot
/// be protected (nothing is printed then), 2 on wrong usage.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    inputs: Inputs,
    /// Only this operation.
    #[arg(long, value_name = "ID")]
    operation: Option<OperationId>,
    /// Group the case records' counts as `summary --by` does.
    #[arg(long, value_name = "LIST", value_parser = parse_group_by, default_value = "")]
    by: GroupBy,
    /// Withhold the case records' counts below N, as `summary` does.
    #[arg(long, value_name = "N")]
    suppress_below: Option<u64>,
    /// Publish a statistic only over at least N people, as `summary` does.
    #[arg(long, value_name = "N")]
    min_people: Option<u64>,
    /// Random rounding of the case records' counts.
    #[arg(long, value_enum)]
    round: Option<Round>,
    /// Seed of the random rounding.
    #[arg(long, value_name = "S", default_value_t = 0)]
    seed: u64,
}

/// Runs the subcommand.
pub fn run(args: &Args) -> Result<Done, Failure> {
    let mut operations = Vec::new();
    args.inputs.for_each_operation(|operation| {
        if args.operation.as_ref().is_none_or(|id| *id == operation.id) {
            operations.push(operation);
        }
        Ok(())
    })?;
    if let (Some(id), true) = (&args.operation, operations.is_empty()) {
        return Err(Failure::Data(format!(
            "no operation {:?} in the input",
            id.as_str()
        )));
    }
    let options = PageOptions {
        protection: protection(args.suppress_below, args.round, args.seed),
        statistics: StatisticsRule {
            min_people: args.min_people,
            extremes: false,
        },
        group_by: args.by,
        ..PageOptions::default()
    };
    let html = page(&Dataset::new(operations), &options)
        .map_err(|e| Failure::Data(format!("refusing to publish: {e}")))?;
    output::emit(html)?;
    Ok(Done::Success)
}
