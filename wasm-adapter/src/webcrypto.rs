//! The signature step through the host's WebCrypto (`crypto.subtle`: RSASSA-PKCS1-v1_5,
//! RSA-PSS, ECDSA, Ed25519): native speed in Node, browsers and Workers. Imported `CryptoKey`s are kept per key and hash.

use std::cell::RefCell;

use edgejwt_core::{Algorithm, SignatureCheck};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::js_jwk::{public_jwk, set};

/// One imported key: which key (its `PublicKey::id`) and hash it is for, the host's
/// `CryptoKey`, and the algorithm object `verify` takes with it (made once).
struct Imported {
    id: usize,
    alg: Algorithm,
    key: JsValue,
    verify_as: JsValue,
}

/// The host's `crypto.subtle` as found at `create()`, and the keys imported into it,
/// looked up by key identity and algorithm.
pub(crate) struct KeyCache {
    /// Found once, as `node:crypto` is: a verifier keeps the path it was created with.
    subtle: Option<JsValue>,
    keys: RefCell<Vec<Imported>>,
}

const MAX_CACHED_KEYS: usize = 64;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `crypto.subtle`.
    type Subtle;

    /// `subtle.verify(algorithm, key, signature, data)`: a promise of a boolean.
    #[wasm_bindgen(method, catch)]
    fn verify(
        this: &Subtle,
        algorithm: &JsValue,
        key: &JsValue,
        signature: &Uint8Array,
        data: &Uint8Array,
    ) -> Result<JsValue, JsValue>;
}

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
    /// The imported `CryptoKey` for the check's key and algorithm, with its `verify`
    /// algorithm object; `None` before the first import.
    fn imported(&self, check: &SignatureCheck<'_>) -> Option<(JsValue, JsValue)> {
        let (alg, id) = (check.header().alg(), check.key().id());
        self.keys.borrow().iter().find_map(|k| {
            (k.id == id && k.alg == alg).then(|| (k.key.clone(), k.verify_as.clone()))
        })
    }

    async fn key_for(
        &self,
        subtle: &JsValue,
        check: &SignatureCheck<'_>,
    ) -> Result<(JsValue, JsValue), JsValue> {
        if let Some(found) = self.imported(check) {
            return Ok(found);
        }
        let (alg, id) = (check.header().alg(), check.key().id());
        let verify_as: JsValue = algorithm_object(alg, false)
            .ok_or(JsValue::UNDEFINED)?
            .into();
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
            verify_as: verify_as.clone(),
        });
        Ok((key, verify_as))
    }

    /// `subtle.verify`'s answer for the check, as a promise; `None` when WebCrypto is
    /// missing or the call throws.
    fn start_verify(
        &self,
        key: &JsValue,
        verify_as: &JsValue,
        check: &SignatureCheck<'_>,
    ) -> Option<Promise> {
        let subtle: &Subtle = self.subtle.as_ref()?.unchecked_ref();
        // Copies, not views of wasm memory: the host reads them after this call returns.
        let signature = Uint8Array::from(check.signature());
        let message = Uint8Array::from(check.message());
        let answer = subtle.verify(verify_as, key, &signature, &message).ok()?;
        // Adopted, not cast: a promise of another realm (a polyfill's, Jest's) fails an
        // `instanceof` check in ours.
        Some(Promise::resolve(&answer))
    }

    /// `subtle.verify`'s promise when the check's key is already imported (the common
    /// case, synchronous up to the host's answer); `None` otherwise.
    pub(crate) fn verify_imported(&self, check: &SignatureCheck<'_>) -> Option<Promise> {
        let (key, verify_as) = self.imported(check)?;
        self.start_verify(&key, &verify_as, check)
    }

    /// WebCrypto's verdict on the check, importing its key first when needed; `None` when
    /// WebCrypto is missing or failed (the caller then uses the pure-wasm arithmetic).
    pub(crate) async fn verify(&self, check: &SignatureCheck<'_>) -> Option<bool> {
        let subtle = self.subtle.as_ref()?;
        let (key, verify_as) = self.key_for(subtle, check).await.ok()?;
        let pending = self.start_verify(&key, &verify_as, check)?;
        JsFuture::from(pending).await.ok()?.as_bool()
    }
}
