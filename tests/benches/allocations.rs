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
use edgejwt_core::{KeySet, Policy, TokenUse, VerifiedCache};
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
}
