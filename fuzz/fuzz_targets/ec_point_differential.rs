//! The core's own EC point check (ec_point.rs, on its Montgomery kernel) against the
//! curve crates' SEC1 decoding, through `PublicKey::from_spki_der`: for any bytes as the
//! point of a P-256, P-384 or P-521 SubjectPublicKeyInfo, both accept (with the same
//! uncompressed point) or both refuse, except that we refuse the non-SEC1 "compact" tag
//! 05 the crates decode. Half the inputs start from a real public point
//! (a scalar times G, uncompressed or compressed) with some bytes changed, so the
//! accepting side is explored too.
#![no_main]

use ecdsa::elliptic_curve::sec1::ToEncodedPoint;
use edgejwt_core::{KeyMaterial, PublicKey};
use libfuzzer_sys::fuzz_target;

/// The curve crate's answer: the uncompressed point, or `None`.
fn reference(curve: u8, sec1: &[u8]) -> Option<Vec<u8>> {
    let encoded = |bytes: &[u8]| bytes.to_vec();
    match curve {
        0 => p256::PublicKey::from_sec1_bytes(sec1).ok().map(|k| encoded(k.to_encoded_point(false).as_bytes())),
        1 => p384::PublicKey::from_sec1_bytes(sec1).ok().map(|k| encoded(k.to_encoded_point(false).as_bytes())),
        _ => p521::PublicKey::from_sec1_bytes(sec1).ok().map(|k| encoded(k.to_encoded_point(false).as_bytes())),
    }
}

/// `scalar * G`, uncompressed or compressed.
fn real_point(curve: u8, scalar: &[u8], compressed: bool) -> Option<Vec<u8>> {
    let mut bytes = [0u8; 66];
    let take = scalar.len().min(32);
    let point = |public: &dyn Fn(bool) -> Vec<u8>| public(compressed);
    match curve {
        0 => {
            bytes[32 - take..32].copy_from_slice(&scalar[..take]);
            let key = p256::SecretKey::from_slice(&bytes[..32]).ok()?.public_key();
            Some(point(&|c| key.to_encoded_point(c).as_bytes().to_vec()))
        }
        1 => {
            bytes[48 - take..48].copy_from_slice(&scalar[..take]);
            let key = p384::SecretKey::from_slice(&bytes[..48]).ok()?.public_key();
            Some(point(&|c| key.to_encoded_point(c).as_bytes().to_vec()))
        }
        _ => {
            bytes[66 - take..66].copy_from_slice(&scalar[..take]);
            let key = p521::SecretKey::from_slice(&bytes[..66]).ok()?.public_key();
            Some(point(&|c| key.to_encoded_point(c).as_bytes().to_vec()))
        }
    }
}

/// A DER length.
fn der_len(len: usize, out: &mut Vec<u8>) {
    match len {
        0..=127 => out.push(len as u8),
        128..=255 => out.extend_from_slice(&[0x81, len as u8]),
        _ => out.extend_from_slice(&[0x82, (len >> 8) as u8, len as u8]),
    }
}

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    der_len(body.len(), &mut out);
    out.extend_from_slice(body);
    out
}

/// SubjectPublicKeyInfo { id-ecPublicKey, named curve, BIT STRING point }.
fn spki(curve: u8, point: &[u8]) -> Vec<u8> {
    let ec_public_key = [0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    let named: &[u8] = match curve {
        0 => &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
        1 => &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22],
        _ => &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23],
    };
    let algorithm = tlv(0x30, &[&ec_public_key[..], named].concat());
    let bits = tlv(0x03, &[&[0u8][..], point].concat());
    tlv(0x30, &[algorithm, bits].concat())
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let curve = mode % 3;
    let point = if mode & 0x80 != 0 {
        // A real point, then the input's (index, xor) pairs applied to it.
        let Some((scalar, edits)) = rest.split_at_checked(rest.len().min(32)) else {
            return;
        };
        let Some(mut point) = real_point(curve, scalar, mode & 0x40 != 0) else {
            return;
        };
        for edit in edits.chunks_exact(2) {
            let len = point.len();
            if let Some(byte) = point.get_mut(usize::from(edit[0]) % len) {
                *byte ^= edit[1];
            }
        }
        point
    } else {
        rest.to_vec()
    };
    let ours = match PublicKey::from_spki_der(&spki(curve, &point)) {
        Ok(key) => match key.material() {
            KeyMaterial::Ec { point, .. } => Some(point.to_vec()),
            other => panic!("an EC SPKI gave {other:?}"),
        },
        Err(_) => None,
    };
    // SEC1 and RFC 5480 define the tags 02, 03 and 04; the curve crates also decode 05
    // ("compact": x alone) on some curves. We refuse it, a stricter rule of our own: that
    // is asserted, and the crates' answer is not the reference there.
    if point.first() == Some(&0x05) {
        assert_eq!(ours, None, "a compact (05) point was accepted: {point:02x?}");
        return;
    }
    assert_eq!(ours, reference(curve, &point), "curve {curve}, point {point:02x?}");
});
