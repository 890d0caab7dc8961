//! Whatever loads saves back equal: JSON and JSON Lines round trips over generated
//! datasets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::{Dataset, arbitrary};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn json_round_trips(dataset in arbitrary::dataset()) {
        let text = dataset.to_json_string();
        let loaded = Dataset::from_json_str(&text).unwrap();
        prop_assert_eq!(&loaded, &dataset);
        // And the text form is stable: saving again gives the same bytes.
        prop_assert_eq!(loaded.to_json_string(), text);
    }

    #[test]
    fn json_lines_round_trip(dataset in arbitrary::dataset()) {
        let mut lines = Vec::new();
        dataset.to_json_lines(&mut lines).unwrap();
        prop_assert_eq!(lines.iter().filter(|&&b| b == b'\n').count(), dataset.operations.len());
        prop_assert_eq!(Dataset::from_json_lines(lines.as_slice()).unwrap(), dataset);
    }

    #[test]
    fn compact_json_reads_the_same(dataset in arbitrary::dataset()) {
        let compact = serde_json::to_string(&dataset).unwrap();
        prop_assert_eq!(Dataset::from_json_str(&compact).unwrap(), dataset);
    }
}
