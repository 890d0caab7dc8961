//! What an audit finds: the attacker's interval for every withheld cell.

use std::fmt;

use serde::Serialize;

use super::cell::CellId;

/// A cell's interval `(low, high)`; `high` `None`: unbounded.
pub(crate) type Bounds = (u64, Option<u64>);

/// The interval an attacker can derive for one withheld cell.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize)]
pub struct Exposure {
    /// The cell.
    pub cell: CellId,
    /// The lowest value consistent with what was published.
    pub low: u64,
    /// The highest value consistent with what was published; `None`: no upper bound.
    pub high: Option<u64>,
}

impl Exposure {
    /// `high − low`; `None` when there is no upper bound.
    pub fn width(&self) -> Option<u64> {
        self.high.map(|h| h.saturating_sub(self.low))
    }

    /// Whether the attacker can derive the value exactly.
    pub fn is_determined(&self) -> bool {
        self.width() == Some(0)
    }

    /// Whether the interval is at least `level` wide.
    pub fn is_wider_than(&self, level: u64) -> bool {
        self.width().is_none_or(|w| w >= level)
    }
}

/// The audit of one publication: the attacker's interval for every withheld cell.
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize)]
pub struct AuditReport {
    /// One entry per withheld cell, in cell order.
    pub exposures: Vec<Exposure>,
}

impl AuditReport {
    /// How many cells were withheld.
    pub fn withheld(&self) -> usize {
        self.exposures.len()
    }

    /// The withheld cell with the narrowest interval (unbounded intervals count as
    /// widest); `None` when nothing is withheld.
    pub fn narrowest(&self) -> Option<&Exposure> {
        self.exposures
            .iter()
            .min_by_key(|e| (e.width().is_none(), e.width()))
    }

    /// The withheld cells an attacker can work out exactly.
    pub fn determined(&self) -> impl Iterator<Item = &Exposure> {
        self.exposures.iter().filter(|e| e.is_determined())
    }

    /// The interval of one withheld cell.
    pub fn exposure(&self, cell: CellId) -> Option<&Exposure> {
        self.exposures
            .binary_search_by_key(&cell, |e| e.cell)
            .ok()
            .and_then(|i| self.exposures.get(i))
    }
}

impl fmt::Display for Exposure {
    /// The cell and its interval: `cell 3: [0, 13]`, or `[4, ∞)` with no upper bound.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.high {
            Some(high) => write!(f, "cell {}: [{}, {high}]", self.cell.index(), self.low),
            None => write!(f, "cell {}: [{}, ∞)", self.cell.index(), self.low),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exposure_reads_as_its_cell_and_interval() {
        let bounded = Exposure {
            cell: CellId::from_index(3),
            low: 0,
            high: Some(13),
        };
        let open = Exposure {
            high: None,
            low: 4,
            ..bounded
        };
        assert_eq!(bounded.to_string(), "cell 3: [0, 13]");
        assert_eq!(open.to_string(), "cell 3: [4, ∞)");
    }
}
