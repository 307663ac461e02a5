//! GET a JWKS with the host's global `fetch` (Node 18+, browsers, Workers, Deno):
//! no redirects, a timeout, and a body cap enforced while the body streams in.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Largest JWKS body accepted, in decoded bytes: the limit every adapter shares.
pub(crate) const MAX_BODY_BYTES: usize = edgejwt_core::FetchLimits::DEFAULT.max_body_bytes;
/// Whole-exchange timeout, in milliseconds: the limit every adapter shares.
const TIMEOUT_MS: f64 = edgejwt_core::FetchLimits::DEFAULT.total_timeout_ms as f64;

pub(crate) struct Fetched {
    /// The body as bytes (content-encoding decoded by the host); the core judges them.
    pub(crate) body: Vec<u8>,
    pub(crate) max_age: Option<u64>,
}

fn get(target: &JsValue, name: &str) -> Result<JsValue, String> {
    Reflect::get(target, &name.into()).map_err(|_| format!("no {name}"))
}

fn method(target: &JsValue, name: &str) -> Result<Function, String> {
    get(target, name)?
        .dyn_into::<Function>()
        .map_err(|_| format!("{name} is not a function"))
}

pub(crate) fn js_message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".into())
}

/// Whether `value` is a thenable (has a callable `then`): a promise of any realm.
pub(crate) fn is_thenable(value: &JsValue) -> bool {
    value.is_object() && Reflect::get(value, &"then".into()).is_ok_and(|then| then.is_function())
}

/// Awaits `value` if it is a thenable, else yields it. A promise from another realm (Jest's
/// node environment, an iframe, a vm context) fails an `instanceof Promise` check in ours,
/// so `Promise.resolve` adopts it instead of a cast.
pub(crate) async fn settle(value: JsValue) -> Result<JsValue, JsValue> {
    if is_thenable(&value) {
        JsFuture::from(Promise::resolve(&value)).await
    } else {
        Ok(value)
    }
}

/// Marks a thenable's rejection as handled: one nobody awaits would otherwise be an
/// unhandled rejection, which ends a Node process.
pub(crate) fn absorb_rejection(value: &JsValue) {
    if !is_thenable(value) {
        return;
    }
    let promise = Promise::resolve(value);
    let ignore = wasm_bindgen::closure::Closure::once_into_js(|_: JsValue| {});
    if let Ok(catch) = method(&promise, "catch") {
        let _ = catch.call1(&promise, &ignore);
    }
}

/// `AbortSignal.timeout(ms)` where the host has it.
fn timeout_signal(global: &Object) -> Option<JsValue> {
    let abort_signal = get(global, "AbortSignal").ok()?;
    let timeout = method(&abort_signal, "timeout").ok()?;
    timeout.call1(&abort_signal, &TIMEOUT_MS.into()).ok()
}

fn header(headers: &JsValue, name: &str) -> Option<String> {
    method(headers, "get")
        .ok()?
        .call1(headers, &name.into())
        .ok()?
        .as_string()
}

/// Reads the body chunk by chunk from `response.body`, giving up (and cancelling the
/// stream) as soon as it passes the cap: an endless or inflating body never buffers
/// more than the cap plus one chunk.
async fn read_capped(response: &JsValue) -> Result<Vec<u8>, String> {
    let stream = get(response, "body")?;
    if stream.is_null() || stream.is_undefined() {
        // No stream (a host without response streams): the whole body, then the cap.
        let buffer = settle(
            method(response, "arrayBuffer")?
                .call0(response)
                .map_err(|e| js_message(&e))?,
        )
        .await
        .map_err(|e| js_message(&e))?;
        let bytes = Uint8Array::new(&buffer).to_vec();
        return match bytes.len() > MAX_BODY_BYTES {
            true => Err("response body over the size cap".into()),
            false => Ok(bytes),
        };
    }
    let reader = method(&stream, "getReader")?
        .call0(&stream)
        .map_err(|e| js_message(&e))?;
    let read = method(&reader, "read")?;
    let mut body = Vec::new();
    loop {
        let pending = read.call0(&reader).map_err(|e| js_message(&e))?;
        let chunk = settle(pending).await.map_err(|e| js_message(&e))?;
        if get(&chunk, "done")?.is_truthy() {
            return Ok(body);
        }
        let value = get(&chunk, "value")?;
        let bytes: Uint8Array = value
            .dyn_into()
            .map_err(|_| "the body stream yielded something other than bytes".to_owned())?;
        if body.len() + bytes.length() as usize > MAX_BODY_BYTES {
            // Stop the transfer; its own outcome no longer matters.
            if let Ok(cancelled) = method(&reader, "cancel")
                .and_then(|cancel| cancel.call0(&reader).map_err(|e| js_message(&e)))
            {
                absorb_rejection(&cancelled);
            }
            return Err("response body over the size cap".into());
        }
        let start = body.len();
        body.resize(start + bytes.length() as usize, 0);
        if let Some(room) = body.get_mut(start..) {
            bytes.copy_to(room);
        }
    }
}

/// Fetches `url`; the error is a human reason (the caller reports `jwks_unavailable`).
pub(crate) async fn fetch(url: &str) -> Result<Fetched, String> {
    let global = js_sys::global();
    let fetch =
        method(&global, "fetch").map_err(|_| "this host has no global fetch()".to_owned())?;
    let init = Object::new();
    // "manual" everywhere: Workers reject "error"; a 3xx (or an opaque redirect, status 0)
    // then fails the status check below, so redirects are never followed.
    let _ = Reflect::set(&init, &"redirect".into(), &"manual".into());
    if let Some(signal) = timeout_signal(&global) {
        let _ = Reflect::set(&init, &"signal".into(), &signal);
    }
    let pending = fetch
        .call2(&global, &url.into(), &init)
        .map_err(|e| js_message(&e))?;
    if !is_thenable(&pending) {
        return Err("fetch() did not return a promise".to_owned());
    }
    let response = settle(pending).await.map_err(|e| js_message(&e))?;
    let status = get(&response, "status")?.as_f64().unwrap_or(0.0);
    if status != 200.0 {
        // As an integer (HTTP statuses are 100..=999): formatting the f64 itself links
        // libcore's float printing, about 17 KB of wasm, for this one message.
        return Err(format!("HTTP status {}", status.clamp(0.0, 999.0) as u16));
    }
    // No early refusal on content-length: it counts encoded bytes, the cap decoded ones.
    let headers = get(&response, "headers")?;
    let max_age = header(&headers, "cache-control")
        .as_deref()
        .and_then(edgejwt_core::max_age_from_cache_control);
    let body = read_capped(&response).await?;
    Ok(Fetched { body, max_age })
}
