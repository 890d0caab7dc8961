//! The model matrix of a run: every published figure as a sum of inner cells, and
//! the relations and inequalities between figures derived from it.
//!
//! An inner cell is the finest cross-classification a run uses: a set of counting
//! units (cases, say) that every published figure either counts whole or not at
//! all. Every figure is then the sum of the inner cells it counts: `figures = Xᵀ ·
//! inner` for a 0/1 matrix `X`. This is the model of Statistics Norway's
//! GaussSuppression and of sdcTable's linked tables. An attacker who knows how the
//! figures are made knows `X`, so:
//!
//! - **every linear relation** between figures that holds whatever the inner cells
//!   hold is a vector `c` with `X · c = 0`. [`InnerModel::linked_tables`] finds a basis
//!   of them by exact Gaussian elimination over the figures in the order they were
//!   added, so that a figure added after its parts is stated as their sum;
//! - **every nesting** of one figure's cells in another's is an inequality: arrested
//!   people are at most the identified, people at most cases. Nestings implied by
//!   others (`a ⊂ b ⊂ c`) are left out.
//!
//! Nothing is declared by hand, so no relation can be forgotten. What the model does
//! not give the audit: inequalities that need more than two figures (`a + b ≤ c` for
//! disjoint `a` and `b` inside `c`, beyond what the relations imply).
//!
//! The model is built from the data's own inner cells, those that hold at least one
//! unit. It therefore assumes the attacker knows which combinations never occur,
//! which is more than an outsider knows: the audit errs on the side of withholding.
//!
//! # Example
//!
//! ```
//! use investigation_outcomes::disclosure::InnerModel;
//!
//! // Three cases: convicted and arrested, convicted and not arrested, acquitted.
//! let mut model = InnerModel::new();
//! let a = model.add_inner(4);
//! let b = model.add_inner(1);
//! let c = model.add_inner(7);
//! let convicted = model.add_figure("convicted", [a, b])?;
//! let acquitted = model.add_figure("acquitted", [c])?;
//! let total = model.add_figure("total", [a, b, c])?;
//! let arrested = model.add_figure("arrested", [a])?;
//! let tables = model.linked_tables()?;
//! // total = convicted + acquitted, and arrested ≤ convicted.
//! assert_eq!(tables.relations().len(), 1);
//! assert_eq!(tables.relations()[0].coefficient(total), 1);
//! assert_eq!(tables.relations()[0].coefficient(acquitted), -1);
//! assert!(tables.inequalities().iter().any(|i| i.smaller == arrested && i.larger == convicted));
//! # Ok::<(), investigation_outcomes::disclosure::TableError>(())
//! ```

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use crate::util::fx::FxHashMap;

use super::cell::CellId;
use super::error::TableError;
use super::linked::LinkedTables;
use super::rational::Rational;

/// The most figures inside a larger one that are searched for a cover of the cells
/// outside a smaller one (see `nestings`): beyond it, an inequality is kept even if
/// the relations imply it, so that the search stays linear in the figures.
const MAX_COVER_CANDIDATES: usize = 256;

/// An inner cell of an [`InnerModel`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct InnerId(u32);

/// Published figures as sums of inner cells; see the module documentation.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct InnerModel {
    inner: Vec<u64>,
    labels: Vec<String>,
    values: Vec<u64>,
    // Each figure's inner cells, sorted, without repeats.
    members: Vec<Vec<u32>>,
}

/// A sparse vector over inner cells (or figures), sorted by index.
type Sparse = Vec<(u32, Rational)>;

fn scale(v: &Sparse, by: Rational) -> Result<Sparse, TableError> {
    v.iter()
        .map(|&(k, q)| {
            Ok((
                k,
                q.div(by)
                    .map_err(|_| TableError("the model's elimination overflowed".to_owned()))?,
            ))
        })
        .collect()
}

/// Integer coefficients proportional to `combination`, in lowest terms.
fn integers(combination: &Sparse) -> Result<Vec<(CellId, i64)>, TableError> {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a.abs() } else { gcd(b, a % b) }
    }
    let overflow = || TableError("a relation's coefficients are too large".to_owned());
    let mut lcm: i128 = 1;
    for &(_, q) in combination {
        let d = q.parts().1;
        lcm = (lcm / gcd(lcm, d)).checked_mul(d).ok_or_else(overflow)?;
    }
    let numerators: Vec<(u32, i128)> = combination
        .iter()
        .map(|&(k, q)| {
            let (n, d) = q.parts();
            n.checked_mul(lcm / d).map(|x| (k, x)).ok_or_else(overflow)
        })
        .collect::<Result<_, _>>()?;
    let common = numerators.iter().fold(0, |g, &(_, n)| gcd(g, n)).max(1);
    // The figure added last has a positive coefficient.
    let sign = numerators.last().map_or(1, |&(_, n)| n.signum());
    numerators
        .into_iter()
        .map(|(k, n)| {
            let c = i64::try_from(n / common * sign).map_err(|_| overflow())?;
            Ok((CellId(k as usize), c))
        })
        .collect()
}

impl InnerModel {
    /// No inner cells and no figures.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an inner cell holding `value` units.
    pub fn add_inner(&mut self, value: u64) -> InnerId {
        self.inner.push(value);
        InnerId(u32::try_from(self.inner.len() - 1).unwrap_or(u32::MAX))
    }

    /// Adds a published figure: the sum of the inner cells named (each counted once).
    /// Its [`CellId`] is its place among the figures, as in the
    /// [`LinkedTables`] that [`linked_tables`](Self::linked_tables) makes.
    ///
    /// # Errors
    ///
    /// [`TableError`] when an inner cell is unknown or the sum overflows.
    pub fn add_figure(
        &mut self,
        label: impl Into<String>,
        members: impl IntoIterator<Item = InnerId>,
    ) -> Result<CellId, TableError> {
        let label = label.into();
        let mut members: Vec<u32> = members.into_iter().map(|m| m.0).collect();
        members.sort_unstable();
        members.dedup();
        let mut value = 0u64;
        for &m in &members {
            let v = self.inner.get(m as usize).copied().ok_or_else(|| {
                TableError(format!(
                    "{label:?} names inner cell {m}, which does not exist"
                ))
            })?;
            value = value
                .checked_add(v)
                .ok_or_else(|| TableError(format!("{label:?} overflows")))?;
        }
        self.labels.push(label);
        self.values.push(value);
        self.members.push(members);
        Ok(CellId(self.values.len() - 1))
    }

    /// How many figures.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no figures.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// A figure's value; 0 for an unknown figure.
    pub fn value(&self, figure: CellId) -> u64 {
        self.values.get(figure.0).copied().unwrap_or(0)
    }

    /// An inner cell's value; 0 for an unknown cell.
    pub fn inner_value(&self, inner: InnerId) -> u64 {
        self.inner.get(inner.0 as usize).copied().unwrap_or(0)
    }

    /// How many inner cells.
    pub fn inner_len(&self) -> usize {
        self.inner.len()
    }

    /// The figures as linked tables, with every relation and nesting the model
    /// implies; see the module documentation.
    ///
    /// # Errors
    ///
    /// [`TableError`] when exact arithmetic overflows.
    pub fn linked_tables(&self) -> Result<LinkedTables, TableError> {
        let mut tables = LinkedTables::new();
        for (label, &value) in self.labels.iter().zip(&self.values) {
            tables.add_cell(label.clone(), value);
        }
        for relation in self.relations()? {
            tables.add_relation(&relation)?;
        }
        for (smaller, larger) in self.nestings() {
            tables.add_at_most(CellId(smaller), CellId(larger))?;
        }
        Ok(tables)
    }

    /// A basis of the relations between figures, by exact elimination of each
    /// figure's column against the figures before it.
    fn relations(&self) -> Result<Vec<Vec<(CellId, i64)>>, TableError> {
        struct Pivot {
            cell: u32,
            column: Sparse,
            combination: Sparse,
        }
        let overflow = || TableError("the model's elimination overflowed".to_owned());
        // `into −= factor · from`, dropping zeros; calls `fresh` with each new index.
        fn subtract_into(
            into: &mut FxHashMap<u32, Rational>,
            factor: Rational,
            from: &Sparse,
            mut fresh: impl FnMut(u32),
        ) -> Result<(), TableError> {
            let overflow = || TableError("the model's elimination overflowed".to_owned());
            for &(k, v) in from {
                let change = factor.mul(v).map_err(|_| overflow())?;
                match into.entry(k) {
                    std::collections::hash_map::Entry::Occupied(mut slot) => {
                        let next = slot.get().sub(change).map_err(|_| overflow())?;
                        if next.is_zero() {
                            slot.remove();
                        } else {
                            *slot.get_mut() = next;
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(change.neg().map_err(|_| overflow())?);
                        fresh(k);
                    }
                }
            }
            Ok(())
        }
        let sorted = |map: FxHashMap<u32, Rational>| -> Sparse {
            let mut v: Sparse = map.into_iter().collect();
            v.sort_unstable_by_key(|&(k, _)| k);
            v
        };
        let mut basis: Vec<Pivot> = Vec::new();
        // The basis vector whose pivot is each inner cell.
        let mut pivot_of: FxHashMap<u32, usize> = FxHashMap::default();
        let mut relations = Vec::new();
        for (figure, members) in self.members.iter().enumerate() {
            let figure =
                u32::try_from(figure).map_err(|_| TableError("too many figures".to_owned()))?;
            let mut column: FxHashMap<u32, Rational> =
                members.iter().map(|&m| (m, Rational::ONE)).collect();
            let mut combination: FxHashMap<u32, Rational> = FxHashMap::default();
            combination.insert(figure, Rational::ONE);
            // Reduce by the basis vectors in the order they were made: each is zero at
            // the pivots of those before it, so a pivot once cleared stays cleared.
            let mut due: BinaryHeap<Reverse<usize>> = members
                .iter()
                .filter_map(|k| pivot_of.get(k).map(|&b| Reverse(b)))
                .collect();
            while let Some(Reverse(b)) = due.pop() {
                let Some(pivot) = basis.get(b) else { continue };
                let Some(&factor) = column.get(&pivot.cell) else {
                    continue;
                };
                subtract_into(&mut column, factor, &pivot.column, |k| {
                    if let Some(&p) = pivot_of.get(&k)
                        && p > b
                    {
                        due.push(Reverse(p));
                    }
                })?;
                subtract_into(&mut combination, factor, &pivot.combination, |_| {})?;
            }
            let column = sorted(column);
            let combination = sorted(combination);
            match column.first() {
                None => relations.push(integers(&combination)?),
                Some(&(cell, value)) => {
                    pivot_of.insert(cell, basis.len());
                    basis.push(Pivot {
                        cell,
                        column: scale(&column, value).map_err(|_| overflow())?,
                        combination: scale(&combination, value).map_err(|_| overflow())?,
                    });
                }
            }
        }
        Ok(relations)
    }

    /// The pairs `(a, b)` of figures whose inner cells are a proper subset of the
    /// other's, one figure standing for all with the same cells, less those that
    /// follow from others: from a figure between them (`a ⊂ c ⊂ b`), or from the
    /// relations, when the cells of `b` not in `a` are exactly those of some figures
    /// (then `b = a + those`, each at least 0).
    fn nestings(&self) -> Vec<(usize, usize)> {
        let members = |f: usize| self.members.get(f).map_or(&[][..], Vec::as_slice);
        // One figure for each set of cells: the first with it.
        let mut first_with: HashMap<&[u32], usize> = HashMap::new();
        let representatives: Vec<usize> = (0..self.members.len())
            .filter(|&f| !members(f).is_empty() && *first_with.entry(members(f)).or_insert(f) == f)
            .collect();
        let mut figures_of: Vec<Vec<usize>> = vec![Vec::new(); self.inner.len()];
        for &f in &representatives {
            for &m in members(f) {
                if let Some(list) = figures_of.get_mut(m as usize) {
                    list.push(f);
                }
            }
        }
        let is_subset = |a: &[u32], b: &[u32]| {
            if a.len().saturating_mul(16) < b.len() {
                // A few cells in many: look each up.
                a.iter().all(|x| b.binary_search(x).is_ok())
            } else {
                let mut rest = b.iter();
                a.iter().all(|x| rest.by_ref().any(|y| y == x))
            }
        };
        // For each figure, the figures strictly containing it, and those it contains.
        let mut supersets: HashMap<usize, Vec<usize>> = HashMap::new();
        let mut subsets: HashMap<usize, Vec<usize>> = HashMap::new();
        for &a in &representatives {
            let mine = members(a);
            let Some(&first) = mine.first() else { continue };
            for &b in figures_of.get(first as usize).into_iter().flatten() {
                if members(b).len() > mine.len() && is_subset(mine, members(b)) {
                    supersets.entry(a).or_default().push(b);
                    subsets.entry(b).or_default().push(a);
                }
            }
        }
        // Whether the cells of `b` not in `a` are exactly those of figures inside
        // `b`, disjoint from `a` and from each other: taken largest first.
        let mut taken = vec![false; self.inner.len()];
        let mut covered = |a: usize, b: usize| {
            let outside_a = members(b).len() - members(a).len();
            let candidates = subsets.get(&b).map_or(0, Vec::len);
            if candidates > MAX_COVER_CANDIDATES {
                // Too many figures inside `b` to look for a cover in time: keep the
                // inequality, which is then at worst redundant.
                return false;
            }
            // Cells of `a` count as taken, so that figures meeting `a` are passed over.
            for &m in members(a) {
                if let Some(slot) = taken.get_mut(m as usize) {
                    *slot = true;
                }
            }
            let mut inside: Vec<usize> = subsets
                .get(&b)
                .into_iter()
                .flatten()
                .copied()
                .filter(|&c| members(c).len() <= outside_a)
                .collect();
            inside.sort_by_key(|&c| std::cmp::Reverse(members(c).len()));
            let mut count = 0;
            let mut marked: Vec<u32> = Vec::new();
            for c in inside {
                let free = members(c)
                    .iter()
                    .all(|&m| !taken.get(m as usize).copied().unwrap_or(true));
                if free {
                    for &m in members(c) {
                        if let Some(slot) = taken.get_mut(m as usize) {
                            *slot = true;
                        }
                    }
                    marked.extend_from_slice(members(c));
                    count += members(c).len();
                    if count == outside_a {
                        break;
                    }
                }
            }
            for &m in marked.iter().chain(members(a)) {
                if let Some(slot) = taken.get_mut(m as usize) {
                    *slot = false;
                }
            }
            count == outside_a
        };
        let mut pairs = Vec::new();
        for &a in &representatives {
            let above = supersets.get(&a).map_or(&[][..], Vec::as_slice);
            // Those of `above` strictly inside another of `above` are not covers.
            let above_set: std::collections::HashSet<usize> = above.iter().copied().collect();
            let mut not_covers = std::collections::HashSet::new();
            for &c in above {
                for &d in supersets.get(&c).map_or(&[][..], Vec::as_slice) {
                    if above_set.contains(&d) {
                        not_covers.insert(d);
                    }
                }
            }
            for &b in above {
                if !not_covers.contains(&b) && !covered(a, b) {
                    pairs.push((a, b));
                }
            }
        }
        pairs.sort_unstable();
        pairs
    }
}
