// Every JOSE algorithm through the installed package, in whichever runtime runs this file
// (Node, Deno, Bun, or a browser page: browser.cjs): cases.json (algorithms-fixture.cjs)
// holds a valid token per algorithm and the tokens each must refuse; verify() and
// verifySync() must give each its verdict. Settings come from the environment (a page's
// query string): EDGEJWT_ENTRY picks the entry ("edgejwt" or "edgejwt/pure");
// EDGEJWT_NO_NODE_CRYPTO hides node:crypto first, so the WebCrypto and pure-wasm paths
// answer; EDGEJWT_SYNC=unsupported says verifySync() has no synchronous crypto (a host-only
// build without node:crypto): it must refuse every token, valid ones with
// NotSupportedError. Exits 1 (a page: throws) on any other answer.
const inPage = typeof window !== "undefined";
const env = (name) => (globalThis.Deno ? Deno.env.get(name)
  : inPage ? new URLSearchParams(location.search).get(name) ?? undefined : process.env[name]);
if (env("EDGEJWT_NO_NODE_CRYPTO") && globalThis.process) delete globalThis.process.getBuiltinModule;
const entry = env("EDGEJWT_ENTRY") || "edgejwt";
const edgejwt = await import(entry);
const text = globalThis.Deno ? await Deno.readTextFile("cases.json")
  : inPage ? await (await fetch("cases.json")).text()
  : await (await import("node:fs/promises")).readFile("cases.json", "utf8");
const { POOL, jwks, cases } = JSON.parse(text);

const verifier = edgejwt.JwtVerifier.create({
  issuer: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`,
  audience: null,
  algorithms: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"],
});
verifier.cacheJwks(jwks);
const syncUnsupported = env("EDGEJWT_SYNC") === "unsupported";
const wrong = [];
for (const c of cases) {
  for (const mode of ["verify", "verifySync"]) {
    let answer;
    try {
      const payload = mode === "verify" ? await verifier.verify(c.token) : verifier.verifySync(c.token);
      answer = payload.sub === "user-1" ? "accepted" : "accepted without its payload";
    } catch (err) {
      answer = err.code === "not_supported" ? "not_supported" : "refused";
    }
    // Without a synchronous check a valid token must be not_supported; one the core
    // refuses before the signature step (a DER-length signature, alg none) may say so.
    const expected = mode === "verifySync" && syncUnsupported
      ? (c.ok ? ["not_supported"] : ["not_supported", "refused"])
      : [c.ok ? "accepted" : "refused"];
    if (!expected.includes(answer)) wrong.push(`${mode} ${c.name}: ${answer}, expected ${expected.join(" or ")}`);
  }
}
const runtime = globalThis.Deno ? "Deno" : globalThis.Bun ? "Bun" : inPage ? navigator.userAgent.match(/(Chrome|Firefox|Safari)\/[\d.]+/)?.[0] ?? "a browser" : "Node";
const hidden = env("EDGEJWT_NO_NODE_CRYPTO") ? ", node:crypto hidden" : "";
if (wrong.length) {
  const report = `algorithms.mjs (${runtime}, ${entry}${hidden}): ${wrong.length} wrong answers\n  ${wrong.join("\n  ")}`;
  if (inPage) throw new Error(report);
  console.error(report);
  globalThis.Deno ? Deno.exit(1) : process.exit(1);
}
console.log(`algorithms.mjs: ok (${runtime}, ${entry}${hidden}: ${cases.length} tokens, verify and verifySync)`);
