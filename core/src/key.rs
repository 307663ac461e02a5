//! One verification key: imported once (JWK, RSA components, SPKI DER or PEM), kept parsed.

use alloc::string::String;
use alloc::sync::Arc;
use core::fmt;

use spki::der::asn1::UintRef;
use spki::der::{Decode, Reader, SliceReader};
use spki::ObjectIdentifier;

use crate::json::{self, JsonStr, Value};
use crate::rsa_key::RsaKey;
use crate::{base64url, Algorithm, Error};

/// Why a key cannot be used for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// `kty` is not `RSA` (EC, OKP, oct, unknown or miscased): skipped in a key set.
    UnsupportedKeyType,
    /// The key text or DER could not be decoded, or a JWK member has the wrong JSON type.
    InvalidEncoding,
    /// The modulus is missing, even, or otherwise not an RSA modulus.
    InvalidModulus,
    /// The public exponent is missing, even, 1, or 2^64 or more.
    InvalidExponent,
    /// The modulus is below 1024 bits (policies require 2048 by default).
    ModulusTooSmall,
    /// The modulus is above 8192 bits.
    ModulusTooLarge,
    /// The modulus is known to be weak (made by the ROCA-vulnerable Infineon generator).
    WeakKey,
    /// The JWK says it is not for verifying signatures (`use` is not `sig`, or `key_ops`
    /// lacks `verify`).
    NotForSignatures,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyError::UnsupportedKeyType => "not an RSA key",
            KeyError::InvalidEncoding => "the key could not be decoded",
            KeyError::InvalidModulus => "invalid RSA modulus",
            KeyError::InvalidExponent => {
                "invalid RSA public exponent (must be odd, > 1 and < 2^64)"
            }
            KeyError::ModulusTooSmall => "RSA modulus smaller than 1024 bits",
            KeyError::ModulusTooLarge => "RSA modulus larger than 8192 bits",
            KeyError::WeakKey => "the RSA modulus is known to be weak (ROCA)",
            KeyError::NotForSignatures => "the key is not meant for verifying signatures",
        })
    }
}

impl core::error::Error for KeyError {}

/// What a JWK's `alg` says the key may be used with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyAlgorithm {
    /// No `alg` member: any algorithm the policy allows.
    Any,
    /// Exactly this algorithm.
    Only(Algorithm),
    /// Some other algorithm (PS256, RSA-OAEP, ...): never one we verify.
    Other,
}

/// A public key ready to verify signatures (RSA), optionally named by a key id.
///
/// Key material is parsed once, when the key is made; verification never re-parses it.
///
/// ```
/// use edgejwt_core::PublicKey;
/// let jwk = r#"{"kty":"RSA","kid":"k1","use":"sig","alg":"RS256","e":"AQAB",
///   "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
/// let key = PublicKey::from_jwk(jwk)?;
/// assert_eq!(key.kid(), Some("k1"));
/// assert_eq!(key.bits(), 2048);
/// # Ok::<(), edgejwt_core::KeyError>(())
/// ```
#[derive(Debug, Clone)]
pub struct PublicKey {
    kid: Option<String>,
    algorithm: KeyAlgorithm,
    /// The parsed key material, shared by clones (host crypto caches key on its identity).
    material: Arc<Material>,
}

/// Parsed key material and its process-unique identity.
#[derive(Debug)]
struct Material {
    id: usize,
    kind: Kind,
}

/// The parsed form of each kind of key: one variant per key type.
#[derive(Debug)]
enum Kind {
    Rsa(RsaKey),
}

impl Material {
    fn new(kind: Kind) -> Arc<Self> {
        Arc::new(Self {
            id: crate::identity::next_identity(),
            kind,
        })
    }
}

/// A key's public material, for host crypto that imports keys itself (ring, aws-lc-rs,
/// `node:crypto`, WebCrypto). Import once per [`PublicKey::id`].
///
/// ```
/// # let jwk = r#"{"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
/// use edgejwt_core::{KeyMaterial, PublicKey};
/// let key = PublicKey::from_jwk(jwk)?;
/// match key.material() {
///     KeyMaterial::Rsa { n, e } => assert_eq!((n.len(), e), (256, &[1, 0, 1][..])),
///     _ => unreachable!("an RSA JWK"),
/// }
/// # Ok::<(), edgejwt_core::KeyError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyMaterial<'a> {
    /// An RSA key: big-endian modulus and public exponent, without leading zeros.
    Rsa {
        /// The modulus.
        n: &'a [u8],
        /// The public exponent.
        e: &'a [u8],
    },
}

/// The members of a JWK that matter to a verifier, found by their decoded names (so
/// `"u\u0073e"` is `use`); others are ignored. Values are kept as read: their types are
/// judged in [`to_key`](Self::to_key), so a malformed key still reports its `kid`.
#[derive(Default)]
pub(crate) struct JwkFields<'a> {
    kty: Option<Value<'a>>,
    kid: Option<Value<'a>>,
    use_: Option<Value<'a>>,
    key_ops: Option<Value<'a>>,
    alg: Option<Value<'a>>,
    n: Option<Value<'a>>,
    e: Option<Value<'a>>,
}

/// Depth allowed in JWK/JWKS documents (`{"keys":[{"x5c":[..]}]}` is 3).
pub(crate) const KEY_DOCUMENT_DEPTH: usize = 16;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// A member that must be a string when present: `Err` when it is another type.
fn optional_string(value: Option<Value<'_>>) -> Result<Option<JsonStr<'_>>, KeyError> {
    value
        .map(|v| v.as_str().ok_or(KeyError::InvalidEncoding))
        .transpose()
}

impl<'a> JwkFields<'a> {
    /// The members of one JWK object of a validated document; `None` if `jwk` is not
    /// an object.
    pub(crate) fn read(jwk: Value<'a>) -> Option<Self> {
        let mut fields = Self::default();
        for (name, value) in json::object_value_members(jwk)? {
            let slot = if name.eq_str("kty") {
                &mut fields.kty
            } else if name.eq_str("kid") {
                &mut fields.kid
            } else if name.eq_str("use") {
                &mut fields.use_
            } else if name.eq_str("key_ops") {
                &mut fields.key_ops
            } else if name.eq_str("alg") {
                &mut fields.alg
            } else if name.eq_str("n") {
                &mut fields.n
            } else if name.eq_str("e") {
                &mut fields.e
            } else {
                continue;
            };
            *slot = Some(value);
        }
        Some(fields)
    }

    /// The `kid`, decoded, when it is a string.
    pub(crate) fn kid(&self) -> Option<String> {
        self.kid
            .and_then(Value::as_str)
            .map(|kid| kid.to_cow().into_owned())
    }

    /// Applies RFC 7517/7518 to the members and imports the key. A member of the wrong
    /// JSON type is [`KeyError::InvalidEncoding`].
    pub(crate) fn to_key(&self) -> Result<PublicKey, KeyError> {
        let kty = optional_string(self.kty)?;
        let kid = optional_string(self.kid)?;
        let use_ = optional_string(self.use_)?;
        let alg = optional_string(self.alg)?;
        let key_ops = match self.key_ops {
            None => None,
            Some(ops) => Some(ops.string_elements().ok_or(KeyError::InvalidEncoding)?),
        };
        let n = optional_string(self.n)?;
        let e = optional_string(self.e)?;
        if !kty.is_some_and(|k| k.eq_str("RSA")) {
            return Err(KeyError::UnsupportedKeyType);
        }
        if use_.is_some_and(|u| !u.eq_str("sig")) {
            return Err(KeyError::NotForSignatures);
        }
        if let Some(mut ops) = key_ops {
            if !ops.any(|op| op.eq_str("verify")) {
                return Err(KeyError::NotForSignatures);
            }
        }
        let param = |p: Option<JsonStr<'_>>, missing: KeyError| {
            let text = p.ok_or(missing)?.to_cow();
            base64url::decode_param(&text).ok_or(KeyError::InvalidEncoding)
        };
        let n = param(n, KeyError::InvalidModulus)?;
        let e = param(e, KeyError::InvalidExponent)?;
        let algorithm = match alg {
            None => KeyAlgorithm::Any,
            Some(alg) => alg
                .to_cow()
                .parse::<Algorithm>()
                .map_or(KeyAlgorithm::Other, KeyAlgorithm::Only),
        };
        Ok(PublicKey {
            kid: kid.map(|k| k.to_cow().into_owned()),
            algorithm,
            material: Material::new(Kind::Rsa(RsaKey::from_be_bytes(&n, &e)?)),
        })
    }
}

impl PublicKey {
    /// From the big-endian modulus `n` and public exponent `e` (leading zeros allowed).
    pub fn from_rsa_components(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            kid: None,
            algorithm: KeyAlgorithm::Any,
            material: Material::new(Kind::Rsa(RsaKey::from_be_bytes(n, e)?)),
        })
    }

    /// From a DER `SubjectPublicKeyInfo` (the body of `-----BEGIN PUBLIC KEY-----`).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki =
            spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyError::InvalidEncoding)?;
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(KeyError::UnsupportedKeyType);
        }
        let rsa_public_key = spki
            .subject_public_key
            .as_bytes()
            .ok_or(KeyError::InvalidEncoding)?;
        let (n, e) = parse_pkcs1_public_key(rsa_public_key).ok_or(KeyError::InvalidEncoding)?;
        Self::from_rsa_components(n, e)
    }

    /// From PEM text `-----BEGIN PUBLIC KEY-----` (SubjectPublicKeyInfo).
    pub fn from_spki_pem(pem: &str) -> Result<Self, KeyError> {
        let (label, der) =
            spki::der::pem::decode_vec(pem.as_bytes()).map_err(|_| KeyError::InvalidEncoding)?;
        if label != "PUBLIC KEY" {
            return Err(KeyError::InvalidEncoding);
        }
        Self::from_spki_der(&der)
    }

    /// From one JWK (RFC 7517) as JSON text, with its `kid`, `use`, `key_ops` and `alg`.
    ///
    /// Members are found by their decoded names; a member of the wrong JSON type, or a
    /// document that is not one strict JSON object, is [`KeyError::InvalidEncoding`].
    pub fn from_jwk(json_text: &str) -> Result<Self, KeyError> {
        let mut jwk = None;
        json::validate(json_text, KEY_DOCUMENT_DEPTH).map_err(|_| KeyError::InvalidEncoding)?;
        if let Some(value) = json::document_value(json_text) {
            jwk = JwkFields::read(value);
        }
        jwk.ok_or(KeyError::InvalidEncoding)?.to_key()
    }

    /// The same key, named `kid` (what tokens put in their header to choose it).
    #[must_use]
    pub fn with_kid(mut self, kid: &str) -> Self {
        self.kid = Some(String::from(kid));
        self
    }

    /// The same key, restricted to one algorithm (like a JWK `alg` member).
    #[must_use]
    pub fn with_algorithm(mut self, alg: Algorithm) -> Self {
        self.algorithm = KeyAlgorithm::Only(alg);
        self
    }

    /// The key id, if the key has one.
    pub fn kid(&self) -> Option<&str> {
        self.kid.as_deref()
    }

    /// The algorithm this key is restricted to, if any (`None` for "any allowed").
    pub fn algorithm(&self) -> Option<Algorithm> {
        match self.algorithm {
            KeyAlgorithm::Only(alg) => Some(alg),
            _ => None,
        }
    }

    pub(crate) fn key_algorithm(&self) -> KeyAlgorithm {
        self.algorithm
    }

    /// The key's public material, to import into host crypto.
    pub fn material(&self) -> KeyMaterial<'_> {
        match &self.material.kind {
            Kind::Rsa(rsa) => KeyMaterial::Rsa {
                n: rsa.modulus(),
                e: rsa.exponent(),
            },
        }
    }

    /// The key's size in bits: an RSA key's modulus size.
    pub fn bits(&self) -> u32 {
        match &self.material.kind {
            Kind::Rsa(rsa) => rsa.modulus_bits(),
        }
    }

    /// Checks a signature over raw bytes with the core's own arithmetic: the signature
    /// layer alone, without any JWT rules. Most callers want
    /// [`Policy::verify`](crate::Policy::verify).
    ///
    /// `alg` must suit the key (an RSA key takes RS256, RS384 or RS512) and the signature
    /// must have the exact length the key makes (an RSA key's modulus length); anything
    /// else is [`Error::BadSignature`].
    pub fn verify_signature(
        &self,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        let valid = match &self.material.kind {
            Kind::Rsa(rsa) => rsa.verify(alg, message, signature),
        };
        if valid {
            Ok(())
        } else {
            Err(Error::BadSignature)
        }
    }

    /// The exact length, in bytes, of every signature this key makes (an RSA key's
    /// modulus length): a JWS signature of any other length is refused before any
    /// arithmetic.
    pub fn signature_len(&self) -> usize {
        match &self.material.kind {
            Kind::Rsa(rsa) => rsa.modulus_len(),
        }
    }

    /// Whether the key is of the kind `alg` signs with (RS* only RSA keys, and so on),
    /// and big enough for the policy.
    pub(crate) fn suits(&self, alg: Algorithm, min_rsa_bits: u32) -> Result<(), KeyError> {
        let _ = alg; // every supported algorithm is RSA today
        match &self.material.kind {
            Kind::Rsa(rsa) if rsa.modulus_bits() < min_rsa_bits => Err(KeyError::ModulusTooSmall),
            Kind::Rsa(_) => Ok(()),
        }
    }

    /// An identity unique in the process, shared by clones of this key (and by the same
    /// key renamed with [`with_kid`](Self::with_kid)): what host crypto caches of imported
    /// keys look keys up by, instead of comparing key material.
    ///
    /// ```
    /// # let jwk = r#"{"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
    /// let key = edgejwt_core::PublicKey::from_jwk(jwk)?;
    /// let again = edgejwt_core::PublicKey::from_jwk(jwk)?;
    /// assert_eq!(key.clone().with_kid("k2").id(), key.id());
    /// assert_ne!(again.id(), key.id()); // imported twice: two identities
    /// # Ok::<(), edgejwt_core::KeyError>(())
    /// ```
    pub fn id(&self) -> usize {
        self.material.id
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
fn parse_pkcs1_public_key(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut reader = SliceReader::new(der).ok()?;
    let (n, e) = reader
        .sequence(|seq: &mut SliceReader<'_>| {
            let n = UintRef::decode(seq)?;
            let e = UintRef::decode(seq)?;
            Ok::<_, spki::der::Error>((n, e))
        })
        .ok()?;
    reader.finish().ok()?;
    Some((n.as_bytes(), e.as_bytes()))
}
