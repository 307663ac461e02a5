//! The test kit shared by every test crate, benchmark and fuzz target: the fixed signing
//! keys, token and JWKS builders, and a loopback JWKS server that counts its requests.
//! When an algorithm is added, test tokens learn it here, once. Not published.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use rsa::pkcs1v15::Pkcs1v15Sign;
use rsa::pkcs8::DecodePrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};

mod other_keys;
pub use other_keys::OtherKey;

/// `base` with the members of `extra` set over it (a null value removes the member).
pub fn merge(mut base: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        if v.is_null() {
            base.as_object_mut().unwrap().remove(k);
        } else {
            base[k] = v.clone();
        }
    }
    base
}

/// Unpadded base64url.
pub fn b64(bytes: impl AsRef<[u8]>) -> String {
    Base64UrlUnpadded::encode_string(bytes.as_ref())
}

/// Decodes unpadded base64url (panics on bad input: test data).
pub fn unb64(text: &str) -> Vec<u8> {
    Base64UrlUnpadded::decode_vec(text).unwrap()
}

/// `{"keys":[...]}` of these JWKs.
pub fn jwks(keys: &[Value]) -> String {
    json!({ "keys": keys }).to_string()
}

/// A fixed private key from `tests/keys`.
pub struct TestKey {
    pub private: RsaPrivateKey,
}

impl TestKey {
    fn from_der(der: &[u8]) -> Self {
        Self {
            private: RsaPrivateKey::from_pkcs8_der(der).unwrap(),
        }
    }

    /// One of the keys in `tests/keys` by name (`rsa1024`, `rsa3072`, `rsa2048_e3`, ...).
    pub fn load(name: &str) -> Self {
        let path = format!(
            "{}/../tests/keys/{name}.pk8.der",
            env!("CARGO_MANIFEST_DIR")
        );
        Self::from_der(&std::fs::read(path).unwrap())
    }

    /// Key A (`tests/keys/rsa2048_a.pk8.der`), parsed once per process.
    pub fn a() -> &'static Self {
        static KEY: OnceLock<TestKey> = OnceLock::new();
        KEY.get_or_init(|| Self::from_der(include_bytes!("../../tests/keys/rsa2048_a.pk8.der")))
    }

    /// Key B, another RSA-2048 key (a forger's, or the next one in a rotation).
    pub fn b() -> &'static Self {
        static KEY: OnceLock<TestKey> = OnceLock::new();
        KEY.get_or_init(|| Self::from_der(include_bytes!("../../tests/keys/rsa2048_b.pk8.der")))
    }

    pub fn n_bytes(&self) -> Vec<u8> {
        self.private.n().to_be_bytes_trimmed_vartime().to_vec()
    }

    pub fn e_bytes(&self) -> Vec<u8> {
        self.private.e().to_be_bytes_trimmed_vartime().to_vec()
    }

    /// The public JWK with `kid`, `use: sig`, `alg: RS256`; `extra` members override.
    pub fn jwk(&self, kid: &str, extra: Value) -> Value {
        let jwk = json!({
            "kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256",
            "n": b64(self.n_bytes()), "e": b64(self.e_bytes()),
        });
        merge(jwk, extra)
    }

    /// The signature of `message` with `alg`: RS256/384/512, or PS256/384/512 (salted
    /// with the hash length, as RFC 7518 3.5 fixes).
    pub fn sign_raw(&self, alg: &str, message: &[u8]) -> Vec<u8> {
        if let Some(bits) = alg.strip_prefix("PS") {
            return self.sign_pss(bits, message);
        }
        let (scheme, digest) = match alg {
            "RS384" => (
                Pkcs1v15Sign::new::<Sha384>(),
                Sha384::digest(message).to_vec(),
            ),
            "RS512" => (
                Pkcs1v15Sign::new::<Sha512>(),
                Sha512::digest(message).to_vec(),
            ),
            _ => (
                Pkcs1v15Sign::new::<Sha256>(),
                Sha256::digest(message).to_vec(),
            ),
        };
        self.private.sign(scheme, &digest).unwrap()
    }

    fn sign_pss(&self, bits: &str, message: &[u8]) -> Vec<u8> {
        use rsa::pss::Pss;
        let mut rng = rsa::rand_core::UnwrapErr(crypto_common::getrandom::SysRng);
        match bits {
            "384" => {
                self.private
                    .sign_with_rng(&mut rng, Pss::<Sha384>::new(), &Sha384::digest(message))
            }
            "512" => {
                self.private
                    .sign_with_rng(&mut rng, Pss::<Sha512>::new(), &Sha512::digest(message))
            }
            _ => {
                self.private
                    .sign_with_rng(&mut rng, Pss::<Sha256>::new(), &Sha256::digest(message))
            }
        }
        .unwrap()
    }

    /// A compact token from raw header and payload JSON text, signed with `alg`.
    pub fn sign_text(&self, alg: &str, header: &str, payload: &str) -> String {
        self.sign_bytes(alg, header.as_bytes(), payload.as_bytes())
    }

    /// A compact token from raw header and payload bytes (any bytes), signed with `alg`.
    pub fn sign_bytes(&self, alg: &str, header: &[u8], payload: &[u8]) -> String {
        let input = format!("{}.{}", b64(header), b64(payload));
        let sig = self.sign_raw(alg, input.as_bytes());
        format!("{input}.{}", b64(sig))
    }

    /// RS256 token with header `{"alg":"RS256","kid":kid}` and the given claims.
    pub fn token(&self, kid: &str, claims: &Value) -> String {
        let header = json!({"alg": "RS256", "kid": kid}).to_string();
        self.token_with_header(&header, claims)
    }

    /// An RS256 token with this exact header text and the given claims.
    pub fn token_with_header(&self, header: &str, claims: &Value) -> String {
        self.sign_text("RS256", header, &claims.to_string())
    }
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
