//! A serde `Deserializer` over a validated document, so callers read claims into their
//! own types with every string decoded.
//!
//! Strings without escapes are lent (`&str` fields borrow from the payload); a string
//! with escapes is decoded into an owned `String`, and a `&str` field that would need
//! one is an error rather than escaped text. Recursion follows the document's nesting,
//! which the validator has already bounded.

use alloc::string::{String, ToString};
use core::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use super::{object_value_members, Elements, JsonStr, Kind, Members, Value};

/// Why a document did not fit the caller's type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DeError(String);

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl de::StdError for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        DeError(message.to_string())
    }
}

/// Deserializes one value of a validated document.
pub(crate) struct ValueDeserializer<'de> {
    value: Value<'de>,
}

impl<'de> ValueDeserializer<'de> {
    pub(crate) fn new(value: Value<'de>) -> Self {
        Self { value }
    }
}

/// Hands a string to the visitor: lent when it has no escape, decoded otherwise.
fn visit_string<'de, V: Visitor<'de>>(text: JsonStr<'de>, visitor: V) -> Result<V::Value, DeError> {
    if text.is_escaped() {
        visitor.visit_string(text.to_cow().into_owned())
    } else {
        visitor.visit_borrowed_str(text.raw())
    }
}

/// An integer as `u64`/`i64` when it fits, otherwise (fractions, exponents, huge
/// integers) as `f64`.
fn visit_number<'de, V: Visitor<'de>>(text: &str, visitor: V) -> Result<V::Value, DeError> {
    let integer = !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
    if integer {
        if let Ok(unsigned) = text.parse::<u64>() {
            return visitor.visit_u64(unsigned);
        }
        if let Ok(signed) = text.parse::<i64>() {
            return visitor.visit_i64(signed);
        }
    }
    let float: f64 = text
        .parse()
        .map_err(|_| de::Error::custom("number out of range"))?;
    visitor.visit_f64(float)
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let value = self.value;
        match value.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool => visitor.visit_bool(value.as_bool() == Some(true)),
            Kind::Number => visit_number(value.text, visitor),
            Kind::String => visit_string(JsonStr::scanned(value.text, value.escaped), visitor),
            Kind::Array => visitor.visit_seq(SeqAccess {
                elements: value.elements(),
            }),
            Kind::Object => {
                let members = object_value_members(value)
                    .ok_or_else(|| de::Error::custom("not an object"))?;
                visitor.visit_map(MapAccess {
                    members,
                    pending: None,
                })
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.value.kind {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    /// Unit variants written as strings (`"admin"`); other enum shapes are refused.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let text = self
            .value
            .as_str()
            .ok_or_else(|| de::Error::custom("only unit variants written as strings"))?;
        let name: String = text.to_cow().into_owned();
        visitor.visit_enum(name.into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct SeqAccess<'de> {
    elements: Elements<'de>,
}

impl<'de> de::SeqAccess<'de> for SeqAccess<'de> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        self.elements
            .next()
            .map(|value| seed.deserialize(ValueDeserializer::new(value)))
            .transpose()
    }
}

struct MapAccess<'de> {
    members: Members<'de>,
    pending: Option<Value<'de>>,
}

impl<'de> de::MapAccess<'de> for MapAccess<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.pending = Some(value);
        seed.deserialize(NameDeserializer { name }).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let value = self
            .pending
            .take()
            .ok_or_else(|| de::Error::custom("a value without a name"))?;
        seed.deserialize(ValueDeserializer::new(value))
    }
}

/// A member name, decoded like any string.
struct NameDeserializer<'de> {
    name: JsonStr<'de>,
}

impl<'de> de::Deserializer<'de> for NameDeserializer<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visit_string(self.name, visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
