//! edgejwt next to jsonwebtoken, ring, aws-lc-rs and the rsa crate, in one run, with
//! ratios: one ~900-byte RS256 Cognito access token verified end to end, and the RSA
//! signature check alone; JWKS parse and key import. (Heap use per verification is
//! measured by `benches/allocations.rs`, whose counting allocator would skew timings.)
//!
//! Run: `cargo bench -p edgejwt-tests --bench compare`
//! (jsonwebtoken picks one crypto provider per process, so its aws-lc-rs numbers come
//! from a child run of this same binary.)
#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{access_claims, jwks, with, TestKey, CLIENT, NOW, POOL};
use criterion::Criterion;
use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey, TokenUse, VerifiedCache};
use serde_json::{json, Value};

struct Fixture {
    token: String,
    keys: KeySet,
    policy: Policy,
    jwks: String,
    key: &'static TestKey,
}

fn fixture() -> Fixture {
    let key = TestKey::a();
    // Cognito access tokens carry about this much (≈900 bytes compact).
    let claims = with(
        access_claims(),
        json!({
            "event_id": "4a7bca38-b71c-49a2-aa86-3b93a259c21c",
            "origin_jti": "5e1f00ab-2f6b-4b71-8a55-30c1fd3a6f7a",
            "device_key": "us-east-1_0f6b42f4-3c8d-4aaf-9f0b-8f9a0c1d2e3f",
            "version": 2,
        }),
    );
    let token = key.token("k1", &claims);
    let jwks = jwks(&[key.jwk("k1", json!({})), TestKey::b().jwk("k2", json!({}))]);
    Fixture {
        keys: KeySet::from_jwks(&jwks).unwrap(),
        policy: Policy::cognito(POOL, TokenUse::Access)
            .client_id(CLIENT)
            .build()
            .unwrap(),
        token,
        jwks,
        key,
    }
}

fn jsonwebtoken_setup(f: &Fixture) -> (jsonwebtoken::DecodingKey, jsonwebtoken::Validation) {
    let key =
        jsonwebtoken::DecodingKey::from_rsa_raw_components(&f.key.n_bytes(), &f.key.e_bytes());
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.set_issuer(&[common::ISSUER]);
    validation.validate_aud = false;
    // Same clock as ours: exp is checked against the real time, so the fixture's
    // NOW-based exp is moved into the future for jsonwebtoken's run.
    (key, validation)
}

fn jsonwebtoken_token(f: &Fixture) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = with(
        access_claims(),
        json!({ "exp": now + 3600, "iat": now,
        "event_id": "4a7bca38-b71c-49a2-aa86-3b93a259c21c",
        "origin_jti": "5e1f00ab-2f6b-4b71-8a55-30c1fd3a6f7a",
        "device_key": "us-east-1_0f6b42f4-3c8d-4aaf-9f0b-8f9a0c1d2e3f", "version": 2 }),
    );
    f.key.token("k1", &claims)
}

fn criterion(dir: &Path) -> Criterion {
    Criterion::default()
        .output_directory(dir)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30)
        .configure_from_args()
}

fn median_ns(dir: &Path, id: &str) -> Option<f64> {
    let path = dir.join(id).join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    serde_json::from_str::<Value>(&text).ok()?["median"]["point_estimate"].as_f64()
}

const JWT_AWS_LC: &str = "jsonwebtoken aws-lc-rs end to end";

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("compare");
    let f = fixture();
    if std::env::var_os("EDGEJWT_BENCH_CHILD").is_some() {
        jsonwebtoken::crypto::aws_lc::DEFAULT_PROVIDER
            .install_default()
            .unwrap();
        let (key, validation) = jsonwebtoken_setup(&f);
        let token = jsonwebtoken_token(&f);
        let mut c = criterion(&dir);
        c.bench_function(JWT_AWS_LC, |b| {
            b.iter(|| jsonwebtoken::decode::<Value>(black_box(&token), &key, &validation).unwrap())
        });
        return;
    }
    jsonwebtoken::crypto::rust_crypto::DEFAULT_PROVIDER
        .install_default()
        .unwrap();
    let mut c = criterion(&dir);
    let (input, sig) = f.token.rsplit_once('.').unwrap();
    let sig = common::unb64(sig);
    let public = f.keys.keys().next().unwrap().clone();

    // Signature alone.
    c.bench_function("edgejwt-core RSA verify", |b| {
        b.iter(|| {
            public
                .verify_signature(
                    Algorithm::RS256,
                    black_box(input.as_bytes()),
                    black_box(&sig),
                )
                .unwrap()
        })
    });
    {
        use rsa::pkcs1v15::Pkcs1v15Sign;
        use sha2::Digest;
        let rsa_key = f.key.private.to_public_key();
        c.bench_function("rsa 0.10-rc RSA verify", |b| {
            b.iter(|| {
                rsa_key
                    .verify(
                        Pkcs1v15Sign::new::<sha2::Sha256>(),
                        &sha2::Sha256::digest(input.as_bytes()),
                        &sig,
                    )
                    .unwrap()
            })
        });
    }
    let (n, e) = (f.key.n_bytes(), f.key.e_bytes());
    c.bench_function("ring RSA verify", |b| {
        b.iter(|| {
            ring::signature::RsaPublicKeyComponents { n: &n, e: &e }
                .verify(
                    &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                    black_box(input.as_bytes()),
                    &sig,
                )
                .unwrap()
        })
    });
    c.bench_function("aws-lc-rs RSA verify", |b| {
        b.iter(|| {
            aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e }
                .verify(
                    &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                    black_box(input.as_bytes()),
                    &sig,
                )
                .unwrap()
        })
    });

    // End to end.
    c.bench_function("edgejwt end to end", |b| {
        b.iter(|| f.policy.verify(black_box(&f.token), &f.keys, NOW).unwrap())
    });
    let aws_policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .signature_backend(edgejwt_std::backends::AwsLc::default())
        .build()
        .unwrap();
    c.bench_function("edgejwt + aws-lc-rs end to end", |b| {
        b.iter(|| {
            aws_policy
                .verify(black_box(&f.token), &f.keys, NOW)
                .unwrap()
        })
    });
    let mut cache = VerifiedCache::new(64);
    c.bench_function("edgejwt repeat token (cache hit)", |b| {
        b.iter(|| {
            f.policy
                .verify_cached(&mut cache, black_box(&f.token), &f.keys, NOW)
                .unwrap()
        })
    });
    let (jwt_key, validation) = jsonwebtoken_setup(&f);
    let jwt_token = jsonwebtoken_token(&f);
    c.bench_function("jsonwebtoken rust_crypto end to end", |b| {
        b.iter(|| {
            jsonwebtoken::decode::<Value>(black_box(&jwt_token), &jwt_key, &validation).unwrap()
        })
    });

    // Keys.
    c.bench_function("edgejwt JWKS parse (2 RSA keys)", |b| {
        b.iter(|| KeySet::from_jwks(black_box(&f.jwks)).unwrap())
    });
    c.bench_function("edgejwt key import (RSA-2048)", |b| {
        b.iter(|| PublicKey::from_rsa_components(black_box(&n), &e).unwrap())
    });

    let child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(std::env::args().skip(1))
        .env("EDGEJWT_BENCH_CHILD", "1")
        .status();
    if !child.is_ok_and(|s| s.success()) {
        eprintln!("the aws-lc-rs child run failed");
    }

    let m = |id: &str| median_ns(&dir, id).map_or(f64::NAN, |ns| ns / 1000.0);
    let ring = m("ring RSA verify");
    let jwt_rust = m("jsonwebtoken rust_crypto end to end");
    let jwt_aws = m(JWT_AWS_LC);
    println!(
        "\nedgejwt comparison, medians, token {} bytes",
        f.token.len()
    );
    println!("| what | µs | ratio |");
    println!("|---|---:|---:|");
    for id in [
        "edgejwt-core RSA verify",
        "rsa 0.10-rc RSA verify",
        "ring RSA verify",
        "aws-lc-rs RSA verify",
    ] {
        println!("| {id} | {:.1} | {:.2}x ring |", m(id), m(id) / ring);
    }
    for id in [
        "edgejwt end to end",
        "edgejwt + aws-lc-rs end to end",
        "edgejwt repeat token (cache hit)",
        "jsonwebtoken rust_crypto end to end",
        JWT_AWS_LC,
    ] {
        println!(
            "| {id} | {:.2} | {:.2}x jsonwebtoken+aws-lc-rs, {:.2}x jsonwebtoken rust_crypto |",
            m(id),
            m(id) / jwt_aws,
            m(id) / jwt_rust
        );
    }
    for id in [
        "edgejwt JWKS parse (2 RSA keys)",
        "edgejwt key import (RSA-2048)",
    ] {
        println!("| {id} | {:.1} | |", m(id));
    }
    println!("\nheap per verification: cargo bench -p edgejwt-tests --bench allocations");
}
