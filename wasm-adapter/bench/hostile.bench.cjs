// The cost in Node of the worst 16 KiB headers we know against an ordinary 16 KiB header
// (the project's budget: at most 10x), through verifySync (steps 1-4: the kid is absent, so no RSA).
// Contenders interleave in batches; each round's time is divided by the ordinary header's
// in the same round, and the median of those ratios is shown.
// Run: node wasm-adapter/bench/hostile.bench.cjs (after build.sh).
"use strict";
const { CognitoJwtVerifier } = require("../pkg/node");
const h = require("../tests/helpers.cjs");

const LIMIT = 16 * 1024;
const ROUNDS = 31;
const BATCH = 100;

const b64 = (text) => Buffer.from(text).toString("base64url");
const escaped = (text) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

/** Two base-36 digits: distinct names of one length, first and last byte. */
const base36 = (i) => (Math.floor(i / 36) % 36).toString(36) + (i % 36).toString(36);

function headerToken(member) {
  let header = '{"alg":"RS256","kid":"absent"';
  for (let i = 0; ; i += 1) {
    const next = header + member(i);
    if (b64(`${next}}`).length + 9 > LIMIT) break;
    header = next;
  }
  return `${b64(`${header}}`)}.e30.c2ln`;
}

const frame = '{"alg":"RS256","kid":"absent","x5c":[""]}'.length;
const ordinary = `${b64(`{"alg":"RS256","kid":"absent","x5c":["${"A".repeat(Math.floor((LIMIT - 9) * 3 / 4) - frame)}"]}`)}.e30.c2ln`;
const contenders = [
  ["header: ordinary (one 12 KB x5c-like string member)", ordinary],
  ["header: escaped names, same decoded length and ends", headerToken((i) => `,"${escaped(`a${base36(i)}z`)}":0`)],
  ["header: plain names, same length and ends", headerToken((i) => `,"a${String(i).padStart(18, "0")}z":0`)],
  ["header: surrogate-pair escapes in names", headerToken((i) => `,"\\ud83d\\ude00${i}\\ud83d\\ude00":0`)],
];

const verifier = CognitoJwtVerifier.create({ userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT });
verifier.cacheJwks(h.jwks(h.makeKey("k1")));
for (const [name, token] of contenders) {
  if (token.length > LIMIT) throw new Error(`${name}: ${token.length} bytes`);
  try {
    verifier.verifySync(token);
    throw new Error(`${name}: accepted`);
  } catch (e) {
    if (e.code !== "unknown_kid") throw new Error(`${name}: ${e.code}`);
  }
}

const times = contenders.map(() => []);
for (let round = 0; round < ROUNDS; round += 1) {
  contenders.forEach(([, token], slot) => {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i += 1) {
      try { verifier.verifySync(token); } catch { /* unknown_kid, checked above */ }
    }
    times[slot].push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
  });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\nNode ${process.version}, verifySync, 16 KiB tokens, ${ROUNDS} interleaved rounds of ${BATCH}:`);
console.log("| input | µs (median) | ratio to ordinary (median of rounds) |");
console.log("|---|---:|---:|");
contenders.forEach(([name], slot) => {
  const ratios = times[slot].map((t, round) => t / times[0][round]);
  console.log(`| ${name} | ${median(times[slot]).toFixed(1)} | ${median(ratios).toFixed(2)}x |`);
});
