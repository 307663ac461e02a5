//! Process-unique identities, so caches can tell policies and key-set contents apart.

use core::sync::atomic::{AtomicUsize, Ordering};

/// A fresh identity for a policy or a key set's contents; never reused in a process.
pub(crate) fn next_identity() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
