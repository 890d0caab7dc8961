//! The bundled CyberTipline series: yearly figures with reporting periods, from
//! NCMEC's 2022 report, its press release of March 2022 and Thorn's summary of June
//! 2023, and what reconciliation finds in them.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::reconcile::{ConflictKind, reconcile};
use investigation_outcomes::{Dataset, Interval, Metric, Period, validate};

fn series() -> Dataset {
    Dataset::cybertipline().unwrap()
}

#[test]
fn validates_clean_and_saves_back_byte_for_byte() {
    let dataset = series();
    let report = validate(&dataset);
    assert!(report.is_clean(), "{report}");
    assert_eq!(
        dataset.to_json_string(),
        Dataset::CYBERTIPLINE_JSON.trim_end()
    );
}

#[test]
fn every_figure_is_for_a_year_and_cites_a_listed_source() {
    let dataset = series();
    let operation = &dataset.operations[0];
    for claim in &operation.claims {
        assert_eq!(claim.metric, Metric::ReportsReceived);
        let period = claim.scope.period.unwrap();
        assert!(["2020", "2021", "2022"].contains(&period.to_string().as_str()));
        assert!(operation.source(&claim.citation.source).is_some());
        // The report's table is rendered, not quoted: marked as such.
        assert_eq!(
            claim.citation.paraphrase,
            claim
                .citation
                .quote
                .starts_with("Categorization of CyberTipline Reports")
        );
    }
}

#[test]
fn the_press_release_rounds_down_where_the_report_is_exact() {
    let result = reconcile(&series());
    let found: Vec<(String, ConflictKind, &str, &str)> = result
        .conflicts()
        .map(|(group, c)| {
            (
                group.scope.period.unwrap().to_string(),
                c.kind,
                c.first.claim.as_str(),
                c.second.claim.as_str(),
            )
        })
        .collect();
    // "21.7 million" and "29.3 million" are truncations of 21,751,085 and
    // 29,397,681: as figures rounded to 0.1 million they cannot be those totals.
    assert_eq!(
        found,
        [
            (
                "2020".to_owned(),
                ConflictKind::Disagreement,
                "prnewswire-2020",
                "ncmec-2020"
            ),
            (
                "2021".to_owned(),
                ConflictKind::Disagreement,
                "prnewswire-2021",
                "ncmec-2021"
            ),
        ]
    );
    // For 2022 the three figures agree: "more than 32 million", twice, and 32,059,029.
    let year_2022: Period = "2022".parse().unwrap();
    let group = result
        .groups()
        .iter()
        .find(|g| g.scope.period == Some(year_2022))
        .unwrap();
    assert_eq!(group.claims.len(), 3);
    assert!(group.conflicts.is_empty());
    assert_eq!(group.agreed, Some(Interval::exact(32_059_029)));
    // Years are never compared with each other: 2020 below 2021 is no decrease.
    assert!(
        result
            .conflicts()
            .all(|(_, c)| c.kind != ConflictKind::Decrease)
    );
}
