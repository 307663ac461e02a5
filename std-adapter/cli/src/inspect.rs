//! `edgejwt inspect`: show what a token says, clearly labelled as unverified.

use crate::{json_value, read_token, REJECTED, USAGE, VALID};

pub(crate) fn run(arg: &str) -> u8 {
    let token = match read_token(arg) {
        Ok(token) => token,
        Err(e) => {
            eprintln!("edgejwt inspect: cannot read the token: {e}");
            return USAGE;
        }
    };
    match edgejwt_std::decode_unverified(&token) {
        Ok(decoded) => {
            println!("UNVERIFIED: decoded only; the signature and claims were NOT checked.");
            let pretty =
                |text: &str| serde_json::to_string_pretty(&json_value(text)).unwrap_or_default();
            println!("header: {}", pretty(&decoded.header_json));
            println!("claims: {}", pretty(&decoded.payload_json));
            let claims = decoded.claims_unverified();
            if let Some(exp) = claims.exp() {
                let now = edgejwt_std::unix_now().as_secs();
                let state = if exp.seconds() > now {
                    "in the future"
                } else {
                    "in the past"
                };
                println!("exp: {} ({state})", exp.seconds());
            }
            VALID
        }
        Err(error) => {
            println!("cannot decode: {error}");
            REJECTED
        }
    }
}
