//! SEC1 points on P-256, P-384 and P-521 checked (and compressed ones decompressed) with
//! the core's own field arithmetic, so that importing an EC key needs no curve crate: a
//! build whose signatures are checked by host crypto (the web package) links none.

use alloc::vec::Vec;

use crate::montgomery::{Element, Field};
use crate::{Curve, KeyError};

/// A curve `y^2 = x^3 - 3x + b` over the prime field of `p` (all three NIST curves have
/// a = -3, prime order and cofactor 1: every point on the curve but the identity is a
/// valid public key, and the identity has no affine encoding).
struct Params<const N: usize> {
    p: [u8; N],
    b: [u8; N],
    /// Square roots are `v^((p + 1) / 4)`, as p = 3 mod 4 on all three curves.
    sqrt_exponent: [u8; N],
}

/// P-256: p, b, and (p + 1) / 4 (p = 3 mod 4), big-endian, 32 bytes each.
const P256: Params<32> = Params {
    p: [
        0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff,
    ],
    b: [
        0x5a, 0xc6, 0x35, 0xd8, 0xaa, 0x3a, 0x93, 0xe7, 0xb3, 0xeb, 0xbd, 0x55, 0x76, 0x98, 0x86,
        0xbc, 0x65, 0x1d, 0x06, 0xb0, 0xcc, 0x53, 0xb0, 0xf6, 0x3b, 0xce, 0x3c, 0x3e, 0x27, 0xd2,
        0x60, 0x4b,
    ],
    sqrt_exponent: [
        0x3f, 0xff, 0xff, 0xff, 0xc0, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00,
    ],
};

/// P-384: p, b, and (p + 1) / 4 (p = 3 mod 4), big-endian, 48 bytes each.
const P384: Params<48> = Params {
    p: [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff,
        0xff, 0xff, 0xff,
    ],
    b: [
        0xb3, 0x31, 0x2f, 0xa7, 0xe2, 0x3e, 0xe7, 0xe4, 0x98, 0x8e, 0x05, 0x6b, 0xe3, 0xf8, 0x2d,
        0x19, 0x18, 0x1d, 0x9c, 0x6e, 0xfe, 0x81, 0x41, 0x12, 0x03, 0x14, 0x08, 0x8f, 0x50, 0x13,
        0x87, 0x5a, 0xc6, 0x56, 0x39, 0x8d, 0x8a, 0x2e, 0xd1, 0x9d, 0x2a, 0x85, 0xc8, 0xed, 0xd3,
        0xec, 0x2a, 0xef,
    ],
    sqrt_exponent: [
        0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xbf, 0xff, 0xff, 0xff, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40,
        0x00, 0x00, 0x00,
    ],
};

/// P-521: p, b, and (p + 1) / 4 (p = 3 mod 4), big-endian, 66 bytes each.
const P521: Params<66> = Params {
    p: [
        0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    ],
    b: [
        0x00, 0x51, 0x95, 0x3e, 0xb9, 0x61, 0x8e, 0x1c, 0x9a, 0x1f, 0x92, 0x9a, 0x21, 0xa0, 0xb6,
        0x85, 0x40, 0xee, 0xa2, 0xda, 0x72, 0x5b, 0x99, 0xb3, 0x15, 0xf3, 0xb8, 0xb4, 0x89, 0x91,
        0x8e, 0xf1, 0x09, 0xe1, 0x56, 0x19, 0x39, 0x51, 0xec, 0x7e, 0x93, 0x7b, 0x16, 0x52, 0xc0,
        0xbd, 0x3b, 0xb1, 0xbf, 0x07, 0x35, 0x73, 0xdf, 0x88, 0x3d, 0x2c, 0x34, 0xf1, 0xef, 0x45,
        0x1f, 0xd4, 0x6b, 0x50, 0x3f, 0x00,
    ],
    sqrt_exponent: [
        0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ],
};

/// The point as SEC1 uncompressed bytes, `04 || x || y`, from its uncompressed (`04`) or
/// compressed (`02`, `03`) encoding; `InvalidCurvePoint` for anything else: a coordinate
/// not below p, a point not on the curve, the identity (`00`), a wrong length, hybrid
/// forms (`06`, `07`), and the "compact" form (`05`, x alone) that the curve crates
/// also decode: SEC1 and RFC 5480 define only `02`, `03` and `04`.
pub(crate) fn uncompressed(curve: Curve, sec1: &[u8]) -> Result<Vec<u8>, KeyError> {
    let (p, b, sqrt_exponent): (&[u8], &[u8], &[u8]) = match curve {
        Curve::P256 => (&P256.p, &P256.b, &P256.sqrt_exponent),
        Curve::P384 => (&P384.p, &P384.b, &P384.sqrt_exponent),
        Curve::P521 => (&P521.p, &P521.b, &P521.sqrt_exponent),
    };
    let invalid = KeyError::InvalidCurvePoint;
    let len = curve.coordinate_len();
    let mut field = Field::new(p).ok_or(invalid)?;
    let (&tag, coordinates) = sec1.split_first().ok_or(invalid)?;
    let (x_bytes, y_encoded) = coordinates.split_at_checked(len).ok_or(invalid)?;
    let x = field.element(x_bytes).ok_or(invalid)?;
    let curve_b = field.element(b).ok_or(invalid)?;
    let y_squared = right_hand_side(&mut field, &x, &curve_b);
    let y_bytes = match (tag, y_encoded.len()) {
        (0x04, n) if n == len => {
            let y = field.element(y_encoded).ok_or(invalid)?;
            if field.mul(&y, &y) != y_squared {
                return Err(invalid);
            }
            y_encoded.to_vec()
        }
        (0x02 | 0x03, 0) => {
            let root = field.pow(&y_squared, sqrt_exponent);
            // No root: x is not the abscissa of any point.
            if field.mul(&root, &root) != y_squared {
                return Err(invalid);
            }
            let root_bytes = field.to_be_bytes(&root);
            let root_is_odd = root_bytes.last().is_some_and(|byte| byte & 1 == 1);
            if root_is_odd == (tag == 0x03) {
                root_bytes
            } else {
                // The other root, p - y. (y = 0 would have no other root, but no point of
                // these prime-order curves has y = 0; refused all the same.)
                let zero = field.element(&alloc::vec![0; len]).ok_or(invalid)?;
                if root == zero {
                    return Err(invalid);
                }
                field.to_be_bytes(&field.sub(&zero, &root))
            }
        }
        _ => return Err(invalid),
    };
    let mut point = Vec::with_capacity(1 + 2 * len);
    point.push(0x04);
    point.extend_from_slice(x_bytes);
    point.extend_from_slice(&y_bytes);
    Ok(point)
}

/// `x^3 - 3x + b`.
fn right_hand_side(field: &mut Field, x: &Element, b: &Element) -> Element {
    let x_squared = field.mul(x, x);
    let x_cubed = field.mul(&x_squared, x);
    let three_x = field.add(&field.add(x, x), x);
    field.add(&field.sub(&x_cubed, &three_x), b)
}

#[cfg(test)]
mod tests {
    //! Held to the curve crates' own SEC1 decoding, which this replaces at import.

    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    /// The curve crate's verdict: the uncompressed point, or `None` when it refuses.
    fn reference(curve: Curve, sec1: &[u8]) -> Option<Vec<u8>> {
        use ecdsa::elliptic_curve::sec1::ToEncodedPoint;
        match curve {
            #[cfg(feature = "es256")]
            Curve::P256 => p256::PublicKey::from_sec1_bytes(sec1)
                .ok()
                .map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
            #[cfg(feature = "es384")]
            Curve::P384 => p384::PublicKey::from_sec1_bytes(sec1)
                .ok()
                .map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
            #[cfg(feature = "es512")]
            Curve::P521 => p521::PublicKey::from_sec1_bytes(sec1)
                .ok()
                .map(|k| k.to_encoded_point(false).as_bytes().to_vec()),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// A valid public point of each curve: `scalar * G`, uncompressed and compressed.
    fn public_point(curve: Curve, scalar: &[u8; 32]) -> Option<(Vec<u8>, Vec<u8>)> {
        use ecdsa::elliptic_curve::sec1::ToEncodedPoint;
        macro_rules! point {
            ($krate:ident, $len:expr) => {{
                let mut bytes = [0u8; $len];
                let tail = bytes.len() - 32;
                bytes[tail..].copy_from_slice(scalar);
                let secret = $krate::SecretKey::from_slice(&bytes).ok()?;
                let public = secret.public_key();
                Some((
                    public.to_encoded_point(false).as_bytes().to_vec(),
                    public.to_encoded_point(true).as_bytes().to_vec(),
                ))
            }};
        }
        match curve {
            #[cfg(feature = "es256")]
            Curve::P256 => point!(p256, 32),
            #[cfg(feature = "es384")]
            Curve::P384 => point!(p384, 48),
            #[cfg(feature = "es512")]
            Curve::P521 => point!(p521, 66),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    const CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

    #[test]
    fn each_curve_constant_puts_the_standard_base_point_on_its_curve() {
        // The base point is scalar 1: if p or b were mistyped it would be refused.
        let mut one = [0u8; 32];
        one[31] = 1;
        for curve in CURVES {
            let Some((uncompressed_g, compressed_g)) = public_point(curve, &one) else {
                continue;
            };
            assert_eq!(
                uncompressed(curve, &uncompressed_g).as_deref(),
                Ok(&uncompressed_g[..])
            );
            assert_eq!(
                uncompressed(curve, &compressed_g).as_deref(),
                Ok(&uncompressed_g[..])
            );
        }
    }

    #[test]
    fn off_curve_points_and_non_canonical_coordinates_are_refused_invalid_curve_attack() {
        let mut one = [0u8; 32];
        one[31] = 7;
        for curve in CURVES {
            let Some((point, _)) = public_point(curve, &one) else {
                continue;
            };
            let len = curve.coordinate_len();
            // y + 1: off the curve.
            let mut off = point.clone();
            let last = off.len() - 1;
            off[last] ^= 1;
            assert_eq!(uncompressed(curve, &off), Err(KeyError::InvalidCurvePoint));
            // x = p: the value 0 written non-canonically.
            let p = match curve {
                Curve::P256 => P256.p.to_vec(),
                Curve::P384 => P384.p.to_vec(),
                Curve::P521 => P521.p.to_vec(),
            };
            let mut x_is_p = point.clone();
            x_is_p[1..=len].copy_from_slice(&p);
            assert_eq!(
                uncompressed(curve, &x_is_p),
                Err(KeyError::InvalidCurvePoint)
            );
            // The identity, truncations, extensions, hybrid tags.
            for bad in [
                vec![0x00],
                point[..point.len() - 1].to_vec(),
                [&point[..], &[0]].concat(),
            ] {
                assert_eq!(uncompressed(curve, &bad), Err(KeyError::InvalidCurvePoint));
            }
            for tag in [0x00, 0x01, 0x05, 0x06, 0x07] {
                let mut hybrid = point.clone();
                hybrid[0] = tag;
                assert_eq!(
                    uncompressed(curve, &hybrid),
                    Err(KeyError::InvalidCurvePoint)
                );
            }
        }
    }

    #[test]
    fn compact_points_are_refused_though_the_curve_crates_decode_them() {
        // Tag 05 with x alone (draft-jivsov-ecc-compact): not SEC1, not RFC 5480. Found by
        // the ec_point_differential fuzz target, where p521 decoded it.
        let mut seven = [0u8; 32];
        seven[31] = 7;
        for curve in CURVES {
            let Some((_, compressed)) = public_point(curve, &seven) else {
                continue;
            };
            let mut compact = compressed.clone();
            compact[0] = 0x05;
            assert_eq!(
                uncompressed(curve, &compact),
                Err(KeyError::InvalidCurvePoint)
            );
        }
    }

    proptest! {
        #[test]
        fn valid_points_get_the_curve_crates_answer(scalar in any::<[u8; 32]>(), which in 0..3usize) {
            let curve = CURVES[which];
            if let Some((point, compressed)) = public_point(curve, &scalar) {
                prop_assert_eq!(uncompressed(curve, &point).ok(), reference(curve, &point));
                prop_assert_eq!(uncompressed(curve, &compressed).ok(), reference(curve, &compressed));
                prop_assert_eq!(uncompressed(curve, &compressed).ok(), Some(point));
            }
        }

        #[test]
        fn random_encodings_get_the_curve_crates_answer(
            tag in prop::sample::select(vec![0x02u8, 0x03, 0x04]),
            x in any::<[u8; 66]>(),
            y in any::<[u8; 66]>(),
            which in 0..3usize,
            top_zero in any::<bool>(),
        ) {
            let curve = CURVES[which];
            // The curve crate to compare with is in this build only where the curve is.
            prop_assume!(curve.algorithm().is_supported());
            let len = curve.coordinate_len();
            let mut sec1 = vec![tag];
            sec1.extend_from_slice(&x[..len]);
            if tag == 0x04 {
                sec1.extend_from_slice(&y[..len]);
            }
            // P-521's coordinates are below 2^521: clear the high bits half the time so
            // canonical values (and real abscissas, about half of them) are common.
            if top_zero || curve == Curve::P521 {
                sec1[1] &= 0x01;
            }
            prop_assert_eq!(uncompressed(curve, &sec1).ok(), reference(curve, &sec1));
        }
    }
}
