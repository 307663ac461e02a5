// A Cloudflare-style module worker protecting every route with a Cognito access token.
// Bundle it with the files of wasm-adapter/pkg/web (see README.md beside this file).
import { initSync, CognitoJwtVerifier } from "./edgejwt_wasm.js";
import wasmModule from "./edgejwt_wasm_bg.wasm";
import { handle } from "./handler.mjs";

initSync({ module: wasmModule });

export default {
  fetch: (request, env) => handle(request, env, CognitoJwtVerifier),
};
