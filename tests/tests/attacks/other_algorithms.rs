//! ES256/384/512, EdDSA/Ed25519 and PS256/384/512: keys bound to their algorithm, the
//! JWS signature forms, and the known forgeries of each scheme.
use super::*;
use edgejwt_core::{KeyError, PublicKey, Reason};
use edgejwt_testkit::OtherKey;

/// A policy allowing every algorithm, over Cognito access tokens.
fn every_algorithm() -> Policy {
    Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&Algorithm::ALL)
        .build()
        .unwrap()
}

/// The error `every_algorithm()` gives `token` against `keys`.
fn refused(token: &str, keys: &KeySet) -> Error {
    every_algorithm().verify(token, keys, NOW).unwrap_err()
}

fn set(jwks_members: &[Value]) -> KeySet {
    KeySet::from_jwks(&jwks(jwks_members)).unwrap()
}

fn p256() -> OtherKey {
    OtherKey::p256("edgejwt test p256 a")
}

fn ed25519() -> OtherKey {
    OtherKey::ed25519("edgejwt test ed25519 a")
}

/// Replaces the signature segment of `token`.
fn with_signature(token: &str, signature: &[u8]) -> String {
    let (input, _) = token.rsplit_once('.').unwrap();
    format!("{input}.{}", b64(signature))
}

#[test]
fn every_algorithm_verifies_end_to_end_with_its_own_key() {
    let policy = every_algorithm();
    let keys = [
        OtherKey::p256("e2e p256"),
        OtherKey::p384("e2e p384"),
        OtherKey::p521("e2e p521"),
        OtherKey::ed25519("e2e ed25519"),
    ];
    for key in &keys {
        let set = set(&[key.jwk("k1", json!({}))]);
        let token = key.token("k1", &access_claims());
        let verified = policy.verify(&token, &set, NOW).unwrap();
        assert_eq!(verified.header().alg().name(), key.alg());
        // The same key from its SubjectPublicKeyInfo, DER and PEM.
        for from_spki in [
            PublicKey::from_spki_der(&key.spki_der()).unwrap(),
            PublicKey::from_spki_pem(&key.spki_pem()).unwrap(),
        ] {
            let mut spki_set = KeySet::new();
            spki_set.insert(from_spki.with_kid("k1")).unwrap();
            assert!(
                policy.verify(&token, &spki_set, NOW).is_ok(),
                "{}",
                key.alg()
            );
        }
    }
    for alg in ["PS256", "PS384", "PS512"] {
        let header = format!(r#"{{"alg":"{alg}","kid":"k1"}}"#);
        let token = TestKey::a().sign_text(alg, &header, &access_claims().to_string());
        let set = set(&[TestKey::a().jwk("k1", json!({"alg": alg}))]);
        assert!(policy.verify(&token, &set, NOW).is_ok(), "{alg}");
    }
}

#[test]
fn eddsa_and_ed25519_are_the_same_check_but_each_must_be_allowed() {
    let key = ed25519();
    let set = set(&[key.jwk("k1", json!({"alg": null}))]);
    let policy = every_algorithm();
    for alg in ["EdDSA", "Ed25519"] {
        assert!(policy
            .verify(&key.token_as(alg, "k1", &access_claims()), &set, NOW)
            .is_ok());
    }
    let only_eddsa = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&[Algorithm::EdDSA])
        .build()
        .unwrap();
    let fully_specified = key.token_as("Ed25519", "k1", &access_claims());
    assert_eq!(
        only_eddsa.verify(&fully_specified, &set, NOW).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn the_default_policy_still_allows_rs256_only() {
    let key = p256();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    assert_eq!(
        access_policy().verify(&token, &set, NOW).unwrap_err(),
        Error::UnsupportedAlgorithm
    );
}

#[test]
fn es256_token_against_an_rsa_key_is_key_rejected() {
    // The attacker signs ES256 with their own key but names the issuer's RSA key.
    let token = p256().token("k1", &access_claims());
    let policy = every_algorithm();
    assert_eq!(
        policy.verify(&token, &keyset_a(), NOW).unwrap_err(),
        Error::KeyRejected
    );
    assert_eq!(
        policy.reason(&token, &keyset_a(), Error::KeyRejected),
        Reason::KeyAlgorithmMismatch
    );
}

#[test]
fn rs256_token_against_an_ec_key_is_key_rejected() {
    let set = set(&[p256().jwk("k1", json!({"alg": null}))]);
    let token = signed_claims(&access_claims());
    assert_eq!(refused(&token, &set), Error::KeyRejected);
}

#[test]
fn es384_token_against_a_p256_key_is_key_rejected() {
    // The header's curve must be the key's: ES384 is only ever checked with a P-384 key.
    let key = p256();
    let set = set(&[key.jwk("k1", json!({"alg": null}))]);
    let token = key.token_as("ES384", "k1", &access_claims());
    assert_eq!(refused(&token, &set), Error::KeyRejected);
}

#[test]
fn eddsa_token_against_an_ec_key_and_es256_against_an_ed25519_key_are_key_rejected() {
    let policy = every_algorithm();
    let ec_set = set(&[p256().jwk("k1", json!({"alg": null}))]);
    let ed_set = set(&[ed25519().jwk("k1", json!({"alg": null}))]);
    let eddsa = ed25519().token("k1", &access_claims());
    let es256 = p256().token("k1", &access_claims());
    assert_eq!(
        policy.verify(&eddsa, &ec_set, NOW).unwrap_err(),
        Error::KeyRejected
    );
    assert_eq!(
        policy.verify(&es256, &ed_set, NOW).unwrap_err(),
        Error::KeyRejected
    );
}

#[test]
fn ps256_token_against_a_jwk_restricted_to_rs256_is_key_rejected() {
    let header = r#"{"alg":"PS256","kid":"k1"}"#;
    let token = TestKey::a().sign_text("PS256", header, &access_claims().to_string());
    // TestKey's JWK says alg RS256.
    assert_eq!(refused(&token, &keyset_a()), Error::KeyRejected);
}

#[test]
fn es256_with_a_der_signature_is_bad_signature() {
    let key = p256();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    let (input, _) = token.rsplit_once('.').unwrap();
    let der = key.sign_der(input.as_bytes());
    assert_eq!(
        refused(&with_signature(&token, &der), &set),
        Error::BadSignature
    );
}

#[test]
fn ecdsa_r_or_s_of_zero_is_bad_signature_psychic_signatures() {
    // CVE-2022-21449: r = s = 0 "verified" in Java 15-18 for any message and key.
    let key = p256();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    let (_, sig) = split_sig(&token);
    let mut r_zero = sig.clone();
    r_zero[..32].fill(0);
    let mut s_zero = sig.clone();
    s_zero[32..].fill(0);
    for forged in [vec![0u8; 64], r_zero, s_zero] {
        assert_eq!(
            refused(&with_signature(&token, &forged), &set),
            Error::BadSignature
        );
    }
}

#[test]
fn ecdsa_r_or_s_at_or_above_the_group_order_is_bad_signature() {
    // n of P-256; r + n or s + n would be the same value mod n (a malleability vector).
    let n =
        hex::decode("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551").unwrap();
    let key = p256();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    let (_, sig) = split_sig(&token);
    for (range, value) in [
        (0..32, n.clone()),
        (32..64, n.clone()),
        (0..32, vec![0xFF; 32]),
        (32..64, vec![0xFF; 32]),
    ] {
        let mut forged = sig.clone();
        forged[range].copy_from_slice(&value);
        assert_eq!(
            refused(&with_signature(&token, &forged), &set),
            Error::BadSignature
        );
    }
}

#[test]
fn ecdsa_signature_one_byte_short_or_long_is_bad_signature() {
    let key = p256();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    let (_, sig) = split_sig(&token);
    let mut long = sig.clone();
    long.push(0);
    for forged in [&sig[..63], &long[..]] {
        assert_eq!(
            refused(&with_signature(&token, forged), &set),
            Error::BadSignature
        );
    }
}

#[test]
fn ec_jwk_whose_point_is_not_on_the_curve_is_refused_invalid_curve_attack() {
    let jwk = p256().jwk("k1", json!({}));
    let mut y = common::unb64(jwk["y"].as_str().unwrap());
    y[31] ^= 1;
    let off_curve = edgejwt_testkit::merge(jwk, json!({"y": b64(&y)}));
    assert_eq!(
        PublicKey::from_jwk(&off_curve.to_string()).unwrap_err(),
        KeyError::InvalidCurvePoint
    );
    // In a set: skipped, and a token naming it is key_rejected, never verified.
    let set = set(&[off_curve]);
    let token = p256().token("k1", &access_claims());
    assert_eq!(refused(&token, &set), Error::KeyRejected);
    // The point at infinity is no key either (SEC1 encodes it as a single zero byte).
    assert!(PublicKey::from_spki_der(&[
        0x30, 0x19, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08,
        0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x02, 0x00, 0x00
    ])
    .is_err());
}

#[test]
fn ec_coordinates_one_byte_short_or_long_are_refused() {
    let jwk = p256().jwk("k1", json!({}));
    let x = common::unb64(jwk["x"].as_str().unwrap());
    let mut long = vec![0u8];
    long.extend_from_slice(&x);
    for bad_x in [&x[1..], &long[..]] {
        let bad = edgejwt_testkit::merge(jwk.clone(), json!({"x": b64(bad_x)}));
        assert_eq!(
            PublicKey::from_jwk(&bad.to_string()).unwrap_err(),
            KeyError::InvalidEncoding
        );
    }
}

#[test]
fn jwk_crv_not_matching_the_header_algorithm_is_key_rejected() {
    // A P-384 key published with alg ES256 (or a P-256 key with crv P-384 coordinates).
    let p384 = OtherKey::p384("crv mismatch");
    let mislabelled = p384.jwk("k1", json!({"alg": "ES256"}));
    let token = p384.token_as("ES256", "k1", &access_claims());
    assert_eq!(refused(&token, &set(&[mislabelled])), Error::KeyRejected);
    let wrong_crv = p256().jwk("k1", json!({"crv": "P-384"}));
    assert_eq!(
        PublicKey::from_jwk(&wrong_crv.to_string()).unwrap_err(),
        KeyError::InvalidEncoding
    );
}

#[test]
fn ed25519_key_of_small_order_is_refused() {
    // The identity point (y = 1): with it, R = identity and S = 0 "verify" any message.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let weak = json!({"kty": "OKP", "crv": "Ed25519", "kid": "k1", "x": b64(identity)});
    assert_eq!(
        PublicKey::from_jwk(&weak.to_string()).unwrap_err(),
        KeyError::WeakKey
    );
    let header = r#"{"alg":"EdDSA","kid":"k1"}"#;
    let input = format!("{}.{}", b64(header), b64(access_claims().to_string()));
    let mut forged = identity.to_vec();
    forged.extend_from_slice(&[0u8; 32]);
    let token = format!("{input}.{}", b64(forged));
    assert_eq!(refused(&token, &set(&[weak])), Error::KeyRejected);
}

#[test]
fn ed25519_non_canonical_s_is_bad_signature() {
    // S + L is the same scalar mod L: accepting it makes signatures malleable.
    let l =
        hex::decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010").unwrap();
    let key = ed25519();
    let set = set(&[key.jwk("k1", json!({}))]);
    let token = key.token("k1", &access_claims());
    let (_, sig) = split_sig(&token);
    let mut s_plus_l = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(l[i]) + carry;
        s_plus_l[i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L fits in 32 bytes for this signature");
    let mut forged = sig[..32].to_vec();
    forged.extend_from_slice(&s_plus_l);
    assert_eq!(
        refused(&with_signature(&token, &forged), &set),
        Error::BadSignature
    );
}

#[test]
fn eddsa_with_an_ed448_key_is_key_rejected() {
    let ed448 = json!({"kty": "OKP", "crv": "Ed448", "kid": "k1", "x": b64([7u8; 57])});
    let set = set(&[ed448]);
    assert_eq!(set.len(), 0);
    let token = ed25519().token("k1", &access_claims());
    assert_eq!(refused(&token, &set), Error::KeyRejected);
    assert_eq!(
        every_algorithm().reason(&token, &set, Error::KeyRejected),
        Reason::Key(KeyError::UnsupportedKeyType)
    );
}

#[test]
fn ps256_with_the_wrong_salt_length_is_bad_signature() {
    use rsa::pss::Pss;
    use rsa::traits::SignatureScheme as _;
    let header = r#"{"alg":"PS256","kid":"k1"}"#;
    let input = format!("{}.{}", b64(header), b64(access_claims().to_string()));
    let digest = Sha256::digest(input.as_bytes());
    let set = set(&[TestKey::a().jwk("k1", json!({"alg": "PS256"}))]);
    for salt_len in [0usize, 20, 31, 33, 64] {
        let mut rng = rsa::rand_core::UnwrapErr(crypto_common::getrandom::SysRng);
        let sig = Pss::<Sha256>::new_with_salt(salt_len)
            .sign(Some(&mut rng), &TestKey::a().private, &digest)
            .unwrap();
        let token = format!("{input}.{}", b64(sig));
        assert_eq!(
            refused(&token, &set),
            Error::BadSignature,
            "salt {salt_len}"
        );
    }
}

#[test]
fn ps256_signature_checked_as_rs256_and_rs256_as_ps256_is_bad_signature() {
    let set = set(&[TestKey::a().jwk("k1", json!({"alg": null}))]);
    let rs_header = r#"{"alg":"RS256","kid":"k1"}"#;
    let ps_header = r#"{"alg":"PS256","kid":"k1"}"#;
    let claims = access_claims().to_string();
    // Each token's header names one scheme, its signature was made with the other.
    let rs_signed_as_ps = {
        let input = format!("{}.{}", b64(ps_header), b64(&claims));
        format!(
            "{input}.{}",
            b64(TestKey::a().sign_raw("RS256", input.as_bytes()))
        )
    };
    let ps_signed_as_rs = {
        let input = format!("{}.{}", b64(rs_header), b64(&claims));
        format!(
            "{input}.{}",
            b64(TestKey::a().sign_raw("PS256", input.as_bytes()))
        )
    };
    for token in [rs_signed_as_ps, ps_signed_as_rs] {
        assert_eq!(refused(&token, &set), Error::BadSignature);
    }
}

#[test]
fn hs256_keyed_with_an_ec_or_okp_public_key_text_is_refused() {
    // The classic confusion: HMAC keyed with the public key's text. HS256 is on no list.
    for jwk in [p256().jwk("k1", json!({})), ed25519().jwk("k1", json!({}))] {
        let secret = jwk.to_string();
        let header = r#"{"alg":"HS256","kid":"k1"}"#;
        let input = format!("{}.{}", b64(header), b64(access_claims().to_string()));
        let mac = hmac_sha256(secret.as_bytes(), input.as_bytes());
        let token = format!("{input}.{}", b64(mac));
        assert_eq!(refused(&token, &set(&[jwk])), Error::UnsupportedAlgorithm);
    }
    assert!("HS256".parse::<Algorithm>().is_err());
}

#[test]
fn a_token_signed_by_another_ec_key_under_the_same_kid_is_bad_signature() {
    let issuer = p256();
    let forger = OtherKey::p256("forger");
    let set = set(&[issuer.jwk("k1", json!({}))]);
    assert_eq!(
        refused(&forger.token("k1", &access_claims()), &set),
        Error::BadSignature
    );
    let ed_forger = OtherKey::ed25519("forger");
    let ed_set = set_of_ed();
    assert_eq!(
        refused(&ed_forger.token("k1", &access_claims()), &ed_set),
        Error::BadSignature
    );
}

fn set_of_ed() -> KeySet {
    set(&[ed25519().jwk("k1", json!({}))])
}
