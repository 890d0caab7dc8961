//! What exposes a withheld cell: the published cells of a combination of
//! relations that works it out, for choosing a complement that frees it.
//!
//! A withheld cell `x` is determined by the relations when some combination of
//! them has `x` as its only withheld cell: `x` is then a sum of published cells
//! times whole or fractional coefficients. Withholding any one of those published
//! cells breaks that combination, which is how Statistics Norway's GaussSuppression
//! chooses complements; choosing among the cells that merely share a relation with
//! `x` can take many rounds when `x` is fixed through several relations at once.
//!
//! One forward elimination finds a combination for every target at once: the
//! relations are reduced with pivots among the withheld cells that are not
//! targets, so the rows left without such a cell span every combination whose only
//! withheld cells are targets (a combination that used a pivot row would keep that
//! row's pivot). Those rows are reduced among themselves, and a row with a single
//! target is its derivation.
//!
//! A cell held narrow without being determined (by non-negativity, or an
//! inequality) is determined at a vertex where it is greatest, once the constraints
//! met there with equality are taken as known: its derivation from them names the
//! published cells that hold it.

use crate::util::fx::FxHashMap;

use super::audit::{Attacker, Known};
use super::rational::gcd;

/// How many row entries the elimination may touch before it gives up: a count
/// rather than seconds, so that the same tables give the same choice everywhere.
const MAX_WORK: usize = 50_000_000;

/// A column of the elimination: withheld cells that are not targets first, so they
/// are eliminated first; then the targets; then the published cells, which are
/// carried along to name the derivation.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
enum Column {
    Withheld(usize),
    Target(usize),
    /// A withheld cell held at a bound, so known there.
    Held(usize),
    Published(usize),
}

/// A sparse row over columns, sorted, with whole coefficients in lowest terms.
type Row = Vec<(Column, i128)>;

/// `a·row − b·pivot`, with `a` and `b` chosen to cancel `column`, in lowest terms;
/// `None` on overflow, or when either row lacks `column`.
fn eliminate(row: &Row, pivot: &Row, column: Column, work: &mut usize) -> Option<Row> {
    let at = |r: &Row| {
        r.binary_search_by_key(&column, |&(c, _)| c)
            .ok()
            .and_then(|i| r.get(i))
            .map(|&(_, k)| k)
    };
    let (k_row, k_pivot) = (at(row)?, at(pivot)?);
    let g = gcd(k_row, k_pivot).max(1);
    let (a, b) = (k_pivot / g, k_row / g);
    *work = work.saturating_add(row.len() + pivot.len());
    let mut out: Row = Vec::with_capacity(row.len() + pivot.len());
    let (mut i, mut j) = (0, 0);
    loop {
        let next = match (row.get(i), pivot.get(j)) {
            (Some(&(c, x)), Some(&(d, y))) if c == d => {
                i += 1;
                j += 1;
                (c, a.checked_mul(x)?.checked_sub(b.checked_mul(y)?)?)
            }
            (Some(&(c, x)), Some(&(d, _))) if c < d => {
                i += 1;
                (c, a.checked_mul(x)?)
            }
            (Some(_), Some(&(d, y))) | (None, Some(&(d, y))) => {
                j += 1;
                (d, b.checked_mul(y)?.checked_neg()?)
            }
            (Some(&(c, x)), None) => {
                i += 1;
                (c, a.checked_mul(x)?)
            }
            (None, None) => break,
        };
        if next.1 != 0 {
            out.push(next);
        }
    }
    let common = out.iter().fold(0, |g, &(_, k)| gcd(g, k)).max(1);
    for entry in &mut out {
        entry.1 /= common;
    }
    Some(out)
}

/// The first column of a row that is of the kind `keep` selects.
fn first(row: &Row, keep: fn(Column) -> bool) -> Option<Column> {
    row.iter().map(|&(c, _)| c).find(|&c| keep(c))
}

/// Reduces `row` by the pivot rows until its first column of kind `keep` has no
/// pivot row; that column, or `None` when the row has none of that kind.
fn reduce(
    mut row: Row,
    pivots: &FxHashMap<Column, Row>,
    keep: fn(Column) -> bool,
    work: &mut usize,
) -> Option<(Row, Option<Column>)> {
    loop {
        match first(&row, keep) {
            Some(c) => match pivots.get(&c) {
                Some(pivot) => row = eliminate(&row, pivot, c, work)?,
                None => return Some((row, Some(c))),
            },
            None => return Some((row, None)),
        }
        if *work > MAX_WORK {
            return None;
        }
    }
}

impl Attacker<'_> {
    /// For each of `targets` (unknowns of `component`), the published cells of a
    /// combination of relations whose only unknown is that target, or `None` when
    /// the relations alone do not determine it (its interval may still be narrow,
    /// through non-negativity or inequalities) or the elimination is too large.
    pub(crate) fn derivations(
        &self,
        component: &[usize],
        targets: &[usize],
    ) -> Vec<Option<Vec<usize>>> {
        self.derive(component, targets, &[], Vec::new())
            .unwrap_or_else(|| vec![None; targets.len()])
    }

    /// The published cells that hold `target` at its greatest value: at `vertex`
    /// (each unknown of `component` by position), a vertex of the program where it
    /// is greatest, the unknowns at zero and the inequalities met with equality
    /// are taken as known, and `target` is derived from them and the relations as
    /// in [`Self::derivations`]. The vertex is a floating-point solver's, so this
    /// only guides the choice of a complement; `None` when no derivation is found.
    pub(crate) fn bound_derivation(
        &self,
        component: &[usize],
        target: usize,
        vertex: &[f64],
    ) -> Option<Vec<usize>> {
        const TOLERANCE: f64 = 1e-6;
        let value = |cell: usize| match self.known.get(cell) {
            Some(Known::Exact(v)) => Some(*v as f64),
            _ => vertex.get(component.binary_search(&cell).ok()?).copied(),
        };
        let held: Vec<usize> = component
            .iter()
            .zip(vertex)
            .filter(|&(&c, &x)| c != target && x.abs() < TOLERANCE)
            .map(|(&c, _)| c)
            .collect();
        let mut inequalities: Vec<usize> = component
            .iter()
            .filter_map(|&c| self.inequalities_of.get(c))
            .flatten()
            .copied()
            .collect();
        inequalities.sort_unstable();
        inequalities.dedup();
        let met: Vec<Vec<(usize, i64)>> = inequalities
            .into_iter()
            .filter_map(|i| {
                let mut cells = self.inequality_cells(i);
                let (smaller, larger) = (cells.next()?, cells.next()?);
                let tight = (value(larger)? - value(smaller)?).abs() < TOLERANCE;
                tight.then(|| vec![(smaller, 1), (larger, -1)])
            })
            .collect();
        self.derive(component, &[target], &held, met)?
            .into_iter()
            .next()
            .flatten()
    }

    /// The derivations of `targets` from the relations and `rows` (each over
    /// cells), with the unknowns of `held` taken as known.
    fn derive(
        &self,
        component: &[usize],
        targets: &[usize],
        held: &[usize],
        rows: Vec<Vec<(usize, i64)>>,
    ) -> Option<Vec<Option<Vec<usize>>>> {
        let column = |cell: usize| {
            if targets.contains(&cell) {
                Some(Column::Target(cell))
            } else if held.binary_search(&cell).is_ok() {
                Some(Column::Held(cell))
            } else if component.binary_search(&cell).is_ok() {
                Some(Column::Withheld(cell))
            } else if matches!(self.known.get(cell), Some(Known::Exact(_))) {
                Some(Column::Published(cell))
            } else {
                None
            }
        };
        let mut work = 0usize;
        let mut pivots: FxHashMap<Column, Row> = FxHashMap::default();
        let mut target_rows: Vec<Row> = Vec::new();
        let relations = self
            .relations_touching(component)
            .into_iter()
            .map(|r| self.relation_terms(r).collect::<Vec<_>>());
        for terms in relations.chain(rows) {
            let mut row: Row = terms
                .into_iter()
                .map(|(cell, k)| Some((column(cell)?, i128::from(k))))
                .collect::<Option<_>>()?;
            row.sort_unstable_by_key(|&(c, _)| c);
            let withheld = |c: Column| matches!(c, Column::Withheld(_));
            match reduce(row, &pivots, withheld, &mut work)? {
                (row, Some(c)) => {
                    pivots.insert(c, row);
                }
                (row, None) => target_rows.push(row),
            }
        }
        // Gauss–Jordan over the targets among the rows left: each row reduced by
        // every pivot it holds, then its first target a pivot, cleared from the rest.
        let is_target = |c: Column| matches!(c, Column::Target(_));
        let mut reduced: FxHashMap<Column, Row> = FxHashMap::default();
        for mut row in target_rows {
            while let Some((c, pivot)) = row.iter().find_map(|&(c, _)| Some((c, reduced.get(&c)?)))
            {
                row = eliminate(&row, pivot, c, &mut work)?;
            }
            let Some(c) = first(&row, is_target) else {
                continue;
            };
            let mut holding: Vec<Column> = reduced
                .iter()
                .filter(|(_, other)| other.binary_search_by_key(&c, |&(d, _)| d).is_ok())
                .map(|(&key, _)| key)
                .collect();
            holding.sort_unstable();
            for key in holding {
                if let Some(other) = reduced.get(&key) {
                    let other = eliminate(other, &row, c, &mut work)?;
                    reduced.insert(key, other);
                }
            }
            reduced.insert(c, row);
            if work > MAX_WORK {
                return None;
            }
        }
        Some(
            targets
                .iter()
                .map(|&t| {
                    let row = reduced.get(&Column::Target(t))?;
                    let lone = row.iter().filter(|&&(c, _)| is_target(c)).count() == 1;
                    lone.then(|| {
                        row.iter()
                            .filter_map(|&(c, _)| match c {
                                Column::Published(cell) => Some(cell),
                                _ => None,
                            })
                            .collect()
                    })
                })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::disclosure::audit::tests::{known_of, withheld_table};
    use crate::analysis::disclosure::cell::CellId;
    use crate::analysis::disclosure::linked::LinkedTables;
    use crate::analysis::disclosure::rational::Rational;
    use proptest::prelude::*;

    /// The rank of dense rows, by Gaussian elimination in exact fractions: a second
    /// way of telling whether a cell is determined, sharing nothing with the sparse
    /// elimination but the arithmetic.
    fn rank(mut rows: Vec<Vec<Rational>>) -> usize {
        let width = rows.first().map_or(0, Vec::len);
        let mut rank = 0;
        for column in 0..width {
            let Some(pivot) = (rank..rows.len()).find(|&r| rows[r][column] != Rational::ZERO)
            else {
                continue;
            };
            rows.swap(rank, pivot);
            let pivot_row = rows[rank].clone();
            for row in rows.iter_mut().skip(rank + 1) {
                let factor = row[column].div(pivot_row[column]).unwrap();
                for (x, &p) in row.iter_mut().zip(&pivot_row) {
                    *x = x.sub(factor.mul(p).unwrap()).unwrap();
                }
            }
            rank += 1;
        }
        rank
    }

    /// Whether the relations over `unknown` (every other cell taken as known)
    /// determine `target`: whether dropping its column lowers the rank.
    fn determined(attacker: &Attacker, unknown: &[usize], target: usize) -> bool {
        let rows = |columns: &[usize]| -> Vec<Vec<Rational>> {
            (0..attacker.relation_count())
                .map(|r| {
                    columns
                        .iter()
                        .map(|&c| {
                            let k = attacker
                                .relation_terms(r)
                                .find(|&(cell, _)| cell == c)
                                .map_or(0, |(_, k)| k);
                            Rational::integer(i128::from(k))
                        })
                        .collect()
                })
                .collect()
        };
        let without: Vec<usize> = unknown.iter().copied().filter(|&c| c != target).collect();
        rank(rows(unknown)) > rank(rows(&without))
    }

    fn attacker_of<'a>(tables: &'a LinkedTables, withheld: &[bool]) -> Attacker<'a> {
        Attacker::new(tables, known_of(tables, withheld))
    }

    #[test]
    fn a_cell_fixed_through_two_relations_is_derived_from_both() {
        // a + b = t1 and b + c = t2 with a and b withheld, c published: b = t2 − c and
        // a = t1 − t2 + c.
        let mut tables = LinkedTables::new();
        let [a, b, c] = [4, 7, 20].map(|v| tables.add_cell("part", v));
        let t1 = tables.add_cell("t1", 11);
        let t2 = tables.add_cell("t2", 27);
        tables.add_sum(t1, &[a, b]).unwrap();
        tables.add_sum(t2, &[b, c]).unwrap();
        let attacker = attacker_of(&tables, &[true, true, false, false, false]);
        let component = [a.index(), b.index()];
        let mut derivations = attacker.derivations(&component, &component);
        for derivation in derivations.iter_mut().flatten() {
            derivation.sort_unstable();
        }
        assert_eq!(
            derivations,
            [
                Some(vec![c.index(), t1.index(), t2.index()]),
                Some(vec![c.index(), t2.index()])
            ]
        );
    }

    /// Two parts and their total, `a + b = total`.
    fn parts_and_total(a: u64, b: u64) -> (LinkedTables, [CellId; 3]) {
        let mut tables = LinkedTables::new();
        let [a, b] = [a, b].map(|v| tables.add_cell("part", v));
        let total = tables.add_cell("total", tables.value(a) + tables.value(b));
        tables.add_sum(total, &[a, b]).unwrap();
        (tables, [a, b, total])
    }

    #[test]
    fn cells_that_only_add_up_to_a_total_have_no_derivation() {
        let (tables, [a, b, _]) = parts_and_total(4, 7);
        let attacker = attacker_of(&tables, &[true, true, false]);
        let component = [a.index(), b.index()];
        assert_eq!(attacker.derivations(&component, &component), [None, None]);
    }

    /// With `a` and `b` withheld, the solver's vertex where `a` is greatest, and
    /// what holds `a` there.
    fn held_at_greatest(
        attacker: &Attacker,
        [a, b]: [CellId; 2],
    ) -> (Vec<f64>, Option<Vec<usize>>) {
        let component = [a.index(), b.index()];
        let vertex = attacker
            .program_of(&component)
            .unwrap()
            .maximiser(0)
            .unwrap();
        let held = attacker.bound_derivation(&component, a.index(), &vertex);
        (vertex, held)
    }

    #[test]
    fn a_cell_bounded_by_its_total_is_held_by_the_total() {
        // a + b = 3: a is at most 3, held there by b at zero and the total.
        let (tables, [a, b, total]) = parts_and_total(1, 2);
        let attacker = attacker_of(&tables, &[true, true, false]);
        let (vertex, held) = held_at_greatest(&attacker, [a, b]);
        assert!((vertex[0] - 3.0).abs() < 1e-9 && vertex[1].abs() < 1e-9);
        assert_eq!(held, Some(vec![total.index()]));
    }

    #[test]
    fn a_cell_bounded_by_a_larger_published_cell_is_held_by_it() {
        // a ≤ l = 3 published, and a + b = 100: a is greatest at 3, held by l.
        let mut tables = LinkedTables::new();
        let [a, b] = [2, 98].map(|v| tables.add_cell("part", v));
        let total = tables.add_cell("total", 100);
        let larger = tables.add_cell("larger", 3);
        tables.add_sum(total, &[a, b]).unwrap();
        tables.add_at_most(a, larger).unwrap();
        let attacker = attacker_of(&tables, &[true, true, false, false]);
        let (vertex, held) = held_at_greatest(&attacker, [a, b]);
        assert!((vertex[0] - 3.0).abs() < 1e-9);
        assert_eq!(held, Some(vec![larger.index()]));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// On tables with margins, a cell has a derivation exactly when the
        /// relations determine it (by the rank of dense rows), whether asked alone
        /// or with every cell of its group; and the published cells a derivation
        /// names are enough: with every other published cell withheld too, the cell
        /// is still determined.
        #[test]
        fn derivations_exist_exactly_for_determined_cells_and_name_enough(
            values in proptest::collection::vec(proptest::collection::vec(0u64..9, 3), 2..5),
            withheld in proptest::collection::vec(any::<bool>(), 20),
        ) {
            let (tables, known) = withheld_table(values, &withheld);
            let attacker = Attacker::new(&tables, known);
            for component in attacker.components() {
                let together = attacker.derivations(&component, &component);
                for (&cell, derivation) in component.iter().zip(together) {
                    let alone = attacker.derivations(&component, &[cell]).remove(0);
                    prop_assert_eq!(alone.is_some(), derivation.is_some());
                    prop_assert_eq!(derivation.is_some(), determined(&attacker, &component, cell));
                    if let Some(named) = derivation {
                        prop_assert!(named.iter().all(|&p| !withheld.get(p).copied().unwrap_or(false)));
                        let mut unknown: Vec<usize> = (0..tables.len())
                            .filter(|&c| attacker.is_variable(c) || (!named.contains(&c) && attacker.rep(c) == c))
                            .collect();
                        unknown.sort_unstable();
                        prop_assert!(determined(&attacker, &unknown, cell), "cell {} from {:?}", cell, named);
                    }
                }
            }
        }
    }
}
