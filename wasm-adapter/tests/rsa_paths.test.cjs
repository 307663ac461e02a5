// The RSA step has three homes: node:crypto (Node, Bun, workerd with nodejs_compat),
// WebCrypto (browsers, Workers, Deno) and the core's pure-wasm arithmetic (no host crypto).
// Every path must give the same verdict on the same tokens, for verify() and verifySync().
// The other paths are reached in Node by hiding process.getBuiltinModule (and
// crypto.subtle) while a verifier is created: detection happens at create().
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { CognitoJwtVerifier, JwtVerifier } = require("../pkg/node");
const h = require("./helpers.cjs");
const { createWithout, PATHS } = h;

const keyA = h.makeKey("k1");
const keyB = h.makeKey("k1"); // same kid, different key: a forger's signature
const key3072 = h.makeKey("big", 3072);

/** An OIDC verifier created while process.getBuiltinModule answers `fake` for node:crypto. */
function verifierWithNodeCrypto(overrides) {
  const fake = { ...crypto, createPublicKey: crypto.createPublicKey, constants: crypto.constants, ...overrides };
  const saved = process.getBuiltinModule;
  process.getBuiltinModule = (name) => (name === "node:crypto" ? fake : saved(name));
  try {
    return oidcVerifier([]);
  } finally {
    process.getBuiltinModule = saved;
  }
}

function oidcVerifier(hidden) {
  return createWithout(hidden, () => {
    const v = JwtVerifier.create({
      issuer: h.ISSUER, audience: "aud-1", algorithms: ["RS256", "RS384", "RS512"],
    });
    v.cacheJwks({ keys: [{ ...keyA.jwk, alg: undefined }, { ...key3072.jwk, alg: undefined }] });
    return v;
  });
}

function claims(extra = {}) {
  return { iss: h.ISSUER, aud: "aud-1", sub: "u", iat: h.now() - 5, exp: h.now() + 600, ...extra };
}

function signWith(key, alg, payload, kid = key.kid) {
  return h.signText(key, JSON.stringify({ alg, kid }), JSON.stringify(payload), alg);
}

function flipSignatureBit(token) {
  const dot = token.lastIndexOf(".");
  const sig = Buffer.from(token.slice(dot + 1), "base64url");
  sig[sig.length - 1] ^= 1;
  return `${token.slice(0, dot)}.${sig.toString("base64url")}`;
}

const CASES = [
  ["RS256 valid", signWith(keyA, "RS256", claims()), "accepted"],
  ["RS384 valid", signWith(keyA, "RS384", claims()), "accepted"],
  ["RS512 valid", signWith(keyA, "RS512", claims()), "accepted"],
  ["RS256 valid, 3072-bit key", signWith(key3072, "RS256", claims()), "accepted"],
  ["one signature bit flipped", flipSignatureBit(signWith(keyA, "RS256", claims())), "bad_signature"],
  ["signed by another key with the same kid", signWith(keyB, "RS256", claims()), "bad_signature"],
  ["RS256 signature relabelled RS512", (() => {
    const t = signWith(keyA, "RS256", claims());
    const header = h.b64(JSON.stringify({ alg: "RS512", kid: "k1" }));
    return `${header}.${t.split(".")[1]}.${t.split(".")[2]}`;
  })(), "bad_signature"],
  ["valid signature, expired", signWith(keyA, "RS256", claims({ exp: h.now() - 10 })), "expired"],
  ["bad signature and expired: the signature is judged first",
    flipSignatureBit(signWith(keyA, "RS256", claims({ exp: h.now() - 10 }))), "bad_signature"],
];

async function codeOfAsync(promise) {
  try {
    await promise;
    return "accepted";
  } catch (e) {
    return e.code;
  }
}

function codeOfSync(fn) {
  try {
    fn();
    return "accepted";
  } catch (e) {
    return e.code;
  }
}

for (const [path, hidden] of Object.entries(PATHS)) {
  test(`RSA through ${path}: verify() and verifySync() give the expected verdicts`, async () => {
    const v = oidcVerifier(hidden);
    for (const [label, token, expected] of CASES) {
      assert.equal(codeOfSync(() => v.verifySync(token)), expected, `${path} verifySync: ${label}`);
      assert.equal(await codeOfAsync(v.verify(token)), expected, `${path} verify: ${label}`);
    }
  });
}

test("hiding node:crypto really changes the path (the other paths are not node:crypto again)", () => {
  // With node:crypto present, a stubbed crypto.verify that says "valid" is what decides:
  // proof that the default path in Node runs the RSA step there.
  const v = verifierWithNodeCrypto({ verify: () => true });
  const forged = flipSignatureBit(signWith(keyA, "RS256", claims()));
  assert.equal(codeOfSync(() => v.verifySync(forged)), "accepted", "the stub decided");
  // Without node:crypto the same forged token is refused by the core's own arithmetic.
  assert.equal(codeOfSync(() => oidcVerifier(["node:crypto", "webcrypto"]).verifySync(forged)), "bad_signature");
});

test("without node:crypto, verify() asks WebCrypto (a lying subtle.verify decides)", async () => {
  const forged = flipSignatureBit(signWith(keyA, "RS256", claims()));
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  const subtle = crypto.webcrypto.subtle;
  const liar = {
    importKey: (...args) => subtle.importKey(...args),
    verify: async () => true,
  };
  // WebCrypto is found at create(), as node:crypto is: the verifier keeps the liar.
  Object.defineProperty(globalThis, "crypto", { value: { subtle: liar }, configurable: true, writable: true });
  let lied;
  try {
    lied = oidcVerifier(["node:crypto"]);
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
  assert.equal(await codeOfAsync(lied.verify(forged)), "accepted", "the stub decided");
  assert.equal(await codeOfAsync(oidcVerifier(["node:crypto"]).verify(forged)), "bad_signature");
});

test("node:crypto is asked with PKCS#1 v1.5 padding named explicitly", () => {
  const seen = [];
  const v = verifierWithNodeCrypto({
    verify: (digest, data, key, sig) => {
      seen.push({ digest, padding: key.padding, isView: data instanceof Uint8Array });
      return crypto.verify(digest, data, key, sig);
    },
  });
  v.verifySync(signWith(keyA, "RS384", claims()));
  assert.deepEqual(seen, [{ digest: "sha384", padding: crypto.constants.RSA_PKCS1_PADDING, isView: true }]);
});

test("a token the core refuses never reaches node:crypto", () => {
  let calls = 0;
  const v = verifierWithNodeCrypto({
    verify: (...args) => {
      calls += 1;
      return crypto.verify(...args);
    },
  });
  const good = signWith(keyA, "RS256", claims());
  const [, payload, sig] = good.split(".");
  for (const token of [
    `${h.b64(JSON.stringify({ alg: "none", kid: "k1" }))}.${payload}.`,
    `${h.b64(JSON.stringify({ alg: "HS256", kid: "k1" }))}.${payload}.${sig}`,
    `${h.b64(JSON.stringify({ alg: "RS256", kid: "nope" }))}.${payload}.${sig}`,
    `${good}=`,
    `${h.b64(JSON.stringify({ alg: "RS256", kid: "k1" }))}.${payload}.${sig.slice(0, -4)}`,
  ]) {
    assert.notEqual(codeOfSync(() => v.verifySync(token)), "accepted", token);
  }
  assert.equal(calls, 0);
});

test("non-string, non-ASCII and oversized tokens are refused with codes, without a crash", async () => {
  const v = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
  v.cacheJwks(h.jwks(keyA));
  for (const value of [undefined, null, 42, {}, ["a.b.c"], Buffer.from("a.b.c")]) {
    assert.equal(codeOfSync(() => v.verifySync(value)), "malformed", String(value));
    assert.equal(await codeOfAsync(v.verify(value)), "malformed", String(value));
  }
  const valid = h.sign(keyA, h.accessClaims());
  assert.equal(codeOfSync(() => v.verifySync(`${valid}é`)), "malformed");
  assert.equal(codeOfSync(() => v.verifySync(`\ud800${valid}`)), "malformed");
  assert.equal(codeOfSync(() => v.verifySync("a".repeat(10_000_000))), "too_large");
  // The reused buffer holds no trace of earlier tokens: a shorter valid token still verifies.
  assert.equal(codeOfSync(() => v.verifySync(valid)), "accepted");
});

test("a custom check may call the same verifier again (no re-entrancy failure)", () => {
  let inner = "not run";
  const v = CognitoJwtVerifier.create({
    userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT,
    customJwtCheck: ({ payload }) => {
      if (payload.sub === "inner") return true;
      inner = codeOfSync(() => v.verifySync(h.sign(keyA, h.accessClaims({ sub: "inner" }))));
      return true;
    },
  });
  v.cacheJwks(h.jwks(keyA));
  assert.equal(codeOfSync(() => v.verifySync(h.sign(keyA, h.accessClaims()))), "accepted");
  assert.equal(inner, "accepted");
});
