// Several issuers in one verifier, as aws-jwt-verify's array of configurations: the token's
// `iss` picks the configuration (exactly, before any key is looked up), and only that
// issuer's keys and rules can verify it.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const pkg = require("../pkg/node");
const h = require("./helpers.cjs");

const POOL_B = "eu-west-1_WasmPoolB1";
const ISSUER_B = `https://cognito-idp.eu-west-1.amazonaws.com/${POOL_B}`;
const keyA = h.makeKey("k1");
const keyB = h.makeKey("k1"); // pool B's key, under the same kid

function twoPools() {
  const v = pkg.CognitoJwtVerifier.create([
    { userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT },
    { userPoolId: POOL_B, tokenUse: "access", clientId: "client-b" },
  ]);
  v.cacheJwks(h.jwks(keyA), h.ISSUER);
  v.cacheJwks(h.jwks(keyB), ISSUER_B);
  return v;
}

async function codes(v, token) {
  let sync;
  try { v.verifySync(token); sync = "accepted"; } catch (e) { sync = e.code; }
  let async;
  try { await v.verify(token); async = "accepted"; } catch (e) { async = e.code; }
  return [sync, async];
}

test("each pool's tokens verify with its own keys and rules", async () => {
  const v = twoPools();
  assert.deepEqual(await codes(v, h.sign(keyA, h.accessClaims())), ["accepted", "accepted"]);
  const fromB = h.sign(keyB, h.accessClaims({ iss: ISSUER_B, client_id: "client-b" }));
  assert.deepEqual(await codes(v, fromB), ["accepted", "accepted"]);
  // Pool B's rules for pool B's tokens: pool A's client id is not accepted there.
  const wrongClient = h.sign(keyB, h.accessClaims({ iss: ISSUER_B }));
  assert.deepEqual(await codes(v, wrongClient), ["client_id_mismatch", "client_id_mismatch"]);
});

test("a token claiming pool A but signed with pool B's key is refused", async () => {
  const v = twoPools();
  const forged = h.sign(keyB, h.accessClaims());
  assert.deepEqual(await codes(v, forged), ["bad_signature", "bad_signature"]);
});

test("an unknown iss is issuer_mismatch before any fetch, as the error class says", async () => {
  let fetches = 0;
  const saved = globalThis.fetch;
  globalThis.fetch = async () => { fetches += 1; throw new Error("no network in this test"); };
  try {
    const v = pkg.CognitoJwtVerifier.create([
      { userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT },
      { userPoolId: POOL_B, tokenUse: "access", clientId: "client-b" },
    ]);
    const stranger = h.sign(keyA, h.accessClaims({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Nobody1" }));
    assert.deepEqual(await codes(v, stranger), ["issuer_mismatch", "issuer_mismatch"]);
    await assert.rejects(v.verify(stranger), (e) => e instanceof pkg.JwtInvalidIssuerError);
    assert.deepEqual(await codes(v, "not-a-token"), ["malformed", "malformed"]);
    assert.deepEqual(await codes(v, 42), ["malformed", "malformed"]);
    assert.equal(fetches, 0);
  } finally {
    globalThis.fetch = saved;
  }
});

test("cacheJwks names its issuer when there are several; OIDC issuers mix in", async () => {
  const v = pkg.JwtVerifier.create([
    { issuer: "https://a.example", audience: "api" },
    { issuer: "https://b.example", audience: "api", algorithms: ["RS256", "RS512"] },
  ]);
  const refused = (e) => e instanceof pkg.ParameterValidationError && e.code === "invalid_config";
  assert.throws(() => v.cacheJwks(h.jwks(keyA)), refused);
  assert.throws(() => v.cacheJwks(h.jwks(keyA), "https://c.example"), refused);
  assert.throws(() => v.cacheJwks(h.jwks(keyA), 7), refused);
  v.cacheJwks({ keys: [{ ...keyA.jwk, alg: undefined }] }, "https://b.example"); // RS256 and RS512
  const claims = { iss: "https://b.example", aud: "api", sub: "u", exp: h.now() + 60 };
  const token = h.signText(keyA, JSON.stringify({ alg: "RS512", kid: "k1" }), JSON.stringify(claims), "RS512");
  assert.deepEqual(await codes(v, token), ["accepted", "accepted"]);
  // Issuer a has no keys cached and RS256 only: RS512 is refused by a's own allow-list.
  const forA = h.signText(keyA, JSON.stringify({ alg: "RS512", kid: "k1" }), JSON.stringify({ ...claims, iss: "https://a.example" }), "RS512");
  assert.deepEqual(await codes(v, forA), ["unsupported_algorithm", "unsupported_algorithm"]);
});
