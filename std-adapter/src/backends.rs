//! Native RSA backends for servers: ring and aws-lc-rs behind features of the same name.
//! Both accept 2048..=8192-bit keys (smaller ones fail verification).

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
use edgejwt_core::{Algorithm, SignatureBackend};

/// RSA verification with `ring` (feature `ring`).
///
/// ```
/// # #[cfg(feature = "ring")] {
/// use edgejwt_std::{backends::Ring, TokenUse, Verifier};
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("client")
///     .signature_backend(Ring)
///     .build();
/// assert!(verifier.is_ok());
/// # }
/// ```
#[cfg(feature = "ring")]
#[derive(Debug, Clone, Copy, Default)]
pub struct Ring;

#[cfg(feature = "ring")]
impl SignatureBackend for Ring {
    fn verify_rsa_pkcs1v15(
        &self,
        alg: Algorithm,
        n: &[u8],
        e: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        use ring::signature as rs;
        let params = match alg {
            Algorithm::RS256 => &rs::RSA_PKCS1_2048_8192_SHA256,
            Algorithm::RS384 => &rs::RSA_PKCS1_2048_8192_SHA384,
            Algorithm::RS512 => &rs::RSA_PKCS1_2048_8192_SHA512,
        };
        rs::RsaPublicKeyComponents { n, e }
            .verify(params, message, signature)
            .is_ok()
    }
}

/// RSA verification with `aws-lc-rs` (feature `aws-lc-rs`).
#[cfg(feature = "aws-lc-rs")]
#[derive(Debug, Clone, Copy, Default)]
pub struct AwsLc;

#[cfg(feature = "aws-lc-rs")]
impl SignatureBackend for AwsLc {
    fn verify_rsa_pkcs1v15(
        &self,
        alg: Algorithm,
        n: &[u8],
        e: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        use aws_lc_rs::signature as al;
        let params = match alg {
            Algorithm::RS256 => &al::RSA_PKCS1_2048_8192_SHA256,
            Algorithm::RS384 => &al::RSA_PKCS1_2048_8192_SHA384,
            Algorithm::RS512 => &al::RSA_PKCS1_2048_8192_SHA512,
        };
        al::RsaPublicKeyComponents { n, e }
            .verify(params, message, signature)
            .is_ok()
    }
}
