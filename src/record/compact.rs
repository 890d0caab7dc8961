//! Vectors read in one allocation of the exact size.
//!
//! A JSON array does not say how long it is, so reading it into a `Vec` grows the
//! vector by doubling: several allocations, and up to half of the last one unused.
//! Most of the crate's arrays are short (a case's charges, a sentence's
//! components), so the first elements are held on the stack and the vector is
//! allocated once, at its final length. Longer arrays spill into a growing vector
//! that is trimmed at the end. Reading allocates less, and a large dataset sits
//! smaller in memory, its records closer together.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// How many elements are held before the vector is allocated.
const HELD: usize = 8;

/// Reads a vector with no spare capacity.
pub(crate) fn vec<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_seq(ExactVec(PhantomData))
}

struct ExactVec<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ExactVec<T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        collect_exact([], || seq.next_element())
    }
}

/// Collects `leading`, then the elements `next` yields until it gives `None`, into
/// a vector of their exact number.
pub(crate) fn collect_exact<T, E, const N: usize>(
    leading: [T; N],
    mut next: impl FnMut() -> Result<Option<T>, E>,
) -> Result<Vec<T>, E> {
    let mut held: [Option<T>; HELD] = std::array::from_fn(|_| None);
    let mut count = 0;
    for (slot, value) in held.iter_mut().zip(leading) {
        *slot = Some(value);
        count += 1;
    }
    for slot in held.iter_mut().skip(count) {
        match next()? {
            Some(value) => {
                *slot = Some(value);
                count += 1;
            }
            None => break,
        }
    }
    if count < HELD {
        let mut values = Vec::with_capacity(count);
        values.extend(held.into_iter().flatten());
        return Ok(values);
    }
    let mut values = Vec::with_capacity(HELD * 4);
    values.extend(held.into_iter().flatten());
    while let Some(value) = next()? {
        values.push(value);
    }
    values.shrink_to_fit();
    Ok(values)
}
