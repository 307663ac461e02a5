// ES256/384/512, EdDSA/Ed25519 and PS256/384/512 on the package's three signature paths
// (node:crypto, WebCrypto, pure wasm): the same verdicts everywhere, for verify() and
// verifySync(); keys bound to their algorithm; the host asked with the right scheme.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const { JwtVerifier } = require("../pkg/node");
const h = require("./helpers.cjs");
const { createWithout, PATHS } = h;

const ALL = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

function keyPair(type, options, kid, alg) {
  const { privateKey, publicKey } = h.generateKeyPair(type, options);
  const jwk = { ...publicKey.export({ format: "jwk" }), kid, use: "sig" };
  if (alg) jwk.alg = alg;
  return { kid, privateKey, jwk };
}

const keys = {
  rsa: keyPair("rsa", { modulusLength: 2048 }, "rsa"),
  p256: keyPair("ec", { namedCurve: "P-256" }, "p256", "ES256"),
  p384: keyPair("ec", { namedCurve: "P-384" }, "p384", "ES384"),
  p521: keyPair("ec", { namedCurve: "P-521" }, "p521", "ES512"),
  ed25519: keyPair("ed25519", undefined, "ed25519"),
};
const keyFor = { ES256: keys.p256, ES384: keys.p384, ES512: keys.p521, EdDSA: keys.ed25519, Ed25519: keys.ed25519 };
const HASH = { RS256: "sha256", RS384: "sha384", RS512: "sha512", PS256: "sha256", PS384: "sha384", PS512: "sha512", ES256: "sha256", ES384: "sha384", ES512: "sha512" };

/** A JWS signature made by node:crypto, in the JWS form of `alg`. */
function signature(alg, key, input) {
  const data = Buffer.from(input);
  if (alg.startsWith("PS")) {
    return crypto.sign(HASH[alg], data, { key: key.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST });
  }
  if (alg.startsWith("ES")) return crypto.sign(HASH[alg], data, { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  if (alg === "EdDSA" || alg === "Ed25519") return crypto.sign(null, data, key.privateKey);
  return crypto.sign(HASH[alg], data, key.privateKey);
}

function claims(extra = {}) {
  return { iss: h.ISSUER, aud: "aud-1", sub: "u", iat: h.now() - 5, exp: h.now() + 600, ...extra };
}

function token(alg, { key = keyFor[alg] || keys.rsa, kid = key.kid, payload = claims() } = {}) {
  const input = `${h.b64(JSON.stringify({ alg, kid }))}.${h.b64(JSON.stringify(payload))}`;
  return `${input}.${h.b64(signature(alg, key, input))}`;
}

function flipSignatureBit(t) {
  const dot = t.lastIndexOf(".");
  const sig = Buffer.from(t.slice(dot + 1), "base64url");
  sig[5] ^= 1;
  return `${t.slice(0, dot)}.${sig.toString("base64url")}`;
}

function verifier(hidden, algorithms = ALL) {
  return createWithout(hidden, () => {
    const v = JwtVerifier.create({ issuer: h.ISSUER, audience: "aud-1", algorithms });
    v.cacheJwks({ keys: Object.values(keys).map((k) => k.jwk) });
    return v;
  });
}

async function codeOfAsync(promise) {
  try { await promise; return "accepted"; } catch (e) { return e.code; }
}
function codeOfSync(fn) {
  try { fn(); return "accepted"; } catch (e) { return e.code; }
}

const CASES = [];
for (const alg of ALL) {
  CASES.push([`${alg} valid`, token(alg), "accepted"]);
  CASES.push([`${alg} one signature bit flipped`, flipSignatureBit(token(alg)), "bad_signature"]);
}
CASES.push(["ES256 token naming the RSA key", token("ES256", { kid: "rsa" }), "key_rejected"]);
CASES.push(["RS256 token naming the P-256 key", token("RS256", { kid: "p256" }), "key_rejected"]);
CASES.push(["ES384 token naming the P-256 key", token("ES384", { key: keys.p256, kid: "p256" }), "key_rejected"]);
CASES.push(["EdDSA token naming the P-256 key", token("EdDSA", { kid: "p256" }), "key_rejected"]);
CASES.push(["ES256 signed by another P-256 key", token("ES256", { key: keyPair("ec", { namedCurve: "P-256" }, "p256"), kid: "p256" }), "bad_signature"]);
CASES.push(["ES256 with a DER signature", (() => {
  const t = token("ES256");
  const input = t.slice(0, t.lastIndexOf("."));
  const der = crypto.sign("sha256", Buffer.from(input), keys.p256.privateKey);
  return `${input}.${h.b64(der)}`;
})(), "bad_signature"]);
CASES.push(["ES256 with r = s = 0", (() => {
  const t = token("ES256");
  return `${t.slice(0, t.lastIndexOf("."))}.${h.b64(Buffer.alloc(64))}`;
})(), "bad_signature"]);
CASES.push(["PS256 signed as RS256", (() => {
  const input = `${h.b64(JSON.stringify({ alg: "PS256", kid: "rsa" }))}.${h.b64(JSON.stringify(claims()))}`;
  return `${input}.${h.b64(crypto.sign("sha256", Buffer.from(input), keys.rsa.privateKey))}`;
})(), "bad_signature"]);
CASES.push(["ES512 valid, expired", token("ES512", { payload: claims({ exp: h.now() - 10 }) }), "expired"]);

for (const [path, hidden] of Object.entries(PATHS)) {
  test(`every algorithm through ${path}: verify() and verifySync() give the expected verdicts`, async () => {
    const v = verifier(hidden);
    for (const [label, t, expected] of CASES) {
      assert.equal(codeOfSync(() => v.verifySync(t)), expected, `${path} verifySync: ${label}`);
      assert.equal(await codeOfAsync(v.verify(t)), expected, `${path} verify: ${label}`);
    }
  });
}

for (const [path, hidden] of Object.entries(PATHS)) {
  test(`keys sharing a kid are told apart by the token's algorithm through ${path}; customJwtCheck gets the key that verified`, async () => {
    const seen = [];
    const v = createWithout(hidden, () => {
      const created = JwtVerifier.create({
        issuer: h.ISSUER, audience: "aud-1", algorithms: ALL,
        customJwtCheck: ({ jwk }) => { seen.push(jwk.crv ? `${jwk.kty}:${jwk.crv}` : jwk.kty); },
      });
      // RFC 7517 4.5: keys of different types under one kid, the RSA key first.
      created.cacheJwks({ keys: [keys.rsa, keys.p256, keys.ed25519].map((k) => ({ ...k.jwk, kid: "shared" })) });
      return created;
    });
    for (const [alg, key, kind] of [["RS256", keys.rsa, "RSA"], ["ES256", keys.p256, "EC:P-256"], ["EdDSA", keys.ed25519, "OKP:Ed25519"]]) {
      const t = token(alg, { key, kid: "shared" });
      seen.length = 0;
      assert.equal(codeOfSync(() => v.verifySync(t)), "accepted", `${path} verifySync ${alg}`);
      assert.equal(await codeOfAsync(v.verify(t)), "accepted", `${path} verify ${alg}`);
      assert.deepEqual(seen, [kind, kind], `${path} ${alg}: the jwk handed to customJwtCheck`);
    }
    // No P-384 key under that kid: refused at key policy, never tried with another kind.
    const p384 = token("ES384", { kid: "shared" });
    assert.equal(codeOfSync(() => v.verifySync(p384)), "key_rejected", path);
    assert.equal(await codeOfAsync(v.verify(p384)), "key_rejected", path);
  });
}

test("the default allow-list is RS256 only; unknown names are refused at create()", () => {
  const v = createWithout([], () => {
    const created = JwtVerifier.create({ issuer: h.ISSUER, audience: "aud-1" });
    created.cacheJwks({ keys: Object.values(keys).map((k) => k.jwk) });
    return created;
  });
  assert.equal(codeOfSync(() => v.verifySync(token("ES256"))), "unsupported_algorithm");
  for (const name of ["HS256", "none", "es256", "Ed448"]) {
    assert.throws(() => JwtVerifier.create({ issuer: h.ISSUER, audience: "a", algorithms: [name] }),
      (e) => e.code === "invalid_config" && /unsupported algorithm/.test(e.message), name);
  }
});

test("node:crypto is asked with the scheme named explicitly for each family", () => {
  const seen = [];
  const fake = {
    ...crypto,
    verify: (digest, data, key, sig) => {
      seen.push({ digest, padding: key.padding, saltLength: key.saltLength, dsaEncoding: key.dsaEncoding });
      return crypto.verify(digest, data, key.key ? key : key, sig);
    },
  };
  const saved = process.getBuiltinModule;
  process.getBuiltinModule = (name) => (name === "node:crypto" ? fake : saved(name));
  let v;
  try { v = verifier([]); } finally { process.getBuiltinModule = saved; }
  for (const alg of ["PS384", "ES256", "EdDSA"]) v.verifySync(token(alg));
  assert.deepEqual(seen, [
    { digest: "sha384", padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST, dsaEncoding: undefined },
    { digest: "sha256", padding: undefined, saltLength: undefined, dsaEncoding: "ieee-p1363" },
    { digest: null, padding: undefined, saltLength: undefined, dsaEncoding: undefined },
  ]);
});

test("customJwtCheck sees the JWK of an EC or OKP key that verified", async () => {
  const seen = [];
  const v = createWithout([], () => {
    const created = JwtVerifier.create({
      issuer: h.ISSUER, audience: "aud-1", algorithms: ["ES256", "EdDSA"],
      customJwtCheck: ({ jwk }) => { seen.push(jwk); },
    });
    created.cacheJwks({ keys: [keys.p256.jwk, keys.ed25519.jwk] });
    return created;
  });
  await v.verify(token("ES256"));
  v.verifySync(token("EdDSA"));
  // The JWK as the set gave it (aws-jwt-verify passes the JWKS member): use and alg kept.
  assert.deepEqual(seen[0], { kty: "EC", crv: "P-256", x: keys.p256.jwk.x, y: keys.p256.jwk.y, kid: "p256", use: "sig", alg: "ES256" });
  assert.deepEqual(seen[1], { kty: "OKP", crv: "Ed25519", x: keys.ed25519.jwk.x, kid: "ed25519", use: "sig" });
});

// workerd's node:crypto (nodejs_compat) takes only a KeyObject as `crypto.verify`'s key:
// `{ key, padding }` throws ERR_INVALID_ARG_TYPE. The package then uses the bare KeyObject
// where its defaults are the algorithm's scheme (RS*, EdDSA), and otherwise asks WebCrypto
// in verify(); never a silent, slow fall to pure wasm when a host path exists.
test("a node:crypto that takes only a KeyObject: bare key where exact, else WebCrypto", async () => {
  const calls = { bare: 0, refused: 0, subtle: 0 };
  const fake = {
    ...crypto,
    verify: (digest, data, key, sig) => {
      if (!(key instanceof crypto.KeyObject)) {
        calls.refused += 1;
        const error = new TypeError('The "key" argument must be of type KeyObject');
        error.code = "ERR_INVALID_ARG_TYPE";
        throw error;
      }
      calls.bare += 1;
      return crypto.verify(digest, data, key, sig);
    },
  };
  const savedSubtleVerify = globalThis.crypto.subtle.verify;
  globalThis.crypto.subtle.verify = function (...args) {
    calls.subtle += 1;
    return savedSubtleVerify.apply(this, args);
  };
  const saved = process.getBuiltinModule;
  process.getBuiltinModule = (name) => (name === "node:crypto" ? fake : saved(name));
  let v;
  try { v = verifier([]); } finally { process.getBuiltinModule = saved; }
  try {
    // RS256 and EdDSA: the bare KeyObject after one refusal per key; both verify paths.
    for (const alg of ["RS256", "EdDSA"]) {
      assert.equal(v.verifySync(token(alg)).sub, "u", alg);
      assert.equal((await v.verify(token(alg))).sub, "u", alg);
      assert.throws(() => v.verifySync(flipSignatureBit(token(alg))), (e) => e.code === "bad_signature", alg);
      await assert.rejects(v.verify(flipSignatureBit(token(alg))), (e) => e.code === "bad_signature", alg);
    }
    assert.equal(calls.subtle, 0, "RS256 and EdDSA never needed WebCrypto");
    const refusedBefore = calls.refused;
    assert.ok(refusedBefore <= 2, `one refusal per key at most, not per token: ${refusedBefore}`);
    // ES256 and PS256 need options the bare form lacks: verify() asks WebCrypto.
    for (const alg of ["ES256", "PS256"]) {
      const before = calls.subtle;
      assert.equal((await v.verify(token(alg))).sub, "u", alg);
      assert.ok(calls.subtle > before, `${alg} went to WebCrypto`);
      await assert.rejects(v.verify(flipSignatureBit(token(alg))), (e) => e.code === "bad_signature", alg);
      // verifySync has no asynchronous host: the core's arithmetic, same verdicts.
      assert.equal(v.verifySync(token(alg)).sub, "u", alg);
      assert.throws(() => v.verifySync(flipSignatureBit(token(alg))), (e) => e.code === "bad_signature", alg);
    }
  } finally {
    globalThis.crypto.subtle.verify = savedSubtleVerify;
  }
});

/** The JWK of `key` with the last bit of its y flipped: a point off the curve. */
function offCurve(key, kid) {
  const y = Buffer.from(key.jwk.y, "base64url");
  y[y.length - 1] ^= 1;
  return { ...key.jwk, kid, y: y.toString("base64url") };
}

test("an EC key whose point is off its curve is never used, on every path and in pkg/web (invalid-curve attack)", async () => {
  const fs = require("node:fs");
  const path = require("node:path");
  const folder = path.join(__dirname, "..", "pkg", "web");
  const web = await import(path.join(folder, "index.js"));
  web.initSync({ module: fs.readFileSync(path.join(folder, "edgejwt_wasm_bg.wasm")) });
  const bad = { ES256: offCurve(keys.p256, "bad-p256"), ES384: offCurve(keys.p384, "bad-p384"), ES512: offCurve(keys.p521, "bad-p521") };
  const builds = [["pkg/node", JwtVerifier, PATHS], ["pkg/web", web.JwtVerifier, { "node:crypto": [], WebCrypto: ["node:crypto"] }]];
  for (const [build, Verifier, paths] of builds) {
    for (const [hostPath, hidden] of Object.entries(paths)) {
      const v = createWithout(hidden, () => {
        const made = Verifier.create({ issuer: h.ISSUER, audience: "aud-1", algorithms: ALL });
        // The set still loads: the bad key is kept only to answer key_rejected.
        made.cacheJwks({ keys: [...Object.values(bad), keys.p256.jwk] });
        return made;
      });
      for (const [alg, jwk] of Object.entries(bad)) {
        // Signed by the real key, whose x the bad JWK shares.
        const t = token(alg, { kid: jwk.kid });
        const where = `${build} ${hostPath} ${alg}`;
        assert.equal(await codeOfAsync(v.verify(t)), "key_rejected", `${where} verify`);
        if (hostPath !== "WebCrypto") assert.equal(codeOfSync(() => v.verifySync(t)), "key_rejected", `${where} verifySync`);
      }
      assert.equal(await codeOfAsync(v.verify(token("ES256"))), "accepted", `${build} ${hostPath}: the good key beside them`);
    }
  }
});
