//! One module a subcommand.

pub mod bundled;
pub mod convert;
pub mod deidentify;
pub mod generate;
pub mod merge;
pub mod reconcile;
pub mod report;
pub mod split;
pub mod summary;
pub mod validate;
