//! One verifier over several issuers (Cognito pools, OIDC issuers), as aws-jwt-verify's
//! array of configurations: the token's `iss` picks one, whose keys alone verify it.

use edgejwt_core::{choose_issuer, ConfigError, Error, VerifiedToken};

use crate::Verifier;

/// Several [`Verifier`]s, one per issuer, each with its own key source, JWKS cache and
/// rules. A token goes to the one whose issuer equals its `iss` exactly, chosen by the
/// core before any key is looked up ([`edgejwt_core::choose_issuer`]); only that issuer's
/// keys can verify it, so a token claiming pool A but signed with pool B's key fails. An
/// `iss` no verifier has is `issuer_mismatch` and causes no fetch.
///
/// ```
/// use edgejwt_std::{MultiIssuerVerifier, TokenUse, Verifier};
/// let verifier = MultiIssuerVerifier::new([
///     Verifier::cognito("us-east-1_PoolA1", TokenUse::Access).client_id("app-a").build()?,
///     Verifier::cognito("eu-west-1_PoolB1", TokenUse::Id).client_id("app-b").build()?,
///     Verifier::oidc("https://login.example.com").audience("api").build()?,
/// ])?;
/// assert_eq!(verifier.verify("not.a.token").unwrap_err().code(), "malformed");
/// # Ok::<(), edgejwt_std::ConfigError>(())
/// ```
#[derive(Clone, Debug)]
pub struct MultiIssuerVerifier {
    verifiers: Vec<Verifier>,
}

impl MultiIssuerVerifier {
    /// One verifier per issuer: at least one, no issuer twice, none that accepts any
    /// issuer ([`ConfigError::IssuersNotDistinct`]: the token's `iss` must pick one).
    pub fn new(verifiers: impl IntoIterator<Item = Verifier>) -> Result<Self, ConfigError> {
        let verifiers: Vec<Verifier> = verifiers.into_iter().collect();
        let distinct = verifiers.iter().enumerate().all(|(i, v)| {
            verifiers
                .iter()
                .skip(i + 1)
                .all(|other| other.issuer() != v.issuer())
        });
        let all_check = verifiers.iter().all(|v| v.policy().checks_issuer());
        if verifiers.is_empty() || !distinct || !all_check {
            return Err(ConfigError::IssuersNotDistinct);
        }
        Ok(Self { verifiers })
    }

    /// The verifier `token` claims to come from.
    fn chosen(&self, token: &str) -> Result<&Verifier, Error> {
        let index = choose_issuer(token, self.verifiers.iter().map(Verifier::policy))?;
        self.verifiers.get(index).ok_or(Error::IssuerMismatch)
    }

    /// [`Verifier::failed_assertion`] of the token's issuer (or of none: an unknown
    /// `iss` names no comparison).
    pub fn failed_assertion(
        &self,
        token: &str,
        error: Error,
    ) -> Option<edgejwt_core::FailedAssertion> {
        self.chosen(token).ok()?.failed_assertion(token, error)
    }

    /// [`Verifier::last_fetch_failure`] of the token's issuer.
    pub fn last_fetch_failure(&self, token: &str) -> Option<crate::FetchFailure> {
        self.chosen(token).ok()?.last_fetch_failure()
    }

    /// Verifies `token` with its issuer's verifier ([`Verifier::verify`]).
    pub fn verify(&self, token: &str) -> Result<VerifiedToken, Error> {
        self.chosen(token)?.verify(token)
    }

    /// [`Verifier::verify_async`] of the token's issuer.
    #[cfg(feature = "tokio")]
    pub async fn verify_async(&self, token: &str) -> Result<VerifiedToken, Error> {
        self.chosen(token)?.verify_async(token).await
    }

    /// Fetches every issuer's JWKS now; the first failure is returned, after all ran.
    pub fn hydrate(&self) -> Result<(), Error> {
        let outcomes: Vec<Result<(), Error>> =
            self.verifiers.iter().map(Verifier::hydrate).collect();
        outcomes.into_iter().collect()
    }

    /// Installs a JWKS for one issuer ([`Verifier::cache_jwks`]); an issuer this
    /// verifier does not have is `issuer_mismatch`.
    pub fn cache_jwks(&self, issuer: &str, jwks_json: &str) -> Result<(), Error> {
        self.verifiers
            .iter()
            .find(|v| v.issuer() == issuer)
            .ok_or(Error::IssuerMismatch)?
            .cache_jwks(jwks_json)
    }

    /// The verifiers, in the order given.
    pub fn verifiers(&self) -> &[Verifier] {
        &self.verifiers
    }
}
