//! ECDSA verification (SEC 1 4.1.4) with the two scalar multiplications of `u1·G + u2·Q`
//! done together, variable-time, over precomputed odd multiples of G and of the key:
//! every input is public, and the curve crates' own `lincomb` is two separate
//! constant-time multiplications (about 2.5 times the work). The curve crates still do
//! the field and point arithmetic, the scalar inversion and the `r`, `s` range checks; this
//! module is checked against their verifier differentially (tests here and in
//! `tests/tests/ecdsa_differential.rs`) and by every Wycheproof ECDSA vector.

// Indices run over fixed arrays with bounds checked where they are built: digit counts
// below MAX_DIGITS (the loop stops there), table indices below TABLE (|digit| < 2^(W-1)).
#![allow(clippy::indexing_slicing)]

use ecdsa::elliptic_curve::ff::PrimeField;
// `Signature<C>` itself is bounded by generic-array 0.14's `ArrayLength` (deprecated in
// favour of generic-array 1.x, which the 0.13 curve crates do not use yet).
#[allow(deprecated)]
use ecdsa::elliptic_curve::generic_array::ArrayLength;
use ecdsa::elliptic_curve::group::{Curve as _, Group as _};
use ecdsa::elliptic_curve::ops::{Invert, Reduce};
use ecdsa::elliptic_curve::point::AffineCoordinates;
use ecdsa::elliptic_curve::{AffinePoint, CurveArithmetic, PrimeCurve, ProjectivePoint, Scalar};
use ecdsa::{Signature, SignatureSize};

use alloc::boxed::Box;
use once_cell::race::OnceBox;

/// Window of the signed digits: tables hold the 2^(W-2) odd multiples P, 3P, .., 15P.
const W: u32 = 5;
const TABLE: usize = 1 << (W - 2);
/// 64-bit limbs of a scalar of up to 521 bits, with room for a signed digit's carry.
const LIMBS: usize = 10;
/// Digits of half a scalar (at most 261 bits), plus the carry of a signed digit.
const MAX_DIGITS: usize = 272;

type Limbs = [u64; LIMBS];

/// The odd multiples `P, 3P, .., 15P` in affine form, for mixed additions.
pub(crate) struct OddMultiples<C: CurveArithmetic>([AffinePoint<C>; TABLE]);

impl<C: CurveArithmetic> Clone for OddMultiples<C> {
    fn clone(&self) -> Self {
        Self(self.0)
    }
}

impl<C: CurveArithmetic> OddMultiples<C> {
    fn of(point: ProjectivePoint<C>) -> Self {
        let double = point.double();
        let mut projective = [point; TABLE];
        for i in 1..TABLE {
            projective[i] = projective[i - 1] + double;
        }
        let mut affine = [AffinePoint::<C>::default(); TABLE];
        ProjectivePoint::<C>::batch_normalize(&projective, &mut affine);
        Self(affine)
    }
}

/// A big-endian scalar as little-endian limbs.
fn limbs_of(be_bytes: &[u8]) -> Limbs {
    let mut limbs = [0u64; LIMBS];
    for (i, chunk) in be_bytes.rchunks(8).enumerate() {
        if let Some(limb) = limbs.get_mut(i) {
            *limb = chunk.iter().fold(0, |acc, &b| (acc << 8) | u64::from(b));
        }
    }
    limbs
}

/// `(k mod 2^half, k >> half)`.
fn split(k: &Limbs, half: usize) -> (Limbs, Limbs) {
    let (mut low, mut high) = ([0u64; LIMBS], [0u64; LIMBS]);
    let (whole, bits) = (half / 64, half % 64);
    low[..whole].copy_from_slice(&k[..whole]);
    if bits != 0 {
        low[whole] = k[whole] & ((1u64 << bits) - 1);
    }
    for i in 0..LIMBS - whole {
        let from = k[i + whole];
        let next = k.get(i + whole + 1).copied().unwrap_or(0);
        high[i] = if bits == 0 {
            from
        } else {
            (from >> bits) | (next << (64 - bits))
        };
    }
    (low, high)
}

/// The width-W non-adjacent form of `k`, least significant digit first; returns how many
/// digits are used.
fn wnaf(mut k: Limbs, digits: &mut [i8; MAX_DIGITS]) -> usize {
    let mut len = 0;
    while k.iter().any(|&l| l != 0) && len < MAX_DIGITS {
        let mut digit = 0i64;
        if k[0] & 1 == 1 {
            digit = (k[0] & ((1 << W) - 1)) as i64;
            if digit >= 1 << (W - 1) {
                digit -= 1 << W;
            }
            // k -= digit (a negative digit adds), carrying through the limbs.
            if digit > 0 {
                let mut borrow = digit as u64;
                for limb in k.iter_mut() {
                    let (v, b) = limb.overflowing_sub(borrow);
                    *limb = v;
                    borrow = u64::from(b);
                    if borrow == 0 {
                        break;
                    }
                }
            } else {
                let mut carry = (-digit) as u64;
                for limb in k.iter_mut() {
                    let (v, c) = limb.overflowing_add(carry);
                    *limb = v;
                    carry = u64::from(c);
                    if carry == 0 {
                        break;
                    }
                }
            }
        }
        digits[len] = digit as i8;
        len += 1;
        for i in 0..LIMBS {
            let next = k.get(i + 1).copied().unwrap_or(0);
            k[i] = (k[i] >> 1) | (next << 63);
        }
    }
    len
}

/// A public key prepared for verification. On its first verification (never at import:
/// a host backend that verifies this key never pays for it) it computes the odd multiples
/// of the key `Q`, of `2^h·Q`, of the generator `G` and of `2^h·G`, with `h` half the
/// scalar size: each scalar is split in halves, so `u1·G + u2·Q` takes `h` doublings
/// instead of `2h` (the doublings are most of the work).
pub(crate) struct Prepared<C: CurveArithmetic> {
    key: ProjectivePoint<C>,
    tables: OnceBox<Tables<C>>,
}

/// The four tables, and `h`.
struct Tables<C: CurveArithmetic> {
    half: usize,
    odd_multiples: [OddMultiples<C>; 4],
}

impl<C: CurveArithmetic> Prepared<C> {
    pub(crate) fn new(key: ProjectivePoint<C>) -> Self {
        Self {
            key,
            tables: OnceBox::new(),
        }
    }

    fn tables(&self) -> &Tables<C> {
        self.tables.get_or_init(|| {
            let half = (Scalar::<C>::NUM_BITS as usize).div_ceil(2);
            let shifted = |point: ProjectivePoint<C>| (0..half).fold(point, |p, _| p.double());
            let generator = ProjectivePoint::<C>::generator();
            Box::new(Tables {
                half,
                odd_multiples: [
                    OddMultiples::of(generator),
                    OddMultiples::of(shifted(generator)),
                    OddMultiples::of(self.key),
                    OddMultiples::of(shifted(self.key)),
                ],
            })
        })
    }

    /// `a·G + b·Q`, variable-time (public scalars only).
    fn double_scalar_mul(&self, a: &Scalar<C>, b: &Scalar<C>) -> ProjectivePoint<C> {
        let tables = self.tables();
        let (a_low, a_high) = split(&limbs_of(a.to_repr().as_ref()), tables.half);
        let (b_low, b_high) = split(&limbs_of(b.to_repr().as_ref()), tables.half);
        let mut digits = [[0i8; MAX_DIGITS]; 4];
        let mut len = 0;
        for (part, out) in [a_low, a_high, b_low, b_high]
            .into_iter()
            .zip(digits.iter_mut())
        {
            len = len.max(wnaf(part, out));
        }
        let mut acc = ProjectivePoint::<C>::identity();
        for i in (0..len).rev() {
            acc = acc.double();
            for (part, table) in digits.iter().zip(&tables.odd_multiples) {
                let digit = part[i];
                let odd = table.0[usize::from(digit.unsigned_abs() / 2)];
                match digit {
                    0 => {}
                    d if d > 0 => acc += odd,
                    _ => acc -= odd,
                }
            }
        }
        acc
    }
}

#[allow(deprecated)] // the `ArrayLength` bound, see the import
/// SEC 1 4.1.4 for a hash already computed: `x(u1·G + u2·Q) mod n == r` with
/// `u1 = z/s`, `u2 = r/s`. `r` and `s` are in `1..n` by construction of `Signature`.
pub(crate) fn verify_prehashed<C>(
    prepared: &Prepared<C>,
    prehash: &[u8],
    signature: &Signature<C>,
) -> bool
where
    C: PrimeCurve + CurveArithmetic,
    SignatureSize<C>: ArrayLength<u8>,
{
    let Ok(field) = ecdsa::hazmat::bits2field::<C>(prehash) else {
        return false;
    };
    let z = <Scalar<C> as Reduce<C::Uint>>::reduce_bytes(&field);
    let (r, s) = signature.split_scalars();
    let s_inv = *s.invert_vartime();
    let u1 = z * s_inv;
    let u2 = *r * s_inv;
    let point = prepared.double_scalar_mul(&u1, &u2);
    if bool::from(point.is_identity()) {
        return false;
    }
    let x = point.to_affine().x();
    *r == <Scalar<C> as Reduce<C::Uint>>::reduce_bytes(&x)
}

#[cfg(all(test, feature = "es256"))]
mod tests {
    use super::*;

    /// 32 bytes from the test generator.
    fn bytes32(state: &mut u64) -> [u8; 32] {
        let mut out = [0u8; 32];
        for chunk in out.chunks_mut(8) {
            chunk.copy_from_slice(&crate::test_rng::next(state).to_be_bytes());
        }
        out
    }

    /// The digits put back together give the scalar.
    #[test]
    fn split_wnaf_digits_sum_to_the_scalar() {
        type P = p256::NistP256;
        let mut state = 7;
        for round in 0..200 {
            let bytes = bytes32(&mut state).into();
            let k = match round {
                0 => Scalar::<P>::ONE,
                1 => -Scalar::<P>::ONE,
                _ => {
                    <Scalar<P> as Reduce<<P as ecdsa::elliptic_curve::Curve>::Uint>>::reduce_bytes(
                        &bytes,
                    )
                }
            };
            // k = low + 2^128 high, each half rebuilt from its digits.
            let (low, high) = split(&limbs_of(k.to_repr().as_ref()), 128);
            let mut halves = [Scalar::<P>::ZERO; 2];
            for (part, half) in [low, high].into_iter().zip(halves.iter_mut()) {
                let mut digits = [0i8; MAX_DIGITS];
                let len = wnaf(part, &mut digits);
                for &d in digits[..len].iter().rev() {
                    *half = half.double();
                    let magnitude = Scalar::<P>::from(u64::from(d.unsigned_abs()));
                    *half = if d < 0 {
                        *half - magnitude
                    } else {
                        *half + magnitude
                    };
                }
                assert!(digits[..len].iter().all(|d| d % 2 != 0 || *d == 0));
                assert!(len <= 130);
            }
            let two_128 = (0..128).fold(Scalar::<P>::ONE, |x, _| x.double());
            assert_eq!(halves[0] + two_128 * halves[1], k);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
        /// Differential: valid, mutated and random signatures under a fixed P-256 key get
        /// the ecdsa crate's verdict.
        #[test]
        fn verdicts_match_the_ecdsa_crate(seed in 1u64.., message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..64), flip in 0usize..600) {
            use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};
            use sha2::Digest;
            let mut state = seed;
            let Ok(secret) = p256::SecretKey::from_slice(&bytes32(&mut state)) else {
                return Ok(());
            };
            let signing = p256::ecdsa::SigningKey::from(&secret);
            let verifying = p256::ecdsa::VerifyingKey::from(&signing);
            let prepared = Prepared::<p256::NistP256>::new(verifying.as_affine().into());
            let hash = sha2::Sha256::digest(&message);
            let Ok(good) = PrehashSigner::<p256::ecdsa::Signature>::sign_prehash(&signing, &hash) else {
                return Err(proptest::test_runner::TestCaseError::fail("signing failed"));
            };
            let mut bytes = good.to_bytes();
            if flip < 512 {
                bytes[flip / 8] ^= 1 << (flip % 8);
            }
            if let Ok(signature) = p256::ecdsa::Signature::from_slice(&bytes) {
                let ours = verify_prehashed(&prepared, &hash, &signature);
                let theirs = verifying.verify_prehash(&hash, &signature).is_ok();
                proptest::prop_assert_eq!(ours, theirs);
                proptest::prop_assert_eq!(ours, flip >= 512);
            }
        }
    }
}
