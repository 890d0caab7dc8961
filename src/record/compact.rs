//! Vectors read without spare capacity.
//!
//! Reading a sequence grows its vector by doubling, leaving up to half of it unused:
//! a case's one charge sits in room for four. Trimming each vector as it is read
//! keeps a large dataset smaller in memory and its records closer together, which
//! is what summarising a million cases is bound by.

use serde::{Deserialize, Deserializer};

/// Reads a vector and gives back its spare capacity.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut values = Vec::<T>::deserialize(deserializer)?;
    values.shrink_to_fit();
    Ok(values)
}
