//! A shareable verifier: policy + JWKS cache + fetcher + clock, driven by the core's
//! sans-I/O cache policy. One instance serves every thread and task.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use edgejwt_core::{
    AfterGet, Alb, Algorithm, CacheSettings, Claims, Cognito, ConfigError, Error, FetchReport,
    Fetched, JwksCache, KeySet, KeySource, Oidc, Policy, PolicyBuilder, Step, TokenUse, UnixTime,
    VerifiedToken,
};

use crate::fetch::{check_url, Fetch, FetchError, HttpFetcher, HttpOptions};

/// The system clock to the millisecond (the epoch itself if the clock is before 1970):
/// whole seconds would accept a token up to a second after its `exp`.
///
/// ```
/// assert!(edgejwt_std::unix_now().as_secs() > 1_700_000_000);
/// ```
pub fn unix_now() -> UnixTime {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(UnixTime::default(), UnixTime::from)
}

type Clock = Arc<dyn Fn() -> UnixTime + Send + Sync>;

struct State {
    /// The key set, its refresh policy and the fetch driver: every JWKS decision.
    cache: JwksCache,
    /// Why the last fetch failed, for messages (cleared by a successful fetch).
    last_failure: Option<FetchFailure>,
}

/// Why the last key fetch failed: what was fetched, the error code the cache reports
/// (`jwks_unavailable` or `jwks_invalid`), and why in words and as a stable kind.
///
/// ```
/// use edgejwt_std::{TokenUse, Verifier};
/// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("c")
///     .jwks_url("http://127.0.0.1:9/jwks.json") // the discard port: nothing listens
///     .allow_http_loopback(true)
///     .build()?;
/// assert!(verifier.hydrate().is_err());
/// let failure = verifier.last_fetch_failure().unwrap();
/// assert_eq!((failure.code.code(), failure.kind), ("jwks_unavailable", "connect"));
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFailure {
    /// The URL whose fetch failed (the JWKS, a discovery document or an ALB key).
    pub url: String,
    /// What a token waiting for these keys is told.
    pub code: Error,
    /// [`FetchError::kind`] for transport failures; `invalid_document` when the body
    /// arrived but is not what was asked for (not a JWKS, no usable key).
    pub kind: &'static str,
    /// The reason in words (HTTP status, connection refused, TLS, timeout, ...).
    pub reason: String,
}

/// A verified token and the key set it was verified with.
struct Cached {
    keys: usize,
    verified: VerifiedToken,
}

struct Inner {
    policy: Policy,
    /// Exact token text -> verified result (`None`: disabled).
    verified: Option<quick_cache::sync::Cache<Box<str>, Arc<Cached>>>,
    fetcher: Arc<dyn Fetch>,
    clock: Clock,
    state: Mutex<State>,
    fetch_done: Condvar,
}

/// Verifies tokens from one issuer, fetching and caching its JWKS.
///
/// Cheap to clone (an `Arc`), `Send + Sync`: build one at start-up and share it.
/// [`verify`](Verifier::verify) is for blocking code; [`verify_async`](Verifier::verify_async)
/// never blocks a tokio worker (cache hits run inline, fetches on the blocking pool).
///
/// ```no_run
/// use edgejwt_std::{CognitoVerifier, TokenUse};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let verifier = CognitoVerifier::cognito("us-east-1_AbC123", TokenUse::Access)
///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
///     .build()?;
/// # let token = "";
/// let verified = verifier.verify(token)?;
/// println!("user {:?}", verified.claims().username());
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Verifier {
    inner: Arc<Inner>,
}

/// The same type as [`Verifier`], named after the Cognito use; start with
/// [`Verifier::cognito`].
pub type CognitoVerifier = Verifier;
/// The same type as [`Verifier`], named after the generic OIDC use; start with
/// [`Verifier::oidc`].
pub type JwtVerifier = Verifier;

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("issuer", &self.inner.policy.issuer())
            .finish_non_exhaustive()
    }
}

/// Builds a [`Verifier`]: the core's policy options plus where and how to get keys.
pub struct VerifierBuilder<Kind> {
    policy: PolicyBuilder<Kind>,
    options: Options,
}

/// Everything but the policy: where keys come from and how.
struct Options {
    verified_capacity: usize,
    source: Option<KeySource>,
    /// ALB: the load balancers, whose region names the default key server.
    alb_arns: Vec<String>,
    fetcher: Option<Arc<dyn Fetch>>,
    http: HttpOptions,
    cache: CacheSettings,
    clock: Clock,
}

impl Verifier {
    /// A verifier for an Amazon Cognito user pool; the JWKS URL follows from the pool id.
    pub fn cognito(user_pool_id: &str, token_use: TokenUse) -> VerifierBuilder<Cognito> {
        let source = edgejwt_core::cognito_jwks_url(user_pool_id)
            .ok()
            .map(KeySource::Jwks);
        VerifierBuilder::new(Policy::cognito(user_pool_id, token_use), source)
    }

    /// Cognito's rules for tokens from another issuer URL ([`Policy::cognito_at`]): a
    /// local emulator such as cognito-local or LocalStack. The JWKS is fetched from
    /// `{issuer}/.well-known/jwks.json`, as from Cognito, unless
    /// [`jwks_url`](VerifierBuilder::jwks_url) says otherwise; plain http needs
    /// [`allow_http_loopback`](VerifierBuilder::allow_http_loopback) and a loopback host.
    ///
    /// ```
    /// use edgejwt_std::{TokenUse, Verifier};
    /// let verifier = Verifier::cognito_at("http://127.0.0.1:9229/local_5OCW0lGw", TokenUse::Access)
    ///     .client_id("local-client")
    ///     .allow_http_loopback(true)
    ///     .build()?;
    /// assert_eq!(verifier.issuer(), "http://127.0.0.1:9229/local_5OCW0lGw");
    /// # Ok::<(), edgejwt_std::ConfigError>(())
    /// ```
    pub fn cognito_at(issuer: &str, token_use: TokenUse) -> VerifierBuilder<Cognito> {
        let jwks_url = format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/'));
        VerifierBuilder::new(
            Policy::cognito_at(issuer, token_use),
            Some(KeySource::Jwks(jwks_url)),
        )
    }

    /// A verifier for any OIDC issuer; the JWKS URL is discovered from
    /// `{issuer}/.well-known/openid-configuration` unless [`jwks_url`](VerifierBuilder::jwks_url)
    /// is given.
    pub fn oidc(issuer: &str) -> VerifierBuilder<Oidc> {
        let source = KeySource::Discover {
            issuer: issuer.to_owned(),
        };
        VerifierBuilder::new(Policy::oidc(issuer), Some(source))
    }

    /// A verifier for the tokens an AWS Application Load Balancer passes in
    /// `x-amzn-oidc-data` ([`Policy::alb`]): signed by the load balancer `alb_arn`
    /// (more with [`signer`](VerifierBuilder::signer)), for the client ids you add (or
    /// [`any_client`](VerifierBuilder::any_client)), issued by the IdP you name with
    /// [`issuer`](VerifierBuilder::issuer). Keys are fetched one `kid` at a time from
    /// the region's key server ([`edgejwt_core::alb_keys_url`]), or from
    /// [`keys_url`](VerifierBuilder::keys_url).
    ///
    /// ```no_run
    /// use edgejwt_std::Verifier;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let verifier = Verifier::alb("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188")
    ///     .issuer("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123")
    ///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
    ///     .build()?;
    /// # let x_amzn_oidc_data = "";
    /// let verified = verifier.verify(x_amzn_oidc_data)?;
    /// println!("user {:?}", verified.claims().sub());
    /// # Ok(()) }
    /// ```
    pub fn alb(alb_arn: &str) -> VerifierBuilder<Alb> {
        let mut builder = VerifierBuilder::new(Policy::alb("").signer(alb_arn), None);
        builder.options.alb_arns.push(alb_arn.to_owned());
        builder
    }

    /// Verifies `token` now, fetching or refreshing the JWKS first when the cache policy
    /// says so. Blocks during a fetch; from async code use [`verify_async`](Self::verify_async).
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, Error> {
        let inner = &*self.inner;
        let now = (inner.clock)();
        let mut state = inner.lock();
        if let Some(repeat) = inner.cached(&state, token, now) {
            return repeat;
        }
        for _ in 0..JwksCache::MAX_STEPS {
            match state
                .cache
                .verify_step(&inner.policy, token, now, state.cache.can_fetch())
            {
                Step::Done(verdict) => {
                    inner.remember(&state, token, &verdict);
                    return trace_cooldown(&state, verdict);
                }
                Step::Fetch => state = inner.fetch(state, now, Some(token)),
                Step::Wait => state = inner.wait(state),
            }
        }
        Err(state.cache.give_up())
    }

    /// Verifies without blocking the async runtime: decided inline when the cached keys
    /// suffice, otherwise on tokio's blocking pool (where concurrent misses share one fetch).
    #[cfg(feature = "tokio")]
    pub async fn verify_async(&self, token: &str) -> Result<VerifiedToken, Error> {
        if let Some(decided) = self.verify_from_cache(token) {
            return decided;
        }
        let this = self.clone();
        let token = token.to_owned();
        tokio::task::spawn_blocking(move || this.verify(&token))
            .await
            .unwrap_or(Err(Error::JwksUnavailable))
    }

    /// The verdict when it needs no I/O; `None` when a fetch (or a wait for one) is needed.
    pub fn verify_from_cache(&self, token: &str) -> Option<Result<VerifiedToken, Error>> {
        let inner = &*self.inner;
        let now = (inner.clock)();
        let state = inner.lock();
        match state
            .cache
            .verify_step(&inner.policy, token, now, state.cache.can_fetch())
        {
            Step::Done(verdict) => {
                inner.remember(&state, token, &verdict);
                Some(trace_cooldown(&state, verdict))
            }
            Step::Fetch | Step::Wait => None,
        }
    }

    /// Fetches the JWKS now (start-up warm-up), whatever the cache state. An ALB
    /// verifier has no key set to fetch (its keys come one `kid` at a time, when a
    /// token names one): `jwks_unavailable`, as for a verifier that never fetches.
    pub fn hydrate(&self) -> Result<(), Error> {
        let inner = &*self.inner;
        let state = inner.lock();
        if !state.cache.can_fetch() || state.cache.fetches_per_kid() {
            return Err(Error::JwksUnavailable);
        }
        let now = (inner.clock)();
        inner.fetch(state, now, None).cache.hydrate_verdict()
    }

    /// Installs a JWKS you already have (no network). It is not refreshed periodically;
    /// an unknown `kid` still triggers a fetch when the verifier has a URL.
    pub fn cache_jwks(&self, jwks_json: &str) -> Result<(), Error> {
        self.cache_jwks_bytes(jwks_json.as_bytes())
    }

    /// [`cache_jwks`](Self::cache_jwks) for bytes as read from a file or a socket, with
    /// the core's rule for bodies ([`KeySet::from_jwks_bytes`]: invalid UTF-8 is
    /// `jwks_invalid`, one leading byte order mark is skipped).
    pub fn cache_jwks_bytes(&self, jwks: &[u8]) -> Result<(), Error> {
        let now = (self.inner.clock)().as_secs();
        self.inner.lock().cache.cache_jwks(now, jwks)
    }

    /// Why the last key fetch failed, while no fetch has succeeded since; `None` when
    /// the last fetch worked or none was made. Call it after a `jwks_unavailable` or
    /// `jwks_invalid` to say why.
    pub fn last_fetch_failure(&self) -> Option<FetchFailure> {
        self.inner.lock().last_failure.clone()
    }

    /// The comparison behind a rejection of `token` with `error` (which claim, the
    /// token's value, the accepted ones), for messages and logs:
    /// [`Policy::failed_assertion`]. `None` for codes without one.
    ///
    /// ```
    /// use edgejwt_std::{TokenUse, Verifier};
    /// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access).client_id("c").offline().build()?;
    /// let token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsifQ.e30.c2ln"; // alg HS256
    /// let error = verifier.verify(token).unwrap_err();
    /// let failed = verifier.failed_assertion(token, error).unwrap();
    /// assert_eq!((failed.claim, failed.expected), ("alg", vec!["RS256".to_owned()]));
    /// # Ok::<(), edgejwt_std::ConfigError>(())
    /// ```
    pub fn failed_assertion(
        &self,
        token: &str,
        error: Error,
    ) -> Option<edgejwt_core::FailedAssertion> {
        self.inner.policy.failed_assertion(token, error)
    }

    /// The rule behind a `malformed`, `key_rejected`, `missing_claim` or `invalid_claim`
    /// of `token` ([`Policy::reason`], with the cached keys).
    pub fn reason(&self, token: &str, error: Error) -> edgejwt_core::Reason {
        let state = self.inner.lock();
        let empty = KeySet::new();
        let keys = state.cache.keys().unwrap_or(&empty);
        self.inner.policy.reason(token, keys, error)
    }

    /// The decoded header and payload of a rejected `token`, only when its signature
    /// verifies with the cached keys (aws-jwt-verify's `includeRawJwtInErrors`, asked
    /// for explicitly): for logging why a genuine token was refused (expired, another
    /// audience...). `None` for a forgery. It costs a signature check: call it on the
    /// error path only.
    pub fn decode_if_signature_valid(&self, token: &str) -> Option<edgejwt_core::UnverifiedToken> {
        let keys = self.inner.lock().cache.keys().cloned()?;
        self.inner.policy.decode_if_signature_valid(token, &keys)
    }

    /// The issuer tokens must come from.
    pub fn issuer(&self) -> &str {
        self.inner.policy.issuer()
    }

    /// The policy every token is checked against.
    pub fn policy(&self) -> &Policy {
        &self.inner.policy
    }
}

/// An unknown kid inside the cooldown is traced (the cache refused to refresh for it).
fn trace_cooldown(
    state: &State,
    verdict: Result<VerifiedToken, Error>,
) -> Result<VerifiedToken, Error> {
    if verdict.as_ref().err() == Some(&Error::UnknownKid) {
        tracing::debug!(
            target: "edgejwt",
            cooldown_s = state.cache.settings().cooldown,
            "unknown kid during JWKS cooldown: not refreshing"
        );
    }
    verdict
}

impl Inner {
    /// A repeat of a token verified with the current key set: only the time is checked.
    fn cached(
        &self,
        state: &State,
        token: &str,
        now: UnixTime,
    ) -> Option<Result<VerifiedToken, Error>> {
        // Only while the key set is current: a due refresh or the stale limit take the
        // normal path, so a cached result never outlives the keys it was made with.
        if !state.cache.keys_are_current(now.as_secs()) {
            return None;
        }
        let hit = self.verified.as_ref()?.get(token)?;
        let current = state.cache.keys().map(KeySet::identity)?;
        (hit.keys == current).then(|| {
            self.policy
                .recheck(&hit.verified, now)
                .map(|()| hit.verified.clone())
        })
    }

    fn remember(&self, state: &State, token: &str, verdict: &Result<VerifiedToken, Error>) {
        if let (Some(cache), Ok(verified), Some(keys)) =
            (&self.verified, verdict, state.cache.keys())
        {
            let entry = Cached {
                keys: keys.identity(),
                verified: verified.clone(),
            };
            cache.insert(token.into(), Arc::new(entry));
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the cache inconsistent (every
        // update is a single assignment), so a poisoned lock is still usable.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn wait<'a>(&self, guard: MutexGuard<'a, State>) -> MutexGuard<'a, State> {
        self.fetch_done
            .wait_while(guard, |state| state.cache.is_fetching())
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// One fetch driven by the core (see [`JwksCache`]'s driver contract), with the lock
    /// released during each GET; others see `Wait` meanwhile.
    fn fetch<'a>(
        &'a self,
        mut state: MutexGuard<'a, State>,
        now: UnixTime,
        for_token: Option<&str>,
    ) -> MutexGuard<'a, State> {
        let started = match for_token {
            Some(token) => state
                .cache
                .start_fetch_for(now.as_secs(), &self.policy, token),
            None => state.cache.start_fetch(now.as_secs()),
        };
        let Some(mut url) = started else {
            return state;
        };
        loop {
            drop(state);
            let response = self.fetcher.fetch(&url);
            let transport = response.as_ref().err().map(FetchError::kind);
            state = self.lock();
            let finished = (self.clock)().as_secs().max(now.as_secs());
            let reason = response.as_ref().err().map(ToString::to_string);
            let outcome = match (&response, &reason) {
                (Ok(fetched), _) => Ok(Fetched {
                    body: &fetched.body,
                    max_age: fetched.max_age,
                }),
                (Err(_), why) => Err(why.as_deref().unwrap_or("fetch failed")),
            };
            match state.cache.finish_get(finished, outcome) {
                AfterGet::Get(next) => url = next,
                AfterGet::Done(report) => {
                    trace_fetch(&state, &report);
                    state.last_failure =
                        report
                            .outcome
                            .as_ref()
                            .err()
                            .map(|(code, why)| FetchFailure {
                                url: report.url.clone(),
                                code: *code,
                                kind: transport.unwrap_or("invalid_document"),
                                reason: why.clone(),
                            });
                    self.fetch_done.notify_all();
                    return state;
                }
            }
        }
    }
}

fn trace_fetch(state: &State, report: &FetchReport) {
    match &report.outcome {
        Ok(fetched) => tracing::info!(
            target: "edgejwt",
            url = %report.url,
            keys = fetched.keys,
            skipped = fetched.skipped,
            max_age = ?fetched.max_age,
            "JWKS fetched"
        ),
        Err((code, why)) => tracing::warn!(
            target: "edgejwt",
            error = %why,
            code = code.code(),
            cooldown_s = state.cache.settings().cooldown,
            serving_stale = state.cache.keys().is_some(),
            "JWKS fetch failed"
        ),
    }
}

impl<Kind> VerifierBuilder<Kind> {
    fn new(policy: PolicyBuilder<Kind>, source: Option<KeySource>) -> Self {
        // ring is linked anyway (rustls uses it for TLS) and its RSA is about 1.6x the
        // core's pure Rust: the default backend where it is faster (`Auto`);
        // `signature_backend` replaces it.
        #[cfg(feature = "ring")]
        let policy = policy.signature_backend(crate::backends::Auto);
        Self {
            policy,
            options: Options {
                verified_capacity: 1024,
                source,
                alb_arns: Vec::new(),
                fetcher: None,
                http: HttpOptions::default(),
                cache: CacheSettings::default(),
                clock: Arc::new(unix_now),
            },
        }
    }

    /// Fetch the JWKS from this URL (HTTPS; plain HTTP only to loopback with
    /// [`allow_http_loopback`](Self::allow_http_loopback)).
    #[must_use]
    pub fn jwks_url(mut self, url: &str) -> Self {
        self.options.source = Some(KeySource::Jwks(url.to_owned()));
        self
    }

    /// Never fetch: keys come only from [`Verifier::cache_jwks`].
    #[must_use]
    pub fn offline(mut self) -> Self {
        self.options.source = Some(KeySource::Offline);
        self
    }

    /// Use your own HTTP client (proxies, custom TLS, tests) instead of [`HttpFetcher`].
    #[must_use]
    pub fn fetcher(mut self, fetcher: impl Fetch + 'static) -> Self {
        self.options.fetcher = Some(Arc::new(fetcher));
        self
    }

    /// Limits of the built-in HTTP client (timeouts, body cap, loopback HTTP).
    #[must_use]
    pub fn http_options(mut self, options: HttpOptions) -> Self {
        self.options.http = options;
        self
    }

    /// Allow plain `http://` JWKS URLs on loopback addresses (local development, tests).
    #[must_use]
    pub fn allow_http_loopback(mut self, allow: bool) -> Self {
        self.options.http.allow_http_loopback = allow;
        self
    }

    /// How many verified tokens to remember so repeats skip the RSA step (default 1024;
    /// 0 disables). Hits still check `exp`/`nbf` and are dropped when the key set changes.
    #[must_use]
    pub fn verified_cache_capacity(mut self, tokens: usize) -> Self {
        self.options.verified_capacity = tokens;
        self
    }

    /// Cache timing (cooldown, refresh interval, stale limit).
    #[must_use]
    pub fn cache_settings(mut self, settings: CacheSettings) -> Self {
        self.options.cache = settings;
        self
    }

    /// The clock (default: the system clock, to the millisecond). It may return a
    /// [`UnixTime`] or a bare `u64` of whole seconds (tests, fixed times).
    ///
    /// ```
    /// use edgejwt_std::{core::UnixTime, TokenUse, Verifier};
    /// let fixed = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
    ///     .client_id("c")
    ///     .clock(|| UnixTime::from_millis(1_700_000_000_250))
    ///     .build();
    /// assert!(fixed.is_ok());
    /// ```
    #[must_use]
    pub fn clock<T: Into<UnixTime>>(
        mut self,
        clock: impl Fn() -> T + Send + Sync + 'static,
    ) -> Self {
        self.options.clock = Arc::new(move || clock().into());
        self
    }

    /// Any option of the core's [`PolicyBuilder`]: every knob of the policy (limits,
    /// minimum key size, and whatever the core adds later) is reachable here, so none can
    /// be left out of `edgejwt-std`. The setters below are shorthands for the common ones.
    ///
    /// ```
    /// use edgejwt_std::{TokenUse, Verifier};
    /// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
    ///     .client_id("c")
    ///     .policy(|policy| policy.max_token_len(4096).max_json_depth(8).min_modulus_bits(3072))
    ///     .offline()
    ///     .build()?;
    /// assert_eq!(verifier.verify(&"a".repeat(5000)).unwrap_err().code(), "too_large");
    /// # Ok::<(), edgejwt_std::ConfigError>(())
    /// ```
    #[must_use]
    pub fn policy(
        mut self,
        configure: impl FnOnce(PolicyBuilder<Kind>) -> PolicyBuilder<Kind>,
    ) -> Self {
        self.policy = configure(self.policy);
        self
    }

    /// Allowed algorithms (default RS256 only).
    #[must_use]
    pub fn algorithms(mut self, algorithms: &[Algorithm]) -> Self {
        self.policy = self.policy.algorithms(algorithms);
        self
    }

    /// Check signatures with another backend ([`backends`](crate::backends)) or your own:
    /// by default [`Auto`](crate::backends::Auto) (ring where it is faster; feature
    /// `ring`, on by default), else the core's pure Rust
    /// ([`PureRust`](crate::backends::PureRust)).
    #[must_use]
    pub fn signature_backend(
        mut self,
        backend: impl edgejwt_core::SignatureBackend + Send + Sync + 'static,
    ) -> Self {
        self.policy = self.policy.signature_backend(backend);
        self
    }

    /// Seconds of clock skew tolerated for `exp` and `nbf` (default 0).
    #[must_use]
    pub fn leeway(mut self, seconds: u64) -> Self {
        self.policy = self.policy.leeway(seconds);
        self
    }

    /// A last check of your own over the verified claims: return `false` to refuse
    /// (`custom_rejected`). It runs on every verification, repeats answered from the
    /// verified-token cache included, so it can consult state that changes, such as a
    /// list of revoked tokens (Cognito's `origin_jti`):
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use std::sync::{Arc, RwLock};
    /// use edgejwt_std::{TokenUse, Verifier};
    ///
    /// let revoked: Arc<RwLock<HashSet<String>>> = Arc::default();
    /// let deny = Arc::clone(&revoked);
    /// let verifier = Verifier::cognito("us-east-1_AbC123", TokenUse::Access)
    ///     .client_id("3lt4gb6bs1pdbeu1b2vnhsg1q1")
    ///     .custom_check(move |claims| match claims.get_str("origin_jti") {
    ///         Some(origin) => !deny.read().map_or(true, |set| set.contains(origin.as_ref())),
    ///         None => false, // a token without origin_jti cannot be checked: refuse it
    ///     })
    ///     .build()?;
    /// revoked.write().unwrap().insert("a-revoked-origin-jti".to_owned());
    /// # let _ = verifier;
    /// # Ok::<(), edgejwt_std::ConfigError>(())
    /// ```
    #[must_use]
    pub fn custom_check(
        mut self,
        check: impl Fn(&Claims<'_>) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.policy = self.policy.custom_check(check);
        self
    }
}

impl Options {
    fn finish(self, policy: Policy) -> Result<Verifier, ConfigError> {
        let source = match (self.source, self.alb_arns.is_empty()) {
            (Some(source), _) => source,
            (None, false) => {
                let arns: Vec<&str> = self.alb_arns.iter().map(String::as_str).collect();
                let base_url = edgejwt_core::alb_keys_url(&arns)?;
                KeySource::PemPerKid { base_url }
            }
            (None, true) => return Err(ConfigError::InvalidUserPoolId),
        };
        if let KeySource::Jwks(url) | KeySource::PemPerKid { base_url: url } = &source {
            check_url(url, self.http.allow_http_loopback).map_err(|_| ConfigError::InvalidUrl)?;
        }
        tracing::debug!(
            target: "edgejwt",
            signature_backend = policy.signature_backend_name(),
            "verifier built"
        );
        let fetcher = self
            .fetcher
            .unwrap_or_else(|| Arc::new(HttpFetcher::new(self.http)));
        Ok(Verifier {
            inner: Arc::new(Inner {
                policy,
                verified: (self.verified_capacity > 0)
                    .then(|| quick_cache::sync::Cache::new(self.verified_capacity)),
                state: Mutex::new(State {
                    last_failure: None,
                    cache: JwksCache::with_source(
                        self.cache,
                        source,
                        self.http.allow_http_loopback,
                    ),
                }),
                fetcher,
                clock: self.clock,
                fetch_done: Condvar::new(),
            }),
        })
    }
}

impl VerifierBuilder<Cognito> {
    /// Adds an allowed app client id (at least one is required).
    #[must_use]
    pub fn client_id(mut self, client_id: &str) -> Self {
        self.policy = self.policy.client_id(client_id);
        self
    }

    /// Accepts id and access tokens alike, explicitly ([`PolicyBuilder::any_token_use`]).
    #[must_use]
    pub fn any_token_use(mut self) -> Self {
        self.policy = self.policy.any_token_use();
        self
    }

    /// Accepts any client id, explicitly ([`PolicyBuilder::any_client`]).
    #[must_use]
    pub fn any_client(mut self) -> Self {
        self.policy = self.policy.any_client();
        self
    }

    /// Requires one of the added groups (`cognito:groups`).
    #[must_use]
    pub fn group(mut self, group: &str) -> Self {
        self.policy = self.policy.group(group);
        self
    }

    /// Requires one of the added scopes (`scope`).
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        self.policy = self.policy.scope(scope);
        self
    }

    /// Checks the configuration and returns the verifier.
    pub fn build(self) -> Result<Verifier, ConfigError> {
        self.options.finish(self.policy.build()?)
    }
}

impl VerifierBuilder<Oidc> {
    /// Adds an accepted audience (at least one is required).
    #[must_use]
    pub fn audience(mut self, audience: &str) -> Self {
        self.policy = self.policy.audience(audience);
        self
    }

    /// Accepts any `aud`, explicitly ([`PolicyBuilder::any_audience`]).
    #[must_use]
    pub fn any_audience(mut self) -> Self {
        self.policy = self.policy.any_audience();
        self
    }

    /// Does not check `iss`, explicitly ([`PolicyBuilder::any_issuer`]); give the keys'
    /// address with [`jwks_url`](Self::jwks_url).
    #[must_use]
    pub fn any_issuer(mut self) -> Self {
        self.policy = self.policy.any_issuer();
        self
    }

    /// Requires one of the added scopes (`scope`).
    #[must_use]
    pub fn scope(mut self, scope: &str) -> Self {
        self.policy = self.policy.scope(scope);
        self
    }

    /// Checks the configuration and returns the verifier.
    pub fn build(self) -> Result<Verifier, ConfigError> {
        self.options.finish(self.policy.build()?)
    }
}

impl VerifierBuilder<Alb> {
    /// The issuer (the IdP configured on the listener) that `iss` must name.
    #[must_use]
    pub fn issuer(mut self, issuer: &str) -> Self {
        self.policy = self.policy.issuer(issuer);
        self
    }

    /// Adds another load balancer ARN `signer` may name (all in one region).
    #[must_use]
    pub fn signer(mut self, alb_arn: &str) -> Self {
        self.policy = self.policy.signer(alb_arn);
        self.options.alb_arns.push(alb_arn.to_owned());
        self
    }

    /// Adds an allowed client id (the header's `client`; at least one is required).
    #[must_use]
    pub fn client_id(mut self, client_id: &str) -> Self {
        self.policy = self.policy.client_id(client_id);
        self
    }

    /// Accepts any `client` (aws-jwt-verify's `clientId: null`), instead of client ids.
    #[must_use]
    pub fn any_client(mut self) -> Self {
        self.policy = self.policy.any_client();
        self
    }

    /// Fetch keys from `{url}/{kid}` instead of the region's key server (tests, a
    /// mirror, a partition whose address differs). HTTPS, or HTTP to loopback when
    /// allowed.
    #[must_use]
    pub fn keys_url(mut self, url: &str) -> Self {
        self.options.source = Some(KeySource::PemPerKid {
            base_url: url.to_owned(),
        });
        self
    }

    /// Checks the configuration and returns the verifier.
    pub fn build(self) -> Result<Verifier, ConfigError> {
        self.options.finish(self.policy.build()?)
    }
}
