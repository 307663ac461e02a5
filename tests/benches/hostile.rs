//! The cost of hostile input against ordinary input of the same size: the worst 16 KiB
//! headers and payloads we know how to build (the project's budget: at most 10x an ordinary
//! one). Contenders run interleaved in one process, in short batches round-robin; each
//! round's time is divided by the ordinary input's time in the same round, and the
//! median of those per-round ratios is reported (this machine drifts 1.5-2x between
//! fast and slow states, which a sequential run would read as a difference).
//!
//! Run: `cargo bench -p edgejwt-tests --bench hostile`
#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::sync::OnceLock;
use std::time::Instant;

use common::{access_claims, access_policy, b64, keyset_a, NOW};
use edgejwt_core::{decode_unverified, Error, KeySet, Policy};

const LIMIT: usize = 16 * 1024;
const ROUNDS: usize = 41;

/// Members added to one object, below the validator's bound of 256 open at once (with the
/// ordinary claims beside them): hostile input within the limits.
const MEMBERS: usize = 240;

/// `{"alg":"RS256","kid":"absent"` + members + `}`, filled up to the token size limit
/// (or [`MEMBERS`]).
fn header_token(members: impl Fn(usize) -> String) -> String {
    let mut header = String::from(r#"{"alg":"RS256","kid":"absent""#);
    for i in 0..MEMBERS {
        let member = members(i);
        let candidate = format!("{header}{member}}}");
        // header + "." + payload "e30" + "." + signature "c2ln"
        if b64(&candidate).len() + 9 > LIMIT {
            break;
        }
        header.push_str(&member);
    }
    header.push('}');
    format!("{}.e30.c2ln", b64(&header))
}

/// A payload of `members` after ordinary claims, up to the size limit, in an unsigned
/// token (payload work is measured through `decode_unverified`, which validates both).
fn payload_token(members: impl Fn(usize) -> String) -> String {
    let base = access_claims().to_string();
    let mut payload = base[..base.len() - 1].to_owned();
    for i in 0..MEMBERS {
        let member = members(i);
        let candidate = format!("{payload}{member}}}");
        // header + "." + payload + "." + signature "c2ln"
        if b64(r#"{"alg":"RS256","kid":"k1"}"#).len() + b64(&candidate).len() + 6 > LIMIT {
            break;
        }
        payload.push_str(&member);
    }
    payload.push('}');
    format!(
        "{}.{}.c2ln",
        b64(r#"{"alg":"RS256","kid":"k1"}"#),
        b64(&payload)
    )
}

/// Two base-36 digits: distinct names of one length, first and last byte.
fn base36(i: usize) -> String {
    let digit = |d: usize| char::from(b"0123456789abcdefghijklmnopqrstuvwxyz"[d % 36]);
    [digit(i / 36), digit(i)].iter().collect()
}

fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

struct Contender {
    name: &'static str,
    token: String,
    run: fn(&str) -> bool,
}

fn header_stage(token: &str) -> bool {
    // Steps 1-4: the header is validated, then the kid is looked up (absent). Policy and
    // keys are made once, outside the timing.
    static SETUP: OnceLock<(Policy, KeySet)> = OnceLock::new();
    let (policy, keys) = SETUP.get_or_init(|| (access_policy(), keyset_a()));
    policy.verify(token, keys, NOW).is_err()
}

fn both_documents(token: &str) -> bool {
    decode_unverified(token).is_ok()
}

fn main() {
    let policy = access_policy();
    let keys = keyset_a();
    let header_verdict = |t: &str| policy.verify(t, &keys, NOW).unwrap_err();
    // The ordinary header: one long string value (what x5c chains look like).
    let ordinary_header = {
        let frame = r#"{"alg":"RS256","kid":"absent","x5c":[""]}"#.len();
        let filler = "A".repeat((LIMIT - 9) * 3 / 4 - frame);
        let header = format!(r#"{{"alg":"RS256","kid":"absent","x5c":["{filler}"]}}"#);
        format!("{}.e30.c2ln", b64(&header))
    };
    let headers = vec![
        Contender {
            name: "header: ordinary (one 12 KB x5c-like string member)",
            token: ordinary_header,
            run: header_stage,
        },
        Contender {
            name: "header: escaped names, same decoded length and ends",
            token: header_token(|i| format!(r#","{}":0"#, escaped(&format!("a{}z", base36(i))))),
            run: header_stage,
        },
        Contender {
            name: "header: plain names, same length and ends (Bloom filter saturated)",
            token: header_token(|i| format!(r#","a{i:018}z":0"#)),
            run: header_stage,
        },
        Contender {
            name: "header: surrogate-pair escapes in names",
            token: header_token(|i| format!(r#","\ud83d\ude00{i}\ud83d\ude00":0"#)),
            run: header_stage,
        },
        Contender {
            name: "header: 16-deep objects, each with escaped names",
            token: header_token(|i| {
                if i % 24 == 0 {
                    format!(r#","o{i}":{{"\u0061":{{"\u0061":{{"\u0061":{{"\u0061":0}}}}}}}}"#)
                } else {
                    format!(r#","{}":[0]"#, escaped(&format!("b{i:03}")))
                }
            }),
            run: header_stage,
        },
    ];
    for c in &headers {
        assert!(c.token.len() <= LIMIT, "{}: {}", c.name, c.token.len());
        // Every contender is read whole (none stops early at the member limit).
        let verdict = header_verdict(&c.token);
        assert_eq!(verdict, Error::UnknownKid, "{}", c.name);
    }

    let ordinary_payload = {
        let base = access_claims().to_string();
        let header = b64(r#"{"alg":"RS256","kid":"k1"}"#).len();
        let filler = "A".repeat((LIMIT - header - 6) * 3 / 4 - base.len() - 12);
        let payload = format!(r#"{},"blob":"{filler}"}}"#, &base[..base.len() - 1]);
        format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256","kid":"k1"}"#),
            b64(&payload)
        )
    };
    let payloads = vec![
        Contender {
            name: "payload: ordinary (claims + one long string)",
            token: ordinary_payload,
            run: both_documents,
        },
        Contender {
            name: "payload: escaped names, same decoded length and ends",
            token: payload_token(|i| format!(r#","{}":0"#, escaped(&format!("a{}z", base36(i))))),
            run: both_documents,
        },
        Contender {
            name: "payload: plain names, same length and ends",
            token: payload_token(|i| format!(r#","a{i:018}z":0"#)),
            run: both_documents,
        },
        Contender {
            name: "payload: escaped string values (\\u escapes everywhere)",
            token: payload_token(|i| format!(r#","s{i}":"{}""#, escaped("0123456789"))),
            run: both_documents,
        },
        Contender {
            name: "payload: fractional exponent dates in every known claim",
            token: payload_token(|i| format!(r#","d{i}":1.{}e9"#, "7".repeat(40))),
            run: both_documents,
        },
    ];
    for c in &payloads {
        assert!(c.token.len() <= LIMIT, "{}: {}", c.name, c.token.len());
        assert!(decode_unverified(&c.token).is_ok(), "{}", c.name);
    }

    report("Headers (verify: steps 1-4, kid absent)", &headers);
    report(
        "Payloads (decode_unverified: both documents validated)",
        &payloads,
    );
}

/// Times every contender interleaved and prints per-contender medians and the median of
/// the per-round ratios to the first (ordinary) contender.
fn report(title: &str, contenders: &[Contender]) {
    let batch = 200;
    let mut times = vec![Vec::new(); contenders.len()];
    for _ in 0..ROUNDS {
        for (slot, c) in contenders.iter().enumerate() {
            let start = Instant::now();
            for _ in 0..batch {
                black_box((c.run)(black_box(&c.token)));
            }
            times[slot].push(start.elapsed().as_secs_f64() * 1e6 / batch as f64);
        }
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!("\n{title}, 16 KiB tokens, {ROUNDS} interleaved rounds of {batch}:");
    println!("| input | bytes | µs (median) | ratio to ordinary (median of rounds) |");
    println!("|---|---:|---:|---:|");
    for (slot, c) in contenders.iter().enumerate() {
        let ratios: Vec<f64> = times[slot]
            .iter()
            .zip(&times[0])
            .map(|(t, base)| t / base)
            .collect();
        println!(
            "| {} | {} | {:.2} | {:.2}x |",
            c.name,
            c.token.len(),
            median(times[slot].clone()),
            median(ratios)
        );
    }
}
