//! The fetch side of the JWKS cache: what to GET (the JWKS, or first the OpenID
//! discovery document that names it) and what each response means for the cache.
//!

use alloc::borrow::ToOwned;
use alloc::format;
use alloc::string::String;

use crate::json;
use crate::{check_jwks_url, Error, JwksCache, KeySet, Policy, PublicKey};

/// Where a verifier's keys come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// GET the JWKS at this URL.
    Jwks(String),
    /// OpenID Connect Discovery 1.0: GET `{issuer}/.well-known/openid-configuration`,
    /// require its `issuer` to equal this one (section 4.3), then GET its `jwks_uri`
    /// (remembered for later refreshes).
    Discover {
        /// The issuer, exactly as tokens name it.
        issuer: String,
    },
    /// One PEM public key per `kid`, at `{base_url}/{kid}`, fetched when a token first
    /// names it (AWS ALB: [`alb_keys_url`](crate::alb_keys_url)). Only a UUID `kid`
    /// reaches the URL; the keys fetched are kept, at most
    /// [`JwksCache::MAX_PER_KID_KEYS`], the oldest dropped first.
    PemPerKid {
        /// The address the `kid` is appended to, after a `/`.
        base_url: String,
    },
    /// Never fetched: keys come only from `cache_jwks`.
    Offline,
}

/// The limits every adapter puts on one GET, so a slow or huge answer costs the same
/// bounded time and memory in every host. The std adapter lets callers change them
/// (`HttpOptions`); the wasm package uses these defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchLimits {
    /// Largest body accepted, in decoded bytes: refused as soon as it grows past this,
    /// while it streams in (a JWKS of 64 keys is about 30 KiB).
    pub max_body_bytes: usize,
    /// Timeout for the whole exchange, in milliseconds.
    pub total_timeout_ms: u32,
    /// Timeout for connecting (TCP and TLS), in milliseconds, where the host lets the
    /// adapter set it apart.
    pub connect_timeout_ms: u32,
}

impl FetchLimits {
    /// 64 KiB, 5 s in all, 2 s to connect.
    pub const DEFAULT: FetchLimits = FetchLimits {
        max_body_bytes: 64 * 1024,
        total_timeout_ms: 5_000,
        connect_timeout_ms: 2_000,
    };
}

impl Default for FetchLimits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// A response body the adapter fetched (status 200, redirects not followed, within its
/// size cap, content-encoding decoded).
#[derive(Debug, Clone, Copy)]
pub struct Fetched<'b> {
    /// The body as bytes: the core judges them (UTF-8, JSON, JWKS).
    pub body: &'b [u8],
    /// `Cache-Control: max-age` of the response
    /// ([`max_age_from_cache_control`](crate::max_age_from_cache_control)).
    pub max_age: Option<u64>,
}

/// What the adapter does after handing a GET's outcome to [`JwksCache::finish_get`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AfterGet {
    /// GET this URL next (the fetch is still in flight), then call `finish_get` again.
    Get(String),
    /// The fetch is over: wake whoever waits, and log the report if you log.
    Done(FetchReport),
}

/// How a fetch ended, for the adapter's logs (never token contents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchReport {
    /// The last URL fetched.
    pub url: String,
    /// Keys held and skipped, and the refresh interval asked for; or the error code the
    /// cache now reports and a reason for humans.
    pub outcome: Result<FetchedKeys, (Error, String)>,
}

/// The counts of a successful fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchedKeys {
    /// Usable keys in the new set.
    pub keys: usize,
    /// Entries skipped (unsupported kind, malformed, refused by key policy).
    pub skipped: usize,
    /// The response's `max-age`, before clamping.
    pub max_age: Option<u64>,
}

/// The fetch bookkeeping the cache keeps beside its timers.
#[derive(Debug, Clone)]
pub(crate) struct FetchState {
    source: KeySource,
    allow_http_loopback: bool,
    /// The JWKS URL a discovery document named.
    discovered: Option<String>,
    /// What the GET in flight is for.
    awaiting: Option<Awaiting>,
}

impl FetchState {
    pub(crate) fn new(source: KeySource, allow_http_loopback: bool) -> Self {
        Self {
            source,
            allow_http_loopback,
            discovered: None,
            awaiting: None,
        }
    }
}

#[derive(Debug, Clone)]
enum Awaiting {
    Discovery(String),
    Jwks(String),
    /// The PEM key of this `kid`, at this URL.
    Pem {
        url: String,
        kid: String,
    },
}

fn discovery_url(issuer: &str) -> String {
    format!(
        "{}/.well-known/openid-configuration",
        issuer.trim_end_matches('/')
    )
}

/// OpenID Connect Discovery 1.0: the document's `issuer` must equal ours (4.3), and its
/// `jwks_uri` must pass the URL rule. Members are read by their decoded names.
fn jwks_uri_of(
    document: &[u8],
    issuer: &str,
    allow_http_loopback: bool,
) -> Result<String, (Error, String)> {
    let invalid = |why: &str| (Error::JwksInvalid, format!("discovery: {why}"));
    let text = core::str::from_utf8(document).map_err(|_| invalid("not UTF-8"))?;
    json::validate(text, crate::key::KEY_DOCUMENT_DEPTH).map_err(|_| invalid("not JSON"))?;
    let member = |name: &str| {
        json::document_value(text)
            .and_then(json::object_value_members)
            .and_then(|members| members.get(name))
            .and_then(json::Value::as_str)
            .map(|value| value.to_cow())
    };
    if member("issuer").is_none_or(|named| named != issuer) {
        return Err(invalid("the issuer in the document differs"));
    }
    let jwks_uri = member("jwks_uri").ok_or_else(|| invalid("no jwks_uri"))?;
    check_jwks_url(&jwks_uri, allow_http_loopback)
        .map_err(|why| (Error::JwksUnavailable, format!("discovery: jwks_uri {why}")))?;
    Ok(jwks_uri.into_owned())
}

impl JwksCache {
    /// Whether the source can be fetched at all (not [`KeySource::Offline`]).
    pub fn can_fetch(&self) -> bool {
        self.fetching.source != KeySource::Offline
    }

    /// Begins a fetch at `now` (single flight: others get `Wait` until it ends) and
    /// returns the URL to GET; `None` for an offline source (nothing is started).
    pub fn start_fetch(&mut self, now: u64) -> Option<String> {
        let awaiting = match (&self.fetching.source, &self.fetching.discovered) {
            // A key per kid has no "whole set" to fetch: see start_fetch_for.
            (KeySource::Offline | KeySource::PemPerKid { .. }, _) => return None,
            (KeySource::Jwks(url), _) | (KeySource::Discover { .. }, Some(url)) => {
                Awaiting::Jwks(url.clone())
            }
            (KeySource::Discover { issuer }, None) => Awaiting::Discovery(discovery_url(issuer)),
        };
        self.begin(now, awaiting)
    }

    fn begin(&mut self, now: u64, awaiting: Awaiting) -> Option<String> {
        self.fetch_started(now);
        let url = match &awaiting {
            Awaiting::Discovery(url) | Awaiting::Jwks(url) | Awaiting::Pem { url, .. } => {
                url.clone()
            }
        };
        self.fetching.awaiting = Some(awaiting);
        Some(url)
    }

    /// [`start_fetch`](Self::start_fetch) for the fetch `token` needs: what adapters
    /// call on a [`Step::Fetch`](crate::Step::Fetch) of a verification. The same as
    /// `start_fetch` except for a [`KeySource::PemPerKid`], where the URL names the
    /// token's `kid`; read under `policy` (which must accept the token's header: for
    /// ALB, a UUID `kid`), or `None` and nothing started.
    pub fn start_fetch_for(&mut self, now: u64, policy: &Policy, token: &str) -> Option<String> {
        let KeySource::PemPerKid { base_url } = &self.fetching.source else {
            return self.start_fetch(now);
        };
        let (_, header) = policy.decode_header(token).ok()?;
        let kid = policy.read_header(&header).ok()?.kid.to_cow().into_owned();
        let url = crate::alb::key_url(base_url, &kid)?;
        self.begin(now, Awaiting::Pem { url, kid })
    }

    /// Whether keys are fetched one `kid` at a time ([`KeySource::PemPerKid`]): there is
    /// no whole set for `hydrate` to fetch.
    pub fn fetches_per_kid(&self) -> bool {
        matches!(self.fetching.source, KeySource::PemPerKid { .. })
    }

    /// The outcome of the GET asked for by [`start_fetch`](Self::start_fetch) or by an
    /// [`AfterGet::Get`]: `Ok` with the body, or `Err` with the transport's reason (a
    /// status other than 200, a timeout, a body over the cap...). The cache parses the
    /// body, installs or keeps its set, and says what comes next.
    pub fn finish_get(&mut self, now: u64, outcome: Result<Fetched<'_>, &str>) -> AfterGet {
        let Some(awaiting) = self.fetching.awaiting.take() else {
            // Nothing was asked for: a stray report changes nothing.
            return AfterGet::Done(FetchReport {
                url: String::new(),
                outcome: Err((Error::JwksUnavailable, "no fetch in flight".to_owned())),
            });
        };
        let (url, result) = match awaiting {
            Awaiting::Discovery(url) => {
                let issuer = match &self.fetching.source {
                    KeySource::Discover { issuer } => issuer.clone(),
                    _ => String::new(),
                };
                let found = outcome
                    .map_err(|why| (Error::JwksUnavailable, format!("discovery: {why}")))
                    .and_then(|fetched| {
                        jwks_uri_of(fetched.body, &issuer, self.fetching.allow_http_loopback)
                    });
                match found {
                    Ok(jwks_uri) => {
                        self.fetching.discovered = Some(jwks_uri.clone());
                        self.fetching.awaiting = Some(Awaiting::Jwks(jwks_uri.clone()));
                        return AfterGet::Get(jwks_uri);
                    }
                    Err(failure) => (url, Err(failure)),
                }
            }
            Awaiting::Pem { url, kid } => {
                let added = outcome
                    .map_err(|why| (Error::JwksUnavailable, why.to_owned()))
                    .and_then(|fetched| {
                        let invalid = || {
                            (
                                Error::JwksInvalid,
                                "the response is not a PEM public key".to_owned(),
                            )
                        };
                        let pem = core::str::from_utf8(fetched.body).map_err(|_| invalid())?;
                        PublicKey::from_spki_pem(pem).map_err(|_| invalid())
                    });
                let result = match added {
                    Ok(key) => {
                        let mut keys = self.keys().cloned().unwrap_or_default();
                        // As aws-jwt-verify presents ALB's keys: ES256, for signatures.
                        let key = key
                            .with_kid(&kid)
                            .with_algorithm(crate::Algorithm::ES256)
                            .declaring_signature_use();
                        keys.insert_evicting_oldest(key, Self::MAX_PER_KID_KEYS);
                        Ok((keys, None))
                    }
                    Err(failure) => Err(failure),
                };
                (url, result)
            }
            Awaiting::Jwks(url) => {
                let parsed = outcome
                    .map_err(|why| (Error::JwksUnavailable, why.to_owned()))
                    .and_then(|fetched| {
                        KeySet::from_jwks_bytes(fetched.body)
                            .map(|keys| (keys, fetched.max_age))
                            .map_err(|error| (error, "the response is not a valid JWKS".to_owned()))
                    });
                (url, parsed)
            }
        };
        let outcome = match result {
            Ok((keys, max_age)) => {
                let counts = FetchedKeys {
                    keys: keys.len(),
                    skipped: keys.skipped(),
                    max_age,
                };
                self.fetch_succeeded(now, keys, max_age);
                Ok(counts)
            }
            Err((error, why)) => {
                self.record_failure(now, error);
                Err((error, why))
            }
        };
        AfterGet::Done(FetchReport { url, outcome })
    }

    /// After a fetch (`hydrate`): `Ok` when it installed a set, else why it failed.
    pub fn hydrate_verdict(&self) -> Result<(), Error> {
        match self.last_fetch_failed() {
            true => Err(self.refine(Error::JwksUnavailable)),
            false if self.keys().is_some() => Ok(()),
            false => Err(Error::JwksUnavailable),
        }
    }

    /// Installs a JWKS body you already have (no network; `cache_jwks`): parsed by the
    /// bytes rule, never refreshed periodically.
    ///
    /// For keys fetched per kid ([`KeySource::PemPerKid`]) the document's keys join those
    /// held (the oldest dropped past [`JwksCache::MAX_PER_KID_KEYS`]), as fetched keys do.
    pub fn cache_jwks(&mut self, now: u64, body: &[u8]) -> Result<(), Error> {
        let keys = KeySet::from_jwks_bytes(body)?;
        if self.fetches_per_kid() {
            let mut held = self.keys().cloned().unwrap_or_default();
            for key in keys.keys() {
                held.insert_evicting_oldest(key.clone(), Self::MAX_PER_KID_KEYS);
            }
            self.keys = Some(held);
            return Ok(());
        }
        self.cache_offline(now, keys);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jwks_cache::Next;
    use crate::{CacheSettings, Policy, Step};
    use alloc::vec::Vec;

    const ISSUER: &str = "https://issuer.example";
    const JWKS_URI: &str = "https://issuer.example/keys";
    const DISCOVERY: &[u8] =
        br#"{"issuer":"https://issuer.example","jwks_uri":"https:\/\/issuer.example\/keys"}"#;
    // {"alg":"RS256","kid":"k1"}.{}.sig: passes steps 1-3, names kid k1.
    const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln";

    fn discovering() -> JwksCache {
        let source = KeySource::Discover {
            issuer: ISSUER.into(),
        };
        JwksCache::with_source(CacheSettings::default(), source, false)
    }

    fn ok(body: &[u8]) -> Result<Fetched<'_>, &str> {
        Ok(Fetched {
            body,
            max_age: None,
        })
    }

    /// Runs one whole fetch the way an adapter does, answering each URL from `serve`.
    fn drive(
        cache: &mut JwksCache,
        now: u64,
        mut serve: impl FnMut(&str) -> Result<Vec<u8>, &'static str>,
    ) -> (Vec<String>, FetchReport) {
        let mut asked = Vec::new();
        let mut url = cache.start_fetch(now).unwrap();
        loop {
            asked.push(url.clone());
            let answer = serve(&url);
            let outcome = match &answer {
                Ok(body) => ok(body),
                Err(why) => Err(*why),
            };
            match cache.finish_get(now, outcome) {
                AfterGet::Get(next) => url = next,
                AfterGet::Done(report) => return (asked, report),
            }
        }
    }

    #[test]
    fn the_whole_driver_discovery_refine_hydrate_rotation_stale() {
        let policy = Policy::oidc(ISSUER).audience("a").build().unwrap();
        let mut cache = discovering();
        // Cold: the step asks for a fetch; the first fetch discovers, then GETs the JWKS.
        assert!(matches!(
            cache.verify_step(&policy, TOKEN, 0, true),
            Step::Fetch
        ));
        let (asked, report) = drive(&mut cache, 0, |url| match url {
            "https://issuer.example/.well-known/openid-configuration" => Ok(DISCOVERY.to_vec()),
            JWKS_URI => Ok(br#"{"keys":[]}"#.to_vec()),
            _ => Err("404"),
        });
        assert_eq!(
            asked,
            [
                "https://issuer.example/.well-known/openid-configuration",
                JWKS_URI
            ]
        );
        assert_eq!(report.url, JWKS_URI);
        assert_eq!(cache.hydrate_verdict(), Ok(()));
        // The discovered URL is remembered: a refresh GETs the JWKS directly.
        assert!(
            matches!(cache.verify_step(&policy, TOKEN, 20, true), Step::Fetch),
            "unknown kid -> one refresh"
        );
        let (asked, _) = drive(&mut cache, 20, |_| {
            Ok(br#"{"keys":[{"kty":"RSA","kid":"k1","n":1}]}"#.to_vec())
        });
        assert_eq!(asked, [JWKS_URI]);
        // Rotation installed a set whose k1 is malformed: key_rejected, not a fetch.
        assert!(matches!(
            cache.verify_step(&policy, TOKEN, 21, true),
            Step::Done(Err(Error::KeyRejected))
        ));
        // A failing refresh keeps the set (stale) and reports why; invalid bodies say so.
        let (_, report) = drive(&mut cache, 3600 + 20, |_| Ok(b"not json".to_vec()));
        assert_eq!(report.outcome.map_err(|(e, _)| e), Err(Error::JwksInvalid));
        assert_eq!(cache.hydrate_verdict(), Err(Error::JwksInvalid));
        assert_eq!(
            cache.before_verify(3600 + 25),
            Next::UseKeys,
            "stale set still served"
        );
        // Past the stale limit with the server down: the refined error is the last reason.
        let (_, report) = drive(&mut cache, 86_400 + 30, |_| Err("HTTP status 503"));
        assert_eq!(
            report.outcome,
            Err((Error::JwksUnavailable, "HTTP status 503".into()))
        );
        match cache.verify_step(&policy, TOKEN, 86_400 + 31, true) {
            Step::Done(Err(error)) => assert_eq!(error, Error::JwksUnavailable),
            other => panic!("{other:?}"),
        }
        // A later good fetch clears the failure.
        let (_, _) = drive(&mut cache, 86_400 + 45, |_| Ok(br#"{"keys":[]}"#.to_vec()));
        assert_eq!(cache.last_error(), None);
        assert_eq!(cache.hydrate_verdict(), Ok(()));
    }

    #[test]
    fn refine_reports_an_invalid_jwks_instead_of_unavailable() {
        let policy = Policy::oidc(ISSUER).audience("a").build().unwrap();
        let mut cache = JwksCache::with_source(
            CacheSettings::default(),
            KeySource::Jwks(JWKS_URI.into()),
            false,
        );
        let (asked, _) = drive(&mut cache, 0, |_| Ok(b"{\"keys\":".to_vec()));
        assert_eq!(asked, [JWKS_URI]);
        assert!(matches!(
            cache.verify_step(&policy, TOKEN, 1, true),
            Step::Done(Err(Error::JwksInvalid))
        ));
        assert_eq!(cache.refine(Error::Expired), Error::Expired);
    }

    #[test]
    fn discovery_documents_are_checked() {
        let cases: [(&[u8], Error); 5] = [
            (
                br#"{"issuer":"https://other.example","jwks_uri":"https://other.example/keys"}"#,
                Error::JwksInvalid,
            ),
            (
                br#"{"issuer":"https://issuer.example"}"#,
                Error::JwksInvalid,
            ),
            (
                br#"{"issuer":"https://issuer.example","jwks_uri":"http://evil.example/keys"}"#,
                Error::JwksUnavailable,
            ),
            (b"\xFF", Error::JwksInvalid),
            (br#"["https://issuer.example"]"#, Error::JwksInvalid),
        ];
        for (document, expected) in cases {
            let mut cache = discovering();
            let (asked, report) = drive(&mut cache, 0, |_| Ok(document.to_vec()));
            assert_eq!(asked.len(), 1, "no JWKS GET after a refused document");
            assert_eq!(report.outcome.map_err(|(e, _)| e), Err(expected));
            assert_eq!(cache.hydrate_verdict(), Err(expected));
        }
        // Members are read by their decoded names.
        let mut cache = discovering();
        let escaped =
            br#"{"\u0069ssuer":"https://issuer.example","jwks_uri":"https://issuer.example/keys"}"#;
        let (asked, _) = drive(&mut cache, 0, |url| match url {
            JWKS_URI => Ok(br#"{"keys":[]}"#.to_vec()),
            _ => Ok(escaped.to_vec()),
        });
        assert_eq!(asked.len(), 2);
    }

    /// A P-256 public key (made with openssl for this test).
    #[cfg(feature = "es256")]
    const P256_PEM: &[u8] = b"-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEjUJwL2zDuHoKhLknXJOdLncmVtqQ
Za6JPgphIEIp7czpK0sZ2FlB7zDfNL3Kl37wQyJn9HMKgjT5FN0t2pbJbg==
-----END PUBLIC KEY-----
";

    /// An ALB-shaped header naming `kid` (padding and signature do not matter here).
    #[cfg(feature = "es256")]
    fn alb_token(kid: &str) -> String {
        let header = alloc::format!(
            r#"{{"alg":"ES256","kid":"{kid}","signer":"{ARN}","client":"c","exp":2000000000}}"#
        );
        let b64 =
            <base64ct::Base64UrlUnpadded as base64ct::Encoding>::encode_string(header.as_bytes());
        alloc::format!("{b64}.e30.c2ln")
    }

    #[cfg(feature = "es256")]
    const ARN: &str =
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/50dc6c495c0c9188";

    #[cfg(feature = "es256")]
    #[test]
    fn keys_per_kid_are_fetched_by_the_tokens_kid_and_kept() {
        let policy = Policy::alb("https://idp")
            .signer(ARN)
            .client_id("c")
            .build()
            .unwrap();
        let source = KeySource::PemPerKid {
            base_url: "https://keys.example/".into(),
        };
        let mut cache = JwksCache::with_source(CacheSettings::default(), source, false);
        assert!(cache.fetches_per_kid());
        assert_eq!(cache.start_fetch(0), None, "no whole set to fetch");
        let kid = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
        let token = alb_token(kid);
        assert!(matches!(
            cache.verify_step(&policy, &token, 0, true),
            Step::Fetch
        ));
        let url = cache.start_fetch_for(0, &policy, &token).unwrap();
        assert_eq!(
            url,
            "https://keys.example/6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
        );
        let report = cache.finish_get(0, ok(P256_PEM));
        assert!(matches!(
            report,
            AfterGet::Done(FetchReport { outcome: Ok(_), .. })
        ));
        assert!(cache.keys().unwrap().contains_kid(kid));
        // Found: the next kid is fetched at once (no cooldown after a success), and no
        // periodic refresh is ever due.
        let second = "00000000-0e1f-4a2b-8c3d-4e5f6a7b8c9d";
        assert!(matches!(
            cache.verify_step(&policy, &alb_token(second), 1, true),
            Step::Fetch
        ));
        assert_eq!(cache.before_verify(10_000_000), Next::UseKeys);
        // A 404 starts the cooldown.
        cache
            .start_fetch_for(1, &policy, &alb_token(second))
            .unwrap();
        cache.finish_get(1, Err("HTTP status 404"));
        assert!(matches!(
            cache.verify_step(&policy, &alb_token(second), 2, true),
            Step::Done(Err(Error::UnknownKid))
        ));
        // A kid that is not a UUID never becomes a URL, whoever asks.
        let open = Policy::alb("https://idp")
            .signer(ARN)
            .client_id("c")
            .build()
            .unwrap();
        assert_eq!(cache.start_fetch_for(20, &open, &alb_token("../x")), None);
        assert!(!cache.is_fetching());
    }

    #[cfg(feature = "es256")]
    #[test]
    fn keys_per_kid_are_bounded_oldest_first() {
        let policy = Policy::alb("https://idp")
            .signer(ARN)
            .client_id("c")
            .build()
            .unwrap();
        let source = KeySource::PemPerKid {
            base_url: "https://k".into(),
        };
        let mut cache = JwksCache::with_source(CacheSettings::default(), source, false);
        let kid = |n: usize| alloc::format!("{n:08x}-0e1f-4a2b-8c3d-4e5f6a7b8c9d");
        for n in 0..JwksCache::MAX_PER_KID_KEYS + 3 {
            cache
                .start_fetch_for(n as u64, &policy, &alb_token(&kid(n)))
                .unwrap();
            cache.finish_get(n as u64, ok(P256_PEM));
        }
        let keys = cache.keys().unwrap();
        assert_eq!(keys.len(), JwksCache::MAX_PER_KID_KEYS);
        assert!(!keys.contains_kid(&kid(2)));
        assert!(keys.contains_kid(&kid(3)));
        assert!(keys.contains_kid(&kid(JwksCache::MAX_PER_KID_KEYS + 2)));
    }

    #[test]
    fn an_offline_source_never_starts_a_fetch() {
        let mut cache = JwksCache::new(CacheSettings::default());
        assert!(!cache.can_fetch());
        assert_eq!(cache.start_fetch(0), None);
        assert!(!cache.is_fetching());
        assert_eq!(cache.cache_jwks(0, br#"{"keys":[]}"#), Ok(()));
        assert_eq!(cache.cache_jwks(0, b"{"), Err(Error::JwksInvalid));
    }
}
