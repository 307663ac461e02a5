// The package in browsers, Deno and web workers: fetches and compiles the .wasm beside
// this file (top-level await), so the verifiers are ready when the import resolves.
import init from "./index.js";

await init({ module_or_path: new URL("./edgejwt_wasm_bg.wasm", import.meta.url) });

export * from "./index.js";
