//! A JSON reader for the common case, with serde_json as the authority.
//!
//! Reading records is most of what a user of the crate waits for, and serde_json's
//! general reader spends more time producing typed values than checking syntax. This
//! reader does only what well-formed records need: objects, arrays, strings (escapes
//! included), non-negative integers, `true`, `false` and `null`. On anything else
//! (a float, a negative number, bad syntax, a value of the wrong kind, an error of
//! the record's own `Deserialize`) it gives up, and [`from_str`] reads the text again
//! with serde_json, whose value or error is then the answer.
//!
//! So this reader never decides an error; what it must get right is that when it
//! succeeds, serde_json would have given the same value. The tests check that on
//! generated records and on mutations of them.
//!
//! Like [`objects_only`], it reads a struct only from a JSON object.
//!
//! Most types are read through their `Deserialize`, with this reader as the
//! deserializer. The records that fill a dataset have readers of their own over it,
//! in [`records`], held to the same rule.

use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

use crate::io::objects_only;

mod records;

pub(crate) use records::QuickRead;

/// Reads `T` from JSON text, structs only from objects: quickly when the text is
/// plain, otherwise through serde_json, whose errors say where and what.
pub(crate) fn from_str<'a, T: QuickRead<'a>>(text: &'a str) -> Result<T, serde_json::Error> {
    match quick_from_str(text) {
        Some(value) => Ok(value),
        None => objects_only::from_str(text),
    }
}

/// `T` read by the quick reader, or `None` where it gives up.
fn quick_from_str<'a, T: QuickRead<'a>>(text: &'a str) -> Option<T> {
    let mut reader = Reader {
        text,
        position: 0,
        depth: 0,
        scratch: Vec::new(),
        gathered: records::Gathered::default(),
    };
    let value = T::quick_read(&mut reader).ok()?;
    reader.skip_whitespace();
    (reader.position == text.len()).then_some(value)
}

/// Below serde_json's limit of 128, so that whatever nests deeper is refused, or
/// read, by serde_json itself.
const MAX_DEPTH: u32 = 100;

/// Why the quick reader stopped; the reason is not kept, as serde_json will say it.
#[derive(Debug)]
pub(crate) struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not read by the quick reader")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        GiveUp
    }
}

type Result<T, E = GiveUp> = std::result::Result<T, E>;

/// The reader: a position in the text, and how deep in it.
pub(crate) struct Reader<'de> {
    text: &'de str,
    position: usize,
    depth: u32,
    // Unescaped text of the string being read, when it has escapes.
    scratch: Vec<u8>,
    // Elements of the short arrays in records, gathered before they are moved out.
    gathered: records::Gathered,
}

/// A string's text: borrowed from the input, or unescaped into the scratch buffer.
enum Text<'de, 's> {
    Borrowed(&'de str),
    Copied(&'s str),
}

impl<'de> Text<'de, '_> {
    fn visit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Text::Borrowed(text) => visitor.visit_borrowed_str(text),
            Text::Copied(text) => visitor.visit_str(text),
        }
    }
}

impl<'de> Reader<'de> {
    fn bytes(&self) -> &'de [u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes().get(self.position) {
            self.position += 1;
        }
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Result<u8> {
        self.skip_whitespace();
        self.bytes().get(self.position).copied().ok_or(GiveUp)
    }

    /// Consumes `byte`, after any whitespace.
    fn expect(&mut self, byte: u8) -> Result<()> {
        if self.peek()? != byte {
            return Err(GiveUp);
        }
        self.position += 1;
        Ok(())
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        self.skip_whitespace();
        let end = self.position + word.len();
        if self.bytes().get(self.position..end) != Some(word) {
            return Err(GiveUp);
        }
        self.position = end;
        Ok(())
    }

    /// A non-negative integer without fraction or exponent.
    fn unsigned(&mut self) -> Result<u64> {
        self.skip_whitespace();
        let bytes = self.bytes();
        let start = self.position;
        let mut value: u64 = 0;
        let mut end = start;
        while let Some(digit @ b'0'..=b'9') = bytes.get(end) {
            value = value
                .checked_mul(10)
                .and_then(|v| v.checked_add(u64::from(digit - b'0')))
                .ok_or(GiveUp)?;
            end += 1;
        }
        let digits = end - start;
        let leading_zero = digits > 1 && bytes.get(start) == Some(&b'0');
        if digits == 0 || leading_zero || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
            return Err(GiveUp);
        }
        self.position = end;
        Ok(value)
    }

    /// A string, from its opening quote.
    #[inline]
    fn string(&mut self) -> Result<Text<'de, '_>> {
        self.expect(b'"')?;
        let bytes = self.bytes();
        let start = self.position;
        let end = special_byte(bytes, start).ok_or(GiveUp)?;
        match bytes.get(end) {
            Some(b'"') => {
                self.position = end + 1;
                // Both ends are next to ASCII quotes, so on character boundaries.
                self.text.get(start..end).map(Text::Borrowed).ok_or(GiveUp)
            }
            Some(b'\\') => self.unescaped(start, end).map(Text::Copied),
            _ => Err(GiveUp),
        }
    }

    /// A string without escapes, borrowed from the text, when its opening quote is
    /// at the reader; `None`, having read nothing, for anything else (then
    /// [`Reader::string`] reads it). Most strings in records are plain, and two
    /// words come back in registers where a [`Text`] does not.
    #[inline(never)]
    fn plain_string(&mut self) -> Option<&'de str> {
        let bytes = self.bytes();
        if bytes.get(self.position) != Some(&b'"') {
            return None;
        }
        let start = self.position + 1;
        let end = special_byte(bytes, start)?;
        if bytes.get(end) != Some(&b'"') {
            return None;
        }
        // Both ends are next to ASCII quotes, so on character boundaries.
        let text = self.text.get(start..end)?;
        self.position = end + 1;
        Some(text)
    }

    /// A string that has escapes, the first at `escape`: unescaped into the scratch
    /// buffer. Kept out of line, as few strings in records have escapes.
    #[cold]
    #[inline(never)]
    fn unescaped(&mut self, start: usize, escape: usize) -> Result<&str> {
        let bytes = self.bytes();
        self.scratch.clear();
        self.scratch
            .extend_from_slice(bytes.get(start..escape).ok_or(GiveUp)?);
        self.position = escape;
        self.unescape_rest()?;
        std::str::from_utf8(&self.scratch).map_err(|_| GiveUp)
    }

    /// The rest of a string that has escapes, into the scratch buffer.
    fn unescape_rest(&mut self) -> Result<()> {
        let bytes = self.bytes();
        loop {
            let byte = *bytes.get(self.position).ok_or(GiveUp)?;
            self.position += 1;
            match byte {
                b'"' => return Ok(()),
                0..=0x1f => return Err(GiveUp),
                b'\\' => {
                    let escape = *bytes.get(self.position).ok_or(GiveUp)?;
                    self.position += 1;
                    let plain = match escape {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let c = self.unicode_escape()?;
                            let mut buffer = [0; 4];
                            self.scratch
                                .extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
                            continue;
                        }
                        _ => return Err(GiveUp),
                    };
                    self.scratch.push(plain);
                }
                other => self.scratch.push(other),
            }
        }
    }

    /// The character of a `\u` escape, after the `u`; a surrogate pair takes two.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        let code = match first {
            0xd800..=0xdbff => {
                if self.bytes().get(self.position..self.position + 2) != Some(b"\\u") {
                    return Err(GiveUp);
                }
                self.position += 2;
                let second = self.hex4()?;
                if !(0xdc00..=0xdfff).contains(&second) {
                    return Err(GiveUp);
                }
                0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00)
            }
            _ => first,
        };
        char::from_u32(code).ok_or(GiveUp)
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .bytes()
            .get(self.position..self.position + 4)
            .ok_or(GiveUp)?;
        let mut value = 0;
        for digit in digits {
            let nibble = char::from(*digit).to_digit(16).ok_or(GiveUp)?;
            value = value * 16 + nibble;
        }
        self.position += 4;
        Ok(value)
    }

    /// Whether another entry or element follows in an object or array that `close`
    /// ends, consuming the comma before it; `first` is cleared once one is read.
    fn next_item(&mut self, close: u8, first: &mut bool) -> Result<bool> {
        let next = self.peek()?;
        if next == close {
            return Ok(false);
        }
        if !std::mem::take(first) {
            if next != b',' {
                return Err(GiveUp);
            }
            self.position += 1;
        }
        Ok(true)
    }

    /// Reads `open`, then what `inside` reads one level deeper, then `close`.
    // Around every object and array of a million records: inlined, it costs what
    // the same lines written out at each place cost.
    #[inline(always)]
    fn nested<T>(
        &mut self,
        open: u8,
        close: u8,
        inside: impl FnOnce(&mut Self) -> Result<T>,
    ) -> Result<T> {
        self.enter(open)?;
        let value = inside(self)?;
        self.leave(close)?;
        Ok(value)
    }

    /// Reads `open`, one level deeper.
    #[inline(always)]
    fn enter(&mut self, open: u8) -> Result<()> {
        // As the crate writes records, the bracket is right at the reader.
        if self.bytes().get(self.position) == Some(&open) {
            self.position += 1;
        } else {
            self.expect(open)?;
        }
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }

    /// Reads `close`, back up a level from [`enter`](Reader::enter).
    #[inline(always)]
    fn leave(&mut self, close: u8) -> Result<()> {
        self.depth -= 1;
        if self.bytes().get(self.position) == Some(&close) {
            self.position += 1;
            return Ok(());
        }
        self.expect(close)
    }

    /// Reads a `{…}` through `visitor`, which must take every entry.
    fn object<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.nested(b'{', b'}', |reader| {
            visitor.visit_map(Entries {
                reader,
                first: true,
            })
        })
    }

    /// Reads a `[…]` through `visitor`, which must take every element.
    fn array<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        self.nested(b'[', b']', |reader| {
            visitor.visit_seq(Elements {
                reader,
                first: true,
            })
        })
    }

    /// Skips one value of any kind, checking its syntax.
    fn skip_value(&mut self) -> Result<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'{' => self.object(de::IgnoredAny).map(drop),
            b'[' => self.array(de::IgnoredAny).map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.unsigned().map(drop),
        }
    }
}

/// The index of the first byte from `from` that ends a string's plain run: a quote,
/// a backslash or a control character. Eight bytes are tested at a time, as most
/// strings in records are short runs of plain ASCII.
#[inline]
fn special_byte(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Flags, exactly at the lowest such byte, the bytes of `word` below `limit`.
    let below = |word: u64, limit: u8| word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGH;
    let (words, rest) = bytes.get(from..)?.as_chunks::<8>();
    let mut index = from;
    for word in words {
        let word = u64::from_le_bytes(*word);
        let flags = below(word ^ (ONES * u64::from(b'"')), 1)
            | below(word ^ (ONES * u64::from(b'\\')), 1)
            | below(word, 0x20);
        if flags != 0 {
            return Some(index + (flags.trailing_zeros() / 8) as usize);
        }
        index += 8;
    }
    rest.iter()
        .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))
        .map(|offset| index + offset)
}

/// The entries of an object, for a visitor.
struct Entries<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.reader.next_item(b'}', &mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(Key(&mut *self.reader)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

/// The elements of an array, for a visitor.
struct Elements<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl<'de> de::SeqAccess<'de> for Elements<'_, 'de> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.reader.next_item(b']', &mut self.first)? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

/// Gives up on the kinds of value the quick reader leaves to serde_json. A method
/// with arguments besides the visitor lists their types: `deserialize_tuple(usize)`.
macro_rules! give_up {
    ($($method:ident $(($($arg:ty),*))?),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(
                self,
                $($(_: $arg,)*)?
                _visitor: V,
            ) -> Result<V::Value> {
                Err(GiveUp)
            }
        )*
    };
}

/// Reads every unsigned integer type as serde_json does: through `visit_u64`, the
/// visitor checking the range.
macro_rules! unsigned {
    ($($method:ident),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                visitor.visit_u64(self.unsigned()?)
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'"' => self.string()?.visit(visitor),
            b'{' => self.object(visitor),
            b'[' => self.array(visitor),
            b't' | b'f' => self.deserialize_bool(visitor),
            b'n' => self.deserialize_unit(visitor),
            _ => visitor.visit_u64(self.unsigned()?),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b't' => self
                .literal(b"true")
                .and_then(|()| visitor.visit_bool(true)),
            b'f' => self
                .literal(b"false")
                .and_then(|()| visitor.visit_bool(false)),
            _ => Err(GiveUp),
        }
    }

    unsigned!(
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
    );

    give_up!(
        deserialize_i128,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
    );

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.string()?.visit(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == b'n' {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.array(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.array(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.array(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.object(visitor)
    }

    /// A struct only from an object, as [`objects_only`] reads it.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.object(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.peek()? {
            b'"' => visitor.visit_enum(UnitVariant(self)),
            b'{' => self.nested(b'{', b'}', |reader| {
                visitor.visit_enum(VariantWithContent(reader))
            }),
            _ => Err(GiveUp),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_value()?;
        visitor.visit_unit()
    }
}

/// An object key, read as serde_json reads one: as a string, whatever type is
/// asked for. Types that serde_json parses out of a key's text (numbers, booleans)
/// are left to it.
struct Key<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::Deserializer<'de> for Key<'_, 'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.string()?.visit(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.0.string()?;
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    give_up!(
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_unit_struct(&'static str),
        deserialize_tuple(usize),
        deserialize_tuple_struct(&'static str, usize),
        deserialize_struct(&'static str, &'static [&'static str]),
        deserialize_enum(&'static str, &'static [&'static str]),
    );
}

/// An enum written as its variant's name: `"variant"`.
struct UnitVariant<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::EnumAccess<'de> for UnitVariant<'_, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let variant = seed.deserialize(&mut *self.0)?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(GiveUp)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(GiveUp)
    }
}

/// An enum written as an object of one entry: `{"variant": content}`, after the `{`.
struct VariantWithContent<'a, 'de>(&'a mut Reader<'de>);

impl<'de> de::EnumAccess<'de> for VariantWithContent<'_, 'de> {
    type Error = GiveUp;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let variant = seed.deserialize(Key(&mut *self.0))?;
        self.0.expect(b':')?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantWithContent<'_, 'de> {
    type Error = GiveUp;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(self.0)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(self.0)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.0.array(visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.0.object(visitor)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::*;
    use crate::record::operation::Operation;

    /// A record with every kind of value the quick reader handles.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Probe {
        name: String,
        #[serde(default)]
        count: u32,
        #[serde(default)]
        small: Option<i8>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        pair: Option<(u8, String)>,
        #[serde(default)]
        totals: BTreeMap<String, u64>,
        #[serde(default)]
        nested: Option<Box<Probe>>,
        #[serde(default)]
        nothing: Option<()>,
    }

    impl QuickRead<'_> for Probe {}
    impl QuickRead<'_> for serde_json::Value {}
    impl<V: for<'a> Deserialize<'a>> QuickRead<'_> for BTreeMap<String, V> {}

    /// A record read through its derived `Deserialize`, not its reader of its own.
    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(transparent)]
    struct ViaSerde<T>(T);

    impl<'de, T: Deserialize<'de>> QuickRead<'de> for ViaSerde<T> {}

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Counted(u16),
        Pair(u8, u8),
        Named { label: String },
    }

    /// Where the quick reader reads `text`, serde_json reads the same value.
    fn agrees<'a, T>(text: &'a str) -> Result<(), TestCaseError>
    where
        T: QuickRead<'a> + PartialEq + Debug,
    {
        let reference = objects_only::from_str::<T>(text);
        if let Some(quick) = quick_from_str::<T>(text) {
            match &reference {
                Ok(value) => prop_assert_eq!(&quick, value, "{}", text),
                Err(error) => {
                    prop_assert!(false, "read {text:?}, which serde_json refuses: {error}")
                }
            }
        }
        // And so the reader as a whole gives serde_json's answer, error included.
        let read = from_str::<T>(text);
        match (&read, &reference) {
            (Ok(read), Ok(reference)) => prop_assert_eq!(read, reference),
            (Err(read), Err(reference)) => prop_assert_eq!(read.to_string(), reference.to_string()),
            _ => prop_assert!(false, "{read:?} against {reference:?} for {text:?}"),
        }
        Ok(())
    }

    fn quick<'a, T: QuickRead<'a> + PartialEq + Debug>(text: &'a str) -> T {
        let value = quick_from_str::<T>(text);
        assert!(value.is_some(), "the quick reader gave up on {text}");
        let reference = objects_only::from_str::<T>(text);
        match (value, reference) {
            (Some(value), Ok(reference)) => {
                assert_eq!(value, reference);
                value
            }
            (_, reference) => panic!("{text}: serde_json gives {reference:?}"),
        }
    }

    fn gives_up<'a, T: QuickRead<'a> + PartialEq + Debug>(text: &'a str) {
        assert!(quick_from_str::<T>(text).is_none(), "read {text}");
        agrees::<T>(text).unwrap();
    }

    #[test]
    fn reads_every_kind_of_value_it_handles() {
        let probe: Probe = quick(
            r#" { "name" : "a" , "count": 4294967295, "small": 127, "flag": false,
                "tags": ["x", "", "y"], "kind": {"named": {"label": "L"}},
                "pair": [0, "p"], "totals": {"b": 2, "a": 1},
                "nested": {"name": "inner", "kind": "plain", "nothing": null} } "#,
        );
        assert_eq!(probe.count, u32::MAX);
        assert_eq!(probe.nested.map(|n| n.kind), Some(Some(Kind::Plain)));
        quick::<Probe>(r#"{"name": "b", "kind": {"counted": 7}, "tags": []}"#);
        quick::<Probe>(r#"{"name": "c", "kind": {"pair": [1, 2]}, "totals": {}}"#);
    }

    #[test]
    fn reads_the_bundled_datasets() {
        use crate::io::dataset::Dataset;
        for text in [
            include_str!("../../data/operation-h.json"),
            include_str!("../../data/cybertipline.json"),
        ] {
            let dataset: Dataset = quick(text);
            assert!(!dataset.operations.is_empty());
        }
    }

    #[test]
    fn unescapes_strings_as_serde_json_does() {
        let probe: Probe =
            quick(r#"{"name": "q\"b\\s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u0000 é"}"#);
        assert_eq!(probe.name, "q\"b\\s/ \u{8}\u{c}\n\r\t é 😀 \0 é");
        quick::<Probe>(r#"{"name": "x", "tags": ["\u20AC", "a\\", "\"\""]}"#);
        quick::<BTreeMap<String, u8>>(r#"{"k\u00e9y": 1, "plain": 2}"#);
    }

    #[test]
    fn leaves_to_serde_json_what_it_does_not_handle() {
        for text in [
            // Numbers it does not read, and numbers that are not JSON.
            r#"{"name": "a", "count": 1.0}"#,
            r#"{"name": "a", "count": 1e3}"#,
            r#"{"name": "a", "small": -1}"#,
            r#"{"name": "a", "count": 01}"#,
            r#"{"name": "a", "count": 99999999999999999999999}"#,
            r#"{"name": "a", "count": 4294967296}"#,
            r#"{"name": "a", "small": 128}"#,
            // Syntax.
            r#"{"name": "a",}"#,
            r#"{,"name": "a"}"#,
            r#"{"name" "a"}"#,
            r#"{"name": "a" "count": 1}"#,
            r#"{"name": "a", "tags": ["x",]}"#,
            r#"{"name": "a", "tags": [,"x"]}"#,
            r#"{"name": "a"} x"#,
            r#"{"name": "a"}}"#,
            r#"{"name": "a""#,
            r#"{"name": "a"#,
            r#"{"name": "a", "flag": tru}"#,
            r#"{"name": "a", "flag": truex}"#,
            r#"{"name": "a", "nothing": nul}"#,
            "{\"name\": \"a\u{1}\"}",
            "{\"name\": \"abcdefghijklmno\u{1f}\"}",
            "{\"name\": \"a\tb\"}",
            // Escapes.
            r#"{"name": "\x"}"#,
            r#"{"name": "\u12"}"#,
            r#"{"name": "\u12g4"}"#,
            r#"{"name": "\ud800"}"#,
            r#"{"name": "\ud800\u0041"}"#,
            r#"{"name": "\udc00"}"#,
            r#"{"name": "a\"#,
            // Kinds and records.
            r#"["a", 1]"#,
            r#"{"name": 1}"#,
            r#"{"name": "a", "name": "b"}"#,
            r#"{"name": "a", "other": 1}"#,
            r#"{"name": "a", "kind": "counted"}"#,
            r#"{"name": "a", "kind": {"plain": null, "x": 1}}"#,
            r#"{"name": "a", "kind": {"named": ["L"]}}"#,
            r#"{"name": "a", "kind": "unknown"}"#,
            r#"{"name": "a", "pair": [1]}"#,
            r#"{"name": "a", "pair": [1, "p", 2]}"#,
            r#"{"name": "a", "totals": {"k": -1}}"#,
            "",
            "   ",
        ] {
            gives_up::<Probe>(text);
        }
    }

    #[test]
    fn nesting_deeper_than_its_limit_is_left_to_serde_json() {
        let deep = |levels: usize| {
            format!(
                "{}{{\"name\": \"x\"}}{}",
                "{\"name\": \"x\", \"nested\": ".repeat(levels),
                "}".repeat(levels)
            )
        };
        quick::<Probe>(&deep(MAX_DEPTH as usize - 1));
        for levels in [MAX_DEPTH as usize, 200, 5_000] {
            gives_up::<Probe>(&deep(levels));
        }
        let value = "[".repeat(100_000);
        gives_up::<serde_json::Value>(&value);
    }

    /// A case as the crate writes it, inside an operation, with `case` spliced in.
    fn operation_with_case(case: &str) -> String {
        format!(r#"{{"id": "op-1", "name": "Operation", "cases": [{case}]}}"#)
    }

    /// `text` without the whitespace between its tokens, as the crate writes JSON,
    /// so that the records' readers take their quick path where keys are in order.
    fn compact(text: &str) -> String {
        let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
        for c in text.chars() {
            if in_string {
                in_string = escaped || c != '"';
                escaped = !escaped && c == '\\';
            } else if matches!(c, ' ' | '\n' | '\t' | '\r') {
                continue;
            } else {
                in_string = c == '"';
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn compact_text_keeps_strings_whole() {
        assert_eq!(
            compact(r#"{ "a b" : [ "c\" d" , 1 ] , "e" : "\\" , "f" : " " }"#),
            r#"{"a b":["c\" d",1],"e":"\\","f":" "}"#
        );
    }

    const CASE: &str = r#"{"id": "c1", "jurisdiction": "AU-QLD",
        "defendant": {"id": "d1", "age_band": "20-29"},
        "events": {"arrested": "2020-11", "charged": "2020-11-02"},
        "charges": [{"id": "ch1", "offence": {"kind": "possession", "iccs": "030221"},
            "counts": 3, "offence_date": "2019", "disposition": {"outcome": "convicted"}}],
        "sentence": {"components": [
            {"penalty": {"kind": "imprisonment", "term": "3y"}, "charges": ["ch1"]},
            {"penalty": {"kind": "fine", "amount": 500, "currency": "AUD"}, "charges": [],
                "runs": "concurrent"},
            {"penalty": {"kind": "community_work", "hours": 200}, "charges": ["ch1", "ch2", "ch3"]}],
            "status": "final"}}"#;

    #[test]
    fn reads_records_by_their_own_readers_as_serde_does() {
        let text = operation_with_case(CASE);
        let operation: Operation = quick(&text);
        assert_eq!(operation.cases[0].charges[0].counts.get(), 3);
        // Arrays are read into vectors of their exact length.
        let charges = &operation.cases[0].charges;
        assert_eq!((charges.len(), charges.capacity()), (1, 1));
        let components = &operation.cases[0].sentence.as_ref().unwrap().components;
        assert_eq!((components.len(), components.capacity()), (3, 3));
        assert_eq!(Some(ViaSerde(operation)), quick_from_str(&text));
        for case in [
            // Keys with escapes, in another order, and `null` for what may be absent.
            CASE.replace(r#""id": "c1""#, r#""\u0069d": "c1""#),
            CASE.replace(r#""counts""#, r#""c\u006Funts""#),
            r#"{"charges": [], "defendant": {"age_band": null, "id": "d1"},
                "jurisdiction": "NZ", "id": "c1", "court": null, "sentence": null}"#
                .to_owned(),
            CASE.replace(r#""offence_date": "2019""#, r#""offence_date": null"#),
            // A key that begins with another key, before it.
            CASE.replace(r#", "offence_date": "2019""#, "")
                .replace(r#""offence": {"#, r#""offence_date": "2019", "offence": {"#),
            CASE.replace(r#""arrested": "2020-11""#, r#""verdict": null"#),
            CASE.replace(
                r#""outcome": "convicted""#,
                r#""date": null, "outcome": "acquitted""#,
            ),
            CASE.replace(
                r#""kind": "fine", "amount": 500"#,
                r#""amount": 500, "kind": "fine""#,
            ),
            CASE.replace(r#""status": "final""#, r#""status": "appealed""#),
            CASE.replace(
                r#""status": "final""#,
                r#""status": {"varied_on_appeal": {"original": [], "varied": "2022"}}"#,
            ),
            CASE.replace(r#""term": "3y""#, r#""term": "3y", "minimum": null"#),
            CASE.replace(
                r#", "charges": ["ch1"]}"#,
                r#", "charges": ["ch1"], "runs": null}"#,
            ),
        ] {
            for text in [
                operation_with_case(&case),
                compact(&operation_with_case(&case)),
            ] {
                let operation: Operation = quick(&text);
                assert_eq!(Some(ViaSerde(operation)), quick_from_str(&text), "{text}");
            }
        }
    }

    #[test]
    fn leaves_to_serde_json_the_records_it_does_not_read() {
        for (from, to) in [
            // Unknown, repeated and missing fields.
            (r#""id": "c1""#, r#""id": "c1", "note": 1"#),
            (r#""id": "c1""#, r#""id": "c1", "id": "c2""#),
            (r#""id": "c1""#, r#""ids": "c1""#),
            (r#""id": "c1""#, r#""i": "c1""#),
            (r#""counts": 3"#, r#""count": 3"#),
            (r#""counts": 3"#, r#""counts": 3, "counts": 3"#),
            (r#""counts": 3, "#, ""),
            (r#""id": "d1", "#, ""),
            (r#""kind": "possession", "#, ""),
            (r#""outcome": "convicted""#, r#""date": "2021""#),
            // Values the types refuse, or of the wrong kind.
            (r#""counts": 3"#, r#""counts": 0"#),
            (r#""counts": 3"#, r#""counts": 4294967296"#),
            (r#""counts": 3"#, r#""counts": "3""#),
            (r#""counts": 3"#, r#""counts": null"#),
            (r#""AU-QLD""#, r#""XX""#),
            (r#""AU-QLD""#, "null"),
            (r#""030221""#, r#""0302211""#),
            (r#""2019""#, r#""2019-13""#),
            (r#""20-29""#, r#""twenties""#),
            (r#""possession""#, r#""Possession""#),
            (r#""events": {"#, r#""events": null, "e": {"#),
            (r#""term": "3y""#, r#""term": "3y", "hours": 1"#),
            (r#""term": "3y""#, r#""terms": "3y""#),
            (r#""term": "3y""#, r#""term": "3 years""#),
            (
                r#""kind": "imprisonment", "term": "3y""#,
                r#""kind": "imprisonment""#,
            ),
            (r#""hours": 200"#, r#""hours": 4294967296"#),
            (r#""amount": 500"#, r#""amount": -500"#),
            (r#""AUD""#, r#""dollars""#),
            (r#""status": "final""#, r#""status": "varied_on_appeal""#),
            (r#""status": "final""#, r#""status": "Final""#),
            (
                r#""status": "final""#,
                r#""status": "final", "status": "final""#,
            ),
            (r#""status": "final""#, r#""citations": []"#),
            (r#""charges": ["ch1"]"#, r#""charges": "ch1""#),
            (r#""charges": ["ch1"]"#, r#""charges": ["ch1",]"#),
            (r#""runs": "concurrent""#, r#""runs": "parallel""#),
            (r#""charges": ["#, r#""charges": null, "c": ["#),
            (
                r#""defendant": {"id": "d1", "age_band": "20-29"}"#,
                r#""defendant": "d1""#,
            ),
            // Syntax inside a record.
            (r#""counts": 3"#, r#""counts" 3"#),
            (r#""counts": 3,"#, r#""counts": 3,,"#),
            (r#""counts": 3,"#, r#""counts": 3"#),
            (r#""age_band": "20-29"}"#, r#""age_band": "20-29",}"#),
            (r#"{"id": "c1""#, r#"{,"id": "c1""#),
            (r#""counts": 3"#, r#"counts: 3"#),
            (r#""ch1""#, r#""ch1"#),
        ] {
            assert!(CASE.contains(from), "{from}");
            let text = operation_with_case(&CASE.replacen(from, to, 1));
            gives_up::<Operation>(&text);
            gives_up::<Operation>(&compact(&text));
        }
    }

    /// JSON text of `value` with the entries of every object in reverse order.
    fn reversed(value: &serde_json::Value) -> String {
        match value {
            serde_json::Value::Object(map) => {
                let entries: Vec<String> = map
                    .iter()
                    .rev()
                    .map(|(key, value)| format!("{}:{}", serde_json::json!(key), reversed(value)))
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
            serde_json::Value::Array(values) => {
                let values: Vec<String> = values.iter().map(reversed).collect();
                format!("[{}]", values.join(","))
            }
            other => other.to_string(),
        }
    }

    /// A naive scan, to compare with the eight-byte one.
    fn special_byte_naive(bytes: &[u8], from: usize) -> Option<usize> {
        (from..bytes.len()).find(|&i| matches!(bytes[i], b'"' | b'\\' | 0..=0x1f))
    }

    /// Edits that break or bend JSON, to insert into valid records.
    fn snippet() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\"",
            "\\",
            ",",
            ":",
            "{",
            "}",
            "[",
            "]",
            "0",
            "01",
            "-1",
            "1.5",
            "1e2",
            "null",
            "true",
            " ",
            "\u{1}",
            "\\u00e9",
            "\\ud800",
            "\\udc00",
            "é",
            "\"x\":1,",
            "\"id\":",
            "\"\"",
            "[]",
            "{}",
            "\n",
            "\t",
            "\u{1f}",
            "\\n",
            "18446744073709551616",
        ])
    }

    fn edited(text: &str, at: usize, delete: usize, insert: &str) -> String {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let start = boundaries[at % boundaries.len()];
        let end = boundaries
            .iter()
            .copied()
            .find(|&b| b >= start + delete)
            .unwrap_or(text.len());
        format!("{}{insert}{}", &text[..start], &text[end..])
    }

    proptest! {
        #[test]
        fn the_eight_byte_scan_finds_what_a_naive_scan_finds(
            bytes in prop::collection::vec(
                prop_oneof![
                    any::<u8>(),
                    prop::sample::select(vec![b'"', b'\\', 0x00, 0x1f, 0x20, 0x7f, 0x80, 0xff]),
                    0x20u8..0x7f,
                ],
                0..40,
            ),
            from in 0usize..40,
        ) {
            prop_assert_eq!(special_byte(&bytes, from), special_byte_naive(&bytes, from));
        }

        /// Every record the crate writes, compact or pretty, is read by the quick
        /// reader, to the value serde_json reads.
        #[test]
        fn reads_what_the_crate_writes(operation in crate::arbitrary::operation()) {
            let compact = serde_json::to_string(&operation).unwrap();
            let pretty = serde_json::to_string_pretty(&operation).unwrap();
            for text in [&compact, &pretty] {
                let read = quick_from_str::<Operation>(text);
                prop_assert_eq!(read.as_ref(), Some(&operation), "{}", text);
                let via_serde = quick_from_str::<ViaSerde<Operation>>(text).map(|v| v.0);
                prop_assert_eq!(via_serde.as_ref(), Some(&operation), "{}", text);
            }
        }

        /// The records' quick path, keys in field order without space, reads every
        /// case as the crate writes it, and no more: alone it gives the case, and
        /// what follows it is left unread. (It matches keys 16 bytes at a time, so
        /// a case within 16 bytes of the end of the text is read the other way.)
        #[test]
        fn records_in_field_order_are_read_the_quick_way(
            operation in crate::arbitrary::operation(),
        ) {
            for case in &operation.cases {
                let text = format!("{}]{}", serde_json::to_string(case).unwrap(), " ".repeat(16));
                let mut reader = Reader {
                    text: &text,
                    position: 0,
                    depth: 0,
                    scratch: Vec::new(),
                    gathered: records::Gathered::default(),
                };
                let read = records::case_in_order(&mut reader).ok();
                prop_assert_eq!(read.as_ref(), Some(case), "{}", text);
                prop_assert_eq!(reader.text.get(reader.position..), Some("]                "));
                prop_assert_eq!(reader.depth, 0);
            }
        }

        /// The records' own readers take keys in any order, as serde does.
        #[test]
        fn reads_records_whose_keys_are_in_another_order(
            operation in crate::arbitrary::operation(),
        ) {
            let text = reversed(&serde_json::to_value(&operation).unwrap());
            prop_assert_eq!(quick_from_str::<Operation>(&text), Some(operation), "{}", text);
        }

        /// After any edit, what the quick reader reads serde_json reads the same,
        /// and the reader as a whole answers as serde_json does.
        #[test]
        fn edited_records_read_as_serde_json_reads_them(
            operation in crate::arbitrary::operation(),
            edits in prop::collection::vec((any::<usize>(), 0usize..4, snippet()), 1..3),
        ) {
            let mut text = serde_json::to_string(&operation).unwrap();
            for (at, delete, insert) in edits {
                text = edited(&text, at, delete, insert);
            }
            agrees::<Operation>(&text)?;
            agrees::<serde_json::Value>(&text)?;
        }

        #[test]
        fn edited_probes_read_as_serde_json_reads_them(
            at in any::<usize>(),
            delete in 0usize..4,
            insert in snippet(),
        ) {
            let text = r#"{"name": "a\u00e9", "count": 12, "small": 3, "flag": true,
                "tags": ["x", "y"], "kind": {"named": {"label": "L"}}, "pair": [1, "p"],
                "totals": {"k": 1}, "nested": {"name": "n", "kind": "plain"}, "nothing": null}"#;
            let text = edited(text, at, delete, insert);
            agrees::<Probe>(&text)?;
            agrees::<serde_json::Value>(&text)?;
        }
    }
}
