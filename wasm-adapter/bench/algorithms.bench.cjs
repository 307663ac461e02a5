// ES256, EdDSA and PS256 in Node: edgejwt-wasm's await verify() and verifySync() (the
// signature step in node:crypto) against node:crypto's bare signature check of the same
// kind, and aws-jwt-verify where it verifies the algorithm. Contenders run interleaved, a
// batch of distinct tokens each per round; reported: the median of the per-round ratios
// to the bare check, and each contender's median time.
// Run: node wasm-adapter/bench/algorithms.bench.cjs (after build.sh and npm install).
"use strict";
const crypto = require("node:crypto");
const edgejwt = require("../pkg/node");
const awsJwtVerify = require("aws-jwt-verify");
const h = require("../tests/helpers.cjs");

const ROUNDS = 15;
const PER_ROUND = 512;

const FAMILIES = {
  ES256: { type: "ec", options: { namedCurve: "P-256" }, digest: "sha256", sign: { dsaEncoding: "ieee-p1363" } },
  EdDSA: { type: "ed25519", options: undefined, digest: null, sign: {} },
  PS256: {
    type: "rsa", options: { modulusLength: 2048 }, digest: "sha256",
    sign: { padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: crypto.constants.RSA_PSS_SALTLEN_DIGEST },
  },
};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function batch(isAsync, fn) {
  const start = process.hrtime.bigint();
  if (isAsync) {
    for (let i = 0; i < PER_ROUND; i++) await fn(i);
  } else {
    for (let i = 0; i < PER_ROUND; i++) fn(i);
  }
  return Number(process.hrtime.bigint() - start) / 1000 / PER_ROUND;
}

async function family(alg, spec) {
  const { privateKey, publicKey } = h.generateKeyPair(spec.type, spec.options);
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "k1", use: "sig", alg };
  const verifyKey = { key: publicKey, ...spec.sign };
  const tokens = Array.from({ length: PER_ROUND }, (_, i) => {
    const claims = h.accessClaims({ aud: "api", jti: crypto.randomUUID(), username: `user-${i}` });
    const input = `${h.b64(JSON.stringify({ alg, kid: "k1" }))}.${h.b64(JSON.stringify(claims))}`;
    const sig = crypto.sign(spec.digest, Buffer.from(input), { key: privateKey, ...spec.sign });
    return { token: `${input}.${h.b64(sig)}`, input: Buffer.from(input), sig };
  });
  const options = { issuer: h.ISSUER, audience: "api" };
  const ours = edgejwt.JwtVerifier.create({ ...options, algorithms: [alg] });
  ours.cacheJwks({ keys: [jwk] });
  const contenders = [
    ["node:crypto verify (signature only)", false, (i) => crypto.verify(spec.digest, tokens[i].input, verifyKey, tokens[i].sig)],
    ["edgejwt-wasm await verify()", true, (i) => ours.verify(tokens[i].token)],
    ["edgejwt-wasm verifySync()", false, (i) => ours.verifySync(tokens[i].token)],
  ];
  const aws = awsJwtVerify.JwtVerifier.create({ ...options, jwksUri: "https://unused.example/jwks.json" });
  aws.cacheJwks({ keys: [jwk] });
  try {
    await aws.verify(tokens[0].token);
    contenders.push(["aws-jwt-verify await verify()", true, (i) => aws.verify(tokens[i].token)]);
  } catch (error) {
    console.log(`(aws-jwt-verify does not verify this ${alg} token: ${error.message})`);
  }
  for (const [label, isAsync, fn] of contenders) {
    for (let i = 0; i < PER_ROUND; i++) {
      const answer = isAsync ? await fn(i) : fn(i);
      if (answer === false || answer == null) throw new Error(`${label} rejected token ${i}`);
    }
  }
  const times = contenders.map(() => []);
  const ratios = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const row = [];
    for (const [index, [, isAsync, fn]] of contenders.entries()) {
      row[index] = await batch(isAsync, fn);
      times[index].push(row[index]);
    }
    for (const index of contenders.keys()) ratios[index].push(row[index] / row[0]);
  }
  console.log(`\n${alg} (${ROUNDS} interleaved rounds x ${PER_ROUND} distinct tokens)`);
  for (const [index, [label]] of contenders.entries()) {
    console.log(`${label.padEnd(38)} ${median(times[index]).toFixed(1).padStart(7)} us  ${median(ratios[index]).toFixed(2)}x node:crypto`);
  }
}

(async () => {
  console.log(`Node ${process.version}`);
  for (const [alg, spec] of Object.entries(FAMILIES)) await family(alg, spec);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
