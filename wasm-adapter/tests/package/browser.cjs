// algorithms.mjs in a real browser (Debian's Chromium, driven by playwright-core): the
// installed package's default web entry and `edgejwt/pure`, loaded by a page from a
// loopback HTTP server with an import map, as a page without a bundler would; WebCrypto
// checks signatures, and verifySync() has no synchronous crypto in the default entry.
// Run in the test project after algorithms-fixture.cjs. Exits 1 when the page reports a
// wrong answer or never finishes.
"use strict";
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { chromium } = require("playwright-core");

const root = process.cwd();
const types = { ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json", ".wasm": "application/wasm", ".html": "text/html" };
const page = `<!doctype html><script type="importmap">{ "imports": {
  "edgejwt": "/node_modules/edgejwt/web/auto.js", "edgejwt/pure": "/node_modules/edgejwt/web-pure/auto.js" } }</script>
<script type="module" src="/algorithms.mjs"></script>`;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/") {
    res.writeHead(200, { "content-type": "text/html" }).end(page);
    return;
  }
  const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
  if (!file.startsWith(root + path.sep) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  fs.createReadStream(file).pipe(res);
});

(async () => {
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });
  let failed = false;
  try {
    for (const entry of ["edgejwt", "edgejwt/pure"]) {
      const tab = await browser.newPage();
      const done = new Promise((resolve) => {
        tab.on("console", (message) => { if (message.text().startsWith("algorithms.mjs")) { console.log(message.text()); resolve(true); } });
        tab.on("pageerror", (error) => { console.error(error.message); resolve(false); });
      });
      // The default web entry has no synchronous crypto in a browser; edgejwt/pure does.
      const sync = entry === "edgejwt" ? "&EDGEJWT_SYNC=unsupported" : "";
      await tab.goto(`${base}?EDGEJWT_ENTRY=${encodeURIComponent(entry)}${sync}`);
      const timeout = new Promise((resolve) => setTimeout(() => resolve(false), 60_000));
      if (!(await Promise.race([done, timeout]))) failed = true;
      await tab.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((error) => { console.error(error); process.exit(1); });
