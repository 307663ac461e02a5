//! Canonical unpadded base64url (RFC 7515 section 2): checked before anything is decoded.
//!
//! Decoding is our own, table-driven and variable-time: every byte of a JWT is public, and
//! base64ct's constant-time arithmetic was the largest non-RSA cost of a verification in
//! wasm (profiled in Node). Tests and the fuzz targets hold it to base64ct.

use alloc::vec::Vec;

/// Marks a byte outside the base64url alphabet in [`SEXTETS`].
const INVALID: u8 = 0xFF;

/// Each byte's 6-bit value in the base64url alphabet, or [`INVALID`].
// Indexing here runs at compile time: out of range would fail the build, never a request.
#[allow(clippy::indexing_slicing)]
const SEXTETS: [u8; 256] = {
    let mut table = [INVALID; 256];
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

fn sextet(byte: u8) -> Option<u8> {
    let value = table_value(byte);
    (value != INVALID).then_some(value)
}

/// True for a byte of the base64url alphabet (`A-Z a-z 0-9 - _`).
pub(crate) fn in_alphabet(byte: u8) -> bool {
    sextet(byte).is_some()
}

/// True when every byte is in the base64url alphabet: the table's values OR-ed together,
/// so the loop has no branch per byte ([`INVALID`] is the only value with the top bit).
pub(crate) fn all_in_alphabet(bytes: &[u8]) -> bool {
    let any = bytes.iter().fold(0u8, |any, &byte| any | table_value(byte));
    any & 0x80 == 0
}

/// True for non-empty canonical unpadded base64url: only `A-Z a-z 0-9 - _`, no `=`, no
/// whitespace, a length that encodes whole bytes and unused trailing bits set to zero
/// (so each byte string has exactly one accepted encoding).
pub(crate) fn is_canonical(segment: &str) -> bool {
    segment.bytes().all(in_alphabet) && has_canonical_end(segment)
}

/// The length and trailing-bit half of [`is_canonical`], for callers that have checked
/// the alphabet already: non-empty, not 1 mod 4, unused low bits of the last sextet zero.
pub(crate) fn has_canonical_end(segment: &str) -> bool {
    let Some(last) = segment.bytes().next_back().and_then(sextet) else {
        return false;
    };
    match segment.len() % 4 {
        1 => false,
        2 => last & 0x0F == 0,
        3 => last & 0x03 == 0,
        _ => true,
    }
}

/// How many bytes a canonical segment of `len` characters decodes to.
fn decoded_len(len: usize) -> usize {
    len / 4 * 3 + (len % 4).saturating_sub(1)
}

/// Each byte's table value, [`INVALID`] included (callers OR these to check validity once).
fn table_value(byte: u8) -> u8 {
    // A u8 index is always inside the 256-entry table; the fallback is never taken.
    SEXTETS.get(usize::from(byte)).copied().unwrap_or(INVALID)
}

/// Decodes canonical base64url into `out` (exactly [`decoded_len`] bytes long); `None` on
/// any byte outside the alphabet, a length of 1 mod 4, or loose trailing bits. On `None`
/// `out` holds garbage.
fn decode_exact(segment: &[u8], out: &mut [u8]) -> Option<()> {
    // Arrays, not slices: the loop then has no length checks inside (zip over two
    // slices of arrays is a plain counted loop).
    let (quads, quads_rest) = segment.as_chunks::<4>();
    let (triples, triples_rest) = out.as_chunks_mut::<3>();
    // Validity is checked once at the end, not per byte: the OR of every table value has
    // the top bit set exactly when some byte is outside the alphabet.
    let mut seen = 0u8;
    for (&[a, b, c, d], [x, y, z]) in quads.iter().zip(triples.iter_mut()) {
        let (a, b, c, d) = (
            table_value(a),
            table_value(b),
            table_value(c),
            table_value(d),
        );
        seen |= a | b | c | d;
        // Bytes written one by one: a 3-byte copy_from_slice is a memcpy call in wasm.
        *x = a << 2 | b >> 4;
        *y = b << 4 | c >> 2;
        *z = c << 6 | d;
    }
    if quads.len() != triples.len() {
        return None;
    }
    if seen & 0x80 != 0 {
        return None;
    }
    match (quads_rest, triples_rest) {
        ([], []) => Some(()),
        (&[a, b], [x]) => {
            let (a, b) = (sextet(a)?, sextet(b)?);
            (b & 0x0F == 0).then(|| *x = a << 2 | b >> 4)
        }
        (&[a, b, c], [x, y]) => {
            let (a, b, c) = (sextet(a)?, sextet(b)?, sextet(c)?);
            (c & 0x03 == 0).then(|| {
                *x = a << 2 | b >> 4;
                *y = b << 4 | c >> 2;
            })
        }
        _ => None,
    }
}

/// Decodes a segment already checked with [`is_canonical`].
pub(crate) fn decode_vec(segment: &str) -> Option<Vec<u8>> {
    let mut out = alloc::vec![0; decoded_len(segment.len())];
    decode_exact(segment.as_bytes(), &mut out)?;
    Some(out)
}

/// Decodes into `out`, returning the written prefix; `None` if it does not fit.
pub(crate) fn decode_into<'o>(segment: &str, out: &'o mut [u8]) -> Option<&'o [u8]> {
    let out = out.get_mut(..decoded_len(segment.len()))?;
    decode_exact(segment.as_bytes(), out)?;
    Some(out)
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
    use crate::test_rng::next;

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
            assert_eq!(decode_vec(s), base64ct_decode(s), "{s}");
        }
    }

    fn base64ct_decode(s: &str) -> Option<Vec<u8>> {
        use base64ct::{Base64UrlUnpadded, Encoding};
        Base64UrlUnpadded::decode_vec(s).ok()
    }

    #[test]
    fn table_decoder_matches_base64ct_on_every_length_and_random_bytes() {
        use base64ct::{Base64UrlUnpadded, Encoding};
        let mut state = 0x9E37_79B9_7F4A_7C15;
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len).map(|_| next(&mut state) as u8).collect();
            let text = Base64UrlUnpadded::encode_string(&bytes);
            assert_eq!(decode_vec(&text).as_deref(), Some(&bytes[..]), "{text}");
            let mut out = [0u8; 400];
            assert_eq!(decode_into(&text, &mut out), Some(&bytes[..]));
            if len > 0 {
                assert_eq!(decode_into(&text, &mut out[..len - 1]), None, "too small");
            }
        }
    }

    #[test]
    fn table_decoder_matches_base64ct_on_arbitrary_text() {
        // Strings over the alphabet plus the characters a forger would try.
        let pool = b"AQab09-_+/= \n.Zz";
        let mut state = 0x0123_4567_89AB_CDEF;
        for _ in 0..20_000 {
            let len = (next(&mut state) % 12) as usize;
            let text: alloc::string::String = (0..len)
                .map(|_| char::from(pool[(next(&mut state) % pool.len() as u64) as usize]))
                .collect();
            if text.is_empty() {
                continue; // base64ct decodes "" to nothing; a JWT segment is never empty.
            }
            let ours = if is_canonical(&text) {
                decode_vec(&text)
            } else {
                None
            };
            assert_eq!(ours, base64ct_decode(&text), "{text:?}");
            // Without the pre-check the decoder alone must still refuse what base64ct refuses.
            assert_eq!(decode_vec(&text), base64ct_decode(&text), "{text:?}");
        }
    }
}
