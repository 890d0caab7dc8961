//! What the simplex method needs of the numbers it works in.
//!
//! The audit solves its programs in exact fractions ([`Rational`]); the method is
//! written against this trait so that the arithmetic is one replaceable part (a
//! floating-point instance was measured, and was not fast enough to be worth its
//! tolerance).

use super::rational::{Overflow, Rational};

/// What the simplex method needs of a number.
pub(crate) trait Scalar: Copy + PartialOrd + std::fmt::Debug {
    const ZERO: Self;
    const ONE: Self;
    fn integer(value: i128) -> Self;
    fn is_zero(self) -> bool;
    fn signum(self) -> i128;
    fn neg(self) -> Result<Self, Overflow>;
    fn add(self, other: Self) -> Result<Self, Overflow>;
    fn sub(self, other: Self) -> Result<Self, Overflow>;
    fn mul(self, other: Self) -> Result<Self, Overflow>;
    fn div(self, other: Self) -> Result<Self, Overflow>;
    /// The largest whole number not above this value.
    fn floor(self) -> i128;
    /// The smallest whole number not below this value.
    fn ceil(self) -> i128;
    /// Whether two values are equal.
    fn same(self, other: Self) -> bool {
        self.sub(other).is_ok_and(Scalar::is_zero)
    }
}

impl Scalar for Rational {
    const ZERO: Self = Rational::ZERO;
    const ONE: Self = Rational::ONE;
    fn integer(value: i128) -> Self {
        Rational::integer(value)
    }
    fn is_zero(self) -> bool {
        Rational::is_zero(self)
    }
    fn signum(self) -> i128 {
        Rational::signum(self)
    }
    fn neg(self) -> Result<Self, Overflow> {
        Rational::neg(self)
    }
    fn add(self, other: Self) -> Result<Self, Overflow> {
        Rational::add(self, other)
    }
    fn sub(self, other: Self) -> Result<Self, Overflow> {
        Rational::sub(self, other)
    }
    fn mul(self, other: Self) -> Result<Self, Overflow> {
        Rational::mul(self, other)
    }
    fn div(self, other: Self) -> Result<Self, Overflow> {
        Rational::div(self, other)
    }
    fn floor(self) -> i128 {
        Rational::floor(self)
    }
    fn ceil(self) -> i128 {
        Rational::ceil(self)
    }
    fn same(self, other: Self) -> bool {
        self == other
    }
}
