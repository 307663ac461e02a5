// The package in Workers (workerd; wrangler picks this file by the "workerd" condition):
// the runtime compiles the imported .wasm when the worker is deployed, so the verifiers
// are ready synchronously, with no initialisation call in the worker.
import wasmModule from "./edgejwt_wasm_bg.wasm";
import { initSync } from "./index.js";

initSync({ module: wasmModule });

export * from "./index.js";
