//! Reconcile what different agencies published about one operation: where their
//! figures conflict, what breakdowns leave unattributed, and how the case records
//! compare, each with the citations involved.
//!
//! ```text
//! cargo run --example reconcile_claims
//! ```

// Examples print what they show.
#![allow(clippy::print_stdout, clippy::indexing_slicing)]

use investigation_outcomes::Dataset;
use investigation_outcomes::reconcile::{BreakdownStatus, reconcile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dataset = Dataset::operation_h()?;
    let result = reconcile(&dataset);

    // Conflicts are data, not errors: both claims are named with their quotes.
    for (group, conflict) in result.conflicts() {
        println!(
            "{} in {}: {} — \"{}\" against \"{}\"",
            group.metric,
            group.operation,
            conflict.kind,
            conflict.first.quote,
            conflict.second.quote
        );
    }

    // A breakdown whose parts sum to less than its total leaves a residual.
    for breakdown in result.breakdowns() {
        if breakdown.status == BreakdownStatus::Residual {
            println!(
                "\"{}\": {} parts leave {} unattributed",
                breakdown.total.quote,
                breakdown.parts.len(),
                breakdown
                    .residual
                    .map_or_else(|| "?".to_owned(), |r| r.to_string())
            );
        }
    }

    // Case records set beside the figures they can be checked against.
    for check in result.case_checks() {
        println!(
            "{} from the case records: {}",
            check.claim.claim, check.status
        );
    }
    Ok(())
}
