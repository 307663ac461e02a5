// The edge worker example, run in the real workerd runtime (npm package "workerd") and,
// for a second opinion, its handler in Node: 200 for a valid token, 401 with the code.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const net = require("node:net");
const path = require("node:path");
const { spawn } = require("node:child_process");
const h = require("./helpers.cjs");

const here = path.join(__dirname, "..");
const exampleDir = path.join(here, "examples/worker");
// EDGEJWT_WEB_DIR: the web/ folder of an installed package (the packaging test).
const pkgWeb = process.env.EDGEJWT_WEB_DIR || path.join(here, "pkg/web");
const workerd = path.join(here, "node_modules/.bin/workerd");
const keyA = h.makeKey("k1");
const keyB = h.makeKey("k2");

/** The files of the package's web/ folder the workerd configuration embeds. */
function copyPackage(from, to) {
  fs.mkdirSync(to);
  for (const f of ["workerd.js", "index.js", "errors.js", "edgejwt_wasm.js", "edgejwt_wasm_bg.wasm"]) {
    fs.copyFileSync(path.join(from, f), path.join(to, f));
  }
}

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

async function waitForPort(port, child) {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => { socket.end(); resolve(true); });
      socket.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("workerd did not start listening");
}

async function expectations(get, server) {
  let res = await get(`Bearer ${h.sign(keyA, h.accessClaims())}`);
  const first = await res.json();
  assert.equal(res.status, 200, JSON.stringify(first));
  assert.equal(first.username, "alice");
  res = await get(`Bearer ${h.sign({ ...keyB, kid: "k1" }, h.accessClaims())}`);
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error, "bad_signature");
  res = await get(`Bearer ${h.sign(keyA, h.accessClaims({ exp: h.now() - 1 }))}`);
  assert.equal((await res.json()).error, "expired");
  res = await get(null);
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error, "missing_bearer_token");
  assert.equal(server.hits, 1, "the worker fetched the JWKS once and cached it");
}

// Without nodejs_compat the signature step is WebCrypto's; with it (the default for new
// workers since 2026-08-04) node:crypto's, whose verify takes only a bare KeyObject.
for (const [label, date, flags] of [
  ["WebCrypto", "2024-09-23", ""],
  ["nodejs_compat", "2026-08-04", '"nodejs_compat"'],
]) test(`the worker runs in real workerd (${label}): 200 for a valid token, 401 with the code`, async (t) => {
  assert.ok(fs.existsSync(workerd), "workerd is installed by `npm install` in wasm-adapter");
  const server = await h.startServer({ body: h.jwks(keyA) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "edgejwt-worker-"));
  for (const f of ["worker.mjs", "handler.mjs"]) fs.copyFileSync(path.join(exampleDir, f), path.join(dir, f));
  copyPackage(pkgWeb, path.join(dir, "edgejwt"));
  const port = await freePort();
  const config = fs.readFileSync(path.join(exampleDir, "config.capnp.template"), "utf8")
    .replaceAll("@PORT@", String(port)).replaceAll("@POOL@", h.POOL)
    .replaceAll("@CLIENT@", h.CLIENT).replaceAll("@JWKS_URI@", server.url)
    .replaceAll("@DATE@", date).replaceAll("@FLAGS@", flags);
  fs.writeFileSync(path.join(dir, "config.capnp"), config);
  const child = spawn(workerd, ["serve", path.join(dir, "config.capnp")], { stdio: ["ignore", "inherit", "inherit"] });
  t.after(async () => {
    child.kill("SIGKILL");
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  await waitForPort(port, child);
  const get = (auth) => fetch(`http://127.0.0.1:${port}/orders`, { headers: auth ? { authorization: auth } : {} });
  await expectations(get, server);
});

test("the worker's handler gives the same answers in Node", async () => {
  const server = await h.startServer({ body: h.jwks(keyA) });
  const web = await import(path.join(pkgWeb, "edgejwt_wasm.js"));
  web.initSync({ module: fs.readFileSync(path.join(pkgWeb, "edgejwt_wasm_bg.wasm")) });
  const { handle } = await import(path.join(exampleDir, "handler.mjs"));
  const env = { USER_POOL_ID: h.POOL, CLIENT_ID: h.CLIENT, JWKS_URI: server.url, ALLOW_HTTP_LOOPBACK: "true" };
  const get = (auth) => handle(new Request("http://worker/orders", { headers: auth ? { authorization: auth } : {} }), env, web.CognitoJwtVerifier);
  await expectations(get, server);
  await server.close();
});
