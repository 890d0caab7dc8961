//! Reading JSON Lines allocates at most two blocks of heap memory per case on
//! average, counted by a counting global allocator (so this file holds one test: the
//! count is for the whole process).

use std::alloc::System;

use investigation_outcomes::OperationLines;
use investigation_outcomes::synthetic::SyntheticConfig;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

#[test]
fn reading_allocates_at_most_two_blocks_a_case() {
    let cases = 20_000;
    let dataset = SyntheticConfig {
        seed: 42,
        operations: 20,
        cases,
    }
    .dataset();
    let mut bytes = Vec::new();
    dataset.to_json_lines(&mut bytes).unwrap();
    drop(dataset);

    let region = Region::new(GLOBAL);
    let operations: Vec<_> = OperationLines::new(bytes.as_slice())
        .collect::<Result<_, _>>()
        .unwrap();
    let change = region.change();

    let read: usize = operations.iter().map(|o| o.cases.len()).sum();
    assert_eq!(read, cases);
    let blocks = change.allocations + change.reallocations;
    let per_case = blocks as f64 / cases as f64;
    assert!(
        per_case <= 2.0,
        "{per_case:.2} allocations per case ({} allocations, {} reallocations)",
        change.allocations,
        change.reallocations
    );
}
