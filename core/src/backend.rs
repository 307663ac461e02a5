//! Where the RSA arithmetic happens: the pure-Rust default, or a backend the caller
//! plugs in (ring, aws-lc-rs, a hardware engine), in the manner of rustls' crypto providers.

use crate::Algorithm;

/// Verifies RSASSA-PKCS1-v1_5 signatures. Every other check stays in the core.
///
/// Implementations receive the key as big-endian modulus and exponent (minimal bytes,
/// already validated by key policy) and must check the signature against the full
/// PKCS#1 v1.5 encoding for `alg`'s hash. The signature has exactly the modulus length.
///
/// ```
/// use edgejwt_core::{Algorithm, SignatureBackend};
/// /// Refuses everything: a stand-in for a hardware engine.
/// struct Refuse;
/// impl SignatureBackend for Refuse {
///     fn verify_rsa_pkcs1v15(&self, _: Algorithm, _: &[u8], _: &[u8], _: &[u8], _: &[u8]) -> bool {
///         false
///     }
/// }
/// let policy = edgejwt_core::Policy::oidc("https://i").audience("a").signature_backend(Refuse).build()?;
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub trait SignatureBackend: Send + Sync {
    /// `true` when `signature` is a valid signature of `message` under `(n, e)`.
    fn verify_rsa_pkcs1v15(
        &self,
        alg: Algorithm,
        n: &[u8],
        e: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> bool;
}
