//! Closed code lists: enums whose text, `Display`, `FromStr` and JSON spelling agree.

/// An unknown value for one of the crate's code lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {list} {found:?}: expected one of {}", expected.join(", "))]
pub struct CodeError {
    list: &'static str,
    found: String,
    expected: &'static [&'static str],
}

impl CodeError {
    pub(crate) fn new(list: &'static str, found: &str, expected: &'static [&'static str]) -> Self {
        Self {
            list,
            found: found.to_owned(),
            expected,
        }
    }

    /// The value that was not in the list.
    pub fn found(&self) -> &str {
        &self.found
    }
}

/// Declares a code-list enum with `as_str`, `ALL`, `Display`, `FromStr` and serde in
/// one spelling.
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $list:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value of the list, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];
            const TEXTS: &'static [&'static str] = &[ $( $text, )+ ];

            /// The value's text, as in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )+ }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::value::code_list::CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => Err($crate::value::code_list::CodeError::new($list, s, Self::TEXTS)),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                ::schemars::json_schema!({ "type": "string", "enum": Self::TEXTS })
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

pub(crate) use code_list;
