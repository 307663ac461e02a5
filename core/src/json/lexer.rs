//! The JSON lexer: a cursor over the text that checks strings (escapes, surrogate
//! pairs, control characters), numbers and literals, one token at a time.

use super::{JsonError, Kind, Value};

/// A byte span inside the document.
#[derive(Debug, Clone, Copy)]
pub(super) struct Span {
    pub(super) start: usize,
    pub(super) end: usize,
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

/// How many bytes at the start of `bytes` need no attention inside a string: the index
/// of the first byte [`ENDS_PLAIN_RUN`] marks, or `None` when there is none. Eight bytes
/// are cleared at a time with word arithmetic (strings are most of a token's bytes);
/// only the word holding a marked byte is looked at byte by byte.
fn plain_run_len(bytes: &[u8]) -> Option<usize> {
    let (words, _) = bytes.as_chunks::<8>();
    let clear = words
        .iter()
        .take_while(|word| !may_end_plain_run(u64::from_le_bytes(**word)))
        .count()
        * 8;
    let tail = bytes.get(clear..)?;
    let at = tail
        .iter()
        .position(|&b| ENDS_PLAIN_RUN.get(usize::from(b)) != Some(&false))?;
    Some(clear + at)
}

/// True when some byte of `word` may be one [`ENDS_PLAIN_RUN`] marks: `"`, `\` or a
/// control character. Never false for such a word (the classic "has a zero byte" and
/// "has a byte less than n" tests have false positives only, above a true hit), so a
/// word it clears holds none.
fn may_end_plain_run(word: u64) -> bool {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let quote = has_zero(word ^ (ONES * u64::from(b'"')));
    let backslash = has_zero(word ^ (ONES * u64::from(b'\\')));
    let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    quote | backslash | control != 0
}

#[derive(Clone)]
pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    pub(super) pos: usize,
}

impl<'a> Cursor<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub(super) fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    pub(super) fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    pub(super) fn eat(&mut self, byte: u8) -> Result<(), JsonError> {
        if self.bump() == Some(byte) {
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    pub(super) fn slice(&self, span: Span) -> &'a str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// The value that starts at `start` and ends at the cursor (validated text).
    pub(super) fn value_at(&self, start: usize, string_escaped: bool) -> Value<'a> {
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

    pub(super) fn hex4(&mut self) -> Result<u32, JsonError> {
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
    pub(super) fn string(&mut self) -> Result<Span, JsonError> {
        self.string_noting_escapes().map(|(span, _)| span)
    }

    /// [`string`](Self::string), also telling whether the contents hold an escape (so
    /// names without one can be compared byte for byte).
    pub(super) fn string_noting_escapes(&mut self) -> Result<(Span, bool), JsonError> {
        self.eat(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            // Runs of plain characters in one tight scan: they are most of every token.
            let rest = self.text.as_bytes().get(self.pos..).unwrap_or(&[]);
            let plain = plain_run_len(rest).ok_or(JsonError::Syntax)?;
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
    pub(super) fn escape(&mut self) -> Result<(), JsonError> {
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

    pub(super) fn digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    pub(super) fn number(&mut self) -> Result<Span, JsonError> {
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

    pub(super) fn literal(&mut self, word: &str) -> Result<Span, JsonError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::next;
    use alloc::vec;
    use alloc::vec::Vec;

    /// The byte-by-byte answer the word scan must give.
    fn plain_run_len_bytewise(bytes: &[u8]) -> Option<usize> {
        bytes.iter().position(|&b| ENDS_PLAIN_RUN[usize::from(b)])
    }

    #[test]
    fn word_scan_finds_every_marked_byte_at_every_position() {
        // Each byte value at each position of a run of plain bytes (ASCII and UTF-8
        // continuation bytes around it), lengths across word boundaries.
        for filler in [b'a', 0x7F, 0x80, 0xE9, 0xFF, b'!', b'#', b' '] {
            for len in 0..=19 {
                for at in 0..len {
                    for byte in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        bytes[at] = byte;
                        assert_eq!(
                            plain_run_len(&bytes),
                            plain_run_len_bytewise(&bytes),
                            "filler {filler:#x} len {len} byte {byte:#x} at {at}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn word_scan_agrees_with_the_table_on_random_bytes() {
        let mut state = 0x5EED_0F5C_A1D5_u64;
        for _ in 0..20_000 {
            let len = (next(&mut state) % 40) as usize;
            // Mostly plain bytes, now and then one from the marked classes.
            let bytes: Vec<u8> = (0..len)
                .map(|_| match next(&mut state) % 16 {
                    0 => b'"',
                    1 => b'\\',
                    2 => (next(&mut state) % 0x20) as u8,
                    _ => 0x20 + (next(&mut state) % 0xE0) as u8,
                })
                .collect();
            assert_eq!(
                plain_run_len(&bytes),
                plain_run_len_bytewise(&bytes),
                "{bytes:?}"
            );
        }
    }
}
