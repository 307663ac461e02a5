//! A bounded set of verification keys, usually parsed from an issuer's JWKS document.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json;
use crate::key::{JwkFields, KEY_DOCUMENT_DEPTH};
use crate::{Error, KeyError, PublicKey};

/// One entry of a key set: a usable key, or a key we keep only to say why it is refused.
#[derive(Debug, Clone)]
enum Entry {
    Usable(PublicKey),
    /// Kept by `kid` so a token naming it gets `key_rejected`, not `unknown_kid`.
    Unusable {
        kid: Option<String>,
        reason: KeyError,
    },
}

/// What a key set holds under a `kid` for one token's algorithm.
pub(crate) enum Lookup<'k, R> {
    Found(&'k PublicKey),
    /// Usable keys have this `kid`, but none fits: why the first of them does not.
    Unfit(R),
    /// Only unusable keys have this `kid`; why the first of them is.
    Unusable(KeyError),
    Missing,
}

/// A bounded set of public keys, looked up by `kid`.
///
/// Keys of kinds the core does not verify with (`oct`, OKP Ed448, unknown `kty` or
/// `crv`), malformed entries and keys that fail key policy are skipped, not fatal: a whole
/// set must keep working when an issuer adds a key type we do not know. Tokens naming such
/// a key get [`Error::KeyRejected`].
///
/// ```
/// use edgejwt_core::KeySet;
/// let jwks = r#"{"keys":[
///   {"kty":"OKP","crv":"Ed448","kid":"ed448","x":"X9dEm1m0Yf0s54fsYWrUah2hNCSFpw4fig6nXYDpZ3jt8SR2m0bHBhvWeD3x5Q9s0foavq_oJWGA"},
///   {"kty":"RSA","kid":"rsa1","use":"sig","alg":"RS256","e":"AQAB",
///    "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}]}"#;
/// let keys = KeySet::from_jwks(jwks)?;
/// assert_eq!(keys.len(), 1);      // the RSA key
/// assert_eq!(keys.skipped(), 1);  // the Ed448 key
/// # Ok::<(), edgejwt_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct KeySet {
    entries: Vec<Entry>,
    /// Changes whenever the contents change; clones share it (same contents).
    identity: usize,
}

impl Default for KeySet {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            identity: crate::identity::next_identity(),
        }
    }
}

impl KeySet {
    /// Most keys (usable or skipped) one set holds; larger documents are `jwks_invalid`.
    pub const MAX_KEYS: usize = 64;

    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a JWKS document (`{"keys":[...]}`, RFC 7517 section 5).
    ///
    /// Fails with [`Error::JwksInvalid`] when the document is not strict JSON (RFC 8259
    /// grammar, nesting at most 16 deep, no repeated member name), is not an object with
    /// a `keys` array, or holds more than [`KeySet::MAX_KEYS`] entries. Members are found
    /// by their decoded names (`"k\u0065ys"` is `keys`).
    ///
    /// One entry that is not a usable key does not fail the set: an entry that is not an
    /// object, has a member of the wrong type (a numeric `n`, a `key_ops` that is not an
    /// array of strings), is of a kind we do not verify with, or fails key policy is
    /// skipped and remembered by its `kid` (when it has a string one), so a token naming
    /// it gets [`Error::KeyRejected`] rather than a fetch for an unknown kid.
    ///
    /// ```
    /// use edgejwt_core::{Error, KeySet};
    /// let keys = KeySet::from_jwks(r#"{"keys":[null, {"kid":"odd","kty":"RSA","n":5,"e":"AQAB"}]}"#)?;
    /// assert_eq!((keys.len(), keys.skipped()), (0, 2));
    /// assert_eq!(KeySet::from_jwks(r#"{"kys":[]}"#).unwrap_err(), Error::JwksInvalid);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn from_jwks(json_text: &str) -> Result<Self, Error> {
        json::validate(json_text, KEY_DOCUMENT_DEPTH).map_err(|_| Error::JwksInvalid)?;
        let keys = json::document_value(json_text)
            .and_then(json::object_value_members)
            .and_then(|members| members.get("keys"))
            .filter(|keys| keys.kind == json::Kind::Array)
            .ok_or(Error::JwksInvalid)?;
        let mut entries = Vec::new();
        for jwk in keys.elements() {
            if entries.len() >= Self::MAX_KEYS {
                return Err(Error::JwksInvalid);
            }
            let entry = match JwkFields::read(jwk) {
                None => Entry::Unusable {
                    kid: None,
                    reason: KeyError::InvalidEncoding,
                },
                Some(fields) => match fields.to_key() {
                    Ok(key) => Entry::Usable(key),
                    Err(reason) => Entry::Unusable {
                        kid: fields.kid(),
                        reason,
                    },
                },
            };
            entries.push(entry);
        }
        Ok(Self {
            entries,
            identity: crate::identity::next_identity(),
        })
    }

    /// [`from_jwks`](Self::from_jwks) for a body as fetched: bytes. Invalid UTF-8 is
    /// [`Error::JwksInvalid`]; one leading UTF-8 byte order mark is skipped (RFC 8259
    /// 8.1 lets parsers ignore it, and every JavaScript host's `fetch` drops it), so a
    /// body gets the same verdict from every adapter.
    ///
    /// ```
    /// use edgejwt_core::{Error, KeySet};
    /// assert!(KeySet::from_jwks_bytes(b"\xEF\xBB\xBF{\"keys\":[]}").is_ok());
    /// assert_eq!(KeySet::from_jwks_bytes(b"{\"keys\":[\"\xFF\"]}").unwrap_err(), Error::JwksInvalid);
    /// ```
    pub fn from_jwks_bytes(body: &[u8]) -> Result<Self, Error> {
        let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
        let text = core::str::from_utf8(body).map_err(|_| Error::JwksInvalid)?;
        Self::from_jwks(text)
    }

    /// Adds a key. Fails with [`Error::JwksInvalid`] once [`KeySet::MAX_KEYS`] are held.
    pub fn insert(&mut self, key: PublicKey) -> Result<(), Error> {
        if self.entries.len() >= Self::MAX_KEYS {
            return Err(Error::JwksInvalid);
        }
        self.entries.push(Entry::Usable(key));
        self.identity = crate::identity::next_identity();
        Ok(())
    }

    /// Adds a key, first dropping the oldest entries so that at most `max` are held (a
    /// cache of keys fetched one by one).
    pub(crate) fn insert_evicting_oldest(&mut self, key: PublicKey, max: usize) {
        let max = max.clamp(1, Self::MAX_KEYS);
        let excess = (self.entries.len() + 1).saturating_sub(max);
        self.entries.drain(..excess.min(self.entries.len()));
        self.entries.push(Entry::Usable(key));
        self.identity = crate::identity::next_identity();
    }

    /// An identity that changes whenever the contents change (equal for clones): what
    /// caches of verified tokens compare to drop results made with other keys.
    pub fn identity(&self) -> usize {
        self.identity
    }

    /// The usable keys.
    pub fn keys(&self) -> impl Iterator<Item = &PublicKey> {
        self.entries.iter().filter_map(|entry| match entry {
            Entry::Usable(key) => Some(key),
            Entry::Unusable { .. } => None,
        })
    }

    /// How many usable keys the set holds.
    pub fn len(&self) -> usize {
        self.keys().count()
    }

    /// Whether the set holds no usable key.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many keys of the document were skipped (unsupported kind or failed key policy).
    pub fn skipped(&self) -> usize {
        self.entries.len() - self.len()
    }

    /// The keys that were skipped, with their `kid` and the reason (for diagnostics).
    pub fn skipped_keys(&self) -> impl Iterator<Item = (Option<&str>, KeyError)> {
        self.entries.iter().filter_map(|entry| match entry {
            Entry::Unusable { kid, reason } => Some((kid.as_deref(), *reason)),
            Entry::Usable(_) => None,
        })
    }

    /// Whether a usable key has this `kid`.
    pub fn contains_kid(&self, kid: &str) -> bool {
        self.keys().any(|key| key.kid() == Some(kid))
    }

    /// The first usable key whose `kid` is `named` that `fit` accepts (it answers why a key does
    /// not fit the token, or `None`); otherwise why the first usable key of that name does
    /// not fit, or why a key of that name is unusable.
    ///
    /// RFC 7517 (4.5) lets keys of different types share a `kid` ("equivalent
    /// alternatives"): an ES256 token then finds the EC key even when an RSA key of the
    /// same name comes first. Only one key is ever returned, so a token costs at most
    /// one signature check however many keys share its `kid`.
    pub(crate) fn lookup<R>(
        &self,
        named: impl Fn(&str) -> bool,
        mut fit: impl FnMut(&PublicKey) -> Option<R>,
    ) -> Lookup<'_, R> {
        let mut unfit = None;
        let mut unusable = None;
        for entry in &self.entries {
            match entry {
                Entry::Usable(key) if key.kid().is_some_and(&named) => match fit(key) {
                    None => return Lookup::Found(key),
                    Some(why) => unfit = unfit.or(Some(why)),
                },
                Entry::Unusable {
                    kid: Some(name),
                    reason,
                } if named(name) => unusable = unusable.or(Some(*reason)),
                _ => {}
            }
        }
        match (unfit, unusable) {
            (Some(why), _) => Lookup::Unfit(why),
            (None, Some(reason)) => Lookup::Unusable(reason),
            (None, None) => Lookup::Missing,
        }
    }
}
