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
//!    non-negativity, the attacker bounds each small withheld count: every point
//!    that meets all of it (checked here, not trusted from the solver) lies inside
//!    the count's interval, so a few programs pushing many counts at once show most
//!    of them wide enough, and the rest are minimised and maximised one by one
//!    (microlp, in floating point, over all the figures). Exact elimination (the
//!    shared oracle) looks for any withheld count that is determined or forced to
//!    zero. A test shows the attacker reading counts withheld without complements.

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
use investigation_outcomes::disclosure::{Cell, LinkedTables, Protection, Rounding};
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

/// The attacker's program over every figure: the relations, the inequalities `a ≤ b`,
/// and bounds on each figure.
struct Program<'a> {
    relations: &'a Relations,
    inequalities: &'a [(usize, usize)],
    bounds: &'a [(f64, f64)],
}

/// How far a point found in floating point may stray from a constraint and still
/// count: the attacker's intervals are read with the same tolerance.
const TOLERANCE: f64 = 1e-6;

/// How many whole values an interval found in floating point spans.
fn whole_width((low, high): (f64, f64)) -> f64 {
    (high + TOLERANCE).floor() - (low - TOLERANCE).ceil()
}

impl Program<'_> {
    /// Optimises `Σ weight·x` in microlp (maximised), each figure within its bounds
    /// narrowed by `narrowed`: the optimum and the point reached, `Ok(None)` when the
    /// program is unbounded, `Err` when the solver gives up.
    fn optimum(
        &self,
        weights: &[(usize, f64)],
        narrowed: &HashMap<usize, (f64, f64)>,
    ) -> Result<Option<(f64, Vec<f64>)>, ()> {
        let mut problem = Problem::new(OptimizationDirection::Maximize);
        let mut objective = vec![0.0; self.bounds.len()];
        for &(cell, weight) in weights {
            objective[cell] += weight;
        }
        let vars: Vec<_> = self
            .bounds
            .iter()
            .enumerate()
            .map(|(i, &b)| problem.add_var(objective[i], narrowed.get(&i).copied().unwrap_or(b)))
            .collect();
        for relation in self.relations {
            let terms: Vec<_> = relation.iter().map(|&(c, k)| (vars[c], k as f64)).collect();
            problem.add_constraint(terms.as_slice(), ComparisonOp::Eq, 0.0);
        }
        for &(a, b) in self.inequalities {
            problem.add_constraint([(vars[a], 1.0), (vars[b], -1.0)], ComparisonOp::Le, 0.0);
        }
        match problem.solve() {
            Ok(outcome) => {
                let solution = outcome.into_solution().map_err(|_| ())?;
                let point = vars.iter().map(|&v| solution.var_value(v)).collect();
                Ok(Some((solution.objective(), point)))
            }
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(_) => Err(()),
        }
    }

    /// Whether a point meets every bound, relation and inequality, checked here
    /// rather than trusted from the solver.
    fn admits(&self, point: &[f64]) -> bool {
        let near = |x: f64, scale: f64| x.abs() <= TOLERANCE * (1.0 + scale);
        let within = self
            .bounds
            .iter()
            .zip(point)
            .all(|(&(low, high), &x)| x >= low - TOLERANCE && x <= high + TOLERANCE);
        let relations = self.relations.iter().all(|relation| {
            let (sum, scale) = relation.iter().fold((0.0, 0.0), |(sum, scale), &(c, k)| {
                let term = k as f64 * point[c];
                (sum + term, scale + term.abs())
            });
            near(sum, scale)
        });
        let ordered = self
            .inequalities
            .iter()
            .all(|&(a, b)| point[a] <= point[b] + TOLERANCE);
        point.len() == self.bounds.len() && within && relations && ordered
    }
}

/// The attacker's interval for each target, `(low, high)` (`high` infinite when
/// unbounded). Every feasible point the attacker finds bounds each target's interval
/// from inside, so a few programs that push many targets at once (up or down at
/// random, each no further than `level` from its true value) show most targets wide
/// enough; only the others get two programs of their own, minimising and maximising
/// them. The true values are a feasible point. `None` when the solver gives up on a
/// target's own program.
fn intervals(
    program: &Program,
    truth: &[f64],
    targets: &[usize],
    level: f64,
) -> Vec<Option<(f64, f64)>> {
    let mut seen: HashMap<usize, (f64, f64)> =
        targets.iter().map(|&t| (t, (truth[t], truth[t]))).collect();
    let observe = |seen: &mut HashMap<usize, (f64, f64)>, point: &[f64]| {
        if program.admits(point) {
            for (&t, interval) in seen.iter_mut() {
                interval.0 = interval.0.min(point[t]);
                interval.1 = interval.1.max(point[t]);
            }
        }
    };
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..32 {
        let pending: Vec<usize> = targets
            .iter()
            .copied()
            .filter(|t| whole_width(seen[t]) < level)
            .collect();
        if pending.len() < 4 {
            break;
        }
        let mut weights = Vec::new();
        let mut narrowed = HashMap::new();
        for &t in &pending {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let (low, high) = program.bounds[t];
            if state & 1 == 0 {
                weights.push((t, 1.0));
                narrowed.insert(t, (low, high.min(truth[t] + level)));
            } else {
                weights.push((t, -1.0));
                narrowed.insert(t, ((truth[t] - level).max(low), high));
            }
        }
        let before = pending.len();
        if let Ok(Some((_, point))) = program.optimum(&weights, &narrowed) {
            observe(&mut seen, &point);
        }
        let after = targets
            .iter()
            .filter(|t| whole_width(seen[t]) < level)
            .count();
        if after * 8 > before * 7 {
            break;
        }
    }
    targets
        .iter()
        .map(|&t| {
            if whole_width(seen[&t]) >= level {
                return Some(seen[&t]);
            }
            let none = HashMap::new();
            let high = match program.optimum(&[(t, 1.0)], &none).ok()? {
                Some((high, point)) => {
                    observe(&mut seen, &point);
                    high
                }
                None => f64::INFINITY,
            };
            let low = match program.optimum(&[(t, -1.0)], &none).ok()? {
                Some((low, point)) => {
                    observe(&mut seen, &point);
                    -low
                }
                None => 0.0,
            };
            Some((low, high))
        })
        .collect()
}

/// The small withheld counts (below the threshold) whose interval, by the attacker's
/// own programs and points, is narrower than the protection level, with the interval.
fn too_narrow(
    model: &LinkedTables,
    published: &[Cell],
    relations: &Relations,
    inequalities: &[(usize, usize)],
    protection: &Protection,
) -> Vec<(usize, f64, f64)> {
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
    let program = Program {
        relations,
        inequalities,
        bounds: &bounds,
    };
    let truth: Vec<f64> = model.cells().map(|id| model.value(id) as f64).collect();
    let threshold = protection.suppress_below.unwrap_or(0) as f64;
    let small: Vec<usize> = (0..published.len())
        .filter(|&c| published[c] == Cell::Suppressed && truth[c] >= 1.0 && truth[c] < threshold)
        .collect();
    let level = protection.level() as f64;
    small
        .iter()
        .zip(intervals(&program, &truth, &small, level))
        .filter_map(|(&cell, interval)| {
            let (low, high) = interval?;
            (whole_width((low, high)) < level).then_some((cell, low, high))
        })
        .collect()
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
    let narrow: Vec<String> = too_narrow(model, &published, &relations, &inequalities, protection)
        .into_iter()
        .map(|(cell, low, high)| {
            format!(
                "{} (true {}) in [{low}, {high}]",
                model.label(cells[cell]),
                model.value(cells[cell])
            )
        })
        .collect();
    assert!(
        narrow.is_empty(),
        "{what}: narrower than {}: {narrow:?}",
        protection.level()
    );
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
            for (threshold, rounding) in EVERY_SETTING {
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
/// (no learned inequality), by the same independent solver and elimination, under
/// each of `settings` (threshold and rounding).
fn attack_by_jurisdiction(seed: u64, cases: usize, settings: &[(u64, Rounding)]) {
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
    for &(threshold, rounding) in settings {
        let protection = protection(threshold, rounding);
        let what = format!("by jurisdiction, {cases} cases, below {threshold}, {rounding:?}");
        withheld += attack(&dataset, &[by], &nothing_learned, &[], &protection, &what);
    }
    assert!(withheld > 0);
}

/// Every threshold and rounding the other groupings are attacked with.
const EVERY_SETTING: [(u64, Rounding); 4] = [
    (3, Rounding::None),
    (5, Rounding::None),
    (10, Rounding::None),
    (5, Rounding::Rr3),
];

/// The settings of the large runs: threshold 5, exact and rounded.
const THRESHOLD_5: [(u64, Rounding); 2] = [(5, Rounding::None), (5, Rounding::Rr3)];

#[test]
fn protected_runs_by_jurisdiction_give_nothing_away() {
    // At 1,000 cases the protection certifies intervals with checked points.
    attack_by_jurisdiction(4, 200, &EVERY_SETTING);
    attack_by_jurisdiction(6, 1_000, &EVERY_SETTING);
}

/// The attacker is not toothless: with only the small counts withheld (no
/// complements), it reads some of them off the rest, and every count exact
/// elimination determines it finds determined, at its true value.
#[test]
fn the_attacker_reads_small_counts_withheld_without_complements() {
    let by = GroupBy {
        jurisdiction: Some(JurisdictionLevel::Country),
        ..GroupBy::default()
    };
    let dataset = SyntheticConfig {
        seed: 4,
        operations: 2,
        cases: 200,
    }
    .dataset();
    let plain = report(&dataset, &[by], &Protection::default());
    let model = &plain.model;
    let published: Vec<Cell> = model
        .cells()
        .map(|id| match model.value(id) {
            1..5 => Cell::Suppressed,
            v => Cell::Value(v),
        })
        .collect();
    let relations = relations_of(model);
    let found = too_narrow(
        model,
        &published,
        &relations,
        &[],
        &protection(5, Rounding::None),
    );
    assert!(!found.is_empty());
    let cells: Vec<_> = model.cells().collect();
    for &(cell, low, high) in &found {
        let truth = model.value(cells[cell]) as f64;
        assert!(low - TOLERANCE <= truth && truth <= high + TOLERANCE);
    }
    let determined = determined(&relations, &published);
    assert!(!determined.is_empty());
    for cell in determined {
        let truth = model.value(cells[cell]) as f64;
        assert!(
            found.iter().any(|&(c, low, high)| c == cell
                && (high - low).abs() < 1e-6
                && (low - truth).abs() < 1e-6),
            "{} is determined, but the programs did not find it so",
            model.label(cells[cell])
        );
    }
}

/// 5,000 cases by jurisdiction as recorded: about two minutes (release build, two
/// cores), most of it protection.
#[test]
fn large_protected_runs_by_jurisdiction_give_nothing_away() {
    attack_by_jurisdiction(7, 5_000, &THRESHOLD_5);
}

#[test]
fn the_largest_protected_runs_by_jurisdiction_give_nothing_away() {
    attack_by_jurisdiction(5, 20_000, &THRESHOLD_5);
}
