//! When to fetch an issuer's JWKS: the cache policy as a sans-I/O state machine.
//!
//! Adapters own the I/O (HTTP, `fetch()`) and the clock; this machine owns the decisions,
//! so every adapter refreshes the same way. Policy (ARCHITECTURE.md, "The JWKS driver"): fetch lazily or on
//! `hydrate`, accept an offline set, refresh once for an unknown `kid` and then cool down
//! (also after a failure), share one fetch between concurrent misses, refresh
//! periodically (default 1 h, or the response's `max-age` clamped), replace the set on
//! success, and serve the last good set for a bounded time (default 24 h) while fetches fail.
//!
//! ```
//! use edgejwt_core::{AfterGet, CacheSettings, Fetched, JwksCache, KeySource, Policy, Step};
//! let policy = Policy::oidc("https://issuer.example").audience("app").build()?;
//! let source = KeySource::Jwks("https://issuer.example/keys".into());
//! let mut cache = JwksCache::with_source(CacheSettings::default(), source, false);
//! let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln";
//! // Cold: fetch first (a second caller meanwhile would be told to wait).
//! assert!(matches!(cache.verify_step(&policy, token, 0, true), Step::Fetch));
//! let url = cache.start_fetch(0).unwrap();
//! assert!(matches!(cache.verify_step(&policy, token, 0, true), Step::Wait));
//! let got = cache.finish_get(1, Ok(Fetched { body: br#"{"keys":[]}"#, max_age: None }));
//! assert!(matches!(got, AfterGet::Done(_)));
//! // The set has no "k1": one refresh is allowed, then the cooldown answers.
//! assert!(matches!(cache.verify_step(&policy, token, 20, true), Step::Fetch));
//! cache.start_fetch(20);
//! cache.finish_get(20, Err("connection refused"));
//! assert!(matches!(cache.verify_step(&policy, token, 21, true), Step::Done(Err(e)) if e.code() == "unknown_kid"));
//! # let _ = url;
//! # Ok::<(), edgejwt_core::ConfigError>(())
//! ```

use crate::{Error, KeySet, Policy, SignatureBackend, SignatureCheck, UnixTime, VerifiedToken};

/// Timing of the cache policy, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSettings {
    /// After any fetch attempt, unknown kids fail fast for this long (default 10 s).
    pub cooldown: u64,
    /// Periodic refresh when the response gives no `max-age` (default 1 h).
    pub refresh_interval: u64,
    /// Shortest refresh interval a `max-age` may ask for (default 60 s).
    pub min_max_age: u64,
    /// Longest refresh interval a `max-age` may ask for (default 24 h).
    pub max_max_age: u64,
    /// How long after its last successful fetch a set may still be served while
    /// refreshes fail (default 24 h).
    pub max_stale: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self {
            cooldown: 10,
            refresh_interval: 3600,
            min_max_age: 60,
            max_max_age: 86_400,
            max_stale: 86_400,
        }
    }
}

/// What the cache policy says before a verification (inside the core: adapters see
/// only [`Step`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// Verify with [`JwksCache::keys`].
    UseKeys,
    /// Call [`JwksCache::fetch_started`], fetch, then report the outcome.
    Fetch,
    /// Another caller's fetch is in flight: wait for it, then ask again.
    Wait,
    /// Give up with this error (`jwks_unavailable`, or `unknown_kid` while cooling down).
    Fail(Error),
}

/// `max-age` of a `Cache-Control` header value, for [`Fetched::max_age`](crate::Fetched::max_age)
/// (directive names case-insensitive, a quoted value accepted).
///
/// ```
/// use edgejwt_core::max_age_from_cache_control as max_age;
/// assert_eq!(max_age("public, max-age=3600"), Some(3600));
/// assert_eq!(max_age("no-store"), None);
/// ```
pub fn max_age_from_cache_control(cache_control: &str) -> Option<u64> {
    cache_control.split(',').find_map(|directive| {
        let (name, value) = directive.trim().split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("max-age")
            .then(|| value.trim().trim_matches('"').parse().ok())?
    })
}

/// One step of verifying a token through the cache: a verdict, or the I/O to do first.
#[derive(Debug)]
pub enum Step<T = VerifiedToken> {
    /// The verdict (or, for [`JwksCache::prepare_step`], the prepared signature check).
    Done(Result<T, Error>),
    /// Call [`JwksCache::start_fetch`], GET, hand the outcome to [`JwksCache::finish_get`],
    /// then step again.
    Fetch,
    /// Wait for the fetch in flight to end, then step again.
    Wait,
}

/// The cached key set, the refresh policy around it, and the fetch driver: the one place
/// every adapter's JWKS decisions are made (when to fetch, what to GET, what a response
/// means, which error to report).
///
/// # The driver contract
///
/// The adapter only GETs. The order of calls, for every adapter:
/// 1. [`JwksCache::verify_step`] (or a sibling) answers `Step::Fetch`;
/// 2. [`JwksCache::start_fetch`] marks the fetch in flight (others now `Wait`) and
///    returns the URL to GET;
/// 3. the adapter GETs it (lock released) and hands the outcome to
///    [`JwksCache::finish_get`], which answers [`AfterGet::Get`](crate::AfterGet::Get) with the next URL (the
///    JWKS named by a discovery document) or [`AfterGet::Done`](crate::AfterGet::Done) with a report to log;
/// 4. the adapter wakes the waiters and steps again.
///
/// ```
/// use edgejwt_core::{AfterGet, CacheSettings, Fetched, JwksCache, KeySource};
/// let source = KeySource::Discover { issuer: "https://issuer.example".into() };
/// let mut cache = JwksCache::with_source(CacheSettings::default(), source, false);
/// let url = cache.start_fetch(0).unwrap();
/// assert_eq!(url, "https://issuer.example/.well-known/openid-configuration");
/// let document = br#"{"issuer":"https://issuer.example","jwks_uri":"https://issuer.example/keys"}"#;
/// let next = cache.finish_get(0, Ok(Fetched { body: document, max_age: None }));
/// assert_eq!(next, AfterGet::Get("https://issuer.example/keys".into()));
/// let done = cache.finish_get(1, Ok(Fetched { body: br#"{"keys":[]}"#, max_age: Some(600) }));
/// assert!(matches!(done, AfterGet::Done(report) if report.outcome.is_ok()));
/// assert_eq!(cache.hydrate_verdict(), Ok(()));
/// ```
#[derive(Debug, Clone)]
pub struct JwksCache {
    settings: CacheSettings,
    pub(crate) keys: Option<KeySet>,
    /// When the current set was fetched (or cached offline).
    fetched_at: u64,
    /// When the current set is due for a periodic refresh (`None`: never, an offline set).
    fresh_until: Option<u64>,
    last_attempt: Option<u64>,
    in_flight: bool,
    last_fetch_failed: bool,
    /// Why the last fetch failed (`jwks_unavailable` or `jwks_invalid`), reported in
    /// place of a bare `jwks_unavailable` while no usable set exists.
    pub(crate) last_error: Option<Error>,
    /// Where keys come from, and what a fetch in flight is waiting for.
    pub(crate) fetching: crate::jwks_fetch::FetchState,
}

impl JwksCache {
    /// An empty cache whose keys come only from [`cache_offline`](Self::cache_offline) or
    /// the fetches the adapter reports through `finish_get`. For
    /// the whole fetch driven by the core (what to GET, discovery, parsing), see
    /// [`JwksCache::with_source`].
    pub fn new(settings: CacheSettings) -> Self {
        Self::with_source(settings, crate::KeySource::Offline, false)
    }

    /// A cache that fetches from `source`; the order of calls is on
    /// [`start_fetch`](Self::start_fetch) and in the crate's `ARCHITECTURE.md`.
    /// `allow_http_loopback` lets a discovered `jwks_uri` be plain http to loopback.
    pub fn with_source(
        settings: CacheSettings,
        source: crate::KeySource,
        allow_http_loopback: bool,
    ) -> Self {
        // Keys fetched one kid at a time start from an empty set: a token's unknown kid
        // is what asks for a fetch.
        let keys = matches!(source, crate::KeySource::PemPerKid { .. }).then(KeySet::new);
        Self {
            settings,
            keys,
            fetched_at: 0,
            fresh_until: None,
            last_attempt: None,
            in_flight: false,
            last_fetch_failed: false,
            last_error: None,
            fetching: crate::jwks_fetch::FetchState::new(source, allow_http_loopback),
        }
    }

    /// The settings in force.
    pub fn settings(&self) -> CacheSettings {
        self.settings
    }

    /// The current key set, if any was fetched or cached.
    pub fn keys(&self) -> Option<&KeySet> {
        self.keys.as_ref()
    }

    /// Whether a fetch is in flight.
    pub fn is_fetching(&self) -> bool {
        self.in_flight
    }

    /// Whether the most recent fetch failed.
    pub fn last_fetch_failed(&self) -> bool {
        self.last_fetch_failed
    }

    fn cooling_down(&self, now: u64) -> bool {
        self.last_attempt
            .is_some_and(|t| now < t.saturating_add(self.settings.cooldown))
    }

    fn too_stale(&self, now: u64) -> bool {
        self.fresh_until.is_some() && now >= self.fetched_at.saturating_add(self.settings.max_stale)
    }

    /// Whether the cached set may be used as it is at `now` (no refresh due, not too
    /// stale): what a cache of verified tokens asks before answering from memory, so a
    /// remembered verdict never outlives the keys it was made with.
    pub fn keys_are_current(&self, now: u64) -> bool {
        self.keys.is_some() && self.before_verify(now) == Next::UseKeys
    }

    /// Before verifying a token at `now`.
    pub(crate) fn before_verify(&self, now: u64) -> Next {
        let can_fetch = !self.in_flight && !self.cooling_down(now);
        match &self.keys {
            None if self.in_flight => Next::Wait,
            None if can_fetch => Next::Fetch,
            None => Next::Fail(Error::JwksUnavailable),
            Some(_) if self.too_stale(now) => {
                if can_fetch {
                    Next::Fetch
                } else if self.in_flight {
                    Next::Wait
                } else {
                    Next::Fail(Error::JwksUnavailable)
                }
            }
            Some(_) if self.fresh_until.is_some_and(|due| now >= due) && can_fetch => Next::Fetch,
            Some(_) => Next::UseKeys,
        }
    }

    /// After the cached set said `unknown_kid`: refresh once, then cool down.
    pub(crate) fn after_unknown_kid(&self, now: u64) -> Next {
        if self.in_flight {
            Next::Wait
        } else if self.cooling_down(now) {
            Next::Fail(Error::UnknownKid)
        } else {
            Next::Fetch
        }
    }

    /// Verifies `token` with the cached keys when the policy allows, or says which I/O
    /// must come first. Adapters loop: `Fetch` and `Wait` change the cache, so a few
    /// steps always end in `Done`. With `can_fetch` false (an offline set) no fetch is
    /// ever asked for: a cold cache is `jwks_unavailable`, an unknown kid stays unknown.
    ///
    /// Steps 1 to 3 of the token (size, shape, header) run before any `Fetch` or `Wait` is
    /// asked for: a token that fails them never causes traffic.
    ///
    /// A `Done(Err(JwksUnavailable))` may be refined by the adapter with the reason of
    /// its last failed fetch (for example `jwks_invalid`).
    pub fn verify_step(
        &self,
        policy: &Policy,
        token: &str,
        now: impl Into<UnixTime>,
        can_fetch: bool,
    ) -> Step {
        let now = now.into();
        self.step_with(policy, token, now, can_fetch, |keys| {
            policy.verify(token, keys, now)
        })
    }

    /// [`verify_step`](Self::verify_step) with the signature step done by `backend`, as in
    /// [`Policy::verify_with`].
    pub fn verify_step_with(
        &self,
        policy: &Policy,
        token: &str,
        now: impl Into<UnixTime>,
        can_fetch: bool,
        backend: &(impl SignatureBackend + ?Sized),
    ) -> Step {
        let now = now.into();
        self.step_with(policy, token, now, can_fetch, |keys| {
            policy.verify_with(token, keys, now, backend)
        })
    }

    /// [`verify_step`](Self::verify_step) for hosts with an asynchronous signature API: a
    /// ready step yields the [`SignatureCheck`] (borrowing the token and the cached keys:
    /// [`SignatureCheck::into_owned`] before awaiting) to finish with
    /// [`Policy::complete_signature_check`].
    pub fn prepare_step<'a>(
        &'a self,
        policy: &Policy,
        token: &'a str,
        now: impl Into<UnixTime>,
        can_fetch: bool,
    ) -> Step<SignatureCheck<'a>> {
        self.step_with(policy, token, now.into(), can_fetch, |keys| {
            policy.prepare_signature_check(token, keys)
        })
    }

    fn step_with<'a, T>(
        &'a self,
        policy: &Policy,
        token: &str,
        now: UnixTime,
        can_fetch: bool,
        attempt: impl FnOnce(&'a KeySet) -> Result<T, Error>,
    ) -> Step<T> {
        let now = now.as_secs();
        let io = |next: Next, otherwise: Result<T, Error>| match next {
            Next::Fetch if can_fetch => Step::Fetch,
            Next::Wait => Step::Wait,
            Next::Fail(error) => Step::Done(Err(self.refine(error))),
            _ => Step::Done(otherwise.map_err(|error| self.refine(error))),
        };
        match (self.before_verify(now), self.keys()) {
            (Next::UseKeys, Some(keys)) => match attempt(keys) {
                Err(Error::UnknownKid) => io(self.after_unknown_kid(now), Err(Error::UnknownKid)),
                verdict => Step::Done(verdict),
            },
            // No keys to use yet: a token failing steps 1 to 3 is refused now, without
            // the fetch (or the wait, or the cache's own failure) it could never pass.
            (next, _) => match policy.check_header(token) {
                Err(error) => Step::Done(Err(error)),
                Ok(()) => io(next, Err(Error::JwksUnavailable)),
            },
        }
    }

    /// How many steps an adapter takes for one token before giving up with
    /// [`give_up`](Self::give_up). `Fetch` and `Wait` change the cache, so a verdict
    /// comes within four (fetch -> verify -> unknown kid -> refresh -> verify); the bound
    /// only guards against a host whose fetch never settles the state.
    pub const MAX_STEPS: usize = 4;

    /// Most keys a [`KeySource::PemPerKid`](crate::KeySource::PemPerKid) cache keeps; the
    /// oldest fetched is dropped first (ALB rotates a region's key now and then).
    pub const MAX_PER_KID_KEYS: usize = 16;

    /// The verdict after [`MAX_STEPS`](Self::MAX_STEPS) steps without one:
    /// `jwks_unavailable`, refined with the last fetch's reason.
    pub fn give_up(&self) -> Error {
        self.refine(Error::JwksUnavailable)
    }

    /// `jwks_unavailable` says no usable set; the last fetch may know better
    /// (`jwks_invalid`). Any other error stands.
    pub fn refine(&self, error: Error) -> Error {
        match error {
            Error::JwksUnavailable => self.last_error.unwrap_or(Error::JwksUnavailable),
            other => other,
        }
    }

    /// Why the last fetch failed, while it is the latest word (cleared by a success).
    pub fn last_error(&self) -> Option<Error> {
        self.last_error
    }

    /// A fetch begins (single flight: others get [`Step::Wait`] until it ends).
    pub(crate) fn fetch_started(&mut self, now: u64) {
        self.in_flight = true;
        // Keys fetched per kid: a key found for one kid must not make a second, genuine
        // kid wait out the cooldown (two load balancers, a rotation); failures (an
        // unknown kid's 404) still start it, so made-up kids cost one fetch per cooldown.
        if !self.fetches_per_kid() {
            self.last_attempt = Some(now);
        }
    }

    /// The fetch returned a valid set: it replaces the old one. `max_age` is the
    /// response's `Cache-Control: max-age`, clamped to the settings.
    pub(crate) fn fetch_succeeded(&mut self, now: u64, keys: KeySet, max_age: Option<u64>) {
        let ttl = max_age.map_or(self.settings.refresh_interval, |age| {
            age.clamp(self.settings.min_max_age, self.settings.max_max_age)
        });
        self.keys = Some(keys);
        self.fetched_at = now;
        // A key fetched by kid never changes under that kid: no periodic refresh.
        self.fresh_until = (!self.fetches_per_kid()).then(|| now.saturating_add(ttl));
        self.in_flight = false;
        self.last_fetch_failed = false;
        self.last_error = None;
    }

    /// The fetch failed (network, status, size, or an invalid JWKS): keep the old set,
    /// start the cooldown, remember why (`jwks_unavailable` or `jwks_invalid`).
    pub(crate) fn record_failure(&mut self, now: u64, why: Error) {
        self.in_flight = false;
        self.last_fetch_failed = true;
        self.last_error = Some(why);
        self.last_attempt = Some(self.last_attempt.map_or(now, |t| t.max(now)));
    }

    /// Installs a set obtained without the network (`cache_jwks`). It is never refreshed
    /// periodically; an unknown `kid` may still trigger a fetch where the adapter can.
    pub fn cache_offline(&mut self, now: u64, keys: KeySet) {
        self.keys = Some(keys);
        self.fetched_at = now;
        self.fresh_until = None;
        self.last_fetch_failed = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_from_cache_control() {
        assert_eq!(
            max_age_from_cache_control("public, max-age=3600"),
            Some(3600)
        );
        assert_eq!(
            max_age_from_cache_control("Max-Age = 60 , must-revalidate"),
            Some(60)
        );
        assert_eq!(max_age_from_cache_control("max-age=\"120\""), Some(120));
        assert_eq!(max_age_from_cache_control("no-store"), None);
        assert_eq!(max_age_from_cache_control("max-age=abc"), None);
    }

    #[test]
    fn verify_step_asks_for_io_then_decides() {
        let policy = Policy::oidc("https://i").audience("a").build().unwrap();
        let mut cache = JwksCache::new(CacheSettings::default());
        let unknown = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln";
        assert!(matches!(
            cache.verify_step(&policy, unknown, 0, true),
            Step::Fetch
        ));
        assert!(matches!(
            cache.verify_step(&policy, unknown, 0, false),
            Step::Done(Err(Error::JwksUnavailable))
        ));
        cache.fetch_started(0);
        assert!(matches!(
            cache.verify_step(&policy, unknown, 0, true),
            Step::Wait
        ));
        cache.fetch_succeeded(0, KeySet::new(), None);
        assert!(matches!(
            cache.verify_step(&policy, "x.y.z", 0, true),
            Step::Done(Err(Error::Malformed))
        ));
        assert!(matches!(
            cache.verify_step(&policy, unknown, 5, true),
            Step::Done(Err(Error::UnknownKid))
        ));
        assert!(matches!(
            cache.verify_step(&policy, unknown, 10, true),
            Step::Fetch
        ));
        assert!(matches!(
            cache.verify_step(&policy, unknown, 10, false),
            Step::Done(Err(Error::UnknownKid))
        ));
    }

    #[test]
    fn tokens_failing_steps_1_to_3_never_cause_a_fetch() {
        let policy = Policy::oidc("https://i").audience("a").build().unwrap();
        let mut cache = JwksCache::new(CacheSettings::default());
        let refused = [
            ("garbage", Error::Malformed),
            ("a.b", Error::Malformed),
            ("e30.e30.c2ln", Error::Malformed),
            // {"alg":"none","kid":"k"}
            (
                "eyJhbGciOiJub25lIiwia2lkIjoiayJ9.e30.c2ln",
                Error::UnsupportedAlgorithm,
            ),
            // {"alg":"RS256"}
            ("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", Error::MissingKid),
        ];
        let long = "a".repeat(Policy::DEFAULT_MAX_TOKEN_LEN + 1);
        let check = |cache: &JwksCache, token: &str, expected: Error| {
            let step = cache.prepare_step(&policy, token, 0, true);
            assert!(
                matches!(step, Step::Done(Err(e)) if e == expected),
                "{token}"
            );
            let step = cache.verify_step(&policy, token, 0, true);
            assert!(
                matches!(step, Step::Done(Err(e)) if e == expected),
                "{token}"
            );
        };
        // Cold, with a fetch in flight, and cooling down after a failure: no I/O asked.
        for (token, expected) in refused {
            check(&cache, token, expected);
        }
        check(&cache, &long, Error::TooLarge);
        cache.fetch_started(0);
        for (token, expected) in refused {
            check(&cache, token, expected);
        }
        cache.record_failure(0, Error::JwksUnavailable);
        for (token, expected) in refused {
            check(&cache, token, expected);
        }
    }

    fn warm(now: u64) -> JwksCache {
        let mut cache = JwksCache::new(CacheSettings::default());
        cache.fetch_started(now);
        cache.fetch_succeeded(now, KeySet::new(), None);
        cache
    }

    #[test]
    fn cold_cache_fetches_once_and_others_wait() {
        let mut cache = JwksCache::new(CacheSettings::default());
        assert_eq!(cache.before_verify(100), Next::Fetch);
        cache.fetch_started(100);
        assert_eq!(cache.before_verify(100), Next::Wait);
        assert_eq!(cache.after_unknown_kid(100), Next::Wait);
        cache.fetch_succeeded(101, KeySet::new(), None);
        assert_eq!(cache.before_verify(101), Next::UseKeys);
    }

    #[test]
    fn failed_cold_fetch_fails_fast_during_cooldown_then_retries() {
        let mut cache = JwksCache::new(CacheSettings::default());
        cache.fetch_started(100);
        cache.record_failure(100, Error::JwksUnavailable);
        assert_eq!(cache.before_verify(105), Next::Fail(Error::JwksUnavailable));
        assert_eq!(cache.before_verify(110), Next::Fetch);
    }

    #[test]
    fn unknown_kid_refreshes_once_per_cooldown() {
        let mut cache = warm(0);
        assert_eq!(cache.after_unknown_kid(5), Next::Fail(Error::UnknownKid));
        assert_eq!(cache.after_unknown_kid(10), Next::Fetch);
        cache.fetch_started(10);
        cache.fetch_succeeded(10, KeySet::new(), None);
        for t in 10..20 {
            assert_eq!(
                cache.after_unknown_kid(t),
                Next::Fail(Error::UnknownKid),
                "t={t}"
            );
        }
        assert_eq!(cache.after_unknown_kid(20), Next::Fetch);
    }

    #[test]
    fn periodic_refresh_is_due_after_the_interval() {
        let cache = warm(0);
        assert_eq!(cache.before_verify(3599), Next::UseKeys);
        assert_eq!(cache.before_verify(3600), Next::Fetch);
    }

    #[test]
    fn max_age_sets_the_interval_within_bounds() {
        let mut cache = JwksCache::new(CacheSettings::default());
        cache.fetch_started(0);
        cache.fetch_succeeded(0, KeySet::new(), Some(300));
        assert_eq!(cache.before_verify(299), Next::UseKeys);
        assert_eq!(cache.before_verify(300), Next::Fetch);
        cache.fetch_started(300);
        cache.fetch_succeeded(300, KeySet::new(), Some(1));
        assert_eq!(
            cache.before_verify(359),
            Next::UseKeys,
            "clamped up to 60 s"
        );
        cache.fetch_started(400);
        cache.fetch_succeeded(400, KeySet::new(), Some(u64::MAX));
        assert_eq!(
            cache.before_verify(400 + 86_400),
            Next::Fetch,
            "clamped down to 24 h"
        );
    }

    #[test]
    fn stale_keys_are_served_while_refreshes_fail_but_not_forever() {
        let mut cache = warm(0);
        cache.fetch_started(3600);
        cache.record_failure(3600, Error::JwksUnavailable);
        assert_eq!(
            cache.before_verify(3605),
            Next::UseKeys,
            "stale but within 24 h"
        );
        assert_eq!(
            cache.before_verify(3610),
            Next::Fetch,
            "retry after the cooldown"
        );
        cache.fetch_started(86_395);
        cache.record_failure(86_395, Error::JwksUnavailable);
        assert_eq!(
            cache.before_verify(86_400),
            Next::Fail(Error::JwksUnavailable)
        );
        assert_eq!(cache.before_verify(86_405), Next::Fetch);
    }

    #[test]
    fn a_refresh_in_flight_does_not_block_verification_with_current_keys() {
        let mut cache = warm(0);
        cache.fetch_started(3600);
        assert_eq!(cache.before_verify(3600), Next::UseKeys);
    }

    #[test]
    fn offline_sets_are_not_refreshed_periodically() {
        let mut cache = JwksCache::new(CacheSettings::default());
        cache.cache_offline(0, KeySet::new());
        assert_eq!(cache.before_verify(10_000_000), Next::UseKeys);
        assert_eq!(cache.after_unknown_kid(1), Next::Fetch);
    }
}
