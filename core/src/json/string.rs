//! JSON string contents as written (escapes intact), compared and read unescaped.

use alloc::borrow::Cow;
use alloc::string::String;
use core::str::Chars;

/// The text between the quotes of a JSON string that the validator accepted.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonStr<'a> {
    raw: &'a str,
    /// Whether `raw` holds a backslash; without one, JSON equality is byte equality.
    escaped: bool,
}

impl<'a> JsonStr<'a> {
    #[cfg(test)]
    pub(crate) fn new(raw: &'a str) -> Self {
        Self::scanned(raw, raw.as_bytes().contains(&b'\\'))
    }

    /// For a string whose escapes the validator's scan has already noted.
    pub(crate) const fn scanned(raw: &'a str, escaped: bool) -> Self {
        Self { raw, escaped }
    }

    /// The text as written, escapes intact.
    pub(crate) fn raw(self) -> &'a str {
        self.raw
    }

    /// Whether the text holds an escape (so decoding may change it).
    pub(crate) fn is_escaped(self) -> bool {
        self.escaped
    }

    /// The decoded characters, without allocating.
    pub(crate) fn chars(self) -> Unescaped<'a> {
        Unescaped {
            rest: self.raw.chars(),
        }
    }

    /// JSON equality: `"a\/b"` equals `"a/b"`.
    // Inlined: names are compared against fixed claim names in the hot path, where the
    // usual answer is a length mismatch.
    #[inline]
    pub(crate) fn eq_str(self, other: &str) -> bool {
        if !self.escaped {
            return self.raw == other;
        }
        self.eq_str_unescaping(other)
    }

    #[inline(never)]
    fn eq_str_unescaping(self, other: &str) -> bool {
        self.chars().eq(other.chars())
    }

    /// Borrowed when the string has no escapes (the common case), owned otherwise.
    pub(crate) fn to_cow(self) -> Cow<'a, str> {
        if self.escaped {
            Cow::Owned(self.chars().collect::<String>())
        } else {
            Cow::Borrowed(self.raw)
        }
    }
}

/// Iterator over the decoded characters of a [`JsonStr`].
///
/// The validator has already rejected bad escapes and lone surrogates; should one reach
/// here anyway it decodes as U+FFFD rather than panicking.
pub(crate) struct Unescaped<'a> {
    rest: Chars<'a>,
}

impl Unescaped<'_> {
    fn hex4(&mut self) -> Option<u32> {
        let mut value = 0u32;
        for _ in 0..4 {
            value = value * 16 + self.rest.next()?.to_digit(16)?;
        }
        Some(value)
    }

    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) {
            if self.rest.next()? != '\\' || self.rest.next()? != 'u' {
                return None;
            }
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            char::from_u32(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
        } else {
            char::from_u32(first)
        }
    }
}

impl Iterator for Unescaped<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = self.rest.next()?;
        if c != '\\' {
            return Some(c);
        }
        let decoded = match self.rest.next() {
            Some('"') => Some('"'),
            Some('\\') => Some('\\'),
            Some('/') => Some('/'),
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('n') => Some('\n'),
            Some('r') => Some('\r'),
            Some('t') => Some('\t'),
            Some('u') => self.unicode_escape(),
            _ => None,
        };
        Some(decoded.unwrap_or(char::REPLACEMENT_CHARACTER))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_escape_equals_plain_slash() {
        assert!(JsonStr::new(r"https:\/\/x").eq_str("https://x"));
        assert!(!JsonStr::new(r"https:\/\/x").eq_str("https://y"));
    }

    #[test]
    fn surrogate_pair_decodes_to_one_char() {
        let s = JsonStr::new(r"\ud83d\ude00!");
        assert_eq!(s.to_cow(), "\u{1F600}!");
    }

    #[test]
    fn plain_strings_are_borrowed() {
        assert!(matches!(JsonStr::new("abc").to_cow(), Cow::Borrowed("abc")));
    }

    #[test]
    fn all_short_escapes_decode() {
        let s = JsonStr::new(r#"\"\\\/\b\f\n\r\t\u0041"#);
        assert_eq!(s.to_cow(), "\"\\/\u{8}\u{c}\n\r\tA");
    }

    #[test]
    fn lone_surrogate_becomes_replacement_not_panic() {
        assert_eq!(JsonStr::new(r"\ud800x").chars().next(), Some('\u{FFFD}'));
    }
}
