//! Fixtures shared by the fuzz targets: the test kit's fixed key A, its key set, a policy
//! and a clock, so targets can mint tokens that get past the signature.

use std::sync::OnceLock;

use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey, TokenUse};
pub use edgejwt_testkit::b64;
use edgejwt_testkit::{OtherKey, TestKey};
use rsa::RsaPrivateKey;

pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_FuzzPool1";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_FuzzPool1";
pub const CLIENT: &str = "fuzz-client";
pub const KID: &str = "k1";

pub fn private_key() -> &'static RsaPrivateKey {
    &TestKey::a().private
}

pub fn n_bytes() -> Vec<u8> {
    TestKey::a().n_bytes()
}

pub fn e_bytes() -> Vec<u8> {
    TestKey::a().e_bytes()
}

/// The fixed keys of the other algorithms: P-256, P-384, P-521, Ed25519.
pub fn other_keys() -> &'static [OtherKey; 4] {
    static KEYS: OnceLock<[OtherKey; 4]> = OnceLock::new();
    KEYS.get_or_init(|| {
        [
            OtherKey::p256("fuzz p256"),
            OtherKey::p384("fuzz p384"),
            OtherKey::p521("fuzz p521"),
            OtherKey::ed25519("fuzz ed25519"),
        ]
    })
}

/// The fixed key that signs `alg`, when it is not the RSA key.
pub fn other_key_for(alg: Algorithm) -> Option<&'static OtherKey> {
    let [p256, p384, p521, ed25519] = other_keys();
    match alg {
        Algorithm::ES256 => Some(p256),
        Algorithm::ES384 => Some(p384),
        Algorithm::ES512 => Some(p521),
        Algorithm::EdDSA | Algorithm::Ed25519 => Some(ed25519),
        _ => None,
    }
}

/// The `kid` the key for `alg` has in [`keys`]: [`KID`] for the RSA key, the curve's
/// name for the others.
pub fn kid_for(alg: Algorithm) -> &'static str {
    match alg {
        Algorithm::ES256 => "p256",
        Algorithm::ES384 => "p384",
        Algorithm::ES512 => "p521",
        Algorithm::EdDSA | Algorithm::Ed25519 => "ed25519",
        _ => KID,
    }
}

/// The kid every key of [`keys`] is published under a second time (RSA first): RFC
/// 7517 4.5 lets keys of different types share one, and each algorithm must still find
/// the key of its own kind.
pub const SHARED_KID: &str = "shared";

/// The key set: the RSA key under [`KID`] and one key per curve under its [`kid_for`]
/// (none with an `alg`, so every algorithm of its kind may use it), then each of them
/// again under [`SHARED_KID`].
pub fn keys() -> &'static KeySet {
    static KEYS: OnceLock<KeySet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = KeySet::new();
        let key = PublicKey::from_rsa_components(&n_bytes(), &e_bytes()).expect("key");
        keys.insert(key.with_kid(KID)).expect("room");
        for alg in [Algorithm::ES256, Algorithm::ES384, Algorithm::ES512, Algorithm::EdDSA] {
            let signer = other_key_for(alg).expect("a curve key");
            let key = PublicKey::from_spki_der(&signer.spki_der()).expect("key");
            keys.insert(key.with_kid(kid_for(alg))).expect("room");
        }
        let shared: Vec<PublicKey> = keys.keys().map(|key| key.clone().with_kid(SHARED_KID)).collect();
        for key in shared {
            keys.insert(key).expect("room");
        }
        keys
    })
}

/// A Cognito access-token policy allowing every algorithm.
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

/// Signs `header.payload` (already base64url) with the fixed key of `alg`.
pub fn sign_input(alg: Algorithm, input: &str) -> Vec<u8> {
    match other_key_for(alg) {
        Some(key) => key.sign_raw(input.as_bytes()),
        None => TestKey::a().sign_raw(alg.name(), input.as_bytes()),
    }
}

/// A compact token of raw header and payload bytes, signed with `alg`'s fixed key.
pub fn token(alg: Algorithm, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = sign_input(alg, &input);
    format!("{input}.{}", b64(signature))
}
