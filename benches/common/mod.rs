//! What the reading benchmarks share: the JSON Lines they read.

use investigation_outcomes::synthetic::SyntheticConfig;

/// `cases` generated cases (seed 42, a thousand to an operation) as JSON Lines. A
/// dataset that cannot be written ends the benchmark with a message naming it,
/// rather than timing an empty read.
pub fn generated_json_lines(benchmark: &str, cases: usize) -> Vec<u8> {
    let dataset = SyntheticConfig {
        seed: 42,
        operations: (cases / 1_000).max(1),
        cases,
    }
    .dataset();
    let mut bytes = Vec::new();
    if let Err(error) = dataset.to_json_lines(&mut bytes) {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("{benchmark}/{cases}: could not write the cases: {error}");
        }
        std::process::exit(1);
    }
    bytes
}
