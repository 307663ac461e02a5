//! The JWKS cache against a real HTTP server on 127.0.0.1, counting fetches at the server.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::sync::{Arc, Barrier};
use std::time::Duration;

use edgejwt_std::{
    CacheSettings, ConfigError, Error, Fetch, FetchError, HttpFetcher, HttpOptions, TokenUse,
    Verifier,
};
use support::{access_claims, jwks, Clock, Key, Reply, Server, CLIENT, NOW, POOL};

fn verifier(server: &Server, clock: &Clock) -> Verifier {
    Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&server.jwks_url())
        .allow_http_loopback(true)
        .clock(clock.reader())
        .build()
        .unwrap()
}

fn serve_key_a() -> Server {
    Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ))
}

#[test]
fn lazy_first_fetch_then_cache_hits() {
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    assert_eq!(server.hits(), 0, "nothing fetched before the first need");
    let token = Key::a().token("k1", &access_claims());
    for _ in 0..50 {
        v.verify(&token).unwrap();
    }
    assert_eq!(server.hits(), 1);
}

#[test]
fn hydrate_fetches_eagerly() {
    let server = serve_key_a();
    let v = verifier(&server, &Clock::at(NOW));
    v.hydrate().unwrap();
    assert_eq!(server.hits(), 1);
    v.verify(&Key::a().token("k1", &access_claims())).unwrap();
    assert_eq!(server.hits(), 1);
}

#[test]
fn key_rotation_new_kid_refreshes_once_and_removed_key_stops_verifying() {
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let old = Key::a().token("k1", &access_claims());
    let new = Key::b().token("k2", &access_claims());
    v.verify(&old).unwrap();
    server.set(Reply::Json(
        jwks(&[Key::b().jwk("k2", serde_json::json!({}))]),
        None,
    ));
    clock.advance(11); // past the cooldown of the first fetch
    v.verify(&new).unwrap();
    assert_eq!(server.hits(), 2, "one refresh for the new kid");
    assert_eq!(v.verify(&new).map(|_| ()), Ok(()));
    assert_eq!(
        v.verify(&old).unwrap_err(),
        Error::UnknownKid,
        "the refresh replaced the set"
    );
    assert_eq!(server.hits(), 2, "inside the cooldown: no fetch");
}

#[test]
fn server_errors_500_fail_fast_during_cooldown() {
    let server = Server::start(Reply::Status(500));
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let token = Key::a().token("k1", &access_claims());
    assert_eq!(v.verify(&token).unwrap_err(), Error::JwksUnavailable);
    for _ in 0..20 {
        assert_eq!(v.verify(&token).unwrap_err(), Error::JwksUnavailable);
    }
    assert_eq!(server.hits(), 1, "failures start the cooldown too");
    clock.advance(10);
    server.set(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    v.verify(&token).unwrap();
    assert_eq!(server.hits(), 2);
}

#[test]
fn slower_than_the_timeout_is_unavailable() {
    let server = Server::start(Reply::Slow(
        Duration::from_secs(3),
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
    ));
    let options = HttpOptions {
        total_timeout: Duration::from_millis(500),
        allow_http_loopback: true,
        ..HttpOptions::default()
    };
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&server.jwks_url())
        .http_options(options)
        .clock(|| NOW)
        .build()
        .unwrap();
    assert_eq!(
        v.verify(&Key::a().token("k1", &access_claims()))
            .unwrap_err(),
        Error::JwksUnavailable
    );
    assert_eq!(
        HttpFetcher::new(options)
            .fetch(&server.jwks_url())
            .unwrap_err(),
        FetchError::Timeout
    );
    assert_eq!(server.hits(), 2);
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let padding = "x".repeat(70 * 1024);
    let body = format!(r#"{{"pad":"{padding}","keys":[]}}"#);
    let server = Server::start(Reply::Json(body, None));
    let fetcher = HttpFetcher::new(HttpOptions {
        allow_http_loopback: true,
        ..HttpOptions::default()
    });
    assert_eq!(
        fetcher.fetch(&server.jwks_url()).unwrap_err(),
        FetchError::TooLarge
    );
    let v = verifier(&server, &Clock::at(NOW));
    assert_eq!(
        v.verify(&Key::a().token("k1", &access_claims()))
            .unwrap_err(),
        Error::JwksUnavailable
    );
    assert_eq!(server.hits(), 2);
}

#[test]
fn malformed_json_is_jwks_invalid() {
    let server = Server::start(Reply::Json("{\"keys\": [".into(), None));
    let v = verifier(&server, &Clock::at(NOW));
    assert_eq!(
        v.verify(&Key::a().token("k1", &access_claims()))
            .unwrap_err(),
        Error::JwksInvalid
    );
    assert_eq!(server.hits(), 1);
}

#[test]
fn a_redirect_is_not_followed() {
    let elsewhere = serve_key_a();
    let server = Server::start(Reply::Redirect(elsewhere.jwks_url()));
    let v = verifier(&server, &Clock::at(NOW));
    assert_eq!(
        v.verify(&Key::a().token("k1", &access_claims()))
            .unwrap_err(),
        Error::JwksUnavailable
    );
    assert_eq!((server.hits(), elsewhere.hits()), (1, 0));
}

#[test]
fn a_thousand_random_unknown_kids_in_one_cooldown_cause_at_most_two_fetches() {
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    v.verify(&Key::a().token("k1", &access_claims())).unwrap();
    clock.advance(10); // a fresh cooldown window begins
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..1000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let token = Key::b().token(&format!("kid-{seed:x}"), &access_claims());
        assert_eq!(v.verify(&token).unwrap_err(), Error::UnknownKid);
    }
    let fetches = server.hits();
    assert!(fetches <= 2, "{fetches} fetches");
    eprintln!(
        "1000 unknown kids: {fetches} fetches in total (1 warm-up + {} refresh)",
        fetches - 1
    );
}

#[test]
fn sixteen_concurrent_verifications_on_a_cold_cache_share_one_fetch() {
    let server = Server::start(Reply::Slow(
        Duration::from_millis(300),
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
    ));
    let v = verifier(&server, &Clock::at(NOW));
    let token = Key::a().token("k1", &access_claims());
    let start = Arc::new(Barrier::new(16));
    let threads: Vec<_> = (0..16)
        .map(|_| {
            let (v, token, start) = (v.clone(), token.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                start.wait();
                v.verify(&token).map(|_| ())
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), Ok(()));
    }
    assert_eq!(server.hits(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_async_verifications_share_one_fetch() {
    let server = Server::start(Reply::Slow(
        Duration::from_millis(300),
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
    ));
    let v = verifier(&server, &Clock::at(NOW));
    let token = Key::a().token("k1", &access_claims());
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (v, token) = (v.clone(), token.clone());
            tokio::spawn(async move { v.verify_async(&token).await.map(|_| ()) })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), Ok(()));
    }
    assert_eq!(server.hits(), 1);
    // Warm: decided inline, no blocking-pool hop and no fetch.
    assert!(v.verify_from_cache(&token).unwrap().is_ok());
}

#[test]
fn known_kids_keep_verifying_when_the_server_goes_down() {
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let token = Key::a().token("k1", &access_claims());
    v.verify(&token).unwrap();
    server.stop();
    clock.advance(3600); // periodic refresh due: it fails, the last good set is served
    v.verify(&token).unwrap();
    clock.advance(3600 * 10);
    v.verify(&token).unwrap();
    clock.advance(86_400); // beyond the 24 h stale limit
    assert_eq!(v.verify(&token).unwrap_err(), Error::JwksUnavailable);
    assert_eq!(server.hits(), 1, "the stopped server saw no more requests");
}

#[test]
fn max_age_from_the_response_sets_the_refresh_interval() {
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        Some(120),
    ));
    let clock = Clock::at(NOW);
    let v = verifier(&server, &clock);
    let token = Key::a().token("k1", &access_claims());
    v.verify(&token).unwrap();
    clock.advance(119);
    v.verify(&token).unwrap();
    assert_eq!(server.hits(), 1);
    clock.advance(1);
    v.verify(&token).unwrap();
    assert_eq!(server.hits(), 2);
}

#[test]
fn plain_http_to_a_non_loopback_host_is_refused() {
    let err = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url("http://example.com/jwks.json")
        .allow_http_loopback(true)
        .build()
        .unwrap_err();
    assert_eq!(err, ConfigError::InvalidUrl);
    let fetcher = HttpFetcher::new(HttpOptions {
        allow_http_loopback: true,
        ..HttpOptions::default()
    });
    assert!(matches!(
        fetcher.fetch("http://192.0.2.1/jwks.json"),
        Err(FetchError::UrlRefused(_))
    ));
    let loopback_not_allowed = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url("http://127.0.0.1:9/jwks.json")
        .build()
        .unwrap_err();
    assert_eq!(loopback_not_allowed, ConfigError::InvalidUrl);
}

#[test]
fn oidc_discovery_finds_the_jwks_uri() {
    let server = Server::start(Reply::Status(404));
    let issuer = server.base.clone();
    server.set(Reply::Routes(vec![
        (
            "/.well-known/openid-configuration".into(),
            Reply::Json(
                serde_json::json!({ "issuer": issuer, "jwks_uri": server.url("/keys") })
                    .to_string(),
                None,
            ),
        ),
        (
            "/keys".into(),
            Reply::Json(jwks(&[Key::a().jwk("k1", serde_json::json!({}))]), None),
        ),
    ]));
    let v = Verifier::oidc(&issuer)
        .audience("api")
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    let claims = serde_json::json!({ "iss": issuer, "aud": "api", "exp": NOW + 60, "sub": "s" });
    v.verify(&Key::a().token("k1", &claims)).unwrap();
    v.verify(&Key::a().token("k1", &claims)).unwrap();
    assert_eq!(server.hits(), 2, "discovery once, JWKS once");
}

#[test]
fn discovery_document_for_another_issuer_is_refused() {
    let server = Server::start(Reply::Json(
        serde_json::json!({ "issuer": "https://evil.example", "jwks_uri": "https://evil.example/keys" }).to_string(),
        None,
    ));
    let v = Verifier::oidc(&server.base)
        .audience("api")
        .allow_http_loopback(true)
        .clock(|| NOW)
        .build()
        .unwrap();
    let claims = serde_json::json!({ "iss": server.base, "aud": "api", "exp": NOW + 60 });
    assert_eq!(
        v.verify(&Key::a().token("k1", &claims)).unwrap_err(),
        Error::JwksInvalid
    );
}

#[test]
fn offline_cache_jwks_needs_no_network() {
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .offline()
        .clock(|| NOW)
        .build()
        .unwrap();
    let token = Key::a().token("k1", &access_claims());
    assert_eq!(v.verify(&token).unwrap_err(), Error::JwksUnavailable);
    v.cache_jwks(&jwks(&[Key::a().jwk("k1", serde_json::json!({}))]))
        .unwrap();
    v.verify(&token).unwrap();
    assert_eq!(
        v.verify(&Key::b().token("k2", &access_claims()))
            .unwrap_err(),
        Error::UnknownKid
    );
    assert_eq!(v.cache_jwks("nope").unwrap_err(), Error::JwksInvalid);
}

#[test]
fn custom_cache_settings_apply() {
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&server.jwks_url())
        .allow_http_loopback(true)
        .cache_settings(CacheSettings {
            cooldown: 1,
            ..CacheSettings::default()
        })
        .clock(clock.reader())
        .build()
        .unwrap();
    v.verify(&Key::a().token("k1", &access_claims())).unwrap();
    clock.advance(1);
    assert_eq!(
        v.verify(&Key::b().token("k2", &access_claims()))
            .unwrap_err(),
        Error::UnknownKid
    );
    assert_eq!(server.hits(), 2, "a 1 s cooldown allowed the refresh");
}

#[test]
fn verifier_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<Verifier>();
}

#[test]
fn repeat_tokens_are_answered_from_the_verified_cache_but_still_expire() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    #[derive(Clone, Default)]
    struct Counting(Arc<AtomicUsize>);
    impl edgejwt_std::SignatureBackend for Counting {
        fn verify(
            &self,
            alg: edgejwt_std::Algorithm,
            key: &edgejwt_std::PublicKey,
            message: &[u8],
            signature: &[u8],
        ) -> bool {
            self.0.fetch_add(1, Ordering::SeqCst);
            key.verify_signature(alg, message, signature).is_ok()
        }
    }
    let server = serve_key_a();
    let clock = Clock::at(NOW);
    let counter = Counting::default();
    let v = Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(&server.jwks_url())
        .allow_http_loopback(true)
        .signature_backend(counter.clone())
        .clock(clock.reader())
        .build()
        .unwrap();
    let token = Key::a().token("k1", &support::with_exp(NOW + 100));
    for _ in 0..100 {
        v.verify(&token).unwrap();
    }
    assert_eq!(
        counter.0.load(Ordering::SeqCst),
        1,
        "one RSA operation for 100 repeats"
    );
    clock.advance(100);
    assert_eq!(v.verify(&token).unwrap_err(), Error::Expired);
}
