//! Heap allocations per case when reading JSON Lines into operations, counted by a
//! counting global allocator over the whole read (`tests/read_allocations.rs` holds
//! the count to two at most). Kept apart from `benches/parse.rs`, whose timings the
//! counting would slow.
//!
//! ```text
//! cargo bench --bench allocations
//! ```

use std::alloc::System;
use std::hint::black_box;

use investigation_outcomes::OperationLines;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

mod common;

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn main() {
    // `cargo bench -- --test` only checks that the benchmark runs: the small size.
    let test_run = std::env::args().any(|arg| arg == "--test");
    let sizes: &[usize] = if test_run {
        &[10_000]
    } else {
        &[100_000, 1_000_000]
    };
    for &cases in sizes {
        let bytes = common::generated_json_lines("allocations", cases);

        let region = Region::new(GLOBAL);
        let read: usize = OperationLines::new(bytes.as_slice())
            .map(|operation| operation.map_or(0, |o| black_box(o).cases.len()))
            .sum();
        let change = region.change();
        let blocks = change.allocations + change.reallocations;
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "allocations/{cases}: {:.2} heap allocations per case \
                 ({} allocations, {} reallocations, {read} cases)",
                blocks as f64 / read.max(1) as f64,
                change.allocations,
                change.reallocations
            );
        }
    }
}
