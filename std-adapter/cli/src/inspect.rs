//! `edgejwt inspect`: show what a token says, clearly labelled as unverified.

use serde_json::json;

use crate::dates;
use crate::{json_value, read_token, REJECTED, USAGE, VALID};

/// The label every inspect output carries.
const UNVERIFIED: &str = "decoded only; the signature and claims were NOT checked";

pub(crate) fn run(arg: &str, as_json: bool) -> u8 {
    let token = match read_token(arg) {
        Ok(token) => token,
        Err(e) => {
            let message = format!("cannot read the token: {e}");
            if as_json {
                println!("{}", json!({ "error": "usage", "message": message }));
            } else {
                eprintln!("edgejwt inspect: {message}");
            }
            return USAGE;
        }
    };
    let decoded = match edgejwt_std::decode_unverified(&token) {
        Ok(decoded) => decoded,
        Err(error) => {
            if as_json {
                let out = json!({ "error": error.code(), "message": error.message() });
                println!("{out}");
            } else {
                println!("cannot decode: {}: {}", error.code(), error.message());
            }
            return REJECTED;
        }
    };
    let header = json_value(&decoded.header_json);
    let claims = json_value(&decoded.payload_json);
    let now = edgejwt_std::unix_now().as_secs();
    let dates = dates::date_claims(&claims);
    if as_json {
        let dates: serde_json::Map<String, serde_json::Value> = dates
            .into_iter()
            .map(|(name, seconds)| (name.to_owned(), dates::as_json(seconds, now)))
            .collect();
        let out = json!({
            "verified": false,
            "note": UNVERIFIED,
            "header": header,
            "claims": claims,
            "dates": dates,
        });
        println!("{out}");
        return VALID;
    }
    println!("UNVERIFIED: {UNVERIFIED}.");
    let pretty =
        |value: &serde_json::Value| serde_json::to_string_pretty(value).unwrap_or_default();
    println!("header: {}", pretty(&header));
    println!("claims: {}", pretty(&claims));
    for (name, seconds) in dates {
        println!("{name}: {seconds} = {}", dates::describe(seconds, now));
    }
    VALID
}
