//! The compact serialisation: size, shape and header rules (ARCHITECTURE.md steps 1 to 3).

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::{self, JsonStr};
use crate::{base64url, Algorithm, AlgorithmSet, Error};

/// The three base64url segments of a compact token, plus the signing input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segments<'t> {
    pub(crate) header: &'t str,
    pub(crate) payload: &'t str,
    pub(crate) signature: &'t str,
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: &'t str,
}

/// Steps 1 and 2: size limit, then exactly three non-empty canonical base64url segments.
pub(crate) fn split(token: &str, max_len: usize) -> Result<Segments<'_>, Error> {
    if token.len() > max_len {
        return Err(Error::TooLarge);
    }
    // One pass over the bytes finds the two dots and checks the alphabet: this runs on
    // every byte of every token, so it is not three searches and three scans. Eight
    // bytes at a time are cleared with one branch; only a chunk holding a byte outside
    // the alphabet (normally one of the two dots) is looked at byte by byte.
    let mut dots = [None; 2];
    let mut note = |index: usize, byte: u8| -> Result<(), Error> {
        if byte == b'.' {
            match dots {
                [None, _] => dots[0] = Some(index),
                [Some(_), None] => dots[1] = Some(index),
                [Some(_), Some(_)] => return Err(Error::Malformed),
            }
        } else if !base64url::in_alphabet(byte) {
            return Err(Error::Malformed);
        }
        Ok(())
    };
    let mut chunks = token.as_bytes().chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        if !base64url::all_in_alphabet(chunk) {
            for (index, &byte) in chunk.iter().enumerate() {
                note(offset + index, byte)?;
            }
        }
        offset += chunk.len();
    }
    for (index, &byte) in chunks.remainder().iter().enumerate() {
        note(offset + index, byte)?;
    }
    let [Some(first), Some(second)] = dots else {
        return Err(Error::Malformed);
    };
    let (Some(header), Some(payload), Some(signature)) = (
        token.get(..first),
        token.get(first + 1..second),
        token.get(second + 1..),
    ) else {
        return Err(Error::Malformed);
    };
    if ![header, payload, signature]
        .into_iter()
        .all(base64url::has_canonical_end)
    {
        return Err(Error::Malformed);
    }
    let signing_input = token
        .get(..header.len() + 1 + payload.len())
        .ok_or(Error::Malformed)?;
    Ok(Segments {
        header,
        payload,
        signature,
        signing_input,
    })
}

/// Steps 1 and 2 for the AWS ALB profile only: as [`split`], except that each segment
/// may end in canonical `=` padding (exactly the one or two characters that make its
/// length a multiple of four, nowhere else). The segments returned are without their
/// padding; the signing input is the token's first two segments exactly as sent.
pub(crate) fn split_padded(token: &str, max_len: usize) -> Result<Segments<'_>, Error> {
    if token.len() > max_len {
        return Err(Error::TooLarge);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Error::Malformed);
    };
    let signing_input = token
        .get(..header.len() + 1 + payload.len())
        .ok_or(Error::Malformed)?;
    Ok(Segments {
        header: without_padding(header)?,
        payload: without_padding(payload)?,
        signature: without_padding(signature)?,
        signing_input,
    })
}

/// A segment without its canonical `=` padding, itself canonical base64url.
fn without_padding(segment: &str) -> Result<&str, Error> {
    let data = segment.trim_end_matches('=');
    let padding = segment.len() - data.len();
    let expected = match data.len() % 4 {
        2 => 2,
        3 => 1,
        _ => 0,
    };
    if (padding != 0 && padding != expected) || !base64url::is_canonical(data) {
        return Err(Error::Malformed);
    }
    Ok(data)
}

/// Base64url-decodes a segment holding UTF-8 text.
pub(crate) fn decode_text(segment: &str) -> Result<String, Error> {
    let bytes: Vec<u8> = base64url::decode_vec(segment).ok_or(Error::Malformed)?;
    String::from_utf8(bytes).map_err(|_| Error::Malformed)
}

/// Base64url-decodes a segment holding a JSON object and validates it (UTF-8, grammar,
/// depth, duplicate members).
pub(crate) fn decode_json_object(segment: &str, max_depth: usize) -> Result<String, Error> {
    let text = decode_text(segment)?;
    json::validate_object(&text, max_depth, |_, _| {}).map_err(json::JsonError::token_error)?;
    Ok(text)
}

/// The header members the core acts on.
pub(crate) struct HeaderFields<'h> {
    pub(crate) alg: Algorithm,
    pub(crate) kid: JsonStr<'h>,
}

/// Step 3 on a validated header object: `alg` on the allow-list, `kid` a string, no
/// `crit`, no unencoded payload. `jku`, `x5u`, `jwk`, `x5c` are ignored on purpose: a
/// key named by the token itself proves nothing (RFC 8725 3.10).
pub(crate) fn read_header(
    header_json: &str,
    allowed: AlgorithmSet,
) -> Result<HeaderFields<'_>, Error> {
    let members = json::object_members(header_json).ok_or(Error::Malformed)?;
    let mut alg = None;
    let mut kid = None;
    for (name, value) in members {
        if name.eq_str("alg") {
            alg = Some(value.as_str().ok_or(Error::Malformed)?);
        } else if name.eq_str("kid") {
            kid = Some(value.as_str().ok_or(Error::Malformed)?);
        } else if name.eq_str("crit") {
            // RFC 7515 4.1.11: we understand no extensions, so none may be critical.
            return Err(Error::Malformed);
        } else if name.eq_str("b64") && value.as_bool() != Some(true) {
            // RFC 7797 unencoded payloads change what is signed; not supported.
            return Err(Error::Malformed);
        }
    }
    let alg = alg.ok_or(Error::Malformed)?;
    let alg = Algorithm::ALL
        .into_iter()
        .find(|candidate| allowed.contains(*candidate) && alg.eq_str(candidate.name()))
        .ok_or(Error::UnsupportedAlgorithm)?;
    let kid = kid.ok_or(Error::MissingKid)?;
    Ok(HeaderFields { alg, kid })
}

/// The verified header: algorithm, key id and the raw JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    alg: Algorithm,
    kid: String,
    json: String,
}

impl Header {
    pub(crate) fn new(alg: Algorithm, kid: String, json: String) -> Self {
        Self { alg, kid, json }
    }

    /// The algorithm the token was verified with.
    pub fn alg(&self) -> Algorithm {
        self.alg
    }

    /// The key id (decoded).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The header JSON exactly as the issuer wrote it.
    pub fn json(&self) -> &str {
        &self.json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_limit_is_checked_before_anything_else() {
        assert_eq!(split("a.b.c", 4).unwrap_err(), Error::TooLarge);
        assert!(split("YQ.YQ.YQ", 8).is_ok());
    }

    #[test]
    fn exactly_three_non_empty_segments() {
        for token in [
            "",
            "YQ",
            "YQ.YQ",
            "YQ.YQ.YQ.YQ",
            "YQ..YQ",
            ".YQ.YQ",
            "YQ.YQ.",
            "..",
            "YQ.YQ.YQ.",
        ] {
            assert_eq!(
                split(token, 100).unwrap_err(),
                Error::Malformed,
                "{token:?}"
            );
        }
    }

    #[test]
    fn padding_is_accepted_only_by_the_padded_split_and_only_when_canonical() {
        // "YQ" is one byte: canonical padding is "YQ==".
        let padded = "YQ==.YWI=.YWJj";
        assert_eq!(split(padded, 100).unwrap_err(), Error::Malformed);
        let segments = split_padded(padded, 100).unwrap();
        assert_eq!(
            [segments.header, segments.payload, segments.signature],
            ["YQ", "YWI", "YWJj"]
        );
        assert_eq!(segments.signing_input, "YQ==.YWI=");
        // Unpadded still passes the padded split.
        assert!(split_padded("YQ.YWI.YWJj", 100).is_ok());
        for bad in [
            "YQ=.YQ.YQ",      // one '=' where two are needed
            "YQ===.YQ.YQ",    // three
            "YWI==.YQ.YQ",    // two where one is needed
            "YWJj=.YQ.YQ",    // padding on a whole group
            "YWJj====.YQ.YQ", // a whole group of padding
            "Y=Q=.YQ.YQ",     // '=' inside
            "YR==.YQ.YQ",     // loose trailing bits under the padding
            "YQ==.YQ",        // two segments
            "YQ==.YQ.YQ.YQ",  // four
            "==.YQ.YQ",       // padding alone
            "YQ==.YQ.",       // empty signature
        ] {
            assert_eq!(
                split_padded(bad, 100).unwrap_err(),
                Error::Malformed,
                "{bad}"
            );
        }
        assert_eq!(split_padded("YQ==.YQ.YQ", 5).unwrap_err(), Error::TooLarge);
    }

    /// The shape rule byte by byte, the way ARCHITECTURE.md states it: the reference the
    /// chunked scan in [`split`] is held to.
    fn split_reference(token: &str) -> Option<[&str; 3]> {
        let parts: alloc::vec::Vec<&str> = token.split('.').collect();
        let [header, payload, signature] = parts[..] else {
            return None;
        };
        [header, payload, signature]
            .iter()
            .all(|s| base64url::is_canonical(s))
            .then_some([header, payload, signature])
    }

    #[test]
    fn chunked_shape_scan_agrees_with_the_byte_by_byte_rule() {
        use crate::test_rng::next;
        // Every position of a dot, a stray byte or a bad final sextet relative to the
        // eight-byte chunks, in tokens of lengths around the chunk size.
        let strays = [b'.', b'=', b'+', b'/', b' ', 0x80, b'A', b'Q'];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for len in 5..40 {
            for _ in 0..400 {
                let mut bytes: alloc::vec::Vec<u8> = (0..len)
                    .map(|_| b"AQgw-_Zz09"[(next(&mut state) % 10) as usize])
                    .collect();
                for _ in 0..(state % 4) as usize + 2 {
                    let random = next(&mut state);
                    let at = (random % len as u64) as usize;
                    bytes[at] = strays[(random >> 32) as usize % strays.len()];
                }
                let Ok(token) = core::str::from_utf8(&bytes) else {
                    continue;
                };
                let ours = split(token, 100)
                    .ok()
                    .map(|s| [s.header, s.payload, s.signature]);
                assert_eq!(ours, split_reference(token), "{token:?}");
            }
        }
    }
}
