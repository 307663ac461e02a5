//! The binary as Lambda runs it: a stand-in for the Lambda Runtime API on loopback hands
//! it API Gateway events and records its answers. Prints the cold start (process start
//! to the answer for the first verified token) with fetched and with pinned keys.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
mod support;

use std::collections::VecDeque;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::routing::{get, post};
use axum::Router;
use edgejwt_testkit::{Reply, Server};
use serde_json::{json, Value};
use support::*;
use tokio::sync::mpsc;

/// What the function posted: `response` or `error`, the request id, the body.
type Answer = (&'static str, String, Value);

#[derive(Clone)]
struct Api {
    events: Arc<Mutex<VecDeque<Value>>>,
    answers: mpsc::UnboundedSender<Answer>,
}

async fn next(State(api): State<Api>) -> (HeaderMap, String) {
    let Some((index, event)) = ({
        let mut events = api.events.lock().unwrap();
        let left = events.len();
        events.pop_front().map(|e| (left, e))
    }) else {
        // No more events: the function waits, as it would between invocations.
        std::future::pending::<()>().await;
        unreachable!()
    };
    let mut headers = HeaderMap::new();
    let id = format!("request-{index}");
    let deadline = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 30_000;
    headers.insert(
        "lambda-runtime-aws-request-id",
        HeaderValue::from_str(&id).unwrap(),
    );
    headers.insert(
        "lambda-runtime-deadline-ms",
        HeaderValue::from_str(&deadline.to_string()).unwrap(),
    );
    headers.insert(
        "lambda-runtime-invoked-function-arn",
        HeaderValue::from_static("arn:aws:lambda:us-east-1:123456789012:function:authorizer"),
    );
    (headers, event.to_string())
}

fn record(api: &Api, kind: &'static str, id: String, body: &str) -> StatusCode {
    let body = serde_json::from_str(body).unwrap_or(Value::Null);
    api.answers.send((kind, id, body)).unwrap();
    StatusCode::ACCEPTED
}

async fn response(State(api): State<Api>, Path(id): Path<String>, body: String) -> StatusCode {
    record(&api, "response", id, &body)
}

async fn error(State(api): State<Api>, Path(id): Path<String>, body: String) -> StatusCode {
    record(&api, "error", id, &body)
}

/// Runs the authorizer binary with `settings` against `events`; returns its answers in
/// order and the time from process start to the first answer.
async fn invoke(settings: &[(String, String)], events: Vec<Value>) -> (Vec<Answer>, Duration) {
    let count = events.len();
    let (sender, mut receiver) = mpsc::unbounded_channel();
    let api = Api {
        events: Arc::new(Mutex::new(events.into())),
        answers: sender,
    };
    let app = Router::new()
        .route("/2018-06-01/runtime/invocation/next", get(next))
        .route(
            "/2018-06-01/runtime/invocation/{id}/response",
            post(response),
        )
        .route("/2018-06-01/runtime/invocation/{id}/error", post(error))
        .with_state(api);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_edgejwt-lambda-authorizer"))
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", address.to_string())
        .env("AWS_LAMBDA_FUNCTION_NAME", "authorizer")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .envs(settings.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut answers = Vec::new();
    let mut first = None;
    while answers.len() < count {
        let answer = tokio::time::timeout(Duration::from_secs(30), receiver.recv())
            .await
            .expect("the authorizer answers every event")
            .unwrap();
        first.get_or_insert_with(|| started.elapsed());
        answers.push(answer);
    }
    child.kill().unwrap();
    child.wait().unwrap();
    (answers, first.unwrap())
}

fn events() -> Vec<Value> {
    let expired = token_with(json!({ "exp": now() - 60 }));
    let token = token();
    let (input, _) = token.rsplit_once('.').unwrap();
    let forged = format!("{input}.{}", edgejwt_testkit::b64([7u8; 256]));
    vec![
        token_event(&format!("Bearer {token}")),
        token_event(&format!("Bearer {expired}")),
        token_event(&format!("Bearer {forged}")),
        http_api_event(Some(&format!("Bearer {token}"))),
        http_api_event(Some(&format!("Bearer {expired}"))),
    ]
}

fn check(answers: &[Answer]) {
    let [allow, expired, forged, http_ok, http_expired] = answers else {
        panic!("{answers:?}");
    };
    assert_eq!(allow.0, "response");
    assert_eq!(allow.2["policyDocument"]["Statement"][0]["Effect"], "Allow");
    assert_eq!(
        allow.2["policyDocument"]["Statement"][0]["Resource"],
        METHOD_ARN
    );
    for refused in [expired, forged] {
        assert_eq!(refused.0, "error", "{refused:?}");
        assert_eq!(refused.2["errorMessage"], "Unauthorized", "{refused:?}");
    }
    assert_eq!(http_ok.0, "response");
    assert_eq!(http_ok.2["isAuthorized"], true);
    assert_eq!(http_expired.2, json!({ "isAuthorized": false }));
}

fn owned(vars: std::collections::BTreeMap<String, String>) -> Vec<(String, String)> {
    vars.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_answers_api_gateway_events_through_the_runtime_api() {
    let keys = Server::start(Reply::Json(key_set(), None));
    let (answers, cold) = invoke(&owned(settings(&keys.jwks_url())), events()).await;
    check(&answers);
    assert_eq!(keys.hits(), 1, "one fetch for every invocation");
    println!(
        "cold start, keys fetched (loopback): {:.1} ms",
        cold.as_secs_f64() * 1e3
    );

    let path = std::env::temp_dir().join(format!("edgejwt-lambda-rt-{}.json", std::process::id()));
    std::fs::write(&path, key_set()).unwrap();
    let mut pinned = settings("unused");
    pinned.remove("EDGEJWT_JWKS_URL");
    pinned.insert("EDGEJWT_JWKS_FILE".into(), path.display().to_string());
    let (answers, cold) = invoke(&owned(pinned), events()).await;
    check(&answers);
    println!(
        "cold start, keys pinned (file): {:.1} ms",
        cold.as_secs_f64() * 1e3
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn the_binary_refuses_to_start_on_a_setting_it_does_not_know() {
    let mut vars = settings("http://127.0.0.1:9/jwks.json");
    vars.insert("EDGEJWT_CLIENT_IDS".into(), CLIENT.into());
    let output = Command::new(env!("CARGO_BIN_EXE_edgejwt-lambda-authorizer"))
        .env_clear()
        .env("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:9")
        .env("AWS_LAMBDA_FUNCTION_NAME", "authorizer")
        .env("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128")
        .env("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        .envs(vars)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("EDGEJWT_CLIENT_IDS"), "{stderr}");
}
