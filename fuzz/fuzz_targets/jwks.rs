//! The JWKS parser and every key import path.
#![no_main]

use edgejwt_core::{Curve, KeyMaterial, KeySet, PublicKey};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = PublicKey::from_spki_der(data);
    let _ = PublicKey::from_rsa_components(data, &[1, 0, 1]);
    if let Some((split, rest)) = data.split_first() {
        let at = usize::from(*split).min(rest.len());
        let _ = PublicKey::from_rsa_components(&rest[at..], &rest[..at]);
    }
    // Bodies as fetched: the bytes rule (UTF-8, one BOM) agrees with the text parser.
    let from_bytes = KeySet::from_jwks_bytes(data);
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(data.starts_with(b"\xEF\xBB\xBF") || from_bytes.is_err());
        return;
    };
    if !text.starts_with('\u{FEFF}') {
        assert_eq!(from_bytes.is_ok(), KeySet::from_jwks(text).is_ok());
    }
    let _ = PublicKey::from_spki_pem(text);
    let _ = PublicKey::from_jwk(text);
    if let Ok(keys) = KeySet::from_jwks(text) {
        assert!(keys.len() + keys.skipped() <= KeySet::MAX_KEYS);
        // Every key held is one the core can verify with, of a size it accepts.
        for key in keys.keys() {
            match key.material() {
                KeyMaterial::Rsa { .. } => assert!((1024..=8192).contains(&key.bits())),
                KeyMaterial::Ec { curve, point } => {
                    assert_eq!(point.len(), 1 + 2 * curve.coordinate_len());
                    let bits = match curve {
                        Curve::P256 => 256,
                        Curve::P384 => 384,
                        _ => 521,
                    };
                    assert_eq!(key.bits(), bits);
                }
                KeyMaterial::Ed25519 { .. } => assert_eq!(key.bits(), 255),
                _ => panic!("a key of an unknown kind was held"),
            }
        }
    }
});
