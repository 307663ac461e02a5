//! The one signature seam: a [`SignatureBackend`] checks `(alg, key, message, signature)`;
//! the core's own arithmetic is the default, a host's crypto (ring, aws-lc-rs, a
//! JavaScript engine, a hardware engine) plugs in, in the manner of rustls' providers.

use crate::{Algorithm, PublicKey};

/// Checks one signature. Every other rule stays in the core: by the time a backend is
/// called, the header's algorithm is on the policy's allow-list, the key was chosen by
/// `kid` and passed key policy for that algorithm (an RSA algorithm only ever meets an
/// RSA key), and the signature has the exact length the key requires.
///
/// A backend reads the key through [`PublicKey::material`] (to import it into host
/// crypto, keyed by [`PublicKey::id`]) or falls back to the core's own arithmetic with
/// [`PublicKey::verify_signature`]. Closures implement the trait too, so a host whose
/// crypto is neither `Send` nor `Sync` (a JavaScript engine) can still be the backend of
/// one call ([`Policy::verify_with`](crate::Policy::verify_with)).
///
/// ```
/// use edgejwt_core::{Algorithm, PublicKey, SignatureBackend};
/// /// Refuses everything: a stand-in for a hardware engine.
/// struct Refuse;
/// impl SignatureBackend for Refuse {
///     fn verify(&self, _: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]) -> bool {
///         false
///     }
/// }
/// let policy = edgejwt_core::Policy::oidc("https://i").audience("a").signature_backend(Refuse).build()?;
/// // A closure is a backend too: here, the core's own arithmetic.
/// let core = |alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]| {
///     key.verify_signature(alg, message, signature).is_ok()
/// };
/// assert!(policy.verify_with("x.y.z", &edgejwt_core::KeySet::new(), 0, &core).is_err());
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub trait SignatureBackend {
    /// `true` when `signature` is a valid `alg` signature of `message` under `key`.
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool;

    /// A short name for diagnostics and logs (`"ring"`, `"aws-lc-rs"`): which backend a
    /// policy uses is visible through [`Policy::signature_backend_name`](crate::Policy::signature_backend_name).
    fn name(&self) -> &'static str {
        "custom"
    }
}

impl<F> SignatureBackend for F
where
    F: Fn(Algorithm, &PublicKey, &[u8], &[u8]) -> bool,
{
    fn verify(&self, alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
        self(alg, key, message, signature)
    }
}
