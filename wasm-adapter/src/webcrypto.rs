//! The signature step through the host's WebCrypto (`crypto.subtle`: RSASSA-PKCS1-v1_5,
//! RSA-PSS, ECDSA, Ed25519): native speed in Node, browsers and Workers. Imported `CryptoKey`s are kept per key and hash.

use std::cell::RefCell;

use edgejwt_core::{Algorithm, SignatureCheck};
use js_sys::{Array, Function, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

use crate::js_jwk::{public_jwk, set};

/// One imported key: which key (its `PublicKey::id`) and hash it is for, and the host's
/// `CryptoKey`.
struct Imported {
    id: usize,
    alg: Algorithm,
    key: JsValue,
}

/// The host's `crypto.subtle` as found at `create()`, and the keys imported into it,
/// looked up by key identity and algorithm.
pub(crate) struct KeyCache {
    /// Found once, as `node:crypto` is: a verifier keeps the path it was created with.
    subtle: Option<JsValue>,
    keys: RefCell<Vec<Imported>>,
}

const MAX_CACHED_KEYS: usize = 64;

fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    subtle.is_object().then_some(subtle)
}

impl KeyCache {
    /// The host's WebCrypto, if it has one (browsers outside secure contexts do not).
    pub(crate) fn detect() -> Self {
        Self {
            subtle: subtle(),
            keys: RefCell::new(Vec::new()),
        }
    }
}

/// The hash WebCrypto names for an RS, PS or ES algorithm.
fn hash_name(alg: Algorithm) -> Option<&'static str> {
    match alg {
        Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 => Some("SHA-256"),
        Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => Some("SHA-384"),
        Algorithm::RS512 | Algorithm::PS512 | Algorithm::ES512 => Some("SHA-512"),
        _ => None,
    }
}

/// WebCrypto's algorithm object for `importKey` (`for_import`) or for `verify`; `None`
/// for an algorithm WebCrypto is not asked about.
fn algorithm_object(alg: Algorithm, for_import: bool) -> Option<Object> {
    let object = Object::new();
    let (name, curve): (&str, Option<&str>) = match alg {
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => ("RSASSA-PKCS1-v1_5", None),
        #[cfg(feature = "pss")]
        Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => ("RSA-PSS", None),
        #[cfg(feature = "es256")]
        Algorithm::ES256 => ("ECDSA", Some("P-256")),
        #[cfg(feature = "es384")]
        Algorithm::ES384 => ("ECDSA", Some("P-384")),
        #[cfg(feature = "es512")]
        Algorithm::ES512 => ("ECDSA", Some("P-521")),
        #[cfg(feature = "eddsa")]
        Algorithm::EdDSA | Algorithm::Ed25519 => ("Ed25519", None),
        _ => return None,
    };
    set(&object, "name", &name.into());
    match (for_import, curve) {
        // ECDSA keys name their curve; the hash goes with each verification.
        (true, Some(curve)) => set(&object, "namedCurve", &curve.into()),
        (false, Some(_)) | (true, None) => {
            if let Some(hash) = hash_name(alg) {
                set(&object, "hash", &hash.into());
            }
        }
        (false, None) => {}
    }
    // RFC 7518 3.5: the salt is as long as the hash.
    if !for_import && name == "RSA-PSS" {
        let salt_len = match alg {
            Algorithm::PS256 => 32,
            Algorithm::PS384 => 48,
            _ => 64,
        };
        set(&object, "saltLength", &JsValue::from(salt_len));
    }
    Some(object)
}

async fn call(subtle: &JsValue, method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(subtle, &method.into())?.dyn_into()?;
    crate::host_fetch::settle(function.apply(subtle, args)?).await
}

impl KeyCache {
    async fn key_for(
        &self,
        subtle: &JsValue,
        check: &SignatureCheck<'_>,
    ) -> Result<JsValue, JsValue> {
        let alg = check.header().alg();
        let id = check.key().id();
        let found = self
            .keys
            .borrow()
            .iter()
            .find_map(|k| (k.id == id && k.alg == alg).then(|| k.key.clone()));
        if let Some(key) = found {
            return Ok(key);
        }
        let jwk = public_jwk(check.key()).ok_or(JsValue::UNDEFINED)?;
        // The JWK's `alg` binds the imported key to this algorithm (Ed25519 keys are
        // bound by the import algorithm alone: hosts differ on "EdDSA" vs "Ed25519").
        if hash_name(alg).is_some() {
            set(&jwk, "alg", &alg.name().into());
        }
        set(&jwk, "ext", &true.into());
        let usages = Array::of1(&"verify".into());
        let import_as = algorithm_object(alg, true).ok_or(JsValue::UNDEFINED)?;
        let args = Array::of5(&"jwk".into(), &jwk, &import_as, &false.into(), &usages);
        let key = call(subtle, "importKey", &args).await?;
        let mut keys = self.keys.borrow_mut();
        if keys.len() >= MAX_CACHED_KEYS {
            keys.remove(0);
        }
        keys.push(Imported {
            id,
            alg,
            key: key.clone(),
        });
        Ok(key)
    }

    /// WebCrypto's verdict on the check; `None` when WebCrypto is missing or failed
    /// (the caller then uses the pure-wasm arithmetic).
    pub(crate) async fn verify(&self, check: &SignatureCheck<'_>) -> Option<bool> {
        let subtle = self.subtle.as_ref()?;
        let key = self.key_for(subtle, check).await.ok()?;
        let args = Array::of4(
            &JsValue::from(algorithm_object(check.header().alg(), false)?),
            &key,
            &Uint8Array::from(check.signature()),
            &Uint8Array::from(check.message()),
        );
        call(subtle, "verify", &args).await.ok()?.as_bool()
    }
}
