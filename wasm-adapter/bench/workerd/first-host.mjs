// The cold-start floor of the host path: the worker loads the host's crypto (node:crypto
// where process.getBuiltinModule finds it, as edgejwt does; else WebCrypto), imports the
// JWK and checks the token's signature, nothing else: what edgejwt's first verification
// costs at least, beside edgejwt and aws-jwt-verify in run.cjs's cold-start table.
import jwks from "./jwks.json";

function b64urlBytes(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
}

export default {
  async fetch(request) {
    const token = request.headers.get("authorization").slice(7);
    const dot = token.lastIndexOf(".");
    const data = new TextEncoder().encode(token.slice(0, dot));
    const signature = b64urlBytes(token.slice(dot + 1));
    const nodeCrypto = globalThis.process?.getBuiltinModule?.("node:crypto");
    let valid;
    if (nodeCrypto) {
      const key = nodeCrypto.createPublicKey({ key: jwks.keys[0], format: "jwk" });
      valid = nodeCrypto.verify("sha256", data, key, signature);
    } else {
      const algorithm = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
      const key = await crypto.subtle.importKey("jwk", jwks.keys[0], algorithm, false, ["verify"]);
      valid = await crypto.subtle.verify(algorithm, key, signature, data);
    }
    return Response.json({ sub: valid ? "host" : "" });
  },
};
