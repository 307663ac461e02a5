//! One verifier's state: policy, the core's JWKS cache, the fetch in flight. Drives the
//! core's `verify_step` with `fetch()` and `Date.now()`.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use edgejwt_core::{
    AfterGet, Error, Fetched, Header, JwksCache, KeySet, KeySource, Policy, PublicKey, Reason,
    SignatureCheck, Step, UnixTime, UnverifiedToken, VerifiedToken,
};
use js_sys::{Function, Object, Promise};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::host_fetch::{self, is_thenable};
use crate::js_error::{config_error, custom_check_error, rejection, token_error, Context, Flavor};
use crate::js_jwk::{public_jwk, set};
use crate::node_crypto::NodeCrypto;
use crate::token_text::TokenText;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// A promise seen through `then` with plain functions (js-sys's `then2` takes two
    /// `Closure`s, and the one a settled promise never calls would never be freed).
    #[wasm_bindgen(extends = Promise)]
    type Settling;

    #[wasm_bindgen(method, js_name = then)]
    fn then_either(this: &Settling, on_fulfilled: &JsValue, on_rejected: &JsValue) -> Promise;
}

struct State {
    /// The key set, its refresh policy and the fetch driver: every JWKS decision.
    cache: JwksCache,
    /// The fetch in flight, awaited by everyone who needs it (single flight).
    in_flight: Option<Promise>,
}

/// The caller's checks that options (of `create` or of one call) set.
pub(crate) struct CallChecks {
    /// `customJwtCheck`, run last on accepted tokens.
    pub(crate) custom_check: Option<Function>,
    /// `includeRawJwtInErrors`.
    pub(crate) include_raw_jwt: bool,
}

/// What every view of one configuration shares: the key cache (and the fetch in
/// flight), the host's imported keys, the token buffer.
struct Shared {
    state: RefCell<State>,
    /// `node:crypto` when the host has it: the RSA step then runs synchronously in OpenSSL.
    node_crypto: Option<NodeCrypto>,
    webcrypto: crate::webcrypto::KeyCache,
    token_text: RefCell<TokenText>,
}

pub(crate) struct Engine {
    policy: Policy,
    /// The options of `create` (a copy), which per-call properties are laid over.
    options: JsValue,
    /// Options aws-jwt-verify lets a caller give per call instead of at `create`
    /// (`clientId`, `tokenUse`, `audience`) that `create` did not get: this view then
    /// verifies nothing, and each call must supply them.
    missing: Option<String>,
    /// The class that made it (error names differ a little between them).
    flavor: Flavor,
    /// `includeRawJwtInErrors`: a rejected token's contents on its error, when signed.
    include_raw_jwt: bool,
    custom_check: Option<Function>,
    /// Set while `verify()` turns down a token whose kid is unknown without fetching the
    /// key set, because a fetch was made too recently (the cooldown): the rejection is then
    /// named as aws-jwt-verify names it. Only set and cleared around that synchronous call.
    refresh_cooling_down: Cell<bool>,
    shared: Rc<Shared>,
}

/// What `verify()` can say without waiting.
pub(crate) enum Answer {
    /// The payload or the error, decided synchronously.
    Settled(Result<JsValue, JsValue>),
    /// The core accepted the token; the caller's asynchronous `customJwtCheck` is still
    /// running: the payload once this settles, its error if it rejects.
    Checking(Promise, JsValue),
    /// The token and the time of the call, for the asynchronous path (fetch or WebCrypto),
    /// with the signature check already prepared when only WebCrypto's answer is missing.
    Later(String, UnixTime, Option<Box<SignatureCheck<'static>>>),
}

/// The core's verdict taken to JavaScript: the payload, or a custom check still running.
pub(crate) enum Finished {
    Payload(JsValue),
    /// The check returned a thenable: the verdict is its outcome.
    Checking(Promise, JsValue),
}

/// What the synchronous signature step does when `node:crypto` cannot answer (a key it
/// cannot import, a call that throws, as workerd's does for some forms). Either way a
/// set mark means the verdict is discarded: it was never a signature check.
#[derive(Clone, Copy)]
enum NodeFailed<'a> {
    /// `verifySync()`: the core's own arithmetic decides (nothing else is synchronous)
    /// where this build has it (feature `pure-wasm`); otherwise the mark is set and
    /// `verifySync()` throws `NotSupportedError`.
    UseCore(&'a Cell<bool>),
    /// `verify()`: mark it; the verdict is discarded and WebCrypto asked instead.
    Mark(&'a Cell<bool>),
}

/// `Date.now()` to the millisecond: whole seconds would accept a token for up to a second
/// after its `exp`.
fn now() -> UnixTime {
    UnixTime::from_millis(js_sys::Date::now().max(0.0) as u64)
}

impl Engine {
    /// The policy this engine's tokens are checked against.
    pub(crate) fn policy(&self) -> &Policy {
        &self.policy
    }

    pub(crate) fn new(
        policy: Policy,
        options: JsValue,
        flavor: Flavor,
        source: KeySource,
        allow_http_loopback: bool,
        cache: edgejwt_core::CacheSettings,
        checks: CallChecks,
    ) -> Self {
        Self {
            policy,
            options,
            missing: None,
            flavor,
            include_raw_jwt: checks.include_raw_jwt,
            custom_check: checks.custom_check,
            refresh_cooling_down: Cell::new(false),
            shared: Rc::new(Shared {
                state: RefCell::new(State {
                    cache: JwksCache::with_source(cache, source, allow_http_loopback),
                    in_flight: None,
                }),
                node_crypto: NodeCrypto::detect(),
                webcrypto: crate::webcrypto::KeyCache::detect(),
                token_text: RefCell::new(TokenText::new()),
            }),
        }
    }

    /// Marks this view as lacking options every call must then give (see `missing`).
    pub(crate) fn needing_per_call(mut self, missing: Option<String>) -> Self {
        self.missing = missing;
        self
    }

    /// `invalid_config` when `create` left out an option only per-call properties may
    /// supply: this view's policy was never meant to verify.
    fn refuse_if_incomplete(&self) -> Result<(), JsValue> {
        match &self.missing {
            None => Ok(()),
            // aws-jwt-verify's words, so code that matches them keeps working.
            Some(missing) => Err(config_error(&format!(
                "{missing} must be provided or set to null explicitly"
            ))),
        }
    }

    /// The options `create` was given (a copy), for per-call properties to lay over.
    pub(crate) fn options(&self) -> &JsValue {
        &self.options
    }

    /// This configuration with a policy and checks of one call (aws-jwt-verify's
    /// per-call properties): the same keys, cache and fetch in flight.
    pub(crate) fn for_one_call(&self, policy: Policy, checks: CallChecks) -> Rc<Engine> {
        Rc::new(Engine {
            policy,
            options: self.options.clone(),
            missing: None,
            flavor: self.flavor,
            include_raw_jwt: checks.include_raw_jwt,
            custom_check: checks.custom_check,
            refresh_cooling_down: Cell::new(false),
            shared: Rc::clone(&self.shared),
        })
    }

    pub(crate) fn cache_jwks(&self, jwks: &JsValue) -> Result<(), JsValue> {
        let text = match jwks.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(jwks)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| token_error(Error::JwksInvalid))?,
        };
        self.shared
            .state
            .borrow_mut()
            .cache
            .cache_jwks(now().as_secs(), text.as_bytes())
            .map_err(token_error)
    }

    /// The verdict from cached keys only (`verifySync`): never fetches. A
    /// `customJwtCheck` that returns a promise is refused, as aws-jwt-verify does.
    pub(crate) fn verify_sync(&self, token: &JsValue) -> Result<JsValue, JsValue> {
        self.refuse_if_incomplete()?;
        match self.verify_sync_checking(token)? {
            Finished::Payload(payload) => Ok(payload),
            Finished::Checking(pending, _) => {
                // Its rejection is ours to absorb: unhandled, it would end the process.
                host_fetch::absorb_rejection(&pending);
                // aws-jwt-verify's words; verify() awaits such a check.
                Err(config_error(
                    "Custom JWT checks must be synchronous but a promise was returned",
                ))
            }
        }
    }

    fn verify_sync_checking(&self, token: &JsValue) -> Result<Finished, JsValue> {
        let now = now();
        let unsupported = Cell::new(false);
        self.with_token_text(token, |token| {
            let verdict =
                match self.verify_step_now(token, now, false, NodeFailed::UseCore(&unsupported)) {
                    Step::Done(_) if unsupported.get() => return Err(no_sync_crypto()),
                    Step::Done(verdict) => verdict,
                    Step::Fetch | Step::Wait => Err(Error::JwksUnavailable),
                };
            self.finish(verdict, token)
        })
        .unwrap_or_else(|unreadable| Err(self.reject(unreadable)))
    }

    /// `verify()`'s answer now when it needs neither the network nor an asynchronous RSA
    /// step: the common case in Node, where `node:crypto` answers at once.
    pub(crate) fn verify_now(&self, token: &JsValue) -> Answer {
        if let Err(refused) = self.refuse_if_incomplete() {
            return Answer::Settled(Err(refused));
        }
        let now = now();
        let can_fetch = self.shared.state.borrow().cache.can_fetch();
        let node_failed = Cell::new(false);
        let decided = self.with_token_text(token, |token| {
            let verdict = match &self.shared.node_crypto {
                Some(_) => match self.verify_step_now(
                    token,
                    now,
                    can_fetch,
                    NodeFailed::Mark(&node_failed),
                ) {
                    // node:crypto could not answer: the asynchronous path asks WebCrypto.
                    Step::Done(_) if node_failed.get() => None,
                    Step::Done(verdict) => Some(verdict),
                    Step::Fetch | Step::Wait => None,
                },
                // WebCrypto answers later: a verdict before the signature step now, else
                // the prepared check, for `verify_later` to hand to WebCrypto.
                None => match self.prepare(token, now, can_fetch) {
                    Step::Done(Err(error)) => Some(Err(error)),
                    Step::Done(Ok(check)) => {
                        return Err((token.to_owned(), Some(Box::new(check))));
                    }
                    Step::Fetch | Step::Wait => None,
                },
            };
            match verdict {
                Some(verdict) => {
                    // A source that can fetch answers `unknown_kid` here, without asking
                    // for a fetch, only while the refresh cools down.
                    let cooling = can_fetch && matches!(verdict, Err(Error::UnknownKid));
                    self.refresh_cooling_down.set(cooling);
                    let finished = self.finish(verdict, token);
                    self.refresh_cooling_down.set(false);
                    Ok(finished)
                }
                None => Err((token.to_owned(), None)),
            }
        });
        match decided {
            Ok(Ok(Ok(Finished::Payload(payload)))) => Answer::Settled(Ok(payload)),
            Ok(Ok(Ok(Finished::Checking(pending, payload)))) => Answer::Checking(pending, payload),
            Ok(Ok(Err(error))) => Answer::Settled(Err(error)),
            Ok(Err((token, prepared))) => Answer::Later(token, now, prepared),
            Err(unreadable) => Answer::Settled(Err(self.reject(unreadable))),
        }
    }

    /// `verify()`'s promise for an [`Answer::Later`]. With the check prepared and its key
    /// already imported into WebCrypto, one `then` on `subtle.verify`'s promise finishes
    /// it: the token was parsed once, and no future runs (measured in workerd, each future
    /// and promise hop cost more than the signature check). Everything else (a fetch, a key
    /// import, a WebCrypto failure) goes through [`verify`](Self::verify).
    pub(crate) fn verify_later(
        self: &Rc<Self>,
        token: String,
        now: UnixTime,
        prepared: Option<Box<SignatureCheck<'static>>>,
    ) -> Promise {
        let started = prepared.and_then(|check| {
            let pending = self.shared.webcrypto.verify_imported(&check)?;
            Some((pending, check))
        });
        let Some((pending, check)) = started else {
            return future_to_promise(Rc::clone(self).verify(token, now));
        };
        let engine = Rc::clone(self);
        // Called once, with whichever way `subtle.verify` settles: a boolean when it
        // answered; an error object when it failed, which is not a verdict: the full path
        // then asks again and falls back as it does for any WebCrypto failure.
        let settled = Closure::once_into_js(move |answer: JsValue| -> Result<JsValue, JsValue> {
            let Some(valid) = answer.as_bool() else {
                return Ok(future_to_promise(Rc::clone(&engine).verify(token, now)).into());
            };
            let verdict = engine.policy.complete_signature_check(*check, valid, now);
            engine.settle_verdict(verdict, token)
        });
        pending
            .unchecked_into::<Settling>()
            .then_either(&settled, &settled)
    }

    /// A verdict reached inside a promise callback: the payload, or a thrown error, or a
    /// promise of either where more must be awaited (`rawJwt`'s signature check, an
    /// asynchronous `customJwtCheck`).
    fn settle_verdict(
        self: &Rc<Self>,
        verdict: Result<VerifiedToken, Error>,
        token: String,
    ) -> Result<JsValue, JsValue> {
        // Only a rejection with `rawJwt` may need WebCrypto again: `finish_async` awaits it.
        if verdict.is_err() && self.include_raw_jwt {
            let engine = Rc::clone(self);
            let rejected = async move { engine.finish_async(verdict, &token).await };
            return Ok(future_to_promise(rejected).into());
        }
        match self.finish(verdict, &token)? {
            Finished::Payload(payload) => Ok(payload),
            Finished::Checking(pending, payload) => {
                Ok(future_to_promise(settle_check(pending, payload)).into())
            }
        }
    }

    /// Runs `use_token` on the caller's token as UTF-8, in the reused buffer.
    fn with_token_text<T>(
        &self,
        token: &JsValue,
        use_token: impl FnOnce(&str) -> T,
    ) -> Result<T, Error> {
        let max_len = self.policy.max_token_len();
        // Busy only if JavaScript re-entered mid-read; a fresh buffer keeps that panic-free.
        let mut fresh;
        let mut reused = self.shared.token_text.try_borrow_mut();
        let text = match reused.as_deref_mut() {
            Ok(text) => text,
            Err(_) => {
                fresh = TokenText::new();
                &mut fresh
            }
        };
        text.read(token, max_len).map(use_token)
    }

    /// The cache's step with the RSA step done synchronously: in `node:crypto` when the
    /// host has it, else in the core's arithmetic (pure wasm) on the already parsed key.
    /// Nothing is copied for the RSA step.
    fn verify_step_now(
        &self,
        token: &str,
        now: UnixTime,
        can_fetch: bool,
        otherwise: NodeFailed<'_>,
    ) -> Step {
        let host = |alg, key: &PublicKey, message: &[u8], signature: &[u8]| {
            let answer = self
                .shared
                .node_crypto
                .as_ref()
                .and_then(|node| node.verify(alg, key, message, signature));
            let answer = match otherwise {
                NodeFailed::UseCore(_) => {
                    answer.or_else(|| pure_wasm_verdict(alg, key, message, signature))
                }
                NodeFailed::Mark(_) => answer,
            };
            // Refused for now; the caller sees the mark and asks the next host path (or
            // says this host cannot verify synchronously).
            let (NodeFailed::UseCore(unanswered) | NodeFailed::Mark(unanswered)) = otherwise;
            answer.unwrap_or_else(|| {
                unanswered.set(true);
                false
            })
        };
        self.shared.state.borrow().cache.verify_step_with(
            &self.policy,
            token,
            now,
            can_fetch,
            &host,
        )
    }

    /// The cache's step up to the signature, owned: the WebCrypto check awaits.
    fn prepare(
        &self,
        token: &str,
        now: UnixTime,
        can_fetch: bool,
    ) -> Step<SignatureCheck<'static>> {
        match self
            .shared
            .state
            .borrow()
            .cache
            .prepare_step(&self.policy, token, now, can_fetch)
        {
            Step::Done(check) => Step::Done(check.map(SignatureCheck::into_owned)),
            Step::Fetch => Step::Fetch,
            Step::Wait => Step::Wait,
        }
    }

    /// The verdict, fetching or refreshing the JWKS first when the cache policy says so.
    /// The RSA step goes to `node:crypto` or else the host's WebCrypto; every other check
    /// stays in the core.
    /// `now` is the time `verify()` was called: a token is judged at the request's time,
    /// whatever the fetch costs.
    pub(crate) async fn verify(
        self: Rc<Self>,
        token: String,
        now: UnixTime,
    ) -> Result<JsValue, JsValue> {
        self.refuse_if_incomplete()?;
        let can_fetch = self.shared.state.borrow().cache.can_fetch();
        // Set when node:crypto cannot answer for this token: WebCrypto is asked next (and
        // the core's arithmetic only where the host has neither).
        let node_failed = Cell::new(false);
        for _ in 0..JwksCache::MAX_STEPS {
            let use_node = self.shared.node_crypto.is_some() && !node_failed.get();
            let node_step = use_node.then(|| {
                self.verify_step_now(&token, now, can_fetch, NodeFailed::Mark(&node_failed))
            });
            let needs_fetch = match node_step {
                Some(Step::Done(_)) if node_failed.get() => continue,
                Some(Step::Done(verdict)) => return self.finish_async(verdict, &token).await,
                Some(Step::Fetch) => true,
                Some(Step::Wait) => false,
                None => match self.prepare(&token, now, can_fetch) {
                    Step::Done(Ok(check)) => {
                        let Some(valid) = self.awaited_verdict(&check).await else {
                            return Err(no_host_crypto());
                        };
                        let verdict = self.policy.complete_signature_check(check, valid, now);
                        return self.finish_async(verdict, &token).await;
                    }
                    Step::Done(Err(error)) => {
                        return Err(self.reject_token_async(error, &token).await)
                    }
                    Step::Fetch => true,
                    Step::Wait => false,
                },
            };
            match needs_fetch {
                true => Rc::clone(&self).fetch(now.as_secs(), Some(&token)).await,
                false => self.wait().await,
            }
        }
        let error = self.shared.state.borrow().cache.give_up();
        Err(self.reject(error))
    }

    /// Fetches now (`hydrate`); fails with the reason when the fetch fails.
    pub(crate) async fn hydrate(self: Rc<Self>) -> Result<JsValue, JsValue> {
        if self.shared.state.borrow().cache.fetches_per_kid() {
            // aws-jwt-verify's AlbJwksNotExposedError: there is no set to warm up.
            return Err(crate::js_error::named(
                Error::JwksUnavailable,
                "AlbJwksNotExposedError",
                "jwks_unavailable: ALB publishes no JWKS; its keys are fetched one kid at a \
                 time, when a token names one",
            ));
        }
        if !self.shared.state.borrow().cache.can_fetch() {
            return Err(token_error(Error::JwksUnavailable));
        }
        Rc::clone(&self).fetch(now().as_secs(), None).await;
        let verdict = self.shared.state.borrow().cache.hydrate_verdict();
        verdict
            .map(|()| JsValue::UNDEFINED)
            .map_err(|error| self.reject(error))
    }

    async fn wait(&self) {
        let pending = self.shared.state.borrow().in_flight.clone();
        if let Some(pending) = pending {
            let _ = JsFuture::from(pending).await;
        }
    }

    async fn fetch(self: Rc<Self>, now: u64, for_token: Option<&str>) {
        let started = {
            let mut state = self.shared.state.borrow_mut();
            match for_token {
                Some(token) => state.cache.start_fetch_for(now, &self.policy, token),
                None => state.cache.start_fetch(now),
            }
        };
        let Some(url) = started else {
            return;
        };
        let this = Rc::clone(&self);
        let pending = future_to_promise(async move {
            this.drive_fetch(url, now).await;
            Ok(JsValue::UNDEFINED)
        });
        self.shared.state.borrow_mut().in_flight = Some(pending.clone());
        let _ = JsFuture::from(pending).await;
    }

    /// The GETs of one fetch, each outcome handed to the core's driver (see
    /// `JwksCache`'s driver contract): discovery may name the JWKS to GET next.
    async fn drive_fetch(&self, mut url: String, started: u64) {
        loop {
            let response = host_fetch::fetch(&url).await;
            let finished = now().as_secs().max(started);
            let outcome = match &response {
                Ok(fetched) => Ok(Fetched {
                    body: &fetched.body,
                    max_age: fetched.max_age,
                }),
                Err(why) => Err(why.as_str()),
            };
            let next = self
                .shared
                .state
                .borrow_mut()
                .cache
                .finish_get(finished, outcome);
            match next {
                AfterGet::Get(next) => url = next,
                AfterGet::Done(_) => break,
            }
        }
        self.shared.state.borrow_mut().in_flight = None;
    }

    /// A core error as thrown JavaScript; `jwks_unavailable` says why the last fetch failed.
    fn reject(&self, error: Error) -> JsValue {
        self.reject_because(error, Reason::None)
    }

    /// [`reject`](Self::reject) for a verdict on `token`, named after the rule behind it
    /// (found by the core again, on this error path only).
    /// The thrown error carries aws-jwt-verify's `failedAssertion = { actual, expected }`
    /// where the core names a comparison, the claim in its message, and, with
    /// `includeRawJwtInErrors`, `rawJwt = { header, payload }` only when the signature
    /// verified.
    fn reject_token(&self, error: Error, token: &str) -> JsValue {
        let raw = self
            .include_raw_jwt
            .then(|| self.contents_now(token))
            .flatten();
        self.reject_token_showing(error, token, raw)
    }

    /// [`reject_token`](Self::reject_token) for `verify()`: where no synchronous crypto
    /// can check the signature for `rawJwt`, WebCrypto is awaited.
    async fn reject_token_async(&self, error: Error, token: &str) -> JsValue {
        if !self.include_raw_jwt {
            return self.reject_token_showing(error, token, None);
        }
        let check = self.with_keys(|keys| {
            self.policy
                .contents_check(token, keys)
                .map(SignatureCheck::into_owned)
        });
        let raw = match check {
            Some(check) => {
                let valid = match self.sync_verdict(&check) {
                    Some(valid) => valid,
                    None => self.awaited_verdict(&check).await.unwrap_or(false),
                };
                self.policy.contents_if_valid(check, valid)
            }
            None => None,
        };
        self.reject_token_showing(error, token, raw)
    }

    /// The token's contents for `rawJwt` when synchronous crypto finds its signature
    /// valid; `None` otherwise (and where this host has no synchronous crypto).
    fn contents_now(&self, token: &str) -> Option<UnverifiedToken> {
        self.with_keys(|keys| {
            let check = self.policy.contents_check(token, keys)?;
            let valid = self.sync_verdict(&check).unwrap_or(false);
            self.policy.contents_if_valid(check, valid)
        })
    }

    /// Runs `use_keys` on the cached key set (an empty one before the first fetch).
    fn with_keys<T>(&self, use_keys: impl FnOnce(&KeySet) -> T) -> T {
        let state = self.shared.state.borrow();
        let empty = KeySet::new();
        use_keys(state.cache.keys().unwrap_or(&empty))
    }

    /// The signature verdict from synchronous crypto: `node:crypto`, else the core's own
    /// arithmetic where this build has it; `None` when neither can answer.
    fn sync_verdict(&self, check: &SignatureCheck<'_>) -> Option<bool> {
        let (alg, key) = (check.header().alg(), check.key());
        let (message, signature) = (check.message(), check.signature());
        self.shared
            .node_crypto
            .as_ref()
            .and_then(|node| node.verify(alg, key, message, signature))
            .or_else(|| pure_wasm_verdict(alg, key, message, signature))
    }

    /// The signature verdict from WebCrypto, else the core's own arithmetic where this
    /// build has it; `None` when this host can check nothing.
    async fn awaited_verdict(&self, check: &SignatureCheck<'_>) -> Option<bool> {
        match self.shared.webcrypto.verify(check).await {
            Some(valid) => Some(valid),
            None => pure_wasm_verdict(
                check.header().alg(),
                check.key(),
                check.message(),
                check.signature(),
            ),
        }
    }

    /// A core verdict as thrown JavaScript, with `rawJwt` when `raw` is given.
    fn reject_token_showing(
        &self,
        error: Error,
        token: &str,
        raw: Option<UnverifiedToken>,
    ) -> JsValue {
        let reason = self.with_keys(|keys| self.policy.reason(token, keys, error));
        let thrown = self.reject_because(error, reason);
        let failed = self.policy.failed_assertion(token, error);
        crate::js_error::add_details(&thrown, error, reason, self.flavor, failed.as_ref());
        if let Some(raw) = raw {
            let parse = |text: &str| js_sys::JSON::parse(text).unwrap_or(JsValue::NULL);
            let raw_jwt = Object::new();
            set(&raw_jwt, "header", &parse(&raw.header_json));
            set(&raw_jwt, "payload", &parse(&raw.payload_json));
            let _ = js_sys::Reflect::set(&thrown, &"rawJwt".into(), &raw_jwt);
        }
        thrown
    }

    fn reject_because(&self, error: Error, reason: Reason) -> JsValue {
        let state = self.shared.state.borrow();
        let error = state.cache.refine(error);
        let context = Context {
            reason,
            flavor: self.flavor,
            fetch_failed: state.cache.last_fetch_failed(),
            refresh_cooling_down: self.refresh_cooling_down.get(),
        };
        rejection(error, context)
    }

    /// The verdict as JavaScript: the payload object, or a thrown error. The caller's
    /// `customJwtCheck` runs last, on tokens the core accepted, called as aws-jwt-verify
    /// calls it: `customJwtCheck({ header, payload, jwk })`. A thrown error reaches the
    /// caller as thrown (with `.code = "custom_rejected"` added when it has no code); an
    /// explicit `false` also rejects (`custom_rejected`); any other return value is
    /// ignored. A returned promise is handed back for the caller to settle.
    fn finish(
        &self,
        verdict: Result<VerifiedToken, Error>,
        token: &str,
    ) -> Result<Finished, JsValue> {
        let verified = verdict.map_err(|error| self.reject_token(error, token))?;
        let payload = js_sys::JSON::parse(verified.payload_json())
            .map_err(|_| token_error(Error::Malformed))?;
        let Some(check) = &self.custom_check else {
            return Ok(Finished::Payload(payload));
        };
        let header = js_sys::JSON::parse(verified.header().json()).unwrap_or(JsValue::NULL);
        let argument = Object::new();
        set(&argument, "header", &header);
        set(&argument, "payload", &payload);
        set(&argument, "jwk", &self.jwk_of(verified.header()));
        match check.call1(&JsValue::NULL, &argument) {
            Err(thrown) => Err(custom_check_error(thrown)),
            Ok(answer) if answer.as_bool() == Some(false) => {
                Err(token_error(Error::CustomRejected))
            }
            Ok(answer) if is_thenable(&answer) => {
                Ok(Finished::Checking(Promise::resolve(&answer), payload))
            }
            Ok(_) => Ok(Finished::Payload(payload)),
        }
    }

    /// [`finish`](Self::finish) for `verify()`: an asynchronous check is awaited.
    async fn finish_async(
        &self,
        verdict: Result<VerifiedToken, Error>,
        token: &str,
    ) -> Result<JsValue, JsValue> {
        let verdict = match verdict {
            Ok(verified) => Ok(verified),
            Err(error) => return Err(self.reject_token_async(error, token).await),
        };
        match self.finish(verdict, token)? {
            Finished::Payload(payload) => Ok(payload),
            Finished::Checking(pending, payload) => settle_check(pending, payload).await,
        }
    }

    /// The JWK of the key that verified the token, for `customJwtCheck` (the core's choice
    /// among keys sharing its `kid`): its public members, and its `kid`, `use` and `alg`
    /// where it has them.
    fn jwk_of(&self, header: &Header) -> JsValue {
        let kid = header.kid();
        let state = self.shared.state.borrow();
        let Some(key) = state
            .cache
            .keys()
            .and_then(|keys| self.policy.key_for(keys, header))
        else {
            return JsValue::UNDEFINED;
        };
        let Some(jwk) = public_jwk(key) else {
            return JsValue::UNDEFINED;
        };
        set(&jwk, "kid", &kid.into());
        if key.declares_signature_use() {
            set(&jwk, "use", &"sig".into());
        }
        if let Some(alg) = key.algorithm() {
            set(&jwk, "alg", &alg.name().into());
        }
        jwk.into()
    }
}

/// The outcome of an asynchronous `customJwtCheck`: the payload when it fulfils, its
/// error (tagged `custom_rejected` where it has no code) when it rejects. The value it
/// fulfils with is ignored, as aws-jwt-verify ignores it, except an explicit `false`.
pub(crate) async fn settle_check(pending: Promise, payload: JsValue) -> Result<JsValue, JsValue> {
    match JsFuture::from(pending).await {
        Ok(answer) if answer.as_bool() == Some(false) => Err(token_error(Error::CustomRejected)),
        Ok(_) => Ok(payload),
        Err(thrown) => Err(custom_check_error(thrown)),
    }
}

/// The core's signature arithmetic compiled to wasm, on the key as already parsed: for a
/// host with neither `node:crypto` nor WebCrypto. Builds without the `pure-wasm` feature
/// (the web package) leave it out, for size: `None`, the host cannot check here.
fn pure_wasm_verdict(
    alg: edgejwt_core::Algorithm,
    key: &PublicKey,
    message: &[u8],
    signature: &[u8],
) -> Option<bool> {
    #[cfg(feature = "pure-wasm")]
    return Some(key.verify_signature(alg, message, signature).is_ok());
    #[cfg(not(feature = "pure-wasm"))]
    {
        let _ = (alg, key, message, signature);
        None
    }
}

/// `verifySync()` where the host has no synchronous crypto and this build no pure-wasm
/// arithmetic: refused loudly, never a verdict.
fn no_sync_crypto() -> JsValue {
    crate::js_error::not_supported(
        "not_supported: this host has no synchronous signature check (no node:crypto) and \
         this build of edgejwt no pure-wasm arithmetic: use `await verify()`, or the \
         `edgejwt/pure` build",
    )
}

/// `verify()` where the host has neither `node:crypto` nor WebCrypto (`crypto.subtle` is
/// missing outside secure contexts) and this build no pure-wasm arithmetic.
fn no_host_crypto() -> JsValue {
    crate::js_error::not_supported(
        "not_supported: this host has no signature check (neither node:crypto nor \
         WebCrypto's crypto.subtle) and this build of edgejwt no pure-wasm arithmetic: use \
         the `edgejwt/pure` build",
    )
}
