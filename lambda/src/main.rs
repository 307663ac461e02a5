//! `edgejwt-lambda-authorizer`: the Lambda function. Settings come from `EDGEJWT_*`
//! environment variables (see the library's `verifier_from_env`); a setting it does not
//! understand stops it before the first invocation.

use std::sync::Arc;

use lambda_runtime::{service_fn, LambdaEvent};
use serde_json::Value;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), lambda_runtime::Error> {
    tracing_subscriber::fmt()
        .with_target(false)
        .without_time() // CloudWatch stamps each line
        .init();
    let vars = std::env::vars().collect();
    let verifier = Arc::new(edgejwt_lambda::verifier_from_env(
        &vars,
        edgejwt_lambda::PINNED_JWKS,
    )?);
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Value>| {
        let verifier = Arc::clone(&verifier);
        async move { edgejwt_lambda::authorize(&verifier, &event.payload).await }
    }))
    .await
}
