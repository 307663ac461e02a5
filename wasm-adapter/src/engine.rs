//! One verifier's state: policy, the core's JWKS cache, the fetch in flight. Drives the
//! core's `verify_step` with `fetch()` and `Date.now()`.

use std::cell::RefCell;
use std::rc::Rc;

use edgejwt_core::{
    Error, JwksCache, KeySet, Policy, PublicKey, SignatureCheck, Step, VerifiedToken,
};
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::host_fetch;
use crate::js_error::token_error;
use crate::node_crypto::NodeCrypto;
use crate::token_text::TokenText;

struct State {
    cache: JwksCache,
    last_error: Option<Error>,
    /// The fetch in flight, awaited by everyone who needs it (single flight).
    in_flight: Option<Promise>,
}

pub(crate) struct Engine {
    policy: Policy,
    jwks_url: Option<String>,
    custom_check: Option<Function>,
    state: RefCell<State>,
    /// `node:crypto` when the host has it: the RSA step then runs synchronously in OpenSSL.
    node_crypto: Option<NodeCrypto>,
    webcrypto: crate::webcrypto::KeyCache,
    token_text: RefCell<TokenText>,
}

/// What `verify()` can say without waiting.
pub(crate) enum Answer {
    /// The payload or the error, decided synchronously.
    Settled(Result<JsValue, JsValue>),
    /// The token, for the asynchronous path (fetch or WebCrypto).
    Later(String),
}

fn now() -> u64 {
    (js_sys::Date::now() / 1000.0) as u64
}

impl Engine {
    pub(crate) fn new(
        policy: Policy,
        jwks_url: Option<String>,
        custom_check: Option<Function>,
        cache: edgejwt_core::CacheSettings,
    ) -> Self {
        Self {
            policy,
            jwks_url,
            custom_check,
            state: RefCell::new(State {
                cache: JwksCache::new(cache),
                last_error: None,
                in_flight: None,
            }),
            node_crypto: NodeCrypto::detect(),
            webcrypto: crate::webcrypto::KeyCache::default(),
            token_text: RefCell::new(TokenText::new()),
        }
    }

    pub(crate) fn cache_jwks(&self, jwks: &JsValue) -> Result<(), JsValue> {
        let text = match jwks.as_string() {
            Some(text) => text,
            None => js_sys::JSON::stringify(jwks)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| token_error(Error::JwksInvalid))?,
        };
        let keys = KeySet::from_jwks(&text).map_err(token_error)?;
        self.state.borrow_mut().cache.cache_offline(now(), keys);
        Ok(())
    }

    /// The verdict from cached keys only (`verifySync`): never fetches.
    pub(crate) fn verify_sync(&self, token: &JsValue) -> Result<JsValue, JsValue> {
        let now = now();
        let verdict = self
            .with_token_text(token, |token| {
                match self.verify_step_now(token, now, false) {
                    Step::Done(verdict) => verdict,
                    Step::Fetch | Step::Wait => Err(Error::JwksUnavailable),
                }
            })
            .and_then(|verdict| verdict);
        self.finish(verdict)
    }

    /// `verify()`'s answer now when it needs neither the network nor an asynchronous RSA
    /// step: the common case in Node, where `node:crypto` answers at once.
    pub(crate) fn verify_now(&self, token: &JsValue) -> Answer {
        let now = now();
        let can_fetch = self.jwks_url.is_some();
        let decided = self.with_token_text(token, |token| {
            let verdict = match &self.node_crypto {
                Some(_) => match self.verify_step_now(token, now, can_fetch) {
                    Step::Done(verdict) => Some(verdict),
                    Step::Fetch | Step::Wait => None,
                },
                // WebCrypto answers later; only a verdict before the RSA step is ready.
                None => match self.prepare(token, now, can_fetch) {
                    Step::Done(Err(error)) => Some(Err(error)),
                    Step::Done(Ok(_)) | Step::Fetch | Step::Wait => None,
                },
            };
            verdict.ok_or_else(|| token.to_owned())
        });
        match decided {
            Ok(Ok(verdict)) => Answer::Settled(self.finish(verdict)),
            Ok(Err(token)) => Answer::Later(token),
            Err(error) => Answer::Settled(self.finish(Err(error))),
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
        let mut reused = self.token_text.try_borrow_mut();
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
    fn verify_step_now(&self, token: &str, now: u64, can_fetch: bool) -> Step {
        let rsa = |alg, key: &PublicKey, message: &[u8], signature: &[u8]| {
            self.node_crypto
                .as_ref()
                .and_then(|node| {
                    node.verify(alg, key.modulus(), key.exponent(), message, signature)
                })
                .unwrap_or_else(|| key.verify_signature(alg, message, signature).is_ok())
        };
        self.state
            .borrow()
            .cache
            .verify_step_with(&self.policy, token, now, can_fetch, rsa)
    }

    fn prepare(&self, token: &str, now: u64, can_fetch: bool) -> Step<SignatureCheck> {
        self.state
            .borrow()
            .cache
            .prepare_step(&self.policy, token, now, can_fetch)
    }

    /// The verdict, fetching or refreshing the JWKS first when the cache policy says so.
    /// The RSA step goes to `node:crypto` or else the host's WebCrypto; every other check
    /// stays in the core.
    pub(crate) async fn verify(self: Rc<Self>, token: String) -> Result<JsValue, JsValue> {
        let now = now();
        let can_fetch = self.jwks_url.is_some();
        for _ in 0..4 {
            let needs_fetch = match &self.node_crypto {
                Some(_) => match self.verify_step_now(&token, now, can_fetch) {
                    Step::Done(verdict) => return self.finish(verdict),
                    Step::Fetch => true,
                    Step::Wait => false,
                },
                None => match self.prepare(&token, now, can_fetch) {
                    Step::Done(Ok(check)) => {
                        let valid = match self.webcrypto.verify(&check).await {
                            Some(valid) => valid,
                            // No WebCrypto here: the core's own arithmetic decides.
                            None => pure_wasm_verdict(&check),
                        };
                        let verdict = self.policy.complete_signature_check(check, valid, now);
                        return self.finish(verdict);
                    }
                    Step::Done(Err(error)) => return self.finish(Err(error)),
                    Step::Fetch => true,
                    Step::Wait => false,
                },
            };
            match needs_fetch {
                true => Rc::clone(&self).fetch(now).await,
                false => self.wait().await,
            }
        }
        self.finish(Err(Error::JwksUnavailable))
    }

    /// Fetches now (`hydrate`); fails with the reason when the fetch fails.
    pub(crate) async fn hydrate(self: Rc<Self>) -> Result<JsValue, JsValue> {
        if self.jwks_url.is_none() {
            return Err(token_error(Error::JwksUnavailable));
        }
        Rc::clone(&self).fetch(now()).await;
        let state = self.state.borrow();
        match state.cache.last_fetch_failed() {
            true => Err(token_error(
                state.last_error.unwrap_or(Error::JwksUnavailable),
            )),
            false => Ok(JsValue::UNDEFINED),
        }
    }

    async fn wait(&self) {
        let pending = self.state.borrow().in_flight.clone();
        if let Some(pending) = pending {
            let _ = JsFuture::from(pending).await;
        }
    }

    async fn fetch(self: Rc<Self>, now: u64) {
        self.state.borrow_mut().cache.fetch_started(now);
        let this = Rc::clone(&self);
        let pending = future_to_promise(async move {
            this.fetch_and_record(now).await;
            Ok(JsValue::UNDEFINED)
        });
        self.state.borrow_mut().in_flight = Some(pending.clone());
        let _ = JsFuture::from(pending).await;
    }

    async fn fetch_and_record(&self, started: u64) {
        let Some(url) = self.jwks_url.as_deref() else {
            return;
        };
        let outcome = match host_fetch::fetch(url).await {
            Ok(fetched) => KeySet::from_jwks(&fetched.body).map(|keys| (keys, fetched.max_age)),
            Err(_) => Err(Error::JwksUnavailable),
        };
        let finished = now().max(started);
        let mut state = self.state.borrow_mut();
        match outcome {
            Ok((keys, max_age)) => {
                state.cache.fetch_succeeded(finished, keys, max_age);
                state.last_error = None;
            }
            Err(error) => {
                state.cache.fetch_failed(finished);
                state.last_error = Some(error);
            }
        }
        state.in_flight = None;
    }

    /// The verdict as JavaScript: the payload object, or a thrown error. The caller's
    /// `customJwtCheck` runs last, on tokens the core accepted.
    fn finish(&self, verdict: Result<VerifiedToken, Error>) -> Result<JsValue, JsValue> {
        let verified = verdict.map_err(|error| match error {
            Error::JwksUnavailable => token_error(
                self.state
                    .borrow()
                    .last_error
                    .unwrap_or(Error::JwksUnavailable),
            ),
            other => token_error(other),
        })?;
        let payload = js_sys::JSON::parse(verified.payload_json())
            .map_err(|_| token_error(Error::Malformed))?;
        if let Some(check) = &self.custom_check {
            let header = js_sys::JSON::parse(verified.header().json()).unwrap_or(JsValue::NULL);
            match check.call2(&JsValue::NULL, &payload, &header) {
                Ok(answer) if answer.as_bool() != Some(false) => {}
                _ => return Err(token_error(Error::CustomRejected)),
            }
        }
        Ok(payload)
    }
}

/// The core's RSA arithmetic compiled to wasm, importing the key: for a host with
/// neither `node:crypto` nor WebCrypto.
fn pure_wasm_verdict(check: &SignatureCheck) -> bool {
    edgejwt_core::PublicKey::from_rsa_components(check.modulus(), check.exponent()).is_ok_and(
        |key| {
            key.verify_signature(check.header().alg(), check.message(), check.signature())
                .is_ok()
        },
    )
}
