//! GET a JWKS with the host's global `fetch` (Node 18+, browsers, Workers, Deno):
//! no redirects, a timeout, a body cap.

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Largest JWKS body accepted, in bytes (as in the std adapter).
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;
/// Whole-exchange timeout, in milliseconds.
const TIMEOUT_MS: f64 = 5000.0;

pub(crate) struct Fetched {
    pub(crate) body: String,
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

fn js_message(error: &JsValue) -> String {
    Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| "fetch failed".into())
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
    let pending: Promise = fetch
        .call2(&global, &url.into(), &init)
        .map_err(|e| js_message(&e))?
        .dyn_into()
        .map_err(|_| "fetch() did not return a promise".to_owned())?;
    let response = JsFuture::from(pending).await.map_err(|e| js_message(&e))?;
    let status = get(&response, "status")?.as_f64().unwrap_or(0.0);
    if status != 200.0 {
        return Err(format!("HTTP status {status}"));
    }
    let headers = get(&response, "headers")?;
    if header(&headers, "content-length")
        .and_then(|len| len.trim().parse::<usize>().ok())
        .is_some_and(|len| len > MAX_BODY_BYTES)
    {
        return Err("response body over the size cap".into());
    }
    let max_age = header(&headers, "cache-control")
        .as_deref()
        .and_then(edgejwt_core::max_age_from_cache_control);
    let text: Promise = method(&response, "text")?
        .call0(&response)
        .map_err(|e| js_message(&e))?
        .dyn_into()
        .map_err(|_| "text() did not return a promise".to_owned())?;
    let body = JsFuture::from(text)
        .await
        .map_err(|e| js_message(&e))?
        .as_string()
        .unwrap_or_default();
    if body.len() > MAX_BODY_BYTES {
        return Err("response body over the size cap".into());
    }
    Ok(Fetched { body, max_age })
}
