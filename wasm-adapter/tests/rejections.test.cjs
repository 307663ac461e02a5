// What a rejection carries (aws-jwt-verify's failedAssertion, the claim in the message,
// rawJwt only when opted in and only for a verified signature) and the explicit null
// opt-outs, on the three homes of the signature step.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const pkg = require("../pkg/node");
const h = require("./helpers.cjs");

const keyA = h.makeKey("k1");
const keyB = h.makeKey("k1");

function cognito(hidden, extra = {}) {
  return h.createWithout(hidden, () => {
    const v = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, ...extra });
    v.cacheJwks(h.jwks(keyA));
    return v;
  });
}

async function both(v, token) {
  let sync;
  try { v.verifySync(token); } catch (e) { sync = e; }
  let async;
  try { await v.verify(token); } catch (e) { async = e; }
  return [sync, async];
}

for (const [path, hidden] of Object.entries(h.PATHS)) {
  test(`${path}: failedAssertion gives actual and expected, the message names the claim`, async () => {
    const v = cognito(hidden, { clientId: [h.CLIENT, "second"], groups: "admins" });
    const past = h.now() - 30;
    const cases = [
      [{ client_id: "other" }, "client_id_mismatch", pkg.CognitoJwtInvalidClientIdError, "other", [h.CLIENT, "second"]],
      [{ token_use: "id" }, "token_use_mismatch", pkg.CognitoJwtInvalidTokenUseError, "id", "access"],
      [{ iss: "https://evil.example" }, "issuer_mismatch", pkg.JwtInvalidIssuerError, "https://evil.example", h.ISSUER],
      [{ "cognito:groups": ["users"] }, "group_mismatch", pkg.CognitoJwtInvalidGroupError, ["users"], "admins"],
      [{ exp: past }, "expired", pkg.JwtExpiredError, past, undefined],
    ];
    for (const [change, code, errorClass, actual, expected] of cases) {
      const token = h.sign(keyA, h.accessClaims({ "cognito:groups": ["admins"], ...change }));
      for (const error of await both(v, token)) {
        assert.equal(error.code, code);
        assert.ok(error instanceof errorClass && error instanceof pkg.FailedAssertionError, code);
        assert.deepEqual(error.failedAssertion, { actual, expected }, code);
        assert.ok(error.message.startsWith(`${code}: `), error.message);
        assert.ok(!error.message.includes(token), "the token never appears in the message");
        assert.equal("rawJwt" in error, false, "no rawJwt unless asked for");
      }
    }
    const missing = h.sign(keyA, h.accessClaims({ token_use: undefined, "cognito:groups": ["admins"] }));
    for (const error of await both(v, missing)) {
      assert.equal(error.code, "missing_claim");
      // aws-jwt-verify's words after our code; failedAssertion as it sets it.
      assert.equal(error.message, "missing_claim: Missing Token use. Expected one of: id, access");
      assert.deepEqual(error.failedAssertion, { actual: undefined, expected: ["id", "access"] });
    }
  });

  test(`${path}: includeRawJwtInErrors attaches the contents of a signed token only`, async () => {
    const v = cognito(hidden, { includeRawJwtInErrors: true });
    const exp = h.now() - 30;
    const expired = h.sign(keyA, h.accessClaims({ exp }));
    for (const error of await both(v, expired)) {
      assert.equal(error.code, "expired");
      assert.equal(error.rawJwt.payload.exp, exp);
      assert.equal(error.rawJwt.header.kid, "k1");
    }
    const forged = h.sign(keyB, h.accessClaims({ exp: h.now() - 30 }));
    for (const error of await both(v, forged)) {
      assert.equal(error.code, "bad_signature");
      assert.equal(error.rawJwt, undefined);
    }
  });
}

test("clientId: null, audience: null and issuer: null opt out explicitly; omission is refused", async () => {
  const refused = (e) => e.code === "invalid_config" && e instanceof pkg.ParameterValidationError;
  const token = h.sign(keyA, h.accessClaims());
  const noClient = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access" });
  noClient.cacheJwks(h.jwks(keyA));
  assert.throws(() => noClient.verifySync(token), refused);
  const noAudience = pkg.JwtVerifier.create({ issuer: h.ISSUER });
  noAudience.cacheJwks(h.jwks(keyA));
  assert.throws(() => noAudience.verifySync(token), refused);
  await assert.rejects(noAudience.verify(token), refused);
  assert.throws(() => pkg.JwtVerifier.create({ audience: "a" }), refused);
  assert.throws(() => pkg.JwtVerifier.create({ issuer: null, audience: "a" }), refused, "issuer: null needs a jwksUri");
  assert.throws(() => pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: [] }), refused);

  const anyClient = cognito([], { clientId: null });
  assert.equal(anyClient.verifySync(h.sign(keyA, h.accessClaims({ client_id: "whoever" }))).client_id, "whoever");
  assert.throws(() => anyClient.verifySync(h.sign(keyA, h.accessClaims({ token_use: "id" }))), (e) => e.code === "token_use_mismatch");

  const anyAudience = pkg.JwtVerifier.create({ issuer: h.ISSUER, audience: null });
  anyAudience.cacheJwks(h.jwks(keyA));
  assert.equal(anyAudience.verifySync(h.sign(keyA, h.accessClaims({ aud: "x" }))).aud, "x");
  assert.throws(() => anyAudience.verifySync(h.sign(keyA, h.accessClaims({ iss: "https://evil" }))), (e) => e.code === "issuer_mismatch");

  const anyIssuer = pkg.JwtVerifier.create({ issuer: null, audience: "api", jwksUri: "https://keys.example/jwks.json" });
  anyIssuer.cacheJwks(h.jwks(keyA));
  assert.equal(anyIssuer.verifySync(h.sign(keyA, h.accessClaims({ iss: "https://anyone", aud: "api" }))).iss, "https://anyone");
  assert.throws(() => pkg.JwtVerifier.create([{ issuer: null, audience: "a", jwksUri: "https://k.example/j" }, { issuer: "https://b", audience: "a" }]), refused);
});

test("JwtVerifier checks scope; parseUserPoolId and JwtRsaVerifier as in aws-jwt-verify", () => {
  const v = pkg.JwtVerifier.create({ issuer: h.ISSUER, audience: "api", scope: ["orders/read", "orders/write"] });
  v.cacheJwks(h.jwks(keyA));
  assert.equal(v.verifySync(h.sign(keyA, h.accessClaims({ aud: "api", scope: "openid orders/write" }))).aud, "api");
  assert.throws(() => v.verifySync(h.sign(keyA, h.accessClaims({ aud: "api", scope: "openid" }))),
    (e) => e.code === "scope_mismatch" && e instanceof pkg.JwtInvalidScopeError);
  assert.equal(pkg.CognitoJwtVerifier.parseUserPoolId("eu-west-1_AbC123").region, "eu-west-1");
  assert.throws(() => pkg.CognitoJwtVerifier.parseUserPoolId("evil.example/x"), (e) => e.code === "invalid_config");
  assert.equal(pkg.JwtRsaVerifier, pkg.JwtVerifier);
});

for (const [path, hidden] of Object.entries(h.PATHS)) {
  test(`${path}: per-call properties decide that call only, with the shared keys`, async () => {
    const v = cognito(hidden, { clientId: undefined });
    const token = h.sign(keyA, h.accessClaims());
    assert.equal((await v.verify(token, { clientId: h.CLIENT })).sub, "user-1");
    assert.equal(v.verifySync(token, { clientId: h.CLIENT }).sub, "user-1");
    await assert.rejects(v.verify(token, { clientId: "other" }), (e) => e.code === "client_id_mismatch" && e.failedAssertion.expected === "other");
    await assert.rejects(v.verify(token), (e) => e.code === "invalid_config");
    const forged = h.sign(keyB, h.accessClaims());
    await assert.rejects(v.verify(forged, { clientId: h.CLIENT }), (e) => e.code === "bad_signature");
  });
}

test("per-call properties reach the configuration a token's iss picked", async () => {
  const issuerB = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_WasmPoolB1";
  const v = pkg.CognitoJwtVerifier.create([
    { userPoolId: h.POOL, tokenUse: "access" },
    { userPoolId: "eu-west-1_WasmPoolB1", tokenUse: "access", clientId: "b" },
  ]);
  v.cacheJwks(h.jwks(keyA), h.ISSUER);
  v.cacheJwks(h.jwks(keyB), issuerB);
  const fromA = h.sign(keyA, h.accessClaims());
  assert.equal(v.verifySync(fromA, { clientId: h.CLIENT }).sub, "user-1");
  assert.throws(() => v.verifySync(fromA), (e) => e.code === "invalid_config");
  const fromB = h.sign(keyB, h.accessClaims({ iss: issuerB, client_id: "b" }));
  assert.equal(v.verifySync(fromB).sub, "user-1");
  assert.throws(() => v.verifySync(fromB, { clientId: "a-only" }), (e) => e.code === "client_id_mismatch");
});

test("tokenUse: null accepts id and access tokens, each with its own client claim", () => {
  const v = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: null, clientId: h.CLIENT });
  v.cacheJwks(h.jwks(keyA));
  assert.equal(v.verifySync(h.sign(keyA, h.accessClaims())).token_use, "access");
  assert.equal(v.verifySync(h.sign(keyA, h.idClaims())).token_use, "id");
  assert.throws(() => v.verifySync(h.sign(keyA, h.accessClaims({ token_use: "refresh" }))), (e) => e.code === "token_use_mismatch");
  assert.throws(() => v.verifySync(h.sign(keyA, h.idClaims({ aud: "other" }))), (e) => e.code === "client_id_mismatch");
  // Per call, as aws-jwt-verify's own tests do: null for every Cognito-specific check.
  const open = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL });
  open.cacheJwks(h.jwks(keyA));
  const token = h.sign(keyA, h.accessClaims({ client_id: "anyone" }));
  assert.equal(open.verifySync(token, { clientId: null, tokenUse: null, groups: null, scope: null }).client_id, "anyone");
  assert.throws(() => open.verifySync(token, { clientId: null }), (e) => e.code === "invalid_config" && /tokenUse/.test(e.message));
});
