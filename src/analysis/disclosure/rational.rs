//! Exact rational numbers for the attacker's linear programs.
//!
//! The audit must be exact: a float that rounds 5.999999 down to 5 would report a
//! protected cell as disclosed, or the other way round. Values are `i128` fractions in
//! lowest terms; every operation is checked and reports overflow instead of wrapping.

use std::cmp::Ordering;

/// Arithmetic left the range of `i128` fractions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Overflow;

/// A fraction `numerator / denominator` in lowest terms, denominator positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rational {
    numerator: i128,
    denominator: i128,
}

/// The greatest common divisor of `|a|` and `|b|` (1 for `i128::MIN` twice).
pub(crate) fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    // Most values are small: 64-bit division is a machine instruction, 128-bit a
    // library call several times slower.
    if let (Ok(mut a), Ok(mut b)) = (u64::try_from(a), u64::try_from(b)) {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        return i128::from(a);
    }
    while b != 0 {
        (a, b) = (b, a % b);
    }
    // Only gcd(i128::MIN, i128::MIN) is 2^127: left unreduced, its sign's
    // normalisation then reports the overflow.
    i128::try_from(a).unwrap_or(1)
}

/// `a / b` for a `b` that divides `a` (a gcd), in 64 bits when both fit.
fn divide(a: i128, b: i128) -> i128 {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) if b != 0 => i128::from(a / b),
        _ => a / b,
    }
}

impl Rational {
    pub(crate) const ZERO: Rational = Rational {
        numerator: 0,
        denominator: 1,
    };
    pub(crate) const ONE: Rational = Rational {
        numerator: 1,
        denominator: 1,
    };

    pub(crate) fn integer(value: i128) -> Self {
        Self {
            numerator: value,
            denominator: 1,
        }
    }

    pub(crate) fn new(numerator: i128, denominator: i128) -> Result<Self, Overflow> {
        if denominator == 0 {
            return Err(Overflow);
        }
        let g = gcd(numerator, denominator);
        let (mut n, mut d) = if g > 1 {
            (divide(numerator, g), divide(denominator, g))
        } else {
            (numerator, denominator)
        };
        if d < 0 {
            n = n.checked_neg().ok_or(Overflow)?;
            d = d.checked_neg().ok_or(Overflow)?;
        }
        Ok(Self {
            numerator: n,
            denominator: d,
        })
    }

    /// The numerator and the (positive) denominator, in lowest terms.
    pub(crate) fn parts(self) -> (i128, i128) {
        (self.numerator, self.denominator)
    }

    pub(crate) fn is_zero(self) -> bool {
        self.numerator == 0
    }

    pub(crate) fn signum(self) -> i128 {
        self.numerator.signum()
    }

    pub(crate) fn neg(self) -> Result<Self, Overflow> {
        Ok(Self {
            numerator: self.numerator.checked_neg().ok_or(Overflow)?,
            denominator: self.denominator,
        })
    }

    pub(crate) fn add(self, other: Self) -> Result<Self, Overflow> {
        if self.denominator == 1 && other.denominator == 1 {
            return Ok(Self::integer(
                self.numerator
                    .checked_add(other.numerator)
                    .ok_or(Overflow)?,
            ));
        }
        let g = gcd(self.denominator, other.denominator);
        let left = divide(other.denominator, g);
        let right = divide(self.denominator, g);
        let n = self
            .numerator
            .checked_mul(left)
            .and_then(|a| {
                other
                    .numerator
                    .checked_mul(right)
                    .and_then(|b| a.checked_add(b))
            })
            .ok_or(Overflow)?;
        let d = self.denominator.checked_mul(left).ok_or(Overflow)?;
        Self::new(n, d)
    }

    pub(crate) fn sub(self, other: Self) -> Result<Self, Overflow> {
        self.add(other.neg()?)
    }

    pub(crate) fn mul(self, other: Self) -> Result<Self, Overflow> {
        if self.numerator == 0 || other.numerator == 0 {
            return Ok(Self::ZERO);
        }
        if self.denominator == 1 && other.denominator == 1 {
            return Ok(Self::integer(
                self.numerator
                    .checked_mul(other.numerator)
                    .ok_or(Overflow)?,
            ));
        }
        // Cross-cancel first so that intermediate products stay small.
        let g1 = gcd(self.numerator, other.denominator);
        let g2 = gcd(other.numerator, self.denominator);
        let n = divide(self.numerator, g1)
            .checked_mul(divide(other.numerator, g2))
            .ok_or(Overflow)?;
        let d = divide(self.denominator, g2)
            .checked_mul(divide(other.denominator, g1))
            .ok_or(Overflow)?;
        // Factors in lowest terms, cross-cancelled: the product is in lowest terms,
        // and its denominator positive.
        Ok(Self {
            numerator: n,
            denominator: d,
        })
    }

    pub(crate) fn div(self, other: Self) -> Result<Self, Overflow> {
        if other.numerator == 0 {
            return Err(Overflow);
        }
        self.mul(Self::new(other.denominator, other.numerator)?)
    }

    /// The largest integer not above this value.
    pub(crate) fn floor(self) -> i128 {
        self.numerator.div_euclid(self.denominator)
    }

    /// The smallest integer not below this value.
    pub(crate) fn ceil(self) -> i128 {
        let floor = self.floor();
        if floor.checked_mul(self.denominator) == Some(self.numerator) {
            floor
        } else {
            floor.saturating_add(1)
        }
    }
}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rational {
    fn cmp(&self, other: &Self) -> Ordering {
        if self.denominator == other.denominator {
            return self.numerator.cmp(&other.numerator);
        }
        // Denominators are positive; compare a/b with c/d as a·d with c·b, falling back
        // to the subtraction's sign (exact) when a product overflows.
        match (
            self.numerator.checked_mul(other.denominator),
            other.numerator.checked_mul(self.denominator),
        ) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => {
                let (a, b) = (self.floor(), other.floor());
                a.cmp(&b).then_with(|| {
                    // Same integer part: compare the fractional parts.
                    let fa = Rational::new(
                        self.numerator.rem_euclid(self.denominator),
                        self.denominator,
                    );
                    let fb = Rational::new(
                        other.numerator.rem_euclid(other.denominator),
                        other.denominator,
                    );
                    match (fa, fb) {
                        (Ok(fa), Ok(fb)) => fa.cmp(&fb),
                        _ => Ordering::Equal,
                    }
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    #[test]
    fn fractions_are_kept_in_lowest_terms() {
        assert_eq!(q(6, -4), q(-3, 2));
        assert_eq!(q(1, 3).add(q(1, 6)).unwrap(), q(1, 2));
        assert_eq!(q(2, 3).mul(q(3, 4)).unwrap(), q(1, 2));
        assert_eq!(q(1, 2).div(q(1, 4)).unwrap(), Rational::integer(2));
        assert_eq!(q(-7, 2).floor(), -4);
        assert_eq!(q(-7, 2).ceil(), -3);
        assert_eq!(q(8, 2).ceil(), 4);
    }

    #[test]
    fn overflow_is_reported_not_wrapped() {
        let big = Rational::integer(i128::MAX);
        assert_eq!(big.add(Rational::ONE), Err(Overflow));
        assert_eq!(big.mul(Rational::integer(2)), Err(Overflow));
        assert_eq!(Rational::ONE.div(Rational::ZERO), Err(Overflow));
        assert!(Rational::integer(i128::MIN).neg().is_err());
    }

    /// Euclid's algorithm in 128 bits throughout: the reference for the 64-bit path.
    fn wide_gcd(a: i128, b: i128) -> i128 {
        let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a as i128
    }

    #[test]
    fn the_extremes_of_i128_are_reported_not_misreduced() {
        assert_eq!(Rational::new(i128::MIN, i128::MIN), Err(Overflow));
        assert_eq!(q(i128::MIN, 2), Rational::integer(i128::MIN / 2));
        assert_eq!(gcd(i128::MIN, 6), 2);
    }

    proptest! {
        #[test]
        fn gcd_and_division_agree_across_the_64_bit_boundary(
            a in prop_oneof![-1000i128..1000, any::<i64>().prop_map(i128::from), any::<i128>().prop_filter("not MIN", |&x| x != i128::MIN)],
            b in prop_oneof![1i128..1000, any::<i64>().prop_map(i128::from), any::<i128>().prop_filter("not MIN", |&x| x != i128::MIN)],
            scale in prop_oneof![Just(1i128), 1i128..1_000_000, Just(1i128 << 62), Just(1i128 << 64)],
        ) {
            let (a, b) = (a.saturating_mul(scale), b.saturating_mul(scale));
            prop_assume!(a != i128::MIN && b != i128::MIN);
            let g = gcd(a, b);
            prop_assert_eq!(g, wide_gcd(a, b));
            if g != 0 {
                prop_assert_eq!(divide(a, g), a / g);
                prop_assert_eq!(divide(b, g), b / g);
            }
        }

        #[test]
        fn arithmetic_agrees_with_cross_multiplication(a in -1000i128..1000, b in 1i128..50, c in -1000i128..1000, d in 1i128..50) {
            let (x, y) = (q(a, b), q(c, d));
            prop_assert_eq!(x.add(y).unwrap(), q(a * d + c * b, b * d));
            prop_assert_eq!(x.sub(y).unwrap(), q(a * d - c * b, b * d));
            prop_assert_eq!(x.mul(y).unwrap(), q(a * c, b * d));
            prop_assert_eq!(x.cmp(&y), (a * d).cmp(&(c * b)));
            prop_assert!(Rational::integer(x.floor()) <= x && x < Rational::integer(x.floor() + 1));
            prop_assert!(Rational::integer(x.ceil()) >= x && x > Rational::integer(x.ceil() - 1));
        }
    }
}
