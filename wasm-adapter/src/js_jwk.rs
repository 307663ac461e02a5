//! The RSA public key as a JWK object, the form both host crypto APIs import
//! (`crypto.subtle.importKey("jwk", ..)` and `createPublicKey({ format: "jwk" })`).

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// Sets a property on a plain object we made ourselves.
pub(crate) fn set(target: &Object, name: &str, value: &JsValue) {
    // Setting a property on a fresh plain object cannot fail.
    let _ = Reflect::set(target, &name.into(), value);
}

/// `{ kty: "RSA", n, e }` with `n` and `e` in unpadded base64url.
pub(crate) fn rsa_jwk(modulus: &[u8], exponent: &[u8]) -> Object {
    use base64ct::{Base64UrlUnpadded, Encoding};
    let jwk = Object::new();
    set(&jwk, "kty", &"RSA".into());
    set(&jwk, "n", &Base64UrlUnpadded::encode_string(modulus).into());
    set(
        &jwk,
        "e",
        &Base64UrlUnpadded::encode_string(exponent).into(),
    );
    jwk
}
