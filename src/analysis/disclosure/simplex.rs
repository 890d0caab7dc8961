//! An exact primal simplex method for the attacker's linear programs.
//!
//! The problems are small (one connected group of withheld cells at a time) and
//! highly degenerate (many zeros), so the method favours certainty over speed:
//! rational arithmetic, Bland's rule against cycling, variables with upper bounds
//! handled by bound flips rather than extra rows, and one feasible basis reused for
//! every objective of a group.

use super::rational::{Overflow, Rational};

/// Why a program could not be solved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LpError {
    /// No values satisfy the constraints: the published figures contradict the relations.
    Infeasible,
    /// Exact arithmetic left the range of `i128` fractions.
    Overflow,
    /// The iteration limit was reached (a safeguard; Bland's rule terminates).
    IterationLimit,
}

impl From<Overflow> for LpError {
    fn from(_: Overflow) -> Self {
        LpError::Overflow
    }
}

const ITERATION_LIMIT: usize = 1_000_000;

/// Steps that do not move before Bland's rule takes over from Dantzig's.
const STALL_LIMIT: usize = 50;

/// `A x = b`, `0 ≤ x ≤ upper`, with a feasible basis found once by phase 1.
pub(crate) struct Simplex {
    /// Constraint rows in the current basis, one entry per variable.
    tableau: Vec<Vec<Rational>>,
    /// The value of each row's basic variable.
    values: Vec<Rational>,
    /// The basic variable of each row.
    basis: Vec<usize>,
    /// Whether each variable is basic.
    is_basic: Vec<bool>,
    /// Whether each non-basic variable sits at its upper bound (else at 0).
    at_upper: Vec<bool>,
    upper: Vec<Option<Rational>>,
}

/// Which way an entering variable moves.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

impl Simplex {
    /// Sets up `A x = b` with `0 ≤ x_j ≤ upper_j` and finds a feasible point.
    pub(crate) fn new(
        rows: Vec<Vec<Rational>>,
        rhs: Vec<Rational>,
        upper: Vec<Option<Rational>>,
    ) -> Result<Self, LpError> {
        let variables = upper.len();
        let m = rows.len();
        // Phase 1: one artificial variable per row, rows signed so that b ≥ 0.
        let mut tableau = Vec::with_capacity(m);
        let mut values = Vec::with_capacity(m);
        for (i, (mut row, b)) in rows.into_iter().zip(rhs).enumerate() {
            row.resize(variables, Rational::ZERO);
            let negate = b.signum() < 0;
            let mut full = Vec::with_capacity(variables + m);
            for a in row {
                full.push(if negate { a.neg()? } else { a });
            }
            full.extend((0..m).map(|k| {
                if k == i {
                    Rational::ONE
                } else {
                    Rational::ZERO
                }
            }));
            tableau.push(full);
            values.push(if negate { b.neg()? } else { b });
        }
        let total = variables + m;
        let mut lp = Simplex {
            tableau,
            values,
            basis: (variables..total).collect(),
            is_basic: (0..total).map(|j| j >= variables).collect(),
            at_upper: vec![false; total],
            upper: upper
                .into_iter()
                .chain(std::iter::repeat_n(None, m))
                .collect(),
        };
        // Reduced costs of "minimise the sum of artificials".
        let mut costs = vec![Rational::ZERO; total];
        for row in &lp.tableau {
            for (cost, &a) in costs.iter_mut().zip(row).take(variables) {
                *cost = cost.sub(a)?;
            }
        }
        lp.optimise(&mut costs)?;
        if lp
            .basis
            .iter()
            .zip(&lp.values)
            .any(|(&b, v)| b >= variables && !v.is_zero())
        {
            return Err(LpError::Infeasible);
        }
        lp.drop_artificials(variables)?;
        Ok(lp)
    }

    /// Pivots artificial variables (all at 0) out of the basis, removes rows that are
    /// redundant, and forgets the artificial columns.
    fn drop_artificials(&mut self, variables: usize) -> Result<(), LpError> {
        let mut r = 0;
        while r < self.basis.len() {
            if self.basis.get(r).is_some_and(|&b| b >= variables) {
                let entering = self
                    .tableau
                    .get(r)
                    .and_then(|row| row.iter().take(variables).position(|a| !a.is_zero()));
                match entering {
                    Some(j) => {
                        // A degenerate pivot: the entering variable keeps its value.
                        let value = self.nonbasic_value(j);
                        self.pivot(r, j, None)?;
                        if let Some(v) = self.values.get_mut(r) {
                            *v = value;
                        }
                    }
                    None => {
                        self.tableau.remove(r);
                        self.values.remove(r);
                        self.basis.remove(r);
                        continue;
                    }
                }
            }
            r += 1;
        }
        for row in &mut self.tableau {
            row.truncate(variables);
        }
        self.is_basic.truncate(variables);
        self.at_upper.truncate(variables);
        self.upper.truncate(variables);
        Ok(())
    }

    fn nonbasic_value(&self, j: usize) -> Rational {
        match (self.at_upper.get(j), self.upper.get(j)) {
            (Some(true), Some(Some(u))) => *u,
            _ => Rational::ZERO,
        }
    }

    /// The current values of every variable: a vertex of the feasible region.
    pub(crate) fn point(&self) -> Vec<Rational> {
        let mut point: Vec<Rational> = (0..self.upper.len())
            .map(|j| self.nonbasic_value(j))
            .collect();
        for (&b, &v) in self.basis.iter().zip(&self.values) {
            if let Some(slot) = point.get_mut(b) {
                *slot = v;
            }
        }
        point
    }

    /// The current value of a variable.
    pub(crate) fn value(&self, j: usize) -> Rational {
        if self.is_basic.get(j).copied().unwrap_or(false)
            && let Some(r) = self.basis.iter().position(|&b| b == j)
        {
            return self.values.get(r).copied().unwrap_or(Rational::ZERO);
        }
        self.nonbasic_value(j)
    }

    /// The minimum of `x_j` (`maximise`: the maximum), or `None` when unbounded.
    pub(crate) fn extreme(
        &mut self,
        j: usize,
        maximise: bool,
    ) -> Result<Option<Rational>, LpError> {
        let n = self.upper.len();
        let sign = if maximise {
            Rational::ONE.neg()?
        } else {
            Rational::ONE
        };
        let mut costs = vec![Rational::ZERO; n];
        match self.basis.iter().position(|&b| b == j) {
            Some(r) => {
                if let Some(row) = self.tableau.get(r) {
                    for (k, (cost, &a)) in costs.iter_mut().zip(row).enumerate() {
                        if k != j && !self.is_basic.get(k).copied().unwrap_or(true) {
                            *cost = sign.mul(a)?.neg()?;
                        }
                    }
                }
            }
            None => {
                if let Some(cost) = costs.get_mut(j) {
                    *cost = sign;
                }
            }
        }
        if self.optimise(&mut costs)? {
            Ok(Some(self.value(j)))
        } else {
            Ok(None)
        }
    }

    /// Runs the simplex method on reduced costs `costs` from the current basis.
    /// Returns false when the objective is unbounded below.
    fn optimise(&mut self, costs: &mut [Rational]) -> Result<bool, LpError> {
        // Dantzig's rule (the steepest reduced cost enters) takes far fewer steps;
        // after a run of steps that do not move, Bland's rule (the first improving
        // variable) takes over, which cannot cycle.
        let mut stalled = 0usize;
        for _ in 0..ITERATION_LIMIT {
            let improving = costs.iter().enumerate().filter_map(|(j, d)| {
                if self.is_basic.get(j).copied().unwrap_or(true) {
                    return None;
                }
                let fixed = matches!(self.upper.get(j), Some(Some(u)) if u.is_zero());
                let at_upper = self.at_upper.get(j).copied().unwrap_or(false);
                match d.signum() {
                    s if s < 0 && !at_upper && !fixed => Some((j, Direction::Up, *d)),
                    s if s > 0 && at_upper && !fixed => Some((j, Direction::Down, *d)),
                    _ => None,
                }
            });
            let entering = if stalled < STALL_LIMIT {
                improving
                    .min_by(|a, b| {
                        let magnitude = |d: Rational| {
                            if d.signum() < 0 {
                                d.neg().unwrap_or(d)
                            } else {
                                d
                            }
                        };
                        magnitude(b.2).cmp(&magnitude(a.2)).then(a.0.cmp(&b.0))
                    })
                    .map(|(j, direction, _)| (j, direction))
            } else {
                improving.map(|(j, direction, _)| (j, direction)).next()
            };
            let Some((j, direction)) = entering else {
                return Ok(true);
            };
            // Ratio test: how far x_j can move before a basic variable or x_j itself
            // reaches a bound. Ties go to the lowest variable index (Bland).
            let mut step: Option<(Rational, Option<usize>)> =
                self.upper.get(j).copied().flatten().map(|u| (u, None));
            let mut best_leaving = usize::MAX;
            // The change of each basic variable per unit of movement of x_j.
            let deltas = self.deltas(j, direction)?;
            for &(r, delta) in &deltas {
                let value = self.values.get(r).copied().unwrap_or(Rational::ZERO);
                let b = self.basis.get(r).copied().unwrap_or(usize::MAX);
                let limit = if delta.signum() < 0 {
                    value.div(delta.neg()?)?
                } else {
                    match self.upper.get(b).copied().flatten() {
                        Some(u) => u.sub(value)?.div(delta)?,
                        None => continue,
                    }
                };
                let better = match step {
                    None => true,
                    Some((t, leaving)) => {
                        (limit < t && limit != t)
                            || (limit == t && leaving.is_some() && b < best_leaving)
                    }
                };
                if better {
                    step = Some((limit, Some(r)));
                    best_leaving = b;
                }
            }
            let Some((t, leaving)) = step else {
                return Ok(false);
            };
            if t.is_zero() {
                stalled += 1;
            } else {
                stalled = 0;
            }
            // Move: every basic variable changes by delta · t.
            for &(r, delta) in &deltas {
                if let Some(v) = self.values.get_mut(r) {
                    *v = v.add(delta.mul(t)?)?;
                }
            }
            let start = self.nonbasic_value(j);
            let entering_value = if direction == Direction::Up {
                start.add(t)?
            } else {
                start.sub(t)?
            };
            match leaving {
                None => {
                    if let Some(flag) = self.at_upper.get_mut(j) {
                        *flag = direction == Direction::Up;
                    }
                }
                Some(r) => {
                    let b = self.basis.get(r).copied().unwrap_or(usize::MAX);
                    let left_at_upper = match (self.values.get(r), self.upper.get(b)) {
                        (Some(v), Some(Some(u))) => *v == *u && !v.is_zero(),
                        _ => false,
                    };
                    self.pivot(r, j, Some(costs))?;
                    if let Some(v) = self.values.get_mut(r) {
                        *v = entering_value;
                    }
                    if let Some(flag) = self.at_upper.get_mut(b) {
                        *flag = left_at_upper;
                    }
                    if let Some(flag) = self.at_upper.get_mut(j) {
                        *flag = false;
                    }
                }
            }
        }
        Err(LpError::IterationLimit)
    }

    /// For each row whose basic variable moves with `x_j`, the change per unit of
    /// movement of `x_j` in `direction`.
    fn deltas(&self, j: usize, direction: Direction) -> Result<Vec<(usize, Rational)>, LpError> {
        let mut deltas = Vec::new();
        for (r, row) in self.tableau.iter().enumerate() {
            let a = row.get(j).copied().unwrap_or(Rational::ZERO);
            if !a.is_zero() {
                deltas.push((
                    r,
                    if direction == Direction::Up {
                        a.neg()?
                    } else {
                        a
                    },
                ));
            }
        }
        Ok(deltas)
    }

    /// Makes `j` the basic variable of row `r`: Gaussian elimination of column `j`
    /// from every other row and from the reduced costs.
    fn pivot(&mut self, r: usize, j: usize, costs: Option<&mut [Rational]>) -> Result<(), LpError> {
        let Some(pivot_row) = self.tableau.get_mut(r) else {
            return Ok(());
        };
        let a = pivot_row.get(j).copied().unwrap_or(Rational::ONE);
        if a != Rational::ONE {
            for x in pivot_row.iter_mut() {
                if !x.is_zero() {
                    *x = x.div(a)?;
                }
            }
        }
        let pivot_row = pivot_row.clone();
        let nonzero: Vec<usize> = (0..pivot_row.len())
            .filter(|&k| pivot_row.get(k).is_some_and(|x| !x.is_zero()))
            .collect();
        let eliminate = |row: &mut [Rational]| -> Result<(), Overflow> {
            let factor = row.get(j).copied().unwrap_or(Rational::ZERO);
            if factor.is_zero() {
                return Ok(());
            }
            for &k in &nonzero {
                if let (Some(x), Some(&p)) = (row.get_mut(k), pivot_row.get(k)) {
                    *x = x.sub(factor.mul(p)?)?;
                }
            }
            Ok(())
        };
        for (i, row) in self.tableau.iter_mut().enumerate() {
            if i != r {
                eliminate(row)?;
            }
        }
        if let Some(costs) = costs {
            eliminate(costs)?;
        }
        if let Some(old) = self.basis.get_mut(r) {
            if let Some(flag) = self.is_basic.get_mut(*old) {
                *flag = false;
            }
            *old = j;
        }
        if let Some(flag) = self.is_basic.get_mut(j) {
            *flag = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: i128) -> Rational {
        Rational::integer(v)
    }

    fn row(values: &[i128]) -> Vec<Rational> {
        values.iter().map(|&v| int(v)).collect()
    }

    #[test]
    fn two_cells_summing_to_a_total_range_over_it() {
        // x + y = 7, x, y ≥ 0.
        let mut lp = Simplex::new(vec![row(&[1, 1])], vec![int(7)], vec![None, None]).unwrap();
        assert_eq!(lp.extreme(0, false).unwrap(), Some(int(0)));
        assert_eq!(lp.extreme(0, true).unwrap(), Some(int(7)));
        assert_eq!(lp.extreme(1, true).unwrap(), Some(int(7)));
    }

    #[test]
    fn upper_bounds_and_differences() {
        // x − y = 2, y ≤ 5: x in [2, 7]; z free of rows is unbounded above.
        let mut lp = Simplex::new(
            vec![row(&[1, -1, 0])],
            vec![int(2)],
            vec![None, Some(int(5)), None],
        )
        .unwrap();
        assert_eq!(lp.extreme(0, false).unwrap(), Some(int(2)));
        assert_eq!(lp.extreme(0, true).unwrap(), Some(int(7)));
        assert_eq!(lp.extreme(2, true).unwrap(), None);
        assert_eq!(lp.extreme(2, false).unwrap(), Some(int(0)));
    }

    #[test]
    fn redundant_rows_and_contradictions() {
        // x + y = 4 twice over, and x = 1.
        let mut lp = Simplex::new(
            vec![row(&[1, 1]), row(&[2, 2]), row(&[1, 0])],
            vec![int(4), int(8), int(1)],
            vec![None, None],
        )
        .unwrap();
        assert_eq!(lp.extreme(1, false).unwrap(), Some(int(3)));
        assert_eq!(lp.extreme(1, true).unwrap(), Some(int(3)));
        assert_eq!(
            Simplex::new(vec![row(&[1, 1])], vec![int(-1)], vec![None, None]).err(),
            Some(LpError::Infeasible)
        );
    }

    #[test]
    fn fractional_optima_are_exact() {
        // 2x + 2y = 3: x in [0, 3/2].
        let mut lp = Simplex::new(vec![row(&[2, 2])], vec![int(3)], vec![None, None]).unwrap();
        let max = lp.extreme(0, true).unwrap().unwrap();
        assert_eq!(max, int(3).div(int(2)).unwrap());
        assert_eq!(max.floor(), 1);
    }
}
