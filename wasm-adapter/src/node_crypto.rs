//! The signature step through Node's own `node:crypto` (OpenSSL), synchronously: in Node,
//! WebCrypto's promise round trip costs more than the arithmetic itself, so this is the fast path
//! wherever `process.getBuiltinModule("node:crypto")` exists (Node 20.16+, 22.3+, Bun,
//! workerd with nodejs_compat). Elsewhere the engine uses WebCrypto or pure wasm.

use std::cell::RefCell;

use edgejwt_core::{Algorithm, PublicKey};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::js_jwk::{public_jwk, set};

#[wasm_bindgen]
extern "C" {
    /// The `node:crypto` module object.
    type CryptoModule;

    /// `crypto.verify(digest, data, key, signature)`. The byte slices reach JavaScript as
    /// views of wasm memory, not copies: `verify` is synchronous and keeps no reference.
    #[wasm_bindgen(method, catch, js_name = verify)]
    fn verify_bytes(
        this: &CryptoModule,
        digest: &JsValue,
        data: &[u8],
        key: &JsValue,
        signature: &[u8],
    ) -> Result<JsValue, JsValue>;
}

/// One imported key: which key it is (its `PublicKey::id`) and for which algorithm, and
/// the key argument for `crypto.verify` (`{ key, padding }`, `{ key, dsaEncoding }`, ...),
/// built once so a verification allocates no JS object.
struct Imported {
    id: usize,
    alg: Algorithm,
    verify_key: JsValue,
    /// The bare `KeyObject`: what workerd's `crypto.verify` takes (it throws
    /// `ERR_INVALID_ARG_TYPE` for `{ key, padding }`), used where its defaults are the
    /// scheme we need (RS*: PKCS#1 v1.5; EdDSA: no options).
    key_object: JsValue,
}

/// `node:crypto`'s `verify` and `createPublicKey`, and the keys imported so far.
pub(crate) struct NodeCrypto {
    crypto: CryptoModule,
    create_public_key: Function,
    /// "sha256", "sha384", "sha512" as JavaScript strings, made once.
    digests: [JsValue; 3],
    pkcs1_padding: JsValue,
    #[cfg(feature = "pss")]
    pss_padding: JsValue,
    /// `RSA_PSS_SALTLEN_DIGEST`: the salt as long as the hash (RFC 7518 3.5).
    #[cfg(feature = "pss")]
    pss_salt_digest: JsValue,
    keys: RefCell<Vec<Imported>>,
}

/// The JWK set's size limit in the core; more keys than this are never in use at once.
const MAX_CACHED_KEYS: usize = 64;

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

impl NodeCrypto {
    /// `node:crypto` when the host has it, found without `require` so the same package
    /// works as CommonJS and as an ES module.
    pub(crate) fn detect() -> Option<Self> {
        let process = get(&js_sys::global(), "process")?;
        let get_builtin: Function = get(&process, "getBuiltinModule")?.dyn_into().ok()?;
        let crypto = get_builtin.call1(&process, &"node:crypto".into()).ok()?;
        get(&crypto, "verify")?.dyn_into::<Function>().ok()?;
        let create_public_key = get(&crypto, "createPublicKey")?.dyn_into().ok()?;
        let constants = get(&crypto, "constants")?;
        Some(Self {
            crypto: crypto.unchecked_into(),
            create_public_key,
            digests: ["sha256", "sha384", "sha512"].map(JsValue::from_str),
            pkcs1_padding: get(&constants, "RSA_PKCS1_PADDING")?,
            #[cfg(feature = "pss")]
            pss_padding: get(&constants, "RSA_PKCS1_PSS_PADDING")?,
            #[cfg(feature = "pss")]
            pss_salt_digest: get(&constants, "RSA_PSS_SALTLEN_DIGEST")?,
            keys: RefCell::new(Vec::new()),
        })
    }

    /// The imported copy of `key` for `alg`, found by its identity (no key material
    /// compared).
    fn key_for(&self, alg: Algorithm, key: &PublicKey) -> Option<(JsValue, JsValue)> {
        let id = key.id();
        let found = self.keys.borrow().iter().find_map(|k| {
            (k.id == id && k.alg == alg).then(|| (k.verify_key.clone(), k.key_object.clone()))
        });
        if found.is_some() {
            return found;
        }
        let jwk = public_jwk(key)?;
        let source = Object::new();
        set(&source, "key", &jwk);
        set(&source, "format", &"jwk".into());
        let key_object = self.create_public_key.call1(&self.crypto, &source).ok()?;
        // The scheme named explicitly: the verdict must not depend on OpenSSL's defaults.
        let verify_key = Object::new();
        set(&verify_key, "key", &key_object);
        let key_object: JsValue = key_object;
        match alg {
            Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => {
                set(&verify_key, "padding", &self.pkcs1_padding);
            }
            #[cfg(feature = "pss")]
            Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => {
                set(&verify_key, "padding", &self.pss_padding);
                set(&verify_key, "saltLength", &self.pss_salt_digest);
            }
            // JWS ECDSA signatures are r || s, never DER.
            #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
            Algorithm::ES256 | Algorithm::ES384 | Algorithm::ES512 => {
                set(&verify_key, "dsaEncoding", &"ieee-p1363".into());
            }
            #[cfg(feature = "eddsa")]
            Algorithm::EdDSA | Algorithm::Ed25519 => {}
            _ => return None,
        }
        let verify_key = JsValue::from(verify_key);
        let mut keys = self.keys.borrow_mut();
        if keys.len() >= MAX_CACHED_KEYS {
            keys.remove(0);
        }
        keys.push(Imported {
            id,
            alg,
            verify_key: verify_key.clone(),
            key_object: key_object.clone(),
        });
        Some((verify_key, key_object))
    }

    /// Remembers that `crypto.verify` takes only the bare `KeyObject` for this key and
    /// algorithm (workerd), so later calls go straight to it.
    fn prefer_bare(&self, alg: Algorithm, id: usize) {
        if let Some(entry) = self
            .keys
            .borrow_mut()
            .iter_mut()
            .find(|k| k.id == id && k.alg == alg)
        {
            entry.verify_key = entry.key_object.clone();
        }
    }

    /// OpenSSL's verdict; `None` when the key cannot be imported or `verify` throws (the
    /// caller then uses another path).
    pub(crate) fn verify(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let id = key.id();
        let (verify_key, key_object) = self.key_for(alg, key)?;
        let [sha256, sha384, sha512] = &self.digests;
        let digest = match alg {
            Algorithm::RS256 | Algorithm::PS256 | Algorithm::ES256 => sha256,
            Algorithm::RS384 | Algorithm::PS384 | Algorithm::ES384 => sha384,
            Algorithm::RS512 | Algorithm::PS512 | Algorithm::ES512 => sha512,
            // Ed25519 hashes inside the scheme: no digest is named.
            _ => &JsValue::NULL,
        };
        match self
            .crypto
            .verify_bytes(digest, message, &verify_key, signature)
        {
            Ok(answer) => answer.as_bool(),
            // A host that refuses the options form (workerd): the bare KeyObject, only
            // where its defaults are the scheme the algorithm names. PS* and ES* need
            // their options, so they go to the next host path instead.
            Err(_) if bare_form_is_exact(alg) && verify_key != key_object => {
                let answer = self
                    .crypto
                    .verify_bytes(digest, message, &key_object, signature)
                    .ok()?
                    .as_bool()?;
                self.prefer_bare(alg, id);
                Some(answer)
            }
            Err(_) => None,
        }
    }
}

/// Whether `crypto.verify` with a bare `KeyObject` (no options) runs exactly the scheme
/// of `alg`: PKCS#1 v1.5 is the default padding for RSA keys, and Ed25519 takes no
/// options. PSS and ECDSA's `r || s` form must be asked for.
fn bare_form_is_exact(alg: Algorithm) -> bool {
    matches!(
        alg,
        Algorithm::RS256
            | Algorithm::RS384
            | Algorithm::RS512
            | Algorithm::EdDSA
            | Algorithm::Ed25519
    )
}
