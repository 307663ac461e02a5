//! Test support: fixed signing keys, token minting, and a real HTTP server on loopback
//! whose behaviour the test sets and whose requests it counts.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const NOW: u64 = 1_700_000_000;
pub const POOL: &str = "us-east-1_StdTests1";
pub const CLIENT: &str = "std-client";

pub fn issuer() -> String {
    edgejwt_std::core::cognito_issuer(POOL).unwrap()
}

pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    Base64UrlUnpadded::encode_string(bytes.as_ref())
}

pub struct Key(RsaPrivateKey);

impl Key {
    pub fn a() -> Self {
        Self(
            RsaPrivateKey::from_pkcs8_der(include_bytes!("../../../tests/keys/rsa2048_a.pk8.der"))
                .unwrap(),
        )
    }

    pub fn b() -> Self {
        Self(
            RsaPrivateKey::from_pkcs8_der(include_bytes!("../../../tests/keys/rsa2048_b.pk8.der"))
                .unwrap(),
        )
    }

    pub fn jwk(&self, kid: &str) -> Value {
        json!({
            "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
            "n": b64(self.0.n().to_be_bytes_trimmed_vartime()),
            "e": b64(self.0.e().to_be_bytes_trimmed_vartime()),
        })
    }

    pub fn token(&self, kid: &str, claims: &Value) -> String {
        self.token_with_header(&json!({ "alg": "RS256", "kid": kid }).to_string(), claims)
    }

    /// An RS256 token with this exact header text.
    pub fn token_with_header(&self, header: &str, claims: &Value) -> String {
        let input = format!("{}.{}", b64(header), b64(claims.to_string()));
        let sig = self
            .0
            .sign(
                Pkcs1v15Sign::new::<Sha256>(),
                &Sha256::digest(input.as_bytes()),
            )
            .unwrap();
        format!("{input}.{}", b64(sig))
    }
}

pub fn jwks(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

/// An access token for [`POOL`] / [`CLIENT`], valid for a day around [`NOW`].
pub fn access_claims() -> Value {
    json!({
        "sub": "user-1", "iss": issuer(), "client_id": CLIENT, "token_use": "access",
        "scope": "orders/read", "iat": NOW - 10, "exp": NOW + 86_400 * 2, "username": "alice",
    })
}

/// A settable clock shared with a verifier.
#[derive(Clone)]
pub struct Clock(Arc<AtomicU64>);

impl Clock {
    pub fn at(now: u64) -> Self {
        Self(Arc::new(AtomicU64::new(now)))
    }
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }
    pub fn advance(&self, seconds: u64) {
        self.0.fetch_add(seconds, Ordering::SeqCst);
    }
    pub fn reader(&self) -> impl Fn() -> u64 + Send + Sync + 'static {
        let shared = Arc::clone(&self.0);
        move || shared.load(Ordering::SeqCst)
    }
}

/// What the test server answers.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with this body and an optional `Cache-Control: max-age`.
    Json(String, Option<u64>),
    /// This status with a short body.
    Status(u16),
    /// 200 with this body after a delay.
    Slow(Duration, String),
    /// 302 to this location.
    Redirect(String),
    /// Per path: the first matching prefix wins.
    Routes(Vec<(String, Reply)>),
    /// 200 with these extra header lines (each ending in CRLF) and these body bytes.
    Raw(String, Vec<u8>),
}

pub struct Server {
    pub base: String,
    hits: Arc<AtomicUsize>,
    reply: Arc<Mutex<Reply>>,
    stopped: Arc<AtomicBool>,
}

impl Server {
    pub fn start(reply: Reply) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let reply = Arc::new(Mutex::new(reply));
        let stopped = Arc::new(AtomicBool::new(false));
        let (h, r, s) = (Arc::clone(&hits), Arc::clone(&reply), Arc::clone(&stopped));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break; // dropping the listener: later connections are refused
                }
                let Ok(stream) = stream else { continue };
                let (h, r) = (Arc::clone(&h), Arc::clone(&r));
                std::thread::spawn(move || handle(stream, &h, &r));
            }
        });
        Self {
            base,
            hits,
            reply,
            stopped,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn jwks_url(&self) -> String {
        self.url("/.well-known/jwks.json")
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn set(&self, reply: Reply) {
        *self.reply.lock().unwrap() = reply;
    }

    /// Stops accepting: connections are refused from now on.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.base.trim_start_matches("http://"));
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn handle(mut stream: TcpStream, hits: &AtomicUsize, reply: &Mutex<Reply>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).unwrap_or(0) == 0 {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    hits.fetch_add(1, Ordering::SeqCst);
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let mut reply = reply.lock().unwrap().clone();
    while let Reply::Routes(routes) = &reply {
        reply = routes
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix.as_str()))
            .map(|(_, r)| r.clone())
            .unwrap_or(Reply::Status(404));
    }
    let response = match reply {
        Reply::Json(body, max_age) => {
            let cache = max_age.map(|a| format!("cache-control: max-age={a}\r\n")).unwrap_or_default();
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{cache}content-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
        }
        Reply::Status(code) => format!("HTTP/1.1 {code} Oops\r\ncontent-length: 4\r\nconnection: close\r\n\r\noops"),
        Reply::Slow(delay, body) => {
            std::thread::sleep(delay);
            format!("HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}", body.len())
        }
        Reply::Redirect(to) => format!("HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"),
        Reply::Raw(headers, body) => {
            let head = format!("HTTP/1.1 200 OK\r\n{headers}content-length: {}\r\nconnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(&[head.as_bytes(), &body].concat());
            return;
        }
        Reply::Routes(_) => unreachable!(),
    };
    let _ = stream.write_all(response.as_bytes());
}

/// [`access_claims`] with another `exp`.
pub fn with_exp(exp: u64) -> Value {
    let mut claims = access_claims();
    claims["exp"] = json!(exp);
    claims
}
