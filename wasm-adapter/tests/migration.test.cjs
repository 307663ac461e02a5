// Code moved from aws-jwt-verify either behaves the same or is refused loudly, and the
// defects outside testing found stay fixed, on each home of the RSA step (node:crypto,
// WebCrypto, pure wasm) for verify() and verifySync().
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const http = require("node:http");
const zlib = require("node:zlib");
const pkg = require("../pkg/node");
const h = require("./helpers.cjs");

const { CognitoJwtVerifier, JwtVerifier } = pkg;
const keyA = h.makeKey("k1");

function cognitoOn(path, extra = {}) {
  return h.createWithout(h.PATHS[path], () => {
    const v = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, ...extra });
    v.cacheJwks(h.jwks(keyA));
    return v;
  });
}

/** `{ value }` or `{ error }` of a promise, or of a function (sync or async). */
async function outcome(promiseOrFn) {
  try {
    const value = await (typeof promiseOrFn === "function" ? promiseOrFn() : promiseOrFn);
    return { value };
  } catch (error) {
    return { error };
  }
}

class NotAdminError extends Error {
  constructor() {
    super("not an admin");
    this.why = "admin is false";
  }
}

for (const path of Object.keys(h.PATHS)) {
  test(`[${path}] an async customJwtCheck that throws rejects verify() with its own error`, async () => {
    const v = cognitoOn(path, { customJwtCheck: async () => { throw new NotAdminError(); } });
    const token = h.sign(keyA, h.accessClaims());
    let result;
    const unhandled = await h.unhandledRejectionsDuring(async () => { result = await outcome(v.verify(token)); });
    assert.ok(result.error instanceof NotAdminError, String(result.error));
    assert.equal(result.error.why, "admin is false");
    assert.equal(result.error.code, "custom_rejected");
    assert.equal(unhandled, 0);
  });

  test(`[${path}] verifySync refuses an async customJwtCheck without an unhandled rejection`, async () => {
    const v = cognitoOn(path, { customJwtCheck: async () => { throw new Error("no"); } });
    let result;
    const unhandled = await h.unhandledRejectionsDuring(async () => {
      result = await outcome(() => v.verifySync(h.sign(keyA, h.accessClaims())));
    });
    assert.ok(result.error instanceof pkg.ParameterValidationError);
    assert.equal(result.error.code, "invalid_config");
    assert.match(result.error.message, /synchronous/);
    assert.equal(unhandled, 0);
    // Even one that would fulfil: verifySync cannot wait for it.
    const fulfils = cognitoOn(path, { customJwtCheck: async () => {} });
    assert.equal((await outcome(() => fulfils.verifySync(h.sign(keyA, h.accessClaims())))).error.code, "invalid_config");
  });

  test(`[${path}] an async customJwtCheck that fulfils lets verify() resolve; false still rejects`, async () => {
    const token = h.sign(keyA, h.accessClaims());
    assert.equal((await cognitoOn(path, { customJwtCheck: async () => "ignored" }).verify(token)).sub, "user-1");
    const no = await outcome(cognitoOn(path, { customJwtCheck: async () => false }).verify(token));
    assert.equal(no.error.code, "custom_rejected");
  });

  test(`[${path}] an aws-jwt-verify-shaped check sees { header, payload, jwk } and can reject`, async () => {
    const seen = [];
    const check = ({ header, payload, jwk }) => {
      seen.push({ header, payload, jwk });
      if (payload.admin === false) throw new NotAdminError();
    };
    const v = cognitoOn(path, { customJwtCheck: check });
    const admin = h.sign(keyA, h.accessClaims({ admin: true }));
    const notAdmin = h.sign(keyA, h.accessClaims({ admin: false }));
    assert.equal(v.verifySync(admin).admin, true);
    assert.equal((await v.verify(admin)).admin, true);
    for (const attempt of [() => v.verifySync(notAdmin), () => v.verify(notAdmin)]) {
      const { error } = await outcome(attempt);
      assert.ok(error instanceof NotAdminError);
      assert.equal(error.code, "custom_rejected");
    }
    const { header, payload, jwk } = seen[0];
    assert.equal(header.kid, "k1");
    assert.equal(payload.sub, "user-1");
    assert.deepEqual({ kty: jwk.kty, kid: jwk.kid, alg: jwk.alg, n: jwk.n, e: jwk.e },
      { kty: "RSA", kid: "k1", alg: "RS256", n: keyA.jwk.n, e: keyA.jwk.e });
    // A thrown error that already has a code keeps it.
    const coded = cognitoOn(path, { customJwtCheck: () => { throw Object.assign(new Error("x"), { code: "E_MINE" }); } });
    assert.equal((await outcome(() => coded.verifySync(admin))).error.code, "E_MINE");
  });

  test(`[${path}] expiry and not-before are judged to the millisecond`, async () => {
    const exp = h.now() + 100;
    const token = h.sign(keyA, h.accessClaims({ exp: exp + 0.5 }));
    const v = cognitoOn(path);
    for (const [millis, expected] of [[exp * 1000 + 499, "accepted"], [exp * 1000 + 500, "expired"], [exp * 1000 + 800, "expired"]]) {
      const sync = h.at(millis, () => outcome(() => v.verifySync(token)));
      const later = await h.at(millis, () => outcome(v.verify(token)));
      for (const result of [await sync, later]) {
        assert.equal(result.error ? result.error.code : "accepted", expected, `${path} at ${millis}`);
      }
    }
    const nbf = h.now() - 100;
    const early = h.sign(keyA, h.accessClaims({ nbf: nbf + 0.5 }));
    assert.equal(h.at(nbf * 1000 + 499, () => (() => { try { v.verifySync(early); return "accepted"; } catch (e) { return e.code; } })()), "not_yet_valid");
    assert.equal(h.at(nbf * 1000 + 500, () => v.verifySync(early).sub), "user-1");
  });

  test(`[${path}] errors are instances of the exported aws-jwt-verify classes`, async () => {
    const v = cognitoOn(path);
    const cases = [
      [h.accessClaims({ exp: h.now() - 1 }), pkg.JwtExpiredError, "expired"],
      [h.accessClaims({ iss: undefined }), pkg.JwtInvalidIssuerError, "missing_claim"],
      [h.accessClaims({ token_use: undefined }), pkg.CognitoJwtInvalidTokenUseError, "missing_claim"],
      [h.accessClaims({ client_id: undefined }), pkg.CognitoJwtInvalidClientIdError, "missing_claim"],
      [h.accessClaims({ exp: "tomorrow" }), pkg.JwtParseError, "invalid_claim"],
      [h.accessClaims({ iss: 5 }), pkg.JwtParseError, "invalid_claim"],
    ];
    for (const [claims, errorClass, code] of cases) {
      const token = h.sign(keyA, claims);
      for (const attempt of [() => v.verifySync(token), () => v.verify(token)]) {
        const { error } = await outcome(attempt);
        assert.ok(error instanceof errorClass, `${code}: ${error && error.name}`);
        assert.ok(error instanceof pkg.JwtBaseError && error instanceof Error);
        assert.equal(error.name, errorClass.name);
        assert.equal(error.code, code);
      }
    }
    const expired = (await outcome(() => v.verifySync(h.sign(keyA, h.accessClaims({ exp: 1 }))))).error;
    assert.ok(expired instanceof pkg.JwtInvalidClaimError, "JwtExpiredError is a JwtInvalidClaimError");
    const noAlg = h.signText(keyA, JSON.stringify({ kid: "k1" }), JSON.stringify(h.accessClaims()));
    const noAlgError = (await outcome(() => v.verifySync(noAlg))).error;
    assert.ok(noAlgError instanceof pkg.JwtInvalidSignatureAlgorithmError);
    assert.equal(noAlgError.code, "malformed");
  });

  test(`[${path}] standard claims must have their type even where no rule reads them (README's differences table)`, async () => {
    const v = cognitoOn(path);
    const cases = [
      [{ sub: 5 }, "invalid_claim"],
      [{ iat: "x" }, "invalid_claim"],
      [{ aud: ["app", 5] }, "invalid_claim"],
      [{ "cognito:groups": "staff" }, "invalid_claim"],
      [{ jti: null }, "invalid_claim"],
      // A claim outside the standard list is the caller's business, whatever its type.
      [{ custom: 5, "custom:flags": [1, { a: null }] }, "accepted"],
    ];
    for (const [changes, expected] of cases) {
      const token = h.sign(keyA, h.accessClaims(changes));
      for (const attempt of [() => v.verifySync(token), () => v.verify(token)]) {
        const { error } = await outcome(attempt);
        assert.equal(error ? error.code : "accepted", expected, `${path} ${JSON.stringify(changes)}`);
      }
    }
  });

  test(`[${path}] JWK members written with escapes keep key policy; odd keys are skipped`, async () => {
    const base = JSON.stringify({ ...keyA.jwk, use: "enc" });
    const escapedUse = base.replace('"use":', '"u\\u0073e":');
    assert.ok(escapedUse.includes("u\\u0073e"));
    const token = h.sign(keyA, h.accessClaims());
    const rejected = (jwkText) => {
      const v = cognitoOn(path);
      v.cacheJwks(`{"keys":[${jwkText}]}`);
      return outcome(() => v.verifySync(token));
    };
    const useEnc = (await rejected(escapedUse)).error;
    assert.equal(useEnc.code, "key_rejected");
    assert.ok(useEnc instanceof pkg.JwkInvalidUseError);
    const algOther = JSON.stringify({ ...keyA.jwk, alg: "RS512" }).replace('"alg":', '"\\u0061lg":');
    const mismatch = (await rejected(algOther)).error;
    assert.equal(mismatch.code, "key_rejected");
    assert.ok(mismatch instanceof pkg.JwtInvalidSignatureAlgorithmError);
    // One malformed key beside the good one: the good one still verifies.
    const v = cognitoOn(path);
    v.cacheJwks(`{"keys":[null,{"kty":"RSA","kid":"odd","n":5,"e":"AQAB"},${JSON.stringify(keyA.jwk)}]}`);
    assert.equal(v.verifySync(token).sub, "user-1");
    const odd = h.sign({ ...keyA, kid: "odd" }, h.accessClaims());
    assert.equal((await outcome(() => v.verifySync(odd))).error.code, "key_rejected");
  });
}

test("per-call properties are laid over create's; unknown ones and extra arguments are refused", async () => {
  const v = cognitoOn("node:crypto");
  const token = h.sign(keyA, h.accessClaims());
  const refused = (error) => error instanceof pkg.ParameterValidationError && error.code === "invalid_config";
  // Applied, never ignored: a stricter per-call rule rejects what create() accepts.
  assert.throws(() => v.verifySync(token, { groups: ["admin"] }), (e) => e.code === "group_mismatch");
  await assert.rejects(v.verify(token, { tokenUse: "id" }), (e) => e.code === "token_use_mismatch");
  await assert.rejects(v.verify(token, { clientId: "other" }), (e) => e.code === "client_id_mismatch");
  assert.equal(v.verifySync(token, {}).sub, "user-1");
  assert.equal(v.verifySync(token, { clientId: [h.CLIENT, "other"] }).sub, "user-1");
  // Only per-call options: never the pool, the issuer or the keys' address, never a typo.
  for (const props of [{ userPoolId: "us-east-1_Other1" }, { jwksUri: "https://evil.example/jwks" }, { clientID: "typo" }, { issuer: "x" }]) {
    assert.throws(() => v.verifySync(token, props), refused, JSON.stringify(props));
    await assert.rejects(v.verify(token, props), refused, JSON.stringify(props));
  }
  assert.throws(() => v.verifySync(token, "clientId"), refused);
  assert.throws(() => v.cacheJwks(h.jwks(keyA), "https://issuer.example"), refused);
  const options = { userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT };
  assert.throws(() => CognitoJwtVerifier.create(options, { jwksCache: {} }), refused);
  // An array of configurations is supported (tests/issuers.test.cjs), but not an empty
  // one, nor the same issuer twice.
  assert.throws(() => CognitoJwtVerifier.create([]), (e) => refused(e) && /Provide at least one issuer configuration/.test(e.message));
  assert.throws(() => CognitoJwtVerifier.create([options, options]), (e) => refused(e) && /supplied multiple times/.test(e.message));
  assert.throws(() => JwtVerifier.create([{ issuer: "https://i", audience: "a" }, { issuer: "https://i", audience: "b" }]), refused);
  assert.throws(() => JwtVerifier.create({ issuer: "https://i", audience: "a" }, {}), refused);
  // The create() options stay as they were after a call with others.
  assert.equal(v.verifySync(token).sub, "user-1");
  assert.equal((await v.verify(token, undefined)).sub, "user-1");
});

test("the error classes are exported by both entries and shared", async () => {
  const web = await import("../pkg/web/index.js");
  for (const name of ["JwtExpiredError", "JwtBaseError", "ParameterValidationError", "JwkInvalidUseError", "FetchError"]) {
    assert.equal(typeof pkg[name], "function", name);
    assert.equal(web[name], pkg[name], `${name} is one class in both module systems`);
  }
});

/** A server on 127.0.0.1 that runs `handler` and counts requests and bytes written. */
async function serve(handler) {
  const state = { hits: 0, bytes: 0, closed: false };
  const server = http.createServer((req, res) => {
    state.hits += 1;
    const write = res.write.bind(res);
    res.write = (chunk, ...rest) => { state.bytes += chunk.length; return write(chunk, ...rest); };
    handler(req, res, state);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${server.address().port}/.well-known/jwks.json`;
  return { url, state, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) };
}

function verifierFor(url) {
  return CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, jwksUri: url, allowHttpLoopback: true });
}

test("an endless JWKS body is cut at the cap, not buffered", async () => {
  const server = await serve((req, res, state) => {
    res.writeHead(200, { "content-type": "application/json" });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      // Bounded: stops by itself after 256 MB or when the client goes away.
      while (!res.destroyed && state.bytes < 256 * 1024 * 1024) {
        if (!res.write(chunk)) return res.once("drain", pump);
      }
      res.end();
    };
    res.on("close", () => { state.closed = true; });
    pump();
  });
  try {
    const { error } = await outcome(verifierFor(server.url).verify(h.sign(keyA, h.accessClaims())));
    assert.equal(error.code, "jwks_unavailable");
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(server.state.bytes < 32 * 1024 * 1024, `the server wrote ${server.state.bytes} bytes`);
  } finally {
    await server.close();
  }
});

test("a gzip body is capped on decoded bytes; a small one verifies", async () => {
  const bomb = zlib.gzipSync(Buffer.concat([Buffer.from('{"keys":['), Buffer.alloc(60 * 1024 * 1024, 0x20), Buffer.from("]}")]));
  const small = zlib.gzipSync(Buffer.from(JSON.stringify(h.jwks(keyA))));
  let body = bomb;
  const server = await serve((req, res) => {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(body);
  });
  try {
    const before = process.memoryUsage().rss;
    const { error } = await outcome(verifierFor(server.url).verify(h.sign(keyA, h.accessClaims())));
    assert.equal(error.code, "jwks_unavailable");
    assert.ok(process.memoryUsage().rss - before < 40 * 1024 * 1024, "the bomb was not inflated whole");
    body = small;
    assert.equal((await verifierFor(server.url).verify(h.sign(keyA, h.accessClaims()))).sub, "user-1");
  } finally {
    await server.close();
  }
});

test("JWKS bodies are bytes: a BOM is skipped, invalid UTF-8 is jwks_invalid", async () => {
  let body;
  const server = await serve((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
  try {
    const json = Buffer.from(JSON.stringify(h.jwks(keyA)));
    body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
    assert.equal((await verifierFor(server.url).verify(h.sign(keyA, h.accessClaims()))).sub, "user-1");
    body = Buffer.from(json.toString().replace('"RSA"', '"RS\u0001"').replace("\u0001", "\uFFFD"));
    body = Buffer.from(body.toString("latin1").replace("\u00ef\u00bf\u00bd", "\u00ff"), "latin1");
    const { error } = await outcome(verifierFor(server.url).verify(h.sign(keyA, h.accessClaims())));
    assert.equal(error.code, "jwks_invalid");
  } finally {
    await server.close();
  }
});

test("a token failing steps 1-3 never causes a JWKS fetch", async () => {
  const server = await serve((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(h.jwks(keyA)));
  });
  try {
    const v = verifierFor(server.url);
    const noneAlg = `${h.b64(JSON.stringify({ alg: "none", kid: "k1" }))}.e30.c2ln`;
    for (const [token, code] of [["garbage", "malformed"], ["a.b.c", "malformed"], [noneAlg, "unsupported_algorithm"]]) {
      const { error } = await outcome(v.verify(token));
      assert.equal(error.code, code, token);
    }
    assert.equal(server.state.hits, 0);
    assert.equal((await v.verify(h.sign(keyA, h.accessClaims()))).sub, "user-1");
    assert.equal(server.state.hits, 1);
  } finally {
    await server.close();
  }
});

test("a header of many escaped member names verifies; a duplicate among them is malformed", () => {
  const v = cognitoOn("node:crypto");
  const names = Array.from({ length: 200 }, (_, i) => [...`n${String(i).padStart(5, "0")}`].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join(""));
  const header = (extra) => `{"alg":"RS256","kid":"k1"${names.map((n) => `,"${n}":0`).join("")}${extra}}`;
  const payload = JSON.stringify(h.accessClaims());
  assert.equal(v.verifySync(h.signText(keyA, header(""), payload)).sub, "user-1");
  assert.throws(() => v.verifySync(h.signText(keyA, header(',"n00150":1'), payload)), (e) => e.code === "malformed");
});

test("a fetch answering with another realm's promise (Jest, vm contexts) is awaited", async () => {
  const vm = require("node:vm");
  const server = await serve((req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(h.jwks(keyA)));
  });
  const realFetch = globalThis.fetch;
  const foreign = vm.createContext({});
  globalThis.fetch = (...args) => {
    const pending = realFetch(...args);
    // A promise made in another context: `instanceof Promise` is false in ours.
    return vm.runInContext("(p) => new Promise((ok, no) => p.then(ok, no))", foreign)(pending);
  };
  try {
    const probe = globalThis.fetch(server.url);
    assert.equal(probe instanceof Promise, false, "the test's promise really is foreign");
    await probe;
    const v = verifierFor(server.url);
    assert.equal((await v.verify(h.sign(keyA, h.accessClaims()))).sub, "user-1");
    await v.hydrate();
  } finally {
    globalThis.fetch = realFetch;
    await server.close();
  }
});

for (const path of Object.keys(h.PATHS)) {
  test(`[${path}] a 4096-bit key with a 64-bit public exponent verifies (one exponent rule)`, async () => {
    const vector = require("../../tests/vectors/generated/e64_rs256.json");
    const v = h.createWithout(h.PATHS[path], () => CognitoJwtVerifier.create({
      userPoolId: "us-east-1_TestPool1", tokenUse: "access", clientId: "client-abc",
    }));
    v.cacheJwks({ keys: [vector.jwk] });
    const at = 1_700_000_000_000;
    assert.equal(h.at(at, () => v.verifySync(vector.token)).sub, "u");
    assert.equal((await h.at(at, () => outcome(v.verify(vector.token)))).value.sub, "u");
  });
}

test("a header with more members than the validator holds is too_large, not malformed", () => {
  const v = cognitoOn("node:crypto");
  const members = Array.from({ length: 1000 }, (_, i) => `,"m${i}":0`).join("");
  const token = h.signText(keyA, `{"alg":"RS256","kid":"k1"${members}}`, JSON.stringify(h.accessClaims()));
  assert.ok(token.length < 16 * 1024);
  assert.throws(() => v.verifySync(token), (e) => e.code === "too_large");
});

for (const path of Object.keys(h.PATHS)) {
  test(`[${path}] a key replaced under the same kid is never verified with its old imported copy`, async () => {
    const keyB = h.makeKey("k1");
    const v = cognitoOn(path);
    const byA = h.sign(keyA, h.accessClaims());
    const byB = h.sign(keyB, h.accessClaims());
    assert.equal((await v.verify(byA)).sub, "user-1");
    assert.equal(v.verifySync(byA).sub, "user-1");
    v.cacheJwks(h.jwks(keyB));
    for (const attempt of [() => v.verifySync(byA), () => v.verify(byA)]) {
      assert.equal((await outcome(attempt)).error.code, "bad_signature");
    }
    assert.equal((await v.verify(byB)).sub, "user-1");
    assert.equal(v.verifySync(byB).sub, "user-1");
  });
}
