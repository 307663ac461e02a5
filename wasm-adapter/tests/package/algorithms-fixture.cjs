// Writes cases.json for algorithms.mjs: a JWKS with a key per JOSE algorithm and, signed
// by node:crypto, a valid token per algorithm and the ones each must refuse (a flipped
// signature, expired, and the other schemes' signatures: PSS salts other than the hash
// length, PKCS#1 v1.5 for PS*, PSS for RS*, DER instead of r || s for ES*).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const POOL = "us-east-1_PkgTest01";
const b64 = (v) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
const now = Math.floor(Date.now() / 1000);
const claims = { sub: "user-1", iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`, iat: now - 10, exp: now + 3600 };
const reimport = (pair) => ({ privateKey: crypto.createPrivateKey({ key: pair.privateKey.export({ type: "pkcs8", format: "der" }), format: "der", type: "pkcs8" }), publicKey: crypto.createPublicKey({ key: pair.publicKey.export({ type: "spki", format: "der" }), format: "der", type: "spki" }) });
const keys = {
  rsa: reimport(crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })),
  p256: reimport(crypto.generateKeyPairSync("ec", { namedCurve: "P-256" })),
  p384: reimport(crypto.generateKeyPairSync("ec", { namedCurve: "P-384" })),
  p521: reimport(crypto.generateKeyPairSync("ec", { namedCurve: "P-521" })),
  ed: reimport(crypto.generateKeyPairSync("ed25519")),
};
const jwk = (name, alg) => ({ ...keys[name].publicKey.export({ format: "jwk" }), kid: `${name}-${alg}`, alg, use: "sig" });
const algs = { RS256: ["rsa", "sha256"], RS384: ["rsa", "sha384"], RS512: ["rsa", "sha512"], PS256: ["rsa", "sha256"], PS384: ["rsa", "sha384"], PS512: ["rsa", "sha512"], ES256: ["p256", "sha256"], ES384: ["p384", "sha384"], ES512: ["p521", "sha512"], EdDSA: ["ed", null] };
const hashLen = { sha256: 32, sha384: 48, sha512: 64 };
function signWith(alg, input, opts = {}) {
  const [k, h] = algs[alg];
  const key = keys[k].privateKey;
  if (alg.startsWith("RS")) return crypto.sign(h, Buffer.from(input), { key, padding: opts.pss ? crypto.constants.RSA_PKCS1_PSS_PADDING : crypto.constants.RSA_PKCS1_PADDING, saltLength: opts.salt });
  if (alg.startsWith("PS")) return crypto.sign(h, Buffer.from(input), { key, padding: opts.pkcs1 ? crypto.constants.RSA_PKCS1_PADDING : crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: opts.salt ?? hashLen[h] });
  if (alg.startsWith("ES")) return crypto.sign(h, Buffer.from(input), { key, dsaEncoding: opts.der ? "der" : "ieee-p1363" });
  return crypto.sign(null, Buffer.from(input), key);
}
const cases = [];
function token(alg, opts = {}) {
  const input = `${b64({ alg, kid: `${algs[alg][0]}-${alg}` })}.${b64(opts.claims || claims)}`;
  const sig = Buffer.from(signWith(alg, input, opts));
  if (opts.flip) sig[sig.length - 1] ^= 1;
  return `${input}.${sig.toString("base64url")}`;
}
for (const alg of Object.keys(algs)) {
  cases.push({ name: `${alg} valid`, alg, token: token(alg), ok: true });
  cases.push({ name: `${alg} signature flipped`, alg, token: token(alg, { flip: true }), ok: false });
  cases.push({ name: `${alg} expired`, alg, token: token(alg, { claims: { ...claims, exp: now - 60 } }), ok: false });
}
for (const alg of ["PS256", "PS384", "PS512"]) {
  cases.push({ name: `${alg} salt 0`, alg, token: token(alg, { salt: 0 }), ok: false });
  cases.push({ name: `${alg} salt 20`, alg, token: token(alg, { salt: 20 }), ok: false });
  cases.push({ name: `${alg} salt max`, alg, token: token(alg, { salt: crypto.constants.RSA_PSS_SALTLEN_MAX_SIGN }), ok: false });
  cases.push({ name: `${alg} PKCS#1 v1.5 signature`, alg, token: token(alg, { pkcs1: true }), ok: false });
}
for (const alg of ["RS256", "RS384", "RS512"]) cases.push({ name: `${alg} PSS signature`, alg, token: token(alg, { pss: true, salt: 32 }), ok: false });
for (const alg of ["ES256", "ES384", "ES512"]) cases.push({ name: `${alg} DER signature`, alg, token: token(alg, { der: true }), ok: false });
// The classic confusions: no signature at all, and HMAC keyed with the RSA public key.
const unsigned = `${b64({ alg: "none", kid: "rsa-RS256" })}.${b64(claims)}.`;
cases.push({ name: "alg none", alg: "RS256", token: unsigned, ok: false });
const hmacInput = `${b64({ alg: "HS256", kid: "rsa-RS256" })}.${b64(claims)}`;
const hmacKey = keys.rsa.publicKey.export({ type: "spki", format: "pem" });
const hmac = crypto.createHmac("sha256", hmacKey).update(hmacInput).digest("base64url");
cases.push({ name: "HS256 keyed with the RSA public key", alg: "RS256", token: `${hmacInput}.${hmac}`, ok: false });
const jwks = { keys: Object.entries(algs).map(([alg, [k]]) => jwk(k, alg)) };
fs.writeFileSync("cases.json", JSON.stringify({ POOL, jwks, cases }));
