// Cold start in Node: a fresh `node` process from its start to its first verified token,
// for the package (`edgejwt`, CommonJS entry, keys pinned with cacheJwks), aws-jwt-verify
// (the same calls) and a process that loads neither (the runtime's own start). Processes
// run interleaved, one of each per round; the table shows medians and each library's
// time over the runtime's, and, inside edgejwt's processes, how the time splits between
// loading the module, create() + cacheJwks() and the first verify().
// Run: node wasm-adapter/bench/cold-start.bench.cjs [--smoke]   (after build.sh, npm install)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const h = require("../tests/helpers.cjs");

const RUNS = process.argv.includes("--smoke") ? 1 : 21;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "edgejwt-cold-"));
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));

const key = h.makeKey("k1");
fs.writeFileSync(path.join(work, "input.json"), JSON.stringify({
  token: h.sign(key, h.accessClaims()),
  jwks: h.jwks(key),
  options: { userPoolId: h.POOL, tokenUse: "access", clientId: h.CLIENT },
}));

// Each child reads its input, then times its steps with performance.now() (milliseconds
// since the process started) and prints them as JSON; it exits 1 unless the token verified.
const child = (library) => `
const input = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(path.join(work, "input.json"))}, "utf8"));
const marks = { start: performance.now() };
${library ? `const { CognitoJwtVerifier } = require(${JSON.stringify(library)});
marks.loaded = performance.now();
const verifier = CognitoJwtVerifier.create(input.options);
verifier.cacheJwks(input.jwks);
marks.ready = performance.now();
verifier.verify(input.token).then((payload) => {
  marks.verified = performance.now();
  if (payload.sub !== "user-1") process.exit(1);
  console.log(JSON.stringify(marks));
}, (error) => { console.error(error); process.exit(1); });`
    : `marks.verified = performance.now();
console.log(JSON.stringify(marks));`}
`;
const contenders = {
  "no library (runtime start)": child(null),
  edgejwt: child(path.join(__dirname, "../pkg/node")),
  "aws-jwt-verify 5.2.1": child(require.resolve("aws-jwt-verify")),
};
for (const [name, source] of Object.entries(contenders)) {
  fs.writeFileSync(path.join(work, `${name.split(" ")[0]}.cjs`), source);
}

const times = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
const steps = { load: [], ready: [], verify: [] };
for (let run = 0; run < RUNS; run++) {
  for (const name of Object.keys(contenders)) {
    const started = process.hrtime.bigint();
    const out = execFileSync(process.execPath, [path.join(work, `${name.split(" ")[0]}.cjs`)], { encoding: "utf8" });
    times[name].push(Number(process.hrtime.bigint() - started) / 1e6);
    const marks = JSON.parse(out);
    if (name === "edgejwt") {
      steps.load.push(marks.loaded - marks.start);
      steps.ready.push(marks.ready - marks.loaded);
      steps.verify.push(marks.verified - marks.ready);
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times["no library (runtime start)"]);
console.log(`Node ${process.version} cold start, process start to the first verified token (keys pinned), median of ${RUNS} interleaved runs:`);
console.log("| process | ms | over the runtime's own start |");
console.log("|---|---:|---:|");
for (const [name, runs] of Object.entries(times)) {
  console.log(`| ${name} | ${median(runs).toFixed(1)} | ${(median(runs) - base).toFixed(1)} |`);
}
console.log(`\nInside edgejwt's processes (medians): require() ${median(steps.load).toFixed(2)} ms, ` +
  `create() + cacheJwks() ${median(steps.ready).toFixed(2)} ms, first verify() ${median(steps.verify).toFixed(2)} ms`);
