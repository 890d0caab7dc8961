//! An attacker that learns from the data instead of trusting the crate's model.
//!
//! 1. **Relations learned from published runs.** The attacker publishes plain runs of
//!    many random subsets of a dataset and finds every linear relation the published
//!    figures always satisfy: the null space of the matrix of runs × figures, whose
//!    dimension is found by rank modulo a large prime. Every such relation must follow
//!    from the relations of the audit's model; none of the model's may fail on any
//!    run.
//! 2. **Protected runs attacked.** With those relations (the model's, once shown to
//!    span the learned ones), every inequality `a ≤ b` the runs always satisfied, and
//!    non-negativity, an independent solver (microlp, in floating point) minimises
//!    and maximises each small withheld count; exact elimination (the shared oracle)
//!    looks for any withheld count that is determined or forced to zero.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::HashMap;

use investigation_outcomes::aggregate::{
    EventKind, GroupBy, HeaviestSentence, JurisdictionLevel, RunSummary,
};
use investigation_outcomes::disclosure::{Cell, Protection, Rounding};
use investigation_outcomes::report::{StatisticsRule, SummaryReport};
use investigation_outcomes::synthetic::SyntheticConfig;
use investigation_outcomes::{Dataset, IccsLevel};
use microlp::{ComparisonOp, OptimizationDirection, Problem};

mod common;

use common::modular::{Echelon, P, residue};
use common::oracle::{Relations, determined, forced_to_zero, relations_of};

fn report(dataset: &Dataset, by: &[GroupBy], protection: &Protection) -> SummaryReport {
    let run = RunSummary::of(dataset, by, &HeaviestSentence::default());
    SummaryReport::of_run(&run, protection, &StatisticsRule::default()).unwrap()
}

/// Counts below `threshold` withheld, then `rounding` (seed 3).
fn protection(threshold: u64, rounding: Rounding) -> Protection {
    Protection {
        suppress_below: Some(threshold),
        rounding,
        seed: 3,
        ..Protection::default()
    }
}

/// A small generated dataset; datasets differ in everything but their shape.
fn generated(seed: u64) -> Dataset {
    SyntheticConfig {
        seed,
        operations: 2,
        cases: 80,
    }
    .dataset()
}

/// The published counts of a plain run, by name.
fn published(report: &SummaryReport) -> Vec<(String, u64)> {
    let model = &report.model;
    model
        .cells()
        .map(|id| {
            let value = match report.publication.cell(id) {
                Cell::Value(v) => v,
                Cell::Suppressed => panic!("a plain run withheld {:?}", model.label(id)),
            };
            (model.label(id).to_owned(), value)
        })
        .collect()
}

/// What the attacker learned from plain runs of many generated datasets: every
/// figure's name, the runs, and the span of the runs (its complement is every
/// linear relation the runs always satisfied).
struct Learned {
    labels: Vec<String>,
    samples: Vec<Vec<u64>>,
}

impl Learned {
    fn column(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }
}

/// Learns from runs: first until 30 runs in a row publish no new figure, then
/// until 30 runs in a row add nothing to the span of the runs.
fn learn(by: &[GroupBy]) -> Learned {
    let mut runs: Vec<Vec<(String, u64)>> = Vec::new();
    let mut labels: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut seed = 1000;
    let run = |seed: u64| published(&report(&generated(seed), by, &Protection::default()));
    let mut idle = 0;
    while idle < 30 {
        seed += 1;
        let next = run(seed);
        idle += 1;
        for (label, _) in &next {
            if !index.contains_key(label) {
                index.insert(label.clone(), labels.len());
                labels.push(label.clone());
                idle = 0;
            }
        }
        runs.push(next);
    }
    let residues = |v: Vec<u64>| -> Vec<u64> { v.into_iter().map(|x| x % P).collect() };
    let mut span = Echelon::default();
    for run in &runs {
        span.add(residues(vector(run, &index, labels.len())));
    }
    let mut idle = 0;
    while idle < 30 {
        seed += 1;
        let next = run(seed);
        if next.iter().all(|(label, _)| index.contains_key(label))
            && span.add(residues(vector(&next, &index, labels.len())))
        {
            idle = 0;
            runs.push(next);
        } else {
            idle += 1;
        }
    }
    let samples = runs
        .iter()
        .map(|run| vector(run, &index, labels.len()))
        .collect();
    Learned { labels, samples }
}

/// A run as a vector over every known name; a figure a run does not publish is 0
/// (its group had no cases).
fn vector(run: &[(String, u64)], index: &HashMap<String, usize>, len: usize) -> Vec<u64> {
    let mut v = vec![0u64; len];
    for (label, value) in run {
        v[index[label]] = *value;
    }
    v
}

/// The relations of one run's model, over the learned names.
fn model_relations(report: &SummaryReport, learned: &Learned) -> Relations {
    let model = &report.model;
    model
        .relations()
        .iter()
        .map(|r| {
            r.terms
                .iter()
                .map(|&(c, k)| (learned.column(model.label(c)).unwrap(), i128::from(k)))
                .collect()
        })
        .collect()
}

/// How many independent relations among the figures `report` publishes the runs
/// always satisfied that its model does not imply. A relation the runs satisfy is
/// implied by the model when every vector the model allows (each satisfying all of
/// its relations) is a combination of runs: the runs' null space then lies inside
/// the model's span of relations. Counted as the model's allowed directions that are
/// not combinations of runs.
fn relations_missing(report: &SummaryReport, learned: &Learned) -> usize {
    let present: Vec<usize> = report
        .model
        .cells()
        .map(|id| learned.column(report.model.label(id)).unwrap())
        .collect();
    let mut data = Echelon::default();
    for sample in &learned.samples {
        data.add(present.iter().map(|&c| sample[c] % P).collect());
    }
    // A relation the published figures themselves break is no knowledge: the run
    // attacked is one of the runs (rare outcomes may be missing from the others).
    data.add(
        report
            .model
            .cells()
            .map(|id| report.model.value(id) % P)
            .collect(),
    );
    let position: HashMap<usize, usize> =
        present.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut model = Echelon::default();
    for relation in model_relations(report, learned) {
        let mut row = vec![0u64; present.len()];
        for (c, k) in relation {
            row[position[&c]] = residue(k);
        }
        model.add(row);
    }
    // The model's allowed directions: its null space, from its reduced rows.
    let pivots: Vec<usize> = model.rows.iter().map(|(p, _)| *p).collect();
    (0..present.len())
        .filter(|f| !pivots.contains(f))
        .filter(|&free| {
            let mut direction = vec![0u64; present.len()];
            direction[free] = 1;
            for (pivot, row) in &model.rows {
                direction[*pivot] = (P - row[free]) % P;
            }
            data.reduce(direction).iter().any(|&x| x != 0)
        })
        .count()
}

/// The inequalities an attacker knows from how the figures are made, kept where
/// every run satisfied them: for one group and outcome, people ≤ cases ≤ charges ≤
/// counts of charges; in the funnel, arrested and charged ≤ identified and
/// sentenced to custody ≤ convicted ≤ charged; the people with a known time from
/// arrest ≤ the arrested.
fn inequalities(learned: &Learned) -> Vec<(usize, usize)> {
    let parse = |label: &str| -> Option<(String, String, String, String)> {
        let (table, rest) = label.split_once(": ")?;
        let (section, unit) = table.split_once(" (")?;
        let (row, column) = rest.rsplit_once(" / ")?;
        Some((
            section.to_owned(),
            unit.trim_end_matches(')').to_owned(),
            row.to_owned(),
            column.to_owned(),
        ))
    };
    let find = |section: &str, unit: &str, row: &str, column: &str| {
        learned.column(&format!("{section} ({unit}): {row} / {column}"))
    };
    let mut candidates = Vec::new();
    for label in &learned.labels {
        let Some((section, unit, row, column)) = parse(label) else {
            continue;
        };
        let me = learned.column(label);
        // Counts tables are named by their grouping: `counts by country`.
        let table = if section.starts_with("counts") {
            "counts"
        } else {
            section.as_str()
        };
        match table {
            "counts" => {
                let next = match unit.as_str() {
                    "person" => Some("case"),
                    "case" if column != "not_charged" => Some("charge"),
                    "charge" if column != "not_charged" => Some("count"),
                    _ => None,
                };
                if let Some(next) = next {
                    candidates.push((me, find(&section, next, &row, &column)));
                }
            }
            "funnel" => {
                let larger = match column.as_str() {
                    "arrested" | "charged" => Some("identified"),
                    "convicted" => Some("charged"),
                    "sentenced_to_custody" => Some("convicted"),
                    _ => None,
                };
                if let Some(larger) = larger {
                    candidates.push((me, find("funnel", "person", &row, larger)));
                }
            }
            "time_to_outcome" => {
                candidates.push((me, find("funnel", "person", "all", "arrested")));
            }
            _ => {}
        }
    }
    candidates
        .into_iter()
        .filter_map(|(a, b)| Some((a?, b?)))
        .filter(|&(a, b)| learned.samples.iter().all(|s| s[a] <= s[b]))
        .collect()
}

/// The attacker's interval for one figure, by linear programs in microlp: the
/// relations, the inequalities `a ≤ b`, and bounds on every figure. `None` when the
/// solver gives up.
fn lp_interval(
    relations: &Relations,
    inequalities: &[(usize, usize)],
    bounds: &[(f64, f64)],
    target: usize,
) -> Option<(f64, f64)> {
    let solve = |direction| {
        let mut problem = Problem::new(direction);
        let vars: Vec<_> = bounds
            .iter()
            .enumerate()
            .map(|(i, &b)| problem.add_var(if i == target { 1.0 } else { 0.0 }, b))
            .collect();
        for relation in relations {
            let terms: Vec<_> = relation.iter().map(|&(c, k)| (vars[c], k as f64)).collect();
            problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, 0.0);
        }
        for &(a, b) in inequalities {
            problem.add_constraint([(vars[a], 1.0), (vars[b], -1.0)], ComparisonOp::Le, 0.0);
        }
        match problem.solve() {
            Ok(outcome) => outcome.into_solution().ok().map(|s| s.objective()),
            Err(microlp::Error::Unbounded) => Some(match direction {
                OptimizationDirection::Minimize => 0.0,
                _ => f64::INFINITY,
            }),
            Err(_) => None,
        }
    };
    Some((
        solve(OptimizationDirection::Minimize)?,
        solve(OptimizationDirection::Maximize)?,
    ))
}

/// Attacks one protected run with the model's relations (shown to span the learned
/// ones), the learned inequalities and non-negativity; returns how many cells were
/// withheld.
fn attack(
    dataset: &Dataset,
    by: &[GroupBy],
    learned: &Learned,
    learned_inequalities: &[(usize, usize)],
    protection: &Protection,
    what: &str,
) -> usize {
    let protected = report(dataset, by, protection);
    let model = &protected.model;
    let relations: Relations = relations_of(model);
    let cells: Vec<_> = model.cells().collect();
    let published: Vec<Cell> = cells
        .iter()
        .map(|&id| protected.publication.cell(id))
        .collect();
    // The learned inequalities between figures this run publishes.
    let column_of: HashMap<usize, usize> = cells
        .iter()
        .filter_map(|&id| learned.column(model.label(id)).map(|c| (c, id.index())))
        .collect();
    let withheld: Vec<usize> = (0..published.len())
        .filter(|&i| published[i] == Cell::Suppressed)
        .collect();
    let inequalities: Vec<(usize, usize)> = learned_inequalities
        .iter()
        .filter_map(|(a, b)| Some((*column_of.get(a)?, *column_of.get(b)?)))
        .filter(|&(a, b)| published[a] == Cell::Suppressed || published[b] == Cell::Suppressed)
        .collect();
    let threshold = protection.suppress_below.unwrap_or(0);
    let level = protection.level() as f64;
    // Exact elimination: nothing determined, nothing forced to zero (where values
    // are published exactly).
    if protection.rounding == Rounding::None {
        let found = determined(&relations, &published);
        assert!(
            found.is_empty(),
            "{what}: determined: {:?}",
            found
                .iter()
                .map(|&c| model.label(cells[c]))
                .collect::<Vec<_>>()
        );
        let zero = forced_to_zero(&relations, &published);
        assert!(
            zero.is_empty(),
            "{what}: forced to zero: {:?}",
            zero.iter()
                .map(|&c| model.label(cells[c]))
                .collect::<Vec<_>>()
        );
    }
    let spread = match protection.rounding {
        Rounding::None => 0.0,
        Rounding::Rr3 => 2.0,
        _ => 99.0,
    };
    let bounds: Vec<(f64, f64)> = published
        .iter()
        .map(|cell| match cell {
            Cell::Value(v) => ((*v as f64 - spread).max(0.0), *v as f64 + spread),
            Cell::Suppressed => (0.0, f64::INFINITY),
        })
        .collect();
    // Linear programs for the small counts, each value once per run (the same
    // quantity under two names gives the same interval).
    let mut attacked = std::collections::HashSet::new();
    for &cell in &withheld {
        let value = model.value(cells[cell]);
        if value == 0 || value >= threshold || !attacked.insert(value) && attacked.len() > 12 {
            continue;
        }
        let Some((low, high)) = lp_interval(&relations, &inequalities, &bounds, cell) else {
            continue;
        };
        let width = (high + 1e-6).floor() - (low - 1e-6).ceil();
        assert!(
            width >= level,
            "{what}: {} (true {value}) lies in [{low}, {high}], narrower than {level}",
            model.label(cells[cell])
        );
    }
    withheld.len()
}

/// The groupings attacked. By jurisdiction as recorded (states and provinces) the
/// generated datasets publish thousands of distinct figures, too many to learn from
/// runs in a test's time; its relations are those by country, one level finer.
fn groupings() -> Vec<(&'static str, Vec<GroupBy>)> {
    let none = GroupBy::default();
    let country = GroupBy {
        jurisdiction: Some(JurisdictionLevel::Country),
        ..none
    };
    let offence = GroupBy {
        offence_kind: true,
        ..none
    };
    vec![
        ("country", vec![country]),
        ("offence", vec![offence]),
        (
            "operation,country",
            vec![GroupBy {
                operation: true,
                ..country
            }],
        ),
        (
            "iccs:section",
            vec![GroupBy {
                iccs: Some(IccsLevel::Section),
                ..none
            }],
        ),
        (
            "year",
            vec![GroupBy {
                year: Some(EventKind::Arrest),
                ..none
            }],
        ),
        // Two groupings in one run: tables that add up across each other.
        ("country and offence", vec![country, offence]),
    ]
}

#[test]
fn every_relation_the_runs_satisfy_follows_from_the_model_and_protected_runs_give_nothing_away() {
    let only = std::env::var("ATTACK_GROUPING").ok();
    for (name, by) in groupings() {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let learned = learn(&by);
        let inequalities = inequalities(&learned);
        let mut withheld = 0;
        for (seed, cases) in [(1, 200), (2, 200), (3, 600)] {
            let dataset = SyntheticConfig {
                seed,
                operations: 2,
                cases,
            }
            .dataset();
            let plain = report(&dataset, &by, &Protection::default());
            if plain
                .model
                .cells()
                .any(|id| learned.column(plain.model.label(id)).is_none())
            {
                // A name the attacker never saw: its relations were not learned.
                continue;
            }
            assert_eq!(
                relations_missing(&plain, &learned),
                0,
                "by {name}, seed {seed}: the runs satisfy relations the model does not imply"
            );
            for (threshold, rounding) in [
                (3, Rounding::None),
                (5, Rounding::None),
                (10, Rounding::None),
                (5, Rounding::Rr3),
            ] {
                let protection = protection(threshold, rounding);
                let what = format!("by {name}, seed {seed}, below {threshold}, {rounding:?}");
                withheld += attack(&dataset, &by, &learned, &inequalities, &protection, &what);
            }
        }
        // Larger datasets publish figures the learning runs never saw, so only the
        // attack runs on them: the model's relations (shown above to span the
        // learned ones), the learned inequalities among the figures the attacker
        // has seen, and non-negativity.
        for (seed, cases) in [(4, 5_000), (5, 20_000)] {
            let dataset = SyntheticConfig {
                seed,
                operations: 2,
                cases,
            }
            .dataset();
            for (threshold, rounding) in [
                (5, Rounding::None),
                (10, Rounding::None),
                (5, Rounding::Rr3),
            ] {
                let protection = protection(threshold, rounding);
                let what = format!("by {name}, {cases} cases, below {threshold}, {rounding:?}");
                withheld += attack(&dataset, &by, &learned, &inequalities, &protection, &what);
            }
        }
        assert!(
            withheld > 0,
            "by {name}: the attack should have something to attack"
        );
    }
}

/// By jurisdiction as recorded, too many distinct figures to learn relations from
/// runs: protected runs are attacked with the model's relations and non-negativity
/// (no learned inequality), by the same independent solver and elimination.
fn attack_by_jurisdiction(seed: u64, cases: usize) {
    let by = GroupBy {
        jurisdiction: Some(JurisdictionLevel::AsRecorded),
        ..GroupBy::default()
    };
    let nothing_learned = Learned {
        labels: Vec::new(),
        samples: Vec::new(),
    };
    let dataset = SyntheticConfig {
        seed,
        operations: 2,
        cases,
    }
    .dataset();
    let plain = report(&dataset, &[by], &Protection::default());
    assert!(
        plain
            .model
            .cells()
            .any(|id| plain.model.label(id).contains('-')),
        "the run should publish states or provinces"
    );
    let mut withheld = 0;
    for rounding in [Rounding::None, Rounding::Rr3] {
        let protection = protection(5, rounding);
        let what = format!("by jurisdiction, {cases} cases, below 5, {rounding:?}");
        withheld += attack(&dataset, &[by], &nothing_learned, &[], &protection, &what);
    }
    assert!(withheld > 0);
}

#[test]
fn protected_runs_by_jurisdiction_give_nothing_away() {
    // At 1,000 cases the protection certifies intervals with checked points.
    attack_by_jurisdiction(4, 200);
    attack_by_jurisdiction(6, 1_000);
}

/// Larger runs by jurisdiction take many minutes (5,000 cases: about 11 minutes a
/// protected run on two cores): `cargo test --release --test attacker -- --ignored`.
#[test]
#[ignore = "many minutes; run with --ignored"]
fn large_protected_runs_by_jurisdiction_give_nothing_away() {
    attack_by_jurisdiction(7, 5_000);
}
