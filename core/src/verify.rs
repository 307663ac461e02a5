//! The core path of ARCHITECTURE.md, in order: size, shape, header, key, signature, payload,
//! claims. Every adapter's verdict comes from here.

use alloc::string::String;

use serde::Deserialize;

use crate::claims::{Claims, NumericDate};
use crate::json::JsonStr;
use crate::key::KeyAlgorithm;
use crate::key_set::Lookup;
use crate::policy::AudienceRules;
use crate::rsa_key::MAX_SIGNATURE_LEN;
use crate::token::{self, Header, Segments};
use crate::{base64url, Algorithm, Error, KeySet, Policy, PublicKey, Reason, UnixTime};

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

/// What a token needs checked by an external RSA implementation (see
/// [`Policy::prepare_signature_check`]): RSASSA-PKCS1-v1_5 with `header().alg()`'s hash.
#[derive(Debug, Clone)]
pub struct SignatureCheck {
    header: Header,
    /// The chosen key (a clone shares its parsed material and its `id()`).
    key: PublicKey,
    message: String,
    signature: alloc::vec::Vec<u8>,
    payload_segment: String,
}

impl SignatureCheck {
    /// The header (algorithm and key id).
    pub fn header(&self) -> &Header {
        &self.header
    }
    /// The key the token names, already through key policy: verify with it (the core's
    /// own arithmetic: [`PublicKey::verify_signature`]), or look up a host's imported
    /// copy by [`PublicKey::id`].
    pub fn key(&self) -> &PublicKey {
        &self.key
    }
    /// The key's modulus, big-endian.
    pub fn modulus(&self) -> &[u8] {
        self.key.modulus()
    }
    /// The key's public exponent, big-endian.
    pub fn exponent(&self) -> &[u8] {
        self.key.exponent()
    }
    /// The signed bytes: `header.payload` as in the token.
    pub fn message(&self) -> &[u8] {
        self.message.as_bytes()
    }
    /// The signature bytes (exactly the modulus length).
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }
}

/// Steps 1 to 4 done: the header, the chosen key and the decoded signature.
struct Located<'t, 'k> {
    header: Header,
    segments: Segments<'t>,
    key: &'k PublicKey,
    signature: [u8; MAX_SIGNATURE_LEN],
    signature_len: usize,
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
/// Applies the same size, shape and JSON rules as verification, so what it shows is what
/// [`Policy::verify`] would read.
///
/// ```
/// let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiJhbGljZSJ9.c2ln";
/// let decoded = edgejwt_core::decode_unverified(token)?;
/// assert_eq!(decoded.claims_unverified().sub().as_deref(), Some("alice"));
/// # Ok::<(), edgejwt_core::Error>(())
/// ```
pub fn decode_unverified(token: &str) -> Result<UnverifiedToken, Error> {
    let segments = token::split(token, Policy::DEFAULT_MAX_TOKEN_LEN)?;
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
        self.verify_with(token, keys, now, |alg, key, message, signature| {
            self.rsa_verdict(alg, key, message, signature)
        })
    }

    /// [`verify`](Policy::verify) with the RSA step done by `rsa`, for hosts whose RSA is
    /// synchronous but cannot be a [`SignatureBackend`](crate::SignatureBackend) (not
    /// `Send + Sync`: a JavaScript engine's crypto, a single-threaded peripheral). The
    /// policy's own backend is not used. `rsa` is called at most once, after steps 1 to 4
    /// passed, with the header's algorithm, the chosen key (already checked by key
    /// policy), the signing input and the signature (exactly the modulus length); it must
    /// return whether RSASSA-PKCS1-v1_5 with that algorithm's hash accepts them. Nothing
    /// is copied for it.
    ///
    /// ```
    /// use edgejwt_core::{KeySet, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// // The core's own arithmetic, through the closure: the same verdicts as verify().
    /// let verdict = policy.verify_with("x.y.z", &KeySet::new(), 0, |alg, key, message, signature| {
    ///     key.verify_signature(alg, message, signature).is_ok()
    /// });
    /// assert_eq!(verdict.unwrap_err().code(), "malformed");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn verify_with(
        &self,
        token: &str,
        keys: &KeySet,
        now: impl Into<UnixTime>,
        rsa: impl FnOnce(Algorithm, &PublicKey, &[u8], &[u8]) -> bool,
    ) -> Result<VerifiedToken, Error> {
        let (header, segments) = self.check_signature(token, keys, rsa)?;
        self.finish(header, segments.payload, now.into())
    }

    /// The RSA step of [`verify`](Policy::verify): the policy's backend, else the core's
    /// arithmetic on the key's precomputed Montgomery form.
    fn rsa_verdict(
        &self,
        alg: Algorithm,
        key: &PublicKey,
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        match &self.backend {
            Some(backend) => {
                backend.verify_rsa_pkcs1v15(alg, key.modulus(), key.exponent(), message, signature)
            }
            None => key.rsa().verify(alg, message, signature),
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
        let (header, segments) =
            self.check_signature(token, keys, |alg, key, message, signature| {
                self.rsa_verdict(alg, key, message, signature)
            })?;
        let payload = base64url::decode_vec(segments.payload).ok_or(Error::Malformed)?;
        Ok(VerifiedJws { header, payload })
    }

    fn check_signature<'t>(
        &self,
        token: &'t str,
        keys: &KeySet,
        rsa: impl FnOnce(Algorithm, &PublicKey, &[u8], &[u8]) -> bool,
    ) -> Result<(Header, Segments<'t>), Error> {
        let located = self.locate(token, keys)?;
        let message = located.segments.signing_input.as_bytes();
        let signature = located
            .signature
            .get(..located.signature_len)
            .unwrap_or(&[]);
        if !rsa(located.header.alg(), located.key, message, signature) {
            return Err(Error::BadSignature);
        }
        Ok((located.header, located.segments))
    }

    /// Steps 1 to 4 and the signature's decoding: everything before the RSA arithmetic.
    fn locate<'t, 'k>(&self, token: &'t str, keys: &'k KeySet) -> Result<Located<'t, 'k>, Error> {
        let (segments, header_json) = self.decode_header(token)?;
        let fields = token::read_header(&header_json, self.algorithms)?;
        let key = self.choose_key(keys, fields.kid, fields.alg)?;
        let mut signature = [0u8; MAX_SIGNATURE_LEN];
        let signature_len = base64url::decode_into(segments.signature, &mut signature)
            .ok_or(Error::BadSignature)?
            .len();
        if signature_len != key.signature_len() {
            return Err(Error::BadSignature);
        }
        let (alg, kid) = (fields.alg, fields.kid.to_cow().into_owned());
        Ok(Located {
            header: Header::new(alg, kid, header_json),
            segments,
            key,
            signature,
            signature_len,
        })
    }

    /// Steps 1 and 2 and the header's decoding (size, shape, JSON object).
    pub(crate) fn decode_header<'t>(
        &self,
        token: &'t str,
    ) -> Result<(Segments<'t>, String), Error> {
        let segments = token::split(token, self.max_token_len)?;
        let header_json = token::decode_json_object(segments.header, self.max_json_depth)?;
        Ok((segments, header_json))
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
        token::read_header(&header_json, self.algorithms).map(|_| ())
    }

    /// For hosts whose RSA API is asynchronous (WebCrypto): steps 1 to 4 now, the RSA
    /// check by the caller, then [`complete_signature_check`](Policy::complete_signature_check).
    ///
    /// ```
    /// use edgejwt_core::{KeySet, Policy};
    /// let policy = Policy::oidc("https://i").audience("a").build()?;
    /// assert_eq!(policy.prepare_signature_check("x.y.z", &KeySet::new()).unwrap_err().code(), "malformed");
    /// # Ok::<(), edgejwt_core::ConfigError>(())
    /// ```
    pub fn prepare_signature_check(
        &self,
        token: &str,
        keys: &KeySet,
    ) -> Result<SignatureCheck, Error> {
        let located = self.locate(token, keys)?;
        Ok(SignatureCheck {
            key: located.key.clone(),
            message: located.segments.signing_input.into(),
            signature: located
                .signature
                .get(..located.signature_len)
                .unwrap_or(&[])
                .into(),
            payload_segment: located.segments.payload.into(),
            header: located.header,
        })
    }

    /// Finishes a [`SignatureCheck`] with the caller's RSA verdict: `bad_signature` when
    /// it failed, otherwise the payload and claim checks of [`Policy::verify`].
    pub fn complete_signature_check(
        &self,
        check: SignatureCheck,
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
        let (exp, nbf) = self.check_claims(&claims, now)?;
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
        let key = match keys.lookup(kid) {
            Lookup::Found(key) => key,
            Lookup::Unusable(why) => return Err((Error::KeyRejected, Reason::Key(why))),
            Lookup::Missing => return Err((Error::UnknownKid, Reason::None)),
        };
        if key.modulus_bits() < self.min_modulus_bits {
            let why = Reason::Key(crate::KeyError::ModulusTooSmall);
            return Err((Error::KeyRejected, why));
        }
        match key.key_algorithm() {
            KeyAlgorithm::Any => Ok(key),
            KeyAlgorithm::Only(only) if only == alg => Ok(key),
            _ => Err((Error::KeyRejected, Reason::KeyAlgorithmMismatch)),
        }
    }

    /// Step 7, in ARCHITECTURE.md's order; the custom check runs last.
    fn check_claims(
        &self,
        claims: &Claims<'_>,
        now: UnixTime,
    ) -> Result<(NumericDate, Option<NumericDate>), Error> {
        let exp = claims.date("exp")?.ok_or(Error::MissingClaim)?;
        // exp is judged before nbf is even read: the order of ARCHITECTURE.md.
        self.check_time(exp, None, now)?;
        let nbf = claims.date("nbf")?;
        self.check_time(exp, nbf, now)?;
        claims.date("iat")?;
        let iss = claims.string("iss")?.ok_or(Error::MissingClaim)?;
        if !iss.eq_str(&self.issuer) {
            return Err(Error::IssuerMismatch);
        }
        match &self.rules {
            AudienceRules::Oidc { audiences } => {
                let mut aud = claims.audiences()?.ok_or(Error::MissingClaim)?;
                if !aud.any(|a| audiences.iter().any(|allowed| a.eq_str(allowed))) {
                    return Err(Error::AudienceMismatch);
                }
            }
            AudienceRules::Cognito {
                token_use,
                client_ids,
                groups,
                scopes,
            } => {
                let used_as = claims.string("token_use")?.ok_or(Error::MissingClaim)?;
                if !used_as.eq_str(token_use.as_str()) {
                    return Err(Error::TokenUseMismatch);
                }
                let client_allowed =
                    |id: JsonStr<'_>| client_ids.iter().any(|allowed| id.eq_str(allowed));
                let client_ok = match token_use {
                    crate::TokenUse::Id => claims
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
                if !groups.is_empty() {
                    let mut member_of = claims
                        .string_list("cognito:groups")?
                        .ok_or(Error::GroupMismatch)?;
                    if !member_of.any(|g| groups.iter().any(|wanted| g.eq_str(wanted))) {
                        return Err(Error::GroupMismatch);
                    }
                }
                if !scopes.is_empty() {
                    let granted = claims.string("scope")?.ok_or(Error::ScopeMismatch)?;
                    let granted = granted.to_cow();
                    if !granted
                        .split(' ')
                        .any(|s| scopes.iter().any(|wanted| wanted == s))
                    {
                        return Err(Error::ScopeMismatch);
                    }
                }
            }
        }
        claims.check_standard_types()?;
        match &self.custom {
            Some(check) if !check(claims) => Err(Error::CustomRejected),
            _ => Ok((exp, nbf)),
        }
    }
}
