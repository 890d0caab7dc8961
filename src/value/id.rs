//! Identifiers of records: operations, cases, charges, claims, sources, agencies and
//! the pseudonymous identifiers of defendants.

/// The text given for an identifier is empty, too long or has characters outside
/// `A-Z a-z 0-9 - _ . :`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid {kind} {text:?}: expected 1 to 64 characters from A-Z a-z 0-9 - _ . : (no spaces)"
)]
pub struct IdError {
    kind: &'static str,
    text: String,
}

const MAX_ID_LEN: usize = 64;

/// Whether each byte may be in an identifier: `A-Z a-z 0-9 - _ . :`. A table, as
/// every identifier of a million cases is checked byte by byte.
// Indexing in a const block: the loop keeps the index below 256.
#[allow(clippy::indexing_slicing)]
const ID_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':');
        byte += 1;
    }
    table
};

fn check_id(kind: &'static str, text: &str) -> Result<(), IdError> {
    let ok = !text.is_empty()
        && text.len() <= MAX_ID_LEN
        && text
            .bytes()
            .all(|b| ID_BYTES.get(usize::from(b)) == Some(&true));
    if ok {
        Ok(())
    } else {
        Err(IdError {
            kind,
            text: text.to_owned(),
        })
    }
}

/// The text of an identifier, kept inline when short (as most are), so that ids are
/// compared and hashed without following a pointer and read without allocating.
#[derive(Clone, PartialEq, Eq)]
enum IdText {
    // Bytes beyond `len` are always zero, so derived equality is text equality.
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

const INLINE: usize = 22;

impl IdText {
    fn new(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                if let Some(start) = bytes.get_mut(..text.len()) {
                    start.copy_from_slice(text.as_bytes());
                }
                IdText::Inline { len, bytes }
            }
            _ => IdText::Heap(text.into()),
        }
    }

    fn as_str(&self) -> &str {
        // Inline bytes are copied from a checked ASCII identifier.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    // Hashing and ordering use the bytes, which order as the text does.
    fn as_bytes(&self) -> &[u8] {
        match self {
            IdText::Inline { len, bytes } => bytes.get(..usize::from(*len)).unwrap_or_default(),
            IdText::Heap(text) => text.as_bytes(),
        }
    }
}

impl std::hash::Hash for IdText {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            // Three whole words, without a loop: identifiers are hashed for every case
            // when people are counted. Unused bytes are zero, so equal texts hash alike.
            IdText::Inline { len, bytes } => {
                let (first, rest) = bytes.split_first_chunk::<8>().unwrap_or((&[0; 8], &[]));
                let (second, rest) = rest.split_first_chunk::<8>().unwrap_or((&[0; 8], &[]));
                let mut third = [0u8; 8];
                for (slot, byte) in third.iter_mut().zip(rest.iter().chain([len])) {
                    *slot = *byte;
                }
                state.write_u64(u64::from_le_bytes(*first));
                state.write_u64(u64::from_le_bytes(*second));
                state.write_u64(u64::from_le_bytes(third));
            }
            IdText::Heap(text) => text.as_bytes().hash(state),
        }
    }
}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_bytes().cmp(other.as_bytes())
    }
}

macro_rules! identifier {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        ///
        /// An identifier is 1 to 64 characters from `A-Z a-z 0-9 - _ . :`; it has no
        /// spaces, so a person's full name cannot be typed in by accident.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(IdText);

        impl $name {
            /// Checks and wraps an identifier.
            ///
            /// # Errors
            ///
            /// Returns [`IdError`] when the text is not a valid identifier.
            pub fn new(text: impl AsRef<str>) -> Result<Self, IdError> {
                let text = text.as_ref();
                check_id($kind, text)?;
                Ok(Self(IdText::new(text)))
            }

            /// Wraps text the caller has built to the identifier syntax itself.
            #[allow(dead_code)]
            pub(crate) fn from_trusted(text: String) -> Self {
                debug_assert!(check_id($kind, &text).is_ok(), "{text}");
                Self(IdText::new(&text))
            }

            /// The identifier's text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.as_str())
            }
        }

        $crate::value::text_form::serde_via_text!($name);

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({
                    "type": "string",
                    "pattern": "^[A-Za-z0-9._:-]{1,64}$",
                    "description": concat!("A ", $kind, ": 1 to 64 characters from A-Z a-z 0-9 - _ . :")
                })
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::new(s)
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.as_str().to_owned()
            }
        }
    };
}

identifier!(
    /// Identifies an [`Operation`](crate::Operation) within a dataset.
    OperationId, "operation id"
);
identifier!(
    /// Identifies a [`Case`](crate::Case) within its operation.
    CaseId, "case id"
);
identifier!(
    /// Identifies a [`Charge`](crate::Charge) within its case.
    ChargeId, "charge id"
);
identifier!(
    /// Identifies a [`Claim`](crate::Claim) within its operation.
    ClaimId, "claim id"
);
identifier!(
    /// Identifies a [`Source`](crate::Source) within its operation.
    SourceId, "source id"
);
identifier!(
    /// Identifies an [`Agency`](crate::Agency) within its operation.
    AgencyId, "agency id"
);
identifier!(
    /// The pseudonymous identifier of a defendant: never a name.
    DefendantId, "defendant id"
);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_byte_table_admits_exactly_the_identifier_characters() {
        for byte in 0..=u8::MAX {
            let allowed = byte.is_ascii_alphanumeric() || b"-_.:".contains(&byte);
            assert_eq!(ID_BYTES[usize::from(byte)], allowed, "{byte:#x}");
        }
    }

    proptest! {
        /// The table of identifier bytes says what the rule says.
        #[test]
        fn the_byte_table_follows_the_rule(text in "[ -~\u{80}-\u{ff}]{0,70}") {
            let rule = !text.is_empty()
                && text.len() <= MAX_ID_LEN
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
            prop_assert_eq!(CaseId::new(&text).is_ok(), rule);
            if let Ok(id) = CaseId::new(&text) {
                prop_assert_eq!(id.as_str(), text.as_str());
            }
        }
    }

    #[test]
    fn accepts_plain_identifiers() {
        for ok in ["op-h", "AU:VIC:2021-06", "a", "case_1.2"] {
            assert_eq!(CaseId::new(ok).unwrap().as_str(), ok);
        }
    }

    #[test]
    fn short_and_long_identifiers_behave_alike() {
        let short = CaseId::new("abc").unwrap();
        let long = CaseId::new("a-much-longer-identifier-than-fits-inline").unwrap();
        assert_eq!(long.as_str(), "a-much-longer-identifier-than-fits-inline");
        // Ordered as their text is, whether inline or not.
        assert_eq!(short.cmp(&long), short.as_str().cmp(long.as_str()));
        assert!(long < short);
        assert_eq!(CaseId::new("x".repeat(22)).unwrap().as_str().len(), 22);
        assert_eq!(
            CaseId::new("x".repeat(23)).unwrap(),
            CaseId::new("x".repeat(23)).unwrap()
        );
        assert_eq!(
            serde_json::to_string(&long).unwrap(),
            "\"a-much-longer-identifier-than-fits-inline\""
        );
        assert_eq!(format!("{short:?}"), "CaseId(\"abc\")");
    }

    #[test]
    fn rejects_spaces_empty_and_long() {
        let long = "x".repeat(65);
        for bad in ["", "John Smith", "é", long.as_str(), "a/b"] {
            let message = DefendantId::new(bad).unwrap_err().to_string();
            assert!(message.starts_with("invalid defendant id"), "{message}");
        }
        assert!(serde_json::from_str::<ClaimId>("\"a b\"").is_err());
    }
}
