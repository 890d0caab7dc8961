//! Whatever loads saves back equal: JSON and JSON Lines round trips over generated
//! datasets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::{Dataset, OperationLines, arbitrary};
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
        prop_assert_eq!(&Dataset::from_json_lines(lines.as_slice()).unwrap(), &dataset);
        // Read one operation at a time, the same operations come back.
        let streamed: Vec<_> = OperationLines::new(lines.as_slice())
            .collect::<Result<_, _>>()
            .unwrap();
        prop_assert_eq!(streamed, dataset.operations);
    }

    #[test]
    fn compact_json_reads_the_same(dataset in arbitrary::dataset()) {
        let compact = serde_json::to_string(&dataset).unwrap();
        prop_assert_eq!(Dataset::from_json_str(&compact).unwrap(), dataset);
    }
}

proptest! {
    #[test]
    fn text_forms_round_trip(
        jurisdiction in arbitrary::jurisdiction(),
        area in arbitrary::area(),
        date in arbitrary::partial_date(),
        quantity in arbitrary::quantity(),
        term in arbitrary::term(),
        iccs in arbitrary::iccs_code(),
    ) {
        use investigation_outcomes::{Area, IccsCode, Jurisdiction, PartialDate, Quantity, Term};
        prop_assert_eq!(jurisdiction.to_string().parse::<Jurisdiction>().unwrap(), jurisdiction);
        prop_assert_eq!(area.to_string().parse::<Area>().unwrap(), area);
        prop_assert_eq!(date.to_string().parse::<PartialDate>().unwrap(), date);
        prop_assert_eq!(quantity.to_string().parse::<Quantity>().unwrap(), quantity);
        prop_assert_eq!(term.to_string().parse::<Term>().unwrap(), term);
        prop_assert_eq!(term.to_iso8601().parse::<Term>().unwrap(), term);
        prop_assert_eq!(iccs.to_string().parse::<IccsCode>().unwrap(), iccs);
    }
}
