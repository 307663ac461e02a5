//! Fixtures shared by the fuzz targets: one fixed signing key, its key set, a policy and
//! a clock, so targets can mint tokens that get past the signature.

use std::sync::OnceLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey, TokenUse};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256, Sha384, Sha512};

pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_FuzzPool1";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_FuzzPool1";
pub const CLIENT: &str = "fuzz-client";
pub const KID: &str = "k1";

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn private_key() -> &'static RsaPrivateKey {
    static KEY: OnceLock<RsaPrivateKey> = OnceLock::new();
    KEY.get_or_init(|| {
        RsaPrivateKey::from_pkcs8_der(include_bytes!("../../tests/keys/rsa2048_a.pk8.der"))
            .expect("test key")
    })
}

pub fn n_bytes() -> Vec<u8> {
    private_key().n().to_be_bytes_trimmed_vartime().to_vec()
}

pub fn e_bytes() -> Vec<u8> {
    private_key().e().to_be_bytes_trimmed_vartime().to_vec()
}

/// The key set holding the fixed key under [`KID`] (no `alg`, so RS384/512 may use it).
pub fn keys() -> &'static KeySet {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = KeySet::new();
        let key = PublicKey::from_rsa_components(&n_bytes(), &e_bytes()).expect("key");
        keys.insert(key.with_kid(KID)).expect("room");
        keys
    })
}

/// A Cognito access-token policy allowing all three algorithms.
pub fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        Policy::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .algorithms(&Algorithm::ALL)
            .build()
            .expect("policy")
    })
}

/// Signs `header.payload` (already base64url) with the fixed key.
pub fn sign_input(alg: Algorithm, input: &str) -> Vec<u8> {
    let (scheme, digest) = match alg {
        Algorithm::RS256 => (Pkcs1v15Sign::new::<Sha256>(), Sha256::digest(input).to_vec()),
        Algorithm::RS384 => (Pkcs1v15Sign::new::<Sha384>(), Sha384::digest(input).to_vec()),
        Algorithm::RS512 => (Pkcs1v15Sign::new::<Sha512>(), Sha512::digest(input).to_vec()),
    };
    private_key().sign(scheme, &digest).expect("sign")
}

/// A compact token of raw header and payload bytes, signed with `alg`.
pub fn token(alg: Algorithm, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = sign_input(alg, &input);
    format!("{input}.{}", b64(signature))
}
