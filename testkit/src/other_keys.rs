//! Test keys of the non-RSA algorithms (ES256, ES384, ES512, EdDSA) from fixed seeds, and
//! the tokens, JWKs and SubjectPublicKeyInfo they make.

use base64ct::Encoding as _;
use ed25519_dalek::Signer as _;
use serde_json::{json, Value};
use sha2::{Digest, Sha512};

use crate::{b64, merge};

enum Signing {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// An EC or Ed25519 signing key made from a fixed seed (the same seed, the same key).
pub struct OtherKey {
    signing: Signing,
}

/// 64 bytes from `seed`: the source of every fixed private scalar here.
fn seed_bytes(seed: &str) -> [u8; 64] {
    Sha512::digest(seed.as_bytes()).into()
}

impl OtherKey {
    /// A P-256 key (ES256).
    pub fn p256(seed: &str) -> Self {
        let bytes = seed_bytes(seed);
        let key = p256::ecdsa::SigningKey::from_slice(&bytes[..32]).unwrap();
        Self {
            signing: Signing::P256(key),
        }
    }

    /// A P-384 key (ES384).
    pub fn p384(seed: &str) -> Self {
        let bytes = seed_bytes(seed);
        let key = p384::ecdsa::SigningKey::from_slice(&bytes[..48]).unwrap();
        Self {
            signing: Signing::P384(key),
        }
    }

    /// A P-521 key (ES512).
    pub fn p521(seed: &str) -> Self {
        let mut scalar = [0u8; 66];
        scalar[2..].copy_from_slice(&seed_bytes(seed));
        let key = p521::ecdsa::SigningKey::from_slice(&scalar).unwrap();
        Self {
            signing: Signing::P521(key),
        }
    }

    /// An Ed25519 key (EdDSA).
    pub fn ed25519(seed: &str) -> Self {
        let bytes = seed_bytes(seed);
        let key = ed25519_dalek::SigningKey::from_bytes(&bytes[..32].try_into().unwrap());
        Self {
            signing: Signing::Ed25519(key),
        }
    }

    /// The algorithm this key signs with.
    pub fn alg(&self) -> &'static str {
        match self.signing {
            Signing::P256(_) => "ES256",
            Signing::P384(_) => "ES384",
            Signing::P521(_) => "ES512",
            Signing::Ed25519(_) => "EdDSA",
        }
    }

    /// The JWS signature of `message`: `r || s` for ECDSA, `R || S` for Ed25519.
    pub fn sign_raw(&self, message: &[u8]) -> Vec<u8> {
        match &self.signing {
            Signing::P256(key) => {
                let sig: p256::ecdsa::Signature = key.sign(message);
                sig.to_bytes().to_vec()
            }
            Signing::P384(key) => {
                let sig: p384::ecdsa::Signature = key.sign(message);
                sig.to_bytes().to_vec()
            }
            Signing::P521(key) => {
                let sig: p521::ecdsa::Signature = key.sign(message);
                sig.to_bytes().to_vec()
            }
            Signing::Ed25519(key) => key.sign(message).to_bytes().to_vec(),
        }
    }

    /// The ECDSA signature of `message` in ASN.1 DER (what JWS forbids).
    pub fn sign_der(&self, message: &[u8]) -> Vec<u8> {
        match &self.signing {
            Signing::P256(key) => {
                let sig: p256::ecdsa::Signature = key.sign(message);
                sig.to_der().as_bytes().to_vec()
            }
            _ => panic!("DER signatures are made with P-256 keys here"),
        }
    }

    /// A token with this exact header text and payload text.
    pub fn sign_text(&self, header: &str, payload: &str) -> String {
        let input = format!("{}.{}", b64(header), b64(payload));
        let sig = self.sign_raw(input.as_bytes());
        format!("{input}.{}", b64(sig))
    }

    /// A token with header `{"alg": self.alg(), "kid": kid}` and the claims.
    pub fn token(&self, kid: &str, claims: &Value) -> String {
        self.token_as(self.alg(), kid, claims)
    }

    /// A token whose header names `alg` (for EdDSA keys: "EdDSA" or "Ed25519").
    pub fn token_as(&self, alg: &str, kid: &str, claims: &Value) -> String {
        let header = json!({"alg": alg, "kid": kid}).to_string();
        self.sign_text(&header, &claims.to_string())
    }

    /// A token in AWS ALB's form: base64url segments WITH `=` padding (as ALB writes
    /// them), the signature over the padded segments as sent.
    pub fn alb_token(&self, header: &Value, claims: &Value) -> String {
        let padded = |bytes: &[u8]| base64ct::Base64Url::encode_string(bytes);
        let input = format!(
            "{}.{}",
            padded(header.to_string().as_bytes()),
            padded(claims.to_string().as_bytes())
        );
        let sig = self.sign_raw(input.as_bytes());
        format!("{input}.{}", padded(&sig))
    }

    /// `04 || x || y` of an EC key.
    pub fn point(&self) -> Vec<u8> {
        match &self.signing {
            Signing::P256(key) => key
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec(),
            Signing::P384(key) => key
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec(),
            Signing::P521(key) => {
                let verifying = p521::ecdsa::VerifyingKey::from(key);
                verifying.to_encoded_point(false).as_bytes().to_vec()
            }
            Signing::Ed25519(_) => panic!("an Ed25519 key has no EC point"),
        }
    }

    /// The public JWK with `kid`, `use: sig` and `alg`; `extra` members override (null
    /// removes).
    pub fn jwk(&self, kid: &str, extra: Value) -> Value {
        let jwk = match &self.signing {
            Signing::Ed25519(key) => json!({
                "kty": "OKP", "crv": "Ed25519", "kid": kid, "use": "sig", "alg": "EdDSA",
                "x": b64(key.verifying_key().to_bytes()),
            }),
            _ => {
                let point = self.point();
                let len = (point.len() - 1) / 2;
                let crv = match self.alg() {
                    "ES256" => "P-256",
                    "ES384" => "P-384",
                    _ => "P-521",
                };
                json!({
                    "kty": "EC", "crv": crv, "kid": kid, "use": "sig", "alg": self.alg(),
                    "x": b64(&point[1..1 + len]), "y": b64(&point[1 + len..]),
                })
            }
        };
        merge(jwk, extra)
    }

    /// The public key as DER SubjectPublicKeyInfo.
    pub fn spki_der(&self) -> Vec<u8> {
        use p256::pkcs8::EncodePublicKey as _;
        match &self.signing {
            Signing::P256(key) => key.verifying_key().to_public_key_der().unwrap().into_vec(),
            Signing::P384(key) => key.verifying_key().to_public_key_der().unwrap().into_vec(),
            Signing::P521(key) => {
                let point = p521::ecdsa::VerifyingKey::from(key).to_encoded_point(false);
                p521::PublicKey::from_sec1_bytes(point.as_bytes())
                    .unwrap()
                    .to_public_key_der()
                    .unwrap()
                    .into_vec()
            }
            Signing::Ed25519(key) => key.verifying_key().to_public_key_der().unwrap().into_vec(),
        }
    }

    /// The public key as PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn spki_pem(&self) -> String {
        public_key_pem(&self.spki_der())
    }

    /// A P-256 key's SubjectPublicKeyInfo PEM with its point as `tag || x`: `None` gives
    /// the SEC1 compressed form (02 or 03 by y's parity), `Some(tag)` any other tag (05,
    /// the non-SEC1 "compact" form some decoders take).
    pub fn p256_spki_pem_x_only(&self, tag: Option<u8>) -> String {
        let der = self.spki_der();
        // 30 59 | AlgorithmIdentifier (21 bytes) | 03 42 00 | 04 x y
        assert_eq!((der.len(), der[26]), (91, 0x04), "a P-256 key");
        let (algorithm, x, y) = (&der[2..23], &der[27..59], &der[59..]);
        let mut short = vec![0x30, 0x39];
        short.extend_from_slice(algorithm);
        short.extend_from_slice(&[0x03, 0x22, 0x00, tag.unwrap_or(0x02 | (y[31] & 1))]);
        short.extend_from_slice(x);
        public_key_pem(&short)
    }
}

/// A DER SubjectPublicKeyInfo as PEM (`-----BEGIN PUBLIC KEY-----`, 64-character lines).
fn public_key_pem(spki_der: &[u8]) -> String {
    let body = base64ct::Base64::encode_string(spki_der);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        lines.join("\n")
    )
}
