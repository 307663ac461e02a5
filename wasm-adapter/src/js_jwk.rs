//! A public key as a JWK object, the form both host crypto APIs import
//! (`crypto.subtle.importKey("jwk", ..)` and `createPublicKey({ format: "jwk" })`).

use base64ct::{Base64UrlUnpadded, Encoding};
use edgejwt_core::{KeyMaterial, PublicKey};
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets a property on a plain object we made ourselves.
pub(crate) fn set(target: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &name.into(), value);
}

/// The key's public members as a JWK (`{ kty: "RSA", n, e }`, `{ kty: "EC", crv, x, y }`,
/// `{ kty: "OKP", crv: "Ed25519", x }`, base64url unpadded);
/// `None` for a kind of key the hosts are not given.
pub(crate) fn public_jwk(key: &PublicKey) -> Option<Object> {
    let jwk = Object::new();
    let text = |bytes: &[u8]| JsValue::from(Base64UrlUnpadded::encode_string(bytes));
    match key.material() {
        KeyMaterial::Rsa { n, e } => {
            set(&jwk, "kty", &"RSA".into());
            set(&jwk, "n", &text(n));
            set(&jwk, "e", &text(e));
        }
        #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
        KeyMaterial::Ec { curve, point } => {
            let len = curve.coordinate_len();
            let x = point.get(1..1 + len)?;
            let y = point.get(1 + len..)?;
            set(&jwk, "kty", &"EC".into());
            set(&jwk, "crv", &curve.name().into());
            set(&jwk, "x", &text(x));
            set(&jwk, "y", &text(y));
        }
        #[cfg(feature = "eddsa")]
        KeyMaterial::Ed25519 { x } => {
            set(&jwk, "kty", &"OKP".into());
            set(&jwk, "crv", &"Ed25519".into());
            set(&jwk, "x", &text(x));
        }
        #[allow(unreachable_patterns)]
        _ => return None,
    }
    Some(jwk)
}
