// Checks each built wasm module (and the web glue beside it) against size-budget.json
// (gzip level 9 and raw bytes): run after build.sh; exits 1 when a build grew past its
// budget. pkg/web is the default web package (host crypto only): its wasm plus its JS
// glue is what issue 15's 40 KiB target is about.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const budget = JSON.parse(fs.readFileSync(path.join(__dirname, "size-budget.json"), "utf8"));
const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
let over = false;
for (const [dir, limits] of Object.entries(budget.builds)) {
  const folder = path.join(__dirname, "pkg", dir);
  const wasm = fs.readFileSync(path.join(folder, "edgejwt_wasm_bg.wasm"));
  const glue = ["edgejwt_wasm.js", "index.js", "errors.js"]
    .filter((f) => fs.existsSync(path.join(folder, f)))
    .reduce((sum, f) => sum + gz(fs.readFileSync(path.join(folder, f))), 0);
  const gzip = gz(wasm);
  console.log(`pkg/${dir}: wasm ${wasm.length} B raw (budget ${limits.raw}), ${gzip} B gzip -9 ` +
    `(budget ${limits.gzip}); JS glue ${glue} B gzip -9; wasm + glue ${gzip + glue} B gzip -9`);
  if (wasm.length > limits.raw || gzip > limits.gzip) {
    console.error(`pkg/${dir} is over its size budget (wasm-adapter/size-budget.json)`);
    over = true;
  }
}
process.exit(over ? 1 : 0);
