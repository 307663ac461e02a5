//! The validator: one pass over a document checking grammar, nesting depth and duplicate
//! member names, with fixed-size stacks (no recursion, no allocation), near-linear for
//! any input.

use super::lexer::{Cursor, Span};
use super::{object_members, JsonError, JsonStr, Value, MAX_OPEN_MEMBERS, MAX_SUPPORTED_DEPTH};

#[derive(Debug, Clone, Copy)]
struct Frame {
    is_object: bool,
    /// Index in the member stack where this object's names start.
    first_member: usize,
    /// A 64-bit Bloom filter of the keys of this object's names, consulted for names past
    /// the first [`EXACT_KEY_NAMES`] (those are compared key by key): while no name finds
    /// its bit or key taken, no two can be equal, and the object closes without
    /// comparing any.
    name_keys: u64,
    /// Two names may be equal (same key, or a shared filter bit): they are sorted and
    /// compared when the object closes.
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
// Never inlined: its member and frame stacks (about 11 KiB) then live only while a
// document is validated, instead of in every caller's frame, where two validations on
// one path (header, then payload) would stack them twice (measured on Cortex-M4).
#[inline(never)]
pub(crate) fn validate_visiting<'a>(
    doc: &'a str,
    max_depth: usize,
    mut visit: impl FnMut(JsonStr<'a>, Value<'a>),
) -> Result<(), JsonError> {
    let max_depth = max_depth.min(MAX_SUPPORTED_DEPTH);
    // Names hold 31-bit offsets.
    if doc.len() > OFFSET_MASK as usize {
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

/// The bits of [`Name::end_escaped`] that hold the offset (documents are shorter than
/// 2 GiB, checked on entry).
const OFFSET_MASK: u32 = u32::MAX >> 1;

/// A member name held for the duplicate check: 16 bytes, so that the 256 the check holds
/// take 4 KiB of stack (a JWKS import must stay under 8 KiB on a Cortex-M).
#[derive(Debug, Clone, Copy)]
struct Name {
    /// Where the raw text (between the quotes) starts in the document.
    start: u32,
    /// Where it ends, and in the top bit whether it holds an escape (two names without
    /// one are equal exactly when their bytes are).
    end_escaped: u32,
    /// Length, first and last byte of the decoded name: names whose keys differ are
    /// different (most pairs, in a token), and the key chooses the Bloom filter bit.
    key: u32,
    /// A hash of the decoded name, computed only when the object's names are sorted
    /// (32 bits: equal hashes are compared exactly).
    hash: u32,
}

// The stack budget above depends on it.
const _: () = assert!(core::mem::size_of::<Name>() == 16);

impl Name {
    fn new(span: Span, escaped: bool, doc: &str) -> Self {
        let mut name = Self {
            // The document is under 2 GiB (checked on entry), so offsets fit in 31 bits.
            start: span.start as u32,
            end_escaped: (span.end as u32 & OFFSET_MASK) | (u32::from(escaped) << 31),
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

    fn escaped(self) -> bool {
        self.end_escaped & !OFFSET_MASK != 0
    }

    fn text(self, doc: &str) -> JsonStr<'_> {
        let raw = doc
            .get(self.start as usize..(self.end_escaped & OFFSET_MASK) as usize)
            .unwrap_or("");
        JsonStr::scanned(raw, self.escaped())
    }

    /// FNV-1a over the decoded bytes.
    fn decoded_hash(self, doc: &str) -> u32 {
        let wide = self.decoded_hash_wide(doc);
        (wide ^ (wide >> 32)) as u32
    }

    fn decoded_hash_wide(self, doc: &str) -> u64 {
        let step = |hash: u64, byte: u8| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
        let text = self.text(doc);
        let seed = 0xcbf2_9ce4_8422_2325;
        if !self.escaped() {
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
        if !self.escaped() && !other.escaped() {
            return a.raw().cmp(b.raw());
        }
        a.chars().cmp(b.chars())
    }
}

/// The duplicate check of one object where two names may be equal (same key, or a shared
/// filter bit): sort its names by (key, hash, decoded text) and compare neighbours.
/// O(n log n) comparisons, nearly all of two integers: near-linear for any input, where
/// comparing each name with its siblings was quadratic.
fn reject_duplicates(doc: &str, names: &mut [Name]) -> Result<(), JsonError> {
    for name in names.iter_mut() {
        name.hash = name.decoded_hash(doc);
    }
    super::heapsort::sort_by(names, |a, b| {
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

/// How many names of one object have their keys compared exactly before the Bloom filter
/// takes over (a bound on the comparisons per name, so the work stays linear).
const EXACT_KEY_NAMES: usize = 24;

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
    let earlier = members.get(object.first_member..).unwrap_or(&[]);
    object.may_repeat |= if earlier.len() < EXACT_KEY_NAMES {
        // A small object (every JOSE header and JWT payload seen in practice): its names'
        // keys compared exactly, at most EXACT_KEY_NAMES - 1 integer comparisons for this
        // name. With a dozen claims the 64-bit filter alone sees a shared bit more often
        // than not, and each one costs a sort.
        earlier.iter().any(|other| other.key == name.key)
    } else {
        object.name_keys & filter_bit != 0
    };
    object.name_keys |= filter_bit;
    members.push(name).map_err(|_| JsonError::TooLarge)?;
    c.skip_ws();
    c.eat(b':')?;
    c.skip_ws();
    Ok(name)
}
