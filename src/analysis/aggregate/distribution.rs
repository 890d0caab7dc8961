//! Exact distributions of whole-number values, kept as sparse histograms.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{MergeError, add_counts};

/// An exact distribution of whole-number values: how many times each value occurred.
///
/// It keeps one entry per distinct value, not one per observation, so it stays small
/// (sentence terms and durations take few distinct values) and merges exactly: the
/// distribution of a union is the sum of the distributions. Every statistic is exact.
///
/// **Quantiles** use linear interpolation between the two nearest ranks (Hyndman and
/// Fan's type 7, the default of numpy, Spark and DataFusion): for `n` values sorted
/// ascending and `0 ≤ p ≤ 1`, with `h = (n − 1)·p`, the quantile is
/// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋ + 1] − x[⌊h⌋])`. The median is the 0.5 quantile.
///
/// # Example
///
/// ```
/// use investigation_outcomes::aggregate::Distribution;
///
/// let mut d = Distribution::default();
/// for v in [1, 2, 3, 4] {
///     d.add(v)?;
/// }
/// assert_eq!(d.median(), Some(2.5));
/// assert_eq!(d.quantile(0.9), Some(3.7));
/// assert_eq!(d.mean(), Some(2.5));
/// # Ok::<(), investigation_outcomes::aggregate::MergeError>(())
/// ```
///
/// The number of observations never exceeds `u64::MAX`: adding or merging past it is
/// an error, and so is reading such a distribution (or a count of 0) from JSON.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(try_from = "BTreeMap<u64, u64>", into = "BTreeMap<u64, u64>")]
pub struct Distribution {
    counts: BTreeMap<u64, u64>,
    // The number of observations, kept so that it is known to fit.
    total: u64,
}

impl TryFrom<BTreeMap<u64, u64>> for Distribution {
    type Error = MergeError;

    fn try_from(counts: BTreeMap<u64, u64>) -> Result<Self, MergeError> {
        if counts.values().any(|&n| n == 0) {
            return Err(MergeError::new("a distribution counts a value 0 times"));
        }
        let total = counts.values().try_fold(0u64, |total, &n| {
            add_counts(total, n, "the observations of a distribution")
        })?;
        Ok(Self { counts, total })
    }
}

impl From<Distribution> for BTreeMap<u64, u64> {
    fn from(d: Distribution) -> Self {
        d.counts
    }
}

/// One bin of a histogram: values in `[low, high)`, or `[low, ∞)` for the last.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct Bin {
    /// The lowest value in the bin (0 for the first).
    pub low: u64,
    /// The first value above the bin; `None` for the last bin.
    pub high: Option<u64>,
    /// How many values fall in it.
    pub count: u64,
}

impl Distribution {
    /// Adds one observation.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the number of observations would overflow.
    pub fn add(&mut self, value: u64) -> Result<(), MergeError> {
        self.add_many(value, 1)
    }

    /// Adds `times` observations of `value`.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the number of observations would overflow; the
    /// distribution is then unchanged.
    pub fn add_many(&mut self, value: u64, times: u64) -> Result<(), MergeError> {
        if times > 0 {
            // Every count is at most the total, so only the total needs checking.
            self.total = add_counts(self.total, times, "the observations of a distribution")?;
            let slot = self.counts.entry(value).or_insert(0);
            *slot = slot.saturating_add(times);
        }
        Ok(())
    }

    /// Adds every observation of `other`. Associative and commutative.
    ///
    /// # Errors
    ///
    /// [`MergeError`] when the number of observations would overflow; `self` is then
    /// unchanged.
    pub fn merge(&mut self, other: &Distribution) -> Result<(), MergeError> {
        self.check_merge(other)?;
        self.merge_checked(other);
        Ok(())
    }

    /// Whether [`merge`](Self::merge) with `other` would succeed, in time that does
    /// not grow with `self`.
    pub(crate) fn check_merge(&self, other: &Distribution) -> Result<(), MergeError> {
        add_counts(
            self.total,
            other.total,
            "the observations of a distribution",
        )
        .map(drop)
    }

    /// Adds `other`, once [`check_merge`](Self::check_merge) found that it fits.
    pub(crate) fn merge_checked(&mut self, other: &Distribution) {
        // Every count is at most the total, so the sums fit when the totals' does.
        self.total = self.total.saturating_add(other.total);
        for (&value, &times) in &other.counts {
            let slot = self.counts.entry(value).or_insert(0);
            *slot = slot.saturating_add(times);
        }
    }

    /// How many observations.
    pub fn count(&self) -> u64 {
        self.total
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The smallest value.
    pub fn min(&self) -> Option<u64> {
        self.counts.keys().next().copied()
    }

    /// The largest value.
    pub fn max(&self) -> Option<u64> {
        self.counts.keys().next_back().copied()
    }

    /// The exact sum of all observations.
    pub fn sum(&self) -> u128 {
        self.counts
            .iter()
            .map(|(&value, &times)| u128::from(value) * u128::from(times))
            .sum()
    }

    /// The arithmetic mean.
    pub fn mean(&self) -> Option<f64> {
        let count = self.count();
        (count > 0).then(|| self.sum() as f64 / count as f64)
    }

    /// The median (the 0.5 quantile).
    pub fn median(&self) -> Option<f64> {
        self.quantile(0.5)
    }

    /// The `p` quantile, `0 ≤ p ≤ 1`, by linear interpolation (see above); `None`
    /// when empty or when `p` is outside `[0, 1]`.
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let n = self.count();
        if n == 0 || !(0.0..=1.0).contains(&p) {
            return None;
        }
        let h = (n - 1) as f64 * p;
        let lower_rank = h.floor() as u64;
        let fraction = h - h.floor();
        let lower = self.value_at_rank(lower_rank)? as f64;
        if fraction == 0.0 {
            return Some(lower);
        }
        let upper = self.value_at_rank((lower_rank + 1).min(n - 1))? as f64;
        Some(lower + fraction * (upper - lower))
    }

    /// The value at 0-based `rank` in ascending order.
    fn value_at_rank(&self, rank: u64) -> Option<u64> {
        let mut seen = 0u64;
        for (&value, &times) in &self.counts {
            seen = seen.saturating_add(times);
            if rank < seen {
                return Some(value);
            }
        }
        None
    }

    /// Counts per bin for ascending bin edges `e₀ < e₁ < …`: `[0, e₀)`, `[e₀, e₁)`, …,
    /// `[eₖ, ∞)`. Edges are sorted and deduplicated first.
    pub fn histogram(&self, edges: &[u64]) -> Vec<Bin> {
        let mut edges = edges.to_vec();
        edges.sort_unstable();
        edges.dedup();
        let mut bins: Vec<Bin> = std::iter::once(0)
            .chain(edges.iter().copied())
            .zip(edges.iter().copied().map(Some).chain(std::iter::once(None)))
            .map(|(low, high)| Bin {
                low,
                high,
                count: 0,
            })
            .collect();
        for (&value, &times) in &self.counts {
            let index = edges.partition_point(|&edge| edge <= value);
            if let Some(bin) = bins.get_mut(index) {
                // At most the total, which fits.
                bin.count = bin.count.saturating_add(times);
            }
        }
        bins
    }

    /// The distinct values with how often each occurred, ascending.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.counts.iter().map(|(&v, &n)| (v, n))
    }
}

/// Observations gathered cheaply, then added to a [`Distribution`] in one go.
///
/// Common values (multiples of `STEP` below `DENSE_STEPS` steps: days up to about
/// eleven years, or whole months of a term) are counted in an array indexed by value;
/// the rest in a hash map. Both are cheaper per observation than the ordered map, and
/// a constant step makes the division a multiplication.
pub(crate) struct DistributionBuilder<const STEP: u64> {
    dense: Vec<u64>,
    sparse: crate::util::fx::FxHashMap<u64, u64>,
    // How many steps the array may hold: `DENSE_STEPS`, or 0 for a builder that
    // must stay small (one of many, per group).
    dense_steps: u64,
}

// The array grows to the largest common value seen, at most this many entries.
const DENSE_STEPS: u64 = 4096;

impl<const STEP: u64> Default for DistributionBuilder<STEP> {
    fn default() -> Self {
        Self {
            dense: Vec::new(),
            sparse: Default::default(),
            dense_steps: DENSE_STEPS,
        }
    }
}

impl<const STEP: u64> DistributionBuilder<STEP> {
    /// A builder that keeps only the values seen, without an array: for one of many
    /// (a group's), where memory grows with the groups.
    pub(crate) fn small() -> Self {
        Self {
            dense_steps: 0,
            ..Self::default()
        }
    }
}

impl<const STEP: u64> DistributionBuilder<STEP> {
    pub(crate) fn add(&mut self, value: u64) {
        let step = STEP.max(1);
        if value.is_multiple_of(step) && value / step < self.dense_steps {
            let index = (value / step) as usize;
            if index >= self.dense.len() {
                self.dense.resize(index + 1, 0);
            }
            if let Some(slot) = self.dense.get_mut(index) {
                *slot = slot.saturating_add(1);
                return;
            }
        }
        let slot = self.sparse.entry(value).or_insert(0);
        *slot = slot.saturating_add(1);
    }

    /// The distribution of the observations. They were added one at a time, so
    /// their number fits.
    pub(crate) fn build(self) -> Distribution {
        let mut counts: Vec<(u64, u64)> = (0u64..)
            .zip(self.dense)
            .filter(|&(_, times)| times > 0)
            .map(|(index, times)| (index * STEP.max(1), times))
            .chain(self.sparse)
            .collect();
        // Sorted and distinct, the map is built in one go.
        counts.sort_unstable();
        Distribution {
            total: counts.iter().fold(0u64, |t, &(_, n)| t.saturating_add(n)),
            counts: counts.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn of(values: &[u64]) -> Distribution {
        let mut d = Distribution::default();
        values.iter().for_each(|&v| d.add(v).unwrap());
        d
    }

    /// numpy.quantile(values, p) with the default method, written out directly.
    fn reference_quantile(values: &[u64], p: f64) -> f64 {
        let mut sorted = values.to_vec();
        sorted.sort_unstable();
        let h = (sorted.len() - 1) as f64 * p;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(sorted.len() - 1);
        sorted[lo] as f64 + (h - h.floor()) * (sorted[hi] as f64 - sorted[lo] as f64)
    }

    #[test]
    fn statistics_of_a_small_sample() {
        let d = of(&[12, 36, 36, 60]);
        assert_eq!(d.count(), 4);
        assert_eq!((d.min(), d.max()), (Some(12), Some(60)));
        assert_eq!(d.mean(), Some(36.0));
        assert_eq!(d.median(), Some(36.0));
        assert_eq!(d.quantile(0.0), Some(12.0));
        assert_eq!(d.quantile(1.0), Some(60.0));
        assert_eq!(d.quantile(0.25), Some(30.0));
        assert_eq!(d.quantile(1.5), None);
        assert_eq!(Distribution::default().median(), None);
    }

    #[test]
    fn histogram_bins_cover_every_value_once() {
        let d = of(&[0, 5, 10, 11, 99, 100, 1000]);
        let bins = d.histogram(&[100, 10]);
        let counts: Vec<u64> = bins.iter().map(|b| b.count).collect();
        assert_eq!(counts, [2, 3, 2]);
        assert_eq!(
            bins[2],
            Bin {
                low: 100,
                high: None,
                count: 2
            }
        );
        assert_eq!(
            d.histogram(&[]),
            [Bin {
                low: 0,
                high: None,
                count: 7
            }]
        );
    }

    proptest! {
        #[test]
        fn the_builder_counts_as_the_distribution_does(
            values in prop::collection::vec(prop_oneof![0u64..50_000, any::<u64>()], 0..80),
        ) {
            fn check<const STEP: u64>(values: &[u64]) -> Result<(), TestCaseError> {
                let values: Vec<u64> = values.iter().map(|&v| v.wrapping_mul(STEP)).collect();
                let mut builder = DistributionBuilder::<STEP>::default();
                values.iter().for_each(|&v| builder.add(v));
                prop_assert_eq!(builder.build(), of(&values));
                Ok(())
            }
            check::<1>(&values)?;
            check::<7>(&values)?;
            check::<146_097>(&values)?;
        }

        #[test]
        fn quantiles_match_the_reference(values in prop::collection::vec(0u64..1000, 1..60), p in 0.0f64..=1.0) {
            let d = of(&values);
            let expected = reference_quantile(&values, p);
            let got = d.quantile(p).unwrap();
            prop_assert!((got - expected).abs() < 1e-9, "{} vs {}", got, expected);
        }

        #[test]
        fn merge_is_the_distribution_of_the_union(a in prop::collection::vec(0u64..50, 0..30), b in prop::collection::vec(0u64..50, 0..30)) {
            let mut merged = of(&a);
            merged.merge(&of(&b)).unwrap();
            let union: Vec<u64> = a.iter().chain(&b).copied().collect();
            prop_assert_eq!(&merged, &of(&union));
            let mut other_way = of(&b);
            other_way.merge(&of(&a)).unwrap();
            prop_assert_eq!(merged, other_way);
        }

        #[test]
        fn histogram_counts_add_up(values in prop::collection::vec(0u64..1000, 0..50), edges in prop::collection::vec(0u64..1000, 0..6)) {
            let d = of(&values);
            let total: u64 = d.histogram(&edges).iter().map(|b| b.count).sum();
            prop_assert_eq!(total, d.count());
        }
    }
}
