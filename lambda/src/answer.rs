//! API Gateway authorizer events in, answers out: REST API TOKEN and REQUEST authorizers
//! (an IAM policy) and HTTP API authorizers with simple responses (`isAuthorized`).

use std::fmt;

use edgejwt_std::{Error, VerifiedToken, Verifier};
use serde_json::{json, Map, Value};

/// Why no answer is given: API Gateway turns the function's error into its response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No bearer token, or one that is not accepted (the code says which rule): its
    /// message is exactly `Unauthorized`, which REST APIs answer with `401`.
    Unauthorized(Option<Error>),
    /// No keys to verify with (`jwks_unavailable`, `jwks_invalid`): a server-side failure
    /// (`500`), never a pass.
    KeysUnavailable(Error),
    /// An event this authorizer does not know: refused, not guessed at.
    UnknownEvent(&'static str),
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // API Gateway matches this exact message to answer 401.
            Refusal::Unauthorized(_) => f.write_str("Unauthorized"),
            Refusal::KeysUnavailable(error) => write!(f, "keys unavailable: {}", error.code()),
            Refusal::UnknownEvent(why) => write!(f, "unsupported authorizer event: {why}"),
        }
    }
}

impl std::error::Error for Refusal {}

/// What the Lambda runtime reports: the message above (`Unauthorized` exactly, for API
/// Gateway's 401) and the refusal's kind.
impl From<Refusal> for lambda_runtime::Diagnostic {
    fn from(refusal: Refusal) -> Self {
        let error_type = match &refusal {
            Refusal::Unauthorized(_) => "Unauthorized",
            Refusal::KeysUnavailable(_) => "KeysUnavailable",
            Refusal::UnknownEvent(_) => "UnknownEvent",
        };
        lambda_runtime::Diagnostic {
            error_type: error_type.to_owned(),
            error_message: refusal.to_string(),
        }
    }
}

/// The shapes of event this authorizer answers.
enum Shape<'a> {
    /// REST API TOKEN authorizer: the header value and the method ARN.
    Token {
        header: Option<&'a str>,
        method_arn: &'a str,
    },
    /// REST API REQUEST authorizer (payload 1.0, also HTTP APIs on 1.0): an IAM policy.
    Request {
        header: Option<&'a str>,
        method_arn: &'a str,
    },
    /// HTTP API payload 2.0 with simple responses.
    HttpApi { header: Option<&'a str> },
}

fn shape(event: &Value) -> Result<Shape<'_>, Refusal> {
    let text = |name: &str| event.get(name).and_then(Value::as_str);
    let method_arn = || text("methodArn").ok_or(Refusal::UnknownEvent("no methodArn"));
    match (text("version"), text("type")) {
        (Some("2.0"), Some("REQUEST")) => Ok(Shape::HttpApi {
            header: header(event, "authorization"),
        }),
        (_, Some("TOKEN")) => Ok(Shape::Token {
            header: text("authorizationToken"),
            method_arn: method_arn()?,
        }),
        (None | Some("1.0"), Some("REQUEST")) => Ok(Shape::Request {
            header: header(event, "authorization"),
            method_arn: method_arn()?,
        }),
        _ => Err(Refusal::UnknownEvent(
            "expected type TOKEN or REQUEST (version 1.0 or 2.0)",
        )),
    }
}

/// A header by name in any case (REST APIs keep the client's case, HTTP APIs lower it).
fn header<'a>(event: &'a Value, name: &str) -> Option<&'a str> {
    event
        .get("headers")?
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))?
        .1
        .as_str()
}

/// The token in an `Authorization` value: `Bearer <token>` (scheme in any case), or a
/// bare token (TOKEN authorizers often get one). Any other scheme is no token.
fn bearer(value: &str) -> Option<&str> {
    let value = value.trim();
    let token = match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim_start(),
        Some(_) => return None,
        // "Bearer " with nothing after it, trimmed above: no token.
        None if value.eq_ignore_ascii_case("bearer") => return None,
        None => value,
    };
    (!token.is_empty()).then_some(token)
}

/// The authorizer's answer to `event`: the token in it verified by `verifier`.
///
/// REST (TOKEN and REQUEST): an `Allow` policy for the event's `methodArn` with the
/// token's `sub` as `principalId` and its claims in `context`; no or a rejected token is
/// [`Refusal::Unauthorized`] (API Gateway: `401`). HTTP API (payload 2.0):
/// `{"isAuthorized": true, "context": {..}}`, or `false` (API Gateway: `403`). Missing
/// keys are [`Refusal::KeysUnavailable`] on both.
///
/// ```
/// # async fn run(verifier: &edgejwt_std::Verifier) {
/// let event = serde_json::json!({
///     "type": "TOKEN",
///     "authorizationToken": "Bearer eyJ...",
///     "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/orders",
/// });
/// match edgejwt_lambda::authorize(verifier, &event).await {
///     Ok(policy) => println!("{policy}"),
///     Err(refusal) => println!("{refusal}"), // "Unauthorized"
/// }
/// # }
/// ```
pub async fn authorize(verifier: &Verifier, event: &Value) -> Result<Value, Refusal> {
    let shape = shape(event)?;
    let header = match &shape {
        Shape::Token { header, .. } | Shape::Request { header, .. } | Shape::HttpApi { header } => {
            *header
        }
    };
    let verdict = match header.and_then(bearer) {
        Some(token) => verifier.verify_async(token).await.map_err(Some),
        None => Err(None),
    };
    match (verdict, shape) {
        (Err(Some(error @ (Error::JwksUnavailable | Error::JwksInvalid))), _) => {
            tracing::warn!(code = error.code(), "no keys to verify with");
            Err(Refusal::KeysUnavailable(error))
        }
        (Err(error), Shape::HttpApi { .. }) => {
            log_rejection(error);
            Ok(json!({ "isAuthorized": false }))
        }
        (Err(error), _) => {
            log_rejection(error);
            Err(Refusal::Unauthorized(error))
        }
        (Ok(verified), Shape::HttpApi { .. }) => {
            Ok(json!({ "isAuthorized": true, "context": context(&verified) }))
        }
        (Ok(verified), Shape::Token { method_arn, .. } | Shape::Request { method_arn, .. }) => {
            let claims = verified.claims();
            let principal = claims
                .sub()
                .map_or_else(|| "unknown".to_owned(), |s| s.into_owned());
            Ok(json!({
                "principalId": principal,
                "policyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Action": "execute-api:Invoke",
                        "Effect": "Allow",
                        "Resource": method_arn,
                    }],
                },
                "context": context(&verified),
            }))
        }
    }
}

fn log_rejection(error: Option<Error>) {
    let code = error.map_or("missing_bearer_token", |e| e.code());
    tracing::info!(code, "token refused");
}

/// The claims API Gateway passes on to the integration (`$context.authorizer.*`):
/// strings only, as REST APIs require.
fn context(verified: &VerifiedToken) -> Value {
    let claims = verified.claims();
    let mut context = Map::new();
    let pairs = [
        ("sub", claims.sub()),
        ("username", claims.username()),
        ("client_id", claims.client_id()),
        ("token_use", claims.token_use()),
        ("scope", claims.scope()),
    ];
    for (name, value) in pairs {
        if let Some(value) = value {
            context.insert(name.to_owned(), Value::String(value.into_owned()));
        }
    }
    Value::Object(context)
}

#[cfg(test)]
mod tests {
    use super::bearer;

    #[test]
    fn bearer_takes_the_scheme_in_any_case_or_a_bare_token_and_nothing_else() {
        assert_eq!(bearer("Bearer a.b.c"), Some("a.b.c"));
        assert_eq!(bearer("bearer  a.b.c "), Some("a.b.c"));
        assert_eq!(bearer("a.b.c"), Some("a.b.c"));
        assert_eq!(bearer("Basic dXNlcjpwYXNz"), None);
        assert_eq!(bearer("Bearer "), None);
        assert_eq!(bearer(""), None);
    }
}
