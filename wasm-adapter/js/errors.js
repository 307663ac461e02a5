// The error classes of the edgejwt package, named and related as aws-jwt-verify's are, so
// `err instanceof JwtExpiredError` keeps working after the import change. Every error
// the package throws is an instance of one of them and has a stable `.code` (edgejwt's
// error codes). Defined once per process (under a registered symbol): the wasm code
// finds them there, and two copies of the package share them.
// build.sh wraps this file as a CommonJS module (pkg/node) and an ES module (pkg/web).
function edgejwtErrorClasses() {
  const registry = Symbol.for("edgejwt.errorClasses.v1");
  if (globalThis[registry]) return globalThis[registry];

  class JwtBaseError extends Error {}
  class FailedAssertionError extends JwtBaseError {
    constructor(message, actual, expected) {
      super(message);
      this.failedAssertion = { actual, expected };
    }
  }
  class JwtParseError extends JwtBaseError {}
  class ParameterValidationError extends JwtBaseError {}
  class JwtInvalidSignatureError extends JwtBaseError {}
  class JwtInvalidSignatureAlgorithmError extends FailedAssertionError {}
  class JwtInvalidClaimError extends FailedAssertionError {}
  class JwtInvalidIssuerError extends JwtInvalidClaimError {}
  class JwtInvalidAudienceError extends JwtInvalidClaimError {}
  class JwtInvalidScopeError extends JwtInvalidClaimError {}
  class JwtExpiredError extends JwtInvalidClaimError {}
  class JwtNotBeforeError extends JwtInvalidClaimError {}
  class CognitoJwtInvalidGroupError extends JwtInvalidClaimError {}
  class CognitoJwtInvalidTokenUseError extends JwtInvalidClaimError {}
  class CognitoJwtInvalidClientIdError extends JwtInvalidClaimError {}
  class JwksValidationError extends JwtBaseError {}
  class JwkValidationError extends JwtBaseError {}
  class JwtWithoutValidKidError extends JwtBaseError {}
  class KidNotFoundInJwksError extends JwtBaseError {}
  class JwksNotAvailableInCacheError extends JwtBaseError {}
  // A token's kid is unknown and the key set was refreshed too recently to be fetched
  // again for it (the cooldown; aws-jwt-verify's penalty box): `.code` is "unknown_kid".
  class WaitPeriodNotYetEndedJwkError extends JwtBaseError {}
  class JwkInvalidUseError extends FailedAssertionError {}
  class JwkInvalidKtyError extends FailedAssertionError {}
  class FetchError extends JwtBaseError {}
  // aws-jwt-verify's fetch error that its fetcher does not retry. edgejwt retries no
  // fetch within a call and reports every failed one as FetchError, so this one is
  // exported (code written for aws-jwt-verify names it) but never thrown.
  class NonRetryableFetchError extends FetchError {}
  class AlbJwtInvalidSignerError extends JwtInvalidClaimError {}
  class AlbJwtInvalidClientIdError extends JwtInvalidClaimError {}
  class AlbJwksNotExposedError extends JwtBaseError {}
  // edgejwt's own: a custom check said `false`, or the token is larger than allowed.
  class CustomCheckError extends JwtBaseError {}
  // This host cannot check a signature with this build (no node:crypto for verifySync,
  // no WebCrypto, and no pure-wasm arithmetic in it).
  class NotSupportedError extends JwtBaseError {}

  const classes = {
    JwtBaseError, FailedAssertionError, JwtParseError, ParameterValidationError,
    JwtInvalidSignatureError, JwtInvalidSignatureAlgorithmError, JwtInvalidClaimError,
    JwtInvalidIssuerError, JwtInvalidAudienceError, JwtInvalidScopeError, JwtExpiredError,
    JwtNotBeforeError, CognitoJwtInvalidGroupError, CognitoJwtInvalidTokenUseError,
    CognitoJwtInvalidClientIdError, JwksValidationError, JwkValidationError,
    JwtWithoutValidKidError, KidNotFoundInJwksError, WaitPeriodNotYetEndedJwkError,
    JwksNotAvailableInCacheError, JwkInvalidUseError, JwkInvalidKtyError, FetchError,
    NonRetryableFetchError, CustomCheckError,
    AlbJwtInvalidSignerError, AlbJwtInvalidClientIdError, AlbJwksNotExposedError,
    NotSupportedError,
  };
  for (const [name, errorClass] of Object.entries(classes)) {
    Object.defineProperty(errorClass.prototype, "name", { value: name, writable: true, configurable: true });
  }
  Object.freeze(classes);
  Object.defineProperty(globalThis, registry, { value: classes });
  return classes;
}
