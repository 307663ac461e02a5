// aws-jwt-verify's README quick start (ES module) with only the import changed, against
// the installed tarball, plus its "cacheJwks" section so no network is needed.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { CognitoJwtVerifier, JwtExpiredError, JwtRsaVerifier } from "edgejwt";

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
console.log(`quickstart.mjs: ok (${process.env.EDGEJWT_CONDITION || "node"} entry)`);
