//! What protection to apply: the threshold, the protection level and the rounding.

use std::fmt;

use serde::{Deserialize, Serialize};

/// How to round published counts.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rounding {
    /// No rounding.
    #[default]
    None,
    /// Random rounding to base 3 (Statistics New Zealand).
    Rr3,
    /// Graduated random rounding (Statistics New Zealand, microdata output).
    Graduated,
}

/// What protection to apply.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Protection {
    /// Withhold counts below this; `None` withholds nothing.
    pub suppress_below: Option<u64>,
    /// Withhold zeros as well (some agencies' rule); by default zeros are published.
    #[serde(default)]
    pub suppress_zeros: bool,
    /// How wide the attacker's interval for a primary cell must be at least;
    /// `None`: the threshold.
    #[serde(default)]
    pub protection_level: Option<u64>,
    /// Zeros may be withheld as complements: declare this when a zero could have been
    /// non-zero (it is not a zero by definition), so that withholding it hides
    /// something.
    #[serde(default)]
    pub nonstructural_zeros: bool,
    /// How many complements to try publishing again once the tables are protected.
    #[serde(default = "default_minimise_trials")]
    pub minimise_trials: u32,
    /// How to round what is published.
    #[serde(default)]
    pub rounding: Rounding,
    /// The seed of the random rounding.
    #[serde(default)]
    pub seed: u64,
}

fn default_minimise_trials() -> u32 {
    Protection::DEFAULT_MINIMISE_TRIALS
}

impl Protection {
    /// The default budget of [`minimise_trials`](Self::minimise_trials).
    pub const DEFAULT_MINIMISE_TRIALS: u32 = 50;

    /// The protection level in force: `protection_level`, else the threshold, else 0.
    pub fn level(&self) -> u64 {
        self.protection_level.or(self.suppress_below).unwrap_or(0)
    }
}

impl Default for Protection {
    /// No suppression, no rounding.
    fn default() -> Self {
        Self {
            suppress_below: None,
            suppress_zeros: false,
            protection_level: None,
            nonstructural_zeros: false,
            minimise_trials: Self::DEFAULT_MINIMISE_TRIALS,
            rounding: Rounding::None,
            seed: 0,
        }
    }
}

impl fmt::Display for Protection {
    /// A one-line statement of the protection, for the header of a published table.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(t) = self.suppress_below {
            parts.push(format!(
                "counts below {t}{} withheld, with complements until every withheld count's interval is at least {} wide",
                if self.suppress_zeros {
                    " (zeros included)"
                } else {
                    ""
                },
                self.level()
            ));
        }
        match self.rounding {
            Rounding::None => {}
            Rounding::Rr3 => parts.push(format!(
                "randomly rounded to base 3, totals independently (seed {})",
                self.seed
            )),
            Rounding::Graduated => parts.push(format!(
                "graduated random rounding, totals independently (seed {})",
                self.seed
            )),
        }
        if parts.is_empty() {
            f.write_str("no disclosure control applied")
        } else {
            f.write_str(&parts.join("; "))
        }
    }
}
