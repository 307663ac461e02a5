// The JS API in real Node against pkg/node: valid tokens, every error code, bad options.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const fs = require("node:fs");
const { CognitoJwtVerifier, JwtVerifier } = require("../pkg/node");
const h = require("./helpers.cjs");

const keyA = h.makeKey("k1");
const keyB = h.makeKey("k2");

function cognito(extra = {}) {
  const v = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, ...extra });
  v.cacheJwks(h.jwks(keyA));
  return v;
}

function codeOf(fn) {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error, "thrown value is an Error");
    assert.equal(typeof e.name, "string");
    return e.code;
  }
  return "accepted";
}

test("a valid access token verifies and returns the payload", () => {
  const payload = cognito().verifySync(h.sign(keyA, h.accessClaims()));
  assert.equal(payload.username, "alice");
  assert.equal(payload.client_id, h.CLIENT);
});

test("a valid id token verifies with an id verifier", () => {
  const v = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "id", clientId: [h.CLIENT, "other"] });
  v.cacheJwks(JSON.stringify(h.jwks(keyA)));
  assert.equal(v.verifySync(h.sign(keyA, h.idClaims()))["cognito:username"], "alice");
});

test("real Cognito tokens verify with the clock inside their window", () => {
  const sets = JSON.parse(fs.readFileSync(path.join(__dirname, "../../tests/vectors/cognito/real_tokens.json"), "utf8"));
  const realNow = Date.now;
  let checked = 0;
  try {
    for (const name of ["set_A_xeedware", "set_B_aws_sample_mit0"]) {
      for (const t of sets[name].tokens.filter((t) => t.signature_valid_with_jwks)) {
        const cfg = t.verifier_config;
        const v = CognitoJwtVerifier.create({ userPoolId: cfg.issuer.split("/").pop(), tokenUse: cfg.token_use, clientId: cfg.client_id });
        v.cacheJwks(sets[name].jwks);
        Date.now = () => cfg.clock_unix * 1000;
        assert.equal(v.verifySync(t.token).sub, t.payload.sub);
        Date.now = () => (t.payload.exp + 1) * 1000;
        assert.equal(codeOf(() => v.verifySync(t.token)), "expired");
        checked += 1;
      }
    }
  } finally {
    Date.now = realNow;
  }
  assert.equal(checked, 6);
});

test("every error code is reachable from JavaScript", async () => {
  const v = cognito();
  const signed = (claims, header) => h.sign(keyA, claims, header);
  const cases = {
    too_large: () => v.verifySync("a".repeat(20000)),
    malformed: () => v.verifySync("not.a.token"),
    unsupported_algorithm: () => v.verifySync(signed(h.accessClaims(), { alg: "HS256" })),
    missing_kid: () => v.verifySync(h.signText(keyA, JSON.stringify({ alg: "RS256" }), JSON.stringify(h.accessClaims()))),
    unknown_kid: () => v.verifySync(h.sign(keyB, h.accessClaims())),
    key_rejected: () => {
      const enc = cognito();
      enc.cacheJwks({ keys: [{ ...keyA.jwk, use: "enc" }] });
      enc.verifySync(signed(h.accessClaims()));
    },
    bad_signature: () => v.verifySync(h.sign({ ...keyB, kid: "k1" }, h.accessClaims())),
    expired: () => v.verifySync(signed(h.accessClaims({ exp: h.now() - 1 }))),
    not_yet_valid: () => v.verifySync(signed(h.accessClaims({ nbf: h.now() + 600 }))),
    issuer_mismatch: () => v.verifySync(signed(h.accessClaims({ iss: h.ISSUER + "/" }))),
    audience_mismatch: () => {
      const o = JwtVerifier.create({ issuer: "https://login.example", audience: "api" });
      o.cacheJwks(h.jwks(keyA));
      o.verifySync(signed({ iss: "https://login.example", aud: "web", exp: h.now() + 60 }));
    },
    token_use_mismatch: () => v.verifySync(signed(h.idClaims())),
    client_id_mismatch: () => v.verifySync(signed(h.accessClaims({ client_id: "other" }))),
    group_mismatch: () => cognito({ groups: "admins" }).verifySync(signed(h.accessClaims())),
    scope_mismatch: () => cognito({ scope: ["orders/write"] }).verifySync(signed(h.accessClaims())),
    missing_claim: () => v.verifySync(signed(h.accessClaims({ exp: undefined }))),
    invalid_claim: () => v.verifySync(signed(h.accessClaims({ exp: "tomorrow" }))),
    custom_rejected: () => cognito({ customJwtCheck: ({ payload }) => payload.username === "bob" }).verifySync(signed(h.accessClaims())),
    jwks_unavailable: () => CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT }).verifySync(signed(h.accessClaims())),
    jwks_invalid: () => v.cacheJwks("{\"keys\":"),
  };
  for (const [code, fn] of Object.entries(cases)) {
    assert.equal(codeOf(fn), code, code);
  }
  assert.equal(Object.keys(cases).length, 20);
});

test("errors carry aws-jwt-verify-like names", () => {
  const v = cognito();
  try {
    v.verifySync(h.sign(keyA, h.accessClaims({ exp: h.now() - 1 })));
    assert.fail("accepted");
  } catch (e) {
    assert.equal(e.name, "JwtExpiredError");
    assert.equal(e.code, "expired");
    assert.match(e.message, /expired/);
  }
});

test("a custom check that throws rejects the token", () => {
  const v = cognito({ customJwtCheck: () => { throw new Error("nope"); } });
  assert.equal(codeOf(() => v.verifySync(h.sign(keyA, h.accessClaims()))), "custom_rejected");
  const ok = cognito({ customJwtCheck: ({ payload, header }) => header.kid === "k1" && payload.sub === "user-1" });
  assert.equal(ok.verifySync(h.sign(keyA, h.accessClaims())).sub, "user-1");
});

test("a key set holds at most 64 keys: the 65th makes the document jwks_invalid", () => {
  const sets = (count) => ({ keys: Array.from({ length: count }, (_, i) => ({ ...keyA.jwk, kid: i === 0 ? "k1" : `k${i + 1}` })) });
  const full = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
  full.cacheJwks(sets(64));
  assert.equal(full.verifySync(h.sign(keyA, h.accessClaims())).sub, "user-1");
  const over = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
  assert.throws(() => over.cacheJwks(sets(65)), (e) => e.code === "jwks_invalid" && e.name === "JwksValidationError");
});

test("bad options are refused at create with clear messages", () => {
  const bad = [
    [{}, /userPoolId/],
    [{ userPoolId: "nonsense", tokenUse: "access", clientId: "c" }, /Invalid Cognito User Pool ID: nonsense/],
    [{ userPoolId: h.POOL, tokenUse: "both", clientId: "c" }, /tokenUse/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: 5 }, /clientId/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: "c", graceSeconds: -1 }, /graceSeconds/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: "c", clientID: "typo" }, /unknown option 'clientID'/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: "c", jwksUri: "http://example.com/jwks" }, /jwksUri/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: "c", customJwtCheck: "yes" }, /customJwtCheck/],
    [{ userPoolId: h.POOL, tokenUse: "access", clientId: "c", jwksCache: { cooldown: 1 } }, /unknown option 'cooldown'/],
  ];
  for (const [options, message] of bad) {
    assert.throws(() => CognitoJwtVerifier.create(options), (e) => e.code === "invalid_config" && e.name === "ParameterValidationError" && message.test(e.message), JSON.stringify(options));
  }
  assert.throws(() => CognitoJwtVerifier.create("options"), /options must be an object/);
  // clientId, tokenUse (Cognito) and audience (OIDC) may come per call instead, as in
  // aws-jwt-verify: left out of create(), every call without them is refused.
  const noClient = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access" });
  noClient.cacheJwks(h.jwks(keyA));
  const token = h.sign(keyA, h.accessClaims());
  assert.throws(() => noClient.verifySync(token), (e) => e.code === "invalid_config" && /clientId/.test(e.message));
  assert.equal(noClient.verifySync(token, { clientId: h.CLIENT }).sub, "user-1");
  const noAudience = JwtVerifier.create({ issuer: "https://i.example" });
  assert.throws(() => noAudience.verifySync(token), /audience/);
  assert.throws(() => JwtVerifier.create({ issuer: "https://i.example", audience: "a", algorithms: ["HS256"] }), /unsupported algorithm/);
});

test("graceSeconds tolerates clock skew", () => {
  const late = h.sign(keyA, h.accessClaims({ exp: h.now() - 5 }));
  assert.equal(codeOf(() => cognito().verifySync(late)), "expired");
  assert.equal(cognito({ graceSeconds: 60 }).verifySync(late).username, "alice");
});
