//! Inputs built to cost or confuse: escaped member names, member-count limits, and the
//! exact time rules. What each costs is measured by `benches/hostile.rs`, not here.
mod common;

use common::{access_claims, access_policy, keyset_a, with, TestKey, NOW};
use edgejwt_core::{Error, UnixTime};
use serde_json::json;

const HEADER_START: &str = r#"{"alg":"RS256","kid":"k1""#;

/// `count` distinct member names, each written entirely as `\u` escapes.
fn escaped_names(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| {
            format!("n{i:05}")
                .chars()
                .map(|c| format!("\\u{:04x}", c as u32))
                .collect()
        })
        .collect()
}

/// The verdict on a token of exactly this header and payload text, signed with key A.
fn verdict(header: &str, payload: &str) -> Result<(), Error> {
    let token = TestKey::a().sign_text("RS256", header, payload);
    assert!(token.len() <= 16 * 1024, "{}", token.len());
    access_policy().verify(&token, &keyset_a(), NOW).map(|_| ())
}

const PLAIN_HEADER: &str = r#"{"alg":"RS256","kid":"k1"}"#;

fn header_with(names: &[String]) -> String {
    let members: String = names.iter().map(|n| format!(",\"{n}\":0")).collect();
    format!("{HEADER_START}{members}}}")
}

#[test]
fn many_escaped_header_names_without_duplicates_verify() {
    let header = header_with(&escaped_names(200));
    let token = TestKey::a().sign_text("RS256", &header, &access_claims().to_string());
    assert!(token.len() < 16 * 1024);
    assert!(access_policy().verify(&token, &keyset_a(), NOW).is_ok());
}

#[test]
fn a_duplicate_among_escaped_names_is_found_wherever_it_is() {
    let names = escaped_names(200);
    for repeated in [0, 1, 100, 198, 199] {
        let mut with_duplicate = names.clone();
        // The same decoded name, written plainly this time.
        with_duplicate.push(format!("n{repeated:05}"));
        let header = header_with(&with_duplicate);
        let token = TestKey::a().sign_text("RS256", &header, &access_claims().to_string());
        assert_eq!(
            access_policy()
                .verify(&token, &keyset_a(), NOW)
                .unwrap_err(),
            Error::Malformed,
            "{repeated}"
        );
    }
    // `alg` itself written twice, once escaped: never "the last one wins".
    let header = r#"{"alg":"RS256","kid":"k1","\u0061lg":"none"}"#;
    assert_eq!(
        verdict(header, &access_claims().to_string()),
        Err(Error::Malformed)
    );
}

#[test]
fn payload_duplicates_with_same_length_and_ends_are_found() {
    // Names sharing length, first and last byte defeat the cheap key: the sort decides.
    let mut claims = access_claims();
    for i in 0..230 {
        claims[format!("a{i:04}z")] = json!(i);
    }
    let payload = claims.to_string();
    assert_eq!(verdict(PLAIN_HEADER, &payload), Ok(()));
    let repeated = format!("{},\"a0177z\":1}}", &payload[..payload.len() - 1]);
    assert_eq!(verdict(PLAIN_HEADER, &repeated), Err(Error::Malformed));
}

#[test]
fn more_header_members_than_the_validator_holds_is_too_large_not_malformed() {
    let names: Vec<String> = (0..1000).map(|i| format!("m{i}")).collect();
    let members: String = names.iter().map(|n| format!(",\"{n}\":0")).collect();
    let header = format!("{HEADER_START}{members}}}");
    let token = TestKey::a().sign_text("RS256", &header, &access_claims().to_string());
    assert!(token.len() < 16 * 1024);
    assert_eq!(
        access_policy()
            .verify(&token, &keyset_a(), NOW)
            .unwrap_err(),
        Error::TooLarge
    );
    // 250 members fit (the bound is 256 open at once).
    let members: String = names[..250].iter().map(|n| format!(",\"{n}\":0")).collect();
    let header = format!("{HEADER_START}{members}}}");
    let token = TestKey::a().sign_text("RS256", &header, &access_claims().to_string());
    assert!(access_policy().verify(&token, &keyset_a(), NOW).is_ok());
}

fn token_with_times(exp: &str, nbf: Option<&str>) -> String {
    let mut payload = with(access_claims(), json!({"exp": null, "nbf": null})).to_string();
    payload.pop();
    payload.push_str(&format!(",\"exp\":{exp}"));
    if let Some(nbf) = nbf {
        payload.push_str(&format!(",\"nbf\":{nbf}"));
    }
    payload.push('}');
    TestKey::a().sign_text("RS256", r#"{"alg":"RS256","kid":"k1"}"#, &payload)
}

#[test]
fn sub_second_expiry_is_enforced_to_the_millisecond() {
    let exp = NOW + 100;
    let token = token_with_times(&format!("{exp}.5"), None);
    let at =
        |millis: u64| access_policy().verify(&token, &keyset_a(), UnixTime::from_millis(millis));
    assert!(at(exp * 1000 + 499).is_ok());
    assert_eq!(at(exp * 1000 + 500).unwrap_err(), Error::Expired);
    assert_eq!(at(exp * 1000 + 800).unwrap_err(), Error::Expired);
    // A whole-second exp: expired from that very millisecond.
    let whole = token_with_times(&exp.to_string(), None);
    let policy = access_policy();
    assert!(policy
        .verify(&whole, &keyset_a(), UnixTime::from_millis(exp * 1000 - 1))
        .is_ok());
    assert_eq!(
        policy
            .verify(&whole, &keyset_a(), UnixTime::from_millis(exp * 1000))
            .unwrap_err(),
        Error::Expired
    );
}

#[test]
fn sub_second_not_before_is_honoured_to_the_millisecond() {
    let nbf = NOW - 100;
    let token = token_with_times(&(NOW + 3600).to_string(), Some(&format!("{nbf}.5")));
    let at =
        |millis: u64| access_policy().verify(&token, &keyset_a(), UnixTime::from_millis(millis));
    assert_eq!(at(nbf * 1000 + 499).unwrap_err(), Error::NotYetValid);
    assert!(at(nbf * 1000 + 500).is_ok());
    assert!(at(nbf * 1000 + 800).is_ok());
}

#[test]
fn verified_cache_hits_recheck_expiry_to_the_millisecond() {
    let exp = NOW + 100;
    let token = token_with_times(&format!("{exp}.25"), None);
    let policy = access_policy();
    let keys = keyset_a();
    let mut cache = edgejwt_core::VerifiedCache::new(4);
    assert!(policy
        .verify_cached(&mut cache, &token, &keys, UnixTime::from_millis(exp * 1000))
        .is_ok());
    assert!(policy
        .verify_cached(
            &mut cache,
            &token,
            &keys,
            UnixTime::from_millis(exp * 1000 + 249)
        )
        .is_ok());
    assert_eq!(
        policy
            .verify_cached(
                &mut cache,
                &token,
                &keys,
                UnixTime::from_millis(exp * 1000 + 250)
            )
            .unwrap_err(),
        Error::Expired
    );
}

#[test]
fn reasons_name_the_missing_claim_in_the_order_claims_are_checked() {
    use edgejwt_core::Reason;
    let keys = keyset_a();
    for (policy, claims, names) in [
        (
            access_policy(),
            access_claims(),
            ["exp", "iss", "token_use", "client_id"],
        ),
        (
            common::id_policy(),
            common::id_claims(),
            ["exp", "iss", "token_use", "aud"],
        ),
    ] {
        for name in names {
            let token = TestKey::a().token("k1", &with(claims.clone(), json!({ name: null })));
            let error = policy.verify(&token, &keys, NOW).unwrap_err();
            assert_eq!(error, Error::MissingClaim, "{name}");
            assert_eq!(
                policy.reason(&token, &keys, error),
                Reason::MissingClaim(name)
            );
        }
    }
    // A header without alg is malformed, and says so.
    let token = TestKey::a().sign_text("RS256", r#"{"kid":"k1"}"#, &access_claims().to_string());
    let error = access_policy().verify(&token, &keys, NOW).unwrap_err();
    assert_eq!(
        access_policy().reason(&token, &keys, error),
        Reason::MissingAlgorithm
    );
    let expired = TestKey::a().token("k1", &with(access_claims(), json!({"exp": NOW - 1})));
    assert_eq!(
        access_policy().reason(&expired, &keys, Error::Expired),
        Reason::None
    );
}
