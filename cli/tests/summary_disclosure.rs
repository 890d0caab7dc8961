//! The reproducers of disclosure through `outcomes summary`, as regression tests: a
//! withheld count that was the difference of two published figures, and sentences
//! read off a small group's statistics. The general attack, over every grouping, is
//! the library's `tests/attacker.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

mod common;

/// The CSV's figures by `section,unit,group,measure`: `None` when withheld.
fn figures(csv: &str) -> HashMap<String, Option<f64>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            // One grouping: its `by` column is left out of the name.
            let name = format!(
                "{},{},{},{}",
                &record[0], &record[1], &record[3], &record[4]
            );
            let value = (!record[5].is_empty()).then(|| record[5].parse().unwrap());
            (name, value)
        })
        .collect()
}

fn generate(operations: &str, cases: &str, seed: &str) -> tempfile::TempPath {
    let out = common::run(
        "generate",
        &["--operations", operations, "--cases", cases, "--seed", seed],
    );
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::temp_file(
        &format!("generated-{operations}-{cases}-{seed}.jsonl"),
        &out.stdout,
    )
}

/// `outcomes summary --format csv` with `args`.
fn summary_csv(path: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec!["--format", "csv"];
    all.extend_from_slice(args);
    all.push(path.to_str().unwrap());
    let out = common::run("summary", &all);
    assert!(out.status.success(), "{}", common::stderr(&out));
    common::stdout(&out)
}

fn summary(path: &std::path::Path, args: &[&str]) -> HashMap<String, Option<f64>> {
    figures(&summary_csv(path, args))
}

#[test]
fn a_withheld_count_is_no_longer_the_difference_of_two_published_figures() {
    let path = generate("10", "1000", "1");
    let plain = summary(&path, &["--by", "country"]);
    let published = summary(&path, &["--by", "country", "--suppress-below", "5"]);
    let shown = |name: &str| published.get(name).copied().flatten();
    // The reproducer's cells: DK's 4 people not charged, and the 1 indefinite
    // detention.
    assert_eq!(plain["counts,person,DK,not_charged"], Some(4.0));
    assert_eq!(shown("counts,person,DK,not_charged"), None);
    assert_eq!(plain["sentences,person,indefinite,sentences"], Some(1.0));
    assert_eq!(shown("sentences,person,indefinite,sentences"), None);
    // Not charged = identified − charged, in every country.
    for (name, value) in &published {
        let Some(country) = name
            .strip_prefix("counts,person,")
            .and_then(|rest| rest.strip_suffix(",not_charged"))
        else {
            continue;
        };
        if value.is_none() {
            let identified = shown(&format!("funnel,person,{country},identified"));
            let charged = shown(&format!("funnel,person,{country},charged"));
            assert!(
                identified.is_none() || charged.is_none(),
                "{country}: not charged = {identified:?} − {charged:?}"
            );
        }
    }
    // Indefinite = sentenced to custody − determinate − life (− too long).
    let parts = [
        shown("funnel,person,all,sentenced_to_custody"),
        shown("sentences,person,determinate custody,sentences"),
        shown("sentences,person,life,sentences"),
    ];
    assert!(parts.iter().any(Option::is_none), "{parts:?}");
}

#[test]
fn a_small_group_s_statistics_are_withheld() {
    let path = generate("4", "300", "1");
    let published = summary(&path, &["--by", "country", "--suppress-below", "3"]);
    // DK: three people sentenced to custody, whose median, mean and p90 gave all
    // three sentences.
    for measure in ["median", "mean", "p90"] {
        let name = format!("sentences_by_group,month,DK,{measure}");
        assert_eq!(published.get(&name), Some(&None), "{name}");
    }
    // Every statistic shown is in whole months or days, and the extremes are off.
    for (name, value) in &published {
        if (name.contains(",month,") || name.contains(",day,"))
            && let Some(v) = value
        {
            assert_eq!(v.fract(), 0.0, "{name} = {v}");
        }
    }
    assert!(!published.contains_key("sentences,month,determinate custody,min"));
    assert!(!published.contains_key("sentences,month,determinate custody,max"));
    let with_extremes = summary(
        &path,
        &["--by", "country", "--suppress-below", "3", "--extremes"],
    );
    assert!(with_extremes.contains_key("sentences,month,determinate custody,max"));
}

#[test]
fn separate_runs_are_said_not_to_be_protected_against_each_other() {
    let out = common::run("summary", &["--help"]);
    let help = common::stdout(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("separate runs are not protected against each other"),
        "{help}"
    );
}

/// The CSV's figures by `section|unit|by|group|measure`: `None` when withheld.
fn figures_by(csv: &str) -> HashMap<String, Option<f64>> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|record| {
            let record = record.unwrap();
            let name = (0..5).map(|i| &record[i]).collect::<Vec<_>>().join("|");
            let value = (!record[5].is_empty()).then(|| record[5].parse().unwrap());
            (name, value)
        })
        .collect()
}

fn summary_by(path: &std::path::Path, args: &[&str]) -> HashMap<String, Option<f64>> {
    figures_by(&summary_csv(path, args))
}

/// The withheld counts by country and offence that a country's published count
/// less its other offences' published counts gives, with the value it gives.
fn differences(
    by_country: &HashMap<String, Option<f64>>,
    by_offence: &HashMap<String, Option<f64>>,
    groups: &[(String, String)],
) -> Vec<(String, f64)> {
    let mut found = Vec::new();
    for unit in ["case", "person", "charge", "count"] {
        for outcome in [
            "convicted",
            "pending",
            "acquitted",
            "withdrawn",
            "not_charged",
        ] {
            for (country, offence) in groups {
                let name = |group: &str, by: &str| format!("counts|{unit}|{by}|{group}|{outcome}");
                let me = name(&format!("{country} / {offence}"), "country,offence");
                if by_offence.get(&me) != Some(&None) {
                    continue;
                }
                let Some(Some(total)) = by_country.get(&name(country, "country")) else {
                    continue;
                };
                let others: Option<f64> = groups
                    .iter()
                    .filter(|(c, o)| c == country && o != offence)
                    .map(|(c, o)| {
                        by_offence
                            .get(&name(&format!("{c} / {o}"), "country,offence"))
                            .copied()
                            .flatten()
                    })
                    .sum();
                if let Some(others) = others {
                    found.push((me, total - others));
                }
            }
        }
    }
    found
}

#[test]
fn two_groupings_in_one_run_do_not_give_each_other_away() {
    let path = generate("4", "300", "1");
    let plain = summary_by(&path, &["--by", "country,offence"]);
    let groups: Vec<(String, String)> = plain
        .keys()
        .filter_map(|k| k.strip_prefix("counts|case|country,offence|"))
        .filter_map(|rest| rest.split('|').next())
        .filter_map(|g| g.split_once(" / "))
        .map(|(c, o)| (c.to_owned(), o.to_owned()))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(groups.len() > 10, "{groups:?}");

    // Two runs, each protected: a count the second withholds is the first's country
    // less the second's other offences.
    let by_country = summary_by(&path, &["--by", "country", "--suppress-below", "5"]);
    let by_offence = summary_by(&path, &["--by", "country,offence", "--suppress-below", "5"]);
    let separate = differences(&by_country, &by_offence, &groups);
    assert!(
        !separate.is_empty(),
        "the separate runs should give some away"
    );
    for (name, value) in &separate {
        assert_eq!(plain.get(name), Some(&Some(*value)), "{name}");
    }

    // One run of both: each table is that grouping's, and no difference gives a
    // withheld count.
    let joint = summary_by(
        &path,
        &[
            "--by",
            "country",
            "--by",
            "country,offence",
            "--suppress-below",
            "5",
        ],
    );
    assert!(differences(&joint, &joint, &groups).is_empty());
    let withheld = joint.values().filter(|v| v.is_none()).count();
    assert!(withheld > separate.len(), "{withheld} withheld");
    // Every count the joint run publishes is the true one, in both tables.
    let plain_by_country = summary_by(&path, &["--by", "country"]);
    let mut checked = 0;
    for (name, value) in &joint {
        if name.starts_with("counts|")
            && let Some(v) = value
        {
            let truth = if name.contains("|country,offence|") {
                &plain
            } else {
                &plain_by_country
            };
            assert_eq!(truth.get(name), Some(&Some(*v)), "{name}");
            checked += 1;
        }
    }
    assert!(checked > 0);
}
