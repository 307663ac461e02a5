//! Heap allocations and peak heap bytes of one verification: cold (full path) and
//! repeat (VerifiedCache hit), and of one JWKS parse, counted by a global allocator.
//!
//! Run: `cargo bench -p edgejwt-tests --bench allocations`
// The one unsafe item of the project: a counting wrapper around the system allocator,
// in this benchmark only (the library crates forbid unsafe code).
#![allow(unsafe_code)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use common::{access_claims, jwks, keyset_a, TestKey, CLIENT, NOW, POOL};
use edgejwt_core::{Algorithm, KeySet, Policy, TokenUse, VerifiedCache};
use edgejwt_testkit::OtherKey;
use serde_json::json;

struct Counting;
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards every call unchanged to `System`; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Relaxed);
        let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
        PEAK.fetch_max(live, Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: same contract as ours.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// (allocations, peak bytes above what was live before) of `f`, result dropped after.
fn heap_of<T>(f: impl FnOnce() -> T) -> (usize, usize) {
    let live_before = LIVE.load(Relaxed);
    PEAK.store(live_before, Relaxed);
    let count_before = ALLOCATIONS.load(Relaxed);
    let kept = f();
    let result = (
        ALLOCATIONS.load(Relaxed) - count_before,
        PEAK.load(Relaxed) - live_before,
    );
    drop(kept);
    result
}

fn main() {
    let token = TestKey::a().token("k1", &access_claims());
    let keys = keyset_a();
    let policy = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .build()
        .unwrap();
    let jwks_text = jwks(&[
        TestKey::a().jwk("k1", json!({})),
        TestKey::b().jwk("k2", json!({})),
    ]);
    policy.verify(&token, &keys, NOW).unwrap();

    let (cold, cold_peak) = heap_of(|| policy.verify(&token, &keys, NOW).unwrap());
    let mut cache = VerifiedCache::new(4);
    policy
        .verify_cached(&mut cache, &token, &keys, NOW)
        .unwrap();
    let (hit, hit_peak) = heap_of(|| {
        policy
            .verify_cached(&mut cache, &token, &keys, NOW)
            .unwrap()
    });
    let (parse, parse_peak) = heap_of(|| KeySet::from_jwks(&jwks_text).unwrap());
    println!("token {} bytes", token.len());
    println!("| operation | heap allocations | peak heap bytes |");
    println!("|---|---:|---:|");
    println!("| verify, cold (full path) | {cold} | {cold_peak} |");
    println!("| verify, repeat token (cache hit) | {hit} | {hit_peak} |");
    println!("| JWKS parse, 2 RSA keys | {parse} | {parse_peak} |");

    // Every other algorithm, cold, with its own key (EC and Ed25519 keys from fixed seeds).
    let every = Policy::cognito(POOL, TokenUse::Access)
        .client_id(CLIENT)
        .algorithms(&Algorithm::ALL)
        .build()
        .unwrap();
    for signer in [
        OtherKey::p256("alloc p256"),
        OtherKey::p384("alloc p384"),
        OtherKey::p521("alloc p521"),
        OtherKey::ed25519("alloc ed25519"),
    ] {
        let keys = KeySet::from_jwks(&jwks(&[signer.jwk("k1", json!({}))])).unwrap();
        let token = signer.token("k1", &access_claims());
        every.verify(&token, &keys, NOW).unwrap();
        let (count, peak) = heap_of(|| every.verify(&token, &keys, NOW).unwrap());
        println!("| verify {}, cold | {count} | {peak} |", signer.alg());
    }
    let pss_keys =
        KeySet::from_jwks(&jwks(&[TestKey::a().jwk("k1", json!({"alg": "PS256"}))])).unwrap();
    let header = r#"{"alg":"PS256","kid":"k1"}"#;
    let pss = TestKey::a().sign_text("PS256", header, &access_claims().to_string());
    every.verify(&pss, &pss_keys, NOW).unwrap();
    let (count, peak) = heap_of(|| every.verify(&pss, &pss_keys, NOW).unwrap());
    println!("| verify PS256, cold | {count} | {peak} |");
}
