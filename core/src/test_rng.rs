//! A small deterministic generator (xorshift64) for the unit tests' many-input checks.

/// The next value of the sequence, stepping `state`; the same seed gives the same inputs.
pub(crate) fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}
