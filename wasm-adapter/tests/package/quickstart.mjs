// aws-jwt-verify's README quick start (ES module) with only the import changed, against
// the installed tarball, plus its "cacheJwks" section so no network is needed.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { CognitoJwtVerifier, JwtExpiredError, JwtRsaVerifier } from "edgejwt";
// aws-jwt-verify's README imports its error classes from "aws-jwt-verify/error".
import { JwtExpiredError as ExpiredFromErrors, JwtInvalidClaimError, WaitPeriodNotYetEndedJwkError } from "edgejwt/error";
// aws-jwt-verify's own import test loads its types-only module at run time too.
import * as jwtModel from "edgejwt/jwt-model";

const fixture = createRequire(import.meta.url)("./fixture.cjs");
const verifier = CognitoJwtVerifier.create({
  userPoolId: fixture.POOL,
  tokenUse: "access",
  clientId: fixture.CLIENT,
});
verifier.cacheJwks(fixture.jwks);
const payload = await verifier.verify(fixture.valid);
console.log("Token is valid. Payload:", payload.username);
assert.equal(payload.username, "alice");
await assert.rejects(verifier.verify(fixture.expired), (err) => err instanceof JwtExpiredError);
assert.equal(typeof JwtRsaVerifier.create, "function");
assert.equal(ExpiredFromErrors, JwtExpiredError, "edgejwt/error has the classes the verifiers throw");
await assert.rejects(verifier.verify(fixture.expired), JwtInvalidClaimError);
assert.equal(typeof WaitPeriodNotYetEndedJwkError, "function");
assert.deepEqual(Object.keys(jwtModel), [], "edgejwt/jwt-model is types only");
// `edgejwt/pure` loads in every host: in Node it is the Node build (pure wasm included).
const pure = (await import("edgejwt/pure")).CognitoJwtVerifier.create({ userPoolId: fixture.POOL, tokenUse: "access", clientId: fixture.CLIENT });
pure.cacheJwks(fixture.jwks);
assert.equal((await pure.verify(fixture.valid)).username, "alice");
console.log(`quickstart.mjs: ok (${process.env.EDGEJWT_CONDITION || "node"} entry)`);
