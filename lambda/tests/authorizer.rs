//! The authorizer's answers to API Gateway events, keys from a loopback JWKS server or
//! pinned; and the settings it refuses.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod support;

use edgejwt_lambda::{authorize, verifier_from_env, Refusal};
use edgejwt_std::Error;
use edgejwt_testkit::{b64, unb64, Reply, Server, TestKey};
use serde_json::{json, Value};
use support::*;

fn run<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

fn keys_server() -> Server {
    Server::start(Reply::Json(key_set(), None))
}

fn answer(server: &Server, event: &Value) -> Result<Value, Refusal> {
    let verifier = verifier_from_env(&settings(&server.jwks_url()), "").unwrap();
    run(authorize(&verifier, event))
}

#[test]
fn rest_token_event_with_a_valid_token_gets_an_allow_policy_for_its_method_arn() {
    let server = keys_server();
    let policy = answer(&server, &token_event(&format!("Bearer {}", token()))).unwrap();
    assert_eq!(policy["principalId"], "user-1");
    let statement = &policy["policyDocument"]["Statement"][0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(statement["Action"], "execute-api:Invoke");
    assert_eq!(statement["Resource"], METHOD_ARN);
    assert_eq!(policy["context"]["username"], "alice");
    assert_eq!(policy["context"]["scope"], "orders/read");
    // A bare token (no scheme) is taken too.
    assert!(answer(&server, &token_event(&token())).is_ok());
}

#[test]
fn expired_token_is_unauthorized() {
    let server = keys_server();
    let expired = token_with(json!({ "exp": now() - 60 }));
    let refusal = answer(&server, &token_event(&format!("Bearer {expired}"))).unwrap_err();
    assert_eq!(refusal, Refusal::Unauthorized(Some(Error::Expired)));
    assert_eq!(refusal.to_string(), "Unauthorized"); // API Gateway's 401
    let simple = answer(&server, &http_api_event(Some(&format!("Bearer {expired}")))).unwrap();
    assert_eq!(simple, json!({ "isAuthorized": false }));
}

#[test]
fn forged_signature_is_unauthorized() {
    let server = keys_server();
    let token = token();
    let (input, signature) = token.rsplit_once('.').unwrap();
    let mut signature = unb64(signature);
    signature[5] ^= 1;
    let forged = format!("{input}.{}", b64(signature));
    let refusal = answer(&server, &token_event(&format!("Bearer {forged}"))).unwrap_err();
    assert_eq!(refusal, Refusal::Unauthorized(Some(Error::BadSignature)));
    // Signed by a key not in the set, under a known kid.
    let other = TestKey::b().token("k1", &claims());
    let refusal = answer(&server, &token_event(&other)).unwrap_err();
    assert_eq!(refusal, Refusal::Unauthorized(Some(Error::BadSignature)));
}

#[test]
fn token_for_another_client_or_of_another_use_is_unauthorized() {
    let server = keys_server();
    let other_client = token_with(json!({ "client_id": "someone-else" }));
    assert_eq!(
        answer(&server, &token_event(&other_client)).unwrap_err(),
        Refusal::Unauthorized(Some(Error::ClientIdMismatch))
    );
    let id_token = token_with(json!({ "token_use": "id", "aud": CLIENT }));
    assert_eq!(
        answer(&server, &token_event(&id_token)).unwrap_err(),
        Refusal::Unauthorized(Some(Error::TokenUseMismatch))
    );
}

#[test]
fn missing_or_non_bearer_authorization_is_unauthorized() {
    let server = keys_server();
    for value in ["", "Bearer ", "Basic dXNlcjpwYXNz"] {
        assert_eq!(
            answer(&server, &token_event(value)).unwrap_err(),
            Refusal::Unauthorized(None),
            "{value:?}"
        );
    }
    let no_header = json!({ "type": "REQUEST", "methodArn": METHOD_ARN, "headers": {} });
    assert_eq!(
        answer(&server, &no_header).unwrap_err(),
        Refusal::Unauthorized(None)
    );
    let null_headers = json!({ "type": "REQUEST", "methodArn": METHOD_ARN, "headers": null });
    assert_eq!(
        answer(&server, &null_headers).unwrap_err(),
        Refusal::Unauthorized(None)
    );
    assert_eq!(
        answer(&server, &http_api_event(None)).unwrap(),
        json!({ "isAuthorized": false })
    );
    assert_eq!(server.hits(), 0, "no token, no fetch");
}

#[test]
fn rest_request_event_reads_the_authorization_header_in_any_case() {
    let server = keys_server();
    for name in ["Authorization", "authorization", "AUTHORIZATION"] {
        let event = json!({
            "type": "REQUEST", "methodArn": METHOD_ARN,
            "headers": { name: format!("Bearer {}", token()), "Host": "x" },
        });
        let policy = answer(&server, &event).unwrap();
        assert_eq!(
            policy["policyDocument"]["Statement"][0]["Effect"], "Allow",
            "{name}"
        );
    }
}

#[test]
fn http_api_simple_response_carries_the_claims_in_context() {
    let server = keys_server();
    let answer = answer(
        &server,
        &http_api_event(Some(&format!("Bearer {}", token()))),
    )
    .unwrap();
    assert_eq!(answer["isAuthorized"], true);
    assert_eq!(answer["context"]["sub"], "user-1");
    assert_eq!(answer["context"]["client_id"], CLIENT);
    assert_eq!(answer["context"]["token_use"], "access");
}

#[test]
fn unknown_event_is_refused_not_allowed() {
    let server = keys_server();
    let bearer = format!("Bearer {}", token());
    for event in [
        json!({ "authorizationToken": bearer, "methodArn": METHOD_ARN }),
        json!({ "type": "TOKEN", "authorizationToken": bearer }),
        json!({ "version": "3.0", "type": "REQUEST", "headers": { "authorization": bearer } }),
        json!("TOKEN"),
    ] {
        assert!(
            matches!(answer(&server, &event), Err(Refusal::UnknownEvent(_))),
            "{event}"
        );
    }
}

#[test]
fn keys_unavailable_is_a_server_error_not_a_pass() {
    let server = Server::start(Reply::Status(500));
    let bearer = format!("Bearer {}", token());
    let refusal = answer(&server, &token_event(&bearer)).unwrap_err();
    assert_eq!(refusal, Refusal::KeysUnavailable(Error::JwksUnavailable));
    assert_ne!(refusal.to_string(), "Unauthorized");
    assert!(matches!(
        answer(&server, &http_api_event(Some(&bearer))),
        Err(Refusal::KeysUnavailable(_))
    ));
}

#[test]
fn keys_are_fetched_once_across_invocations() {
    let server = keys_server();
    let verifier = verifier_from_env(&settings(&server.jwks_url()), "").unwrap();
    for jti in ["j1", "j2", "j3"] {
        let event = token_event(&format!("Bearer {}", token_with(json!({ "jti": jti }))));
        run(authorize(&verifier, &event)).unwrap();
    }
    assert_eq!(server.hits(), 1);
}

#[test]
fn pinned_keys_verify_without_any_fetch() {
    let path = std::env::temp_dir().join(format!("edgejwt-lambda-{}.json", std::process::id()));
    std::fs::write(&path, key_set()).unwrap();
    let mut vars = settings("unused");
    vars.remove("EDGEJWT_JWKS_URL");
    vars.insert("EDGEJWT_JWKS_FILE".into(), path.display().to_string());
    let from_file = verifier_from_env(&vars, "").unwrap();
    let bearer = format!("Bearer {}", token());
    assert!(run(authorize(&from_file, &token_event(&bearer))).is_ok());
    // An unknown kid is refused at once: pinned keys are never refreshed.
    let other_kid = TestKey::a().token("k2", &claims());
    assert_eq!(
        run(authorize(&from_file, &token_event(&other_kid))).unwrap_err(),
        Refusal::Unauthorized(Some(Error::UnknownKid))
    );
    vars.remove("EDGEJWT_JWKS_FILE");
    let baked = verifier_from_env(&vars, &key_set()).unwrap();
    assert!(run(authorize(&baked, &token_event(&bearer))).is_ok());
    std::fs::remove_file(path).unwrap();
}

#[test]
fn settings_it_does_not_understand_stop_the_authorizer() {
    let base = settings("http://127.0.0.1:9/jwks.json");
    let refused = |change: &dyn Fn(&mut std::collections::BTreeMap<String, String>)| {
        let mut vars = base.clone();
        change(&mut vars);
        verifier_from_env(&vars, "")
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let set = |name: &'static str, value: &'static str| {
        move |vars: &mut std::collections::BTreeMap<String, String>| {
            vars.insert(name.to_owned(), value.to_owned());
        }
    };
    let unset = |name: &'static str| {
        move |vars: &mut std::collections::BTreeMap<String, String>| {
            vars.remove(name);
        }
    };
    assert!(refused(&set("EDGEJWT_CLIENTID", "x")).contains("EDGEJWT_CLIENTID"));
    assert!(refused(&set("EDGEJWT_PINNED_JWKS", "keys.json")).contains("not a setting"));
    assert!(refused(&set("EDGEJWT_ISSUER", "https://i")).contains("exactly one"));
    assert!(refused(&set("EDGEJWT_AUDIENCE", "api")).contains("EDGEJWT_AUDIENCE"));
    assert!(refused(&set("EDGEJWT_TOKEN_USE", "both")).contains("EDGEJWT_TOKEN_USE"));
    assert!(refused(&unset("EDGEJWT_TOKEN_USE")).contains("EDGEJWT_TOKEN_USE"));
    assert!(refused(&unset("EDGEJWT_CLIENT_ID")).contains("Cognito settings"));
    assert!(refused(&set("EDGEJWT_CLIENT_ID", "a,,b")).contains("empty item"));
    assert!(refused(&set("EDGEJWT_ALGORITHMS", "RS256,none")).contains("EDGEJWT_ALGORITHMS"));
    assert!(refused(&set("EDGEJWT_LEEWAY", "5m")).contains("EDGEJWT_LEEWAY"));
    assert!(refused(&set("EDGEJWT_ALLOW_HTTP_LOOPBACK", "yes")).contains("LOOPBACK"));
    assert!(refused(&set("EDGEJWT_JWKS_FILE", "/nonexistent/jwks.json")).contains("exclude"));
    // Plain HTTP only to loopback, and only when allowed.
    assert!(!refused(&set(
        "EDGEJWT_JWKS_URL",
        "http://keys.example.com/jwks.json"
    ))
    .is_empty());
    assert!(!refused(&unset("EDGEJWT_ALLOW_HTTP_LOOPBACK")).is_empty());
    // JWKS_URL and keys pinned at build time exclude each other too.
    assert!(verifier_from_env(&base, &key_set()).is_err());
    // An OIDC issuer needs an audience, and refuses Cognito's settings.
    let oidc: std::collections::BTreeMap<String, String> = [
        ("EDGEJWT_ISSUER", "https://id.example.com"),
        ("EDGEJWT_AUDIENCE", "api"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert!(verifier_from_env(&oidc, "").is_ok());
    let mut no_audience = oidc.clone();
    no_audience.remove("EDGEJWT_AUDIENCE");
    assert!(verifier_from_env(&no_audience, "").is_err());
    let mut with_client = oidc;
    with_client.insert("EDGEJWT_CLIENT_ID".into(), "c".into());
    assert!(verifier_from_env(&with_client, "").is_err());
}
