// Times one verification of a Cognito-shaped RS256 access token in Node:
// edgejwt-wasm verifySync() and verify() (cached keys) next to node:crypto's RSA verify
// of the same signature. Run: node wasm-adapter/bench/verify.bench.cjs (after build.sh).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const { CognitoJwtVerifier } = require("../pkg/node");
const h = require("../tests/helpers.cjs");

const key = h.makeKey("k1");
const token = h.sign(key, h.accessClaims());
const verifier = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
verifier.cacheJwks(h.jwks(key));

const [input, sig] = [token.slice(0, token.lastIndexOf(".")), Buffer.from(token.split(".")[2], "base64url")];

function timeSync(label, fn, iterations) {
  for (let i = 0; i < Math.min(200, iterations); i++) fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const us = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  return { label, us };
}

async function timeAsync(label, fn, iterations) {
  for (let i = 0; i < 50; i++) await fn();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await fn();
  const us = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  return { label, us };
}

(async () => {
  const rows = [
    timeSync("node:crypto RSA verify (signature only)", () => crypto.verify("sha256", Buffer.from(input), key.publicKey, sig), 5000),
    timeSync("edgejwt-wasm verifySync (whole token)", () => verifier.verifySync(token), 1000),
    await timeAsync("edgejwt-wasm verify (whole token, cached keys)", () => verifier.verify(token), 1000),
  ];
  const base = rows[0].us;
  const wasm = fs.readFileSync(path.join(__dirname, "../pkg/web/edgejwt_wasm_bg.wasm"));
  console.log(`token: ${token.length} bytes; Node ${process.version}`);
  console.log(`package: edgejwt_wasm_bg.wasm ${wasm.length} bytes raw, ${zlib.gzipSync(wasm, { level: 9 }).length} bytes gzip -9`);
  for (const { label, us } of rows) {
    console.log(`${label.padEnd(48)} ${us.toFixed(1).padStart(8)} us  ${(us / base).toFixed(2)}x node:crypto`);
  }
})();
