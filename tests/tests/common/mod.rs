//! Helpers shared by the cross-crate tests: vector loading, fixed test keys, token minting.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

/// A fixed moment inside the validity window of the tokens minted here.
pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_TestPool1";
pub const ISSUER: &str = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool1";
pub const CLIENT: &str = "client-abc";

/// `../shared/vectors` when the checkout sits beside it, else the copy under `tests/vectors`.
pub fn vectors_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../../shared/vectors");
    if shared.join("README.md").exists() {
        shared
    } else {
        manifest.join("vectors")
    }
}

pub fn read_vector(relative: &str) -> String {
    let path = vectors_dir().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn vector_json(relative: &str) -> Value {
    serde_json::from_str(&read_vector(relative)).unwrap()
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn unb64(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(text).unwrap()
}

/// A fixed private key from `tests/keys`.
pub struct TestKey {
    pub private: RsaPrivateKey,
}

impl TestKey {
    pub fn load(name: &str) -> Self {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("keys/{name}.pk8.der"));
        let der = std::fs::read(path).unwrap();
        Self {
            private: RsaPrivateKey::from_pkcs8_der(&der).unwrap(),
        }
    }

    pub fn a() -> Self {
        Self::load("rsa2048_a")
    }

    pub fn b() -> Self {
        Self::load("rsa2048_b")
    }

    pub fn n_bytes(&self) -> Vec<u8> {
        self.private.n().to_be_bytes_trimmed_vartime().to_vec()
    }

    pub fn e_bytes(&self) -> Vec<u8> {
        self.private.e().to_be_bytes_trimmed_vartime().to_vec()
    }

    /// The public JWK with `kid`, `use: sig`, `alg: RS256`; `extra` members override.
    pub fn jwk(&self, kid: &str, extra: Value) -> Value {
        let mut jwk = json!({
            "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
            "n": b64(self.n_bytes()), "e": b64(self.e_bytes()),
        });
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                jwk.as_object_mut().unwrap().remove(k);
            } else {
                jwk[k] = v.clone();
            }
        }
        jwk
    }

    pub fn sign_raw(&self, alg: &str, message: &[u8]) -> Vec<u8> {
        let (scheme, digest) = match alg {
            "RS384" => (
                Pkcs1v15Sign::new::<Sha384>(),
                Sha384::digest(message).to_vec(),
            ),
            "RS512" => (
                Pkcs1v15Sign::new::<Sha512>(),
                Sha512::digest(message).to_vec(),
            ),
            _ => (
                Pkcs1v15Sign::new::<Sha256>(),
                Sha256::digest(message).to_vec(),
            ),
        };
        self.private.sign(scheme, &digest).unwrap()
    }

    /// A compact token from raw header and payload JSON text, signed with `alg`.
    pub fn sign_text(&self, alg: &str, header: &str, payload: &str) -> String {
        let input = format!("{}.{}", b64(header), b64(payload));
        let sig = self.sign_raw(alg, input.as_bytes());
        format!("{input}.{}", b64(sig))
    }

    /// RS256 token with header `{"alg":"RS256","kid":kid}` and the given claims.
    pub fn token(&self, kid: &str, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": kid}).to_string();
        self.sign_text("RS256", &header, &claims.to_string())
    }
}

pub fn jwks(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

/// Claims of a Cognito access token valid at [`NOW`].
pub fn access_claims() -> Value {
    json!({
        "sub": "5b2c4a8e-0000-4000-8000-000000000001",
        "iss": ISSUER,
        "client_id": CLIENT,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin orders/read",
        "auth_time": NOW - 60,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "jti": "jti-1",
        "username": "alice",
        "cognito:groups": ["admins", "staff"],
    })
}

/// Claims of a Cognito id token valid at [`NOW`].
pub fn id_claims() -> Value {
    json!({
        "sub": "5b2c4a8e-0000-4000-8000-000000000001",
        "iss": ISSUER,
        "aud": CLIENT,
        "token_use": "id",
        "auth_time": NOW - 60,
        "iat": NOW - 60,
        "exp": NOW + 3600,
        "cognito:username": "alice",
        "email": "alice@example.com",
    })
}

pub fn with(mut claims: Value, changes: Value) -> Value {
    for (k, v) in changes.as_object().unwrap() {
        if v.is_null() {
            claims.as_object_mut().unwrap().remove(k);
        } else {
            claims[k] = v.clone();
        }
    }
    claims
}

/// A one-key set with key A under kid "k1".
pub fn keyset_a() -> edgejwt_core::KeySet {
    edgejwt_core::KeySet::from_jwks(&jwks(&[TestKey::a().jwk("k1", json!({}))])).unwrap()
}

pub fn access_policy() -> edgejwt_core::Policy {
    edgejwt_core::Policy::cognito(POOL, edgejwt_core::TokenUse::Access)
        .client_id(CLIENT)
        .build()
        .unwrap()
}

pub fn id_policy() -> edgejwt_core::Policy {
    edgejwt_core::Policy::cognito(POOL, edgejwt_core::TokenUse::Id)
        .client_id(CLIENT)
        .build()
        .unwrap()
}
