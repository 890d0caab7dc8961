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

fn check_id(kind: &'static str, text: &str) -> Result<(), IdError> {
    let ok = !text.is_empty()
        && text.len() <= MAX_ID_LEN
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'));
    if ok {
        Ok(())
    } else {
        Err(IdError {
            kind,
            text: text.to_owned(),
        })
    }
}

macro_rules! identifier {
    ($(#[$meta:meta])* $name:ident, $kind:literal) => {
        $(#[$meta])*
        ///
        /// An identifier is 1 to 64 characters from `A-Z a-z 0-9 - _ . :`; it has no
        /// spaces, so a person's full name cannot be typed in by accident.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an identifier.
            ///
            /// # Errors
            ///
            /// Returns [`IdError`] when the text is not a valid identifier.
            pub fn new(text: impl Into<String>) -> Result<Self, IdError> {
                let text = text.into();
                check_id($kind, &text)?;
                Ok(Self(text))
            }

            /// Wraps text the caller has built to the identifier syntax itself.
            #[allow(dead_code)]
            pub(crate) fn from_trusted(text: String) -> Self {
                debug_assert!(check_id($kind, &text).is_ok(), "{text}");
                Self(text)
            }

            /// The identifier's text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
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
                id.0
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

    #[test]
    fn accepts_plain_identifiers() {
        for ok in ["op-h", "AU:VIC:2021-06", "a", "case_1.2"] {
            assert_eq!(CaseId::new(ok).unwrap().as_str(), ok);
        }
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
