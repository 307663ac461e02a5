//! Fixtures shared by the fuzz targets: the test kit's fixed key A, its key set, a policy
//! and a clock, so targets can mint tokens that get past the signature.

use std::sync::OnceLock;

use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey, TokenUse};
pub use edgejwt_testkit::b64;
use edgejwt_testkit::TestKey;
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
    TestKey::a().sign_raw(alg.name(), input.as_bytes())
}

/// A compact token of raw header and payload bytes, signed with `alg`.
pub fn token(alg: Algorithm, header: &[u8], payload: &[u8]) -> String {
    TestKey::a().sign_bytes(alg.name(), header, payload)
}
