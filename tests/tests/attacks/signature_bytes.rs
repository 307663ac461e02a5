//! Attacks on signature bytes: each test is named after what it stops.

use super::*;

#[test]
fn empty_or_stripped_signature_is_malformed() {
    let good = signed_claims(&access_claims());
    let (input, _) = split_sig(&good);
    assert_eq!(err(&format!("{input}.")), Error::Malformed);
    assert_eq!(err(input), Error::Malformed);
}

#[test]
fn every_flipped_signature_bit_is_detected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    for bit in (0..sig.len() * 8).step_by(97) {
        let mut bad = sig.clone();
        bad[bit / 8] ^= 1 << (bit % 8);
        assert_eq!(
            err(&format!("{input}.{}", b64(&bad))),
            Error::BadSignature,
            "bit {bit}"
        );
    }
}

#[test]
fn short_long_and_leading_zero_signatures_are_rejected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    let short = &sig[1..];
    let mut long = sig.clone();
    long.push(0);
    let mut leading_zero = vec![0u8];
    leading_zero.extend_from_slice(&sig);
    let huge = vec![0x41u8; 2000];
    for bad in [
        short.to_vec(),
        long,
        leading_zero,
        huge,
        vec![0u8; 256],
        vec![0xFF; 256],
    ] {
        assert_eq!(
            err(&format!("{input}.{}", b64(&bad))),
            Error::BadSignature,
            "len {}",
            bad.len()
        );
    }
}

#[test]
fn signature_plus_modulus_is_rejected() {
    let good = signed_claims(&access_claims());
    let (input, sig) = split_sig(&good);
    let n = TestKey::a().n_bytes();
    let mut sum = vec![0u8; sig.len() + 1];
    let mut carry = 0u16;
    for i in 0..sig.len() {
        let total = u16::from(sig[sig.len() - 1 - i]) + u16::from(n[n.len() - 1 - i]) + carry;
        let at = sum.len() - 1 - i;
        sum[at] = total as u8;
        carry = total >> 8;
    }
    sum[0] = carry as u8;
    let candidates = if sum[0] == 0 {
        vec![sum[1..].to_vec(), sum.clone()]
    } else {
        vec![sum]
    };
    for bad in candidates {
        assert_eq!(err(&format!("{input}.{}", b64(&bad))), Error::BadSignature);
    }
}
