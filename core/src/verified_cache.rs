//! A bounded cache of tokens already verified, so a client's repeat token skips the RSA
//! work: matched on the exact token bytes, valid only for the same policy and the same
//! key set, with `exp`/`nbf` checked again on every hit.

use alloc::boxed::Box;
use alloc::vec::Vec;

use crate::{Error, KeySet, Policy, UnixTime, VerifiedToken};

struct Entry {
    fingerprint: u64,
    token: Box<str>,
    policy: usize,
    keys: usize,
    verified: VerifiedToken,
}

/// Fixed-capacity cache for [`Policy::verify_cached`]; the oldest entry makes room.
///
/// ```
/// use edgejwt_core::{KeySet, Policy, VerifiedCache};
/// let policy = Policy::oidc("https://i.example").audience("api").build()?;
/// let mut cache = VerifiedCache::new(64);
/// let err = policy.verify_cached(&mut cache, "not.a.token", &KeySet::new(), 0).unwrap_err();
/// assert_eq!(err.code(), "malformed");
/// assert!(cache.is_empty()); // only successes are kept
/// # Ok::<(), edgejwt_core::ConfigError>(())
/// ```
pub struct VerifiedCache {
    entries: Vec<Entry>,
    capacity: usize,
    oldest: usize,
}

/// A cheap filter before the exact comparison, not a security boundary: FNV-1a over the
/// length and the last 16 bytes, the end of the signature, which differs between any two
/// tokens an issuer signed. Hashing the whole token cost more than the rest of a hit.
fn fingerprint(token: &str) -> u64 {
    let bytes = token.as_bytes();
    let tail = bytes.get(bytes.len().saturating_sub(16)..).unwrap_or(bytes);
    let seed = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    tail.iter().fold(seed, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl VerifiedCache {
    /// A cache holding at most `capacity` tokens (0 disables it).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: Vec::new(),
            capacity,
            oldest: 0,
        }
    }

    /// How many tokens are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no token is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Forgets every token.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.oldest = 0;
    }

    fn find(&self, token: &str, policy: usize, keys: usize) -> Option<&VerifiedToken> {
        let print = fingerprint(token);
        self.entries
            .iter()
            .find(|e| {
                e.fingerprint == print && e.policy == policy && e.keys == keys && &*e.token == token
            })
            .map(|e| &e.verified)
    }

    fn insert(&mut self, token: &str, policy: usize, keys: usize, verified: VerifiedToken) {
        if self.capacity == 0 {
            return;
        }
        let entry = Entry {
            fingerprint: fingerprint(token),
            token: token.into(),
            policy,
            keys,
            verified,
        };
        if self.entries.len() < self.capacity {
            self.entries.push(entry);
        } else if let Some(slot) = self.entries.get_mut(self.oldest) {
            *slot = entry;
            self.oldest = (self.oldest + 1) % self.capacity;
        }
    }
}

impl Policy {
    /// [`verify`](Policy::verify) with a cache: a token verified before under this policy
    /// and this key set is accepted again without signature work, after `exp` and `nbf`
    /// are checked at `now` and your custom check has run again
    /// ([`Policy::recheck`]: a check that now refuses the token, a revocation list say,
    /// refuses it on a hit too).
    pub fn verify_cached(
        &self,
        cache: &mut VerifiedCache,
        token: &str,
        keys: &KeySet,
        now: impl Into<UnixTime>,
    ) -> Result<VerifiedToken, Error> {
        let now = now.into();
        if let Some(hit) = cache.find(token, self.identity, keys.identity()) {
            self.recheck(hit, now)?;
            return Ok(hit.clone());
        }
        let verified = self.verify(token, keys, now)?;
        cache.insert(token, self.identity, keys.identity(), verified.clone());
        Ok(verified)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_for_different_tokens() {
        assert_ne!(fingerprint("a.b.c"), fingerprint("a.b.d"));
        // Same tail, other length; and tokens equal but for the front share a print,
        // which the exact comparison then tells apart (tests/tests/verified_cache.rs).
        assert_ne!(fingerprint("xa.b.c"), fingerprint("a.b.c"));
        assert_eq!(
            fingerprint("AAAA.b.0123456789abcdef"),
            fingerprint("BBBB.b.0123456789abcdef")
        );
    }

    #[test]
    fn eviction_keeps_the_capacity() {
        let mut cache = VerifiedCache::new(2);
        let policy = Policy::oidc("https://i").audience("a").build().unwrap();
        for _ in 0..5 {
            // Failures are never cached.
            assert!(policy
                .verify_cached(&mut cache, "x", &KeySet::new(), 0)
                .is_err());
        }
        assert!(cache.is_empty());
    }
}
