//! The RSA step through the host's WebCrypto (`crypto.subtle`, RSASSA-PKCS1-v1_5): native
//! speed in Node, browsers and Workers. Imported `CryptoKey`s are kept per key and hash.

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

/// Keys imported into WebCrypto, looked up by key identity and algorithm.
#[derive(Default)]
pub(crate) struct KeyCache {
    keys: RefCell<Vec<Imported>>,
}

const MAX_CACHED_KEYS: usize = 64;

fn subtle() -> Option<JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into()).ok()?;
    (!subtle.is_undefined()).then_some(subtle)
}

fn algorithm_object(alg: Algorithm) -> Object {
    let object = Object::new();
    set(&object, "name", &"RSASSA-PKCS1-v1_5".into());
    let hash = match alg {
        Algorithm::RS256 => "SHA-256",
        Algorithm::RS384 => "SHA-384",
        Algorithm::RS512 => "SHA-512",
    };
    set(&object, "hash", &hash.into());
    object
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
        set(&jwk, "alg", &alg.name().into());
        set(&jwk, "ext", &true.into());
        let usages = Array::of1(&"verify".into());
        let args = Array::of5(
            &"jwk".into(),
            &jwk,
            &algorithm_object(alg),
            &false.into(),
            &usages,
        );
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
        let subtle = subtle()?;
        let key = self.key_for(&subtle, check).await.ok()?;
        let args = Array::of4(
            &algorithm_object(check.header().alg()),
            &key,
            &Uint8Array::from(check.signature()),
            &Uint8Array::from(check.message()),
        );
        call(&subtle, "verify", &args).await.ok()?.as_bool()
    }
}
