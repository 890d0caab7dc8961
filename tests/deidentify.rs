//! De-identified copies of case records: they validate, they count the same, and
//! nothing removed can be read back.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::BTreeSet;

use investigation_outcomes::aggregate::{GroupBy, HeaviestSentence, Summary};
use std::collections::HashMap;

use investigation_outcomes::deidentify::{
    CaseRow, DeidentifyError, DeidentifyPolicy, Generalisation, KAnonymity, QuasiIdentifier, Risk,
    anonymise, read_csv, write_csv,
};
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{Case, CustodialTerm, Dataset, DatePrecision, EventDate, validate};
use proptest::prelude::*;

mod common;

const KEY: &[u8] = b"a secret of thirty-two bytes!!!!";

fn generated(seed: u64) -> Dataset {
    generated_in(seed, 3, 300)
}

fn generated_in(seed: u64, operations: usize, cases: usize) -> Dataset {
    SyntheticConfig {
        seed,
        operations,
        cases,
    }
    .dataset()
}

/// Every text a dataset's case records hold, and every date in them with its precision.
fn case_texts(dataset: &Dataset) -> (BTreeSet<String>, Vec<DatePrecision>) {
    let mut texts = BTreeSet::new();
    let mut dates = Vec::new();
    for operation in &dataset.operations {
        for case in &operation.cases {
            texts.insert(case.id.to_string());
            texts.insert(case.defendant.id.to_string());
            texts.extend(case.court.clone());
            texts.extend(case.all_citations().map(|(_, c)| c.quote.clone()));
            let e = &case.events;
            dates.extend(
                [e.arrested, e.charged, e.pleaded, e.verdict, e.sentenced]
                    .into_iter()
                    .flatten()
                    .filter_map(|d| d.date())
                    .map(|d| d.precision()),
            );
            for charge in &case.charges {
                dates.extend(
                    charge
                        .offence_date
                        .iter()
                        .chain(&charge.disposition.date)
                        .map(|d| d.precision()),
                );
            }
        }
    }
    (texts, dates)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn copies_validate_count_alike_and_keep_nothing_removed(seed in 0u64..1_000, year: bool) {
        let original = generated(seed);
        let precision = if year { DatePrecision::Year } else { DatePrecision::Month };
        let policy = DeidentifyPolicy::new(KEY).unwrap().dates(precision).unwrap();
        let copy = original.deidentify(&policy);

        prop_assert!(!validate(&original).has_errors());
        let report = validate(&copy);
        prop_assert!(!report.has_errors(), "{}", report);

        // People count the same: pseudonyms keep each defendant one person. (Counts by
        // offence may move: the principal-offence rule consults the maximum penalty in
        // force on the offence date, which coarsening can blur.)
        let people = |d: &Dataset| -> Vec<usize> {
            d.operations
                .iter()
                .map(|o| o.cases.iter().map(|c| c.defendant.id.as_str()).collect::<BTreeSet<_>>().len())
                .collect()
        };
        prop_assert_eq!(people(&original), people(&copy));
        let rule = HeaviestSentence::default();
        let by = GroupBy::country_and_offence();
        let (before, after) = (Summary::of(&original, by, &rule), Summary::of(&copy, by, &rule));
        prop_assert_eq!(before.funnel(), after.funnel());
        prop_assert_eq!(before.sentences(), after.sentences());

        // No identifier or court name of the original is left, and no date is finer
        // than the policy.
        let (original_texts, _) = case_texts(&original);
        let (copy_texts, copy_dates) = case_texts(&copy);
        prop_assert!(original_texts.is_disjoint(&copy_texts));
        let json = copy.to_json_string();
        for text in &original_texts {
            prop_assert!(!json.contains(&format!("\"{text}\"")), "{} survives", text);
        }
        prop_assert!(copy_dates.iter().all(|&p| p <= precision));

        // The same key gives the same copy; another key another.
        prop_assert_eq!(original.deidentify(&policy), copy.clone());
        let other = DeidentifyPolicy::new(b"another key of enough bytes").unwrap().dates(precision).unwrap();
        prop_assert_ne!(original.deidentify(&other), copy);
    }
}

#[test]
fn operation_h_shares_without_its_court_names_or_days() {
    let original = Dataset::from_path(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/operation-h.json"
    ))
    .unwrap();
    let copy = original.deidentify(&DeidentifyPolicy::new(KEY).unwrap());
    let json = copy.to_json_string();
    assert!(!json.contains("County Court of Victoria"));
    // The records' citations go, with their words: they link a record to its report.
    assert!(
        original.operations[0]
            .cases
            .iter()
            .all(|c| !c.citations.is_empty())
    );
    assert!(
        copy.operations[0]
            .cases
            .iter()
            .all(|c| c.all_citations().next().is_none())
    );
    assert!(!json.contains("pleaded guilty to all charges"));
    assert!(!validate(&copy).has_errors());
    // Operation-level reporting is public and kept.
    assert_eq!(copy.operations[0].claims, original.operations[0].claims);
    assert_eq!(copy.operations[0].sources, original.operations[0].sources);
}

/// What the declared quasi-identifiers of a research row show, read from its JSON
/// alone: the oracle of the k-anonymity tests, sharing nothing with the crate's own
/// key.
fn visible(row: &serde_json::Value, declared: &[QuasiIdentifier]) -> String {
    let mut shown = vec![row["operation"].to_string()];
    for qi in declared {
        let columns = match qi {
            QuasiIdentifier::Jurisdiction => &["jurisdiction"][..],
            QuasiIdentifier::Dates => {
                &["arrested", "charged", "pleaded", "verdict", "sentenced"][..]
            }
            QuasiIdentifier::AgeBand => &["age_band"][..],
            QuasiIdentifier::OffenceKinds => &["offence_kinds"][..],
            QuasiIdentifier::Charges => &["charges", "convicted"][..],
            QuasiIdentifier::SentenceLength => &["custody", "custodial_months"][..],
            _ => panic!("a quasi-identifier the oracle does not know: {qi}"),
        };
        shown.extend(columns.iter().map(|c| row[c].to_string()));
    }
    shown.join("|")
}

/// The smallest class of people in research rows, counted from the rows' JSON: a
/// person is the rows that share an operation and a defendant pseudonym, and shows
/// what all of them show.
fn smallest_class(rows: &[CaseRow], declared: &[QuasiIdentifier]) -> Option<usize> {
    let mut people: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let json = serde_json::to_value(row).unwrap();
        let person = format!("{}|{}", json["operation"], json["defendant"]);
        people
            .entry(person)
            .or_default()
            .push(visible(&json, declared));
    }
    let mut classes: HashMap<String, usize> = HashMap::new();
    for mut shown in people.into_values() {
        shown.sort();
        *classes.entry(shown.join("||")).or_insert(0) += 1;
    }
    classes.into_values().min()
}

/// The whole months a determinate custodial term keeps a person, counted from the
/// sentence's JSON: the longest of the concurrent terms plus every cumulative one.
fn custodial_months(case: &Case) -> Option<u64> {
    let sentence = case.sentence.as_ref()?;
    sentence
        .effective_custodial_term()
        .ok()
        .and_then(|t| match t {
            CustodialTerm::Determinate(term) => Some(term.months_rounded_up()),
            _ => None,
        })
}

/// Every kept row says of its case only what is true: each value the case's own or
/// a coarsening of it.
fn assert_truthful(original: &Dataset, policy: &DeidentifyPolicy, rows: &[CaseRow]) {
    let mut cases = HashMap::new();
    for operation in &original.operations {
        for (case, row) in operation.cases.iter().zip(policy.rows(operation)) {
            cases.insert((row.operation.clone(), row.case.clone()), case);
        }
    }
    for row in rows {
        let case = cases[&(row.operation.clone(), row.case.clone())];
        assert!(
            row.jurisdiction == case.jurisdiction
                || row.jurisdiction == case.jurisdiction.country()
        );
        let n = |count: usize| u64::try_from(count).unwrap();
        assert!(row.charges.contains(n(case.charges.len())), "{row:?}");
        let convicted = case
            .charges
            .iter()
            .filter(|c| c.disposition.outcome.is_conviction())
            .count();
        assert!(row.convicted.contains(n(convicted)), "{row:?}");
        let mut kinds: Vec<_> = case.charges.iter().map(|c| c.offence.kind).collect();
        kinds.sort();
        kinds.dedup();
        assert_eq!(row.offence_kinds, kinds);
        if let Some(band) = row.custodial_months {
            let months = custodial_months(case).unwrap();
            assert!(band.contains(months), "{months} not in {band}");
        }
        assert_eq!(row.custody.is_some(), case.sentence.is_some());
        match (row.age_band, case.defendant.age_band) {
            (Some(shown), Some(true_band)) => {
                assert!(shown.low() <= true_band.low());
                assert!(
                    shown
                        .high()
                        .is_none_or(|h| true_band.high().is_some_and(|t| t <= h))
                );
            }
            (Some(_), None) => panic!("an age band from nowhere: {row:?}"),
            _ => {}
        }
        let events = case.events.all();
        let shown = [
            row.arrested,
            row.charged,
            row.pleaded,
            row.verdict,
            row.sentenced,
        ];
        for (shown, event) in shown.into_iter().zip(events) {
            assert_eq!(
                shown.is_some(),
                event.is_some(),
                "an event appears or vanishes"
            );
            if let (Some(EventDate::On(shown)), Some(EventDate::On(date))) = (shown, event) {
                assert!(shown.precision() <= DatePrecision::Month);
                assert_eq!(date.coarsened(shown.precision()), shown);
            }
        }
    }
}

/// k = 5 over `declared`, suppressing and withholding as much as it takes.
fn unlimited(declared: &[QuasiIdentifier]) -> KAnonymity {
    KAnonymity {
        quasi_identifiers: declared.to_vec(),
        allow_more: true,
        ..KAnonymity::default()
    }
}

/// The research rows of every case, before k-anonymity.
fn rows_of(dataset: &Dataset, policy: &DeidentifyPolicy) -> Vec<CaseRow> {
    dataset
        .operations
        .iter()
        .flat_map(|o| policy.rows(o))
        .collect()
}

fn k_anonymous(cases: usize, seed: u64, k: usize, declared: &[QuasiIdentifier], linked: bool) {
    let mut original = generated_in(seed, 4, cases);
    if linked {
        // Some defendants prosecuted twice: every seventh case is the defendant of
        // the case before it.
        for operation in &mut original.operations {
            for index in (7..operation.cases.len()).step_by(7) {
                operation.cases[index].defendant.id =
                    operation.cases[index - 1].defendant.id.clone();
            }
        }
    }
    let policy = DeidentifyPolicy::new(KEY).unwrap();
    let rows = rows_of(&original, &policy);
    assert_eq!(
        smallest_class(&rows, declared),
        Risk::of(&rows, declared).min_k()
    );
    let k_anonymity = KAnonymity {
        k,
        quasi_identifiers: declared.to_vec(),
        allow_more: true,
        ..KAnonymity::default()
    };
    let anonymised = anonymise(rows.clone(), &k_anonymity).unwrap();
    let kept = anonymised.rows.len();
    assert_eq!(kept + anonymised.withheld, cases);
    assert_eq!(anonymised.after.records, kept);
    if kept > 0 {
        let smallest = smallest_class(&anonymised.rows, declared).unwrap();
        assert!(
            smallest >= k,
            "{cases} cases, k = {k}: a class of {smallest}"
        );
    }
    assert_truthful(&original, &policy, &anonymised.rows);
    // The order of the input is not kept: it could point to a case.
    let keys: Vec<_> = anonymised
        .rows
        .iter()
        .map(|r| (r.operation.clone(), r.case.clone()))
        .collect();
    assert!(keys.is_sorted());
    // Every declared value of a withheld row counts as suppressed; a kept row's
    // suppressed values are at most one a quasi-identifier.
    let mut distinct = declared.to_vec();
    distinct.sort();
    distinct.dedup();
    assert_eq!(anonymised.values, cases * distinct.len());
    assert!(anonymised.values_suppressed >= anonymised.withheld * distinct.len());
    assert!(anonymised.values_suppressed <= cases * distinct.len());
    // The refusal follows the share reported: allowed just above it, refused just
    // below.
    let share = anonymised.values_suppressed as f64 / anonymised.values as f64;
    let limited = |max_suppressed_share: f64| KAnonymity {
        allow_more: false,
        max_suppressed_share,
        ..k_anonymity.clone()
    };
    let allowed = anonymise(rows.clone(), &limited(share + 1e-9)).unwrap();
    assert_eq!(allowed.rows, anonymised.rows);
    if anonymised.values_suppressed > 0 {
        let refused = anonymise(rows, &limited(share - 1e-9)).unwrap_err();
        assert!(matches!(
            refused,
            DeidentifyError::TooMuchSuppression { suppressed, values, withheld, .. }
                if suppressed == anonymised.values_suppressed
                    && values == anonymised.values
                    && withheld == anonymised.withheld
        ));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Every row kept is one of at least k alike, counted from the JSON by a key of
    /// the test's own, at 1,000 cases, over every quasi-identifier or some of them;
    /// and every value it shows is true of its case.
    #[test]
    fn research_rows_are_k_anonymous_and_truthful(
        seed in 0u64..1_000,
        k in 2usize..8,
        declared in proptest::sample::subsequence(QuasiIdentifier::ALL.to_vec(), 1..=6),
        linked: bool,
    ) {
        k_anonymous(1_000, seed, k, &declared, linked);
    }
}

#[test]
fn twenty_thousand_cases_are_k_anonymous() {
    k_anonymous(20_000, 7, 5, QuasiIdentifier::ALL, true);
}

/// A defendant's rows link through their pseudonym: rows each in a class of five
/// still identify the one person whose two rows are the only such pair.
#[test]
fn rows_of_one_defendant_are_counted_together() {
    let row = |defendant: usize, jurisdiction: &str| -> CaseRow {
        serde_json::from_value(serde_json::json!({
            "operation": "op-1", "case": format!("k-{defendant}-{jurisdiction}"),
            "defendant": format!("d-{defendant}"), "jurisdiction": jurisdiction,
            "age_band": null, "arrested": null, "charged": null, "pleaded": null,
            "verdict": null, "sentenced": null, "offence_kinds": [], "charges": "1",
            "convicted": "0", "custody": null, "custodial_months": null
        }))
        .unwrap()
    };
    // Six rows in NZ and six in AU; defendant 1 has one of each.
    let rows: Vec<CaseRow> = (1..=6)
        .map(|d| row(d, "NZ"))
        .chain([1, 7, 8, 9, 10, 11].map(|d| row(d, "AU")))
        .collect();
    let declared = [QuasiIdentifier::Jurisdiction];
    assert_eq!(smallest_class(&rows, &declared), Some(1));
    let risk = Risk::of(&rows, &declared);
    assert_eq!((risk.unique(), risk.min_k()), (2, Some(1)));
    let kept = anonymise(rows, &unlimited(&declared)).unwrap();
    assert_eq!(kept.withheld, 2);
    assert!(kept.rows.iter().all(|r| r.defendant.as_str() != "d-1"));
    assert_eq!(smallest_class(&kept.rows, &declared), Some(5));
}

/// Terms and numbers of charges are what make most rows unique: generalising them
/// keeps rows that exact values would withhold.
#[test]
fn banding_terms_and_top_coding_charges_keep_more_rows() {
    let original = generated_in(11, 2, 20_000);
    let policy = DeidentifyPolicy::new(KEY)
        .unwrap()
        .dates(DatePrecision::Year)
        .unwrap();
    let rows = rows_of(&original, &policy);
    let declared = [
        QuasiIdentifier::Jurisdiction,
        QuasiIdentifier::Charges,
        QuasiIdentifier::SentenceLength,
    ];
    let anonymised = anonymise(rows, &unlimited(&declared)).unwrap();
    assert!(
        anonymised
            .generalised
            .contains(&Generalisation::CustodialTermsToBands)
    );
    assert!(
        anonymised
            .generalised
            .iter()
            .any(|g| matches!(g, Generalisation::ChargesTopCoded(_)))
    );
    let exact_months = anonymised
        .rows
        .iter()
        .filter_map(|r| r.custodial_months)
        .filter(|b| b.high() == Some(b.low()))
        .count();
    assert_eq!(exact_months, 0, "a term left exact");
    assert!(
        anonymised
            .rows
            .iter()
            .all(|r| r.charges.high().is_none_or(|h| h < 5))
    );
    // Exact values alone would have withheld more than the generalised rows do.
    assert!(
        anonymised.before.below(5) > anonymised.withheld,
        "{} rare before, {} withheld",
        anonymised.before.below(5),
        anonymised.withheld
    );
}

#[test]
fn research_rows_round_trip_through_json_and_csv() {
    let original = generated_in(5, 3, 2_000);
    let policy = DeidentifyPolicy::new(KEY).unwrap();
    let rows = rows_of(&original, &policy);
    let anonymised = anonymise(
        rows.clone(),
        &KAnonymity {
            allow_more: true,
            ..KAnonymity::default()
        },
    )
    .unwrap();
    for rows in [&rows, &anonymised.rows] {
        let mut csv = Vec::new();
        write_csv(rows.iter(), &mut csv).unwrap();
        assert_eq!(&read_csv(csv.as_slice()).unwrap(), rows);
        for row in rows.iter() {
            let json = serde_json::to_string(row).unwrap();
            assert_eq!(&serde_json::from_str::<CaseRow>(&json).unwrap(), row);
        }
    }
    // A bad value is reported with its line and column.
    let mut csv = Vec::new();
    write_csv(rows.iter().take(2), &mut csv).unwrap();
    let text: Vec<String> = String::from_utf8(csv)
        .unwrap()
        .lines()
        .enumerate()
        .map(|(line, text)| {
            let mut cells: Vec<&str> = text.split(',').collect();
            if line == 1 {
                cells[11] = "1-x";
            }
            cells.join(",")
        })
        .collect();
    let text = text.join("\n");
    let error = read_csv(text.as_bytes()).unwrap_err().to_string();
    assert!(
        error.starts_with("case_rows.csv: row 2, column charges: invalid band"),
        "{error}"
    );
}
