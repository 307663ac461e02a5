//! `edgejwt demo`: a self-contained tour. A fresh RSA key, its JWKS served over real
//! HTTP on 127.0.0.1, Cognito-shaped tokens verified through the fetching cache, and
//! the usual mistakes rejected with their codes.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use base64ct::{Base64UrlUnpadded, Encoding};
use edgejwt_std::{TokenUse, Verifier};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{REJECTED, VALID};

const POOL: &str = "us-east-1_EdgeJwtDemo";
const CLIENT: &str = "demo-app-client";
const KID: &str = "demo-key-1";

fn set(claims: &mut Value, name: &str, value: Value) {
    if let Some(object) = claims.as_object_mut() {
        object.insert(name.to_owned(), value);
    }
}

fn b64(bytes: &[u8]) -> String {
    Base64UrlUnpadded::encode_string(bytes)
}

struct Issuer {
    key: RsaPrivateKey,
    issuer: String,
}

impl Issuer {
    fn jwks(&self) -> String {
        let public = self.key.to_public_key();
        json!({ "keys": [{
            "kty": "RSA", "kid": KID, "use": "sig", "alg": "RS256",
            "n": b64(&public.n().to_be_bytes_trimmed_vartime()),
            "e": b64(&public.e().to_be_bytes_trimmed_vartime()),
        }]})
        .to_string()
    }

    fn sign(&self, kid: &str, claims: &Value) -> String {
        let header = json!({ "kid": kid, "alg": "RS256" }).to_string();
        let input = format!(
            "{}.{}",
            b64(header.as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let digest = Sha256::digest(input.as_bytes());
        let signature = self
            .key
            .sign(Pkcs1v15Sign::new::<Sha256>(), &digest)
            .unwrap_or_default();
        format!("{input}.{}", b64(&signature))
    }

    fn claims(&self, token_use: &str, now: u64) -> Value {
        let mut claims = json!({
            "sub": "5f1e9c52-demo-4000-8000-000000000001",
            "iss": self.issuer,
            "token_use": token_use,
            "auth_time": now - 5,
            "iat": now - 5,
            "exp": now + 3600,
            "jti": "demo-jti-1",
        });
        if token_use == "access" {
            set(&mut claims, "client_id", json!(CLIENT));
            set(&mut claims, "scope", json!("openid profile orders/read"));
            set(&mut claims, "username", json!("demo-user"));
        } else {
            set(&mut claims, "aud", json!(CLIENT));
            set(&mut claims, "cognito:username", json!("demo-user"));
            set(&mut claims, "email", json!("demo@example.com"));
        }
        claims
    }
}

/// Serves the JWKS at any path on a random loopback port, counting requests.
fn serve_jwks(jwks: String) -> std::io::Result<(String, Arc<AtomicUsize>)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/.well-known/jwks.json", listener.local_addr()?);
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&fetches);
    std::thread::spawn(move || {
        for mut stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            counter.fetch_add(1, Ordering::SeqCst);
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncache-control: max-age=3600\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{jwks}",
                jwks.len()
            );
            let _ = stream.write_all(response.as_bytes());
        }
    });
    Ok((url, fetches))
}

pub(crate) fn run() -> u8 {
    match tour() {
        Ok(true) => VALID,
        Ok(false) => REJECTED,
        Err(e) => {
            eprintln!("edgejwt demo: {e}");
            crate::USAGE
        }
    }
}

fn tour() -> Result<bool, Box<dyn std::error::Error>> {
    println!("edgejwt demo: a local Cognito-style issuer, its JWKS over HTTP, and tokens.\n");
    let key = RsaPrivateKey::new(&mut rand::rng(), 2048)?;
    let issuer = Issuer {
        key,
        issuer: edgejwt_std::core::cognito_issuer(POOL)?,
    };
    let (url, fetches) = serve_jwks(issuer.jwks())?;
    println!("  made an RSA-2048 key (kid {KID}); JWKS served at {url}");
    println!("  issuer {}", issuer.issuer);
    println!("  verifiers: pool {POOL}, client id {CLIENT}\n");

    let build = |token_use| {
        Verifier::cognito(POOL, token_use)
            .client_id(CLIENT)
            .jwks_url(&url)
            .allow_http_loopback(true)
            .build()
    };
    let access = build(TokenUse::Access)?;
    let id = build(TokenUse::Id)?;
    let now = edgejwt_std::unix_now().as_secs();

    let good_access = issuer.sign(KID, &issuer.claims("access", now));
    let good_id = issuer.sign(KID, &issuer.claims("id", now));
    let mut tampered_claims = issuer.claims("access", now);
    set(&mut tampered_claims, "username", json!("admin"));
    let tampered = {
        let (head, rest) = good_access.split_once('.').unwrap_or_default();
        let signature = rest.rsplit_once('.').map(|(_, s)| s).unwrap_or_default();
        format!(
            "{head}.{}.{signature}",
            b64(tampered_claims.to_string().as_bytes())
        )
    };
    let mut expired_claims = issuer.claims("access", now);
    set(&mut expired_claims, "exp", json!(now - 60));
    let mut other_client = issuer.claims("access", now);
    set(&mut other_client, "client_id", json!("some-other-app"));

    let cases: [(&str, &Verifier, String, bool); 7] = [
        ("access token", &access, good_access.clone(), true),
        ("id token (id verifier)", &id, good_id.clone(), true),
        (
            "access token with its payload edited",
            &access,
            tampered,
            false,
        ),
        (
            "expired access token",
            &access,
            issuer.sign(KID, &expired_claims),
            false,
        ),
        (
            "token for another app client",
            &access,
            issuer.sign(KID, &other_client),
            false,
        ),
        (
            "id token where access tokens are expected",
            &access,
            good_id,
            false,
        ),
        (
            "token naming a key the issuer never published",
            &access,
            issuer.sign("rogue-key", &issuer.claims("access", now)),
            false,
        ),
    ];
    let mut as_expected = true;
    let mut fetches_before_unknown_kid = 0;
    for (what, verifier, token, should_pass) in cases {
        fetches_before_unknown_kid = fetches.load(Ordering::SeqCst);
        match verifier.verify(&token) {
            Ok(verified) => {
                let claims = verified.claims();
                let who = claims
                    .username()
                    .or(claims.cognito_username())
                    .unwrap_or_default();
                println!(
                    "  ACCEPTED  {what:<46} user {who}, token_use {}",
                    claims.token_use().unwrap_or_default()
                );
                as_expected &= should_pass;
            }
            Err(error) => {
                println!(
                    "  REJECTED  {what:<46} {:<20} {}",
                    error.code(),
                    error.message()
                );
                as_expected &= !should_pass;
            }
        }
    }
    let total = fetches.load(Ordering::SeqCst);
    println!(
        "\n  JWKS fetches seen by the server: {total} for 7 verifications (two verifiers, each"
    );
    println!("  fetches on first use, then serves from its cache).");
    if total == fetches_before_unknown_kid {
        println!("  The unknown kid came within the 10 s cooldown after the last fetch, so it was");
        println!(
            "  refused without another request: a flood of made-up kids cannot hammer the issuer."
        );
    } else {
        println!("  The unknown kid triggered one refresh; further unknown kids wait out a 10 s cooldown.");
    }
    println!(
        "  {}",
        if as_expected {
            "every verdict as expected"
        } else {
            "UNEXPECTED verdicts above"
        }
    );
    Ok(as_expected)
}
