//! The RSA public-key operation `s^e mod n` for signature checks, in one working block
//! sized by the key; and, on the same kernel, the prime-field arithmetic that checks EC
//! public keys at import ([`Field`]).
//!
//! Every input of verification (key, message, signature) is public, so a variable-time
//! square-and-multiply over `e` is sound: for e = 65537 that is 16 squarings, 2
//! multiplications and a reduction, against ~40 products for the `rsa` crate's windowed
//! constant-time path. The Montgomery parameters (`-n^-1 mod 2^w`, `R^2 mod n`) are
//! computed once, at key import. Limbs are 64-bit on 64-bit targets and 32-bit elsewhere
//! (wasm32, Cortex-M). Checked against the `rsa` crate differentially (tests here, Wycheproof, a fuzz target).

// Indices below run over `0..len` (plus the two carry slots of `t`) where `len` is the
// limb count of the modulus, and every buffer is at least `len + 2` limbs long (the wide
// one `2 * len + 2`), cut from one block sized for `len`: they cannot go out of bounds.
#![allow(clippy::indexing_slicing)]

use alloc::vec::Vec;

#[cfg(target_pointer_width = "64")]
type Limb = u64;
#[cfg(target_pointer_width = "64")]
type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
type Wide = u64;

const LIMB_BITS: u32 = Limb::BITS;
const LIMB_BYTES: usize = (Limb::BITS / 8) as usize;
/// Limbs of the largest modulus (8192 bits).
const MAX_LIMBS: usize = 8192 / Limb::BITS as usize;

/// Working space of the Montgomery products, reused across a whole exponentiation.
struct Scratch<'w> {
    cur: &'w mut [Limb],
    next: &'w mut [Limb],
    wide: &'w mut [Limb],
}

/// Limbs of the one heap block a key of `len` limbs works in: `buffers` buffers of
/// `len + 2` limbs, then the products' two buffers and their double-width one. One
/// allocation per operation, sized by the key: a fixed stack array for the largest key
/// (8192 bits) cost 8 KiB of stack on a microcontroller, where a 2048-bit key needs 2.
fn working_block(len: usize, buffers: usize) -> Vec<Limb> {
    alloc::vec![0; (buffers + 2) * (len + 2) + 2 * len + 2]
}

/// Cuts `block` into `N` buffers of `len + 2` limbs and the [`Scratch`] after them.
fn cut<const N: usize>(block: &mut [Limb], len: usize) -> ([&mut [Limb]; N], Scratch<'_>) {
    let mut rest = block;
    let buffers = core::array::from_fn(|_| {
        let (buffer, tail) = core::mem::take(&mut rest).split_at_mut(len + 2);
        rest = tail;
        buffer
    });
    let (cur, rest) = rest.split_at_mut(len + 2);
    let (next, wide) = rest.split_at_mut(len + 2);
    (buffers, Scratch { cur, next, wide })
}

/// A public key prepared for Montgomery arithmetic.
#[derive(Debug, Clone)]
pub(crate) struct MontgomeryKey {
    /// Little-endian limbs of n.
    n: Vec<Limb>,
    /// `-n^-1 mod 2^LIMB_BITS`.
    n0_inv: Limb,
    /// `R^2 mod n` with `R = 2^(LIMB_BITS * len)`.
    r2: Vec<Limb>,
    e: u64,
}

fn limbs_from_be(bytes: &[u8], len: usize, out: &mut [Limb]) {
    out[..len].fill(0);
    for (i, chunk) in bytes.rchunks(LIMB_BYTES).enumerate().take(len) {
        out[i] = chunk
            .iter()
            .fold(0, |acc: Limb, &b| (acc << 8) | Limb::from(b));
    }
}

/// a >= b, both `len` limbs.
fn greater_or_equal(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x > y;
        }
    }
    true
}

/// a -= b (mod 2^(LIMB_BITS*len)).
fn subtract(a: &mut [Limb], b: &[Limb]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(Limb::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
}

impl MontgomeryKey {
    /// From big-endian `n` (odd, at most 8192 bits) and `e` (at most 64 bits).
    pub(crate) fn new(n_be: &[u8], e_be: &[u8]) -> Option<Self> {
        let len = n_be.len().div_ceil(LIMB_BYTES);
        if len == 0 || len > MAX_LIMBS || e_be.len() > 8 || n_be.last()? & 1 == 0 {
            return None;
        }
        let mut n = alloc::vec![0; len];
        limbs_from_be(n_be, len, &mut n);
        // Newton's iteration doubles the correct low bits each round: 1 -> 2 -> ... -> 64.
        let mut inv: Limb = 1;
        for _ in 0..7 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(n[0].wrapping_mul(inv)));
        }
        let n0_inv = inv.wrapping_neg();
        // R^2 mod n, once per key: double 1 modulo n up to 2^(w*len + len), then each
        // Montgomery squaring maps 2^(w*len + k) to 2^(w*len + 2k); log2(w) of them reach
        // k = w*len, i.e. 2^(2*w*len) = R^2.
        let mut x: Vec<Limb> = alloc::vec![0; len];
        x[0] = 1;
        for _ in 0..(LIMB_BITS as usize + 1) * len {
            let mut carry = 0;
            for limb in x.iter_mut() {
                let next = *limb >> (LIMB_BITS - 1);
                *limb = (*limb << 1) | carry;
                carry = next;
            }
            if carry == 1 || greater_or_equal(&x, &n) {
                subtract(&mut x, &n);
            }
        }
        let mut key = Self {
            n,
            n0_inv,
            r2: alloc::vec![0; len],
            e: 0,
        };
        let mut block = working_block(len, 1);
        let ([squared], mut scratch) = cut::<1>(&mut block, len);
        for _ in 0..LIMB_BITS.trailing_zeros() {
            key.mul(&x, &x, squared, &mut scratch);
            x.copy_from_slice(&squared[..len]);
        }
        key.r2 = x;
        key.e = e_be.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        Some(key)
    }

    fn len(&self) -> usize {
        self.n.len()
    }

    /// out = a * b * R^-1 mod n, all `len` limbs, fully reduced. One pass per limb of
    /// `b` both adds `a * b_i` and reduces by `m * n` (two carry chains), so `t` is read
    /// and written once per step instead of twice.
    fn mul(&self, a: &[Limb], b: &[Limb], out: &mut [Limb], scratch: &mut Scratch) {
        let len = self.len();
        let (a, n) = (&a[..len], &self.n[..len]);
        // Two buffers, swapped each round: the result of a round is the input shifted down
        // one limb, and zipped iterators (no index arithmetic) let the compiler drop
        // bounds checks from the inner loop.
        let (buf_a, buf_b) = (&mut *scratch.cur, &mut *scratch.next);
        buf_a[..len].fill(0);
        let (mut cur, mut next) = (buf_a, buf_b);
        let mut top: Limb = 0;
        for &b_i in &b[..len] {
            let bi = Wide::from(b_i);
            let first = Wide::from(cur[0]) + Wide::from(a[0]) * bi;
            let m = Wide::from((first as Limb).wrapping_mul(self.n0_inv));
            let mut carry_a = first >> LIMB_BITS;
            // The low limb of first + m * n[0] is zero by the choice of m.
            let mut carry_n = (Wide::from(first as Limb) + m * Wide::from(n[0])) >> LIMB_BITS;
            let inputs = cur[1..len].iter().zip(&a[1..]).zip(&n[1..]);
            for (dst, ((&t_j, &a_j), &n_j)) in next[..len - 1].iter_mut().zip(inputs) {
                let s = Wide::from(t_j) + Wide::from(a_j) * bi + carry_a;
                carry_a = s >> LIMB_BITS;
                let r = Wide::from(s as Limb) + m * Wide::from(n_j) + carry_n;
                carry_n = r >> LIMB_BITS;
                *dst = r as Limb;
            }
            let last = Wide::from(top) + carry_a + carry_n;
            next[len - 1] = last as Limb;
            top = (last >> LIMB_BITS) as Limb;
            core::mem::swap(&mut cur, &mut next);
        }
        out[..len].copy_from_slice(&cur[..len]);
        if top != 0 || greater_or_equal(&out[..len], n) {
            subtract(&mut out[..len], n);
        }
    }

    /// out = a^2 * R^-1 mod n: the full square first (each cross product once, then
    /// doubled), then a separate Montgomery reduction: ~1.5 len^2 limb products instead
    /// of the 2 len^2 of `mul`. Squarings are 16 of the 19 products for e = 65537.
    fn square(&self, a: &[Limb], out: &mut [Limb], scratch: &mut Scratch) {
        let len = self.len();
        let a = &a[..len];
        // The double-width product lives in the two scratch buffers, seen as one.
        let p = &mut *scratch.wide;
        p[..2 * len + 1].fill(0);
        // Cross products a[i] * a[j], i < j.
        for (i, &a_i) in a.iter().enumerate() {
            let ai = Wide::from(a_i);
            let mut carry: Wide = 0;
            for (p_k, &a_j) in p[2 * i + 1..i + len].iter_mut().zip(&a[i + 1..]) {
                let s = Wide::from(*p_k) + ai * Wide::from(a_j) + carry;
                *p_k = s as Limb;
                carry = s >> LIMB_BITS;
            }
            p[i + len] = carry as Limb;
        }
        // Double them, then add the squares a[i]^2 at limb 2i.
        let mut shifted_out = 0;
        for limb in &mut p[..2 * len] {
            let next = *limb >> (LIMB_BITS - 1);
            *limb = (*limb << 1) | shifted_out;
            shifted_out = next;
        }
        let mut carry: Wide = 0;
        for i in 0..len {
            let sq = Wide::from(a[i]) * Wide::from(a[i]);
            let lo = Wide::from(p[2 * i]) + (sq & Wide::from(Limb::MAX)) + carry;
            p[2 * i] = lo as Limb;
            let hi = Wide::from(p[2 * i + 1]) + (sq >> LIMB_BITS) + (lo >> LIMB_BITS);
            p[2 * i + 1] = hi as Limb;
            carry = hi >> LIMB_BITS;
        }
        self.reduce(p, out);
    }

    /// out = p * R^-1 mod n for the 2*len-limb value in `p` (overwritten): Montgomery
    /// reduction, one limb at a time. Alone it takes a value out of Montgomery form for
    /// half the cost of multiplying by one.
    fn reduce(&self, p: &mut [Limb], out: &mut [Limb]) {
        let len = self.len();
        let n = &self.n[..len];
        let mut top: Wide = 0;
        for i in 0..len {
            let m = Wide::from(p[i].wrapping_mul(self.n0_inv));
            let mut carry: Wide = 0;
            for (p_k, &n_j) in p[i..i + len].iter_mut().zip(n) {
                let s = Wide::from(*p_k) + m * Wide::from(n_j) + carry;
                *p_k = s as Limb;
                carry = s >> LIMB_BITS;
            }
            let s = Wide::from(p[i + len]) + carry + top;
            p[i + len] = s as Limb;
            top = s >> LIMB_BITS;
        }
        out[..len].copy_from_slice(&p[len..2 * len]);
        if top != 0 || greater_or_equal(&out[..len], n) {
            subtract(&mut out[..len], n);
        }
    }

    /// `signature^e mod n` as big-endian bytes of the modulus length into `out`.
    /// `None` when the signature is not shorter than n in value, or lengths differ.
    pub(crate) fn public_op<'o>(
        &self,
        signature: &[u8],
        modulus_len: usize,
        out: &'o mut [u8],
    ) -> Option<&'o [u8]> {
        let len = self.len();
        if signature.len() != modulus_len || out.len() < modulus_len || self.e == 0 {
            return None;
        }
        let mut block = working_block(len, 4);
        let ([s, base, acc, scratch], mut work) = cut::<4>(&mut block, len);
        limbs_from_be(signature, len, s);
        if greater_or_equal(&s[..len], &self.n) {
            return None;
        }
        self.mul(&s[..len], &self.r2, base, &mut work);
        acc[..len].copy_from_slice(&base[..len]);
        let top = 63 - self.e.leading_zeros();
        for bit in (0..top).rev() {
            self.square(&acc[..len], scratch, &mut work);
            if (self.e >> bit) & 1 == 1 {
                self.mul(&scratch[..len], &base[..len], acc, &mut work);
            } else {
                acc[..len].copy_from_slice(&scratch[..len]);
            }
        }
        let out = &mut out[..modulus_len];
        self.leave_montgomery_be(&acc[..len], work.wide, scratch, out);
        Some(out)
    }

    /// `a * R^-1` (out of Montgomery form, by reduction alone) as big-endian bytes into
    /// `out`, dropping the high bytes of the top limb beyond `out`'s length. `wide` is at
    /// least `2 * len + 1` limbs, `value` at least `len`.
    fn leave_montgomery_be(
        &self,
        a: &[Limb],
        wide: &mut [Limb],
        value: &mut [Limb],
        out: &mut [u8],
    ) {
        let len = self.len();
        wide[..len].copy_from_slice(&a[..len]);
        wide[len..2 * len + 1].fill(0);
        self.reduce(wide, value);
        for (i, byte) in out.iter_mut().rev().enumerate() {
            *byte = (value[i / LIMB_BYTES] >> (8 * (i % LIMB_BYTES))) as u8;
        }
    }
}

/// a += b (mod 2^(LIMB_BITS*len)); the carry out.
#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa"
))]
fn add_into(a: &mut [Limb], b: &[Limb]) -> bool {
    let mut carry = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (s1, c1) = x.overflowing_add(y);
        let (s2, c2) = s1.overflowing_add(Limb::from(carry));
        *x = s2;
        carry = c1 || c2;
    }
    carry
}

/// Arithmetic modulo an odd prime, in Montgomery form, on the same kernel as RSA: the NIST
/// curves' fields and Ed25519's, for the point checks of key import (`ec_point.rs`,
/// `ed25519_key.rs`). Not constant time: it only ever sees public keys.
#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa"
))]
pub(crate) struct Field {
    key: MontgomeryKey,
    /// Bytes of p, and of every element read or written.
    bytes: usize,
    /// The products' working space, reused.
    block: Vec<Limb>,
}

/// An element of a [`Field`], in Montgomery form and fully reduced: equal values have
/// equal limbs.
#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa"
))]
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Element(Vec<Limb>);

#[cfg(any(
    feature = "es256",
    feature = "es384",
    feature = "es512",
    feature = "eddsa"
))]
impl Field {
    /// The field of the odd prime `p` (big-endian).
    pub(crate) fn new(p: &[u8]) -> Option<Self> {
        let key = MontgomeryKey::new(p, &[1])?;
        let block = working_block(key.len(), 0);
        Some(Self {
            key,
            bytes: p.len(),
            block,
        })
    }

    /// Big-endian bytes, exactly as many as p has, as an element; `None` unless the
    /// value is below p (a coordinate of p or more is not canonical).
    pub(crate) fn element(&mut self, be: &[u8]) -> Option<Element> {
        let len = self.key.len();
        if be.len() != self.bytes {
            return None;
        }
        let mut value = alloc::vec![0; len];
        limbs_from_be(be, len, &mut value);
        if greater_or_equal(&value, &self.key.n) {
            return None;
        }
        let r2 = Element(self.key.r2.clone());
        Some(self.mul(&Element(value), &r2))
    }

    pub(crate) fn mul(&mut self, a: &Element, b: &Element) -> Element {
        let len = self.key.len();
        let ([], mut scratch) = cut::<0>(&mut self.block, len);
        let mut product = alloc::vec![0; len];
        self.key.mul(&a.0, &b.0, &mut product, &mut scratch);
        Element(product)
    }

    pub(crate) fn add(&self, a: &Element, b: &Element) -> Element {
        let mut sum = a.0.clone();
        if add_into(&mut sum, &b.0) || greater_or_equal(&sum, &self.key.n) {
            subtract(&mut sum, &self.key.n);
        }
        Element(sum)
    }

    pub(crate) fn sub(&self, a: &Element, b: &Element) -> Element {
        let mut difference = a.0.clone();
        let borrows = !greater_or_equal(&a.0, &b.0);
        subtract(&mut difference, &b.0);
        if borrows {
            // a - b + p, which is below p: the wrapped difference plus p, carry dropped.
            add_into(&mut difference, &self.key.n);
        }
        Element(difference)
    }

    /// `a^exponent` for a big-endian exponent: left to right, four bits at a time (a table
    /// of `a^0..a^15`, then four squarings and at most one product per nibble), which for
    /// the mostly-ones exponents of square roots and Euler's criterion takes about a third
    /// fewer products than bit by bit.
    pub(crate) fn pow(&mut self, a: &Element, exponent: &[u8]) -> Element {
        let one = self.one();
        let mut table = alloc::vec::Vec::with_capacity(16);
        table.push(one.clone());
        table.push(a.clone());
        for i in 2..16 {
            let previous = table.get(i - 1).unwrap_or(&one).clone();
            table.push(self.mul(&previous, a));
        }
        let mut power: Option<Element> = None;
        for byte in exponent {
            for nibble in [byte >> 4, byte & 0x0f] {
                if let Some(mut x) = power.take() {
                    for _ in 0..4 {
                        x = self.mul(&x, &x);
                    }
                    power = Some(x);
                }
                if nibble != 0 {
                    let factor = table.get(usize::from(nibble)).unwrap_or(&one);
                    power = Some(match power.take() {
                        Some(x) => self.mul(&x, factor),
                        None => factor.clone(),
                    });
                }
            }
        }
        // A zero exponent: one (p^0 = 1 for every p here).
        power.unwrap_or(one)
    }

    /// One, which is R in Montgomery form.
    fn one(&mut self) -> Element {
        let mut one = alloc::vec![0; self.key.len()];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        let r2 = Element(self.key.r2.clone());
        self.mul(&Element(one), &r2)
    }

    /// The element's value as big-endian bytes, as many as p has.
    #[cfg(any(feature = "es256", feature = "es384", feature = "es512"))]
    pub(crate) fn to_be_bytes(&self, a: &Element) -> Vec<u8> {
        let len = self.key.len();
        let (mut wide, mut value) = (alloc::vec![0; 2 * len + 1], alloc::vec![0; len]);
        let mut out = alloc::vec![0; self.bytes];
        self.key
            .leave_montgomery_be(&a.0, &mut wide, &mut value, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::traits::PublicKeyParts;
    use rsa::{BoxedUint, RsaPublicKey};

    fn reference(n: &[u8], e: &[u8], s: &[u8]) -> Vec<u8> {
        let key = RsaPublicKey::new_with_size_limits(
            BoxedUint::from_be_slice_vartime(n),
            BoxedUint::from_be_slice_vartime(e),
            16..=8192,
        )
        .unwrap();
        let m = rsa::hazmat::rsa_encrypt(
            &key,
            &BoxedUint::from_be_slice(s, key.n_bits_precision()).unwrap(),
        )
        .unwrap();
        let bytes = m.to_be_bytes_trimmed_vartime();
        let mut out = alloc::vec![0u8; n.len() - bytes.len()];
        out.extend_from_slice(&bytes);
        out
    }

    const N2048: &str = "a2b451a07d0aa5f96e455671513550514a8a5b462ebef717094fa1fee82224e637f9746d3f7cafd31878d80325b6ef5a1700f65903b469429e89d6eac8845097b5ab393189db92512ed8a7711a1253facd20f79c15e8247f3d3e42e46e48c98e254a2fe9765313a03eff8f17e1a029397a1fa26a8dce26f490ed81299615d9814c22da610428e09c7d9658594266f5c021d0fceca08d945a12be82de4d1ece6b4c03145b5d3495d4ed5411eb878daf05fd7afc3e09ada0f1126422f590975a1969816f48698bcbba1b4d9cae79d460d8f9f85e7975005d9bc22c4e5ac0f7c1a45d12569a62807d3b9a02e5a530e773066f453d1f5b4c2e9cf7820283f742b9d5";

    fn hex(text: &str) -> Vec<u8> {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn matches_the_rsa_crate_for_e_65537_and_e_3() {
        let n = hex(N2048);
        for e in [
            alloc::vec![1u8, 0, 1],
            alloc::vec![3u8],
            alloc::vec![0x01, 0x00, 0x00, 0x00, 0x01],
        ] {
            let key = MontgomeryKey::new(&n, &e).unwrap();
            for seed in 0..20u8 {
                let mut s: Vec<u8> = (0..n.len())
                    .map(|i| {
                        (i as u8)
                            .wrapping_mul(31)
                            .wrapping_add(seed.wrapping_mul(17))
                    })
                    .collect();
                s[0] = seed % 0xa0; // below n's top byte 0xa2
                let mut out = [0u8; 1024];
                let ours = key.public_op(&s, n.len(), &mut out).unwrap().to_vec();
                assert_eq!(ours, reference(&n, &e, &s), "e={e:?} seed={seed}");
            }
        }
    }

    #[test]
    fn squaring_equals_multiplying_by_itself() {
        let n = hex(N2048);
        let key = MontgomeryKey::new(&n, &[1, 0, 1]).unwrap();
        let len = key.len();
        let mut block = working_block(len, 3);
        let ([a, squared, multiplied], mut work) = cut::<3>(&mut block, len);
        for seed in 0..50u64 {
            for (i, limb) in a[..len].iter_mut().enumerate() {
                *limb = (seed.wrapping_mul(0x9e37_79b9_7f4a_7c15)
                    ^ (i as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9))
                    as Limb;
            }
            a[len - 1] = if seed % 2 == 0 { 0 } else { key.n[len - 1] - 1 };
            key.square(&a[..len], squared, &mut work);
            key.mul(&a[..len], &a[..len], multiplied, &mut work);
            assert_eq!(&squared[..len], &multiplied[..len], "seed {seed}");
        }
    }

    #[test]
    fn signatures_not_below_n_are_refused() {
        let n = hex(N2048);
        let key = MontgomeryKey::new(&n, &[1, 0, 1]).unwrap();
        let mut out = [0u8; 1024];
        assert!(key.public_op(&n, n.len(), &mut out).is_none());
        assert!(key.public_op(&[0xff; 256], n.len(), &mut out).is_none());
        assert!(key.public_op(&n[1..], n.len(), &mut out).is_none());
        assert!(key.public_op(&[0; 256], n.len(), &mut out).is_some());
    }

    #[test]
    fn even_or_oversized_moduli_are_refused() {
        assert!(MontgomeryKey::new(&[0x10, 0x02], &[3]).is_none());
        assert!(MontgomeryKey::new(&[0xff; 1025], &[3]).is_none());
        assert!(MontgomeryKey::new(&[], &[3]).is_none());
    }
}
