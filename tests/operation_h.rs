//! The bundled Operation H dataset: it loads, validates cleanly, round-trips, and holds
//! the seed article's figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::{
    Area, Claim, CustodialTerm, Dataset, Interval, Jurisdiction, Metric, Operation, Quantity, Term,
    validate,
};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/operation-h.json");

fn operation_h() -> Operation {
    let dataset = Dataset::from_path(PATH).unwrap();
    assert_eq!(dataset.operations.len(), 1);
    dataset.operations.into_iter().next().unwrap()
}

fn area(code: &str) -> Option<Area> {
    Some(code.parse().unwrap())
}

/// The claims of the seed article (RNZ, 2 March 2022) for a metric and area.
fn seed_claims(op: &Operation, metric: Metric, scope_area: Option<Area>) -> Vec<&Claim> {
    op.claims
        .iter()
        .filter(|c| c.citation.source.as_str() == "rnz-2022-03-02")
        .filter(|c| c.metric == metric && c.scope.area == scope_area && c.scope.agency.is_none())
        .collect()
}

fn seed_quantity(op: &Operation, metric: Metric, scope_area: Option<Area>) -> Quantity {
    let claims = seed_claims(op, metric, scope_area);
    assert_eq!(claims.len(), 1, "{metric} {scope_area:?}");
    claims[0].quantity
}

#[test]
fn loads_and_validates_without_findings() {
    let dataset = Dataset::from_path(PATH).unwrap();
    let report = validate(&dataset);
    assert!(report.is_clean(), "{report}");
}

#[test]
fn saves_back_equal_and_byte_for_byte() {
    let text = std::fs::read_to_string(PATH).unwrap();
    let dataset = Dataset::from_json_str(&text).unwrap();
    let saved = dataset.to_json_string() + "\n";
    assert_eq!(Dataset::from_json_str(&saved).unwrap(), dataset);
    assert_eq!(
        saved, text,
        "the bundled file is in the crate's canonical form"
    );

    let mut lines = Vec::new();
    dataset.to_json_lines(&mut lines).unwrap();
    assert_eq!(Dataset::from_json_lines(lines.as_slice()).unwrap(), dataset);
}

#[test]
fn holds_the_seed_figures() {
    let op = operation_h();
    assert_eq!(
        seed_quantity(&op, Metric::CountriesInvolved, None),
        Quantity::exact(13)
    );
    assert_eq!(
        seed_quantity(&op, Metric::ChildrenSafeguarded, None),
        Quantity::exact(146)
    );
    assert_eq!(
        seed_quantity(&op, Metric::ChildrenSafeguarded, area("NZ")),
        Quantity::exact(6)
    );
    assert_eq!(
        seed_quantity(&op, Metric::Arrests, area("NZ")),
        Quantity::exact(46)
    );
    assert_eq!(
        seed_quantity(&op, Metric::AccountsIdentified, area("NZ")),
        Quantity::exact(125)
    );

    let people = seed_quantity(&op, Metric::PersonsIdentified, None);
    assert_eq!(people, "about 90000".parse().unwrap());
    assert_eq!(
        people.interval(),
        Interval::new(85_000, Some(95_000)).unwrap()
    );

    let longest = seed_quantity(&op, Metric::LongestSentence, area("NZ"));
    assert_eq!(longest.to_string(), "just over 60 (precision 12)");
    assert!(longest.interval().low() > Term::years(5).months_rounded_up());
    assert!(
        longest
            .interval()
            .contains(Term::new(5, 2, 0).months_rounded_up())
    );
}

#[test]
fn names_the_operation_its_alias_referral_and_partners() {
    let op = operation_h();
    assert_eq!(op.name, "Operation H");
    assert_eq!(op.aliases[0].name, "Operation Molto");
    assert_eq!(
        op.aliases[0].jurisdiction,
        "AU".parse::<Jurisdiction>().unwrap()
    );
    assert_eq!(op.started.unwrap().to_string(), "2019-10");
    assert_eq!(
        op.referral.as_ref().unwrap().kind,
        investigation_outcomes::ReferralKind::ElectronicServiceProvider
    );
    let partners: Vec<&str> = op.partner_agencies.iter().map(|a| a.as_str()).collect();
    assert_eq!(
        partners,
        ["fbi", "afp", "rcmp", "nca", "europol", "interpol"]
    );
    for code in ["NZ", "AU", "GB", "CA", "US"] {
        assert!(op.has_participant(code.parse().unwrap()), "{code}");
    }
}

#[test]
fn records_the_two_australian_sentences() {
    let op = operation_h();
    let terms: Vec<(String, CustodialTerm)> = op
        .cases
        .iter()
        .map(|c| {
            (
                c.jurisdiction.to_string(),
                c.sentence
                    .as_ref()
                    .unwrap()
                    .effective_custodial_term()
                    .unwrap(),
            )
        })
        .collect();
    assert_eq!(
        terms,
        [
            (
                "AU-VIC".to_owned(),
                CustodialTerm::Determinate(Term::years(3))
            ),
            (
                "AU-TAS".to_owned(),
                CustodialTerm::Determinate(Term::months(12))
            ),
        ]
    );
    // Each record cites the release or report it rests on, with its words, and each
    // sentence the words that state it.
    for case in &op.cases {
        assert!(!case.citations.is_empty(), "{}", case.id);
        let sentence = &case.sentence.as_ref().unwrap().citations;
        assert_eq!(sentence.len(), 1, "{}", case.id);
        for (_, citation) in case.all_citations() {
            assert!(op.source(&citation.source).is_some());
            assert!(!citation.paraphrase);
        }
    }
    let quotes: Vec<&str> = op
        .cases
        .iter()
        .map(|c| c.sentence.as_ref().unwrap().citations[0].quote.as_str())
        .collect();
    assert!(quotes[0].contains("three years imprisonment"), "{quotes:?}");
    assert!(quotes[1].contains("12-months in jail"), "{quotes:?}");
}

#[test]
fn keeps_conflicting_figures_as_data() {
    let op = operation_h();
    let worldwide_children: Vec<u64> = op
        .claims
        .iter()
        .filter(|c| c.metric == Metric::ChildrenSafeguarded && c.scope.is_whole())
        .filter_map(|c| c.quantity.value())
        .collect();
    assert!(worldwide_children.contains(&146) && worldwide_children.contains(&153));
}

#[test]
fn the_format_documentation_example_reads_and_validates() {
    let doc = include_str!("../docs/format.md");
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let dataset = Dataset::from_json_str(&doc[start..end]).unwrap();
    let report = validate(&dataset);
    assert!(report.is_clean(), "{report}");
    assert_eq!(dataset.operations[0].cases[0].charges[0].counts.get(), 4);
}

#[test]
fn renderings_of_tables_are_marked_as_paraphrases_and_quotes_are_not() {
    // The ABC and 7News state figures and the AFP's table by state are the dataset's
    // renderings ("QLD 58", "VIC 11/105/6"); everything else is the source's words.
    let op = operation_h();
    let rendered: Vec<&str> = op
        .claims
        .iter()
        .filter(|c| c.citation.paraphrase)
        .map(|c| c.citation.source.as_str())
        .collect();
    assert_eq!(rendered.len(), 30);
    assert!(
        rendered
            .iter()
            .all(|s| ["abc-2022-03", "7news-2022-03", "afp-2020-10-23"].contains(s))
    );
    // No quote left unmarked has the shape of a rendering: a state code and figures.
    let rendering = |quote: &str| {
        quote.split_once(' ').is_some_and(|(state, figures)| {
            state.chars().all(|c| c.is_ascii_uppercase())
                && figures.chars().all(|c| c.is_ascii_digit() || c == '/')
        })
    };
    for claim in op.claims.iter().filter(|c| !c.citation.paraphrase) {
        assert!(!rendering(&claim.citation.quote), "{}", claim.id);
    }
    assert!(rendering("QLD 58") && rendering("VIC 11/105/6"));
}
