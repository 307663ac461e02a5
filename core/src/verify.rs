//! The core path of ARCHITECTURE.md, in order: size, shape, header, key, signature, payload,
//! claims. Every adapter's verdict comes from here.

use alloc::borrow::Cow;
use alloc::string::String;

use serde::Deserialize;

use crate::claims::{Claims, NumericDate};
use crate::json::JsonStr;
use crate::key::KeyAlgorithm;
use crate::key_set::Lookup;
use crate::policy::AudienceRules;
use crate::rsa_key::MAX_SIGNATURE_LEN;
use crate::token::{self, Header, Segments};
use crate::{
    base64url, Error, KeySet, Policy, PublicKey, Reason, SignatureBackend, TokenUse, UnixTime,
};

/// A token whose signature and claims passed a [`Policy`].
#[derive(Debug, Clone)]
pub struct VerifiedToken {
    header: Header,
    payload: String,
    exp: NumericDate,
    nbf: Option<NumericDate>,
}

impl VerifiedToken {
    /// The protected header (algorithm, key id, raw JSON).
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The claims, for typed access to the standard and Cognito claims.
    pub fn claims(&self) -> Claims<'_> {
        Claims::new(&self.payload)
    }

    /// When the token expires (`exp`).
    pub fn expires_at(&self) -> NumericDate {
        self.exp
    }

    /// The payload JSON exactly as the issuer wrote it.
    pub fn payload_json(&self) -> &str {
        &self.payload
    }

    /// Deserializes the payload into your own type, for custom claims.
    ///
    /// Strings are decoded: an owned `String` field receives `https://x` for
    /// `"https:\/\/x"`. A borrowed `&str` field borrows from the payload, so it works
    /// only for strings written without escapes; one that would need decoding is an
    /// error ([`Error::InvalidClaim`]), never the escaped text. Use `String` or
    /// `Cow<str>` (with `#[serde(borrow)]`) for text that may hold escapes.
    ///
    /// ```
    /// # use edgejwt_core::{KeySet, Policy};
    /// #[derive(serde::Deserialize)]
    /// struct Mine {
    ///     iss: String,
    ///     #[serde(default)]
    ///     tenant: Option<String>,
    /// }
    /// // (a token verified by `policy.verify(..)`)
    /// # fn show(verified: &edgejwt_core::VerifiedToken) -> Result<(), edgejwt_core::Error> {
    /// let mine: Mine = verified.deserialize_claims()?;
    /// println!("{} {:?}", mine.iss, mine.tenant);
    /// # Ok(()) }
    /// ```
    pub fn deserialize_claims<'a, T: Deserialize<'a>>(&'a self) -> Result<T, Error> {
        let payload = crate::json::document_value(&self.payload).ok_or(Error::InvalidClaim)?;
        T::deserialize(crate::json::de::ValueDeserializer::new(payload))
            .map_err(|_| Error::InvalidClaim)
    }
}

/// A token through steps 1 to 4 (size, shape, header, key), waiting for its signature
/// check: for hosts that do that step themselves, such as an asynchronous WebCrypto.
/// Made by [`Policy::prepare_signature_check`], finished by
/// [`Policy::complete_signature_check`].
///
/// It borrows the token and the key set; [`into_owned`](Self::into_owned) makes a copy
/// that outlives them, for a check that awaits.
#[derive(Debug, Clone)]
pub struct SignatureCheck<'a> {
    header: Header,
    /// The chosen key (owned: a clone sharing its parsed material and its `id()`).
    key: Cow<'a, PublicKey>,
    message: Cow<'a, str>,
    signature: SignatureBytes,
    payload_segment: Cow<'a, str>,
}

/// A decoded signature, inline: no allocation per token.
#[derive(Clone)]
struct SignatureBytes {
    bytes: [u8; MAX_SIGNATURE_LEN],
    len: usize,
}

impl SignatureBytes {
    fn as_slice(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or(&[])
    }
}

impl core::fmt::Debug for SignatureBytes {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "SignatureBytes({} bytes)", self.len)
    }
}

impl SignatureCheck<'_> {
    /// The header (algorithm and key id).
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The key the token names, already through key policy for the header's algorithm:
    /// verify with it ([`PublicKey::verify_signature`], the core's own arithmetic), or
    /// look up a host's imported copy by [`PublicKey::id`].
    pub fn key(&self) -> &PublicKey {
        &self.key
    }
    /// The signed bytes: `header.payload` as in the token.
    pub fn message(&self) -> &[u8] {
        self.message.as_bytes()
    }
    /// The signature bytes (exactly the length the key makes).
    pub fn signature(&self) -> &[u8] {
        self.signature.as_slice()
    }
    /// Asks `backend` for the verdict on this signature.
    pub fn verify_with(&self, backend: &(impl SignatureBackend + ?Sized)) -> bool {
        backend.verify(
            self.header.alg(),
            &self.key,
            self.message(),
            self.signature(),
        )
    }
    /// A copy that borrows nothing, for a check that awaits.
    pub fn into_owned(self) -> SignatureCheck<'static> {
        SignatureCheck {
            header: self.header,
            key: Cow::Owned(self.key.into_owned()),
            message: Cow::Owned(self.message.into_owned()),
            signature: self.signature,
            payload_segment: Cow::Owned(self.payload_segment.into_owned()),
        }
    }
}

/// A compact JWS whose signature verified; the payload is not interpreted.
#[derive(Debug, Clone)]
pub struct VerifiedJws {
    /// The protected header.
    pub header: Header,
    /// The decoded payload bytes, unchecked.
    pub payload: alloc::vec::Vec<u8>,
}

/// A decoded token whose signature was NOT checked; see [`decode_unverified`].
#[derive(Debug, Clone)]
pub struct UnverifiedToken {
    /// Header JSON as written (untrusted).
    pub header_json: String,
    /// Payload JSON as written (untrusted).
    pub payload_json: String,
}

impl UnverifiedToken {
    /// The claims, UNVERIFIED: anyone could have written them.
    pub fn claims_unverified(&self) -> Claims<'_> {
        Claims::new(&self.payload_json)
    }
}

/// Decodes a token WITHOUT verifying anything, for inspection tools and debugging only.
/// Never use the result to make an access decision.
///
/// Applies the same size, shape and JSON rules as verification (accepting the canonical
/// `=` padding of ALB tokens), so what it shows is what [`Policy::verify`] would read.
///
/// ```
/// let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSJ9.c2ln";
/// let decoded = edgejwt_core::decode_unverified(token)?;
/// assert_eq!(decoded.claims_unverified().sub().as_deref(), Some("alice"));
/// # Ok::<(), edgejwt_core::Error>(())
/// ```
pub fn decode_unverified(token: &str) -> Result<UnverifiedToken, Error> {
    // ALB's padded form is shown too: nothing here is trusted either way.
    let segments = token::split(token, Policy::DEFAULT_MAX_TOKEN_LEN)
        .or_else(|_| token::split_padded(token, Policy::DEFAULT_MAX_TOKEN_LEN))?;
    let depth = Policy::DEFAULT_MAX_JSON_DEPTH;
    Ok(UnverifiedToken {
        header_json: token::decode_json_object(segments.header, depth)?,
        payload_json: token::decode_json_object(segments.payload, depth)?,
    })
}

impl Policy {
    /// Verifies `token` against `keys` at time `now` (a [`UnixTime`]: milliseconds from
    /// a clock, or a bare `u64` of whole seconds), in the order of ARCHITECTURE.md, and returns
    /// the verified header and claims.
    ///
    /// ```
    /// use edgejwt_core::{Error, KeySet, Policy, TokenUse};
    /// let policy = Policy::cognito("us-east-1_AbC123", TokenUse::Access)
    ///     .client_id("client")
    ///     .build()?;
    /// let keys = KeySet::new();
    /// assert_eq!(policy.verify("not a token", &keys, 1_700_000_000).unwrap_err(), Error::Malformed);
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn verify(
        &self,
        token: &str,
        keys: &KeySet,
        now: impl Into<UnixTime>,
    ) -> Result<VerifiedToken, Error> {
        let check = self.prepare_signature_check(token, keys)?;
        let valid = self.signature_verdict(&check);
        self.complete_signature_check(check, valid, now)
    }

    /// [`verify`](Policy::verify) with the signature step done by `backend` instead of
    /// the policy's own: for hosts whose crypto is synchronous but not `Send + Sync` (a
    /// JavaScript engine's, a single-threaded peripheral), passed as a closure. `backend`
    /// is called at most once, after steps 1 to 4 passed, with the header's algorithm,
    /// the chosen key (already through key policy), the signing input and the signature
    /// (exactly the length the key makes). Nothing is copied for it.
    ///
    /// ```
    /// use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// // The core's own arithmetic, through a closure: the same verdicts as verify().
    /// let core = |alg: Algorithm, key: &PublicKey, message: &[u8], signature: &[u8]| {
    ///     key.verify_signature(alg, message, signature).is_ok()
    /// };
    /// let verdict = policy.verify_with("x.y.z", &KeySet::new(), 0, &core);
    /// assert_eq!(verdict.unwrap_err().code(), "malformed");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn verify_with(
        &self,
        token: &str,
        keys: &KeySet,
        now: impl Into<UnixTime>,
        backend: &(impl SignatureBackend + ?Sized),
    ) -> Result<VerifiedToken, Error> {
        let check = self.prepare_signature_check(token, keys)?;
        let valid = check.verify_with(backend);
        self.complete_signature_check(check, valid, now)
    }

    /// The signature step of [`verify`](Policy::verify): the policy's backend, else the
    /// core's own arithmetic on the key as parsed.
    fn signature_verdict(&self, check: &SignatureCheck<'_>) -> bool {
        match &self.backend {
            Some(backend) => check.verify_with(backend.as_ref()),
            None => check
                .key()
                .verify_signature(check.header().alg(), check.message(), check.signature())
                .is_ok(),
        }
    }

    /// Checks `exp` and `nbf` of an already verified token again at `now` (with this
    /// policy's leeway): what a cache of verified tokens must do on every hit.
    pub fn recheck_time(
        &self,
        verified: &VerifiedToken,
        now: impl Into<UnixTime>,
    ) -> Result<(), Error> {
        self.check_time(verified.exp, verified.nbf, now.into())
    }

    /// What a cache of verified tokens must check on every hit: `exp` and `nbf` at `now`
    /// ([`recheck_time`](Self::recheck_time)), then your
    /// [`custom_check`](crate::PolicyBuilder::custom_check) again, so a token it refuses
    /// from now on (revoked, say) is refused on a hit too.
    pub fn recheck(&self, verified: &VerifiedToken, now: impl Into<UnixTime>) -> Result<(), Error> {
        self.recheck_time(verified, now)?;
        match &self.custom {
            Some(check) if !check(&verified.claims()) => Err(Error::CustomRejected),
            _ => Ok(()),
        }
    }

    fn check_time(
        &self,
        exp: NumericDate,
        nbf: Option<NumericDate>,
        now: UnixTime,
    ) -> Result<(), Error> {
        if !exp.is_after(now, self.leeway) {
            return Err(Error::Expired);
        }
        match nbf {
            Some(nbf) if !nbf.has_passed(now, self.leeway) => Err(Error::NotYetValid),
            _ => Ok(()),
        }
    }

    /// Steps 1 to 5 only: the signature of a compact JWS whose payload need not be a JWT.
    /// Claims are NOT checked: for tokens, use [`Policy::verify`].
    pub fn verify_jws_signature(&self, token: &str, keys: &KeySet) -> Result<VerifiedJws, Error> {
        let check = self.prepare_signature_check(token, keys)?;
        if !self.signature_verdict(&check) {
            return Err(Error::BadSignature);
        }
        let payload = base64url::decode_vec(&check.payload_segment).ok_or(Error::Malformed)?;
        Ok(VerifiedJws {
            header: check.header,
            payload,
        })
    }

    /// The header and payload of `token` when its signature verifies with `keys` (steps
    /// 1 to 5), whatever its claims say: what a rejection may carry for a caller who
    /// opted in (aws-jwt-verify's `includeRawJwtInErrors`), on the error path. `None`
    /// when the signature does not verify (or the payload is not a JSON object): a
    /// forged token's contents are never handed out as if the issuer wrote them.
    ///
    /// ```
    /// use edgejwt_core::{KeySet, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert!(policy.decode_if_signature_valid("x.y.z", &KeySet::new()).is_none());
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn decode_if_signature_valid(&self, token: &str, keys: &KeySet) -> Option<UnverifiedToken> {
        let check = self.contents_check(token, keys)?;
        let valid = self.signature_verdict(&check);
        self.contents_if_valid(check, valid)
    }

    /// [`decode_if_signature_valid`](Self::decode_if_signature_valid) with the signature
    /// step done by `backend` (a host's synchronous crypto): the same contents, or `None`.
    ///
    /// ```
    /// use edgejwt_core::{Algorithm, KeySet, Policy, PublicKey};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// let refuse = |_: Algorithm, _: &PublicKey, _: &[u8], _: &[u8]| false;
    /// assert!(policy.decode_if_signature_valid_with("x.y.z", &KeySet::new(), &refuse).is_none());
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn decode_if_signature_valid_with(
        &self,
        token: &str,
        keys: &KeySet,
        backend: &(impl SignatureBackend + ?Sized),
    ) -> Option<UnverifiedToken> {
        let check = self.contents_check(token, keys)?;
        let valid = check.verify_with(backend);
        self.contents_if_valid(check, valid)
    }

    /// The signature check behind [`decode_if_signature_valid`](Self::decode_if_signature_valid),
    /// for a host whose crypto awaits (WebCrypto): verify it, then hand the verdict to
    /// [`contents_if_valid`](Self::contents_if_valid). `None` when no check can be made
    /// (malformed, algorithm not allowed, no key).
    ///
    /// ```
    /// use edgejwt_core::{KeySet, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert!(policy.contents_check("x.y.z", &KeySet::new()).is_none());
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn contents_check<'a>(
        &self,
        token: &'a str,
        keys: &'a KeySet,
    ) -> Option<SignatureCheck<'a>> {
        // The profile's header rules (ALB's signer, client...) are rejections of their
        // own, after which the contents may still be asked for: only the signature
        // (the allow-list, the key by kid, key policy) decides here.
        self.prepare_check(token, keys, false).ok()
    }

    /// The header and payload of a [`contents_check`](Self::contents_check) whose
    /// signature the caller found valid; `None` when it was not (or the payload is not a
    /// JSON object).
    pub fn contents_if_valid(
        &self,
        check: SignatureCheck<'_>,
        signature_valid: bool,
    ) -> Option<UnverifiedToken> {
        if !signature_valid {
            return None;
        }
        let payload = base64url::decode_vec(&check.payload_segment)?;
        let payload_json = String::from_utf8(payload).ok()?;
        crate::json::validate_object(&payload_json, self.max_json_depth, |_, _| {}).ok()?;
        Some(UnverifiedToken {
            header_json: String::from(check.header.json()),
            payload_json,
        })
    }

    /// Steps 1 and 2 and the header's decoding (size, shape, JSON object).
    pub(crate) fn decode_header<'t>(
        &self,
        token: &'t str,
    ) -> Result<(Segments<'t>, String), Error> {
        let segments = self.split(token)?;
        let header_json = token::decode_json_object(segments.header, self.max_json_depth)?;
        Ok((segments, header_json))
    }

    /// Steps 1 and 2: canonical unpadded base64url, or padded in the ALB profile.
    pub(crate) fn split<'t>(&self, token: &'t str) -> Result<Segments<'t>, Error> {
        if self.accepts_padding() {
            token::split_padded(token, self.max_token_len)
        } else {
            token::split(token, self.max_token_len)
        }
    }

    /// Step 3 on a decoded header: the algorithm and `kid`, then the rules of the
    /// policy's profile that read the header (ALB: `signer`, `client`, a UUID `kid`).
    pub(crate) fn read_header<'h>(
        &self,
        header_json: &'h str,
    ) -> Result<token::HeaderFields<'h>, Error> {
        let fields = token::read_header(header_json, self.algorithms)?;
        if let AudienceRules::Alb(rules) = &self.rules {
            crate::alb::check_header(header_json, rules, &self.issuer)?;
        }
        Ok(fields)
    }

    /// Steps 1 to 3 alone (size, shape, header): what a token must pass before any key is
    /// looked up, so that one that cannot be verified never causes a JWKS fetch. The
    /// cache's steps run it before asking for I/O; [`verify`](Policy::verify) runs the
    /// same steps first.
    ///
    /// ```
    /// use edgejwt_core::{Error, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert_eq!(policy.check_header("garbage"), Err(Error::Malformed));
    /// // alg "none" is on no allow-list.
    /// assert_eq!(policy.check_header("eyJhbGciOiJub25lIiwia2lkIjoiayJ9.e30.c2ln"), Err(Error::UnsupportedAlgorithm));
    /// assert_eq!(policy.check_header("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.e30.c2ln"), Ok(()));
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn check_header(&self, token: &str) -> Result<(), Error> {
        let (_, header_json) = self.decode_header(token)?;
        self.read_header(&header_json).map(|_| ())
    }

    /// Steps 1 to 4 (size, shape, header, key) and the signature's decoding: everything
    /// before the signature arithmetic, for hosts that do that step themselves (an
    /// asynchronous WebCrypto). Finish with
    /// [`complete_signature_check`](Policy::complete_signature_check).
    ///
    /// ```
    /// use edgejwt_core::{KeySet, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert_eq!(policy.prepare_signature_check("x.y.z", &KeySet::new()).unwrap_err().code(), "malformed");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn prepare_signature_check<'a>(
        &self,
        token: &'a str,
        keys: &'a KeySet,
    ) -> Result<SignatureCheck<'a>, Error> {
        self.prepare_check(token, keys, true)
    }

    /// [`prepare_signature_check`](Self::prepare_signature_check), with or without the
    /// header rules of the policy's profile (ALB's `signer`, `client`...).
    fn prepare_check<'a>(
        &self,
        token: &'a str,
        keys: &'a KeySet,
        profile_rules: bool,
    ) -> Result<SignatureCheck<'a>, Error> {
        let (segments, header_json) = self.decode_header(token)?;
        let fields = match profile_rules {
            true => self.read_header(&header_json)?,
            false => token::read_header(&header_json, self.algorithms)?,
        };
        let key = self.choose_key(keys, fields.kid, fields.alg)?;
        let mut signature = SignatureBytes {
            bytes: [0u8; MAX_SIGNATURE_LEN],
            len: 0,
        };
        signature.len = base64url::decode_into(segments.signature, &mut signature.bytes)
            .ok_or(Error::BadSignature)?
            .len();
        if signature.len != key.signature_len() {
            return Err(Error::BadSignature);
        }
        let (alg, kid) = (fields.alg, fields.kid.to_cow().into_owned());
        Ok(SignatureCheck {
            header: Header::new(alg, kid, header_json),
            key: Cow::Borrowed(key),
            message: Cow::Borrowed(segments.signing_input),
            signature,
            payload_segment: Cow::Borrowed(segments.payload),
        })
    }

    /// Finishes a [`SignatureCheck`] with the caller's signature verdict: `bad_signature` when
    /// it failed, otherwise the payload and claim checks of [`Policy::verify`].
    pub fn complete_signature_check(
        &self,
        check: SignatureCheck<'_>,
        signature_valid: bool,
        now: impl Into<UnixTime>,
    ) -> Result<VerifiedToken, Error> {
        if !signature_valid {
            return Err(Error::BadSignature);
        }
        self.finish(check.header, &check.payload_segment, now.into())
    }

    fn finish(
        &self,
        header: Header,
        payload_segment: &str,
        now: UnixTime,
    ) -> Result<VerifiedToken, Error> {
        let payload = token::decode_text(payload_segment)?;
        let claims = Claims::parse(&payload, self.max_json_depth)?;
        let (exp, nbf) = self.check_claims(&header, &claims, now)?;
        Ok(VerifiedToken {
            header,
            payload,
            exp,
            nbf,
        })
    }

    /// Step 4: the key named by `kid`, and the key policy for this token's algorithm.
    fn choose_key<'k>(
        &self,
        keys: &'k KeySet,
        kid: JsonStr<'_>,
        alg: crate::Algorithm,
    ) -> Result<&'k PublicKey, Error> {
        self.choose_key_explained(keys, kid, alg)
            .map_err(|(error, _)| error)
    }

    /// [`choose_key`](Self::choose_key) with the rule that refused the key.
    pub(crate) fn choose_key_explained<'k>(
        &self,
        keys: &'k KeySet,
        kid: JsonStr<'_>,
        alg: crate::Algorithm,
    ) -> Result<&'k PublicKey, (Error, Reason)> {
        match keys.lookup(|name| kid.eq_str(name), |key| self.unfit(key, alg)) {
            Lookup::Found(key) => Ok(key),
            Lookup::Unfit(why) => Err((Error::KeyRejected, why)),
            Lookup::Unusable(why) => Err((Error::KeyRejected, Reason::Key(why))),
            Lookup::Missing => Err((Error::UnknownKid, Reason::None)),
        }
    }

    /// Why `key` may not verify a token of `alg`, or `None` when it may. Never a
    /// verification attempt with the wrong primitive: ES256 only with a P-256 key, RS*/PS*
    /// only with RSA, and so on; a JWK `alg` binds its key to that one algorithm.
    fn unfit(&self, key: &PublicKey, alg: crate::Algorithm) -> Option<Reason> {
        match key.suits(alg, self.min_modulus_bits) {
            Ok(()) => {}
            Err(None) => return Some(Reason::KeyAlgorithmMismatch),
            Err(Some(why)) => return Some(Reason::Key(why)),
        }
        match key.key_algorithm() {
            KeyAlgorithm::Any => None,
            KeyAlgorithm::Only(only) if only == alg => None,
            _ => Some(Reason::KeyAlgorithmMismatch),
        }
    }

    /// The key of `keys` that this policy checks a token with `header`'s `kid` and `alg`
    /// against: the first key of that `kid` that fits the algorithm (several keys may
    /// share a `kid`; RFC 7517 4.5). For a verified token it is the key that verified it.
    ///
    /// ```
    /// use edgejwt_core::{Algorithm, KeySet, Policy};
    /// // A P-256 and a P-384 key published under one kid.
    /// let keys = KeySet::from_jwks(r#"{"keys":[
    ///   {"kty":"EC","crv":"P-256","kid":"k","x":"psYilr6Sb7TjgVH33hSF7LYseA0QO3KRhD3b3ynIDNQ",
    ///    "y":"DwNj_laFfFNmI3GZdsJv5Hb-feOlTGHXpLM6J_8qRQY"},
    ///   {"kty":"EC","crv":"P-384","kid":"k",
    ///    "x":"WijJhszScygtfcp1mlYIfzNxXAkF8LR8FJlXr29H2fr4Ee3mThqdTCJYwC_6OX9R",
    ///    "y":"_RIaJVWUlCG_izr6B1WIRxFY75VFBkzGooFQYnK8gNqtYBCfxgV0sEZa4BaK_PwV"}]}"#)?;
    /// let policy = Policy::oidc("https://issuer.example").audience("api")
    ///     .algorithms(&[Algorithm::ES256, Algorithm::ES384])
    ///     .build()?;
    /// // An ES384 token naming kid "k" (steps 1 to 4 only: the signature is not checked here).
    /// let token = format!("eyJhbGciOiJFUzM4NCIsImtpZCI6ImsifQ.e30.{}", "A".repeat(128));
    /// let check = policy.prepare_signature_check(&token, &keys)?;
    /// let key = policy.key_for(&keys, check.header()).expect("the P-384 key fits");
    /// assert_eq!(key.signature_len(), 96); // P-384's r || s, not the P-256 key listed first
    /// assert_eq!(key.id(), check.key().id());
    /// # Ok::<(), Box<dyn core::error::Error>>(())
    /// ```
    pub fn key_for<'k>(&self, keys: &'k KeySet, header: &Header) -> Option<&'k PublicKey> {
        match keys.lookup(
            |name| name == header.kid(),
            |key| self.unfit(key, header.alg()),
        ) {
            Lookup::Found(key) => Some(key),
            _ => None,
        }
    }

    /// Step 7, in ARCHITECTURE.md's order; the custom check runs last.
    fn check_claims(
        &self,
        header: &Header,
        claims: &Claims<'_>,
        now: UnixTime,
    ) -> Result<(NumericDate, Option<NumericDate>), Error> {
        let mut exp = claims.date("exp")?.ok_or(Error::MissingClaim)?;
        // exp is judged before nbf is even read: the order of ARCHITECTURE.md.
        self.check_time(exp, None, now)?;
        if let AudienceRules::Alb(_) = &self.rules {
            // ALB states an expiry in the header too; the earlier of the two decides.
            let header_exp = crate::alb::header_exp(header.json())?;
            self.check_time(header_exp, None, now)?;
            exp = exp.min(header_exp);
        }
        let nbf = claims.date("nbf")?;
        self.check_time(exp, nbf, now)?;
        claims.date("iat")?;
        if self.check_issuer {
            let iss = claims.string("iss")?.ok_or(Error::MissingClaim)?;
            if !iss.eq_str(&self.issuer) {
                return Err(Error::IssuerMismatch);
            }
        }
        match &self.rules {
            AudienceRules::Oidc { audiences, scopes } => {
                if let Some(audiences) = audiences {
                    let mut aud = claims.audiences()?.ok_or(Error::MissingClaim)?;
                    if !aud.any(|a| audiences.iter().any(|allowed| a.eq_str(allowed))) {
                        return Err(Error::AudienceMismatch);
                    }
                }
                check_scopes(claims, scopes)?;
            }
            AudienceRules::Cognito {
                token_use,
                client_ids,
                groups,
                scopes,
            } => {
                let used_as = claims.string("token_use")?.ok_or(Error::MissingClaim)?;
                let used_as = TokenUse::named(used_as).ok_or(Error::TokenUseMismatch)?;
                if token_use.is_some_and(|wanted| wanted != used_as) {
                    return Err(Error::TokenUseMismatch);
                }
                if let Some(client_ids) = client_ids {
                    let client_allowed =
                        |id: JsonStr<'_>| client_ids.iter().any(|allowed| id.eq_str(allowed));
                    let client_ok = match used_as {
                        TokenUse::Id => claims
                            .audiences()?
                            .ok_or(Error::MissingClaim)?
                            .any(client_allowed),
                        crate::TokenUse::Access => {
                            client_allowed(claims.string("client_id")?.ok_or(Error::MissingClaim)?)
                        }
                    };
                    if !client_ok {
                        return Err(Error::ClientIdMismatch);
                    }
                }
                if !groups.is_empty() {
                    let mut member_of = claims
                        .string_list("cognito:groups")?
                        .ok_or(Error::GroupMismatch)?;
                    if !member_of.any(|g| groups.iter().any(|wanted| g.eq_str(wanted))) {
                        return Err(Error::GroupMismatch);
                    }
                }
                check_scopes(claims, scopes)?;
            }
            // signer and client were checked with the header, before any key was chosen.
            AudienceRules::Alb(_) => {}
        }
        claims.check_standard_types()?;
        match &self.custom {
            Some(check) if !check(claims) => Err(Error::CustomRejected),
            _ => Ok((exp, nbf)),
        }
    }
}

/// At least one of `scopes` (when any are required) among the token's space-separated
/// `scope`.
fn check_scopes(claims: &Claims<'_>, scopes: &[String]) -> Result<(), Error> {
    if scopes.is_empty() {
        return Ok(());
    }
    let granted = claims.string("scope")?.ok_or(Error::ScopeMismatch)?;
    let granted = granted.to_cow();
    match granted
        .split(' ')
        .any(|s| scopes.iter().any(|wanted| wanted == s))
    {
        true => Ok(()),
        false => Err(Error::ScopeMismatch),
    }
}
