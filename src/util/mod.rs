//! Internal helpers: fast hashing and seeded randomness.

pub(crate) mod fx;
pub(crate) mod rng;
