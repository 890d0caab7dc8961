//! Random rounding with stable seeds, and what a rounded value tells an attacker.

use super::error::ProtectionError;
use super::protection::{Protection, Rounding};
use crate::util::rng::stable_hash;

/// The base graduated random rounding uses for a count.
pub fn graduated_base(value: u64) -> u64 {
    match value {
        0..=18 => 3,
        19 => 2,
        20..=99 => 5,
        100..=999 => 10,
        _ => 100,
    }
}

/// Rounds `value` at random to one of the two nearest multiples of `base`, upward with
/// probability `(value mod base) / base`, so that the expected result is `value`.
/// The draw is a stable hash of `seed`, `cell` and `value`. A base of 0 or 1 leaves the
/// value as it is.
///
/// # Errors
///
/// [`ProtectionError::Overflow`] when the multiple above `value` does not fit in a
/// `u64` (a value within `base` of `u64::MAX`).
pub fn random_round(value: u64, base: u64, cell: &str, seed: u64) -> Result<u64, ProtectionError> {
    if base <= 1 {
        return Ok(value);
    }
    let remainder = value % base;
    if remainder == 0 {
        return Ok(value);
    }
    let lower = value - remainder;
    let upper = lower.checked_add(base).ok_or_else(|| {
        ProtectionError::Overflow(format!("rounding {value} up to a multiple of {base}"))
    })?;
    let mut key = Vec::with_capacity(cell.len() + 8);
    key.extend_from_slice(cell.as_bytes());
    key.extend_from_slice(&value.to_le_bytes());
    let draw = stable_hash(seed, &key) % base;
    Ok(if draw < remainder { upper } else { lower })
}

/// The rounding base for a value under `rounding`; `None`: not rounded.
fn base(rounding: Rounding, value: u64) -> Option<u64> {
    match rounding {
        Rounding::None => None,
        Rounding::Rr3 => Some(3),
        Rounding::Graduated => Some(graduated_base(value)),
    }
}

/// Rounds a publishable count; see [`super::Protection`]. A count at or above the
/// suppression threshold is never rounded below it.
pub(crate) fn round_cell(
    value: u64,
    cell: &str,
    protection: &Protection,
) -> Result<u64, ProtectionError> {
    let Some(base) = base(protection.rounding, value) else {
        return Ok(value);
    };
    let rounded = random_round(value, base, cell, protection.seed)?;
    match protection.suppress_below {
        Some(threshold) if value >= threshold && rounded < threshold => {
            (value - value % base).checked_add(base).ok_or_else(|| {
                ProtectionError::Overflow(format!("rounding {value} up past the threshold"))
            })
        }
        _ => Ok(rounded),
    }
}

/// The values a rounding could have turned into `r`, as `[low, high]`, given that
/// published counts are at least the threshold (or zero, where zeros are
/// published): what an attacker learns from a rounded value.
pub(crate) fn possible_values(r: u64, protection: &Protection) -> (u64, u64) {
    let Some(widest) = base(protection.rounding, r).map(|_| match protection.rounding {
        Rounding::Graduated => 100,
        _ => 3,
    }) else {
        return (r, r);
    };
    let publishable = |v: u64| match protection.suppress_below {
        Some(t) => v >= t || (v == 0 && !protection.suppress_zeros),
        None => true,
    };
    let could_round_to = |v: u64| -> bool {
        let Some(b) = base(protection.rounding, v) else {
            return v == r;
        };
        let lower = v - v % b;
        if v.is_multiple_of(b) {
            return lower == r;
        }
        let upper = lower.saturating_add(b);
        let below_threshold = protection
            .suppress_below
            .is_some_and(|t| v >= t && lower < t);
        r == upper || (r == lower && !below_threshold)
    };
    let candidates = r.saturating_sub(widest)..=r.saturating_add(widest);
    let mut possible = candidates.filter(|&v| publishable(v) && could_round_to(v));
    let low = possible.next().unwrap_or(r);
    let high = possible.next_back().unwrap_or(low);
    (low, high)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn protection(rounding: Rounding, suppress_below: Option<u64>, seed: u64) -> Protection {
        Protection {
            suppress_below,
            rounding,
            seed,
            ..Protection::default()
        }
    }

    fn rr3(value: u64, cell: &str, seed: u64) -> u64 {
        round_cell(value, cell, &protection(Rounding::Rr3, None, seed)).unwrap()
    }

    #[test]
    fn graduated_bases_follow_the_stats_nz_table() {
        let bases: Vec<u64> = [0, 18, 19, 20, 99, 100, 999, 1000, 50_000]
            .map(graduated_base)
            .to_vec();
        assert_eq!(bases, [3, 3, 2, 5, 5, 10, 10, 100, 100]);
    }

    #[test]
    fn seventeen_rounds_to_fifteen_a_third_of_the_time() {
        let fifteen = (0..30_000)
            .filter(|&seed| rr3(17, "cell", seed) == 15)
            .count();
        let share = fifteen as f64 / 30_000.0;
        assert!((share - 1.0 / 3.0).abs() < 0.02, "{share}");
    }

    #[test]
    fn a_rounded_value_stands_for_its_rounding_interval() {
        let p = protection(Rounding::Rr3, None, 0);
        assert_eq!(possible_values(15, &p), (13, 17));
        assert_eq!(possible_values(0, &p), (0, 2));
        // With a threshold of 5, published counts are 0 or at least 5, and counts of
        // 5 or more never round below 5.
        let p = protection(Rounding::Rr3, Some(5), 0);
        assert_eq!(possible_values(0, &p), (0, 0));
        assert_eq!(possible_values(6, &p), (5, 8));
        assert_eq!(possible_values(3, &p), (3, 3));
        let p = protection(Rounding::Graduated, None, 0);
        assert_eq!(possible_values(1000, &p), (991, 1099));
        assert_eq!(possible_values(20, &p), (19, 24));
    }

    proptest! {
        #[test]
        fn rr3_gives_multiples_of_three_and_keeps_zeros_and_multiples(value in 0u64..100_000, seed: u64, cell in "[a-z]{1,6}") {
            let rounded = rr3(value, &cell, seed);
            prop_assert_eq!(rounded % 3, 0);
            prop_assert!(rounded.abs_diff(value) < 3);
            if value % 3 == 0 {
                prop_assert_eq!(rounded, value);
            }
            prop_assert_eq!(rr3(value, &cell, seed), rounded);
        }

        #[test]
        fn graduated_rounding_uses_the_base_of_the_value(value in 0u64..100_000, seed: u64) {
            let p = protection(Rounding::Graduated, None, seed);
            let base = graduated_base(value);
            let rounded = round_cell(value, "cell", &p).unwrap();
            prop_assert_eq!(rounded % base, 0);
            prop_assert!(rounded.abs_diff(value) < base);
            if value % base == 0 {
                prop_assert_eq!(rounded, value);
            }
        }

        // Over 4,000 seeds the mean of the rounded value is within 0.15 of the value for
        // base 3 and within 5% of the base for graduated rounding: several standard
        // errors of the mean (at most base / (2·√4000)).
        #[test]
        fn rounding_is_unbiased_over_seeds(value in 0u64..5_000, cell in "[a-z]{1,6}") {
            let n = 4_000u64;
            let rr3_mean = (0..n).map(|seed| rr3(value, &cell, seed)).sum::<u64>() as f64 / n as f64;
            prop_assert!((rr3_mean - value as f64).abs() < 0.15, "{} vs {}", rr3_mean, value);
            let grr_mean = (0..n)
                .map(|seed| round_cell(value, &cell, &protection(Rounding::Graduated, None, seed)).unwrap())
                .sum::<u64>() as f64 / n as f64;
            let tolerance = 0.05 * graduated_base(value) as f64;
            prop_assert!((grr_mean - value as f64).abs() < tolerance, "{} vs {}", grr_mean, value);
        }

        #[test]
        fn rounding_never_crosses_the_threshold(value in 0u64..200, threshold in 1u64..30, seed: u64, graduated: bool) {
            let rounding = if graduated { Rounding::Graduated } else { Rounding::Rr3 };
            let p = protection(rounding, Some(threshold), seed);
            if value >= threshold {
                prop_assert!(round_cell(value, "cell", &p).unwrap() >= threshold);
            }
        }

        /// The interval an attacker derives always holds the true value.
        #[test]
        fn the_rounding_interval_holds_the_value(value in 0u64..5_000, threshold in prop::option::of(1u64..30), seed: u64, graduated: bool) {
            let rounding = if graduated { Rounding::Graduated } else { Rounding::Rr3 };
            let p = protection(rounding, threshold, seed);
            let publishable = threshold.is_none_or(|t| value >= t || value == 0);
            if publishable {
                let r = round_cell(value, "cell", &p).unwrap();
                let (low, high) = possible_values(r, &p);
                prop_assert!(low <= value && value <= high, "{} rounded to {} gives [{}, {}]", value, r, low, high);
            }
        }

        #[test]
        fn rounding_near_the_limit_is_an_error_or_a_multiple(value in (u64::MAX - 300)..=u64::MAX, base in 2u64..200, seed: u64) {
            if let Ok(r) = random_round(value, base, "cell", seed) {
                prop_assert_eq!(r % base, 0);
                prop_assert!(r.abs_diff(value) < base);
            }
        }
    }
}
