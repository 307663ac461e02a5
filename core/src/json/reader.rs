//! The reader: values, members and elements of a document the validator accepted.

use super::lexer::{Cursor, Span};
use super::JsonStr;

/// The JSON type of a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

/// One value inside a validated document: its type and its text (for strings, the
/// contents between the quotes, escapes intact).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Value<'a> {
    pub(crate) kind: Kind,
    pub(crate) text: &'a str,
    /// For a string, whether `text` holds an escape (noted while scanning it).
    pub(crate) escaped: bool,
}

impl<'a> Value<'a> {
    pub(crate) fn as_str(self) -> Option<JsonStr<'a>> {
        (self.kind == Kind::String).then(|| JsonStr::scanned(self.text, self.escaped))
    }

    pub(crate) fn as_bool(self) -> Option<bool> {
        match (self.kind, self.text) {
            (Kind::Bool, "true") => Some(true),
            (Kind::Bool, _) => Some(false),
            _ => None,
        }
    }

    /// The elements of an array value (empty for any other kind).
    pub(crate) fn elements(self) -> Elements<'a> {
        let mut cursor = Cursor::new(if self.kind == Kind::Array {
            self.text
        } else {
            "[]"
        });
        cursor.pos = 1;
        Elements {
            cursor,
            done: false,
        }
    }

    /// The string elements of an array value, or `None` if it is not an array of strings.
    pub(crate) fn string_elements(self) -> Option<impl Iterator<Item = JsonStr<'a>> + Clone> {
        if self.kind != Kind::Array || self.elements().any(|e| e.kind != Kind::String) {
            return None;
        }
        Some(self.elements().filter_map(Value::as_str))
    }
}

/// Reads one value at the cursor of an already validated document.
fn read_value<'a>(c: &mut Cursor<'a>) -> Option<Value<'a>> {
    c.skip_ws();
    let mut escaped = false;
    let (kind, span) = match c.peek()? {
        b'"' => {
            let (span, has_escape) = c.string_noting_escapes().ok()?;
            escaped = has_escape;
            (Kind::String, span)
        }
        b't' => (Kind::Bool, c.literal("true").ok()?),
        b'f' => (Kind::Bool, c.literal("false").ok()?),
        b'n' => (Kind::Null, c.literal("null").ok()?),
        b'{' | b'[' => {
            let start = c.pos;
            let kind = if c.peek()? == b'{' {
                Kind::Object
            } else {
                Kind::Array
            };
            let mut depth = 0usize;
            loop {
                match c.peek()? {
                    b'"' => {
                        c.string().ok()?;
                    }
                    b'{' | b'[' => {
                        depth += 1;
                        c.pos += 1;
                    }
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        c.pos += 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => c.pos += 1,
                }
            }
            (kind, Span { start, end: c.pos })
        }
        _ => (Kind::Number, c.number().ok()?),
    };
    Some(Value {
        kind,
        text: c.slice(span),
        escaped,
    })
}

/// Iterator over the members of a validated top-level object.
pub(crate) struct Members<'a> {
    cursor: Cursor<'a>,
    done: bool,
}

/// The members of `doc` if it is a (validated) JSON object, else `None`.
pub(crate) fn object_members(doc: &str) -> Option<Members<'_>> {
    let mut cursor = Cursor::new(doc);
    cursor.skip_ws();
    (cursor.bump()? == b'{').then_some(Members {
        cursor,
        done: false,
    })
}

/// The members of an object value of a validated document, else `None`.
pub(crate) fn object_value_members(value: Value<'_>) -> Option<Members<'_>> {
    match value.kind {
        Kind::Object => object_members(value.text),
        _ => None,
    }
}

/// The top-level value of a validated document.
pub(crate) fn document_value(doc: &str) -> Option<Value<'_>> {
    read_value(&mut Cursor::new(doc))
}

impl<'a> Members<'a> {
    /// The first member named `name` (names compared decoded).
    pub(crate) fn get(mut self, name: &str) -> Option<Value<'a>> {
        self.find_map(|(key, value)| key.eq_str(name).then_some(value))
    }
}

impl<'a> Iterator for Members<'a> {
    type Item = (JsonStr<'a>, Value<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let c = &mut self.cursor;
        c.skip_ws();
        if c.peek() == Some(b'}') {
            self.done = true;
            return None;
        }
        let (name, escaped) = c.string_noting_escapes().ok()?;
        c.skip_ws();
        c.eat(b':').ok()?;
        let value = read_value(c)?;
        c.skip_ws();
        if c.bump() != Some(b',') {
            self.done = true;
        }
        Some((JsonStr::scanned(self.cursor.slice(name), escaped), value))
    }
}

/// Iterator over the elements of a validated array.
#[derive(Clone)]
pub(crate) struct Elements<'a> {
    cursor: Cursor<'a>,
    done: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = Value<'a>;

    fn next(&mut self) -> Option<Value<'a>> {
        if self.done {
            return None;
        }
        let c = &mut self.cursor;
        c.skip_ws();
        if c.peek() == Some(b']') {
            self.done = true;
            return None;
        }
        let value = read_value(c)?;
        c.skip_ws();
        if c.bump() != Some(b',') {
            self.done = true;
        }
        Some(value)
    }
}
