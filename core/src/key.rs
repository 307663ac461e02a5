//! One verification key (RSA, EC or Ed25519): imported once (JWK, RSA components, SPKI
//! DER or PEM), kept parsed.

use alloc::string::String;
use alloc::sync::Arc;
use core::fmt;

use spki::der::asn1::UintRef;
use spki::der::{Decode, Reader, SliceReader};
use spki::ObjectIdentifier;

use crate::algorithm::KeyKind;
#[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
use crate::ec_key::EcKey;
#[cfg(feature = "eddsa")]
use crate::ed25519_key::Ed25519Key;
use crate::json::{self, JsonStr, Value};
use crate::rsa_key::RsaKey;
use crate::{base64url, Algorithm, Curve, Error};

/// Why a key cannot be used for verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyError {
    /// A key type or curve the core does not verify with (`oct`, `OKP` with Ed448 or
    /// X25519, EC `secp256k1`, unknown or miscased names, or a kind whose cargo feature is
    /// off): skipped in a key set.
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
    /// The key is known to be weak: an RSA modulus made by the ROCA-vulnerable Infineon
    /// generator, or an Ed25519 key of small order.
    WeakKey,
    /// An EC or Ed25519 public point is not on its curve (or is the identity): the
    /// invalid-curve attack.
    InvalidCurvePoint,
    /// The JWK says it is not for verifying signatures (`use` is not `sig`, or `key_ops`
    /// lacks `verify`).
    NotForSignatures,
}

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyError::UnsupportedKeyType => "a key type or curve edgejwt does not verify with",
            KeyError::InvalidEncoding => "the key could not be decoded",
            KeyError::InvalidModulus => "invalid RSA modulus",
            KeyError::InvalidExponent => {
                "invalid RSA public exponent (must be odd, > 1 and < 2^64)"
            }
            KeyError::ModulusTooSmall => "RSA modulus smaller than 1024 bits",
            KeyError::ModulusTooLarge => "RSA modulus larger than 8192 bits",
            KeyError::WeakKey => "the key is known to be weak (ROCA modulus, small-order point)",
            KeyError::InvalidCurvePoint => "the public point is not on its curve",
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

/// A public key ready to verify signatures (RSA, EC P-256/P-384/P-521 or Ed25519),
/// optionally named by a key id.
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
    /// The JWK said `"use": "sig"` (shown again to callers who see the JWK).
    declared_sig_use: bool,
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
    #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
    Ec(EcKey),
    #[cfg(feature = "eddsa")]
    Ed25519(Ed25519Key),
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
    /// An EC key: its curve and its point in SEC1 uncompressed form, `04 || x || y`
    /// (each coordinate [`Curve::coordinate_len`] bytes).
    Ec {
        /// The curve.
        curve: Curve,
        /// `04 || x || y`.
        point: &'a [u8],
    },
    /// An Ed25519 key: its 32-byte encoding (RFC 8032), the JWK's `x`.
    Ed25519 {
        /// The public key bytes.
        x: &'a [u8; 32],
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
    crv: Option<Value<'a>>,
    x: Option<Value<'a>>,
    y: Option<Value<'a>>,
}

/// Depth allowed in JWK/JWKS documents (`{"keys":[{"x5c":[..]}]}` is 3).
pub(crate) const KEY_DOCUMENT_DEPTH: usize = 16;

const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-ecPublicKey (RFC 5480), with the named curve as its parameter.
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
/// id-Ed25519 (RFC 8410): no parameters.
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");

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
            } else if (HAS_EC || HAS_ED25519) && name.eq_str("crv") {
                &mut fields.crv
            } else if (HAS_EC || HAS_ED25519) && name.eq_str("x") {
                &mut fields.x
            } else if HAS_EC && name.eq_str("y") {
                &mut fields.y
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

    /// Applies RFC 7517/7518/8037 to the members and imports the key. A member of the
    /// wrong JSON type is [`KeyError::InvalidEncoding`].
    pub(crate) fn to_key(&self) -> Result<PublicKey, KeyError> {
        let kty = optional_string(self.kty)?;
        let kid = optional_string(self.kid)?;
        let use_ = optional_string(self.use_)?;
        let alg = optional_string(self.alg)?;
        let key_ops = match self.key_ops {
            None => None,
            Some(ops) => Some(ops.string_elements().ok_or(KeyError::InvalidEncoding)?),
        };
        let crv = optional_string(self.crv)?;
        let kty = kty.ok_or(KeyError::UnsupportedKeyType)?.to_cow();
        // The key type first: an unknown kind is skipped whatever else it says.
        let kind = match (&*kty, crv.map(|c| c.to_cow())) {
            ("RSA", _) => KeyType::Rsa,
            ("EC", Some(crv)) if HAS_EC => {
                KeyType::Ec(Curve::from_jwk_name(&crv).ok_or(KeyError::UnsupportedKeyType)?)
            }
            ("OKP", Some(crv)) if HAS_ED25519 && crv == "Ed25519" => KeyType::Ed25519,
            _ => return Err(KeyError::UnsupportedKeyType),
        };
        if use_.is_some_and(|u| !u.eq_str("sig")) {
            return Err(KeyError::NotForSignatures);
        }
        if let Some(mut ops) = key_ops {
            if !ops.any(|op| op.eq_str("verify")) {
                return Err(KeyError::NotForSignatures);
            }
        }
        let param = |p: Option<Value<'_>>, missing: KeyError| {
            let text = optional_string(p)?.ok_or(missing)?.to_cow();
            base64url::decode_param(&text).ok_or(KeyError::InvalidEncoding)
        };
        let kind = match kind {
            KeyType::Rsa => {
                let n = param(self.n, KeyError::InvalidModulus)?;
                let e = param(self.e, KeyError::InvalidExponent)?;
                Kind::Rsa(RsaKey::from_be_bytes(&n, &e)?)
            }
            KeyType::Ec(curve) => {
                let x = param(self.x, KeyError::InvalidEncoding)?;
                let y = param(self.y, KeyError::InvalidEncoding)?;
                ec_kind(curve, |curve| EcKeyFrom::Coordinates(curve, &x, &y))?
            }
            KeyType::Ed25519 => {
                let x = param(self.x, KeyError::InvalidEncoding)?;
                ed25519_kind(&x)?
            }
        };
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
            declared_sig_use: use_.is_some(),
            material: Material::new(kind),
        })
    }
}

/// Whether this build verifies with EC keys (any of `es256`, `es384`, `es512`): when not,
/// EC keys are an unknown kind (skipped), and an RSA-only image carries none of their code.
const HAS_EC: bool = cfg!(any(feature = "es256", feature = "es384", feature = "es512"));
/// Whether this build verifies with Ed25519 keys (feature `eddsa`).
const HAS_ED25519: bool = cfg!(feature = "eddsa");

/// The key types a JWK or SubjectPublicKeyInfo can name that the core knows.
enum KeyType {
    Rsa,
    Ec(Curve),
    Ed25519,
}

/// Where an EC key's point comes from.
#[cfg_attr(
    not(any(feature = "es256", feature = "es384", feature = "es512")),
    allow(dead_code)
)]
enum EcKeyFrom<'b> {
    Coordinates(Curve, &'b [u8], &'b [u8]),
    Sec1(Curve, &'b [u8]),
}

/// An EC key, or [`KeyError::UnsupportedKeyType`] when no curve feature is on.
fn ec_kind<'b>(curve: Curve, from: impl FnOnce(Curve) -> EcKeyFrom<'b>) -> Result<Kind, KeyError> {
    #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
    {
        let key = match from(curve) {
            EcKeyFrom::Coordinates(curve, x, y) => EcKey::from_coordinates(curve, x, y)?,
            EcKeyFrom::Sec1(curve, sec1) => EcKey::from_sec1(curve, sec1)?,
        };
        Ok(Kind::Ec(key))
    }
    #[cfg(not(any(feature = "es256", feature = "es384", feature = "es512")))]
    {
        let _ = from(curve);
        Err(KeyError::UnsupportedKeyType)
    }
}

/// An Ed25519 key, or [`KeyError::UnsupportedKeyType`] when the `eddsa` feature is off.
fn ed25519_kind(bytes: &[u8]) -> Result<Kind, KeyError> {
    #[cfg(feature = "eddsa")]
    {
        Ok(Kind::Ed25519(Ed25519Key::from_bytes(bytes)?))
    }
    #[cfg(not(feature = "eddsa"))]
    {
        let _ = bytes;
        Err(KeyError::UnsupportedKeyType)
    }
}

impl PublicKey {
    /// From the big-endian modulus `n` and public exponent `e` (leading zeros allowed).
    pub fn from_rsa_components(n: &[u8], e: &[u8]) -> Result<Self, KeyError> {
        Ok(Self {
            kid: None,
            algorithm: KeyAlgorithm::Any,
            declared_sig_use: false,
            material: Material::new(Kind::Rsa(RsaKey::from_be_bytes(n, e)?)),
        })
    }

    /// From a DER `SubjectPublicKeyInfo` (the body of `-----BEGIN PUBLIC KEY-----`):
    /// RSA, EC on P-256/P-384/P-521 (RFC 5480), or Ed25519 (RFC 8410).
    pub fn from_spki_der(der: &[u8]) -> Result<Self, KeyError> {
        let spki =
            spki::SubjectPublicKeyInfoRef::from_der(der).map_err(|_| KeyError::InvalidEncoding)?;
        let key_bytes = spki
            .subject_public_key
            .as_bytes()
            .ok_or(KeyError::InvalidEncoding)?;
        let oid = spki.algorithm.oid;
        let kind = if oid == RSA_ENCRYPTION {
            let (n, e) = parse_pkcs1_public_key(key_bytes).ok_or(KeyError::InvalidEncoding)?;
            return Self::from_rsa_components(n, e);
        } else if HAS_EC && oid == EC_PUBLIC_KEY {
            let named = spki
                .algorithm
                .parameters_oid()
                .map_err(|_| KeyError::InvalidEncoding)?;
            let curve = match named {
                c if c == SECP256R1 => Curve::P256,
                c if c == SECP384R1 => Curve::P384,
                c if c == SECP521R1 => Curve::P521,
                _ => return Err(KeyError::UnsupportedKeyType),
            };
            ec_kind(curve, |curve| EcKeyFrom::Sec1(curve, key_bytes))?
        } else if HAS_ED25519 && oid == ED25519 {
            // RFC 8410 3: the parameters MUST be absent.
            if spki.algorithm.parameters.is_some() {
                return Err(KeyError::InvalidEncoding);
            }
            ed25519_kind(key_bytes)?
        } else {
            return Err(KeyError::UnsupportedKeyType);
        };
        Ok(Self {
            kid: None,
            algorithm: KeyAlgorithm::Any,
            declared_sig_use: false,
            material: Material::new(kind),
        })
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

    /// Whether the key's JWK declared `"use": "sig"` (a usable key declares that or no
    /// `use` at all), so a host can show the JWK as the issuer wrote it.
    pub fn declares_signature_use(&self) -> bool {
        self.declared_sig_use
    }

    /// The same key, marked as declared for signatures (keys that come without a JWK,
    /// such as ALB's PEM keys, which are for signatures by definition).
    pub(crate) fn declaring_signature_use(mut self) -> Self {
        self.declared_sig_use = true;
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
            #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
            Kind::Ec(ec) => KeyMaterial::Ec {
                curve: ec.curve(),
                point: ec.point(),
            },
            #[cfg(feature = "eddsa")]
            Kind::Ed25519(ed) => KeyMaterial::Ed25519 { x: ed.bytes() },
        }
    }

    /// The key's size in bits: an RSA key's modulus size, a curve's field size (256,
    /// 384, 521; 255 for Ed25519).
    pub fn bits(&self) -> u32 {
        match &self.material.kind {
            Kind::Rsa(rsa) => rsa.modulus_bits(),
            #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
            Kind::Ec(ec) => match ec.curve() {
                Curve::P256 => 256,
                Curve::P384 => 384,
                Curve::P521 => 521,
            },
            #[cfg(feature = "eddsa")]
            Kind::Ed25519(_) => 255,
        }
    }

    /// The kind of key, which binds it to algorithms.
    pub(crate) fn kind(&self) -> KeyKind {
        match &self.material.kind {
            Kind::Rsa(_) => KeyKind::Rsa,
            #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
            Kind::Ec(ec) => ec.curve().key_kind(),
            #[cfg(feature = "eddsa")]
            Kind::Ed25519(_) => KeyKind::Ed25519,
        }
    }

    /// Checks a signature over raw bytes with the core's own arithmetic: the signature
    /// layer alone, without any JWT rules. Most callers want
    /// [`Policy::verify`](crate::Policy::verify).
    ///
    /// `alg` must suit the key (an RSA key takes RS* and PS*, a P-256 key ES256, a P-384
    /// key ES384, a P-521 key ES512, an Ed25519 key EdDSA and Ed25519) and the signature
    /// must have the exact length the key makes; anything else is [`Error::BadSignature`].
    pub fn verify_signature(
        &self,
        alg: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Error> {
        // Never a check with the wrong primitive: the algorithm must name this kind.
        let valid = alg.key_kind() == self.kind()
            && alg.is_supported()
            && match &self.material.kind {
                Kind::Rsa(rsa) => rsa.verify(alg, message, signature),
                #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
                Kind::Ec(ec) => ec.verify(alg, message, signature),
                #[cfg(feature = "eddsa")]
                Kind::Ed25519(ed) => ed.verify(message, signature),
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
            #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
            Kind::Ec(ec) => ec.signature_len(),
            #[cfg(feature = "eddsa")]
            Kind::Ed25519(_) => crate::ed25519_key::SIGNATURE_LEN,
        }
    }

    /// Key policy for `alg`: the key must be of the kind `alg` verifies with (RS*/PS* an
    /// RSA key of at least `min_rsa_bits`, ES256 a P-256 key, ...). `Err(None)`: the wrong
    /// kind of key; `Err(Some(why))`: the right kind, refused.
    pub(crate) fn suits(&self, alg: Algorithm, min_rsa_bits: u32) -> Result<(), Option<KeyError>> {
        if alg.key_kind() != self.kind() {
            return Err(None);
        }
        match &self.material.kind {
            Kind::Rsa(rsa) if rsa.modulus_bits() < min_rsa_bits => {
                Err(Some(KeyError::ModulusTooSmall))
            }
            _ => Ok(()),
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
