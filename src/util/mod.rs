//! Internal helpers: fast hashing, seeded randomness and counted nouns.

pub(crate) mod fx;
pub(crate) mod rng;

/// `1 error`, `2 errors`: a count with its noun, plural when it is not one.
pub(crate) fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
