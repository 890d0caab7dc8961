//! Closed code lists: enums whose text, `Display`, `FromStr` and JSON spelling agree.

/// An unknown value for one of the crate's code lists.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {list} {found:?}: expected one of {}{}", expected.join(", "), extension.map(|e| format!(", or {e}")).unwrap_or_default())]
pub struct CodeError {
    list: &'static str,
    found: String,
    expected: &'static [&'static str],
    extension: Option<&'static str>,
}

impl CodeError {
    pub(crate) fn new(list: &'static str, found: &str, expected: &'static [&'static str]) -> Self {
        Self {
            list,
            found: found.to_owned(),
            expected,
            extension: None,
        }
    }

    /// Says how a value outside the list is written.
    pub(crate) fn or_extension(mut self, form: &'static str) -> Self {
        self.extension = Some(form);
        self
    }

    /// The value that was not in the list.
    pub fn found(&self) -> &str {
        &self.found
    }
}

/// Declares a code-list enum with `as_str`, `ALL`, `Display`, `FromStr` and serde in
/// one spelling.
///
/// A list that real data outgrows names an extension variant after the values:
/// `extension Other(T) = "other:" as "other:NAME/UNIT";` holds any `T` written after
/// the prefix (the last text is the form that error messages give). The prefix keeps
/// a misspelt value from silently becoming an extension.
macro_rules! code_list {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $list:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )+
        }
        $(
            $(#[$ometa:meta])*
            extension $other:ident($oty:ty) = $prefix:literal as $form:literal;
        )?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            $( $(#[$ometa])* $other($oty), )?
        }

        impl $name {
            /// Every value of the list, in declaration order (extensions aside).
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];
            const TEXTS: &'static [&'static str] = &[ $( $text, )+ ];

            /// The value's text, as in JSON; for an extension, its prefix without
            /// the colon (its whole text is its `Display`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $( $name::$variant => $text, )+
                    $( $name::$other(_) => $prefix.trim_end_matches(':'), )?
                }
            }

            fn unknown(text: &str) -> $crate::value::code_list::CodeError {
                let error = $crate::value::code_list::CodeError::new($list, text, Self::TEXTS);
                $( let error = error.or_extension($form); )?
                error
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( $name::$other(extension) => write!(f, "{}{}", $prefix, extension), )?
                    #[allow(unreachable_patterns)]
                    _ => f.write_str(self.as_str()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::value::code_list::CodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $( $text => Ok($name::$variant), )+
                    _ => {
                        $(
                            if let Some(rest) = s.strip_prefix($prefix) {
                                return rest
                                    .parse::<$oty>()
                                    .map($name::$other)
                                    .map_err(|_| Self::unknown(s));
                            }
                        )?
                        Err(Self::unknown(s))
                    }
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self {
                    $( $name::$other(_) => s.collect_str(self), )?
                    #[allow(unreachable_patterns)]
                    _ => s.serialize_str(self.as_str()),
                }
            }
        }

        #[cfg(feature = "json-schema")]
        impl ::schemars::JsonSchema for $name {
            fn schema_name() -> ::std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut ::schemars::SchemaGenerator) -> ::schemars::Schema {
                let schema = ::schemars::json_schema!({ "type": "string", "enum": Self::TEXTS });
                $(
                    let schema = ::schemars::json_schema!({
                        "anyOf": [schema, { "type": "string", "pattern": <$oty>::PATTERN }]
                    });
                )?
                schema
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                $crate::value::text_form::deserialize_text(d)
            }
        }
    };
}

pub(crate) use code_list;
