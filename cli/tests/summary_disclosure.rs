//! The `summary` subcommand attacked through its own CSV: an oracle that does not
//! trust the protector rebuilds what an attacker knows and solves for the withheld
//! cells.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use investigation_outcomes::disclosure::Cell;

mod common;
#[path = "../../tests/common/oracle.rs"]
mod oracle;

use oracle::{Relations, determined, forced_to_zero};

/// What an attacker rebuilds from the summary's CSV: every count as a cell, and the
/// relations they know from how the summary is made (group totals, the `all` rows,
/// the funnel's identified people as the counted cases, per country when grouped by
/// country). Returns the cells' names and published values, and the relations.
fn rebuild(csv: &str, by_country: bool) -> (Vec<String>, Vec<Cell>, Relations) {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut names = Vec::new();
    let mut cells = Vec::new();
    let mut index = std::collections::HashMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let (section, unit, group, measure, value) =
            (&record[0], &record[1], &record[2], &record[3], &record[4]);
        if unit == "month" || unit == "day" {
            continue;
        }
        let name = format!("{section}|{unit}|{group}|{measure}");
        index.insert(name.clone(), names.len());
        names.push(name);
        cells.push(if value.is_empty() {
            Cell::Suppressed
        } else {
            Cell::Value(value.parse().unwrap())
        });
    }
    let find = |section: &str, unit: &str, group: &str, measure: &str| {
        index
            .get(&format!("{section}|{unit}|{group}|{measure}"))
            .copied()
    };
    let mut relations: Relations = Vec::new();
    let blocks = [
        ("counts", "case"),
        ("counts", "person"),
        ("counts", "charge"),
        ("counts", "count"),
        ("funnel", "person"),
    ];
    for (section, unit) in blocks {
        let prefix = format!("{section}|{unit}|");
        let keys: Vec<(String, String)> = names
            .iter()
            .filter_map(|n| n.strip_prefix(&prefix))
            .map(|rest| {
                let (g, m) = rest.split_once('|').unwrap();
                (g.to_owned(), m.to_owned())
            })
            .collect();
        let mut groups: Vec<String> = keys
            .iter()
            .map(|(g, _)| g.clone())
            .filter(|g| g != "all")
            .collect();
        groups.dedup();
        let mut measures: Vec<String> = keys
            .iter()
            .map(|(_, m)| m.clone())
            .filter(|m| m != "total")
            .collect();
        measures.sort();
        measures.dedup();
        for g in &groups {
            if let Some(total) = find(section, unit, g, "total") {
                relations.push((
                    total,
                    measures
                        .iter()
                        .map(|m| find(section, unit, g, m).unwrap())
                        .collect(),
                ));
            }
        }
        for m in measures.iter().chain(std::iter::once(&"total".to_owned())) {
            if let Some(all) = find(section, unit, "all", m) {
                relations.push((
                    all,
                    groups
                        .iter()
                        .filter_map(|g| find(section, unit, g, m))
                        .collect(),
                ));
            }
        }
    }
    let case_total = find("counts", "case", "all", "total").or_else(|| {
        names
            .iter()
            .position(|n| n.starts_with("counts|case|") && n.ends_with("|total"))
    });
    let identified = find("funnel", "person", "all", "identified").or_else(|| {
        names
            .iter()
            .position(|n| n.starts_with("funnel|person|") && n.ends_with("|identified"))
    });
    if let (Some(f), Some(c)) = (identified, case_total) {
        relations.push((f, vec![c]));
    }
    if by_country {
        for name in names
            .iter()
            .filter(|n| n.starts_with("funnel|person|") && n.ends_with("|identified"))
        {
            let country = name.split('|').nth(2).unwrap();
            if country == "all" {
                continue;
            }
            let parts: Vec<usize> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| {
                    n.starts_with("counts|case|")
                        && n.ends_with("|total")
                        && n.split('|')
                            .nth(2)
                            .unwrap()
                            .split(" / ")
                            .next()
                            .and_then(|j| j.split('-').next())
                            == Some(country)
                })
                .map(|(i, _)| i)
                .collect();
            relations.push((index[name], parts));
        }
    }
    (names, cells, relations)
}

fn assert_nothing_recoverable(csv: &str, by_country: bool) -> usize {
    let (names, cells, relations) = rebuild(csv, by_country);
    let determined = determined(&relations, &cells);
    assert!(
        determined.is_empty(),
        "recoverable: {:?}",
        determined.iter().map(|&c| &names[c]).collect::<Vec<_>>()
    );
    let forced = forced_to_zero(&relations, &cells);
    assert!(
        forced.is_empty(),
        "forced to 0: {:?}",
        forced.iter().map(|&c| &names[c]).collect::<Vec<_>>()
    );
    cells.iter().filter(|c| **c == Cell::Suppressed).count()
}

#[test]
fn the_summary_no_longer_gives_away_withdrawn_charges_through_its_totals() {
    // One case in GB: 3 counts of accessing withdrawn, 10 counts of another offence
    // convicted. Published totals 13 (all) and 10 (GB / other) once gave away the 3.
    let mut dataset: serde_json::Value =
        serde_json::from_str(include_str!("../../data/operation-h.json")).unwrap();
    let case = serde_json::json!({
        "id": "gb-1",
        "jurisdiction": "GB",
        "defendant": {"id": "gb-d1"},
        "events": {},
        "charges": [
            {"id": "c1", "offence": {"kind": "accessing", "iccs": "030221"}, "counts": 3, "disposition": {"outcome": "withdrawn"}},
            {"id": "c2", "offence": {"kind": "other", "iccs": "030221"}, "counts": 10, "disposition": {"outcome": "convicted"}}
        ]
    });
    dataset["operations"][0]["cases"] = serde_json::json!([case]);
    let path = common::temp_file("withdrawn.json", dataset.to_string().as_bytes());
    let out = common::run(
        "summary",
        &[
            "--by",
            "country,offence",
            "--suppress-below",
            "7",
            "--format",
            "csv",
            path.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    let withheld = assert_nothing_recoverable(&csv, true);
    assert!(withheld >= 3);
    // The very cells of the reproducer: the 3 withdrawn is withheld, and 13 − 10 no
    // longer works because one of them is withheld too.
    assert!(
        csv.contains("counts,count,GB / accessing,withdrawn,,true"),
        "{csv}"
    );
    let all_total = csv
        .lines()
        .find(|l| l.starts_with("counts,count,all,total,"))
        .unwrap();
    let other_total = csv
        .lines()
        .find(|l| l.starts_with("counts,count,GB / other,total,"))
        .unwrap();
    assert!(
        all_total.ends_with(",true") || other_total.ends_with(",true"),
        "{all_total} / {other_total}"
    );
}

#[test]
fn nothing_the_summary_withholds_on_a_generated_dataset_can_be_recovered() {
    let generated = common::run(
        "generate",
        &["--operations", "6", "--cases", "400", "--seed", "3"],
    );
    assert!(generated.status.success());
    let path = common::temp_file("generated.jsonl", &generated.stdout);
    let metadata = common::temp_file("generated-metadata.json", b"");
    for (by, threshold) in [
        ("country,offence", "5"),
        ("offence", "10"),
        ("jurisdiction", "20"),
    ] {
        let out = common::run(
            "summary",
            &[
                "--by",
                by,
                "--suppress-below",
                threshold,
                "--format",
                "csv",
                "--metadata",
                metadata.to_str().unwrap(),
                path.to_str().unwrap(),
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let csv = String::from_utf8(out.stdout).unwrap();
        let withheld =
            assert_nothing_recoverable(&csv, by.contains("country") || by.contains("jurisdiction"));
        assert!(withheld > 0, "{by}: the test should withhold something");
        // The run states its own audit beside the CSV.
        let stated: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&metadata).unwrap()).unwrap();
        let statement = stated["audit_statement"].as_str().unwrap();
        assert!(statement.contains("none can be derived"), "{statement}");
    }
}
