//! The RSA step through Node's own `node:crypto` (OpenSSL), synchronously: in Node,
//! WebCrypto's promise round trip costs more than the RSA itself, so this is the fast path
//! wherever `process.getBuiltinModule("node:crypto")` exists (Node 20.16+, 22.3+, Bun,
//! workerd with nodejs_compat). Elsewhere the engine uses WebCrypto or pure wasm.

use std::cell::RefCell;

use edgejwt_core::Algorithm;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::js_jwk::{rsa_jwk, set};

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

/// One imported key: the RSA key it is, and the `{ key, padding }` argument for
/// `crypto.verify`, built once so a verification allocates no JS object for it.
struct Imported {
    modulus: Vec<u8>,
    exponent: Vec<u8>,
    verify_key: JsValue,
}

/// `node:crypto`'s `verify` and `createPublicKey`, and the keys imported so far.
pub(crate) struct NodeCrypto {
    crypto: CryptoModule,
    create_public_key: Function,
    /// "sha256", "sha384", "sha512" as JavaScript strings, made once.
    digests: [JsValue; 3],
    pkcs1_padding: JsValue,
    keys: RefCell<Vec<Imported>>,
}

/// The JWK set's size limit in the core; more keys than this are never in use at once.
const MAX_CACHED_KEYS: usize = 64;

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// Slice equality eight bytes at a time: `==` on slices is a byte-by-byte `memcmp` in
/// wasm, and the 256-byte modulus is compared on every verification.
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    // chunks_exact(8) yields 8-byte slices only, so the conversion never falls back.
    let word = |chunk: &[u8]| chunk.try_into().map(u64::from_ne_bytes).unwrap_or(0);
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    a.len() == b.len()
        && a_words.remainder() == b_words.remainder()
        && a_words.zip(b_words).all(|(x, y)| word(x) == word(y))
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
        let pkcs1_padding = get(&get(&crypto, "constants")?, "RSA_PKCS1_PADDING")?;
        Some(Self {
            crypto: crypto.unchecked_into(),
            create_public_key,
            digests: ["sha256", "sha384", "sha512"].map(JsValue::from_str),
            pkcs1_padding,
            keys: RefCell::new(Vec::new()),
        })
    }

    fn key_for(&self, modulus: &[u8], exponent: &[u8]) -> Option<JsValue> {
        let found = self.keys.borrow().iter().find_map(|k| {
            (same_bytes(&k.modulus, modulus) && k.exponent == exponent)
                .then(|| k.verify_key.clone())
        });
        if found.is_some() {
            return found;
        }
        let jwk = rsa_jwk(modulus, exponent);
        let source = Object::new();
        set(&source, "key", &jwk);
        set(&source, "format", &"jwk".into());
        let key_object = self.create_public_key.call1(&self.crypto, &source).ok()?;
        // PKCS#1 v1.5 named explicitly: the verdict must not depend on OpenSSL's default.
        let verify_key = Object::new();
        set(&verify_key, "key", &key_object);
        set(&verify_key, "padding", &self.pkcs1_padding);
        let verify_key = JsValue::from(verify_key);
        let mut keys = self.keys.borrow_mut();
        if keys.len() >= MAX_CACHED_KEYS {
            keys.remove(0);
        }
        keys.push(Imported {
            modulus: modulus.to_vec(),
            exponent: exponent.to_vec(),
            verify_key: verify_key.clone(),
        });
        Some(verify_key)
    }

    /// OpenSSL's RSASSA-PKCS1-v1_5 verdict; `None` when the key cannot be imported or
    /// `verify` throws (the caller then uses another path).
    pub(crate) fn verify(
        &self,
        alg: Algorithm,
        modulus: &[u8],
        exponent: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        let key = self.key_for(modulus, exponent)?;
        let [sha256, sha384, sha512] = &self.digests;
        let digest = match alg {
            Algorithm::RS256 => sha256,
            Algorithm::RS384 => sha384,
            Algorithm::RS512 => sha512,
        };
        self.crypto
            .verify_bytes(digest, message, &key, signature)
            .ok()?
            .as_bool()
    }
}

#[cfg(test)]
mod tests {
    use super::same_bytes;

    #[test]
    fn same_bytes_is_slice_equality() {
        let base: Vec<u8> = (0..=255u8).collect();
        for len in [0, 1, 7, 8, 9, 16, 255, 256] {
            let a = &base[..len];
            assert!(same_bytes(a, a));
            for flip in 0..len {
                let mut b = a.to_vec();
                b[flip] ^= 1;
                assert!(!same_bytes(a, &b), "len {len}, byte {flip}");
            }
            if len > 0 {
                assert!(!same_bytes(a, &base[..len - 1]));
            }
        }
    }
}
