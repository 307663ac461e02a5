//! Canonical unpadded base64url (RFC 7515 section 2): checked before anything is decoded.

use alloc::vec::Vec;
use base64ct::{Base64UrlUnpadded, Encoding};

fn sextet(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// True for non-empty canonical unpadded base64url: only `A-Z a-z 0-9 - _`, no `=`, no
/// whitespace, a length that encodes whole bytes and unused trailing bits set to zero
/// (so each byte string has exactly one accepted encoding).
pub(crate) fn is_canonical(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let Some((&last, _)) = bytes.split_last() else {
        return false;
    };
    if !bytes.iter().all(|&b| sextet(b).is_some()) {
        return false;
    }
    let last = sextet(last).unwrap_or(0);
    match bytes.len() % 4 {
        1 => false,
        2 => last & 0x0F == 0,
        3 => last & 0x03 == 0,
        _ => true,
    }
}

/// Decodes a segment already checked with [`is_canonical`].
pub(crate) fn decode_vec(segment: &str) -> Option<Vec<u8>> {
    Base64UrlUnpadded::decode_vec(segment).ok()
}

/// Decodes into `out`, returning the written prefix; `None` if it does not fit.
pub(crate) fn decode_into<'o>(segment: &str, out: &'o mut [u8]) -> Option<&'o [u8]> {
    Base64UrlUnpadded::decode(segment, out).ok()
}

/// Decodes a key parameter (JWK `n`, `e`): canonical base64url, possibly empty-checked by caller.
pub(crate) fn decode_param(text: &str) -> Option<Vec<u8>> {
    if !is_canonical(text) {
        return None;
    }
    decode_vec(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical_forms() {
        for s in ["AQAB", "YQ", "YWI", "_-_-", "eyJhbGciOiJSUzI1NiJ9"] {
            assert!(is_canonical(s), "{s}");
            assert!(decode_vec(s).is_some(), "{s}");
        }
    }

    #[test]
    fn rejects_padding_standard_alphabet_whitespace_and_loose_bits() {
        for s in [
            "", "YQ==", "YQ=", "a+b/", "YW I", "YW\nI", "Y", "YR", "YWJ", "YWK",
        ] {
            assert!(!is_canonical(s), "{s:?}");
        }
    }

    #[test]
    fn base64ct_agrees_that_loose_trailing_bits_are_invalid() {
        // Differential: our pre-check and the crate's decoder reject the same strings.
        for s in ["YR", "YWJ", "YQ", "YWI"] {
            assert_eq!(is_canonical(s), decode_vec(s).is_some(), "{s}");
        }
    }
}
