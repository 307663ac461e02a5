// AlbJwtVerifier: ALB's padded ES256 tokens, keys fetched one kid at a time from a
// loopback key server (counted), signer/client/exp rules, on the three signature paths.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const pkg = require("../pkg/node");
const h = require("./helpers.cjs");

const ARN = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188";
const OTHER_ARN = "arn:aws:elasticloadbalancing:us-east-1:210987654321:loadbalancer/app/evil/0123456789abcdef";
const IDP = "https://idp.example/";
const CLIENT = "alb-client";
const KID = crypto.randomUUID();
const KID_2 = crypto.randomUUID();

function ecKey(kid) {
  const { privateKey, publicKey } = h.generateKeyPair("ec", { namedCurve: "P-256" });
  return { kid, privateKey, pem: publicKey.export({ type: "spki", format: "pem" }), jwk: { ...publicKey.export({ format: "jwk" }), kid } };
}
const keys = { [KID]: ecKey(KID), [KID_2]: ecKey(KID_2) };

// ALB writes base64url WITH padding; the signature covers the padded segments.
const padded = (data) => Buffer.from(data).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");

function albToken({ header = {}, payload = {}, key = keys[KID] } = {}) {
  const exp = h.now() + 120;
  const fullHeader = { typ: "JWT", kid: KID, alg: "ES256", iss: IDP, client: CLIENT, signer: ARN, exp, ...header };
  const fullPayload = { sub: "user-1", email: "u@example.com", exp, iss: IDP, ...payload };
  const input = `${padded(JSON.stringify(fullHeader))}.${padded(JSON.stringify(fullPayload))}`;
  const sig = crypto.sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${padded(sig)}`;
}

async function keyServer() {
  const requested = [];
  const server = await h.startServer((req) => {
    requested.push(req.url);
    const key = keys[req.url.slice(1)];
    return key ? { body: key.pem, headers: { "content-type": "text/plain" } } : { status: 404, body: "" };
  });
  return { server, requested, base: server.url.replace("/.well-known/jwks.json", "") };
}

function create(hidden, options) {
  return h.createWithout(hidden, () =>
    pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP, clientId: CLIENT, allowHttpLoopback: true, ...options }));
}

async function code(promise) {
  try { await promise; return "accepted"; } catch (e) { return e.code; }
}

for (const [path, hidden] of Object.entries(h.PATHS)) {
  test(`${path}: an ALB token verifies; its key is fetched once per kid`, async () => {
    const { server, requested, base } = await keyServer();
    try {
      const v = create(hidden, { jwksUri: base });
      const token = albToken();
      assert.ok(token.includes("="), "ALB's form carries padding");
      assert.equal((await v.verify(token)).sub, "user-1");
      assert.equal(v.verifySync(albToken({ payload: { sub: "user-2" } })).sub, "user-2");
      assert.deepEqual(requested, [`/${KID}`]);
      // A second kid right after (rotation): fetched at once.
      assert.equal((await v.verify(albToken({ header: { kid: KID_2 }, key: keys[KID_2] }))).sub, "user-1");
      assert.deepEqual(requested, [`/${KID}`, `/${KID_2}`]);
    } finally {
      await server.close();
    }
  });

  test(`${path}: signer, client, both exps, issuer and a foreign key are refused`, async () => {
    const { server, base } = await keyServer();
    try {
      const v = create(hidden, { jwksUri: base });
      await v.verify(albToken());
      const cases = [
        [{ header: { signer: OTHER_ARN } }, "signer_mismatch", pkg.AlbJwtInvalidSignerError],
        [{ header: { client: "other" } }, "client_id_mismatch", pkg.AlbJwtInvalidClientIdError],
        [{ header: { exp: h.now() - 1 } }, "expired", pkg.JwtExpiredError],
        [{ payload: { exp: h.now() - 1 } }, "expired", pkg.JwtExpiredError],
        [{ payload: { iss: "https://evil.example/" } }, "issuer_mismatch", pkg.JwtInvalidIssuerError],
        [{ key: ecKey(KID) }, "bad_signature", pkg.JwtInvalidSignatureError],
      ];
      for (const [change, expected, errorClass] of cases) {
        const token = albToken(change);
        await assert.rejects(v.verify(token), (e) => e.code === expected && e instanceof errorClass, expected);
        assert.throws(() => v.verifySync(token), (e) => e.code === expected, expected);
      }
    } finally {
      await server.close();
    }
  });
}

/** The key's P-256 SubjectPublicKeyInfo PEM with its point as `tag || x`: compressed
 * (02/03 by y's parity) when `tag` is absent, else any tag (05: the non-SEC1 "compact"
 * form some decoders take). */
function pemWithXOnly(key, tag) {
  const der = crypto.createPublicKey(key.pem).export({ type: "spki", format: "der" });
  // 30 59 | AlgorithmIdentifier (21 bytes) | 03 42 00 | 04 x y
  assert.deepEqual([der.length, der[26]], [91, 0x04]);
  const [algorithm, x, y] = [der.subarray(2, 23), der.subarray(27, 59), der.subarray(59)];
  const short = Buffer.concat([Buffer.from([0x30, 0x39]), algorithm,
    Buffer.from([0x03, 0x22, 0x00, tag ?? (0x02 | (y[31] & 1))]), x]);
  const lines = short.toString("base64").match(/.{1,64}/g).join("\n");
  return `-----BEGIN PUBLIC KEY-----\n${lines}\n-----END PUBLIC KEY-----\n`;
}

for (const [path, hidden] of Object.entries(h.PATHS)) {
  test(`${path}: a compact (05) point key verifies nothing, though its compressed form does`, async () => {
    for (const [tag, expected] of [[undefined, "accepted"], [0x05, "unknown_kid"]]) {
      const pem = pemWithXOnly(keys[KID], tag);
      const server = await h.startServer(() => ({ body: pem, headers: { "content-type": "text/plain" } }));
      try {
        const v = create(hidden, { jwksUri: server.url.replace("/.well-known/jwks.json", "") });
        assert.equal(await code(v.verify(albToken())), expected, `tag ${tag}`);
        assert.equal(await code((async () => v.verifySync(albToken()))()), expected, `tag ${tag}, verifySync`);
      } finally {
        await server.close();
      }
    }
  });
}

test("kids that could steer the key URL never reach the network", async () => {
  const { server, requested, base } = await keyServer();
  try {
    const v = create([], { jwksUri: base });
    for (const kid of [`../${KID}`, `${KID}/..`, "11111111-2222-4333-8444%2F55555555555", "https://evil.example/k", `${KID}?x`]) {
      assert.equal(await code(v.verify(albToken({ header: { kid } }))), "missing_kid", kid);
    }
    assert.equal(await code(v.verify(albToken({ header: { signer: OTHER_ARN } }))), "signer_mismatch");
    assert.deepEqual(requested, []);
  } finally {
    await server.close();
  }
});

test("made-up kids cost one request per cooldown", async () => {
  const { server, requested, base } = await keyServer();
  try {
    const v = create([], { jwksUri: base });
    for (let i = 0; i < 10; i++) {
      assert.equal(await code(v.verify(albToken({ header: { kid: crypto.randomUUID() } }))), "unknown_kid");
    }
    assert.equal(requested.length, 1);
    // aws-jwt-verify's ALB cache has no penalty box: never WaitPeriodNotYetEndedJwkError.
    await assert.rejects(v.verify(albToken({ header: { kid: crypto.randomUUID() } })),
      (error) => error instanceof pkg.KidNotFoundInJwksError && !(error instanceof pkg.WaitPeriodNotYetEndedJwkError));
  } finally {
    await server.close();
  }
});

test("concurrent tokens of one new kid share one request", async () => {
  const { server, requested, base } = await keyServer();
  try {
    const v = create([], { jwksUri: base });
    const results = await Promise.all(Array.from({ length: 8 }, () => code(v.verify(albToken()))));
    assert.deepEqual(results, Array(8).fill("accepted"));
    assert.equal(requested.length, 1);
  } finally {
    await server.close();
  }
});

test("the padded form is malformed for the other verifiers", () => {
  const v = pkg.JwtVerifier.create({ issuer: IDP, audience: "api", algorithms: ["ES256"] });
  v.cacheJwks({ keys: [keys[KID].jwk] });
  const token = albToken({ payload: { aud: "api" } });
  assert.throws(() => v.verifySync(token), (e) => e.code === "malformed");
});

test("cacheJwks pins keys; hydrate says ALB publishes no key set", async () => {
  const v = pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP, clientId: [CLIENT, "second"] });
  v.cacheJwks({ keys: [keys[KID].jwk] });
  assert.equal(v.verifySync(albToken()).sub, "user-1");
  assert.equal(v.verifySync(albToken({ header: { client: "second" } })).sub, "user-1");
  await assert.rejects(v.hydrate(), (e) => e.code === "jwks_unavailable" && e instanceof pkg.AlbJwksNotExposedError);
});

test("clientId: null explicitly accepts any client; leaving it out is refused", () => {
  const any = pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP, clientId: null });
  any.cacheJwks({ keys: [keys[KID].jwk] });
  assert.equal(any.verifySync(albToken({ header: { client: "whoever" } })).sub, "user-1");
  const refused = (e) => e.code === "invalid_config" && e instanceof pkg.ParameterValidationError;
  const deferred = pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP });
  deferred.cacheJwks({ keys: [keys[KID].jwk] });
  assert.throws(() => deferred.verifySync(albToken()), refused, "clientId left out: every call must give it");
  assert.equal(deferred.verifySync(albToken(), { clientId: null }).sub, "user-1");
  assert.throws(() => deferred.verifySync(albToken(), { clientId: "other" }), (e) => e.code === "client_id_mismatch");
  assert.throws(() => pkg.AlbJwtVerifier.create({ albArn: "arn:aws:elasticloadbalancing", issuer: IDP, clientId: "c" }), refused);
  assert.throws(() => pkg.AlbJwtVerifier.create({ albArn: [ARN, ARN.replace("us-east-1", "us-west-2")], issuer: IDP, clientId: "c" }), refused);
  assert.throws(() => pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP, clientId: "c", audience: "x" }), refused);
  assert.throws(() => pkg.AlbJwtVerifier.create({ albArn: ARN, issuer: IDP, clientId: "c", jwksUri: "http://keys.example" }), refused);
});
