// The benchmark in workerd itself (the Workers runtime, npm package "workerd"), with and
// without nodejs_compat: per-token time of edgejwt's verify()/verifySync(), aws-jwt-verify's
// verify() and the host's bare signature check, measured inside one worker in interleaved
// rounds of distinct tokens (worker.mjs), reported as medians and medians of per-round
// ratios. Then cold start, with and without nodejs_compat: workerd process start to the
// first verified token, for edgejwt, aws-jwt-verify, the host's crypto alone
// (first-host.mjs) and a worker with none of them (the runtime's own start), interleaved.
// Run: node wasm-adapter/bench/workerd/run.cjs [--smoke]   (after build.sh, npm install)
//      node wasm-adapter/bench/workerd/run.cjs --stages [--eager]   (where the cold start goes)
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const net = require("node:net");
const path = require("node:path");
const crypto = require("node:crypto");
const { spawn, execFileSync } = require("node:child_process");
const h = require("../../tests/helpers.cjs");

const smoke = process.argv.includes("--smoke");
const TOKENS = smoke ? 100 : 1000;
const ROUNDS = smoke ? 2 : 11;
// Passes over the batch per round (workerd's clock has millisecond steps).
const PASSES = smoke ? 1 : 5;
const COLD_RUNS = smoke ? 1 : 25;
const adapter = path.join(__dirname, "../..");
const bin = (name) => path.join(adapter, "node_modules/.bin", name);
const work = fs.mkdtempSync(path.join(os.tmpdir(), "edgejwt-workerd-bench-"));
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));

const PACKAGE_FILES = ["workerd.js", "index.js", "errors.js", "edgejwt_wasm.js", "edgejwt_wasm_bg.wasm"];
fs.mkdirSync(path.join(work, "edgejwt"));
for (const f of PACKAGE_FILES) fs.copyFileSync(path.join(adapter, "pkg/web", f), path.join(work, "edgejwt", f));

/** Bundles a worker as wrangler would: aws-jwt-verify inlined, edgejwt left as a module. */
function bundle(entry, out) {
  execFileSync(bin("esbuild"), [entry, "--bundle", "--format=esm", "--platform=neutral",
    "--conditions=workerd,worker,browser", "--main-fields=module,main", "--external:edgejwt",
    "--external:node:*", "--loader:.json=json", `--outfile=${out}`, "--log-level=warning"],
  // Entries written to the temporary folder find the packages of wasm-adapter.
  { env: { ...process.env, NODE_PATH: path.join(adapter, "node_modules") } });
}

/**
 * A workerd config serving `main`. `listed` says which of the package's modules it lists:
 * "all", "wasm" (the .wasm alone) or "none". workerd compiles every module listed at
 * startup, used or not (the .wasm alone about 2 ms), so a worker that does not use edgejwt
 * lists none (they would count in its cold start, and in the baseline edgejwt's is
 * measured over). `flags`: nodejs_compat, the default from compatibility date 2026-08-04
 * (workerd warns when it is listed as well); before it, off. `v8Flags` only for --stages.
 */
function config(port, main, flags, bindings = "", listed = "all", v8Flags = []) {
  const modules = [`(name = "main.mjs", esModule = embed "${main}")`];
  if (listed === "all") {
    modules.push(`(name = "edgejwt", esModule = embed "edgejwt/workerd.js")`,
      ...PACKAGE_FILES.slice(1).map((f) => f.endsWith(".wasm")
        ? `(name = "${f}", wasm = embed "edgejwt/${f}")`
        : `(name = "${f}", esModule = embed "edgejwt/${f}")`));
  } else if (listed === "wasm") {
    modules.push(`(name = "edgejwt_wasm_bg.wasm", wasm = embed "edgejwt/edgejwt_wasm_bg.wasm")`);
  }
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  v8Flags = [${v8Flags.map((f) => `"${f}"`).join(", ")}],
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [${modules.join(", ")}],
  compatibilityDate = "${flags ? "2026-08-04" : "2024-09-23"}",
  bindings = [${bindings}],
);
`;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

/** Starts workerd and returns it with the time of the first successful request. */
async function start(configText, firstRequest) {
  const port = await freePort();
  const file = path.join(work, `config-${port}.capnp`);
  fs.writeFileSync(file, configText.replaceAll("@PORT@", String(port)));
  const started = process.hrtime.bigint();
  const child = spawn(bin("workerd"), ["serve", file], { stdio: ["ignore", "ignore", "inherit"] });
  for (let i = 0; i < 4000; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    try {
      const response = await firstRequest(`http://127.0.0.1:${port}`);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      return { child, port, response, ms };
    } catch (error) {
      if (error.cause?.code !== "ECONNREFUSED") throw error;
      await new Promise((r) => setTimeout(r, 1));
    }
  }
  throw new Error("workerd did not answer");
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function throughput(key, flags) {
  const main = path.join(work, "bench.mjs");
  bundle(path.join(__dirname, "worker.mjs"), main);
  const tokens = Array.from({ length: TOKENS }, (_, i) => h.sign(key, h.accessClaims({
    jti: crypto.randomUUID(), origin_jti: crypto.randomUUID(), sub: crypto.randomUUID(), username: `user-${i}`,
  })));
  const body = JSON.stringify({ tokens, jwks: h.jwks(key), pool: h.POOL, client: h.CLIENT, rounds: ROUNDS, passes: PASSES });
  const { child, response } = await start(config("@PORT@", "bench.mjs", flags),
    (base) => fetch(base, { method: "POST", body }));
  try {
    const answer = await response.json();
    if (!response.ok || !answer.results) throw new Error(`benchmark worker failed: ${JSON.stringify(answer)}`);
    return answer;
  } finally {
    child.kill("SIGKILL");
  }
}

function report(label, { floor, results }) {
  const floorRounds = results[floor];
  const aws = results["aws-jwt-verify 5.2.1 await verify()"];
  console.log(`\nworkerd ${label}: ${TOKENS} distinct tokens x ${PASSES} passes x ${ROUNDS} interleaved rounds (median round; median of per-round ratios)`);
  console.log(`| contender | µs per token | vs host check | vs aws-jwt-verify |`);
  console.log(`|---|---:|---:|---:|`);
  for (const [name, rounds] of Object.entries(results)) {
    const toFloor = median(rounds.map((t, i) => t / floorRounds[i]));
    const toAws = median(rounds.map((t, i) => t / aws[i]));
    console.log(`| ${name} | ${median(rounds).toFixed(1)} | ${toFloor.toFixed(2)}x | ${toAws.toFixed(2)}x |`);
  }
}

/** Milliseconds from workerd's start to its first answer to `token`, which must verify. */
async function firstAnswer(configText, token, name) {
  const { child, response, ms } = await start(configText,
    (base) => fetch(base, { headers: { authorization: `Bearer ${token}` } }));
  const answer = await response.json();
  child.kill("SIGKILL");
  if (!response.ok || !answer.sub) throw new Error(`${name}: first token not verified: ${JSON.stringify(answer)}`);
  return ms;
}

async function coldStarts(key, flags) {
  const jwks = h.jwks(key);
  fs.writeFileSync(path.join(work, "jwks.json"), JSON.stringify(jwks));
  const source = fs.readFileSync(path.join(__dirname, "first-token.mjs"), "utf8");
  const libraries = { edgejwt: "edgejwt", "aws-jwt-verify": "aws-jwt-verify" };
  for (const [name, module] of Object.entries(libraries)) {
    const entry = path.join(work, `first-${name}.mjs`);
    fs.writeFileSync(entry, source.replace('"LIBRARY"', JSON.stringify(module)).replace("./jwks.json", path.join(work, "jwks.json")));
    bundle(entry, path.join(work, `first-${name}.bundle.mjs`));
  }
  const host = path.join(work, "first-host.mjs");
  fs.writeFileSync(host, fs.readFileSync(path.join(__dirname, "first-host.mjs"), "utf8").replace("./jwks.json", path.join(work, "jwks.json")));
  bundle(host, path.join(work, "first-host.bundle.mjs"));
  fs.writeFileSync(path.join(work, "first-none.bundle.mjs"),
    'export default { fetch: () => Response.json({ sub: "none" }) };\n');
  const bindings = `(name = "POOL", text = "${h.POOL}"), (name = "CLIENT", text = "${h.CLIENT}")`;
  const token = h.sign(key, h.accessClaims());
  const times = { none: [], host: [], edgejwt: [], "aws-jwt-verify": [] };
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const name of Object.keys(times)) {
      times[name].push(await firstAnswer(config("@PORT@", `first-${name}.bundle.mjs`, flags, bindings,
        name === "edgejwt" ? "all" : "none"), token, name));
    }
  }
  const base = median(times.none);
  const label = flags ? "with nodejs_compat (node:crypto)" : "without nodejs_compat (WebCrypto)";
  console.log(`\nworkerd cold start ${label}, process start to the first verified token, median of ${COLD_RUNS} interleaved runs:`);
  console.log(`| worker | ms | over the runtime's own start |`);
  console.log(`|---|---:|---:|`);
  for (const [name, runs] of Object.entries(times)) {
    const shown = { none: "no library (runtime start)", host: `${flags ? "node:crypto" : "WebCrypto"} alone (key import + signature check)` }[name] || name;
    console.log(`| ${shown} | ${median(runs).toFixed(1)} | ${(median(runs) - base).toFixed(1)} |`);
  }
}

/**
 * `--stages`: where edgejwt's cold start goes (WebCrypto path), from workers that stop
 * earlier: nothing listed, the .wasm listed but unused, the package listed but unused,
 * imported, then the first create(), cacheJwks() and verify(). `--eager` asks V8 to
 * compile every function at startup instead of on first call (a V8 flag, for this
 * measurement only: workers cannot set it).
 */
async function stages(key) {
  fs.writeFileSync(path.join(work, "jwks.json"), JSON.stringify(h.jwks(key)));
  const head = `import { CognitoJwtVerifier } from "edgejwt";\nimport jwks from ${JSON.stringify(path.join(work, "jwks.json"))};\n`;
  const create = "const v = CognitoJwtVerifier.create({ userPoolId: env.POOL, tokenUse: \"access\", clientId: env.CLIENT });";
  const idle = 'export default { fetch: () => Response.json({ sub: "none" }) };';
  const workers = {
    "nothing listed": ["none", idle],
    "the .wasm listed, unused": ["wasm", idle],
    "the package listed, unused": ["all", idle],
    "imported": ["all", head + "export default { fetch: () => Response.json({ sub: typeof CognitoJwtVerifier }) };"],
    "+ first create()": ["all", head + `export default { fetch(r, env) { ${create} return Response.json({ sub: typeof v }); } };`],
    "+ first cacheJwks()": ["all", head + `export default { fetch(r, env) { ${create} v.cacheJwks(jwks); return Response.json({ sub: typeof v }); } };`],
    "+ first verify()": ["all", head + `export default { async fetch(r, env) { ${create} v.cacheJwks(jwks); const p = await v.verify(r.headers.get("authorization").slice(7)); return Response.json({ sub: p.sub }); } };`],
  };
  Object.values(workers).forEach(([, source], i) => {
    fs.writeFileSync(path.join(work, `stage-${i}.mjs`), source);
    bundle(path.join(work, `stage-${i}.mjs`), path.join(work, `stage-${i}.bundle.mjs`));
  });
  const v8Flags = process.argv.includes("--eager") ? ["--no-wasm-lazy-compilation"] : [];
  const bindings = `(name = "POOL", text = "${h.POOL}"), (name = "CLIENT", text = "${h.CLIENT}")`;
  const token = h.sign(key, h.accessClaims());
  const times = Object.values(workers).map(() => []);
  for (let run = 0; run < COLD_RUNS; run++) {
    for (const [i, [listed]] of Object.values(workers).entries()) {
      times[i].push(await firstAnswer(config("@PORT@", `stage-${i}.bundle.mjs`, false, bindings, listed, v8Flags),
        token, `stage ${i}`));
    }
  }
  const base = median(times[0]);
  console.log(`\nworkerd cold start by stage (WebCrypto${v8Flags.length ? ", V8 " + v8Flags.join(" ") : ""}), median of ${COLD_RUNS} interleaved runs:`);
  console.log("| worker | ms | over nothing listed | over the stage before |");
  console.log("|---|---:|---:|---:|");
  Object.keys(workers).forEach((name, i) => {
    const before = i ? median(times[i - 1]) : base;
    console.log(`| ${name} | ${median(times[i]).toFixed(1)} | ${(median(times[i]) - base).toFixed(1)} | ${(median(times[i]) - before).toFixed(1)} |`);
  });
}

(async () => {
  const key = h.makeKey("k1");
  if (process.argv.includes("--stages")) return stages(key);
  report("without nodejs_compat (WebCrypto)", await throughput(key, false));
  report("with nodejs_compat (node:crypto)", await throughput(key, true));
  await coldStarts(key, true);
  await coldStarts(key, false);
})().catch((error) => { console.error(error); process.exit(1); });
