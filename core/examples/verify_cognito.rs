//! Verifies a real access token issued by an Amazon Cognito user pool.
//!
//! Run: `cargo run -p edgejwt-core --example verify_cognito`
//!
//! The token and JWKS are public test fixtures (an AWS sample under MIT-0; see
//! `tests/vectors/cognito/real_tokens.json`, set B). The token expired in 2021, so the
//! clock is set inside its validity window, the way firmware or an edge worker passes
//! its own time to the core.

use edgejwt_core::{KeySet, Policy, TokenUse};

const JWKS: &str = r#"{"keys":[{"alg":"RS256","e":"AQAB","kid":"gQpiUD80i1clqVSTeCVFv9QqAFqLTMfsxqmOfhF6B5Q=","kty":"RSA","n":"lIDWCMwekpg2iN1fYByRNETiLeTOWW5dMfzO7Csxgc683BQYS-TRd7McdZU2c9JyZMyt2mQlXlLJGU1KGGLo3nrC92j0pS7GlOB_kQFXd6fPYrROm6ROQXHL5tJm-mSeRTtsGqAxJMNGUe9fPWnNuGwHYxpqhORxDgQZOtsJaZ8GsCUpByE_cjLfdfLjMTAX5wqiJpmT91a59N4QuJofkinaVoP7vzPTtiyYwdZiWvzKrSBaLFIcOq_TPsYxepFW8GB7ewpdKbdcoTrqQ59R58l_HxHV_taU0XyNKAcrnsMD8QeEN-fqvNNP6FY2YUTLP5ZrNsWKQtEM_juWwCUaUw","use":"sig"},{"alg":"RS256","e":"AQAB","kid":"Ob3sVovGdh62Pp9TLNibzCEhRwbhLjhkxygoCJzoYWQ=","kty":"RSA","n":"njcpd8hDHaIbf0ZlswM171sW7RW7ahVJWRPZnw5Svx5Be0arc9djMP9CQNQH24yydKLkD-nH-gt3pKJHdIKEZnYou5utsKOhqZ40CGSzvBgV9ZRGxSQ6sKXXKwuYagjqvgjSVHbzI_Msf4iOI2tYXmdtqLa3LSmLkyhZRorsFUGqYXiPT_QK1Xol0ZyL1xLtaVln4uUD2hoLZSn_Nu-8he1pfrmrXnLmry4sPipZztdTivoo77raeCzT-RpV15OD-amREBU0cHX_-rANcdv6PxKis7dOvQi1NE_pxHzVsJeLUN8KPmk3ni8WrupD0dWutkx503T3Ag6caLBgez3onQ","use":"sig"}]}"#;

const TOKEN: &str = "eyJraWQiOiJPYjNzVm92R2RoNjJQcDlUTE5pYnpDRWhSd2JoTGpoa3h5Z29DSnpvWVdRPSIsImFsZyI6IlJTMjU2In0.eyJzdWIiOiIxYmMyYThmYi1mYzBhLTQ0MGYtOTNhZS01NzZlMDg3OWQxODAiLCJjb2duaXRvOmdyb3VwcyI6WyJ1cy1lYXN0LTFfaVdjVFBoWkJBX2FkZnMiXSwidG9rZW5fdXNlIjoiYWNjZXNzIiwic2NvcGUiOiJvcGVuaWQgcHJvZmlsZSBlbWFpbCIsImF1dGhfdGltZSI6MTYxNzk1NDg0OCwiaXNzIjoiaHR0cHM6XC9cL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tXC91cy1lYXN0LTFfaVdjVFBoWkJBIiwiZXhwIjoxNjE3OTU1NzQ4LCJpYXQiOjE2MTc5NTQ4NTEsInZlcnNpb24iOjIsImp0aSI6IjkzZTZlOTg4LWMzMjItNGIxYi05ZTU5LTNkZDY4YWRhMDFkOSIsImNsaWVudF9pZCI6IjZpMG82c2VsYTE1amRjdGdlZmxrbWo0Z2pvIiwidXNlcm5hbWUiOiJhZGZzX21vZ2hhbHNcXGJvYiJ9.ddHGG1Egjpn0IX9KadH_1-eI33DpEJ1ldPbJk0yYCItbdz3KCA2zY-Ho9KTMN9HZoGWvN5o-6CQKAjEPqpO9qr5YWVMrSMno2jmPUFCkHGIQ7ns10Mt6rvh7D62kTWjXtkXje2kShhYPnOAtVx9lZxvHQRaSYCqpurtpImOoKaxjx3jlQ_ldjOQLXBBhvA2o6SOxo93ZpXFKExaI_yYI4SVLiFHtrjSucpcyiM9RyoR3sptZG502nnJsNTXrDXHg2SedaH4gCXfCc3g2A7Og4trfLdVB_IpzSj-2K4XCVuO0SX2f_l7MboSKbcrHTDbkySF_ISipvBNVD6XVeB5Tmg";

/// One second after the token was issued (`iat` + 1).
const CLOCK: u64 = 1617954852;

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let keys = KeySet::from_jwks(JWKS)?;
    let policy = Policy::cognito("us-east-1_iWcTPhZBA", TokenUse::Access)
        .client_id("6i0o6sela15jdctgeflkmj4gjo")
        .build()?;

    let verified = policy.verify(TOKEN, &keys, CLOCK)?;
    let claims = verified.claims();
    println!(
        "verified with key {} ({})",
        verified.header().kid(),
        verified.header().alg()
    );
    println!("  iss      {}", claims.iss().unwrap_or_default());
    println!("  sub      {}", claims.sub().unwrap_or_default());
    println!("  username {}", claims.username().unwrap_or_default());
    println!("  scope    {}", claims.scope().unwrap_or_default());
    println!("  groups   {:?}", claims.groups().collect::<Vec<_>>());

    // The same token today: rejected with a stable code.
    let today = 1_763_100_000;
    match policy.verify(TOKEN, &keys, today) {
        Ok(_) => println!("unexpected: accepted today"),
        Err(err) => println!("at unix time {today}: rejected, {err}"),
    }
    Ok(())
}
