//! The analyses over records: validation, aggregation, reconciliation, disclosure control.

pub mod aggregate;
pub mod deidentify;
pub mod disclosure;
#[cfg(feature = "html")]
pub mod html;
pub mod reconcile;
pub mod report;
pub mod validate;
