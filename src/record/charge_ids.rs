//! The charges a sentence component is for: a list of charge identifiers that holds
//! one identifier without allocating.

use std::fmt;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::value::id::ChargeId;

/// Identifiers of the charges a [`SentenceComponent`](crate::SentenceComponent) was
/// imposed for, in the order given.
///
/// It reads as a slice (`ids.len()`, `ids.iter()`, `&ids[0]`, `ids.contains(&id)`)
/// and is written in JSON as an array of identifiers. Nearly every component is for
/// one charge, and one identifier is held inline: a million sentences read from
/// JSON allocate nothing for their charge lists.
///
/// ```
/// use investigation_outcomes::{ChargeId, ChargeIds};
///
/// let ids: ChargeIds = ["c1", "c2"].into_iter().map(ChargeId::new).collect::<Result<_, _>>()?;
/// assert_eq!(ids.len(), 2);
/// assert_eq!(serde_json::to_string(&ids)?, r#"["c1","c2"]"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default)]
pub struct ChargeIds(Held);

#[derive(Clone, Default)]
enum Held {
    /// None or one: no allocation.
    #[default]
    Empty,
    One(ChargeId),
    /// Two or more.
    Many(Vec<ChargeId>),
}

impl ChargeIds {
    /// No charges.
    pub fn new() -> Self {
        Self(Held::Empty)
    }

    /// The identifiers, in order.
    pub fn as_slice(&self) -> &[ChargeId] {
        match &self.0 {
            Held::Empty => &[],
            Held::One(id) => std::slice::from_ref(id),
            Held::Many(ids) => ids,
        }
    }

    /// Adds an identifier at the end.
    pub fn push(&mut self, id: ChargeId) {
        self.0 = match std::mem::take(&mut self.0) {
            Held::Empty => Held::One(id),
            Held::One(first) => Held::Many(vec![first, id]),
            Held::Many(mut ids) => {
                ids.push(id);
                Held::Many(ids)
            }
        };
    }
}

impl Deref for ChargeIds {
    type Target = [ChargeId];

    fn deref(&self) -> &[ChargeId] {
        self.as_slice()
    }
}

impl AsRef<[ChargeId]> for ChargeIds {
    fn as_ref(&self) -> &[ChargeId] {
        self.as_slice()
    }
}

// Equality, hashing and debugging go by the identifiers, not by how they are held.
impl PartialEq for ChargeIds {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for ChargeIds {}

impl std::hash::Hash for ChargeIds {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_slice().hash(state);
    }
}

impl fmt::Debug for ChargeIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.as_slice()).finish()
    }
}

impl FromIterator<ChargeId> for ChargeIds {
    fn from_iter<I: IntoIterator<Item = ChargeId>>(iter: I) -> Self {
        let mut iter = iter.into_iter();
        let Some(first) = iter.next() else {
            return Self::new();
        };
        let Some(second) = iter.next() else {
            return Self(Held::One(first));
        };
        let mut ids = Vec::with_capacity(2 + iter.size_hint().0);
        ids.push(first);
        ids.push(second);
        ids.extend(iter);
        Self(Held::Many(ids))
    }
}

impl From<Vec<ChargeId>> for ChargeIds {
    fn from(ids: Vec<ChargeId>) -> Self {
        match ids.len() {
            0 | 1 => ids.into_iter().collect(),
            _ => Self(Held::Many(ids)),
        }
    }
}

impl From<ChargeIds> for Vec<ChargeId> {
    fn from(ids: ChargeIds) -> Self {
        match ids.0 {
            Held::Empty => Vec::new(),
            Held::One(id) => vec![id],
            Held::Many(ids) => ids,
        }
    }
}

impl<'a> IntoIterator for &'a ChargeIds {
    type Item = &'a ChargeId;
    type IntoIter = std::slice::Iter<'a, ChargeId>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl IntoIterator for ChargeIds {
    type Item = ChargeId;
    type IntoIter = std::vec::IntoIter<ChargeId>;

    fn into_iter(self) -> Self::IntoIter {
        Vec::from(self).into_iter()
    }
}

impl Serialize for ChargeIds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.as_slice())
    }
}

impl<'de> Deserialize<'de> for ChargeIds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ChargeIdsVisitor)
    }
}

struct ChargeIdsVisitor;

impl<'de> Visitor<'de> for ChargeIdsVisitor {
    type Value = ChargeIds;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("a sequence of charge ids")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ChargeIds, A::Error> {
        collect_ids(|| seq.next_element())
    }
}

/// The identifiers `next` yields until it gives `None`: one held inline, more in a
/// vector of their exact number.
pub(crate) fn collect_ids<E>(
    mut next: impl FnMut() -> Result<Option<ChargeId>, E>,
) -> Result<ChargeIds, E> {
    let Some(first) = next()? else {
        return Ok(ChargeIds::new());
    };
    let Some(second) = next()? else {
        return Ok(ChargeIds(Held::One(first)));
    };
    collect_many([first, second], &mut next)
}

/// [`collect_ids`] past the second identifier. Out of line and through `dyn`, as
/// most components name one charge and the readers' code should stay small.
#[inline(never)]
fn collect_many<E>(
    leading: [ChargeId; 2],
    next: &mut dyn FnMut() -> Result<Option<ChargeId>, E>,
) -> Result<ChargeIds, E> {
    let ids = crate::record::compact::collect_exact(leading, next)?;
    Ok(ChargeIds(Held::Many(ids)))
}

#[cfg(feature = "json-schema")]
impl schemars::JsonSchema for ChargeIds {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        <Vec<ChargeId>>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<ChargeId>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids(texts: &[&str]) -> Vec<ChargeId> {
        texts.iter().map(|t| ChargeId::new(t).unwrap()).collect()
    }

    #[test]
    fn reads_json_arrays_of_any_length() {
        for texts in [&[][..], &["a"], &["a", "b"], &["a", "b", "c"]] {
            let json = serde_json::to_string(texts).unwrap();
            let read: ChargeIds = serde_json::from_str(&json).unwrap();
            assert_eq!(read.as_slice(), ids(texts).as_slice());
            assert_eq!(serde_json::to_string(&read).unwrap(), json);
        }
        let err = serde_json::from_str::<ChargeIds>(r#"["a", "not an id"]"#).unwrap_err();
        assert!(err.to_string().contains("invalid charge id"), "{err}");
        let err = serde_json::from_str::<ChargeIds>(r#""a""#).unwrap_err();
        assert!(
            err.to_string()
                .contains("expected a sequence of charge ids"),
            "{err}"
        );
    }

    proptest! {
        #[test]
        fn holds_what_a_vec_holds(texts in prop::collection::vec("[a-z0-9]{1,8}", 0..6)) {
            let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
            let expected = ids(&texts);
            let collected: ChargeIds = expected.iter().cloned().collect();
            let converted = ChargeIds::from(expected.clone());
            let mut pushed = ChargeIds::new();
            for id in &expected {
                pushed.push(id.clone());
            }
            for held in [&collected, &converted, &pushed] {
                prop_assert_eq!(held.as_slice(), expected.as_slice());
                prop_assert_eq!(held, &collected);
                prop_assert_eq!(format!("{held:?}"), format!("{expected:?}"));
                prop_assert_eq!(Vec::from(held.clone()), expected.clone());
            }
        }
    }
}
