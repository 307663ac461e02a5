//! The std verifier's rejection details and opt-outs: the core's rules, reachable here.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use edgejwt_std::core::Reason;
use edgejwt_std::{ConfigError, Error, MultiIssuerVerifier, TokenUse, Verifier};
use serde_json::json;
use support::{access_claims, issuer, jwks, Key, CLIENT, NOW, POOL};

fn cognito() -> Verifier {
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    v.cache_jwks(&jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
    v
}

#[test]
fn rejections_carry_the_comparison_the_claim_and_only_signed_contents() {
    let v = cognito();
    let mut claims = access_claims();
    claims["token_use"] = "id".into();
    let token = Key::a().token("k1", &claims);
    let error = v.verify(&token).unwrap_err();
    let failed = v.failed_assertion(&token, error).unwrap();
    assert_eq!(
        (failed.claim, failed.actual.as_deref()),
        ("token_use", Some("\"id\""))
    );
    let decoded = v.decode_if_signature_valid(&token).unwrap();
    assert!(decoded.payload_json.contains("\"token_use\":\"id\""));
    let forged = Key::b().token("k1", &claims);
    assert_eq!(v.verify(&forged).unwrap_err(), Error::BadSignature);
    assert!(v.decode_if_signature_valid(&forged).is_none());
    claims.as_object_mut().unwrap().remove("exp");
    let token = Key::a().token("k1", &claims);
    assert_eq!(
        v.reason(&token, v.verify(&token).unwrap_err()),
        Reason::MissingClaim("exp")
    );
}

#[test]
fn opt_outs_are_explicit_and_any_issuer_cannot_join_several() {
    assert_eq!(
        Verifier::cognito(POOL, TokenUse::Access)
            .offline()
            .build()
            .unwrap_err(),
        ConfigError::NoClientIds
    );
    let any = Verifier::cognito(POOL, TokenUse::Access)
        .any_client()
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    any.cache_jwks(&jwks(&[Key::a().jwk("k1", json!({}))]))
        .unwrap();
    let mut claims = access_claims();
    claims["client_id"] = "other".into();
    assert!(any.verify(&Key::a().token("k1", &claims)).is_ok());
    let any_issuer = Verifier::oidc(&issuer())
        .any_issuer()
        .any_audience()
        .jwks_url("https://keys.example/jwks.json")
        .build()
        .unwrap();
    assert_eq!(
        MultiIssuerVerifier::new([any_issuer, cognito()]).unwrap_err(),
        ConfigError::IssuersNotDistinct
    );
}
