// Under Jest's node environment, `fetch` and its promises come from another realm than
// the package's glue: verify() and hydrate() must still fetch the JWKS (outside testing
// found every call failing with jwks_unavailable there). Run: npx jest (see jest.config).
"use strict";
const h = require("../helpers.cjs");
const { CognitoJwtVerifier, JwtExpiredError } = require("../../pkg/node");

const keyA = h.makeKey("k1");
let server;

beforeAll(async () => {
  server = await h.startServer({ body: h.jwks(keyA) });
});
afterAll(() => server.close());

function verifier() {
  return CognitoJwtVerifier.create({
    userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, jwksUri: server.url, allowHttpLoopback: true,
  });
}

test("verify() fetches the JWKS and verifies", async () => {
  const payload = await verifier().verify(h.sign(keyA, h.accessClaims()));
  expect(payload.sub).toBe("user-1");
});

test("hydrate() fetches the JWKS, then verifySync() uses it", async () => {
  const v = verifier();
  await v.hydrate();
  expect(v.verifySync(h.sign(keyA, h.accessClaims())).sub).toBe("user-1");
});

test("an expired token is a JwtExpiredError under Jest too", async () => {
  const v = verifier();
  await expect(v.verify(h.sign(keyA, h.accessClaims({ exp: h.now() - 5 })))).rejects.toBeInstanceOf(JwtExpiredError);
});

test("an async custom check is awaited under Jest", async () => {
  const v = CognitoJwtVerifier.create({
    userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT, jwksUri: server.url, allowHttpLoopback: true,
    customJwtCheck: async ({ payload }) => { if (payload.username !== "bob") throw new Error("not bob"); },
  });
  await expect(v.verify(h.sign(keyA, h.accessClaims()))).rejects.toThrow("not bob");
});
