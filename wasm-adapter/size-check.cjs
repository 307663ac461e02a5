// Checks the built wasm module against size-budget.json (gzip level 9 and raw bytes):
// run after build.sh; exits 1 when the package grew past its budget.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const budget = JSON.parse(fs.readFileSync(path.join(__dirname, "size-budget.json"), "utf8"));
const wasm = fs.readFileSync(path.join(__dirname, "pkg/web/edgejwt_wasm_bg.wasm"));
const gzip = zlib.gzipSync(wasm, { level: 9 }).length;
console.log(`edgejwt_wasm_bg.wasm: ${wasm.length} bytes raw (budget ${budget.raw}), ${gzip} gzip -9 (budget ${budget.gzip})`);
if (wasm.length > budget.raw || gzip > budget.gzip) {
  console.error("the wasm package is over its size budget (wasm-adapter/size-budget.json)");
  process.exit(1);
}
