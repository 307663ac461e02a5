// The workerd benchmark's worker: POST {tokens, jwks, pool, client, rounds, passes} and it times,
// in rounds that interleave the contenders (the order rotates each round), one
// verification per token of: the host's bare signature check (node:crypto with
// nodejs_compat, else WebCrypto: what edgejwt's verify() uses here), edgejwt's
// verify() and verifySync(), and aws-jwt-verify's verify(). Answers every round's
// microseconds per token; run.cjs turns them into medians and ratios.
import { CognitoJwtVerifier as EdgeVerifier } from "edgejwt";
import { CognitoJwtVerifier as AwsVerifier } from "aws-jwt-verify";

const encoder = new TextEncoder();

function b64urlBytes(text) {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "===".slice((b64.length + 3) % 4)), (c) => c.charCodeAt(0));
}

async function hostFloor(jwk, tokens) {
  const parts = tokens.map((t) => {
    const dot = t.lastIndexOf(".");
    return { input: encoder.encode(t.slice(0, dot)), sig: b64urlBytes(t.slice(dot + 1)) };
  });
  const nodeCrypto = await import("node:crypto").catch(() => null);
  if (nodeCrypto && typeof nodeCrypto.verify === "function") {
    const key = nodeCrypto.createPublicKey({ key: jwk, format: "jwk" });
    return {
      name: "node:crypto verify (signature only)",
      sync: true,
      run: (i) => nodeCrypto.verify("sha256", parts[i].input, key, parts[i].sig),
    };
  }
  const key = await crypto.subtle.importKey(
    "jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  return {
    name: "WebCrypto verify (signature only, await)",
    sync: false,
    run: (i) => crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, parts[i].sig, parts[i].input),
  };
}

// The clock here ticks in whole milliseconds: a round goes over the batch `passes` times
// so that one tick is a small fraction of it.
async function timeRound(contender, count, passes = 1) {
  const start = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    if (contender.sync) {
      for (let i = 0; i < count; i++) if (!contender.run(i)) throw new Error(`${contender.name} refused`);
    } else {
      for (let i = 0; i < count; i++) if (!(await contender.run(i))) throw new Error(`${contender.name} refused`);
    }
  }
  return ((performance.now() - start) * 1000) / (count * passes);
}

/** Without nodejs_compat the host has no synchronous crypto: the default package then
 * refuses verifySync() (NotSupportedError), and it is left out of the table. */
function syncSupported(verifier, token) {
  try {
    return Boolean(verifier.verifySync(token));
  } catch (error) {
    if (error.code === "not_supported") return false;
    throw error;
  }
}

export default {
  async fetch(request) {
    const { tokens, jwks, pool, client, rounds, passes } = await request.json();
    const options = { userPoolId: pool, tokenUse: "access", clientId: client };
    const edge = EdgeVerifier.create(options);
    const aws = AwsVerifier.create(options);
    edge.cacheJwks(jwks);
    aws.cacheJwks(jwks);
    const contenders = [
      await hostFloor(jwks.keys[0], tokens),
      { name: "edgejwt await verify()", sync: false, run: (i) => edge.verify(tokens[i]) },
      { name: "edgejwt verifySync()", sync: true, run: (i) => edge.verifySync(tokens[i]) },
      { name: "aws-jwt-verify 5.2.1 await verify()", sync: false, run: (i) => aws.verify(tokens[i]) },
    ].filter((c) => c.name !== "edgejwt verifySync()" || syncSupported(edge, tokens[0]));
    // One warm-up round each (JIT, key import), not reported.
    for (const c of contenders) await timeRound(c, Math.min(64, tokens.length));
    const results = Object.fromEntries(contenders.map((c) => [c.name, []]));
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(round + k) % contenders.length];
        results[c.name].push(await timeRound(c, tokens.length, passes));
      }
    }
    return Response.json({ floor: contenders[0].name, results });
  },
};
