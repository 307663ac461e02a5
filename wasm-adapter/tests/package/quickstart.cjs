// aws-jwt-verify's README quick start (CommonJS) with only the import changed, against
// the installed tarball, plus its "cacheJwks" section so no network is needed.
"use strict";
const assert = require("node:assert/strict");
const { CognitoJwtVerifier, JwtExpiredError } = require("edgejwt");
// aws-jwt-verify's README imports its error classes from "aws-jwt-verify/error".
const errors = require("edgejwt/error");
const fixture = require("./fixture.cjs");

(async () => {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: fixture.POOL,
    tokenUse: "access",
    clientId: fixture.CLIENT,
  });
  verifier.cacheJwks(fixture.jwks);
  try {
    const payload = await verifier.verify(fixture.valid);
    console.log("Token is valid. Payload:", payload.username);
    assert.equal(payload.username, "alice");
  } catch (err) {
    assert.fail(`a valid token was refused: ${err}`);
  }
  await assert.rejects(verifier.verify(fixture.expired), (err) => err instanceof JwtExpiredError && err.code === "expired");
  assert.equal(verifier.verifySync(fixture.valid).sub, "user-1");
  assert.equal(errors.JwtExpiredError, JwtExpiredError, "edgejwt/error has the classes the verifiers throw");
  await assert.rejects(verifier.verify(fixture.expired), errors.JwtInvalidClaimError);
  assert.ok(new errors.NonRetryableFetchError("x") instanceof errors.FetchError);
  assert.equal(typeof errors.WaitPeriodNotYetEndedJwkError, "function");
  assert.deepEqual(Object.keys(require("edgejwt/jwt-model")), [], "edgejwt/jwt-model is types only");
  // `edgejwt/pure` in Node is the Node build, which carries the pure-wasm arithmetic too.
  const pure = require("edgejwt/pure").CognitoJwtVerifier.create({ userPoolId: fixture.POOL, tokenUse: "access", clientId: fixture.CLIENT });
  pure.cacheJwks(fixture.jwks);
  assert.equal(pure.verifySync(fixture.valid).username, "alice");
  console.log("quickstart.cjs: ok");
})().catch((err) => { console.error(err); process.exit(1); });
