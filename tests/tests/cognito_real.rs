//! Real tokens issued by Cognito user pools (public fixtures, long expired).
mod common;

use edgejwt_core::{Error, KeySet, Policy, TokenUse};
use serde_json::Value;

/// 2025-11-14: long after every fixture expired.
const REAL_CLOCK: u64 = 1_763_100_000;

fn sets() -> Value {
    common::vector_json("cognito/real_tokens.json")
}

fn policy_for(config: &Value) -> Policy {
    let issuer = config["issuer"].as_str().unwrap();
    let pool = issuer.rsplit('/').next().unwrap();
    let token_use = match config["token_use"].as_str().unwrap() {
        "id" => TokenUse::Id,
        _ => TokenUse::Access,
    };
    let policy = Policy::cognito(pool, token_use)
        .client_id(config["client_id"].as_str().unwrap())
        .build()
        .unwrap();
    assert_eq!(policy.issuer(), issuer);
    policy
}

/// Every token with a signature valid against its set's JWKS, with its verifier config.
fn verifiable() -> Vec<(String, KeySet, Value, Value)> {
    let all = sets();
    let mut out = Vec::new();
    for set in ["set_A_xeedware", "set_B_aws_sample_mit0"] {
        let keys = KeySet::from_jwks(&all[set]["jwks"].to_string()).unwrap();
        for token in all[set]["tokens"].as_array().unwrap() {
            if token["signature_valid_with_jwks"] == true {
                out.push((
                    token["token"].as_str().unwrap().to_owned(),
                    keys.clone(),
                    token["verifier_config"].clone(),
                    token["payload"].clone(),
                ));
            }
        }
    }
    out
}

#[test]
fn real_cognito_tokens_verify_inside_their_window() {
    let tokens = verifiable();
    assert_eq!(tokens.len(), 6);
    for (token, keys, config, payload) in tokens {
        let now = config["clock_unix"].as_u64().unwrap();
        let verified = policy_for(&config).verify(&token, &keys, now).unwrap();
        let claims = verified.claims();
        // Escaped JSON (`https:\/\/`, `\\`) reads back decoded.
        assert_eq!(claims.iss().unwrap(), payload["iss"].as_str().unwrap());
        assert_eq!(claims.sub().unwrap(), payload["sub"].as_str().unwrap());
        if let Some(username) = payload["username"].as_str() {
            assert_eq!(claims.username().unwrap(), username);
        }
        if let Some(username) = payload["cognito:username"].as_str() {
            assert_eq!(claims.cognito_username().unwrap(), username);
        }
        assert_eq!(
            claims.exp().unwrap().seconds(),
            payload["exp"].as_u64().unwrap()
        );
    }
}

#[test]
fn real_cognito_tokens_are_expired_at_exp_and_on_the_real_clock() {
    for (token, keys, config, payload) in verifiable() {
        let policy = policy_for(&config);
        let exp = payload["exp"].as_u64().unwrap();
        assert_eq!(
            policy.verify(&token, &keys, exp).unwrap_err(),
            Error::Expired
        );
        assert!(policy.verify(&token, &keys, exp - 1).is_ok());
        assert_eq!(
            policy.verify(&token, &keys, REAL_CLOCK).unwrap_err(),
            Error::Expired
        );
    }
}

#[test]
fn real_cognito_kid_with_escaped_slash_matches_the_jwks_kid() {
    let all = sets();
    let token = all["set_A_xeedware"]["tokens"][1]["token"]
        .as_str()
        .unwrap();
    let header = edgejwt_core::decode_unverified(token).unwrap().header_json;
    assert!(
        header.contains("\\/"),
        "the fixture writes its kid with an escaped slash"
    );
    let keys = KeySet::from_jwks(&all["set_A_xeedware"]["jwks"].to_string()).unwrap();
    assert!(keys.contains_kid("xPARiky/hZ2tXdGx1z1dCBxpl0FGIRImjC1+FXlnomc="));
}

#[test]
fn real_cognito_tokens_fail_the_wrong_token_use_and_client() {
    for (token, keys, config, _) in verifiable() {
        let pool = config["issuer"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_owned();
        let now = config["clock_unix"].as_u64().unwrap();
        let other_use = if config["token_use"] == "id" {
            TokenUse::Access
        } else {
            TokenUse::Id
        };
        let wrong_use = Policy::cognito(&pool, other_use)
            .client_id(config["client_id"].as_str().unwrap())
            .build()
            .unwrap();
        assert_eq!(
            wrong_use.verify(&token, &keys, now).unwrap_err(),
            Error::TokenUseMismatch
        );
        let token_use = if config["token_use"] == "id" {
            TokenUse::Id
        } else {
            TokenUse::Access
        };
        let wrong_client = Policy::cognito(&pool, token_use)
            .client_id("someone-else")
            .build()
            .unwrap();
        assert_eq!(
            wrong_client.verify(&token, &keys, now).unwrap_err(),
            Error::ClientIdMismatch
        );
        let wrong_pool = Policy::cognito("us-east-1_Other", token_use)
            .client_id(config["client_id"].as_str().unwrap())
            .build()
            .unwrap();
        assert_eq!(
            wrong_pool.verify(&token, &keys, now).unwrap_err(),
            Error::IssuerMismatch
        );
    }
}

#[test]
fn real_cognito_fixtures_that_must_fail_do() {
    let all = sets();
    let keys = KeySet::from_jwks(&all["set_A_xeedware"]["jwks"].to_string()).unwrap();
    let policy = Policy::cognito("us-west-2_XRsUGkwyU", TokenUse::Id)
        .client_id("x")
        .build()
        .unwrap();
    for token in all["set_A_xeedware"]["tokens"].as_array().unwrap() {
        if token["signature_valid_with_jwks"] == true {
            continue;
        }
        let text = token["token"].as_str().unwrap();
        let expected = token["expected"]["any"].as_str().unwrap();
        let err = policy.verify(text, &keys, 1_510_211_600).unwrap_err();
        // One fixture ends in a stray backslash: it fails the shape check before the kid.
        let canonical = text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
        if expected.contains("not in JWKS") && canonical {
            assert_eq!(err, Error::UnknownKid, "{expected}");
        } else {
            assert_eq!(err, Error::Malformed, "{expected}");
        }
    }
}

#[test]
fn real_cognito_jwks_without_tokens_parses() {
    let all = sets();
    let keys = KeySet::from_jwks(&all["set_C_jwks_only"]["jwks"].to_string()).unwrap();
    assert_eq!(keys.len(), 2);
    assert!(keys.contains_kid("vyVQH7UMjwYboVvyFf+zd4KHZfgc+RtmU/A2vHhgITI="));
    assert!(keys.keys().all(|k| k.bits() == 2048));
}

/// The claims a serde user reads from a Cognito token, with owned and borrowed text.
#[derive(serde::Deserialize, Debug)]
struct OwnedCognitoClaims {
    iss: String,
    sub: String,
    #[serde(default)]
    username: Option<String>,
    #[serde(default, rename = "cognito:username")]
    cognito_username: Option<String>,
    exp: u64,
}

#[derive(serde::Deserialize)]
struct BorrowedIssuer<'a> {
    #[allow(dead_code)]
    iss: &'a str,
}

#[test]
fn deserialized_claims_are_decoded_not_escaped_text() {
    let mut escaped_seen = 0;
    for (token, keys, config, payload) in verifiable() {
        let now = config["clock_unix"].as_u64().unwrap();
        let verified = policy_for(&config).verify(&token, &keys, now).unwrap();
        let claims: OwnedCognitoClaims = verified.deserialize_claims().unwrap();
        assert_eq!(claims.iss, payload["iss"].as_str().unwrap());
        assert!(!claims.iss.contains('\\'), "{}", claims.iss);
        assert_eq!(claims.sub, payload["sub"].as_str().unwrap());
        assert_eq!(claims.username.as_deref(), payload["username"].as_str());
        assert_eq!(
            claims.cognito_username.as_deref(),
            payload["cognito:username"].as_str()
        );
        assert_eq!(claims.exp, payload["exp"].as_u64().unwrap());
        // A borrowed &str cannot hold decoded text: an error, never the escaped form.
        let borrowed = verified.deserialize_claims::<BorrowedIssuer<'_>>();
        if verified.payload_json().contains(r"https:\/\/") {
            escaped_seen += 1;
            assert_eq!(borrowed.err(), Some(Error::InvalidClaim));
        } else {
            assert!(borrowed.is_ok());
        }
    }
    assert!(escaped_seen > 0, "the fixtures write iss with \\/ escapes");
}
