// For the browser/Deno entry under Node: Node's fetch() refuses file: URLs, which that
// entry uses to load the .wasm beside it (as browsers and Deno fetch it); this preload
// answers them from disk, and nothing else changes.
"use strict";
const fs = require("node:fs");
const { fileURLToPath } = require("node:url");
const nodeFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if (url.protocol !== "file:") return nodeFetch(input, init);
  return new Response(fs.readFileSync(fileURLToPath(url)), { headers: { "content-type": "application/wasm" } });
};
