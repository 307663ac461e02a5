//! A failed JWKS fetch says why: HTTP status, connection refused, TLS, timeout, a body
//! that is not a JWKS; and a later good fetch clears the reason.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::net::TcpListener;
use std::time::Duration;

use edgejwt_std::{Error, HttpOptions, TokenUse, Verifier};
use support::{access_claims, jwks, Clock, Key, Reply, Server, CLIENT, NOW, POOL};

fn verifier_for(url: &str, clock: &Clock) -> Verifier {
    Verifier::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .jwks_url(url)
        .allow_http_loopback(true)
        .http_options(HttpOptions {
            total_timeout: Duration::from_millis(500),
            connect_timeout: Duration::from_millis(500),
            allow_http_loopback: true,
            ..HttpOptions::default()
        })
        .clock(clock.reader())
        .build()
        .unwrap()
}

fn token() -> String {
    Key::a().token("k1", &access_claims())
}

#[test]
fn no_failure_is_reported_before_any_fetch() {
    let server = Server::start(Reply::Status(500));
    let v = verifier_for(&server.jwks_url(), &Clock::at(NOW));
    assert_eq!(v.last_fetch_failure(), None);
}

#[test]
fn an_http_status_is_named_and_cleared_by_a_good_fetch() {
    let server = Server::start(Reply::Status(503));
    let clock = Clock::at(NOW);
    let v = verifier_for(&server.jwks_url(), &clock);
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksUnavailable);
    let failure = v.last_fetch_failure().unwrap();
    assert_eq!(failure.kind, "http_status");
    assert_eq!(failure.code, Error::JwksUnavailable);
    assert_eq!(failure.url, server.jwks_url());
    assert!(failure.reason.contains("503"), "{}", failure.reason);

    clock.advance(10);
    server.set(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    v.verify(&token()).unwrap();
    assert_eq!(v.last_fetch_failure(), None);
}

#[test]
fn a_refused_connection_is_named() {
    // A port that was just free: nothing listens once the listener is dropped.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let v = verifier_for(
        &format!("http://127.0.0.1:{port}/jwks.json"),
        &Clock::at(NOW),
    );
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksUnavailable);
    let failure = v.last_fetch_failure().unwrap();
    assert_eq!(failure.kind, "connect", "{failure:?}");
    assert!(
        failure.reason.to_ascii_lowercase().contains("refused"),
        "{}",
        failure.reason
    );
}

#[test]
fn a_failed_tls_handshake_is_named() {
    // https to a server that answers in plain HTTP: not a TLS record, the handshake fails.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}/jwks.json", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let _ = std::io::Write::write_all(&mut stream, b"HTTP/1.1 400 Bad Request\r\n\r\n");
            std::thread::sleep(Duration::from_millis(200));
        }
    });
    let v = verifier_for(&url, &Clock::at(NOW));
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksUnavailable);
    let failure = v.last_fetch_failure().unwrap();
    assert_eq!(failure.kind, "tls", "{failure:?}");
}

#[test]
fn a_timeout_is_named() {
    let server = Server::start(Reply::Slow(
        Duration::from_secs(3),
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
    ));
    let v = verifier_for(&server.jwks_url(), &Clock::at(NOW));
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksUnavailable);
    assert_eq!(v.last_fetch_failure().unwrap().kind, "timeout");
}

#[test]
fn a_body_that_is_not_a_jwks_is_named() {
    let server = Server::start(Reply::Json("{\"keys\": [".into(), None));
    let v = verifier_for(&server.jwks_url(), &Clock::at(NOW));
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksInvalid);
    let failure = v.last_fetch_failure().unwrap();
    assert_eq!(
        (failure.kind, failure.code),
        ("invalid_document", Error::JwksInvalid)
    );
}

#[test]
fn a_host_that_does_not_resolve_is_named() {
    // `.invalid` never resolves (RFC 6761).
    let v = verifier_for("https://edgejwt-test.invalid/jwks.json", &Clock::at(NOW));
    assert_eq!(v.verify(&token()).unwrap_err(), Error::JwksUnavailable);
    assert_eq!(v.last_fetch_failure().unwrap().kind, "host_not_found");
}
