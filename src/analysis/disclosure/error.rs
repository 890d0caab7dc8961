//! What can go wrong when tables are built, protected or audited.

/// A table or set of linked tables that is not well formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid table: {0}")]
pub struct TableError(pub(crate) String);

/// Protection or an audit could not be completed. Nothing should be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProtectionError {
    /// A sum or a rounding left the range of the integers used.
    #[error("arithmetic overflow: {0}")]
    Overflow(String),
    /// The published values contradict the declared relations, so the relations
    /// cannot describe how the tables were made.
    #[error("the published values contradict the relations between cells: {0}")]
    Inconsistent(String),
    /// No further cell can be withheld to widen this cell's interval enough.
    #[error(
        "cannot protect cell {cell:?}: its interval is {low}..={high} and no other cell can be withheld to widen it"
    )]
    Unprotectable {
        /// The cell's label.
        cell: String,
        /// The lowest value an attacker can derive.
        low: u64,
        /// The highest value an attacker can derive.
        high: u64,
    },
    /// A connected group of withheld cells is too large for the exact linear
    /// programs within their memory bound; publish coarser tables.
    #[error(
        "{cells} withheld cells linked by {relations} relations are too many to audit exactly (at most {limit} tableau entries); group more coarsely"
    )]
    TooLarge {
        /// How many cells the group has.
        cells: usize,
        /// How many relations link them.
        relations: usize,
        /// The bound on `relations × (cells + relations)`.
        limit: usize,
    },
    /// An exact linear program did not finish within its iteration limit.
    #[error("the audit did not finish: {0}")]
    Unfinished(String),
}
