//! An attacker's oracle that does not trust the protector: exact Gaussian elimination
//! over what was published, and the cells that non-negativity forces to zero.
//! Shared by the library's disclosure tests and the tool's.

#![allow(dead_code, clippy::indexing_slicing, clippy::needless_range_loop)]

use investigation_outcomes::disclosure::{Cell, LinkedTables};

/// An exact fraction for the oracle's elimination.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Q(i128, i128);

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 { a.abs() } else { gcd(b, a % b) }
}

impl Q {
    fn new(n: i128, d: i128) -> Q {
        let g = gcd(n, d).max(1) * d.signum();
        Q(n / g, d / g)
    }
    fn zero(self) -> bool {
        self.0 == 0
    }
    fn sub_mul(self, f: Q, x: Q) -> Q {
        // self − f·x
        Q::new(self.0 * f.1 * x.1 - f.0 * x.0 * self.1, self.1 * f.1 * x.1)
    }
    fn div(self, x: Q) -> Q {
        Q::new(self.0 * x.1, self.1 * x.0)
    }
}

/// Relations as `Σ coefficient × cell = 0`, by cell index: what an attacker knows of
/// how the figures were made.
pub type Relations = Vec<Vec<(usize, i128)>>;

/// The relations of linked tables, as the oracle takes them.
pub fn relations_of(tables: &LinkedTables) -> Relations {
    tables
        .relations()
        .iter()
        .map(|r| {
            r.terms
                .iter()
                .map(|&(c, k)| (c.index(), i128::from(k)))
                .collect()
        })
        .collect()
}

/// `total = Σ parts` as a relation.
pub fn sum(total: usize, parts: &[usize]) -> Vec<(usize, i128)> {
    std::iter::once((total, 1))
        .chain(parts.iter().map(|&p| (p, -1)))
        .collect()
}

/// The attacker's equations: each relation with published values moved to the right.
/// Returns rows over the withheld cells (in `withheld` order) and their constants.
pub fn equations(relations: &Relations, published: &[Cell]) -> (Vec<usize>, Vec<(Vec<Q>, i128)>) {
    let withheld: Vec<usize> = (0..published.len())
        .filter(|&c| published[c] == Cell::Suppressed)
        .collect();
    let mut rows = Vec::new();
    for terms in relations {
        let mut row = vec![Q(0, 1); withheld.len()];
        let mut constant = 0i128;
        for &(cell, sign) in terms {
            match published[cell] {
                Cell::Value(v) => constant -= sign * v as i128,
                Cell::Suppressed => {
                    let i = withheld.binary_search(&cell).unwrap();
                    row[i] = Q::new(row[i].0 + sign * row[i].1, row[i].1);
                }
            }
        }
        if row.iter().any(|q| !q.zero()) {
            rows.push((row, constant));
        }
    }
    (withheld, rows)
}

/// The withheld cells an attacker can compute exactly: a unit vector in the row space
/// of the equations (reduced row echelon form, exact).
pub fn determined(relations: &Relations, published: &[Cell]) -> Vec<usize> {
    let (withheld, rows) = equations(relations, published);
    let mut m: Vec<Vec<Q>> = rows.into_iter().map(|(r, _)| r).collect();
    let mut pivot_row = 0;
    let mut pivots = Vec::new();
    for col in 0..withheld.len() {
        let Some(p) = (pivot_row..m.len()).find(|&r| !m[r][col].zero()) else {
            continue;
        };
        m.swap(pivot_row, p);
        let pivot = m[pivot_row][col];
        for x in m[pivot_row].iter_mut() {
            *x = x.div(pivot);
        }
        for r in 0..m.len() {
            if r != pivot_row && !m[r][col].zero() {
                let f = m[r][col];
                let source = m[pivot_row].clone();
                for (x, s) in m[r].iter_mut().zip(source) {
                    *x = x.sub_mul(f, s);
                }
            }
        }
        pivots.push((pivot_row, col));
        pivot_row += 1;
    }
    pivots
        .into_iter()
        .filter(|&(r, col)| m[r].iter().enumerate().all(|(k, q)| k == col || q.zero()))
        .map(|(_, col)| withheld[col])
        .collect()
}

/// Withheld cells forced to 0: an equation whose withheld cells all have one sign
/// and whose constant is 0.
pub fn forced_to_zero(relations: &Relations, published: &[Cell]) -> Vec<usize> {
    let (withheld, rows) = equations(relations, published);
    let mut forced = Vec::new();
    for (row, constant) in rows {
        let signs: Vec<i128> = row
            .iter()
            .filter(|q| !q.zero())
            .map(|q| q.0.signum())
            .collect();
        if constant == 0 && (signs.iter().all(|&s| s > 0) || signs.iter().all(|&s| s < 0)) {
            forced.extend(
                row.iter()
                    .zip(&withheld)
                    .filter(|(q, _)| !q.zero())
                    .map(|(_, &c)| c),
            );
        }
    }
    forced
}
