//! Intervals certified from inside by feasible points, for programs too large to
//! solve exactly.
//!
//! To show that an attacker cannot narrow a withheld cell below a width `w`, it is
//! enough to show two sets of values that agree with everything published, every
//! relation and inequality and non-negativity, whose values of the cell differ by
//! `w`: the attacker cannot tell them apart. The true values are one such set. The
//! others are found by a floating-point linear program (microlp, sparse) pushing the
//! cell up to `w` above its true value, or down as far as it goes; its answer is
//! rounded to whole numbers and **checked exactly**, in integer arithmetic, against
//! every constraint. Only checked points count, so the floating-point solver can
//! make protection withhold more than needed, never less.
//!
//! What this gives is an interval *inside* the attacker's: its low end is at least
//! the attacker's least value, its high end at most the greatest. A cell it shows
//! wide enough is wide enough; a cell it cannot show wide enough is treated as
//! exposed.

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use super::exposure::Bounds;
use super::rational::Rational;

/// An attacker's program over whole-number unknowns: each within its bounds, every
/// row `Σ k·x = rhs`, and `x_a ≤ x_b` for each pair.
pub(crate) struct Program {
    /// Each unknown's bounds, `(low, high)`; `high` `None`: unbounded.
    pub bounds: Vec<(u64, Option<u64>)>,
    /// The equality rows over unknowns, with their right-hand sides.
    pub rows: Vec<(Vec<(usize, i64)>, i128)>,
    /// The inequalities `x_a ≤ x_b` between unknowns.
    pub at_most: Vec<(usize, usize)>,
    /// The true values: a point that meets every constraint.
    pub truth: Vec<u64>,
}

/// The denominators tried, in turn, when a floating-point answer is made exact: the
/// vertices of these programs are whole or have small denominators.
const DENOMINATORS: [i128; 8] = [1, 2, 3, 4, 6, 8, 12, 24];

/// The fewest targets still to widen for which one program pushes them all at once,
/// and for which a search takes those the shared programs leave as exposed.
const SHARED_PROGRAM_TARGETS: usize = 8;

/// The most programs pushing many targets at once, for one call.
const MAX_SHARED_PROGRAMS: usize = 64;

/// Programs pushing many targets at once go on while each settles at least one in
/// this many of the targets pending.
const SETTLED_SHARE: usize = 32;

/// A point of a program: every unknown's value times a common denominator.
struct Point {
    scaled: Vec<i128>,
    denominator: i128,
}

impl Point {
    fn value(&self, j: usize) -> Rational {
        let n = self.scaled.get(j).copied().unwrap_or(0);
        Rational::new(n, self.denominator).unwrap_or(Rational::ZERO)
    }
}

impl Program {
    /// Whether a point meets every bound, row and inequality exactly.
    fn admits(&self, point: &Point) -> bool {
        let d = point.denominator;
        let scaled = |v: u64| i128::from(v).checked_mul(d);
        let within = self
            .bounds
            .iter()
            .zip(&point.scaled)
            .all(|(&(low, high), &x)| {
                scaled(low).is_some_and(|l| x >= l)
                    && high.is_none_or(|h| scaled(h).is_some_and(|h| x <= h))
            });
        let rows = self.rows.iter().all(|(terms, rhs)| {
            terms
                .iter()
                .try_fold(0i128, |sum, &(j, k)| {
                    sum.checked_add(i128::from(k).checked_mul(*point.scaled.get(j)?)?)
                })
                .is_some_and(|sum| rhs.checked_mul(d) == Some(sum))
        });
        let ordered = self
            .at_most
            .iter()
            .all(|&(a, b)| point.scaled.get(a) <= point.scaled.get(b));
        point.scaled.len() == self.bounds.len() && d > 0 && within && rows && ordered
    }

    /// A checked point at an optimum of `Σ weight·x` (maximised), with each unknown
    /// of `caps` at most its cap above its true value; `None` when the solver finds
    /// none that checks.
    fn optimum(&self, weights: &[(usize, f64)], caps: &[(usize, u64)]) -> Option<Point> {
        let values = self.solve(weights, caps)?;
        DENOMINATORS.iter().find_map(|&denominator| {
            let point = Point {
                scaled: values
                    .iter()
                    .map(|&x| (x * denominator as f64).round().max(0.0) as i128)
                    .collect(),
                denominator,
            };
            self.admits(&point).then_some(point)
        })
    }

    /// The floating-point solver's vertex maximising one unknown, unchecked: good
    /// enough to see which constraints hold it there, never to certify a width.
    pub(crate) fn maximiser(&self, target: usize) -> Option<Vec<f64>> {
        self.solve(&[(target, 1.0)], &[])
    }

    /// The floating-point solver's optimum of `Σ weight·x`, as in [`Self::optimum`].
    fn solve(&self, weights: &[(usize, f64)], caps: &[(usize, u64)]) -> Option<Vec<f64>> {
        let mut problem = Problem::new(OptimizationDirection::Maximize);
        let mut objective = vec![0.0; self.bounds.len()];
        for &(j, w) in weights {
            if let Some(slot) = objective.get_mut(j) {
                *slot += w;
            }
        }
        let mut ceiling = vec![f64::INFINITY; self.bounds.len()];
        for &(j, cap) in caps {
            if let (Some(slot), Some(t)) = (ceiling.get_mut(j), self.truth.get(j)) {
                *slot = t.saturating_add(cap) as f64;
            }
        }
        let vars: Vec<_> = self
            .bounds
            .iter()
            .zip(objective.iter().zip(&ceiling))
            .map(|(&(low, high), (&w, &ceiling))| {
                let high = high.map_or(f64::INFINITY, |h| h as f64).min(ceiling);
                problem.add_var(w, (low as f64, high))
            })
            .collect();
        for (terms, rhs) in &self.rows {
            let expression: Vec<_> = terms
                .iter()
                .filter_map(|&(j, k)| Some((*vars.get(j)?, k as f64)))
                .collect();
            problem.add_constraint(expression.as_slice(), ComparisonOp::Eq, *rhs as f64);
        }
        for &(a, b) in &self.at_most {
            if let (Some(&a), Some(&b)) = (vars.get(a), vars.get(b)) {
                problem.add_constraint([(a, 1.0), (b, -1.0)], ComparisonOp::Le, 0.0);
            }
        }
        let solution = problem.solve().ok()?.into_solution().ok()?;
        Some(vars.iter().map(|&v| solution.var_value(v)).collect())
    }

    /// For each target, an interval inside the attacker's (see the module
    /// documentation), pushed until it is `cap` wide, `high` `None` once a checked
    /// point reaches `cap` above the true value. With `required`, until it is
    /// `required(target)` wide, and then answered `None`.
    ///
    /// `known` are points found before, each as the unknowns where it differs from
    /// the true values: points of this program still (the caller sees to it). The
    /// points found here are added to it.
    pub(crate) fn intervals(
        &self,
        targets: &[usize],
        required: Option<&dyn Fn(usize) -> u64>,
        cap: u64,
        known: &mut Vec<Vec<(usize, Rational)>>,
    ) -> Vec<Option<Bounds>> {
        // The least and greatest value of each unknown over the checked points,
        // the true values first.
        let mut seen: Vec<(Rational, Rational)> = self
            .truth
            .iter()
            .map(|&t| {
                let t = Rational::integer(i128::from(t));
                (t, t)
            })
            .collect();
        for point in known.iter() {
            for &(j, x) in point {
                if let Some(s) = seen.get_mut(j) {
                    s.0 = s.0.min(x);
                    s.1 = s.1.max(x);
                }
            }
        }
        let mut found: Vec<Vec<(usize, Rational)>> = Vec::new();
        let truth = &self.truth;
        let mut observe = |seen: &mut Vec<(Rational, Rational)>, point: &Point| {
            let mut differs = Vec::new();
            for (j, s) in seen.iter_mut().enumerate() {
                let x = point.value(j);
                s.0 = s.0.min(x);
                s.1 = s.1.max(x);
                if truth
                    .get(j)
                    .is_some_and(|&t| x != Rational::integer(i128::from(t)))
                {
                    differs.push((j, x));
                }
            }
            found.push(differs);
        };
        // Whole values only: the bounds are rounded inward, as counts are whole.
        let bounds = |seen: &[(Rational, Rational)], j: usize| -> (u64, u64) {
            seen.get(j).map_or((0, 0), |(l, h)| {
                let whole = |v: i128| u64::try_from(v.max(0)).unwrap_or(u64::MAX);
                (whole(l.ceil()), whole(h.floor()))
            })
        };
        // How wide each target must be shown: what is required, or the cap.
        let need = |j: usize| required.map_or(cap, |r| r(j)).max(1);
        let wide = |seen: &[(Rational, Rational)], j: usize| {
            let (low, high) = bounds(seen, j);
            high.saturating_sub(low) >= need(j)
        };
        // First a few programs that push every target at once, each up or down at
        // random: one vertex widens many cells. Not worth it for a few.
        // They go on while each still settles a good share of what is pending.
        let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ targets.len() as u64;
        let mut pending_before = usize::MAX;
        for _ in 0..MAX_SHARED_PROGRAMS {
            let pending: Vec<usize> = targets
                .iter()
                .copied()
                .filter(|&t| !wide(&seen, t))
                .collect();
            let settled = pending_before.saturating_sub(pending.len());
            if pending.len() < SHARED_PROGRAM_TARGETS
                || (pending_before != usize::MAX && settled * SETTLED_SHARE < pending_before)
            {
                break;
            }
            pending_before = pending.len();
            let weights: Vec<(usize, f64)> = pending
                .iter()
                .map(|&t| {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1);
                    (t, if state >> 63 == 0 { 1.0 } else { -1.0 })
                })
                .collect();
            let caps: Vec<(usize, u64)> = pending.iter().map(|&t| (t, need(t))).collect();
            if let Some(point) = self.optimum(&weights, &caps) {
                observe(&mut seen, &point);
            }
        }
        // What the shared programs leave pending is nearly all exposed: they would
        // have pushed it otherwise. Showing that costs two programs a cell, so a
        // search (with `required`) takes each still pending as exposed, from the
        // points seen, when many are: it withholds a complement and looks again. A
        // few are tried one by one, and so is every cell of an audit.
        let pending = targets.iter().filter(|&&t| !wide(&seen, t)).count();
        let one_by_one = required.is_none() || pending < SHARED_PROGRAM_TARGETS;
        let mut out = Vec::with_capacity(targets.len());
        for &target in targets {
            let weights: &[f64] = if one_by_one { &[1.0, -1.0] } else { &[] };
            for &weight in weights {
                if wide(&seen, target) {
                    break;
                }
                if let Some(point) = self.optimum(&[(target, weight)], &[(target, need(target))]) {
                    observe(&mut seen, &point);
                }
            }
            let (low, high) = bounds(&seen, target);
            let truth = truth.get(target).copied().unwrap_or(0);
            if required.is_some() && wide(&seen, target) {
                out.push(None);
            } else {
                let reached_cap = high >= truth.saturating_add(cap);
                out.push(Some((low, (!reached_cap).then_some(high))));
            }
        }
        known.extend(found);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two withheld cells and their published total of 13.
    fn pair() -> Program {
        Program {
            bounds: vec![(0, None), (0, None)],
            rows: vec![(vec![(0, 1), (1, 1)], 13)],
            at_most: Vec::new(),
            truth: vec![4, 9],
        }
    }

    #[test]
    fn checked_points_widen_each_interval_to_what_the_relations_allow() {
        let intervals = pair().intervals(&[0, 1], None, 100, &mut Vec::new());
        assert_eq!(intervals, [Some((0, Some(13))), Some((0, Some(13)))]);
    }

    #[test]
    fn a_cell_determined_by_the_rows_stays_determined() {
        // x0 + x1 = 13 and x0 − x1 = −5: x0 = 4, x1 = 9.
        let mut program = pair();
        program.rows.push((vec![(0, 1), (1, -1)], -5));
        let intervals = program.intervals(&[0, 1], None, 100, &mut Vec::new());
        assert_eq!(intervals, [Some((4, Some(4))), Some((9, Some(9)))]);
    }

    #[test]
    fn the_cap_stops_the_search_once_the_width_is_shown() {
        let program = Program {
            bounds: vec![(0, None), (0, None)],
            rows: vec![(vec![(0, 1), (1, -1)], 0)],
            at_most: Vec::new(),
            truth: vec![2, 2],
        };
        // Unbounded above: shown as reaching the cap.
        let shown = program.intervals(&[0], None, 10, &mut Vec::new());
        assert!(
            matches!(shown.as_slice(), [Some((low, None))] if *low <= 2),
            "{shown:?}"
        );
        let required = |_: usize| 5;
        assert_eq!(
            program.intervals(&[0, 1], Some(&required), 10, &mut Vec::new()),
            [None, None]
        );
    }

    #[test]
    fn only_points_that_meet_every_constraint_exactly_count() {
        // 2x0 + 2x1 = 3.
        let program = Program {
            bounds: vec![(0, None), (0, None)],
            rows: vec![(vec![(0, 2), (1, 2)], 3)],
            at_most: Vec::new(),
            truth: vec![0, 0],
        };
        let whole = |scaled: Vec<i128>| Point {
            scaled,
            denominator: 1,
        };
        assert!(!program.admits(&whole(vec![1, 0])));
        assert!(!program.admits(&whole(vec![0, 2])));
        // 3/2 and 0 meet it exactly.
        assert!(program.admits(&Point {
            scaled: vec![3, 0],
            denominator: 2
        }));
        let inequalities = Program {
            at_most: vec![(0, 1)],
            ..pair()
        };
        assert!(inequalities.admits(&whole(vec![4, 9])));
        assert!(!inequalities.admits(&whole(vec![10, 3])));
    }
}
