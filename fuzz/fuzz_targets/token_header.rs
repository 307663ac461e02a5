//! The token shape and header parser: raw token text, and arbitrary bytes as the header.
#![no_main]

use edgejwt_core::Error;
use edgejwt_fuzz::{b64, keys, policy, NOW};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        // Arbitrary header bytes in an otherwise well-formed token.
        format!("{}.{}.c2ln", b64(rest), b64("{}"))
    };
    let _ = edgejwt_core::decode_unverified(&token);
    match policy().verify(&token, keys(), NOW) {
        // A forged header can get at most as far as the signature check.
        Err(e) if mode % 2 == 1 => assert!(
            matches!(
                e,
                Error::Malformed
                    | Error::TooLarge
                    | Error::UnsupportedAlgorithm
                    | Error::MissingKid
                    | Error::UnknownKid
                    | Error::KeyRejected
                    | Error::BadSignature
            ),
            "{e:?}"
        ),
        Ok(_) if mode % 2 == 1 => panic!("an unsigned header verified"),
        _ => {}
    }
});
