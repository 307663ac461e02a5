// Times one verification of a Cognito-shaped RS256 access token (~900 bytes) in Node,
// as ratios to node:crypto's RSA verify of the same kind of signature, in one run:
//   edgejwt-wasm verify() and verifySync() as Node uses them (RSA step in node:crypto),
//   verify() with node:crypto hidden (RSA step in WebCrypto: browsers, Workers, Deno),
//   verifySync() with node:crypto hidden (pure wasm arithmetic),
//   aws-jwt-verify 5 verify()/verifySync() and plain WebCrypto, for reference.
// Every call in a round gets a different token (as many distinct tokens as calls; nothing
// here caches verdicts, so a token repeats only from one round to the next), keys cached.
// Rounds interleave the contenders; the table shows each one's median round.
// Run: node wasm-adapter/bench/verify.bench.cjs (after build.sh and npm install).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");
const edgejwt = require("../pkg/node");
const awsJwtVerify = require("aws-jwt-verify");
const h = require("../tests/helpers.cjs");

const ROUNDS = 7;
const PER_ROUND = 1024;

const key = h.makeKey("k1");
const tokens = Array.from({ length: PER_ROUND }, (_, i) =>
  h.sign(key, h.accessClaims({
    version: 2, auth_time: h.now() - 60, jti: crypto.randomUUID(),
    origin_jti: crypto.randomUUID(), event_id: crypto.randomUUID(),
    sub: crypto.randomUUID(), username: `user-${i}`,
  })),
);
const signed = tokens.map((t) => ({
  input: t.slice(0, t.lastIndexOf(".")),
  sig: Buffer.from(t.slice(t.lastIndexOf(".") + 1), "base64url"),
}));
const options = { userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT };

/** A verifier made while node:crypto is out of sight: the path of hosts without it. */
function withoutNodeCrypto(create) {
  const saved = process.getBuiltinModule;
  process.getBuiltinModule = undefined;
  try {
    return create();
  } finally {
    process.getBuiltinModule = saved;
  }
}

const viaNode = edgejwt.CognitoJwtVerifier.create(options);
const viaHostless = withoutNodeCrypto(() => edgejwt.CognitoJwtVerifier.create(options));
const aws = awsJwtVerify.CognitoJwtVerifier.create(options);
for (const v of [viaNode, viaHostless, aws]) v.cacheJwks(h.jwks(key));

let webKey;
const contenders = [
  ["node:crypto RSA verify (signature only)", false,
    (i) => crypto.verify("sha256", Buffer.from(signed[i].input), key.publicKey, signed[i].sig)],
  ["WebCrypto RSA verify (signature only, await)", true,
    (i) => crypto.subtle.verify("RSASSA-PKCS1-v1_5", webKey, signed[i].sig, Buffer.from(signed[i].input))],
  ["edgejwt-wasm await verify() [node:crypto]", true, (i) => viaNode.verify(tokens[i])],
  ["edgejwt-wasm verifySync() [node:crypto]", false, (i) => viaNode.verifySync(tokens[i])],
  ["edgejwt-wasm await verify() [WebCrypto]", true, (i) => viaHostless.verify(tokens[i])],
  ["edgejwt-wasm verifySync() [pure wasm]", false, (i) => viaHostless.verifySync(tokens[i])],
  ["aws-jwt-verify 5.2.1 await verify()", true, (i) => aws.verify(tokens[i])],
  ["aws-jwt-verify 5.2.1 verifySync()", false, (i) => aws.verifySync(tokens[i])],
];

async function roundOf(isAsync, fn) {
  const start = process.hrtime.bigint();
  if (isAsync) {
    for (let i = 0; i < PER_ROUND; i++) await fn(i % tokens.length);
  } else {
    for (let i = 0; i < PER_ROUND; i++) fn(i % tokens.length);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  webKey = await crypto.subtle.importKey("jwk", key.jwk,
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  // Every contender must accept every token before anything is timed.
  for (const [label, isAsync, fn] of contenders) {
    for (let i = 0; i < tokens.length; i++) {
      const answer = isAsync ? await fn(i) : fn(i);
      if (answer === false || answer == null) throw new Error(`${label} rejected token ${i}`);
    }
  }
  const samples = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, [, isAsync, fn]] of contenders.entries()) {
      samples[index].push(await roundOf(isAsync, fn));
    }
  }
  const base = median(samples[0]);
  const wasm = fs.readFileSync(path.join(__dirname, "../pkg/node/edgejwt_wasm_bg.wasm"));
  console.log(`token: ${tokens[0].length} bytes; Node ${process.version}; ${ROUNDS} rounds x ${PER_ROUND} calls, median round`);
  console.log(`package: pkg/node/edgejwt_wasm_bg.wasm ${wasm.length} bytes raw, ${zlib.gzipSync(wasm, { level: 9 }).length} bytes gzip -9`);
  for (const [index, [label]] of contenders.entries()) {
    const us = median(samples[index]);
    console.log(`${label.padEnd(46)} ${us.toFixed(1).padStart(7)} us  ${(us / base).toFixed(2)}x node:crypto`);
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
