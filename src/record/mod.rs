//! Records: the operations, cases, charges and sentences that hold the values.

pub(crate) mod agency;
pub(crate) mod case;
pub(crate) mod charge;
pub(crate) mod charge_ids;
pub(crate) mod claim;
pub(crate) mod compact;
pub(crate) mod dataset;
pub(crate) mod defendant;
pub(crate) mod offence;
pub(crate) mod operation;
pub(crate) mod penalty;
pub(crate) mod referral;
pub(crate) mod sentence;
pub(crate) mod source;
pub(crate) mod statute;

/// A builder method that sets one field of a record and gives the record back, so
/// that optional fields are named where they are set, and a field added later breaks
/// no caller. `some` sets an optional field, `push` adds to a list, and a bare type
/// sets the field as it is.
macro_rules! with {
    ($(#[$doc:meta])* $method:ident: $field:ident = some String) => {
        $(#[$doc])*
        #[must_use]
        pub fn $method(mut self, value: impl Into<String>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    ($(#[$doc:meta])* $method:ident: $field:ident = some $ty:ty) => {
        $(#[$doc])*
        #[must_use]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field = Some(value);
            self
        }
    };
    ($(#[$doc:meta])* $method:ident: $field:ident = push $ty:ty) => {
        $(#[$doc])*
        #[must_use]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field.push(value);
            self
        }
    };
    ($(#[$doc:meta])* $method:ident: $field:ident = $ty:ty) => {
        $(#[$doc])*
        #[must_use]
        pub fn $method(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        }
    };
}
pub(crate) use with;
