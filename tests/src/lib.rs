//! Shared helpers for the cross-crate tests live in `tests/common`; this crate has no API.
