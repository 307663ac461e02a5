// verify() on hosts whose only crypto is WebCrypto (Workers without nodejs_compat,
// browsers, Deno). Once a key is imported, the token is parsed once and finished in one
// `then` on subtle.verify's promise; these tests hold that path to the same rules as
// the full one: only a boolean from WebCrypto is a verdict, a failure falls back (pure
// wasm where the build has it, NotSupportedError where not), and everything after the
// signature (claims, rawJwt, customJwtCheck) is unchanged. Run against pkg/node (with
// pure-wasm arithmetic) and pkg/web (host crypto only).
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./helpers.cjs");

const keyA = h.makeKey("k1");
const keyB = h.makeKey("k1"); // same kid, another key: a forger's signature

async function load(build) {
  if (build === "node") return require("../pkg/node");
  const folder = path.join(__dirname, "..", "pkg", build);
  const pkg = await import(path.join(folder, "index.js"));
  pkg.initSync({ module: fs.readFileSync(path.join(folder, "edgejwt_wasm_bg.wasm")) });
  return pkg;
}

/** A Cognito verifier whose WebCrypto is `subtle` (node:crypto hidden), keys cached. */
function withSubtle(pkg, subtle, extra = {}) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
  Object.defineProperty(globalThis, "crypto", { value: { subtle }, configurable: true, writable: true });
  try {
    return h.createWithout(["node:crypto"], () => {
      const v = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, ...extra });
      v.cacheJwks(h.jwks(keyA));
      return v;
    });
  } finally {
    Object.defineProperty(globalThis, "crypto", saved);
  }
}

/** The host's WebCrypto with `verify` replaced once `armed` is set (after the import). */
function subtleWith(verify) {
  const real = crypto.webcrypto.subtle;
  const state = { armed: false, calls: 0 };
  state.subtle = {
    importKey: (...args) => real.importKey(...args),
    verify(...args) {
      state.calls += 1;
      return state.armed ? verify(...args) : real.verify(...args);
    },
  };
  return state;
}

async function codeOf(promise) {
  try {
    await promise;
    return "accepted";
  } catch (error) {
    return error.code;
  }
}

for (const build of ["node", "web"]) {
  // What the full path says when WebCrypto fails: the core's arithmetic where the build
  // has it (pkg/node), NotSupportedError where not (pkg/web). Never WebCrypto's "answer".
  const fallback = (verdict) => (build === "node" ? verdict : "not_supported");

  test(`${build}: a subtle.verify that rejects after the key is imported is not a verdict`, async () => {
    const pkg = await load(build);
    const host = subtleWith(() => Promise.reject(new Error("device lost")));
    const v = withSubtle(pkg, host.subtle);
    await v.verify(h.sign(keyA, h.accessClaims())); // imports the key
    host.armed = true;
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims()))), fallback("accepted"));
    assert.equal(await codeOf(v.verify(h.sign(keyB, h.accessClaims()))), fallback("bad_signature"));
  });

  test(`${build}: a subtle.verify that answers a non-boolean truthy value never accepts`, async () => {
    const pkg = await load(build);
    for (const answer of [1, "true", {}, [true], Promise.resolve(1)]) {
      const host = subtleWith(() => Promise.resolve(answer));
      const v = withSubtle(pkg, host.subtle);
      await v.verify(h.sign(keyA, h.accessClaims()));
      host.armed = true;
      assert.equal(await codeOf(v.verify(h.sign(keyB, h.accessClaims()))), fallback("bad_signature"), String(answer));
    }
  });

  test(`${build}: a subtle.verify that throws synchronously falls back, not through`, async () => {
    const pkg = await load(build);
    const host = subtleWith(() => {
      throw new TypeError("not callable here");
    });
    const v = withSubtle(pkg, host.subtle);
    await v.verify(h.sign(keyA, h.accessClaims()));
    host.armed = true;
    assert.equal(await codeOf(v.verify(h.sign(keyB, h.accessClaims()))), fallback("bad_signature"));
  });

  test(`${build}: WebCrypto's false is bad_signature before any claim is judged`, async () => {
    const pkg = await load(build);
    const host = subtleWith(() => Promise.resolve(false));
    const v = withSubtle(pkg, host.subtle);
    await v.verify(h.sign(keyA, h.accessClaims()));
    host.armed = true;
    // Valid in every other way, and also expired: the signature is judged first.
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims()))), "bad_signature");
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ exp: h.now() - 60 })))), "bad_signature");
  });

  test(`${build}: one subtle.verify call per verify() once the key is imported`, async () => {
    const pkg = await load(build);
    const host = subtleWith(() => Promise.resolve(true));
    const v = withSubtle(pkg, host.subtle);
    await v.verify(h.sign(keyA, h.accessClaims()));
    const before = host.calls;
    for (let i = 0; i < 5; i++) await v.verify(h.sign(keyA, h.accessClaims({ username: `u${i}` })));
    assert.equal(host.calls - before, 5);
  });

  test(`${build}: claims are still judged after WebCrypto accepts the signature`, async () => {
    const pkg = await load(build);
    const v = withSubtle(pkg, crypto.webcrypto.subtle);
    await v.verify(h.sign(keyA, h.accessClaims()));
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ exp: h.now() - 60 })))), "expired");
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ client_id: "other" })))), "client_id_mismatch");
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ token_use: "id" })))), "token_use_mismatch");
    assert.equal((await v.verify(h.sign(keyA, h.accessClaims({ sub: "s-9" })))).sub, "s-9");
  });

  test(`${build}: an asynchronous customJwtCheck is awaited on the imported-key path`, async () => {
    const pkg = await load(build);
    const seen = [];
    const v = withSubtle(pkg, crypto.webcrypto.subtle, {
      customJwtCheck: async ({ payload, jwk }) => {
        seen.push(jwk.kid);
        if (payload.sub === "deny") throw Object.assign(new Error("denied"), { code: "my_code" });
        if (payload.sub === "false") return false;
      },
    });
    await v.verify(h.sign(keyA, h.accessClaims()));
    assert.equal((await v.verify(h.sign(keyA, h.accessClaims({ sub: "ok" })))).sub, "ok");
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ sub: "deny" })))), "my_code");
    assert.equal(await codeOf(v.verify(h.sign(keyA, h.accessClaims({ sub: "false" })))), "custom_rejected");
    assert.equal(await codeOf(v.verify(h.sign(keyB, h.accessClaims({ sub: "ok" })))), "bad_signature");
    assert.deepEqual(seen, ["k1", "k1", "k1", "k1"]);
  });

  test(`${build}: rawJwt on the imported-key path only when the signature verified`, async () => {
    const pkg = await load(build);
    const v = withSubtle(pkg, crypto.webcrypto.subtle, { includeRawJwtInErrors: true });
    await v.verify(h.sign(keyA, h.accessClaims()));
    const exp = h.now() - 30;
    let error = await v.verify(h.sign(keyA, h.accessClaims({ exp }))).catch((e) => e);
    assert.equal(error.code, "expired");
    assert.equal(error.rawJwt.payload.exp, exp);
    error = await v.verify(h.sign(keyB, h.accessClaims({ exp }))).catch((e) => e);
    assert.equal(error.code, "bad_signature");
    assert.equal(error.rawJwt, undefined);
  });
}
