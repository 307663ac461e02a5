// The web package's two builds, run in Node with host facilities hidden: pkg/web (host
// crypto only, the default for workers and browsers) never gives a verdict it cannot
// check — a host without crypto gets NotSupportedError — and pkg/web-pure (`edgejwt/pure`)
// verifies there with the core's arithmetic. Same verdicts as pkg/node wherever it checks.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const h = require("./helpers.cjs");

const keyA = h.makeKey("k1");
const keyB = h.makeKey("k1");

/** One build's ES module entry, initialised from its .wasm bytes (as workerd.js does). */
async function load(dir) {
  const folder = path.join(__dirname, "..", "pkg", dir);
  const pkg = await import(path.join(folder, "index.js"));
  pkg.initSync({ module: fs.readFileSync(path.join(folder, "edgejwt_wasm_bg.wasm")) });
  return pkg;
}

function cognito(pkg, hidden, extra = {}) {
  return h.createWithout(hidden, () => {
    const v = pkg.CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, ...extra });
    v.cacheJwks(h.jwks(keyA));
    return v;
  });
}

async function outcome(run) {
  try {
    return { payload: await run() };
  } catch (error) {
    return { error };
  }
}

test("pkg/web without any host crypto refuses every signature with NotSupportedError, never a verdict", async () => {
  const web = await load("web");
  const v = cognito(web, h.PATHS["pure wasm"]);
  const valid = h.sign(keyA, h.accessClaims());
  const forged = h.sign(keyB, h.accessClaims());
  for (const token of [valid, forged]) {
    for (const run of [() => v.verifySync(token), () => v.verify(token)]) {
      const { payload, error } = await outcome(run);
      assert.equal(payload, undefined, "no verdict without a signature check");
      assert.equal(error.code, "not_supported");
      assert.ok(error instanceof web.NotSupportedError && error instanceof web.JwtBaseError);
      assert.match(error.message, /edgejwt\/pure/);
    }
  }
  // What is decided before the signature step is still decided.
  const { error } = await outcome(() => v.verify("not.a.token"));
  assert.equal(error.code, "malformed");
});

test("pkg/web: verifySync without node:crypto refuses; verify() checks with WebCrypto", async () => {
  const web = await load("web");
  const v = cognito(web, h.PATHS.WebCrypto);
  const valid = h.sign(keyA, h.accessClaims());
  const forged = h.sign(keyB, h.accessClaims());
  assert.equal((await v.verify(valid)).sub, "user-1");
  assert.equal((await outcome(() => v.verify(forged))).error.code, "bad_signature");
  const sync = await outcome(() => v.verifySync(valid));
  assert.equal(sync.error.code, "not_supported");
  assert.ok(sync.error instanceof web.NotSupportedError);
});

test("pkg/web with node:crypto (Node, workerd's nodejs_compat) verifies synchronously too", async () => {
  const web = await load("web");
  const v = cognito(web, h.PATHS["node:crypto"]);
  const valid = h.sign(keyA, h.accessClaims());
  const forged = h.sign(keyB, h.accessClaims());
  assert.equal(v.verifySync(valid).sub, "user-1");
  assert.equal((await v.verify(valid)).sub, "user-1");
  assert.equal((await outcome(() => v.verifySync(forged))).error.code, "bad_signature");
  assert.equal((await outcome(() => v.verify(forged))).error.code, "bad_signature");
});

test("pkg/web: rawJwt comes from an awaited WebCrypto check, and only for a valid signature", async () => {
  const web = await load("web");
  const v = cognito(web, h.PATHS.WebCrypto, { includeRawJwtInErrors: true });
  const exp = h.now() - 30;
  const expired = await outcome(() => v.verify(h.sign(keyA, h.accessClaims({ exp }))));
  assert.equal(expired.error.code, "expired");
  assert.equal(expired.error.rawJwt.payload.exp, exp);
  // Another claim's rejection: the contents come with it, as the signature verified.
  const wrongIssuer = await outcome(() => v.verify(h.sign(keyA, h.accessClaims({ iss: "https://other" }))));
  assert.equal(wrongIssuer.error.code, "issuer_mismatch");
  assert.equal(wrongIssuer.error.rawJwt.payload.iss, "https://other");
  const forged = await outcome(() => v.verify(h.sign(keyB, h.accessClaims({ exp }))));
  assert.equal(forged.error.code, "bad_signature");
  assert.equal(forged.error.rawJwt, undefined);
});

test("pkg/web-pure (edgejwt/pure) verifies where the host has no crypto, with pkg/node's verdicts", async () => {
  const pure = await load("web-pure");
  const node = require("../pkg/node");
  const tokens = [
    h.sign(keyA, h.accessClaims()),
    h.sign(keyB, h.accessClaims()),
    h.sign(keyA, h.accessClaims({ exp: h.now() - 30 })),
    h.sign(keyA, h.accessClaims({ client_id: "other" })),
  ];
  const v = cognito(pure, h.PATHS["pure wasm"]);
  const reference = cognito(node, h.PATHS["node:crypto"]);
  for (const token of tokens) {
    const expected = await outcome(() => reference.verify(token));
    for (const run of [() => v.verifySync(token), () => v.verify(token)]) {
      const got = await outcome(run);
      assert.equal(got.payload?.sub, expected.payload?.sub);
      assert.equal(got.error?.code, expected.error?.code);
    }
  }
});

test("the package's exports map serves the host-only build by default and the pure one as edgejwt/pure", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "../pkg/package.json"), "utf8"));
  const main = manifest.exports["."];
  for (const condition of ["workerd", "browser", "worker", "deno", "default"]) {
    assert.match(main[condition], /^\.\/web\//, condition);
  }
  const pure = manifest.exports["./pure"];
  for (const condition of ["workerd", "browser", "worker", "deno", "default"]) {
    assert.match(pure[condition], /^\.\/web-pure\//, condition);
  }
  assert.ok(manifest.files.includes("web-pure/"));
});
