// A fresh RSA key, its JWKS and tokens for the packaging test: the installed package
// verifies what node:crypto signed (no network: aws-jwt-verify's cacheJwks).
"use strict";
const crypto = require("node:crypto");

const POOL = "us-east-1_PkgTest01";
const CLIENT = "package-test-client";
// Re-imported from DER: Node 20 can deadlock exporting a JWK from a KeyObject that
// generateKeyPairSync made, if a GC runs the job's destructor mid-export.
const generated = crypto.generateKeyPairSync("rsa", {
  modulusLength: 2048,
  publicKeyEncoding: { type: "spki", format: "der" },
  privateKeyEncoding: { type: "pkcs8", format: "der" },
});
const privateKey = crypto.createPrivateKey({ key: generated.privateKey, format: "der", type: "pkcs8" });
const publicKey = crypto.createPublicKey({ key: generated.publicKey, format: "der", type: "spki" });
const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", alg: "RS256", use: "sig" };

function b64url(value) {
  return Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
}

function sign(claims) {
  const input = `${b64url({ alg: "RS256", kid: "k1", typ: "JWT" })}.${b64url(claims)}`;
  return `${input}.${crypto.sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}

const now = Math.floor(Date.now() / 1000);
const claims = {
  sub: "user-1", iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`, client_id: CLIENT,
  token_use: "access", scope: "openid", iat: now - 10, exp: now + 3600, username: "alice",
};

module.exports = {
  POOL, CLIENT,
  jwks: { keys: [jwk] },
  valid: sign(claims),
  expired: sign({ ...claims, exp: now - 60 }),
};
