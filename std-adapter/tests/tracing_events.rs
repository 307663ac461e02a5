//! Fetches, failures and cooldowns are traced; tokens never are.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, unreachable_pub)]
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use edgejwt_std::{Error, TokenUse, Verifier};
use support::{access_claims, jwks, Clock, Key, Reply, Server, CLIENT, NOW, POOL};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn fetch_failure_and_cooldown_are_traced_without_the_token() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .finish();
    let server = Server::start(Reply::Json(
        jwks(&[Key::a().jwk("k1", serde_json::json!({}))]),
        None,
    ));
    let clock = Clock::at(NOW);
    let token = Key::a().token("k1", &access_claims());
    let unknown = Key::b().token("k9", &access_claims());
    tracing::subscriber::with_default(subscriber, || {
        let v = Verifier::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .jwks_url(&server.jwks_url())
            .allow_http_loopback(true)
            .clock(clock.reader())
            .build()
            .unwrap();
        v.verify(&token).unwrap();
        assert_eq!(v.verify(&unknown).unwrap_err(), Error::UnknownKid);
        server.set(Reply::Status(500));
        clock.advance(3600);
        v.verify(&token).unwrap();
    });
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("JWKS fetched"), "{logs}");
    assert!(logs.contains("unknown kid during JWKS cooldown"), "{logs}");
    assert!(
        logs.contains("JWKS fetch failed") && logs.contains("HTTP status 500"),
        "{logs}"
    );
    for secret in [&token, &unknown] {
        let signature = secret.rsplit('.').next().unwrap();
        assert!(!logs.contains(signature), "a token leaked into the logs");
        assert!(
            !logs.contains(secret.split('.').nth(1).unwrap()),
            "a payload leaked into the logs"
        );
    }
}
