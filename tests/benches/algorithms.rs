//! Every algorithm, contenders interleaved in one process: short batches round-robin, the
//! median of the per-round ratios (robust to this machine's fast and slow phases).
//!
//! - signature alone: edgejwt-core's pure Rust against ring and aws-lc-rs;
//! - end to end: edgejwt-std's default backend (`Auto`: ring where faster) against the
//!   core's pure Rust;
//! - end to end (a Cognito-shaped token): edgejwt (pure Rust, and with the aws-lc-rs
//!   backend) against jsonwebtoken, whose crypto provider is one per process: this run
//!   uses rust_crypto, a child run of this binary (`EDGEJWT_BENCH_CHILD=1`) aws-lc-rs.
//!
//! Run: `cargo bench -p edgejwt-tests --bench algorithms` (`-- --quick` for a smoke run).
#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::Instant;

use common::{access_claims, jwks, with, TestKey, CLIENT, NOW, POOL};
use edgejwt_core::{Algorithm, KeyMaterial, KeySet, Policy, PublicKey, TokenUse};
use edgejwt_testkit::OtherKey;
use serde_json::{json, Value};

/// One algorithm's fixture: a token, its key set, and how each contender checks it.
struct Case {
    alg: Algorithm,
    token: String,
    keys: KeySet,
    key: PublicKey,
    /// jsonwebtoken's name and key, where it has the algorithm (not ES512).
    theirs: Option<(jsonwebtoken::Algorithm, jsonwebtoken::DecodingKey)>,
}

fn claims() -> Value {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // exp in the real future too: jsonwebtoken checks it against the system clock.
    with(
        access_claims(),
        json!({ "exp": now + 3600, "iat": NOW - 60 }),
    )
}

fn cases() -> Vec<Case> {
    use jsonwebtoken::{Algorithm as J, DecodingKey};
    let mut cases = Vec::new();
    let rsa = TestKey::a();
    for (alg, theirs) in [(Algorithm::RS256, J::RS256), (Algorithm::PS256, J::PS256)] {
        let header = format!(r#"{{"alg":"{}","kid":"k1"}}"#, alg.name());
        let token = rsa.sign_text(alg.name(), &header, &claims().to_string());
        let keys = KeySet::from_jwks(&jwks(&[rsa.jwk("k1", json!({"alg": null}))])).unwrap();
        let decoding = DecodingKey::from_rsa_raw_components(&rsa.n_bytes(), &rsa.e_bytes());
        let key = keys.keys().next().unwrap().clone();
        cases.push(Case {
            alg,
            token,
            keys,
            key,
            theirs: Some((theirs, decoding)),
        });
    }
    let others = [
        (
            OtherKey::p256("bench p256"),
            Algorithm::ES256,
            Some(J::ES256),
        ),
        (
            OtherKey::p384("bench p384"),
            Algorithm::ES384,
            Some(J::ES384),
        ),
        (OtherKey::p521("bench p521"), Algorithm::ES512, None),
        (
            OtherKey::ed25519("bench ed25519"),
            Algorithm::EdDSA,
            Some(J::EdDSA),
        ),
    ];
    for (signer, alg, theirs) in others {
        let jwk = signer.jwk("k1", json!({}));
        let token = signer.token("k1", &claims());
        let keys = KeySet::from_jwks(&jwks(std::slice::from_ref(&jwk))).unwrap();
        let text = |name: &str| jwk[name].as_str().unwrap().to_owned();
        let theirs = theirs.map(|j| {
            let decoding = if alg == Algorithm::EdDSA {
                DecodingKey::from_ed_components(&text("x")).unwrap()
            } else {
                DecodingKey::from_ec_components(&text("x"), &text("y")).unwrap()
            };
            (j, decoding)
        });
        let key = keys.keys().next().unwrap().clone();
        cases.push(Case {
            alg,
            token,
            keys,
            key,
            theirs,
        });
    }
    cases
}

/// The median of per-round ratios `a / b`, with each contender's median time.
struct Ratio {
    ratio: f64,
    a_us: f64,
    b_us: f64,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Runs `a` and `b` alternately, `rounds` rounds of `batch` calls each.
fn interleaved(rounds: usize, batch: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> Ratio {
    let time = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..batch {
            f();
        }
        start.elapsed().as_secs_f64() * 1e6 / batch as f64
    };
    let (mut ratios, mut at, mut bt) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Alternate who goes first, so neither always runs on a warmer cache.
        let (ta, tb) = if round % 2 == 0 {
            let ta = time(&mut a);
            (ta, time(&mut b))
        } else {
            let tb = time(&mut b);
            (time(&mut a), tb)
        };
        ratios.push(ta / tb);
        at.push(ta);
        bt.push(tb);
    }
    Ratio {
        ratio: median(ratios),
        a_us: median(at),
        b_us: median(bt),
    }
}

fn ring_verify(alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    use edgejwt_core::SignatureBackend;
    edgejwt_std::backends::Ring.verify(alg, key, message, signature)
}

fn aws_lc_verify(alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]) -> bool {
    use aws_lc_rs::signature as al;
    // The key parsed on every call, as ring's API does: the signature alone otherwise
    // favours whoever caches more.
    let (params, bytes): (&'static dyn al::VerificationAlgorithm, Vec<u8>) =
        match (alg, key.material()) {
            (Algorithm::RS256, KeyMaterial::Rsa { n, e }) => {
                return al::RsaPublicKeyComponents { n, e }
                    .verify(&al::RSA_PKCS1_2048_8192_SHA256, message, signature)
                    .is_ok()
            }
            (Algorithm::PS256, KeyMaterial::Rsa { n, e }) => {
                return al::RsaPublicKeyComponents { n, e }
                    .verify(&al::RSA_PSS_2048_8192_SHA256, message, signature)
                    .is_ok()
            }
            (Algorithm::ES256, KeyMaterial::Ec { point, .. }) => {
                (&al::ECDSA_P256_SHA256_FIXED, point.to_vec())
            }
            (Algorithm::ES384, KeyMaterial::Ec { point, .. }) => {
                (&al::ECDSA_P384_SHA384_FIXED, point.to_vec())
            }
            (Algorithm::ES512, KeyMaterial::Ec { point, .. }) => {
                (&al::ECDSA_P521_SHA512_FIXED, point.to_vec())
            }
            (Algorithm::EdDSA, KeyMaterial::Ed25519 { x }) => (&al::ED25519, x.to_vec()),
            _ => unreachable!(),
        };
    al::UnparsedPublicKey::new(params, bytes)
        .verify(message, signature)
        .is_ok()
}

fn policy(alg: Algorithm, backend: bool) -> Policy {
    let builder = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&[alg]);
    if backend {
        builder
            .signature_backend(edgejwt_std::backends::AwsLc::default())
            .build()
            .unwrap()
    } else {
        builder.build().unwrap()
    }
}

fn jsonwebtoken_run(case: &Case) -> Option<impl FnMut() + '_> {
    let (alg, key) = case.theirs.as_ref()?;
    let mut validation = jsonwebtoken::Validation::new(*alg);
    validation.set_issuer(&[common::ISSUER]);
    validation.validate_aud = false;
    Some(move || {
        jsonwebtoken::decode::<Value>(black_box(&case.token), key, &validation).unwrap();
    })
}

/// The JWK text of a case's key.
fn key_jwk(case: &Case) -> String {
    let member = case.keys.keys().next().map(|_| ());
    debug_assert!(member.is_some());
    match case.key.material() {
        KeyMaterial::Rsa { n, e } => {
            json!({"kty": "RSA", "n": common::b64(n), "e": common::b64(e)}).to_string()
        }
        KeyMaterial::Ec { curve, point } => {
            let len = curve.coordinate_len();
            json!({"kty": "EC", "crv": curve.name(), "x": common::b64(&point[1..1 + len]),
                   "y": common::b64(&point[1 + len..])})
            .to_string()
        }
        KeyMaterial::Ed25519 { x } => {
            json!({"kty": "OKP", "crv": "Ed25519", "x": common::b64(x)}).to_string()
        }
        _ => unreachable!(),
    }
}

/// The end-to-end table: edgejwt (with the aws-lc-rs backend when `aws_lc`) against
/// jsonwebtoken with this process's provider.
fn end_to_end(cases: &[Case], aws_lc: bool, rounds: usize, batch: usize) {
    println!("| alg | ratio | edgejwt | jsonwebtoken |\n|---|---|---|---|");
    for case in cases {
        let ours = policy(case.alg, aws_lc);
        let Some(theirs) = jsonwebtoken_run(case) else {
            println!("| {} | (jsonwebtoken has no {}) | | |", case.alg, case.alg);
            continue;
        };
        let verify_ours = || {
            ours.verify(black_box(&case.token), &case.keys, NOW)
                .unwrap();
        };
        let r = interleaved(rounds, batch, verify_ours, theirs);
        println!(
            "| {} | {:.2}x | {:.1} µs | {:.1} µs |",
            case.alg, r.ratio, r.a_us, r.b_us
        );
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, batch) = if quick { (5, 20) } else { (21, 200) };
    let child = std::env::var_os("EDGEJWT_BENCH_CHILD").is_some();
    let cases = cases();
    if child {
        jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER
            .install_default()
            .unwrap();
        println!("\nEnd to end, edgejwt + aws-lc-rs / jsonwebtoken + aws-lc-rs:\n");
        end_to_end(&cases, true, rounds, batch);
        return;
    }
    jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER
        .install_default()
        .unwrap();
    println!("Signature alone, median of {rounds} interleaved rounds of {batch}:\n");
    println!("| alg | edgejwt-core (pure Rust) | / ring | / aws-lc-rs |\n|---|---|---|---|");
    for case in &cases {
        let (input, sig) = case.token.rsplit_once('.').unwrap();
        let sig = common::unb64(sig);
        let ours = || {
            assert!(case
                .key
                .verify_signature(case.alg, black_box(input.as_bytes()), &sig)
                .is_ok());
        };
        let ring = interleaved(rounds, batch, ours, || {
            assert!(ring_verify(
                case.alg,
                &case.key,
                black_box(input.as_bytes()),
                &sig
            ));
        });
        let aws = interleaved(rounds, batch, ours, || {
            assert!(aws_lc_verify(
                case.alg,
                &case.key,
                black_box(input.as_bytes()),
                &sig
            ));
        });
        let ring_text = if case.alg == Algorithm::ES512 {
            "(ring has no P-521)".to_owned()
        } else {
            format!("{:.2}x ({:.1} µs)", ring.ratio, ring.b_us)
        };
        println!(
            "| {} | {:.1} µs | {ring_text} | {:.2}x ({:.1} µs) |",
            case.alg, ring.a_us, aws.ratio, aws.b_us
        );
    }
    println!("\nEnd to end, edgejwt-std's default backend (Auto) / pure Rust:\n");
    println!("| alg | ratio | Auto (default) | pure Rust |\n|---|---|---|---|");
    for case in &cases {
        let build = |backend: Option<edgejwt_std::backends::Auto>| {
            let builder = Policy::cognito(POOL, TokenUse::Access)
                .client_id(CLIENT)
                .algorithms(&[case.alg]);
            match backend {
                Some(auto) => builder.signature_backend(auto),
                None => builder,
            }
            .build()
            .unwrap()
        };
        let (default, pure) = (build(Some(edgejwt_std::backends::Auto)), build(None));
        let run = |policy: &Policy| {
            policy
                .verify(black_box(&case.token), &case.keys, NOW)
                .unwrap();
        };
        let r = interleaved(rounds, batch, || run(&default), || run(&pure));
        println!(
            "| {} | {:.2}x | {:.1} µs | {:.1} µs |",
            case.alg, r.ratio, r.a_us, r.b_us
        );
    }
    println!("\nEnd to end, edgejwt (pure Rust) / jsonwebtoken (rust_crypto):\n");
    end_to_end(&cases, false, rounds, batch);
    // Key import, once per key and JWKS fetch (EC keys precompute their verification
    // tables here), median of the rounds.
    println!("\n| key import (JWK) | µs |\n|---|---:|");
    for case in &cases {
        let jwk = key_jwk(case);
        let mut times = Vec::new();
        for _ in 0..rounds {
            let start = Instant::now();
            for _ in 0..batch / 10 + 1 {
                black_box(PublicKey::from_jwk(black_box(&jwk)).unwrap());
            }
            times.push(start.elapsed().as_secs_f64() * 1e6 / (batch / 10 + 1) as f64);
        }
        println!("| {} | {:.1} |", case.alg, median(times));
    }
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(std::env::args().skip(1))
        .env("EDGEJWT_BENCH_CHILD", "1")
        .status()
        .unwrap();
    assert!(status.success());
}
