//! Linear algebra modulo a prime, for tests that compare the ranks and spans of
//! integer matrices (the model's relations against what runs satisfy).

#![allow(clippy::indexing_slicing)]

/// The prime 2³¹ − 1: ranks modulo it equal ranks over the rationals for these
/// small integer matrices but for a chance of about one in ten million per test.
pub const P: u64 = (1 << 31) - 1;

/// `x` as a residue modulo `P`.
pub fn residue(x: i128) -> u64 {
    x.rem_euclid(i128::from(P)) as u64
}

fn inverse(a: u64) -> u64 {
    // a^(P−2)
    let (mut base, mut exp, mut out) = (a, P - 2, 1u64);
    while exp > 0 {
        if exp & 1 == 1 {
            out = out * base % P;
        }
        base = base * base % P;
        exp >>= 1;
    }
    out
}

/// Rows in reduced echelon form modulo `P`, each with its pivot column: the span of the
/// vectors added so far.
#[derive(Default)]
pub struct Echelon {
    /// Each row with its pivot column.
    pub rows: Vec<(usize, Vec<u64>)>,
}

impl Echelon {
    /// `v` less its part in the span; all zero when `v` is in it.
    pub fn reduce(&self, mut v: Vec<u64>) -> Vec<u64> {
        for (pivot, row) in &self.rows {
            let factor = v.get(*pivot).copied().unwrap_or(0);
            if factor != 0 {
                for (x, &r) in v.iter_mut().zip(row) {
                    *x = (*x + P - factor * r % P) % P;
                }
            }
        }
        v
    }

    /// Adds `v`; whether it was outside the span.
    pub fn add(&mut self, v: Vec<u64>) -> bool {
        let mut v = self.reduce(v);
        let Some(pivot) = v.iter().position(|&x| x != 0) else {
            return false;
        };
        let scale = inverse(v[pivot]);
        for x in &mut v {
            *x = *x * scale % P;
        }
        // Keep earlier rows reduced at the new pivot, so that one pass reduces.
        for (_, row) in &mut self.rows {
            let factor = row[pivot];
            if factor != 0 {
                for (x, &r) in row.iter_mut().zip(&v) {
                    *x = (*x + P - factor * r % P) % P;
                }
            }
        }
        self.rows.push((pivot, v));
        true
    }
}

impl Echelon {
    /// The dimension of the span.
    pub fn rank(&self) -> usize {
        self.rows.len()
    }
}
