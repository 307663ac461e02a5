//! Signature backends for servers: [`Auto`] (the default: ring, already linked for TLS,
//! where it is faster than the core), ring, aws-lc-rs, and the core's pure Rust, for every algorithm each supports (ring has no
//! P-521: ES512 stays in the core's pure Rust). The native ones check RSA keys of
//! 2048..=8192 bits with exponents up to 2^33 - 1; keys the core accepts outside that
//! range (a lowered `min_modulus_bits`, a larger exponent) go to the core's arithmetic,
//! so every backend gives the same verdicts.

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
use edgejwt_core::KeyMaterial;
use edgejwt_core::{Algorithm, PublicKey, SignatureBackend};

/// Signature checks in the core's own pure Rust (no C, no assembly): the choice without
/// the `ring` feature, or by hand with it.
///
/// ```
/// use edgejwt_std::{backends::PureRust, TokenUse, Verifier};
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("client")
///     .signature_backend(PureRust)
///     .build()?;
/// assert_eq!(verifier.policy().signature_backend_name(), "pure-rust");
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct PureRust;

impl SignatureBackend for PureRust {
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        key.verify_signature(alg, message, signature).is_ok()
    }

    fn name(&self) -> &'static str {
        "pure-rust"
    }
}

/// Whether ring's and aws-lc's RSA (2048..=8192-bit modulus, exponent 3..=2^33 - 1)
/// takes this key; the core has already checked the rest of key policy.
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
fn native_rsa_takes(n: &[u8], e: &[u8]) -> bool {
    let bits = n.first().map_or(0, |&top| {
        (n.len() - 1) * 8 + (8 - top.leading_zeros() as usize)
    });
    let exponent = e.iter().try_fold(0u64, |value, &byte| {
        value.checked_mul(256).map(|v| v | u64::from(byte))
    });
    (2048..=8192).contains(&bits) && exponent.is_some_and(|e| (3..1 << 33).contains(&e))
}

/// The fastest arithmetic linked in, per algorithm (feature `ring`, on by default): what
/// a verifier uses unless told otherwise. As measured by `cargo bench -p edgejwt-tests
/// --bench algorithms` (interleaved rounds), ring for RSA (PKCS#1 v1.5 and PSS, about
/// 1.6x faster than the core) and ES256 (about 1.9x); the core's pure Rust for ES384 and
/// Ed25519 (where it is faster than ring) and ES512 (which ring lacks).
///
/// ```
/// # #[cfg(feature = "ring")] {
/// use edgejwt_std::{TokenUse, Verifier};
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("client")
///     .build()?;
/// assert_eq!(verifier.policy().signature_backend_name(), "auto");
/// # }
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[cfg(feature = "ring")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Auto;

#[cfg(feature = "ring")]
impl SignatureBackend for Auto {
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        match alg {
            Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::PS256
            | Algorithm::PS384
            | Algorithm::PS512
            | Algorithm::ES256 => Ring.verify(alg, key, message, signature),
            _ => key.verify_signature(alg, message, signature).is_ok(),
        }
    }

    fn name(&self) -> &'static str {
        "auto"
    }
}

/// Signature checks with `ring` (feature `ring`) for every algorithm it has.
///
/// ```
/// # #[cfg(feature = "ring")] {
/// use edgejwt_std::{backends::Ring, TokenUse, Verifier};
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("client")
///     .signature_backend(Ring)
///     .build()?;
/// assert_eq!(verifier.policy().signature_backend_name(), "ring");
/// # }
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[cfg(feature = "ring")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Ring;

#[cfg(feature = "ring")]
impl SignatureBackend for Ring {
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        use ring::signature as rs;
        let params: &'static dyn rs::VerificationAlgorithm = match (alg, key.material()) {
            (_, KeyMaterial::Rsa { n, e }) if native_rsa_takes(n, e) => {
                let params = match alg {
                    Algorithm::RS256 => &rs::RSA_PKCS1_2048_8192_SHA256,
                    Algorithm::RS384 => &rs::RSA_PKCS1_2048_8192_SHA384,
                    Algorithm::RS512 => &rs::RSA_PKCS1_2048_8192_SHA512,
                    Algorithm::PS256 => &rs::RSA_PSS_2048_8192_SHA256,
                    Algorithm::PS384 => &rs::RSA_PSS_2048_8192_SHA384,
                    Algorithm::PS512 => &rs::RSA_PSS_2048_8192_SHA512,
                    _ => return false,
                };
                return rs::RsaPublicKeyComponents { n, e }
                    .verify(params, message, signature)
                    .is_ok();
            }
            (Algorithm::ES256, KeyMaterial::Ec { .. }) => &rs::ECDSA_P256_SHA256_FIXED,
            (Algorithm::ES384, KeyMaterial::Ec { .. }) => &rs::ECDSA_P384_SHA384_FIXED,
            (Algorithm::EdDSA | Algorithm::Ed25519, KeyMaterial::Ed25519 { .. }) => &rs::ED25519,
            // ring has no P-521 (nor any kind of key it does not know): the core's own
            // arithmetic decides, with the same key policy already applied.
            _ => return key.verify_signature(alg, message, signature).is_ok(),
        };
        let bytes: &[u8] = match key.material() {
            KeyMaterial::Ec { point, .. } => point,
            KeyMaterial::Ed25519 { x } => x,
            _ => return false,
        };
        rs::UnparsedPublicKey::new(params, bytes)
            .verify(message, signature)
            .is_ok()
    }

    fn name(&self) -> &'static str {
        "ring"
    }
}

/// Signature checks with `aws-lc-rs` (feature `aws-lc-rs`). Keys are parsed into
/// aws-lc once per key identity ([`PublicKey::id`]) and algorithm and kept (up to 64), so
/// each verification is the arithmetic alone.
#[cfg(feature = "aws-lc-rs")]
#[derive(Default)]
pub struct AwsLc {
    parsed: std::sync::Mutex<Vec<ParsedKey>>,
}

#[cfg(feature = "aws-lc-rs")]
struct ParsedKey {
    id: usize,
    alg: Algorithm,
    key: std::sync::Arc<aws_lc_rs::signature::ParsedPublicKey>,
}

#[cfg(feature = "aws-lc-rs")]
impl std::fmt::Debug for AwsLc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsLc").finish_non_exhaustive()
    }
}

/// DER `RSAPublicKey ::= SEQUENCE { n INTEGER, e INTEGER }` (RFC 8017 A.1.1).
#[cfg(feature = "aws-lc-rs")]
fn rsa_public_key_der(n: &[u8], e: &[u8]) -> Vec<u8> {
    fn length(len: usize, out: &mut Vec<u8>) {
        if len < 0x80 {
            out.push(len as u8);
        } else {
            let bytes: Vec<u8> = len
                .to_be_bytes()
                .into_iter()
                .skip_while(|&b| b == 0)
                .collect();
            out.push(0x80 | bytes.len() as u8);
            out.extend(bytes);
        }
    }
    fn integer(value: &[u8], out: &mut Vec<u8>) {
        let pad = value.first().is_some_and(|&b| b & 0x80 != 0);
        out.push(0x02);
        length(value.len() + usize::from(pad), out);
        if pad {
            out.push(0);
        }
        out.extend_from_slice(value);
    }
    let mut body = Vec::new();
    integer(n, &mut body);
    integer(e, &mut body);
    let mut der = vec![0x30];
    length(body.len(), &mut der);
    der.extend(body);
    der
}

#[cfg(feature = "aws-lc-rs")]
impl AwsLc {
    /// The aws-lc form of `key` for `alg`, imported on first use.
    fn parsed(
        &self,
        alg: Algorithm,
        key: &PublicKey,
    ) -> Option<std::sync::Arc<aws_lc_rs::signature::ParsedPublicKey>> {
        let mut cache = self.parsed.lock().unwrap_or_else(|p| p.into_inner());
        let id = key.id();
        if let Some(found) = cache.iter().find(|k| k.id == id && k.alg == alg) {
            return Some(std::sync::Arc::clone(&found.key));
        }
        let parsed = std::sync::Arc::new(import(alg, key)?);
        if cache.len() >= 64 {
            cache.remove(0);
        }
        cache.push(ParsedKey {
            id,
            alg,
            key: std::sync::Arc::clone(&parsed),
        });
        Some(parsed)
    }
}

/// `key` in aws-lc's form for `alg` (key policy has already matched the two).
#[cfg(feature = "aws-lc-rs")]
fn import(alg: Algorithm, key: &PublicKey) -> Option<aws_lc_rs::signature::ParsedPublicKey> {
    use aws_lc_rs::signature as al;
    let params: &'static dyn al::VerificationAlgorithm = match alg {
        Algorithm::RS256 => &al::RSA_PKCS1_2048_8192_SHA256,
        Algorithm::RS384 => &al::RSA_PKCS1_2048_8192_SHA384,
        Algorithm::RS512 => &al::RSA_PKCS1_2048_8192_SHA512,
        Algorithm::PS256 => &al::RSA_PSS_2048_8192_SHA256,
        Algorithm::PS384 => &al::RSA_PSS_2048_8192_SHA384,
        Algorithm::PS512 => &al::RSA_PSS_2048_8192_SHA512,
        Algorithm::ES256 => &al::ECDSA_P256_SHA256_FIXED,
        Algorithm::ES384 => &al::ECDSA_P384_SHA384_FIXED,
        Algorithm::ES512 => &al::ECDSA_P521_SHA512_FIXED,
        Algorithm::EdDSA | Algorithm::Ed25519 => &al::ED25519,
        _ => return None,
    };
    let bytes = match key.material() {
        KeyMaterial::Rsa { n, e } => rsa_public_key_der(n, e),
        KeyMaterial::Ec { point, .. } => point.to_vec(),
        KeyMaterial::Ed25519 { x } => x.to_vec(),
        _ => return None,
    };
    al::ParsedPublicKey::new(params, bytes).ok()
}

#[cfg(feature = "aws-lc-rs")]
impl SignatureBackend for AwsLc {
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        if let KeyMaterial::Rsa { n, e } = key.material() {
            if !native_rsa_takes(n, e) {
                return key.verify_signature(alg, message, signature).is_ok();
            }
        }
        self.parsed(alg, key)
            .is_some_and(|parsed| parsed.verify_sig(message, signature).is_ok())
    }

    fn name(&self) -> &'static str {
        "aws-lc-rs"
    }
}
