//! Strict JSON for untrusted input: validate once (grammar, depth, duplicate members)
//! without recursion or allocation, then read members of the validated text.

pub(crate) mod de;
mod string;

pub(crate) use string::JsonStr;

/// Deepest nesting any policy may allow; the validator's stack is this big.
pub(crate) const MAX_SUPPORTED_DEPTH: usize = 64;
/// Members held at once for the duplicate check (those of all currently open objects).
/// A document with more is refused as [`JsonError::TooLarge`] (a token: `too_large`).
pub(crate) const MAX_OPEN_MEMBERS: usize = 512;

impl JsonError {
    /// The verdict for a token segment (header or payload): a limit of ours is
    /// `too_large`, anything else `malformed`.
    pub(crate) fn token_error(self) -> crate::Error {
        match self {
            JsonError::TooLarge => crate::Error::TooLarge,
            _ => crate::Error::Malformed,
        }
    }
}

/// Why the validator refused a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JsonError {
    /// Not JSON (RFC 8259), or a string that cannot be decoded to Unicode.
    Syntax,
    /// Nested deeper than allowed.
    TooDeep,
    /// An object has two members with the same (decoded) name.
    DuplicateMember,
    /// More members open at once than the duplicate check holds ([`MAX_OPEN_MEMBERS`]),
    /// or a document over 4 GiB: a limit of ours, not a fault of the JSON.
    TooLarge,
}

/// A byte span inside the document.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
}

#[derive(Debug, Clone, Copy)]
struct Frame {
    is_object: bool,
    /// Index in the member stack where this object's names start.
    first_member: usize,
    /// A 64-bit Bloom filter of the keys of this object's names: while no two names
    /// share a bit, no two can be equal, and the object closes without comparing any.
    name_keys: u64,
    /// Two names share a bit: they are sorted and compared when the object closes.
    may_repeat: bool,
}

impl Frame {
    fn new(is_object: bool, first_member: usize) -> Self {
        Self {
            is_object,
            first_member,
            name_keys: 0,
            may_repeat: false,
        }
    }
}

/// Bytes that end a run of plain characters inside a string: the quote, the backslash
/// and the control characters. One table load a byte instead of three comparisons.
// Indexing here runs at compile time: out of range would fail the build, never a request.
#[allow(clippy::indexing_slicing)]
const ENDS_PLAIN_RUN: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        table[byte] = true;
        byte += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

#[derive(Clone)]
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.bump() == Some(byte) {
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The value that starts at `start` and ends at the cursor (validated text).
    fn value_at(&self, start: usize, string_escaped: bool) -> Value<'a> {
        let end = self.pos;
        let first = self.text.as_bytes().get(start).copied();
        let (kind, span) = match first {
            Some(b'"') => (
                Kind::String,
                Span {
                    start: start + 1,
                    end: end.saturating_sub(1),
                },
            ),
            Some(b'{') => (Kind::Object, Span { start, end }),
            Some(b'[') => (Kind::Array, Span { start, end }),
            Some(b't' | b'f') => (Kind::Bool, Span { start, end }),
            Some(b'n') => (Kind::Null, Span { start, end }),
            _ => (Kind::Number, Span { start, end }),
        };
        Value {
            kind,
            text: self.slice(span),
            escaped: kind == Kind::String && string_escaped,
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut value = 0u32;
        for _ in 0..4 {
            let digit = self
                .bump()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or(JsonError::Syntax)?;
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// At an opening quote: checks the string and returns the span of its contents.
    fn string(&mut self) -> Result<Span, JsonError> {
        self.string_noting_escapes().map(|(span, _)| span)
    }

    /// [`string`](Self::string), also telling whether the contents hold an escape (so
    /// names without one can be compared byte for byte).
    fn string_noting_escapes(&mut self) -> Result<(Span, bool), JsonError> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Runs of plain characters in one tight scan: they are most of every token.
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or(&[]);
            let plain = rest
                .iter()
                .position(|&b| ENDS_PLAIN_RUN.get(usize::from(b)) != Some(&false))
                .ok_or(JsonError::Syntax)?;
            self.pos += plain;
            match self.bump().ok_or(JsonError::Syntax)? {
                b'"' => {
                    let span = Span {
                        start,
                        end: self.pos - 1,
                    };
                    return Ok((span, escaped));
                }
                b'\\' => {
                    escaped = true;
                    self.escape()?;
                }
                // Control characters must be escaped (RFC 8259 section 7).
                _ => return Err(JsonError::Syntax),
            }
        }
    }

    /// After a backslash: one valid escape, with surrogates only in pairs.
    fn escape(&mut self) -> Result<(), JsonError> {
        match self.bump().ok_or(JsonError::Syntax)? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Ok(()),
            b'u' => {
                let unit = self.hex4()?;
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(JsonError::Syntax);
                }
                if (0xD800..0xDC00).contains(&unit) {
                    self.eat(b'\\')?;
                    self.eat(b'u')?;
                    if !(0xDC00..0xE000).contains(&self.hex4()?) {
                        return Err(JsonError::Syntax);
                    }
                }
                Ok(())
            }
            _ => Err(JsonError::Syntax),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Span, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(JsonError::Syntax),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(JsonError::Syntax);
            }
        }
        Ok(Span {
            start,
            end: self.pos,
        })
    }

    fn literal(&mut self, word: &str) -> Result<Span, JsonError> {
        let start = self.pos;
        let end = start + word.len();
        if self.text.as_bytes().get(start..end) == Some(word.as_bytes()) {
            self.pos = end;
            Ok(Span { start, end })
        } else {
            Err(JsonError::Syntax)
        }
    }
}

/// Checks that `doc` is one JSON value, nested at most `max_depth` deep (capped at
/// [`MAX_SUPPORTED_DEPTH`]), with no object holding two members of the same name.
///
/// Iterative with fixed-size stacks: no recursion and no allocation, whatever the input.
pub(crate) fn validate(doc: &str, max_depth: usize) -> Result<(), JsonError> {
    validate_visiting(doc, max_depth, |_, _| {})
}

/// [`validate_visiting`] for a document that must be an object (a JOSE header, a JWT
/// payload): any other top-level value is a [`JsonError::Syntax`] here.
pub(crate) fn validate_object<'a>(
    doc: &'a str,
    max_depth: usize,
    visit: impl FnMut(JsonStr<'a>, Value<'a>),
) -> Result<(), JsonError> {
    validate_visiting(doc, max_depth, visit)?;
    match object_members(doc) {
        Some(_) => Ok(()),
        None => Err(JsonError::Syntax),
    }
}

/// [`validate`], also handing `visit` each member of the top-level object (if it is one)
/// as it is read: the claims are indexed in the pass that validates them. Members seen
/// before an error are visited too, so only an `Ok` makes the visits meaningful.
pub(crate) fn validate_visiting<'a>(
    doc: &'a str,
    max_depth: usize,
    mut visit: impl FnMut(JsonStr<'a>, Value<'a>),
) -> Result<(), JsonError> {
    let max_depth = max_depth.min(MAX_SUPPORTED_DEPTH);
    // Names hold 32-bit offsets.
    if u32::try_from(doc.len()).is_err() {
        return Err(JsonError::TooLarge);
    }
    let mut c = Cursor::new(doc);
    let mut frames: heapless::Vec<Frame, MAX_SUPPORTED_DEPTH> = heapless::Vec::new();
    let mut members: heapless::Vec<Name, MAX_OPEN_MEMBERS> = heapless::Vec::new();
    // The top-level member being read: its name and where its value starts.
    let mut top_member: Option<(Name, usize)> = None;
    // Whether the last string value read holds an escape.
    let mut string_escaped = false;

    'value: loop {
        c.skip_ws();
        match c.peek() {
            Some(open @ (b'{' | b'[')) => {
                c.pos += 1;
                let is_object = open == b'{';
                if frames.len() >= max_depth {
                    return Err(JsonError::TooDeep);
                }
                frames
                    .push(Frame::new(is_object, members.len()))
                    .map_err(|_| JsonError::TooDeep)?;
                c.skip_ws();
                let close = if is_object { b'}' } else { b']' };
                if c.peek() == Some(close) {
                    c.pos += 1;
                    frames.pop();
                } else {
                    if let Some(
                        frame @ Frame {
                            is_object: true, ..
                        },
                    ) = frames.last_mut()
                    {
                        let name = member_name(&mut c, &mut members, frame)?;
                        if frames.len() == 1 {
                            top_member = Some((name, c.pos));
                        }
                    }
                    continue 'value;
                }
            }
            Some(b'"') => {
                string_escaped = c.string_noting_escapes()?.1;
            }
            Some(b't') => {
                c.literal("true")?;
            }
            Some(b'f') => {
                c.literal("false")?;
            }
            Some(b'n') => {
                c.literal("null")?;
            }
            Some(b'-' | b'0'..=b'9') => {
                c.number()?;
            }
            _ => return Err(JsonError::Syntax),
        }

        // A value is complete: close containers until one wants another value.
        loop {
            if frames.len() == 1 {
                if let Some((name, start)) = top_member.take() {
                    let value = c.value_at(start, string_escaped);
                    visit(name.text(doc), value);
                }
            }
            c.skip_ws();
            let depth = frames.len();
            let Some(frame) = frames.last_mut() else {
                return if c.peek().is_none() {
                    Ok(())
                } else {
                    Err(JsonError::Syntax)
                };
            };
            match (frame.is_object, c.bump()) {
                (true, Some(b',')) => {
                    let name = member_name(&mut c, &mut members, frame)?;
                    if depth == 1 {
                        top_member = Some((name, c.pos));
                    }
                    continue 'value;
                }
                (false, Some(b',')) => continue 'value,
                (true, Some(b'}')) => {
                    let first_member = frame.first_member;
                    if frame.may_repeat {
                        let names = members.get_mut(first_member..).unwrap_or(&mut []);
                        reject_duplicates(doc, names)?;
                    }
                    members.truncate(first_member);
                    frames.pop();
                }
                (false, Some(b']')) => {
                    frames.pop();
                }
                _ => return Err(JsonError::Syntax),
            }
        }
    }
}

/// A member name held for the duplicate check.
#[derive(Debug, Clone, Copy)]
struct Name {
    /// Where the raw text (between the quotes) starts and ends in the document.
    start: u32,
    end: u32,
    /// Whether the raw text holds an escape; two names without one are equal exactly
    /// when their bytes are.
    escaped: bool,
    /// Length, first and last byte of the decoded name: names whose keys differ are
    /// different (most pairs, in a token), and the key chooses the Bloom filter bit.
    key: u32,
    /// A hash of the decoded name, computed only when the object's names are sorted.
    hash: u64,
}

impl Name {
    fn new(span: Span, escaped: bool, doc: &str) -> Self {
        let mut name = Self {
            // The document is under 4 GiB (checked on entry), so offsets fit.
            start: span.start as u32,
            end: span.end as u32,
            escaped,
            key: 0,
            hash: 0,
        };
        let text = name.text(doc);
        let (len, first, last) = if escaped {
            // Decoded once, here: linear in the name.
            let mut buffer = [0u8; 4];
            text.chars()
                .fold((0usize, None, 0u8), |(len, first, _), ch| {
                    let bytes = ch.encode_utf8(&mut buffer).as_bytes();
                    let head = bytes.first().copied().unwrap_or(0);
                    let tail = bytes.last().copied().unwrap_or(0);
                    (len + bytes.len(), first.or(Some(head)), tail)
                })
        } else {
            let raw = text.raw().as_bytes();
            let edge = |byte: Option<&u8>| byte.copied().unwrap_or(0);
            (raw.len(), Some(edge(raw.first())), edge(raw.last()))
        };
        let len = u32::try_from(len).unwrap_or(u32::MAX) & 0xFFFF;
        name.key = len << 16 | u32::from(first.unwrap_or(0)) << 8 | u32::from(last);
        name
    }

    fn text(self, doc: &str) -> JsonStr<'_> {
        let raw = doc
            .get(self.start as usize..self.end as usize)
            .unwrap_or("");
        JsonStr::scanned(raw, self.escaped)
    }

    /// FNV-1a over the decoded bytes.
    fn decoded_hash(self, doc: &str) -> u64 {
        let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        let text = self.text(doc);
        let seed = 0xcbf2_9ce4_8422_2325;
        if !self.escaped {
            return text.raw().bytes().fold(seed, step);
        }
        let mut buffer = [0u8; 4];
        text.chars().fold(seed, |hash, ch| {
            ch.encode_utf8(&mut buffer).bytes().fold(hash, step)
        })
    }

    /// A total order on decoded names (UTF-8 byte order is code point order, so raw
    /// bytes and decoded characters order alike).
    fn cmp_decoded(self, other: Self, doc: &str) -> core::cmp::Ordering {
        let (a, b) = (self.text(doc), other.text(doc));
        if !self.escaped && !other.escaped {
            return a.raw().cmp(b.raw());
        }
        a.chars().cmp(b.chars())
    }
}

/// The duplicate check of one object whose Bloom filter saw a shared bit: sort its
/// names by (key, hash, decoded text) and compare neighbours. O(n log n) comparisons,
/// nearly all of two integers: near-linear for any input, where comparing each name
/// with its siblings was quadratic.
fn reject_duplicates(doc: &str, names: &mut [Name]) -> Result<(), JsonError> {
    for name in names.iter_mut() {
        name.hash = name.decoded_hash(doc);
    }
    names.sort_unstable_by(|a, b| {
        (a.key, a.hash)
            .cmp(&(b.key, b.hash))
            .then_with(|| a.cmp_decoded(*b, doc))
    });
    let repeated = names.windows(2).any(|pair| match pair {
        [a, b] => (a.key, a.hash) == (b.key, b.hash) && a.cmp_decoded(*b, doc).is_eq(),
        _ => false,
    });
    match repeated {
        true => Err(JsonError::DuplicateMember),
        false => Ok(()),
    }
}

/// Reads `"name" :` and the whitespace after it (so the cursor is at the value), and
/// notes in the object's filter whether the name may repeat an earlier one.
fn member_name(
    c: &mut Cursor<'_>,
    members: &mut heapless::Vec<Name, MAX_OPEN_MEMBERS>,
    object: &mut Frame,
) -> Result<Name, JsonError> {
    c.skip_ws();
    if c.peek() != Some(b'"') {
        return Err(JsonError::Syntax);
    }
    let (span, escaped) = c.string_noting_escapes()?;
    let name = Name::new(span, escaped, c.text);
    // Fibonacci hashing of the key down to one of 64 bits.
    let filter_bit = 1u64 << (name.key.wrapping_mul(0x9E37_79B9) >> 26);
    object.may_repeat |= object.name_keys & filter_bit != 0;
    object.name_keys |= filter_bit;
    members.push(name).map_err(|_| JsonError::TooLarge)?;
    c.skip_ws();
    c.eat(b':')?;
    c.skip_ws();
    Ok(name)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;

    fn ok(doc: &str) -> bool {
        validate(doc, 16).is_ok()
    }

    #[test]
    fn accepts_rfc8259_values() {
        for doc in [
            "{}",
            "[]",
            " {\"a\" : [1, -0.5e+3, true, false, null, \"x\\u00e9\\ud83d\\ude00\"]}\n",
            "0",
            "\"s\"",
            "{\"a\":{\"a\":1}}",
        ] {
            assert!(ok(doc), "{doc}");
        }
    }

    #[test]
    fn rejects_invalid_grammar() {
        for doc in [
            "",
            "{",
            "}",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1,}",
            "[1,]",
            "[01]",
            "[1.]",
            "[.5]",
            "[1e]",
            "[+1]",
            "[tru]",
            "[\"\\x\"]",
            "[\"\\u12\"]",
            "[\"a\u{1}\"]",
            "{} {}",
            "{'a':1}",
            "[NaN]",
            "[Infinity]",
            "{\"a\" 1}",
            "[\"\\ud800\"]",
            "[\"\\udc00\"]",
            "[\"\\ud800\\u0041\"]",
        ] {
            assert!(!ok(doc), "{doc:?}");
        }
    }

    #[test]
    fn rejects_duplicate_members_even_when_escaped_differently() {
        assert_eq!(
            validate("{\"a\":1,\"a\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            validate("{\"a\":1,\"\\u0061\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(validate("{\"a\":{\"a\":1},\"b\":{\"a\":2}}", 8), Ok(()));
    }

    #[test]
    fn deep_nesting_is_refused_without_recursion() {
        let deep: String = "[".repeat(100_000);
        assert_eq!(validate(&deep, 16), Err(JsonError::TooDeep));
        let ok_depth = "[".repeat(16) + &"]".repeat(16);
        assert_eq!(validate(&ok_depth, 16), Ok(()));
        let too_deep = "[".repeat(17) + &"]".repeat(17);
        assert_eq!(validate(&too_deep, 16), Err(JsonError::TooDeep));
    }

    #[test]
    fn members_and_elements_read_validated_text() {
        let doc = "{ \"a\\/b\" : [ \"x\" , {\"y\":[1]} ] , \"n\": 12.5 ,\"s\":\"q\\\"\"}";
        validate(doc, 8).unwrap();
        let members: alloc::vec::Vec<_> = object_members(doc).unwrap().collect();
        assert_eq!(members.len(), 3);
        assert!(members[0].0.eq_str("a/b"));
        assert_eq!(members[0].1.kind, Kind::Array);
        assert_eq!(members[0].1.elements().count(), 2);
        assert_eq!(members[1].1.text, "12.5");
        assert_eq!(members[2].1.as_str().unwrap().to_cow(), "q\"");
        assert!(object_members(doc).unwrap().get("s").is_some());
        assert!(object_members("[1]").is_none());
    }

    fn visits(doc: &str) -> alloc::vec::Vec<(String, Kind, String, bool)> {
        let mut seen = alloc::vec::Vec::new();
        validate_visiting(doc, 8, |name, value| {
            let text = String::from(value.text);
            seen.push((name.to_cow().into_owned(), value.kind, text, value.escaped));
        })
        .unwrap();
        seen
    }

    #[test]
    fn visiting_reports_each_top_level_member_once_with_its_value() {
        let doc = " { \"a\\/b\" : [ \"x\" , {\"y\":[1]} ] , \"n\": -12.5e1 ,\"s\":\"q\\\"\",\
                   \"o\":{}, \"e\": [], \"t\":true,\"f\": false ,\"z\":null, \"p\" : \"plain\" } ";
        let expected = [
            ("a/b", Kind::Array, "[ \"x\" , {\"y\":[1]} ]", false),
            ("n", Kind::Number, "-12.5e1", false),
            ("s", Kind::String, "q\\\"", true),
            ("o", Kind::Object, "{}", false),
            ("e", Kind::Array, "[]", false),
            ("t", Kind::Bool, "true", false),
            ("f", Kind::Bool, "false", false),
            ("z", Kind::Null, "null", false),
            ("p", Kind::String, "plain", false),
        ];
        let seen = visits(doc);
        assert_eq!(seen.len(), expected.len());
        for ((name, kind, text, escaped), (want_name, want_kind, want_text, want_escaped)) in
            seen.iter().zip(expected)
        {
            assert_eq!(
                (name.as_str(), *kind, text.as_str(), *escaped),
                (want_name, want_kind, want_text, want_escaped)
            );
        }
        // The member iterator, which reads the same text later, agrees on every member.
        let walked: alloc::vec::Vec<_> = object_members(doc)
            .unwrap()
            .map(|(n, v)| {
                (
                    n.to_cow().into_owned(),
                    v.kind,
                    String::from(v.text),
                    v.escaped,
                )
            })
            .collect();
        assert_eq!(walked, seen);
    }

    #[test]
    fn visiting_sees_no_members_of_arrays_or_nested_objects() {
        assert!(visits("[{\"a\":1},{\"b\":2}]").is_empty());
        assert!(visits("\"a\"").is_empty());
        assert_eq!(visits("{\"a\":{\"b\":{\"c\":1}}}").len(), 1);
    }

    #[test]
    fn duplicate_check_compares_bytes_when_length_and_ends_agree() {
        // Same length, first and last byte: the shortcut key matches, the bytes decide.
        assert_eq!(validate("{\"axb\":1,\"ayb\":2}", 8), Ok(()));
        assert_eq!(
            validate("{\"axb\":1,\"ayb\":2,\"axb\":3}", 8),
            Err(JsonError::DuplicateMember)
        );
        assert_eq!(
            validate("{\"\":1,\"\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
        // An escaped name is compared decoded, whatever its raw length.
        assert_eq!(
            validate("{\"ab\":1,\"a\\u0062\":2}", 8),
            Err(JsonError::DuplicateMember)
        );
    }

    #[test]
    fn duplicate_found_whatever_the_filter_says_about_other_names() {
        // Enough names that the 64-bit filter saturates; every earlier name repeated.
        let names: alloc::vec::Vec<String> = (0..150).map(|i| alloc::format!("claim{i}")).collect();
        let members: alloc::vec::Vec<String> =
            names.iter().map(|n| alloc::format!("\"{n}\":1")).collect();
        let doc = alloc::format!("{{{}}}", members.join(","));
        assert_eq!(validate(&doc, 8), Ok(()));
        for repeated in &names {
            let doc = alloc::format!("{{{},\"{repeated}\":2}}", members.join(","));
            assert_eq!(
                validate(&doc, 8),
                Err(JsonError::DuplicateMember),
                "{repeated}"
            );
        }
        // Each object has its own filter: the same names in sibling objects are fine.
        assert_eq!(
            validate("{\"a\":{\"x\":1,\"y\":2},\"b\":{\"x\":1,\"y\":2}}", 8),
            Ok(())
        );
        assert_eq!(
            validate("{\"a\":{\"x\":1},\"b\":{\"x\":1,\"x\":2}}", 8),
            Err(JsonError::DuplicateMember)
        );
    }

    /// serde_json with duplicate detection (it keeps the last duplicate by default).
    fn serde_accepts_without_duplicates(doc: &str) -> Option<bool> {
        let value: serde_json::Value = serde_json::from_str(doc).ok()?;
        fn depth(v: &serde_json::Value) -> usize {
            match v {
                serde_json::Value::Array(a) => 1 + a.iter().map(depth).max().unwrap_or(0),
                serde_json::Value::Object(o) => 1 + o.values().map(depth).max().unwrap_or(0),
                _ => 0,
            }
        }
        Some(depth(&value) <= 16)
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(serde_json::Value::from),
            any::<String>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(20, 200, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(any::<String>(), inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 4096, ..Default::default() })]

        /// Differential: whatever we accept serde_json accepts; whatever serde_json accepts
        /// (within our depth, and without duplicate names) we accept.
        #[test]
        fn validator_agrees_with_serde_json(doc in r#"[\[\]{}":,0-9a-c\\u .eE+-]{0,40}"#) {
            let ours = validate(&doc, 16);
            match serde_accepts_without_duplicates(&doc) {
                None => proptest::prop_assert!(ours.is_err(), "we accepted {doc:?}"),
                Some(true) => proptest::prop_assert!(
                    ours.is_ok() || ours == Err(JsonError::DuplicateMember),
                    "we rejected {doc:?}: {ours:?}"
                ),
                Some(false) => proptest::prop_assert_eq!(ours, Err(JsonError::TooDeep)),
            }
        }

        /// Every document serde_json writes is accepted when within the depth limit.
        #[test]
        fn serde_json_output_is_accepted(value in json_value()) {
            let doc = serde_json::to_string_pretty(&value).unwrap();
            let within = serde_accepts_without_duplicates(&doc).unwrap();
            proptest::prop_assert_eq!(validate(&doc, 16).is_ok(), within);
            if within && value.is_object() {
                // The members visited while validating are the members read afterwards.
                let mut visited = alloc::vec::Vec::new();
                validate_visiting(&doc, 16, |name, value| {
                    visited.push((name.to_cow(), value.kind, value.text, value.escaped));
                })
                .unwrap();
                let walked: alloc::vec::Vec<_> = object_members(&doc)
                    .unwrap()
                    .map(|(name, value)| (name.to_cow(), value.kind, value.text, value.escaped))
                    .collect();
                proptest::prop_assert_eq!(visited, walked);
            }
        }

        /// Decoded strings equal serde_json's decoding.
        #[test]
        fn string_decoding_agrees_with_serde_json(text in proptest::prelude::any::<String>()) {
            let encoded = serde_json::to_string(&text).unwrap();
            validate(&encoded, 1).unwrap();
            let inner = &encoded[1..encoded.len() - 1];
            proptest::prop_assert_eq!(JsonStr::new(inner).to_cow(), text.as_str());
            let escaped_all: String = text.encode_utf16().map(|u| alloc::format!("\\u{u:04x}")).collect();
            validate(&alloc::format!("\"{escaped_all}\""), 1).unwrap();
            proptest::prop_assert_eq!(JsonStr::new(&escaped_all).to_cow(), text.as_str());
        }
    }
}
